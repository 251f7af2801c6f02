//! Property tests of conversion (issue #16): through the euro and back within one minor unit;
//! sums in the buyer's currency equal the sum of the converted parts; a zero-exponent currency
//! never grows decimals.

use crate::domain::analysis::{AnalysisParams, analyze};
use crate::domain::landed::convert_results;
use crate::domain::listing::{Listing, SellerInfo, StoredResult};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;
use crate::domain::rates::{Rate, Rates};
use crate::domain::region::Region;
use chrono::NaiveDate;
use proptest::prelude::*;

/// Currencies with their exponents 0 (JPY, KRW, ISK) and 2; rates drawn per currency.
const CODES: [&str; 8] = ["USD", "GBP", "JPY", "KRW", "ISK", "CHF", "SEK", "HUF"];

/// A rate between 0.4 and 20 000 units per euro with up to 5 decimals: the ECB's range. Every
/// one of them makes the currency's minor unit worth less than three euro cents, the condition
/// under which rounding twice (there and back) cannot lose more than one cent.
fn rate() -> impl Strategy<Value = Rate> {
    (40_000u64..=2_000_000_000, 0u32..=5).prop_map(|(units, shift)| {
        // units / 10^5 is the rate; fewer decimals by dropping digits where it is exact.
        let scaled = units / 10u64.pow(shift) * 10u64.pow(shift);
        let text = format!("{}.{:05}", scaled / 100_000, scaled % 100_000);
        Rate::parse(&text).unwrap_or(Rate::ONE)
    })
}

fn rates() -> impl Strategy<Value = Rates> {
    proptest::collection::vec(rate(), CODES.len()).prop_map(|rs| {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        Rates::new(day, CODES.iter().zip(rs).map(|(c, r)| (Currency::new(c).unwrap_or(Currency::USD), r)))
    })
}

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(CODES.to_vec()).prop_map(|c| Currency::new(c).unwrap_or(Currency::USD))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn through_the_euro_and_back_stays_within_one_minor_unit(
        rates in rates(), to in currency(), cents in 0i64..=100_000_000,
    ) {
        let eur = Money::new(cents, Currency::EUR);
        let there = rates.convert(eur, to).unwrap();
        let back = rates.convert(there, Currency::EUR).unwrap();
        // Within one minor unit of the coarser currency: a cent, unless `to`'s unit is worth more
        // (0.40 yen to the euro makes a yen worth 2.5 euros).
        let unit = rates.convert(Money::new(1, to), Currency::EUR).unwrap().minor.max(1);
        prop_assert!((back.minor - cents).abs() <= unit, "{eur} → {there} → {back}");
    }

    #[test]
    fn a_zero_exponent_currency_never_grows_decimals(
        rates in rates(), from in currency(), minor in 0i64..=100_000_000,
    ) {
        for to in [Currency::JPY, Currency::new("KRW").unwrap_or(Currency::JPY), Currency::new("ISK").unwrap_or(Currency::JPY)] {
            let converted = rates.convert(Money::new(minor, from), to).unwrap();
            prop_assert_eq!(converted.currency, to);
            prop_assert!(!converted.format_amount().contains('.'), "{}", converted);
            prop_assert_eq!(converted.to_f64().fract(), 0.0);
            prop_assert_eq!(converted.format_amount(), converted.minor.to_string());
        }
    }

    #[test]
    fn sums_in_the_buyers_currency_are_the_sums_of_converted_parts(
        rates in rates(),
        to in prop::sample::select(vec!["EUR", "USD", "JPY", "GBP"]),
        items in proptest::collection::vec((currency(), 1i64..=5_000_000, 0usize..4), 1..40),
    ) {
        let to = Currency::new(to).unwrap_or(Currency::EUR);
        let results: Vec<StoredResult> = items.iter().enumerate().map(|(i, (c, minor, seller))| {
            let l = Listing::new(Platform::Discogs, format!("l{i}"), format!("A - T{i}"), Money::new(*minor, *c))
                .with_seller(SellerInfo { id: format!("s{seller}"), name: format!("S{seller}"), location: Some("Germany".into()),
                    feedback_percentage: None, feedback_count: None, estimated_shipping: None, url: None });
            StoredResult::new(format!("r{i}"), l)
        }).collect();
        let mut converted = results.clone();
        let basis = convert_results(&mut converted, Some(&rates), to, Region::EU);
        prop_assert!(basis.unconverted.is_empty());
        let params = AnalysisParams { currency: to, rates: Some(rates.clone()), basis, ..AnalysisParams::default() };
        let analysis = analyze(&converted, &params);
        prop_assert_eq!(analysis.summary.other_currency_results, 0);
        prop_assert_eq!(analysis.summary.currency, to);
        for seller in &analysis.seller_analyses {
            let parts: i64 = results.iter()
                .filter(|r| r.listing.seller.as_ref().is_some_and(|s| s.id == seller.seller.id))
                .map(|r| rates.convert(r.listing.price, to).map(|m| m.minor).unwrap_or(i64::MIN))
                .sum();
            prop_assert_eq!(seller.total_value, Money::new(parts, to));
            prop_assert_eq!(seller.estimated_shipping.currency, to);
        }
        // A price that converts to less than half a minor unit is 0, which means "no price".
        let min = results.iter().filter_map(|r| rates.convert(r.listing.price, to).ok()).map(|m| m.minor).filter(|m| *m > 0).min();
        prop_assert_eq!(analysis.summary.min_price.map(|m| m.minor), min);
    }
}
