//! The normalised domain `Listing` (docs/architecture.md#marketplaces) and the stored-result wrapper the analysis reads.
//!
//! Fetchers turn marketplace answers into `Listing`s; nothing here knows a marketplace's JSON.
//! Three shapes exist:
//! * eBay listings (Browse API) — a seller, one price, shipping;
//! * Discogs inventory listings — a seller, media/sleeve grades, price;
//! * Discogs *release offers* (marketplace stats of a release) — lowest price and number for sale,
//!   **no seller**. They take part in matching, the summary, price comparison and best-price
//!   recommendations, but never in seller scoring or multi-item bundles.

use crate::domain::condition::Grade;
use crate::domain::money::Money;
use crate::domain::platform::Platform;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What kind of offer a listing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ListingKind {
    /// One concrete item offered by one seller.
    #[default]
    Listing,
    /// Discogs marketplace statistics for a release: `price` is the lowest price, `for_sale` the
    /// number of copies listed. There is no seller.
    ReleaseOffer { for_sale: u32 },
}

/// Seller facts as the marketplace reports them on a listing (docs/behaviour.md#sellers and docs/spec-deviations.md field mapping).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerInfo {
    /// Platform seller id: eBay username, Discogs username/id. Empty means "anonymous": such a
    /// seller never groups with any other listing (upstream synthesises a fresh id each time).
    pub id: String,
    pub name: String,
    /// Free text (`Chicago, IL`, `Germany`) or an ISO country code (`US`, eBay's itemLocation).
    #[serde(default)]
    pub location: Option<String>,
    /// Positive feedback in percent, 0–100 (eBay `feedbackPercentage`, Discogs rating).
    #[serde(default)]
    pub feedback_percentage: Option<f64>,
    /// Number of ratings (eBay `feedbackScore`, Discogs `stats.total`).
    #[serde(default)]
    pub feedback_count: Option<u64>,
    /// A seller-declared shipping estimate, used only when it is plausible (docs/behaviour.md#shipping-estimates).
    #[serde(default)]
    pub estimated_shipping: Option<Money>,
    #[serde(default)]
    pub url: Option<String>,
}

/// Sellers are global and keyed by (platform, platform seller id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SellerKey {
    pub platform: Platform,
    pub id: String,
}

/// One normalised marketplace listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub platform: Platform,
    /// eBay itemId, Discogs listing id, or for a release offer the release id.
    pub listing_id: String,
    #[serde(default)]
    pub kind: ListingKind,
    /// The title as the marketplace shows it (often `Artist - Album (…)`).
    pub title: String,
    #[serde(default)]
    pub artist: Option<String>,
    /// The album / release title without the artist, when the source provides it.
    #[serde(default)]
    pub release_title: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub catalog_number: Option<String>,
    #[serde(default)]
    pub release_id: Option<u64>,
    /// The Discogs master (all pressings of one record), where the API gives it: search hits and
    /// release objects do, marketplace inventory listings do not.
    #[serde(default)]
    pub master_id: Option<u64>,
    /// The record label, where the marketplace gives it.
    #[serde(default)]
    pub label: Option<String>,
    /// Item price. A zero amount means "no price" (upstream stores a falsy price as null).
    pub price: Money,
    #[serde(default)]
    pub shipping: Option<Money>,
    /// Media condition text as shown (`Near Mint (NM or M-)`, eBay `Like New`).
    #[serde(default)]
    pub media_condition: Option<String>,
    #[serde(default)]
    pub sleeve_condition: Option<String>,
    /// Parsed grades; filled by [`Listing::with_conditions`]. When absent the text is parsed on use.
    #[serde(default)]
    pub media_grade: Option<Grade>,
    #[serde(default)]
    pub sleeve_grade: Option<Grade>,
    #[serde(default)]
    pub seller: Option<SellerInfo>,
    #[serde(default)]
    pub web_url: Option<String>,
    #[serde(default)]
    pub image_url: Option<String>,
    #[serde(default)]
    pub posted_at: Option<DateTime<Utc>>,
    /// On a want-list run: the want this listing answers and which pressing it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub want: Option<crate::domain::wantlist::WantMatch>,
    /// Set only on the analysis's converted copy (`domain::landed`): the price as listed, when
    /// `price` is its conversion into the buyer's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_price: Option<Money>,
    /// Set only on the converted copy: price plus shipping to the buyer, in `price`'s currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landed_cost: Option<Money>,
    /// Whether `landed_cost`'s shipping is the region estimate rather than the marketplace's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shipping_estimated: bool,
}

impl Listing {
    /// A listing with only the required facts; the rest can be filled field by field.
    pub fn new(platform: Platform, listing_id: impl Into<String>, title: impl Into<String>, price: Money) -> Self {
        Listing {
            platform,
            listing_id: listing_id.into(),
            kind: ListingKind::Listing,
            title: title.into(),
            artist: None,
            release_title: None,
            year: None,
            format: None,
            catalog_number: None,
            release_id: None,
            master_id: None,
            label: None,
            price,
            shipping: None,
            media_condition: None,
            sleeve_condition: None,
            media_grade: None,
            sleeve_grade: None,
            seller: None,
            web_url: None,
            image_url: None,
            posted_at: None,
            want: None,
            original_price: None,
            landed_cost: None,
            shipping_estimated: false,
        }
    }

    /// The first of the listing's price and shipping that no marketplace can mean
    /// ([`Money::is_plausible_charge`]); normalisation drops such a listing.
    pub fn implausible_amount(&self) -> Option<Money> {
        std::iter::once(self.price).chain(self.shipping).find(|m| !m.is_plausible_charge())
    }

    /// Sets the condition texts and their parsed grades together, so they cannot disagree.
    pub fn with_conditions(mut self, media: Option<&str>, sleeve: Option<&str>) -> Self {
        self.media_condition = media.map(str::to_string);
        self.sleeve_condition = sleeve.map(str::to_string);
        self.media_grade = media.and_then(Grade::parse);
        self.sleeve_grade = sleeve.and_then(Grade::parse);
        self
    }

    pub fn with_seller(mut self, seller: SellerInfo) -> Self {
        self.seller = Some(seller);
        self
    }

    pub fn is_release_offer(&self) -> bool {
        matches!(self.kind, ListingKind::ReleaseOffer { .. })
    }

    /// The price if it is "truthy" (non-zero), as upstream's `item_price` column.
    pub fn priced(&self) -> Option<Money> {
        (!self.price.is_zero()).then_some(self.price)
    }

    pub fn media(&self) -> Option<Grade> {
        self.media_grade.or_else(|| self.media_condition.as_deref().and_then(Grade::parse))
    }

    pub fn sleeve(&self) -> Option<Grade> {
        self.sleeve_grade.or_else(|| self.sleeve_condition.as_deref().and_then(Grade::parse))
    }

    /// The minimum-condition filter of docs/behaviour.md#condition-grades and docs/spec-deviations.md applied to this listing's grades.
    pub fn meets_minimum(
        &self,
        min_media: Option<Grade>,
        min_sleeve: Option<Grade>,
    ) -> Result<(), crate::domain::condition::BelowMinimum> {
        crate::domain::condition::meets_minimum(self.media(), self.sleeve(), min_media, min_sleeve)
    }

    /// The seller that can be scored: release offers have none, by definition.
    pub fn scored_seller(&self) -> Option<&SellerInfo> {
        if self.is_release_offer() { None } else { self.seller.as_ref() }
    }
}

/// The record a stored result was matched to (docs/matching.md), as far as the analysis and the
/// price comparison need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemMatchRef {
    /// The record key: 32 lower-case hex digits, the same for every listing of one record.
    pub fingerprint: String,
    pub canonical_title: String,
    pub canonical_artist: String,
    #[serde(default)]
    pub master_id: Option<u64>,
    /// The pressing, when known (a Discogs release, or a catalogue number in a seller's title).
    #[serde(default)]
    pub pressing: Option<PressingRef>,
    #[serde(default)]
    pub evidence: Option<crate::domain::record_identity::MatchEvidence>,
}

/// One pressing (Discogs release) of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PressingRef {
    /// `release:<id>`, or `catno:<compact catalogue number>` when the release is unknown.
    pub key: String,
    #[serde(default)]
    pub release_id: Option<u64>,
    #[serde(default)]
    pub catalog_number: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
}

/// A listing as stored for a saved search, with the flags the analysis reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredResult {
    /// SearchResult id (UUID string); recommendations refer to results by this id.
    pub id: String,
    pub listing: Listing,
    #[serde(default)]
    pub is_in_wantlist: bool,
    #[serde(default)]
    pub is_in_collection: bool,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// Set once item matching ran for this result.
    #[serde(default)]
    pub item_match: Option<ItemMatchRef>,
}

impl StoredResult {
    pub fn new(id: impl Into<String>, listing: Listing) -> Self {
        StoredResult {
            id: id.into(),
            listing,
            is_in_wantlist: false,
            is_in_collection: false,
            created_at: None,
            item_match: None,
        }
    }

    pub fn wanted(mut self, yes: bool) -> Self {
        self.is_in_wantlist = yes;
        self
    }

    pub fn owned(mut self, yes: bool) -> Self {
        self.is_in_collection = yes;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn serde_round_trip_with_release_offer() {
        let mut l = Listing::new(Platform::Discogs, "249504", "The Beatles - Abbey Road", Money::usd_cents(2599))
            .with_conditions(Some("Near Mint (NM or M-)"), Some("Generic"));
        l.kind = ListingKind::ReleaseOffer { for_sale: 42 };
        l.posted_at = Some(chrono::TimeZone::with_ymd_and_hms(&Utc, 2024, 5, 1, 12, 0, 0).unwrap());
        assert_eq!(l.media_grade, Some(Grade::NearMint));
        assert_eq!(l.sleeve_grade, None);
        let r = StoredResult::new("0b6f…", l).wanted(true);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["listing"]["kind"], serde_json::json!({"type": "release_offer", "for_sale": 42}));
        assert_eq!(json["listing"]["platform"], "discogs");
        let back: StoredResult = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        assert!(back.listing.scored_seller().is_none());
    }

    #[test]
    fn minimal_json_uses_defaults() {
        let json = serde_json::json!({
            "platform": "ebay", "listing_id": "v1|1|0", "title": "Miles Davis - Kind Of Blue",
            "price": {"minor": 1599, "currency": "USD"}
        });
        let l: Listing = serde_json::from_value(json).unwrap();
        assert_eq!(l.kind, ListingKind::Listing);
        assert_eq!(l.priced(), Some(Money::usd_cents(1599)));
        assert_eq!(Listing::new(Platform::Ebay, "x", "t", Money::zero(Currency::USD)).priced(), None);
    }

    #[test]
    fn grades_fall_back_to_text() {
        let mut l = Listing::new(Platform::Ebay, "1", "t", Money::usd_cents(1));
        l.media_condition = Some("Like New".into());
        assert_eq!(l.media(), Some(Grade::NearMint));
        assert!(l.meets_minimum(Some(Grade::VeryGoodPlus), Some(Grade::Mint)).is_ok()); // sleeve unknown
        assert!(l.meets_minimum(Some(Grade::Mint), None).is_err());
    }
}
