//! The stored analysis, multi-item deals and price comparison as the API shows them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;
use utoipa::ToSchema;
use uuid::Uuid;
use vinyldigger::domain::compare::{PressingGroup, PriceGroup, PriceListing};
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::recommend::{DealScore, Recommendation, RecommendationType};
use vinyldigger::domain::sellers::SellerAnalysis;
use vinyldigger::store::analysis::StoredAnalysis;

use super::{SellerSummary, amount, item_data, nonzero_amount, seller_uuid};

#[derive(Serialize, ToSchema)]
pub struct AnalysisSummaryView {
    pub id: Uuid,
    pub total_results: u32,
    pub total_sellers: u32,
    pub multi_item_sellers: u32,
    #[schema(required = true)]
    pub min_price: Option<f64>,
    #[schema(required = true)]
    pub max_price: Option<f64>,
    #[schema(required = true)]
    pub avg_price: Option<f64>,
    pub wantlist_matches: u32,
    pub collection_duplicates: u32,
    pub new_discoveries: u32,
    /// Not in the original API: priced listings left out of every amount because their currency
    /// has no exchange rate (docs/behaviour.md#money-and-currencies), so the app can say why a total looks low.
    pub other_currency_results: u32,
    /// ISO 4217 code of every amount of the analysis (the user's currency when it was analysed).
    pub currency: String,
    /// The day of the exchange rates the amounts were converted with; `null` when none were.
    #[schema(required = true)]
    pub rates_date: Option<chrono::NaiveDate>,
    /// Currencies without an exchange rate, whose listings are the `other_currency_results`.
    pub unconverted_currencies: Vec<String>,
    #[schema(required = true)]
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct RecommendationView {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub kind: RecommendationKind,
    pub deal_score: DealScore,
    pub score_value: f64,
    pub title: String,
    pub description: String,
    pub recommendation_reason: String,
    pub total_items: u32,
    pub wantlist_items: u32,
    pub total_value: f64,
    #[schema(required = true)]
    pub estimated_shipping: Option<f64>,
    pub total_cost: f64,
    #[schema(required = true)]
    pub potential_savings: Option<f64>,
    #[schema(required = true)]
    pub seller: Option<SellerSummary>,
    pub item_ids: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SellerDetail {
    pub id: Uuid,
    pub name: String,
    #[schema(required = true)]
    pub location: Option<String>,
    #[schema(required = true)]
    pub country_code: Option<String>,
    #[schema(required = true)]
    pub feedback_score: Option<f64>,
    #[schema(required = true)]
    pub total_feedback_count: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct SellerAnalysisView {
    pub rank: u32,
    pub total_items: u32,
    pub wantlist_items: u32,
    pub total_value: f64,
    #[schema(required = true)]
    pub estimated_shipping: Option<f64>,
    pub overall_score: f64,
    pub price_competitiveness: f64,
    pub inventory_depth_score: f64,
    pub seller_reputation_score: f64,
    pub location_preference_score: f64,
    pub condition_value_score: f64,
    #[schema(required = true)]
    pub seller: Option<SellerDetail>,
}

#[derive(Serialize, ToSchema)]
pub struct AnalysisResponse {
    pub search_id: Uuid,
    pub analysis_completed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<AnalysisSummaryView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<Vec<RecommendationView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seller_analyses: Option<Vec<SellerAnalysisView>>,
}

/// A recommendation's type as the API writes it: the stored name with spaces (`MULTI ITEM DEAL`).
#[derive(Serialize, ToSchema)]
pub enum RecommendationKind {
    #[serde(rename = "BEST PRICE")]
    BestPrice,
    #[serde(rename = "MULTI ITEM DEAL")]
    MultiItemDeal,
    #[serde(rename = "CONDITION VALUE")]
    ConditionValue,
    #[serde(rename = "LOCATION PREFERENCE")]
    LocationPreference,
    #[serde(rename = "HIGH FEEDBACK")]
    HighFeedback,
}

impl From<RecommendationType> for RecommendationKind {
    fn from(kind: RecommendationType) -> Self {
        match kind {
            RecommendationType::BestPrice => RecommendationKind::BestPrice,
            RecommendationType::MultiItemDeal => RecommendationKind::MultiItemDeal,
            RecommendationType::ConditionValue => RecommendationKind::ConditionValue,
            RecommendationType::LocationPreference => RecommendationKind::LocationPreference,
            RecommendationType::HighFeedback => RecommendationKind::HighFeedback,
        }
    }
}

/// Recommendations have no id of their own; a stable one is derived from the analysis and rank.
fn recommendation_id(analysis: Uuid, rank: usize) -> Uuid {
    Uuid::new_v5(&analysis, format!("recommendation:{rank}").as_bytes())
}

pub fn recommendation_view(analysis: Uuid, rank: usize, r: &Recommendation) -> RecommendationView {
    RecommendationView {
        id: recommendation_id(analysis, rank),
        kind: r.recommendation_type.into(),
        deal_score: r.deal_score,
        score_value: r.score_value,
        title: r.title.clone(),
        description: r.description.clone(),
        recommendation_reason: r.recommendation_reason.clone(),
        total_items: r.total_items,
        wantlist_items: r.wantlist_items,
        total_value: amount(r.total_value),
        estimated_shipping: nonzero_amount(r.estimated_shipping),
        total_cost: amount(r.total_cost),
        potential_savings: nonzero_amount(r.potential_savings),
        seller: r.seller.as_ref().map(SellerSummary::from),
        item_ids: r.item_ids.clone(),
    }
}

pub fn seller_view(s: &SellerAnalysis) -> SellerAnalysisView {
    let seller = &s.seller;
    SellerAnalysisView {
        rank: s.rank,
        total_items: s.total_items,
        wantlist_items: s.wantlist_items,
        total_value: amount(s.total_value),
        estimated_shipping: nonzero_amount(Some(s.estimated_shipping)),
        overall_score: s.overall_score,
        price_competitiveness: s.price_competitiveness,
        inventory_depth_score: s.inventory_depth_score,
        seller_reputation_score: s.seller_reputation_score,
        location_preference_score: s.location_preference_score,
        condition_value_score: s.condition_value_score,
        seller: Some(SellerDetail {
            id: seller_uuid(seller.platform, &seller.id),
            name: seller.name.clone(),
            location: seller.location.clone(),
            country_code: serde_json::to_value(seller.country_code).ok().and_then(|v| v.as_str().map(str::to_owned)),
            feedback_score: seller.feedback_score.filter(|f| *f != 0.0),
            total_feedback_count: seller.total_feedback_count,
        }),
    }
}

pub fn summary_view(stored: &StoredAnalysis) -> AnalysisSummaryView {
    let s = &stored.analysis.summary;
    AnalysisSummaryView {
        id: stored.id,
        total_results: s.total_results,
        total_sellers: s.total_sellers,
        multi_item_sellers: s.multi_item_sellers,
        min_price: nonzero_amount(s.min_price),
        max_price: nonzero_amount(s.max_price),
        avg_price: nonzero_amount(s.avg_price),
        wantlist_matches: s.wantlist_matches,
        collection_duplicates: s.collection_duplicates,
        new_discoveries: s.new_discoveries,
        other_currency_results: s.other_currency_results,
        currency: s.currency.to_string(),
        rates_date: s.rates_date,
        unconverted_currencies: s.unconverted_currencies.iter().map(ToString::to_string).collect(),
        completed_at: Some(stored.completed_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct DealView {
    #[schema(required = true)]
    pub seller: Option<SellerSummary>,
    pub total_items: u32,
    pub wantlist_items: u32,
    pub total_value: f64,
    #[schema(required = true)]
    pub estimated_shipping: Option<f64>,
    pub total_cost: f64,
    #[schema(required = true)]
    pub potential_savings: Option<f64>,
    pub deal_score: DealScore,
    pub item_ids: Vec<String>,
}

impl From<&Recommendation> for DealView {
    fn from(r: &Recommendation) -> Self {
        Self {
            seller: r.seller.as_ref().map(SellerSummary::from),
            total_items: r.total_items,
            wantlist_items: r.wantlist_items,
            total_value: amount(r.total_value),
            estimated_shipping: nonzero_amount(r.estimated_shipping),
            total_cost: amount(r.total_cost),
            potential_savings: nonzero_amount(r.potential_savings),
            deal_score: r.deal_score,
            item_ids: r.item_ids.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DealsResponse {
    pub search_id: Uuid,
    pub multi_item_deals: Vec<DealView>,
    /// ISO 4217 code of every amount of the deals; absent before the first analysis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The day of the exchange rates the amounts were converted with; absent when none were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rates_date: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemMatchView {
    #[schema(required = true)]
    pub id: Option<Uuid>,
    pub canonical_title: String,
    pub canonical_artist: String,
    pub total_matches: u32,
}

#[derive(Serialize, ToSchema)]
pub struct OfferView {
    pub id: String,
    pub platform: Platform,
    #[schema(required = true)]
    pub price: Option<f64>,
    #[schema(required = true)]
    pub shipping_price: Option<f64>,
    #[schema(required = true)]
    pub condition: Option<String>,
    #[schema(value_type = Object)]
    pub item_data: Value,
    #[schema(required = true)]
    pub seller: Option<SellerSummary>,
    pub is_in_wantlist: bool,
    pub is_in_collection: bool,
    /// The pressing key (`release:<id>`, `catno:<number>`) when known; `null` when the seller's
    /// title does not say which pressing it is.
    pub pressing: Option<String>,
    /// Why the offer is in this group: `master`, `name`, `catalogue_number`, `title` (every word
    /// of the record's name is in the seller's title) or `seller_title` (no known record fits;
    /// grouped with other sellers' titles of the same words).
    pub match_evidence: Option<String>,
    /// The price as listed, when `price` is its conversion into the comparison's currency.
    #[schema(required = true)]
    pub original_price: Option<MoneyView>,
    /// Price plus shipping to the user, in the comparison's currency.
    #[schema(required = true)]
    pub landed_cost: Option<f64>,
    /// Whether the landed cost's shipping is the seller-region → buyer-region estimate rather
    /// than the marketplace's own.
    pub shipping_estimated: bool,
}

/// An amount with its currency.
#[derive(Serialize, ToSchema)]
pub struct MoneyView {
    pub amount: f64,
    /// ISO 4217 code.
    pub currency: String,
}

impl From<vinyldigger::domain::money::Money> for MoneyView {
    fn from(m: vinyldigger::domain::money::Money) -> Self {
        Self { amount: amount(m), currency: m.currency.to_string() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PressingView {
    /// `null` for the offers whose pressing is unknown.
    pub key: Option<String>,
    pub release_id: Option<String>,
    pub catalog_number: Option<String>,
    pub label: Option<String>,
    /// Platforms offering it (`discogs`, `ebay`), in order of their cheapest offer.
    pub platforms: Vec<String>,
    pub lowest_price: Option<f64>,
    /// Ids of the group's `listings` of this pressing, cheapest first.
    pub listing_ids: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PriceGroupView {
    pub item_match: ItemMatchView,
    /// The record: the same for every offer of it on both platforms (32 hex digits).
    pub record_key: Option<String>,
    pub master_id: Option<String>,
    pub listings: Vec<OfferView>,
    /// The record's pressings, in order of their cheapest offer.
    pub pressings: Vec<PressingView>,
}

fn pressing_view(p: &PressingGroup) -> PressingView {
    PressingView {
        key: p.key.clone(),
        release_id: p.release_id.map(|id| id.to_string()),
        catalog_number: p.catalog_number.clone(),
        label: p.label.clone(),
        platforms: p.platforms.iter().map(|pl| pl.as_str().to_owned()).collect(),
        lowest_price: nonzero_amount(p.lowest_price),
        listing_ids: p.result_ids.clone(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PriceComparisonResponse {
    pub search_id: Uuid,
    /// This page's groups, in order of their cheapest offer; each shows at most its 100
    /// cheapest offers (`item_match.total_matches` counts all).
    #[schema(value_type = Vec<PriceGroupView>)]
    pub price_comparisons: Vec<Box<RawValue>>,
    /// The `cursor` of the next page; `null` on the last.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    /// Groups in the whole comparison.
    pub total_groups: u32,
    /// ISO 4217 code of the prices, shipping and landed costs (listings whose currency has no
    /// rate keep theirs and sort last; see `unconverted_currencies`); absent before the first
    /// analysis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The day of the exchange rates the amounts were converted with; absent when none were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rates_date: Option<chrono::NaiveDate>,
    /// Currencies without an exchange rate.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconverted_currencies: Vec<String>,
}

fn offer_view(l: &PriceListing) -> OfferView {
    OfferView {
        id: l.result_id.clone(),
        platform: l.platform,
        price: nonzero_amount(l.price),
        shipping_price: l.shipping_price.map(amount),
        condition: l.condition.clone(),
        item_data: item_data(&l.listing),
        seller: l.seller.as_ref().map(SellerSummary::from),
        is_in_wantlist: l.is_in_wantlist,
        is_in_collection: l.is_in_collection,
        pressing: l.pressing.as_ref().map(|p| p.key.clone()),
        match_evidence: l
            .match_evidence
            .and_then(|e| serde_json::to_value(e).ok())
            .and_then(|v| v.as_str().map(str::to_owned)),
        original_price: l.original_price.map(MoneyView::from),
        landed_cost: l.landed_cost.map(amount),
        shipping_estimated: l.shipping_estimated,
    }
}

impl From<&PriceGroup> for PriceGroupView {
    fn from(g: &PriceGroup) -> Self {
        Self {
            item_match: ItemMatchView {
                // Records are keyed by 32 hex digits, which is a UUID's width.
                id: g.item_match.id.as_deref().and_then(|f| Uuid::try_parse(f).ok()),
                canonical_title: g.item_match.canonical_title.clone(),
                canonical_artist: g.item_match.canonical_artist.clone(),
                total_matches: g.item_match.total_matches,
            },
            record_key: g.record_key.clone(),
            master_id: g.master_id.map(|id| id.to_string()),
            listings: g.listings.iter().map(offer_view).collect(),
            pressings: g.pressings.iter().map(pressing_view).collect(),
        }
    }
}
