//! The port the fetchers search through: one implementation per marketplace
//! ([`DiscogsSource`](super::discogs::DiscogsSource), [`EbaySource`](super::ebay::EbaySource)),
//! and any fake a test needs.

use futures::future::BoxFuture;

use super::error::MarketError;
use crate::domain::listing::Listing;
use crate::domain::platform::Platform;
use crate::domain::search_filters::SearchFilters;

/// A saved search's query and its filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub query: String,
    pub filters: SearchFilters,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>, filters: SearchFilters) -> Self {
        Self { query: query.into(), filters }
    }
}

/// A marketplace that can answer a saved search with normalised listings.
pub trait ListingSource: Send + Sync {
    fn platform(&self) -> Platform;

    fn search<'a>(&'a self, request: &'a SearchRequest) -> BoxFuture<'a, Result<Vec<Listing>, MarketError>>;
}
