//! Exchange rates of one day: the euro reference rates (units of a currency per euro), and exact
//! conversion between any two of their currencies through the euro (docs/behaviour.md#money-and-currencies).
//!
//! A rate keeps the decimal text it was published with (`1.0870`, `163.05`) as an integer and a
//! number of decimals, so a conversion is one exact fraction of integers (`i128`) rounded half to
//! even once, at the end: no float and no rounded intermediate euro amount.

use crate::domain::money::{Currency, Money};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The currencies a collector can choose: the euro and the ECB's daily reference currencies
/// (those a rate exists for), in the ECB's order.
pub const REFERENCE_CURRENCIES: [&str; 31] = [
    "EUR", "USD", "JPY", "BGN", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK", "NOK", "TRY", "AUD",
    "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR",
];

/// The currency, when it is one a collector can choose ([`REFERENCE_CURRENCIES`]).
pub fn reference_currency(code: &str) -> Option<Currency> {
    let currency = Currency::new(code).ok()?;
    REFERENCE_CURRENCIES.contains(&currency.as_str()).then_some(currency)
}

/// Why an amount could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatesError {
    #[error("no exchange rate for {0}")]
    NoRate(Currency),
    #[error("invalid exchange rate {0:?}")]
    InvalidRate(String),
    #[error("converting {0} overflows")]
    Overflow(Money),
}

/// Units of a currency per euro, as published: `units / 10^decimals`. Always positive.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rate {
    units: u64,
    decimals: u32,
}

impl Rate {
    /// The euro's own rate.
    pub const ONE: Rate = Rate { units: 1, decimals: 0 };

    /// Parses a positive decimal such as `1.0870` or `163.05` (at most 9 decimals and 18 digits).
    pub fn parse(text: &str) -> Result<Rate, RatesError> {
        let invalid = || RatesError::InvalidRate(text.to_string());
        let s = text.trim();
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
            || frac.len() > 9
            || int.len() + frac.len() > 18
        {
            return Err(invalid());
        }
        let units: u64 = format!("{int}{frac}").parse().map_err(|_| invalid())?;
        if units == 0 {
            return Err(invalid());
        }
        let decimals = u32::try_from(frac.len()).map_err(|_| invalid())?;
        Ok(Rate { units, decimals })
    }
}

impl TryFrom<String> for Rate {
    type Error = RatesError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Rate::parse(&s)
    }
}

impl From<Rate> for String {
    fn from(r: Rate) -> Self {
        r.to_string()
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.units.to_string();
        let d = self.decimals as usize;
        if d == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = d + 1);
        let (int, frac) = padded.split_at(padded.len() - d);
        write!(f, "{int}.{frac}")
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rate({self})")
    }
}

/// The reference rates of one day. The euro is implicit (rate 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    /// The day the rates are of (the publisher's date, not the day they were fetched).
    pub date: NaiveDate,
    per_euro: BTreeMap<Currency, Rate>,
}

impl Rates {
    pub fn new(date: NaiveDate, per_euro: impl IntoIterator<Item = (Currency, Rate)>) -> Self {
        let per_euro = per_euro.into_iter().filter(|(c, _)| *c != Currency::EUR).collect();
        Rates { date, per_euro }
    }

    /// Units of `currency` per euro; `None` for a currency without a rate.
    pub fn rate(&self, currency: Currency) -> Option<Rate> {
        if currency == Currency::EUR { Some(Rate::ONE) } else { self.per_euro.get(&currency).copied() }
    }

    pub fn knows(&self, currency: Currency) -> bool {
        self.rate(currency).is_some()
    }

    /// The currencies with a rate, the euro included.
    pub fn currencies(&self) -> impl Iterator<Item = Currency> + '_ {
        std::iter::once(Currency::EUR).chain(self.per_euro.keys().copied())
    }

    /// `amount` in `to`: `minor · r_to · 10^(d_to) / (r_from · 10^(d_from))` with each currency's
    /// own exponent, computed exactly and rounded half to even once.
    pub fn convert(&self, amount: Money, to: Currency) -> Result<Money, RatesError> {
        if amount.currency == to {
            return Ok(amount);
        }
        let from_rate = self.rate(amount.currency).ok_or(RatesError::NoRate(amount.currency))?;
        let to_rate = self.rate(to).ok_or(RatesError::NoRate(to))?;
        let overflow = || RatesError::Overflow(amount);
        let pow = |e: u32| 10i128.checked_pow(e).ok_or_else(overflow);
        // amount/10^d_from / (from.units/10^from.dec) · (to.units/10^to.dec) · 10^d_to
        let num = i128::from(amount.minor)
            .checked_mul(i128::from(to_rate.units))
            .and_then(|n| n.checked_mul(pow(to.minor_digits() + from_rate.decimals).ok()?))
            .ok_or_else(overflow)?;
        let den = i128::from(from_rate.units)
            .checked_mul(pow(amount.currency.minor_digits() + to_rate.decimals)?)
            .ok_or_else(overflow)?;
        let minor = i64::try_from(div_round_half_even(num, den)).map_err(|_| overflow())?;
        Ok(Money::new(minor, to))
    }
}

/// `num / den` rounded to the nearest integer, ties to the even one. `den` must be positive (rates
/// are); a zero denominator yields 0 rather than panicking.
pub(crate) fn div_round_half_even(num: i128, den: i128) -> i128 {
    if den <= 0 {
        return 0;
    }
    let q = num.div_euclid(den);
    let r = num.rem_euclid(den); // 0 ≤ r < den, and num = q·den + r
    match (2 * r).cmp(&den) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The sandbox marketplace's table (infra/local/sandbox/src/rates.rs), a few of its rates.
    pub(crate) fn sample() -> Rates {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        Rates::new(
            day,
            [("USD", "1.0870"), ("JPY", "163.05"), ("GBP", "0.85870"), ("CHF", "0.9620")]
                .map(|(c, r)| (Currency::new(c).unwrap(), Rate::parse(r).unwrap())),
        )
    }

    #[test]
    fn rates_keep_their_published_text() {
        for text in ["1.0870", "163.05", "0.85870", "17420.50", "1", "0.001"] {
            assert_eq!(Rate::parse(text).unwrap().to_string(), text);
        }
        for bad in ["", ".", "0", "0.000", "-1.2", "1e3", "abc", "1.2.3", "1.0000000001"] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn conversions_go_through_the_euro_with_each_exponent() {
        let r = sample();
        // 17.04 GBP = 17.04 / 0.8587 · 1.087 USD = 21.5704… USD
        assert_eq!(r.convert(Money::new(1704, Currency::GBP), Currency::USD).unwrap(), Money::usd_cents(2157));
        // 4154 JPY = 25.4768… EUR
        assert_eq!(r.convert(Money::new(4154, Currency::JPY), Currency::EUR).unwrap(), Money::new(2548, Currency::EUR));
        // 18.63 EUR = 3037.6215 JPY: whole yen
        assert_eq!(r.convert(Money::new(1863, Currency::EUR), Currency::JPY).unwrap(), Money::new(3038, Currency::JPY));
        assert_eq!(r.convert(Money::usd_cents(1952), Currency::USD).unwrap(), Money::usd_cents(1952));
        assert_eq!(r.convert(Money::usd_cents(1), Currency::SEK), Err(RatesError::NoRate(Currency::SEK)));
        assert_eq!(r.convert(Money::new(1, Currency::SEK), Currency::EUR), Err(RatesError::NoRate(Currency::SEK)));
    }

    #[test]
    fn ties_round_to_even() {
        assert_eq!(div_round_half_even(5, 2), 2);
        assert_eq!(div_round_half_even(7, 2), 4);
        assert_eq!(div_round_half_even(-5, 2), -2);
        assert_eq!(div_round_half_even(-7, 2), -4);
        assert_eq!(div_round_half_even(11, 4), 3);
        assert_eq!(div_round_half_even(1, 0), 0);
        // 0.05 EUR at 1.5 USD/EUR is exactly 7.5 cents: 8 (even); 0.07 EUR is 10.5 cents: 10.
        let r = Rates::new(NaiveDate::MIN, [(Currency::USD, Rate::parse("1.5").unwrap())]);
        assert_eq!(r.convert(Money::new(5, Currency::EUR), Currency::USD).unwrap().minor, 8);
        assert_eq!(r.convert(Money::new(7, Currency::EUR), Currency::USD).unwrap().minor, 10);
    }

    #[test]
    fn huge_amounts_fail_instead_of_wrapping() {
        let r = sample();
        assert!(matches!(r.convert(Money::new(i64::MAX, Currency::EUR), Currency::JPY), Err(RatesError::Overflow(_))));
    }

    #[test]
    fn stored_form_round_trips() {
        let r = sample();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["per_euro"]["USD"], "1.0870");
        assert_eq!(serde_json::from_value::<Rates>(json).unwrap(), r);
    }
}
