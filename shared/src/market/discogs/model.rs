//! Discogs API answers: the raw JSON shapes (private) and the typed items callers get.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::money::{Currency, Money};

/// One page of a paged Discogs answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub pages: u32,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn is_last(&self) -> bool {
        self.items.is_empty() || self.page >= self.pages
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub(crate) struct Pagination {
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub pages: u32,
    #[serde(default)]
    pub items: u64,
}

/// A release as Discogs describes it in search results, want lists and collections.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReleaseInfo {
    pub release_id: u64,
    pub master_id: Option<u64>,
    /// The release title without the artist.
    pub title: String,
    /// Artist names, Discogs' disambiguation suffix (`Nirvana (2)`) removed.
    pub artists: Vec<String>,
    pub year: Option<i32>,
    /// Format names (`Vinyl`) followed by their descriptions (`LP`, `Album`).
    pub formats: Vec<String>,
    pub labels: Vec<String>,
    pub catalog_number: Option<String>,
    pub country: Option<String>,
    pub genres: Vec<String>,
    pub styles: Vec<String>,
    pub thumb: Option<String>,
    pub cover_image: Option<String>,
}

impl ReleaseInfo {
    /// Artists joined with `", "` (docs/behaviour.md#collections-and-want-lists).
    pub fn artist(&self) -> String {
        self.artists.join(", ")
    }

    /// `Artist - Title`, the way Discogs titles releases.
    pub fn full_title(&self) -> String {
        match self.artist() {
            a if a.is_empty() => self.title.clone(),
            a => format!("{a} - {}", self.title),
        }
    }
}

/// An entry of a user's want list (`GET /users/{name}/wants`).
#[derive(Debug, Clone, PartialEq)]
pub struct WantItem {
    pub release: ReleaseInfo,
    pub date_added: Option<DateTime<Utc>>,
    pub notes: String,
    pub rating: u8,
    /// Discogs' object as received, for the stored metadata (docs/behaviour.md#collections-and-want-lists).
    pub basic_information: Value,
}

/// An entry of a user's collection (`GET /users/{name}/collection/folders/0/releases`).
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionItem {
    pub instance_id: u64,
    pub folder_id: u64,
    pub release: ReleaseInfo,
    pub date_added: Option<DateTime<Utc>>,
    pub rating: u8,
    pub basic_information: Value,
}

/// `GET /marketplace/stats/{release_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseStats {
    pub lowest_price: Option<Money>,
    pub num_for_sale: u32,
    pub blocked_from_sale: bool,
}

// --- raw shapes -------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
pub(crate) struct RawPrice {
    pub value: serde_json::Number,
    #[serde(default, alias = "curr_abbr")]
    pub currency: Option<String>,
}

impl RawPrice {
    pub fn money(&self) -> Option<Money> {
        let currency = self.currency.as_deref().map_or(Ok(Currency::USD), Currency::new).ok()?;
        Money::from_json_number(&self.value, currency).ok()
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawStats {
    #[serde(default)]
    pub lowest_price: Option<RawPrice>,
    #[serde(default)]
    pub num_for_sale: Option<u32>,
    #[serde(default)]
    pub blocked_from_sale: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawSearch {
    #[serde(default)]
    pub pagination: Pagination,
    #[serde(default)]
    pub results: Vec<RawSearchHit>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawSearchHit {
    pub id: u64,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub year: Option<Value>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub format: Vec<String>,
    #[serde(default)]
    pub label: Vec<String>,
    #[serde(default)]
    pub genre: Vec<String>,
    #[serde(default)]
    pub style: Vec<String>,
    #[serde(default)]
    pub catno: Option<String>,
    #[serde(default)]
    pub master_id: Option<u64>,
    #[serde(default)]
    pub thumb: Option<String>,
    #[serde(default)]
    pub cover_image: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawWants {
    #[serde(default)]
    pub pagination: Pagination,
    #[serde(default)]
    pub wants: Vec<RawWant>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawWant {
    #[serde(default)]
    pub rating: u8,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub date_added: Option<String>,
    pub basic_information: Value,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawCollection {
    #[serde(default)]
    pub pagination: Pagination,
    #[serde(default)]
    pub releases: Vec<RawCollectionRelease>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawCollectionRelease {
    pub instance_id: u64,
    #[serde(default)]
    pub folder_id: u64,
    #[serde(default)]
    pub rating: u8,
    #[serde(default)]
    pub date_added: Option<String>,
    pub basic_information: Value,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawBasicInformation {
    pub id: u64,
    #[serde(default)]
    pub master_id: Option<u64>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub thumb: Option<String>,
    #[serde(default)]
    pub cover_image: Option<String>,
    #[serde(default)]
    pub formats: Vec<RawFormat>,
    #[serde(default)]
    pub labels: Vec<RawLabel>,
    #[serde(default)]
    pub artists: Vec<RawArtist>,
    #[serde(default)]
    pub genres: Vec<String>,
    #[serde(default)]
    pub styles: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawFormat {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub descriptions: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawLabel {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub catno: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawArtist {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawInventory {
    #[serde(default)]
    pub pagination: Pagination,
    #[serde(default)]
    pub listings: Vec<RawListing>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawListing {
    pub id: u64,
    #[serde(default)]
    pub status: Option<String>,
    pub price: RawPrice,
    #[serde(default)]
    pub shipping_price: Option<RawPrice>,
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub sleeve_condition: Option<String>,
    #[serde(default)]
    pub ships_from: Option<String>,
    #[serde(default)]
    pub posted: Option<String>,
    #[serde(default)]
    pub uri: Option<String>,
    pub seller: RawSeller,
    pub release: RawListingRelease,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawSeller {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub html_url: Option<String>,
    #[serde(default)]
    pub stats: Option<RawSellerStats>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawSellerStats {
    /// A string such as `"99.8"` in Discogs' answers.
    #[serde(default)]
    pub rating: Option<Value>,
    #[serde(default)]
    pub total: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawListingRelease {
    pub id: u64,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub artist: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub catalog_number: Option<String>,
    #[serde(default)]
    pub thumbnail: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawVersions {
    #[serde(default)]
    pub versions: Vec<RawVersion>,
}

/// One release of a master (`GET /masters/{id}/versions`): the title has no artist.
#[derive(Debug, Deserialize)]
pub(crate) struct RawVersion {
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub major_formats: Vec<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub catno: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub released: Option<String>,
}
