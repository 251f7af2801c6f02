//! Price history of listings and per-day price rollups of releases.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money::{Currency, Money};

/// A listing's price as seen at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PricePoint {
    pub at: DateTime<Utc>,
    pub price: Money,
}

/// The prices one release was seen at on one day, across listings, in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPrices {
    pub day: NaiveDate,
    pub min: Money,
    pub max: Money,
    /// Sum of the prices in minor units, for the mean.
    pub total_minor: i64,
    pub count: u32,
}

impl DayPrices {
    /// One observed price.
    pub fn one(day: NaiveDate, price: Money) -> Self {
        DayPrices { day, min: price, max: price, total_minor: price.minor, count: 1 }
    }

    pub fn currency(&self) -> Currency {
        self.min.currency
    }

    pub fn average_minor(&self) -> i64 {
        if self.count == 0 { 0 } else { self.total_minor / i64::from(self.count) }
    }

    /// Adds another part of the same day and currency.
    pub fn absorb(&mut self, part: &DayPrices) {
        if part.min.minor < self.min.minor {
            self.min = part.min;
        }
        if part.max.minor > self.max.minor {
            self.max = part.max;
        }
        self.total_minor = self.total_minor.saturating_add(part.total_minor);
        self.count = self.count.saturating_add(part.count);
    }

    /// The part in another currency (its sum converted as a whole); `None` when `convert` has
    /// no rate for it.
    fn converted(&self, convert: &impl Fn(Money) -> Option<Money>) -> Option<DayPrices> {
        let total = convert(Money::new(self.total_minor, self.currency()))?;
        Some(DayPrices {
            day: self.day,
            min: convert(self.min)?,
            max: convert(self.max)?,
            total_minor: total.minor,
            count: self.count,
        })
    }
}

/// A release's days in one currency, and the currencies of parts that had no rate (left out).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaysIn {
    pub days: Vec<DayPrices>,
    pub unconverted: BTreeSet<Currency>,
    /// Whether a part was converted from another currency.
    pub converted_any: bool,
}

/// Each day's parts (any currencies) converted with `convert` and added up, oldest day first.
pub fn days_in(parts: &[DayPrices], currency: Currency, convert: impl Fn(Money) -> Option<Money>) -> DaysIn {
    let mut out = DaysIn::default();
    let mut days: BTreeMap<NaiveDate, DayPrices> = BTreeMap::new();
    for part in parts {
        let foreign = part.currency() != currency;
        let converted = if foreign { part.converted(&convert) } else { Some(part.clone()) };
        let Some(part) = converted.filter(|p| p.currency() == currency) else {
            out.unconverted.insert(part.currency());
            continue;
        };
        out.converted_any |= foreign;
        match days.get_mut(&part.day) {
            Some(day) => day.absorb(&part),
            None => {
                days.insert(part.day, part);
            }
        }
    }
    out.days = days.into_values().collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rates::tests::sample;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn days_in_other_currencies_are_converted_and_added_up() {
        let rates = sample();
        let convert = |m: Money| rates.convert(m, Currency::EUR).ok();
        let mut usd = DayPrices::one(day(1), Money::usd_cents(2000));
        usd.absorb(&DayPrices::one(day(1), Money::usd_cents(3000)));
        let parts = vec![
            usd,
            DayPrices::one(day(1), Money::new(1500, Currency::EUR)),
            DayPrices::one(day(2), Money::new(1704, Currency::GBP)),
            DayPrices::one(day(2), Money::new(9900, Currency::SEK)),
        ];
        let out = days_in(&parts, Currency::EUR, convert);
        assert!(out.converted_any);
        assert_eq!(out.unconverted, BTreeSet::from([Currency::SEK]));
        assert_eq!(out.days.len(), 2);
        let first = &out.days[0];
        // 20.00 USD = 18.40 EUR, 30.00 USD = 27.60 EUR, their sum 50.00 USD = 46.00 EUR; + 15.00 EUR.
        assert_eq!((first.min, first.max), (Money::new(1500, Currency::EUR), Money::new(2760, Currency::EUR)));
        assert_eq!((first.total_minor, first.count, first.average_minor()), (6100, 3, 2033));
        assert_eq!(out.days[1].min, Money::new(1984, Currency::EUR));
        assert_eq!(out.days[1].count, 1, "the SEK part is left out, not added in kronor");

        let home = days_in(&parts[1..2], Currency::EUR, |_| None);
        assert!(!home.converted_any && home.unconverted.is_empty());
        assert_eq!(home.days[0].max, Money::new(1500, Currency::EUR));
    }
}
