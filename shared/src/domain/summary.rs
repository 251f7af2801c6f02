//! Search analysis summary (docs/behaviour.md#analysis-summary).

use crate::domain::listing::StoredResult;
use crate::domain::money::{Currency, Money};
use crate::domain::scoring::PriceTally;
use serde::{Deserialize, Serialize};

/// `analysis_version` written with every analysis (upstream `"1.0"`).
pub const ANALYSIS_VERSION: &str = "1.0";

/// Counts and price statistics over **all** results of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisSummary {
    pub total_results: u32,
    /// Distinct sellers; release offers have none.
    pub total_sellers: u32,
    /// Sellers with ≥ 2 results (any flags).
    pub multi_item_sellers: u32,
    /// Over priced results that are not in the collection, in [`AnalysisSummary::currency`].
    pub min_price: Option<Money>,
    pub max_price: Option<Money>,
    /// The mean rounded to the minor unit (upstream stores 2 decimals); scoring uses the exact mean.
    pub avg_price: Option<Money>,
    pub wantlist_matches: u32,
    pub collection_duplicates: u32,
    pub new_discoveries: u32,
    /// How many of the results are Discogs release offers (no seller).
    pub release_offers: u32,
    /// Priced results left out of every money aggregate because their currency has no exchange
    /// rate (docs/behaviour.md#money-and-currencies): excluded rather than summed as if they were
    /// in the analysis currency.
    pub other_currency_results: u32,
    pub currency: Currency,
    /// The day of the exchange rates the amounts were converted with; `None` when none were.
    #[serde(default)]
    pub rates_date: Option<chrono::NaiveDate>,
    /// Currencies without a rate: their listings are the `other_currency_results`.
    #[serde(default)]
    pub unconverted_currencies: Vec<Currency>,
    pub analysis_version: String,
}

/// docs/behaviour.md#analysis-summary counts and price statistics. Returns the exact market tally too (the summary keeps
/// the rounded mean; price competitiveness needs the exact one).
pub(crate) fn summarize(
    results: &[StoredResult],
    currency: Currency,
    total_sellers: u32,
    multi_item_sellers: u32,
) -> (AnalysisSummary, PriceTally) {
    let mut s = AnalysisSummary {
        total_results: 0,
        total_sellers,
        multi_item_sellers,
        min_price: None,
        max_price: None,
        avg_price: None,
        wantlist_matches: 0,
        collection_duplicates: 0,
        new_discoveries: 0,
        release_offers: 0,
        other_currency_results: 0,
        currency,
        rates_date: None,
        unconverted_currencies: Vec::new(),
        analysis_version: ANALYSIS_VERSION.to_string(),
    };
    let mut market = PriceTally::default();
    let (mut min, mut max) = (i64::MAX, i64::MIN);
    for r in results {
        s.total_results += 1;
        s.wantlist_matches += u32::from(r.is_in_wantlist);
        s.collection_duplicates += u32::from(r.is_in_collection);
        s.new_discoveries += u32::from(!r.is_in_wantlist && !r.is_in_collection);
        s.release_offers += u32::from(r.listing.is_release_offer());
        let Some(price) = r.listing.priced() else {
            continue;
        };
        if price.currency != currency {
            s.other_currency_results += 1;
            continue;
        }
        if !r.is_in_collection {
            market.add(price.minor);
            min = min.min(price.minor);
            max = max.max(price.minor);
        }
    }
    if !market.is_empty() {
        s.min_price = Some(Money::new(min, currency));
        s.max_price = Some(Money::new(max, currency));
        s.avg_price = market.mean_rounded().map(|m| Money::new(m, currency));
    }
    (s, market)
}
