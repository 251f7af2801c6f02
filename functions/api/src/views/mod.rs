//! Every response body the API sends, by area; field names are the REST contract's.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;
use vinyldigger::domain::landed::LandedPricer;
use vinyldigger::domain::listing::{Listing, ListingKind, SellerInfo, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{SavedSearch, SearchSource};
use vinyldigger::domain::search_filters::SearchFilters;
use vinyldigger::domain::sellers::SellerRef;
use vinyldigger::domain::user::User;
use vinyldigger::market::MarketplaceMode;

mod account;
mod admin;
mod analysis;
mod lists;
pub mod notifications;
mod oauth;
mod price_history;

pub use account::{PreferencesResponse, TokenResponse};
pub use admin::AppConfigResponse;
pub use analysis::{
    AnalysisResponse, DealView, DealsResponse, MoneyView, PriceComparisonResponse, PriceGroupView, recommendation_view,
    seller_view, summary_view,
};
pub use lists::CollectionStatus;
pub use oauth::{AuthorizeResponse, Authorized, OAuthStatus, ebay_redirect_page};
pub use price_history::{DayView, ListingHistory, PricePointView, ReleaseHistory};

#[derive(Serialize, ToSchema)]
pub struct Message {
    pub message: String,
}

/// The answer to "run now": the run that was started, or the one already queued or running.
#[derive(Serialize, ToSchema)]
pub struct RunQueued {
    /// `Search queued successfully`, or `This search is already running`.
    pub message: &'static str,
    pub run_id: Uuid,
}

impl Message {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserResponse {
    pub id: Uuid,
    #[schema(format = Email)]
    pub email: String,
    /// Whether the user may manage the application credentials (the admin pages).
    pub is_admin: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl UserResponse {
    pub fn new(u: &User, is_admin: bool) -> Self {
        Self {
            id: u.id.as_uuid(),
            email: u.email.clone(),
            is_admin,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SavedSearchResponse {
    pub id: Uuid,
    pub name: String,
    pub query: String,
    pub platform: SearchPlatform,
    pub source: SearchSource,
    pub any_pressing: bool,
    pub filters: SearchFilters,
    pub is_active: bool,
    #[schema(minimum = 1, maximum = 8760)]
    pub check_interval_hours: u32,
    #[schema(required = true)]
    pub last_run_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(required = true)]
    pub min_record_condition: Option<String>,
    #[schema(required = true)]
    pub min_sleeve_condition: Option<String>,
    #[schema(required = true)]
    pub seller_location_preference: Option<String>,
}

impl From<&SavedSearch> for SavedSearchResponse {
    fn from(s: &SavedSearch) -> Self {
        Self {
            id: s.id.as_uuid(),
            name: s.name.clone(),
            query: s.query.clone(),
            platform: s.platform,
            source: s.source,
            any_pressing: s.any_pressing,
            filters: s.filters.clone(),
            is_active: s.is_active,
            check_interval_hours: s.check_interval_hours,
            last_run_at: s.last_run_at,
            created_at: s.created_at,
            updated_at: s.updated_at,
            min_record_condition: s.min_record_condition.clone(),
            min_sleeve_condition: s.min_sleeve_condition.clone(),
            seller_location_preference: s.seller_location_preference.clone(),
        }
    }
}

/// One result: the listing as the marketplace gave it (`item_data`, its amounts in
/// `item_data.currency`) and its amounts in the user's currency (`currency`).
#[derive(Serialize, ToSchema)]
pub struct SearchResultResponse {
    pub id: String,
    pub platform: Platform,
    pub item_id: String,
    /// The listing as listed: `price`, `shipping_price`/`shipping_cost` and `total_price` are
    /// in `item_data.currency`.
    #[schema(value_type = Object)]
    pub item_data: Value,
    pub is_in_collection: bool,
    pub is_in_wantlist: bool,
    #[schema(required = true)]
    pub created_at: Option<DateTime<Utc>>,
    /// ISO 4217 code of `price` and `landed_cost`: the user's currency (US dollars while no
    /// exchange rates are known).
    pub currency: String,
    /// The item price in `currency`; `null` without a price or when the listing's currency has
    /// no exchange rate (then only `item_data` has it, in its own currency).
    #[schema(required = true)]
    pub price: Option<f64>,
    /// Item + shipping to the user's country, in `currency`; `null` as `price`.
    #[schema(required = true)]
    pub landed_cost: Option<f64>,
    /// Whether `landed_cost`'s shipping is the region estimate rather than the marketplace's.
    pub shipping_estimated: bool,
    /// The price as listed, when it is in another currency than `currency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_price: Option<MoneyView>,
    /// The day of the exchange rates `price` and `landed_cost` were converted with; `null`
    /// when nothing was converted.
    #[schema(required = true)]
    pub rates_date: Option<chrono::NaiveDate>,
}

impl SearchResultResponse {
    /// The result with its amounts for the user `pricer` prices for.
    pub fn new(r: &StoredResult, pricer: &LandedPricer) -> Self {
        let amounts = pricer.amounts(&r.listing);
        let listed = r.listing.priced();
        Self {
            id: r.id.clone(),
            platform: r.listing.platform,
            item_id: r.listing.listing_id.clone(),
            item_data: item_data(&r.listing),
            is_in_collection: r.is_in_collection,
            is_in_wantlist: r.is_in_wantlist,
            created_at: r.created_at,
            currency: pricer.currency().to_string(),
            price: amounts.price.map(amount),
            landed_cost: amounts.landed.map(|(m, _)| amount(m)),
            shipping_estimated: amounts.landed.is_some_and(|(_, estimated)| estimated),
            original_price: listed.filter(|p| p.currency != pricer.currency()).map(MoneyView::from),
            rates_date: pricer.rates().filter(|_| amounts.converted).map(|r| r.date),
        }
    }
}

/// Money as the JSON number clients expect (docs/behaviour.md#conventions): only ever at this boundary.
pub fn amount(money: Money) -> f64 {
    money.to_f64()
}

/// `null` for a missing or zero amount, as the original API's analysis fields are.
pub fn nonzero_amount(money: Option<Money>) -> Option<f64> {
    money.filter(|m| !m.is_zero()).map(amount)
}

/// The listing as the web app reads it (docs/architecture.md#discogs / §4.4 `item_data` and Appendix B links).
pub fn item_data(l: &Listing) -> Value {
    let price = amount(l.price);
    let shipping = l.shipping.map(amount);
    let mut data = json!({
        "id": l.listing_id,
        "kind": match l.kind { ListingKind::Listing => "listing", ListingKind::ReleaseOffer { .. } => "release_offer" },
        "title": l.title,
        "artist": l.artist,
        "album": l.release_title,
        "year": l.year,
        "format": l.format,
        "catno": l.catalog_number,
        "release_id": l.release_id.map(|id| id.to_string()),
        "price": price,
        "currency": l.price.currency.as_str(),
        "condition": l.media_condition,
        "sleeve_condition": l.sleeve_condition,
        "image_url": l.image_url,
        "posted": l.posted_at,
        "seller": l.seller.as_ref().map(seller_data),
    });
    if let ListingKind::ReleaseOffer { for_sale } = l.kind {
        data["for_sale"] = json!(for_sale);
    }
    // Marketplaces state shipping in the item's currency; should one not (or a conversion have
    // had a rate for the price only), the shipping says its own.
    if let Some(other) = l.shipping.map(|m| m.currency).filter(|c| *c != l.price.currency) {
        data["shipping_currency"] = json!(other.as_str());
    }
    // A want-list run says which want a listing answers and which pressing it is.
    if let Some(want) = l.want {
        data["want"] = json!({ "release_id": want.want_release_id.to_string(), "pressing": want.pressing });
    }
    match l.platform {
        Platform::Discogs => {
            data["uri"] = json!(l.web_url);
            data["item_url"] = json!(l.web_url);
            data["thumb"] = json!(l.image_url);
            data["shipping_price"] = json!(shipping);
        }
        Platform::Ebay => {
            data["item_web_url"] = json!(l.web_url);
            data["shipping_cost"] = json!(shipping.unwrap_or(0.0));
            // Normalisation refuses absurd amounts, so the sum fits; were it not to (or were the
            // currencies to differ), the total is left out rather than wrong.
            let total = l.shipping.map_or(Ok(l.price), |s| l.price.checked_add(s));
            data["total_price"] = match total {
                Ok(total) => json!(amount(total)),
                Err(error) => {
                    tracing::debug!(listing_id = %l.listing_id, %error, "listing total not computable");
                    Value::Null
                }
            };
            data["location"] = json!({ "country": l.seller.as_ref().and_then(|s| s.location.clone()) });
        }
    }
    data
}

fn seller_data(s: &SellerInfo) -> Value {
    json!({
        "id": s.id,
        "username": s.name,
        "url": s.url,
        "location": s.location,
        "rating": s.feedback_percentage,
        "feedback_percentage": s.feedback_percentage,
        "feedback_score": s.feedback_count,
    })
}

/// Sellers have no id of their own in a single-table design; the API gives each a stable UUID
/// derived from its natural key, so the same seller has the same id everywhere.
pub fn seller_uuid(platform: Platform, id: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("vinyldigger:seller:{platform}:{id}").as_bytes())
}

/// The seller object of recommendations, deals and offers (docs/behaviour.md#analysis-endpoints).
#[derive(Serialize, ToSchema)]
pub struct SellerSummary {
    pub id: Uuid,
    pub name: String,
    #[schema(required = true)]
    pub location: Option<String>,
    /// `null` when unknown or zero.
    #[schema(required = true)]
    pub feedback_score: Option<f64>,
}

impl From<&SellerRef> for SellerSummary {
    fn from(s: &SellerRef) -> Self {
        Self {
            id: seller_uuid(s.platform, &s.id),
            name: s.name.clone(),
            location: s.location.clone(),
            feedback_score: s.feedback_score.filter(|f| *f != 0.0),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DocumentList {
    pub documents: Vec<&'static str>,
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `healthy`: liveness only, it must answer even when a dependency is down.
    #[schema(pattern = "^healthy$")]
    pub status: &'static str,
    /// Where marketplace calls go, for both marketplaces at once.
    pub marketplace: HealthMarketplace,
    /// Each marketplace's mode: `sandbox` (the local sandbox marketplace's generated data) or
    /// `real`. Absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marketplaces: Option<MarketplaceModes>,
}

/// Both marketplaces' mode in one word.
#[derive(Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum HealthMarketplace {
    /// Both answer from the local sandbox marketplace.
    Sandbox,
    /// Both are the real Discogs and eBay.
    Real,
    /// One is real, the other the sandbox: see `marketplaces`.
    Mixed,
    /// The stored app credentials, which decide the mode, could not be read just now.
    Unknown,
}

#[derive(Serialize, ToSchema)]
pub struct MarketplaceModes {
    pub discogs: MarketplaceMode,
    pub ebay: MarketplaceMode,
}

impl Health {
    pub fn new(discogs: MarketplaceMode, ebay: MarketplaceMode) -> Self {
        let marketplace = match (discogs, ebay) {
            (MarketplaceMode::Sandbox, MarketplaceMode::Sandbox) => HealthMarketplace::Sandbox,
            (MarketplaceMode::Real, MarketplaceMode::Real) => HealthMarketplace::Real,
            _ => HealthMarketplace::Mixed,
        };
        Self { status: "healthy", marketplace, marketplaces: Some(MarketplaceModes { discogs, ebay }) }
    }

    pub fn unknown_marketplaces() -> Self {
        Self { status: "healthy", marketplace: HealthMarketplace::Unknown, marketplaces: None }
    }
}

/// One value per marketplace, each present only when there is one.
#[derive(Serialize, ToSchema)]
pub struct PerPlatform<T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discogs: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebay: Option<T>,
}

impl<T: Clone> PerPlatform<T> {
    fn from_map(map: &std::collections::BTreeMap<Platform, T>) -> Self {
        Self { discogs: map.get(&Platform::Discogs).cloned(), ebay: map.get(&Platform::Ebay).cloned() }
    }
}

/// A run's progress, for the web app's live status.
#[derive(Serialize, ToSchema)]
pub struct RunResponse {
    pub id: Uuid,
    pub search_id: Uuid,
    pub status: RunStatus,
    pub platforms: Vec<Platform>,
    /// Marketplaces still being fetched.
    pub pending: Vec<Platform>,
    /// Listings received per marketplace.
    pub listings: PerPlatform<u32>,
    /// Why a marketplace's part failed.
    pub errors: PerPlatform<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(required = true)]
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<&Run> for RunResponse {
    fn from(r: &Run) -> Self {
        Self {
            id: r.id.as_uuid(),
            search_id: r.search_id.as_uuid(),
            status: r.status,
            platforms: r.platforms.clone(),
            pending: r.pending.iter().copied().collect(),
            listings: PerPlatform::from_map(&r.listings),
            errors: PerPlatform::from_map(&r.errors),
            created_at: r.created_at,
            updated_at: r.updated_at,
            completed_at: r.completed_at,
        }
    }
}
