//! Recommendation engine (docs/behaviour.md#recommendations) and deal-score levels.

use crate::domain::analysis::AnalysisParams;
use crate::domain::listing::{ListingKind, StoredResult};
use crate::domain::money::{Currency, Money};
use crate::domain::scoring::{
    Components, PriceTally, inventory_depth_score, location_preference_score, overall_score, price_competitiveness,
    reputation_score,
};
use crate::domain::sellers::{SellerRef, SellerWork};
use crate::domain::shipping::shipping_savings;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// How many of the best sellers are considered (docs/behaviour.md#recommendations), and the cap on release-offer
/// best-price recommendations.
pub const TOP_SELLERS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecommendationType {
    BestPrice,
    MultiItemDeal,
    ConditionValue,
    LocationPreference,
    HighFeedback,
}

impl RecommendationType {
    /// Stored/enum form: `MULTI_ITEM_DEAL`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecommendationType::BestPrice => "BEST_PRICE",
            RecommendationType::MultiItemDeal => "MULTI_ITEM_DEAL",
            RecommendationType::ConditionValue => "CONDITION_VALUE",
            RecommendationType::LocationPreference => "LOCATION_PREFERENCE",
            RecommendationType::HighFeedback => "HIGH_FEEDBACK",
        }
    }

    /// The API's display form (docs/behaviour.md#analysis-endpoints AN1: `_` → space): `MULTI ITEM DEAL`.
    pub fn display_name(self) -> String {
        self.as_str().replace('_', " ")
    }
}

/// Deal level (docs/behaviour.md#recommendations `DealScore`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DealScore {
    Excellent,
    VeryGood,
    Good,
    Fair,
    Poor,
}

impl DealScore {
    /// docs/behaviour.md#recommendations: ≥ 90 EXCELLENT, ≥ 80 VERY_GOOD, ≥ 70 GOOD, ≥ 60 FAIR, else POOR.
    pub fn from_score(score: f64) -> Self {
        match score {
            s if s >= 90.0 => DealScore::Excellent,
            s if s >= 80.0 => DealScore::VeryGood,
            s if s >= 70.0 => DealScore::Good,
            s if s >= 60.0 => DealScore::Fair,
            _ => DealScore::Poor,
        }
    }
}

/// One recommendation (upstream `DealRecommendation`). Money is in the analysis currency; the API
/// shows `estimated_shipping` / `potential_savings` as `null` when absent **or zero**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub recommendation_type: RecommendationType,
    pub deal_score: DealScore,
    pub score_value: f64,
    pub title: String,
    pub description: String,
    pub recommendation_reason: String,
    pub total_items: u32,
    pub wantlist_items: u32,
    pub total_value: Money,
    pub estimated_shipping: Option<Money>,
    pub total_cost: Money,
    pub potential_savings: Option<Money>,
    /// `None` for a Discogs release offer.
    pub seller: Option<SellerRef>,
    /// SearchResult ids.
    pub item_ids: Vec<String>,
}

/// One top seller as every rule sees it: its analysis and the listings the user does not own.
struct Candidate<'a> {
    work: &'a SellerWork,
    buyable: Vec<&'a StoredResult>,
    params: &'a AnalysisParams,
}

impl Candidate<'_> {
    fn recommendation(
        &self,
        kind: RecommendationType,
        title: String,
        description: String,
        reason: String,
    ) -> Recommendation {
        let sa = &self.work.analysis;
        Recommendation {
            recommendation_type: kind,
            deal_score: DealScore::from_score(sa.overall_score),
            score_value: sa.overall_score,
            title,
            description,
            recommendation_reason: reason,
            total_items: sa.total_items,
            wantlist_items: sa.wantlist_items,
            total_value: sa.total_value,
            estimated_shipping: Some(sa.estimated_shipping),
            total_cost: add(sa.total_value, sa.estimated_shipping),
            potential_savings: None,
            seller: Some(sa.seller.clone()),
            item_ids: self.buyable.iter().map(|r| r.id.clone()).collect(),
        }
    }

    fn buyable_count(&self) -> u32 {
        u32::try_from(self.buyable.len()).unwrap_or(u32::MAX)
    }
}

/// The rules for a top seller, in priority order: the first that applies is its recommendation.
const RULES: [fn(&Candidate) -> Option<Recommendation>; 5] =
    [multi_item_deal, best_price, high_feedback, preferred_location, top_condition];

/// At most one recommendation per seller among the top [`TOP_SELLERS`] of `sellers`, which must
/// be ranked best first (see docs/behaviour.md#recommendations). Only records the user does not
/// own are listed, so a seller whose records are all owned gets none (a fix over the original).
pub(crate) fn seller_recommendations(
    results: &[StoredResult],
    sellers: &[SellerWork],
    params: &AnalysisParams,
) -> Vec<Recommendation> {
    sellers
        .iter()
        .take(TOP_SELLERS)
        .filter_map(|work| {
            let buyable: Vec<&StoredResult> =
                work.items.iter().map(|&i| &results[i]).filter(|r| !r.is_in_collection).collect();
            if buyable.is_empty() {
                return None;
            }
            let candidate = Candidate { work, buyable, params };
            RULES.iter().find_map(|rule| rule(&candidate))
        })
        .collect()
}

/// Two or more wanted records, or two or more records not owned, from one seller.
fn multi_item_deal(c: &Candidate) -> Option<Recommendation> {
    let sa = &c.work.analysis;
    let (w, nc) = (sa.wantlist_items, c.buyable_count());
    if !(w >= 2 || (sa.total_items >= 2 && sa.total_items.saturating_sub(sa.collection_duplicates) >= 2)) {
        return None;
    }
    let savings = c.params.in_currency(shipping_savings(
        sa.seller.country_code,
        c.params.buyer_region,
        sa.total_items,
        c.work.shipping_estimate,
    ));
    let mut description = String::new();
    if w >= 2 {
        let _ = write!(description, "Get {w} want list items");
        if nc > w {
            let _ = write!(description, " plus {} other records", nc - w);
        }
        description.push_str(" from one seller");
    } else {
        let _ = write!(description, "Get {nc} records you don't own from one seller");
        if w > 0 {
            let _ = write!(description, " (including {w} from your want list)");
        }
    }
    let reason = format!("Save {} on shipping by buying {nc} items together", savings.format_with_symbol());
    let title = format!("Multi-Item Deal from {}", sa.seller.name);
    let mut r = c.recommendation(RecommendationType::MultiItemDeal, title, description, reason);
    r.potential_savings = Some(savings);
    Some(r)
}

/// A single listing from a seller scoring 85 or more overall.
fn best_price(c: &Candidate) -> Option<Recommendation> {
    let sa = &c.work.analysis;
    if !(sa.overall_score >= 85.0 && sa.total_items == 1) {
        return None;
    }
    let item = c.buyable[0];
    let mut r = c.recommendation(
        RecommendationType::BestPrice,
        format!("Best Price: {}", item_title(item)),
        format!("Excellent price from {}", sa.seller.name),
        format!("Competitive pricing with {:.0}% price score", sa.price_competitiveness),
    );
    r.total_items = 1;
    r.wantlist_items = u32::from(item.is_in_wantlist);
    Some(r)
}

fn high_feedback(c: &Candidate) -> Option<Recommendation> {
    let sa = &c.work.analysis;
    (sa.seller_reputation_score >= 90.0).then(|| {
        c.recommendation(
            RecommendationType::HighFeedback,
            format!("Highly Rated Seller: {}", sa.seller.name),
            format!("Excellent reputation with {:.0}% feedback score", sa.seller_reputation_score),
            "Trusted seller with strong feedback history".to_string(),
        )
    })
}

fn preferred_location(c: &Candidate) -> Option<Recommendation> {
    let sa = &c.work.analysis;
    if sa.location_preference_score < 90.0 {
        return None;
    }
    // The original printed Python's `None` for a missing location; the region code is used instead.
    let place = match sa.seller.location.as_deref().map(str::trim) {
        Some(l) if !l.is_empty() => l.to_string(),
        _ => sa.seller.country_code.to_string(),
    };
    Some(c.recommendation(
        RecommendationType::LocationPreference,
        format!("Preferred Location: {}", sa.seller.name),
        format!("Seller from your preferred region ({place})"),
        "Matches your location preference with lower shipping costs".to_string(),
    ))
}

/// Not in the original; last, so none of its outcomes change.
fn top_condition(c: &Candidate) -> Option<Recommendation> {
    let sa = &c.work.analysis;
    (sa.condition_value_score >= 90.0).then(|| {
        c.recommendation(
            RecommendationType::ConditionValue,
            format!("Top Condition: {}", sa.seller.name),
            format!("Well-graded records with {:.0}% condition score", sa.condition_value_score),
            "Records graded Excellent or better on average".to_string(),
        )
    })
}

/// Best-price recommendations for Discogs release offers ("lowest on Discogs, N for sale").
///
/// Not in upstream (which had no release offers). For every canonical item (same fingerprint) the
/// cheapest priced listing not in the collection is found across both platforms (ties: first in
/// input order); when that is a release offer it is recommended. It is scored with the seller
/// formula as a one-item offer from an unknown seller: price competitiveness against the market
/// mean, depth of one item (+10 when wanted), neutral reputation (50, as for a seller without
/// feedback), neutral location (50: the shipping origin is unknown) and no condition value —
/// so it ranks among seller deals on the same scale. At most [`TOP_SELLERS`] are kept, best first.
///
/// `fingerprints[i]` is the canonical fingerprint of `results[i]`.
pub(crate) fn release_offer_recommendations(
    results: &[StoredResult],
    fingerprints: &[String],
    market: Option<PriceTally>,
    currency: Currency,
) -> Vec<Recommendation> {
    use std::collections::HashMap;
    // fingerprint → index of the cheapest buyable listing so far
    let mut cheapest: HashMap<&str, usize> = HashMap::new();
    let price_of = |i: usize| results[i].listing.priced().filter(|p| p.currency == currency);
    for (i, r) in results.iter().enumerate() {
        if r.is_in_collection {
            continue;
        }
        let Some(p) = price_of(i) else { continue };
        cheapest
            .entry(fingerprints[i].as_str())
            .and_modify(|best| {
                if price_of(*best).is_none_or(|b| p.minor < b.minor) {
                    *best = i;
                }
            })
            .or_insert(i);
    }
    let mut winners: Vec<usize> = cheapest.into_values().filter(|&i| results[i].listing.is_release_offer()).collect();
    winners.sort_unstable();
    let mut recs: Vec<Recommendation> = winners
        .into_iter()
        .filter_map(|i| {
            let r = &results[i];
            let price = price_of(i)?;
            let ListingKind::ReleaseOffer { for_sale } = r.listing.kind else {
                return None;
            };
            let mut own = PriceTally::default();
            own.add(price.minor);
            let pc = price_competitiveness(own, market);
            let score = overall_score(&Components {
                price_competitiveness: pc,
                inventory_depth: inventory_depth_score(1, u32::from(r.is_in_wantlist)),
                reputation: reputation_score(None, None, None),
                location_preference: location_preference_score(crate::domain::region::Region::OTH, None),
                condition_value: 0.0,
            });
            let shipping = r.listing.shipping.filter(|s| s.currency == currency);
            Some(Recommendation {
                recommendation_type: RecommendationType::BestPrice,
                deal_score: DealScore::from_score(score),
                score_value: score,
                title: format!("Best Price: {}", item_title(r)),
                description: format!("Lowest on Discogs, {for_sale} for sale"),
                recommendation_reason: format!("Competitive pricing with {pc:.0}% price score"),
                total_items: 1,
                wantlist_items: u32::from(r.is_in_wantlist),
                total_value: price,
                estimated_shipping: shipping,
                total_cost: add(price, shipping.unwrap_or(Money::zero(currency))),
                potential_savings: None,
                seller: None,
                item_ids: vec![r.id.clone()],
            })
        })
        .collect();
    // Best first; among equals want-list items first; the sort is stable (input order last).
    recs.sort_by(|a, b| b.score_value.total_cmp(&a.score_value).then_with(|| b.wantlist_items.cmp(&a.wantlist_items)));
    recs.truncate(TOP_SELLERS);
    recs
}

fn item_title(r: &StoredResult) -> &str {
    let t = r.listing.title.as_str();
    if t.is_empty() { "Unknown Item" } else { t }
}

/// Same-currency sum that saturates instead of failing: inputs are bounded sums of listing prices.
fn add(a: Money, b: Money) -> Money {
    a.checked_add(b).unwrap_or(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/behaviour.md#recommendations deal-level vectors 92/82/72/62/45.
    #[test]
    fn deal_levels() {
        use DealScore::*;
        let cases = [
            (92.0, Excellent),
            (82.0, VeryGood),
            (72.0, Good),
            (62.0, Fair),
            (45.0, Poor),
            (90.0, Excellent),
            (59.99, Poor),
        ];
        for (s, l) in cases {
            assert_eq!(DealScore::from_score(s), l, "{s}");
        }
        assert_eq!(serde_json::to_string(&VeryGood).unwrap(), "\"VERY_GOOD\"");
    }

    #[test]
    fn type_names() {
        assert_eq!(RecommendationType::MultiItemDeal.display_name(), "MULTI ITEM DEAL");
        assert_eq!(serde_json::to_string(&RecommendationType::HighFeedback).unwrap(), "\"HIGH_FEEDBACK\"");
    }
}
