//! Per-seller analysis (docs/behaviour.md#seller-scoring): grouping by seller key, score components, ranking.

use crate::domain::analysis::AnalysisParams;
use crate::domain::listing::{SellerInfo, SellerKey, StoredResult};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;
use crate::domain::region::{Region, region};
use crate::domain::scoring::{
    Components, PriceTally, condition_value_score, inventory_depth_score, location_preference_score, overall_score,
    price_competitiveness, reputation_score, round2,
};
use crate::domain::shipping::estimate_shipping;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Seller facts shown with analyses, recommendations and price comparisons (docs/behaviour.md#analysis-endpoints).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerRef {
    pub platform: Platform,
    /// Platform seller id; `anonymous_<platform>_<listing id>` for a listing without one.
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// Normalised region of `location` (upstream `country_code`).
    pub country_code: Region,
    /// Positive feedback percentage (upstream `feedback_score`). The API shows `null` for 0.
    pub feedback_score: Option<f64>,
    pub total_feedback_count: Option<u64>,
}

impl SellerRef {
    pub fn key(&self) -> SellerKey {
        SellerKey { platform: self.platform, id: self.id.clone() }
    }

    pub(crate) fn from_info(platform: Platform, id: String, info: &SellerInfo) -> Self {
        SellerRef {
            platform,
            id,
            name: info.name.clone(),
            location: info.location.clone(),
            country_code: region(info.location.as_deref()),
            feedback_score: info.feedback_percentage,
            total_feedback_count: info.feedback_count,
        }
    }
}

/// One seller's record for a search (upstream `SellerAnalysis`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerAnalysis {
    /// 1..N by overall score, ties in first-appearance order.
    pub rank: u32,
    pub seller: SellerRef,
    pub total_items: u32,
    pub wantlist_items: u32,
    pub collection_duplicates: u32,
    /// Sum of the seller's priced items, owned ones included, in the analysis currency.
    pub total_value: Money,
    /// `total_value` / number of priced items (0 when none), rounded to the minor unit.
    pub avg_item_price: Money,
    pub estimated_shipping: Money,
    pub price_competitiveness: f64,
    pub inventory_depth_score: f64,
    pub seller_reputation_score: f64,
    pub location_preference_score: f64,
    /// Not in upstream: the applied `condition_value` component (see `scoring::condition_value_score`).
    pub condition_value_score: f64,
    pub overall_score: f64,
}

/// A seller's results in this search, by index into the input slice.
pub(crate) struct SellerGroup<'a> {
    pub platform: Platform,
    pub id: &'a str,
    pub listing_id: &'a str,
    /// Newest facts: the last listing's seller info (stored sellers are overwritten on every upsert,
    /// docs/behaviour.md#sellers), unless a directory entry overrides it.
    pub info: &'a SellerInfo,
    pub items: Vec<usize>,
}

impl SellerGroup<'_> {
    pub fn seller_id(&self) -> String {
        if self.id.is_empty() {
            format!("anonymous_{}_{}", self.platform.as_str(), self.listing_id)
        } else {
            self.id.to_string()
        }
    }
}

/// Groups the seller listings (release offers excluded) by (platform, seller id) in first-appearance
/// order, with one hash lookup per result. A listing with an empty seller id is its own seller.
pub(crate) fn group_sellers<'a>(results: &'a [StoredResult]) -> Vec<SellerGroup<'a>> {
    let mut index: HashMap<(Platform, &'a str), usize> = HashMap::new();
    let mut groups: Vec<SellerGroup<'a>> = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let Some(info) = r.listing.scored_seller() else {
            continue;
        };
        let platform = r.listing.platform;
        let new_group = |groups: &mut Vec<SellerGroup<'a>>| -> usize {
            groups.push(SellerGroup {
                platform,
                id: info.id.as_str(),
                listing_id: r.listing.listing_id.as_str(),
                info,
                items: Vec::new(),
            });
            groups.len() - 1
        };
        let g = if info.id.is_empty() {
            new_group(&mut groups)
        } else {
            match index.get(&(platform, info.id.as_str())) {
                Some(&g) => g,
                None => {
                    let g = new_group(&mut groups);
                    index.insert((platform, info.id.as_str()), g);
                    g
                }
            }
        };
        groups[g].info = info;
        groups[g].items.push(i);
    }
    groups
}

/// docs/behaviour.md#seller-scoring for one seller (rank filled in later by [`rank_sellers`]).
pub(crate) fn analyze_seller(
    group: &SellerGroup<'_>,
    info: &SellerInfo,
    results: &[StoredResult],
    market: Option<PriceTally>,
    currency: Currency,
    params: &AnalysisParams,
) -> SellerAnalysis {
    let (mut wanted, mut owned) = (0u32, 0u32);
    let mut prices = PriceTally::default();
    for &i in &group.items {
        let r = &results[i];
        wanted += u32::from(r.is_in_wantlist);
        owned += u32::from(r.is_in_collection);
        if let Some(p) = r.listing.priced().filter(|p| p.currency == currency) {
            prices.add(p.minor);
        }
    }
    let total = u32::try_from(group.items.len()).unwrap_or(u32::MAX);
    let seller = SellerRef::from_info(group.platform, group.seller_id(), info);
    let components = Components {
        price_competitiveness: price_competitiveness(prices, market),
        inventory_depth: inventory_depth_score(total, wanted),
        reputation: reputation_score(info.feedback_percentage, info.feedback_count, info.feedback_percentage),
        location_preference: location_preference_score(seller.country_code, params.location_preference.as_deref()),
        condition_value: round2(condition_value_score(
            group.items.iter().map(|&i| (results[i].listing.media(), results[i].listing.sleeve())),
        )),
    };
    let total_value = i64::try_from(prices.sum_minor).unwrap_or(i64::MAX);
    SellerAnalysis {
        rank: 0,
        total_items: total,
        wantlist_items: wanted,
        collection_duplicates: owned,
        total_value: Money::new(total_value, currency),
        avg_item_price: Money::new(prices.mean_rounded().unwrap_or(0), currency),
        estimated_shipping: params.in_currency(estimate_shipping(
            seller.country_code,
            params.buyer_region,
            total,
            info.estimated_shipping,
        )),
        price_competitiveness: components.price_competitiveness,
        inventory_depth_score: components.inventory_depth,
        seller_reputation_score: round2(components.reputation),
        location_preference_score: components.location_preference,
        condition_value_score: components.condition_value,
        overall_score: overall_score(&components),
        seller,
    }
}

/// A seller's analysis with what the recommendation step needs besides it.
pub(crate) struct SellerWork {
    pub analysis: SellerAnalysis,
    /// Result indices of the seller's listings, in input order.
    pub items: Vec<usize>,
    pub shipping_estimate: Option<Money>,
}

/// Sorts by overall score descending — stable, so ties keep first-appearance order — and assigns
/// ranks 1..N.
pub(crate) fn rank_sellers(sellers: &mut [SellerWork]) {
    sellers.sort_by(|a, b| b.analysis.overall_score.total_cmp(&a.analysis.overall_score));
    for (rank, s) in sellers.iter_mut().enumerate() {
        s.analysis.rank = u32::try_from(rank + 1).unwrap_or(u32::MAX);
    }
}
