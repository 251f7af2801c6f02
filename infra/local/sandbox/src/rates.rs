//! Exchange rates: one fixed table of euro reference rates, served as the ECB's daily document
//! (`eurofxref-daily.xml`) and used for every conversion the sandbox makes (Discogs statistics in
//! the caller's currency, eBay price filters), so the sandbox never disagrees with itself.

use std::fmt;
use std::sync::OnceLock;

/// Units of each currency per euro, the ECB's 30 daily reference currencies in its order, written
/// as the ECB writes them. Fixed, realistic values: tests compare amounts converted with them.
pub const EURO_RATES: [(&str, &str); 30] = [
    ("USD", "1.0870"),
    ("JPY", "163.05"),
    ("BGN", "1.9558"),
    ("CZK", "25.120"),
    ("DKK", "7.4600"),
    ("GBP", "0.85870"),
    ("HUF", "395.20"),
    ("PLN", "4.3215"),
    ("RON", "4.9760"),
    ("SEK", "11.4550"),
    ("CHF", "0.9620"),
    ("ISK", "150.30"),
    ("NOK", "11.6120"),
    ("TRY", "35.120"),
    ("AUD", "1.6520"),
    ("BRL", "5.8640"),
    ("CAD", "1.4785"),
    ("CNY", "7.8450"),
    ("HKD", "8.4830"),
    ("IDR", "17420.50"),
    ("ILS", "4.0580"),
    ("INR", "90.7150"),
    ("KRW", "1478.35"),
    ("MXN", "19.8420"),
    ("MYR", "4.8920"),
    ("NZD", "1.8150"),
    ("PHP", "62.710"),
    ("SGD", "1.4620"),
    ("THB", "38.450"),
    ("ZAR", "20.1850"),
];

/// An ISO 4217 code the rate table knows (the euro or one of [`EURO_RATES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const GBP: Currency = Currency(*b"GBP");
    pub const JPY: Currency = Currency(*b"JPY");
    pub const CAD: Currency = Currency(*b"CAD");
    pub const AUD: Currency = Currency(*b"AUD");
    pub const CHF: Currency = Currency(*b"CHF");
    pub const SEK: Currency = Currency(*b"SEK");

    /// `None` for a code without a reference rate.
    pub fn parse(code: &str) -> Option<Currency> {
        let code = code.trim().to_ascii_uppercase();
        let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
        let known = code == "EUR" || EURO_RATES.iter().any(|(c, _)| *c == code);
        known.then_some(Currency(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Only built from ASCII codes.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Decimal places of the minor unit (the ones this table holds: yen, króna and won have none).
    pub fn decimals(self) -> u32 {
        match &self.0 {
            b"JPY" | b"ISK" | b"KRW" => 0,
            _ => 2,
        }
    }

    /// Units per euro.
    fn per_euro(self) -> f64 {
        static PARSED: OnceLock<Vec<([u8; 3], f64)>> = OnceLock::new();
        let parsed = PARSED.get_or_init(|| {
            EURO_RATES
                .iter()
                .filter_map(|(code, rate)| Some((code.as_bytes().try_into().ok()?, rate.parse().ok()?)))
                .collect()
        });
        parsed.iter().find(|(code, _)| *code == self.0).map_or(1.0, |(_, rate)| *rate)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An amount in integer minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    pub minor: i64,
    pub currency: Currency,
}

impl Price {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    fn scale(currency: Currency) -> f64 {
        10f64.powi(currency.decimals() as i32)
    }

    /// From a decimal amount as the APIs write it (`21.57`, `4154`), rounded to the minor unit.
    pub fn from_decimal(value: f64, currency: Currency) -> Self {
        Self::new((value * Self::scale(currency)).round() as i64, currency)
    }

    pub fn as_f64(self) -> f64 {
        self.minor as f64 / Self::scale(self.currency)
    }

    /// `21.57`, `4154`: the text eBay sends.
    pub fn decimal_text(self) -> String {
        match self.currency.decimals() {
            0 => self.minor.to_string(),
            d => format!("{:.*}", d as usize, self.as_f64()),
        }
    }

    /// The amount in another currency through the euro rates, rounded to its minor unit.
    pub fn convert(self, to: Currency) -> Price {
        if to == self.currency {
            return self;
        }
        let euros = self.as_f64() / self.currency.per_euro();
        Price::from_decimal(euros * to.per_euro(), to)
    }
}

/// The ECB's daily reference rates document, dated `date` (`YYYY-MM-DD`).
pub fn ecb_daily_xml(date: &str) -> String {
    let mut xml = String::with_capacity(2048);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n");
    xml.push_str("\t<gesmes:subject>Reference rates</gesmes:subject>\n");
    xml.push_str("\t<gesmes:Sender>\n\t\t<gesmes:name>European Central Bank</gesmes:name>\n\t</gesmes:Sender>\n");
    xml.push_str("\t<Cube>\n");
    xml.push_str(&format!("\t\t<Cube time='{date}'>\n"));
    for (code, rate) in EURO_RATES {
        xml.push_str(&format!("\t\t\t<Cube currency='{code}' rate='{rate}'/>\n"));
    }
    xml.push_str("\t\t</Cube>\n\t</Cube>\n</gesmes:Envelope>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_go_through_the_euro() {
        let gbp = Price::from_decimal(17.04, Currency::GBP);
        assert_eq!(gbp.minor, 1704);
        assert_eq!(gbp.convert(Currency::USD), Price::new(2157, Currency::USD));
        let yen = Price::from_decimal(4154.0, Currency::JPY);
        assert_eq!(yen.decimal_text(), "4154");
        assert_eq!(yen.convert(Currency::EUR).decimal_text(), "25.48");
        assert_eq!(Price::new(1952, Currency::USD).convert(Currency::USD).minor, 1952);
        assert_eq!(Currency::parse("cad"), Some(Currency::CAD));
        assert_eq!(Currency::parse("EUR").map(Currency::decimals), Some(2));
        assert_eq!(Currency::parse("XYZ"), None);
        assert_eq!(Currency::parse("EURO"), None);
    }

    #[test]
    fn the_document_lists_every_rate_once() {
        let xml = ecb_daily_xml("2026-01-02");
        assert!(xml.contains("<Cube time='2026-01-02'>"));
        assert_eq!(xml.matches("<Cube currency=").count(), 30);
        assert!(xml.contains("<Cube currency='USD' rate='1.0870'/>"));
    }
}
