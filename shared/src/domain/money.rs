//! Money as integer minor units plus an ISO 4217 currency code.
//!
//! Nothing in the engine stores or compares money as a float: amounts are parsed from decimal
//! strings digit by digit, summed as integers and compared exactly (ratios are compared by
//! cross-multiplying in `i128`). [`Money::to_f64`] exists only for JSON output at the API boundary.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Errors from building currencies or money amounts out of input text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("invalid currency code {0:?} (expected three ASCII letters)")]
    InvalidCurrency(String),
    #[error("invalid amount {0:?}")]
    InvalidAmount(String),
    #[error("amount {0:?} is out of range")]
    Overflow(String),
    #[error("currency mismatch: {0} vs {1}")]
    CurrencyMismatch(Currency, Currency),
}

/// An ISO 4217 alphabetic code, stored upper-case. Always three ASCII letters (checked on
/// construction), so [`Currency::as_str`] never fails.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
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

    /// Parses a code such as `usd` or `EUR` (surrounding whitespace ignored).
    pub fn new(code: &str) -> Result<Self, MoneyError> {
        let bytes = code.trim().as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => {
                Ok(Currency([a.to_ascii_uppercase(), b.to_ascii_uppercase(), c.to_ascii_uppercase()]))
            }
            _ => Err(MoneyError::InvalidCurrency(code.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        // Construction guarantees ASCII letters; the fallback is unreachable but avoids a panic path.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Number of minor-unit digits (ISO 4217 exponent). Most currencies use 2; the common
    /// zero-decimal ones (JPY, KRW, …) use 0 so that `minor` is whole yen, and a few Gulf dinars use 3.
    pub fn minor_digits(self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"ISK" | b"CLP" | b"VND" | b"PYG" | b"UGX" | b"XAF" | b"XOF" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"TND" | b"IQD" | b"LYD" => 3,
            _ => 2,
        }
    }

    /// The symbol used in recommendation texts (`Save $84.00 …`); `None` means "use the code".
    pub fn symbol(self) -> Option<&'static str> {
        match &self.0 {
            b"USD" => Some("$"),
            b"EUR" => Some("€"),
            b"GBP" => Some("£"),
            b"JPY" => Some("¥"),
            _ => None,
        }
    }

    fn scale(self) -> i64 {
        10i64.pow(self.minor_digits())
    }
}

impl Default for Currency {
    /// Upstream defaults every amount to USD (docs/behaviour.md#money-and-currencies).
    fn default() -> Self {
        Currency::USD
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::new(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> Self {
        c.as_str().to_string()
    }
}

impl std::str::FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::new(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

/// Largest price or shipping charge of a listing that is believed, in major units of its currency.
pub const MAX_LISTING_MAJOR: i64 = 1_000_000;

/// An amount in integer minor units (cents for USD, whole yen for JPY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub const fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    /// US dollars in cents, the unit of the shipping table (docs/behaviour.md#shipping-estimates).
    pub const fn usd_cents(cents: i64) -> Self {
        Money { minor: cents, currency: Currency::USD }
    }

    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// Parses a decimal amount such as `15.99`, `1,234.5`, `-3` or `.50` without going through
    /// a float. Commas are accepted as thousands separators in the integer part (the Discogs
    /// page prints them). More fraction digits than the currency has are rounded half away from
    /// zero (`0.125 USD` → 13 cents), so API values like `1500.0 JPY` parse too.
    pub fn parse(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let invalid = || MoneyError::InvalidAmount(text.to_string());
        let overflow = || MoneyError::Overflow(text.to_string());
        let s = text.trim();
        let (negative, s) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        let int_digits = int_part.bytes().filter(|b| *b != b',');
        if int_part.starts_with(',')
            || !int_part.bytes().all(|b| b.is_ascii_digit() || b == b',')
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
            || (int_part.bytes().all(|b| b == b',') && frac_part.is_empty())
        {
            return Err(invalid());
        }
        let digits = currency.minor_digits() as usize;
        let mut minor: i64 = 0;
        for b in int_digits {
            minor = minor.checked_mul(10).and_then(|m| m.checked_add(i64::from(b - b'0'))).ok_or_else(overflow)?;
        }
        let frac = frac_part.as_bytes();
        for i in 0..digits {
            let d = frac.get(i).map_or(0, |b| i64::from(b - b'0'));
            minor = minor.checked_mul(10).and_then(|m| m.checked_add(d)).ok_or_else(overflow)?;
        }
        // Half away from zero on the first dropped digit.
        if frac.get(digits).is_some_and(|b| *b >= b'5') {
            minor = minor.checked_add(1).ok_or_else(overflow)?;
        }
        Ok(Money { minor: if negative { -minor } else { minor }, currency })
    }

    /// Parses a JSON number (e.g. `15.99` in a stored `item_data`) through its decimal text, so
    /// no binary float rounding enters the amount.
    pub fn from_json_number(n: &serde_json::Number, currency: Currency) -> Result<Money, MoneyError> {
        Money::parse(&n.to_string(), currency)
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        self.minor
            .checked_add(other.minor)
            .map(|minor| Money { minor, currency: self.currency })
            .ok_or_else(|| MoneyError::Overflow(format!("{self} + {other}")))
    }

    /// The amount with exactly the currency's number of decimals: `15.99`, `-0.05`, `1500` (JPY).
    pub fn format_amount(&self) -> String {
        let digits = self.currency.minor_digits() as usize;
        let scale = self.currency.scale().unsigned_abs();
        let abs = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        if digits == 0 { format!("{sign}{abs}") } else { format!("{sign}{}.{:0digits$}", abs / scale, abs % scale) }
    }

    /// `$84.00`, `€12.50`, `CHF 3.00` — the form used inside recommendation texts.
    pub fn format_with_symbol(&self) -> String {
        match self.currency.symbol() {
            Some(sym) if self.minor < 0 => format!("-{sym}{}", Money::new(-self.minor, self.currency).format_amount()),
            Some(sym) => format!("{sym}{}", self.format_amount()),
            None => format!("{} {}", self.currency, self.format_amount()),
        }
    }

    /// Whether a marketplace could mean it as a price or shipping charge: not negative and at most
    /// [`MAX_LISTING_MAJOR`] major units. Anything else is a marketplace's error (or a joke
    /// listing) that would only distort totals and comparisons, and could overflow sums.
    pub fn is_plausible_charge(&self) -> bool {
        self.minor >= 0 && self.minor <= MAX_LISTING_MAJOR.saturating_mul(self.currency.scale())
    }

    /// Major units as a float, **only** for JSON output (the original API shows prices as floats).
    pub fn to_f64(&self) -> f64 {
        self.minor as f64 / self.currency.scale() as f64
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.format_amount(), self.currency)
    }
}

/// `num / den` rounded half away from zero, for means of minor units. `den` must be non-zero;
/// callers only pass counts ≥ 1 (a zero denominator yields 0 rather than panicking).
pub(crate) fn div_round_half_away(num: i128, den: i128) -> i128 {
    if den == 0 {
        return 0;
    }
    let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
    let q = num / den;
    let r = num % den;
    if 2 * r.abs() >= den { q + num.signum() } else { q }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(s: &str) -> i64 {
        Money::parse(s, Currency::USD).unwrap().minor
    }

    #[test]
    fn parses_decimal_strings_without_floats() {
        assert_eq!(usd("15.99"), 1599);
        assert_eq!(usd("15.9"), 1590);
        assert_eq!(usd("15"), 1500);
        assert_eq!(usd(".5"), 50);
        assert_eq!(usd("1,234.56"), 123_456);
        assert_eq!(usd(" -3.10 "), -310);
        assert_eq!(usd("0.125"), 13);
        assert_eq!(usd("0.124"), 12);
        assert_eq!(usd("20.99"), 2099);
        for bad in ["", ".", "abc", "1.2.3", "1e5", "$5", ",5", "--1"] {
            assert!(Money::parse(bad, Currency::USD).is_err(), "{bad}");
        }
        assert!(matches!(Money::parse("99999999999999999999", Currency::USD), Err(MoneyError::Overflow(_))));
    }

    #[test]
    fn zero_decimal_currencies_use_whole_units() {
        let yen = Money::parse("1500", Currency::JPY).unwrap();
        assert_eq!(yen.minor, 1500);
        assert_eq!(yen.format_amount(), "1500");
        assert_eq!(Money::parse("1500.0", Currency::JPY).unwrap().minor, 1500);
        assert_eq!(yen.to_f64(), 1500.0);
        assert_eq!(Money::parse("1.234", Currency::new("kwd").unwrap()).unwrap().minor, 1234);
    }

    #[test]
    fn formats_with_two_decimals() {
        assert_eq!(Money::usd_cents(8400).format_amount(), "84.00");
        assert_eq!(Money::usd_cents(5).format_amount(), "0.05");
        assert_eq!(Money::usd_cents(-5).format_amount(), "-0.05");
        assert_eq!(Money::usd_cents(8400).format_with_symbol(), "$84.00");
        assert_eq!(Money::new(300, Currency::CHF).format_with_symbol(), "CHF 3.00");
        assert_eq!(Money::usd_cents(1599).to_string(), "15.99 USD");
        assert_eq!(Money::usd_cents(1599).to_f64(), 15.99);
    }

    #[test]
    fn json_numbers_parse_through_text() {
        let n: serde_json::Number = serde_json::from_str("15.99").unwrap();
        assert_eq!(Money::from_json_number(&n, Currency::USD).unwrap().minor, 1599);
    }

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::new("eur").unwrap(), Currency::EUR);
        assert!(Currency::new("EURO").is_err());
        assert!(Currency::new("E1R").is_err());
        let json = serde_json::to_string(&Money::usd_cents(100)).unwrap();
        assert_eq!(json, r#"{"minor":100,"currency":"USD"}"#);
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Money::usd_cents(100));
        assert!(serde_json::from_str::<Currency>("\"US\"").is_err());
    }

    #[test]
    fn addition_checks_currency() {
        let a = Money::usd_cents(100);
        assert_eq!(a.checked_add(a).unwrap().minor, 200);
        assert!(a.checked_add(Money::new(1, Currency::EUR)).is_err());
    }

    #[test]
    fn plausible_charges_are_zero_to_a_million_major_units() {
        assert!(Money::usd_cents(0).is_plausible_charge());
        assert!(Money::usd_cents(100_000_000).is_plausible_charge());
        assert!(!Money::usd_cents(100_000_001).is_plausible_charge());
        assert!(!Money::usd_cents(-1).is_plausible_charge());
        assert!(Money::new(1_000_000, Currency::JPY).is_plausible_charge());
        assert!(!Money::new(1_000_001, Currency::JPY).is_plausible_charge());
        assert!(!Money::new(i64::MAX, Currency::new("kwd").unwrap()).is_plausible_charge());
    }

    #[test]
    fn rounding_division() {
        assert_eq!(div_round_half_away(11500, 3), 3833);
        assert_eq!(div_round_half_away(5, 2), 3);
        assert_eq!(div_round_half_away(-5, 2), -3);
        assert_eq!(div_round_half_away(4, 0), 0);
    }
}
