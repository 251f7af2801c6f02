//! The single entry point of the analysis: summary (docs/behaviour.md#analysis-summary), seller analyses (§5.3) and
//! recommendations (§5.4) for the results of one saved search. Pure and deterministic.
//!
//! Cost is linear in the number of results: sellers are grouped with one hash lookup per result,
//! records (needed for release-offer best prices) by record key (docs/matching.md), and only the
//! per-seller ranking sorts (N_sellers · log N_sellers).

use crate::domain::landed::AmountBasis;
use crate::domain::listing::{SellerInfo, SellerKey, StoredResult};
use crate::domain::matching::match_items;
use crate::domain::money::{Currency, Money};
use crate::domain::rates::Rates;
use crate::domain::recommend::{Recommendation, release_offer_recommendations, seller_recommendations};
use crate::domain::region::Region;
use crate::domain::sellers::{SellerAnalysis, SellerWork, analyze_seller, group_sellers, rank_sellers};
use crate::domain::summary::{AnalysisSummary, summarize};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The currency of an analysis without a buyer's currency (and the shipping table's). Upstream
/// sums every amount as if it were dollars (docs/behaviour.md#money-and-currencies); here amounts
/// are converted into [`AnalysisParams::currency`] first (`domain::landed`), and only a currency
/// without a rate is excluded from sums (counted in [`AnalysisSummary::other_currency_results`]).
pub const ANALYSIS_CURRENCY: Currency = Currency::USD;

/// Buyer-side inputs of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisParams {
    /// The saved search's `seller_location_preference` (`US`, `EU`, `UK`, `ANY`, free text).
    #[serde(default)]
    pub location_preference: Option<String>,
    /// Where the buyer is, for shipping estimates. Upstream hard-codes US.
    #[serde(default = "default_buyer_region")]
    pub buyer_region: Region,
    /// The currency every amount is in; listings in others must have been converted
    /// (`domain::landed::convert_results`) or they stay out of sums.
    #[serde(default)]
    pub currency: Currency,
    /// The rates that converted the results, for the shipping estimates (a table in US dollars).
    #[serde(skip)]
    pub rates: Option<Rates>,
    /// What the converted amounts are based on, copied into the summary.
    #[serde(default)]
    pub basis: AmountBasis,
}

impl AnalysisParams {
    /// A shipping amount of the (dollar) table in the analysis currency; unchanged when it cannot
    /// be converted (the caller chose a currency the rates know, see `Buyer::analysis_currency`).
    pub(crate) fn in_currency(&self, amount: Money) -> Money {
        if amount.currency == self.currency {
            return amount;
        }
        self.rates.as_ref().and_then(|r| r.convert(amount, self.currency).ok()).unwrap_or(amount)
    }
}

fn default_buyer_region() -> Region {
    Region::US
}

impl Default for AnalysisParams {
    fn default() -> Self {
        AnalysisParams {
            location_preference: None,
            buyer_region: Region::US,
            currency: ANALYSIS_CURRENCY,
            rates: None,
            basis: AmountBasis::default(),
        }
    }
}

/// Stored seller rows that override what the listings say (e.g. a seller's declared shipping
/// estimate, fresher feedback). Keyed like sellers everywhere: (platform, platform seller id).
pub type SellerDirectory = HashMap<SellerKey, SellerInfo>;

/// Everything AN1/AN2 show for a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchAnalysis {
    pub summary: AnalysisSummary,
    /// Ordered by rank ascending.
    pub seller_analyses: Vec<SellerAnalysis>,
    /// Ordered by `score_value` descending (stable: seller recommendations in rank order, then
    /// release offers).
    pub recommendations: Vec<Recommendation>,
}

impl SearchAnalysis {
    /// AN2: only the multi-item deals, in the same order.
    pub fn multi_item_deals(&self) -> impl Iterator<Item = &Recommendation> {
        self.recommendations
            .iter()
            .filter(|r| r.recommendation_type == crate::domain::recommend::RecommendationType::MultiItemDeal)
    }
}

/// Analyses the results of one search, with seller facts taken from the listings (the newest
/// listing of a seller wins, as the stored seller row is overwritten on every upsert).
pub fn analyze(results: &[StoredResult], params: &AnalysisParams) -> SearchAnalysis {
    analyze_with_directory(results, &SellerDirectory::new(), params)
}

/// [`analyze`], preferring the seller facts of `directory` where it has the seller.
pub fn analyze_with_directory(
    results: &[StoredResult],
    directory: &SellerDirectory,
    params: &AnalysisParams,
) -> SearchAnalysis {
    let currency = params.currency;
    let groups = group_sellers(results);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let multi = count(groups.iter().filter(|g| g.items.len() >= 2).count());
    let (mut summary, market) = summarize(results, currency, count(groups.len()), multi);
    summary.rates_date = params.basis.rates_date;
    summary.unconverted_currencies = params.basis.unconverted.clone();
    let market = (!market.is_empty()).then_some(market);

    let mut sellers: Vec<SellerWork> = groups
        .into_iter()
        .map(|g| {
            let info = if directory.is_empty() {
                g.info
            } else {
                directory.get(&SellerKey { platform: g.platform, id: g.id.to_string() }).unwrap_or(g.info)
            };
            SellerWork {
                analysis: analyze_seller(&g, info, results, market, currency, params),
                shipping_estimate: info.estimated_shipping,
                items: g.items,
            }
        })
        .collect();
    rank_sellers(&mut sellers);

    let mut recommendations = seller_recommendations(results, &sellers, params);
    if results.iter().any(|r| r.listing.is_release_offer()) {
        let records = record_keys(results);
        recommendations.extend(release_offer_recommendations(results, &records, market, currency));
    }
    recommendations.sort_by(|a, b| b.score_value.total_cmp(&a.score_value));

    SearchAnalysis { summary, seller_analyses: sellers.into_iter().map(|s| s.analysis).collect(), recommendations }
}

/// The record key of every result: the record it was linked to, or when some result was never
/// linked, the records the matcher finds among all of them (the same identity either way).
fn record_keys(results: &[StoredResult]) -> Vec<String> {
    let linked: Option<Vec<String>> =
        results.iter().map(|r| r.item_match.as_ref().map(|m| m.fingerprint.clone())).collect();
    linked.unwrap_or_else(|| match_items(results).into_iter().map(|a| a.item.fingerprint).collect())
}
