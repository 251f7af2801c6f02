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
    /// Where the buyer is (ISO 3166-1 alpha-2), so a marketplace that can states shipping to
    /// them (eBay's `X-EBAY-C-ENDUSERCTX`).
    pub buyer_country: Option<String>,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>, filters: SearchFilters) -> Self {
        Self { query: query.into(), filters, buyer_country: None }
    }

    pub fn for_buyer_in(mut self, country: Option<String>) -> Self {
        self.buyer_country = country;
        self
    }
}

/// A marketplace that can answer a saved search with normalised listings.
pub trait ListingSource: Send + Sync {
    fn platform(&self) -> Platform;

    fn search<'a>(&'a self, request: &'a SearchRequest) -> BoxFuture<'a, Result<Vec<Listing>, MarketError>>;
}
