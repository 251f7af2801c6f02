//! The port the fetchers search through: one implementation per marketplace
//! ([`DiscogsSource`](super::discogs::DiscogsSource), [`EbaySource`](super::ebay::EbaySource)),
//! and any fake a test needs.

use futures::future::BoxFuture;
use serde_json::{Map, Value};

use super::error::MarketError;
use crate::domain::listing::Listing;
use crate::domain::platform::Platform;

/// A saved search's query and its `filters` object (SPEC §4.3/§4.4 keys).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Map<String, Value>,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>, filters: Map<String, Value>) -> Self {
        Self { query: query.into(), filters }
    }

    pub(crate) fn text(&self, key: &str) -> Option<&str> {
        self.filters.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    }

    /// A filter given as a number or a numeric string (`"25.00"`), kept as its decimal text.
    pub(crate) fn decimal(&self, key: &str) -> Option<String> {
        match self.filters.get(key)? {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }

    pub(crate) fn integer(&self, key: &str) -> Option<i64> {
        match self.filters.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A marketplace that can answer a saved search with normalised listings.
pub trait ListingSource: Send + Sync {
    fn platform(&self) -> Platform;

    fn search<'a>(&'a self, request: &'a SearchRequest) -> BoxFuture<'a, Result<Vec<Listing>, MarketError>>;
}
