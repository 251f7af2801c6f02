//! The single entry point of the analysis: summary (docs/behaviour.md#analysis-summary), seller analyses (§5.3) and
//! recommendations (§5.4) for the results of one saved search. Pure and deterministic.
//!
//! Cost is linear in the number of results: sellers are grouped with one hash lookup per result,
//! records (needed for release-offer best prices) by record key (docs/matching.md), and only the
//! per-seller ranking sorts (N_sellers · log N_sellers).

use crate::domain::listing::{SellerInfo, SellerKey, StoredResult};
use crate::domain::matching::match_items;
use crate::domain::money::Currency;
use crate::domain::recommend::{Recommendation, release_offer_recommendations, seller_recommendations};
use crate::domain::region::Region;
use crate::domain::sellers::{SellerAnalysis, SellerWork, analyze_seller, group_sellers, rank_sellers};
use crate::domain::summary::{AnalysisSummary, summarize};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// All money aggregates are in this currency. Upstream sums every amount as if it were dollars
/// (docs/behaviour.md#money-and-currencies); without a rates table, other currencies are excluded from sums instead (counted in
/// [`AnalysisSummary::other_currency_results`]). Fetchers ask both marketplaces for USD.
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
}

fn default_buyer_region() -> Region {
    Region::US
}

impl Default for AnalysisParams {
    fn default() -> Self {
        AnalysisParams { location_preference: None, buyer_region: Region::US }
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
    let currency = ANALYSIS_CURRENCY;
    let groups = group_sellers(results);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let multi = count(groups.iter().filter(|g| g.items.len() >= 2).count());
    let (summary, market) = summarize(results, currency, count(groups.len()), multi);
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
