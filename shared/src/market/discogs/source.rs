//! The Discogs listing source (docs/architecture.md#marketplaces): database search for the saved-search query, then
//! marketplace statistics per candidate release, giving one release offer per release for sale.

use futures::FutureExt;
use futures::future::BoxFuture;

use super::client::{DiscogsClient, ReleaseFilters};
use crate::domain::listing::Listing;
use crate::domain::platform::Platform;
use crate::market::error::MarketError;
use crate::market::source::{ListingSource, SearchRequest};

/// Candidate releases looked up per search: each costs one statistics call of the 60/min budget.
pub const DEFAULT_CANDIDATES: u32 = 10;

pub struct DiscogsSource {
    client: DiscogsClient,
    candidates: u32,
}

impl DiscogsSource {
    pub fn new(client: DiscogsClient) -> Self {
        Self { client, candidates: DEFAULT_CANDIDATES }
    }

    pub fn with_candidates(mut self, candidates: u32) -> Self {
        self.candidates = candidates.max(1);
        self
    }

    pub fn client(&self) -> &DiscogsClient {
        &self.client
    }

    /// The filters the database search understands.
    pub fn filters(request: &SearchRequest) -> ReleaseFilters {
        let year = |y: Option<u32>| y.and_then(|y| i32::try_from(y).ok());
        ReleaseFilters {
            genre: request.filters.genre.clone(),
            style: request.filters.style.first().cloned(),
            year_from: year(request.filters.year_from),
            year_to: year(request.filters.year_to),
        }
    }

    async fn run(&self, request: &SearchRequest) -> Result<Vec<Listing>, MarketError> {
        let currency = request.filters.currency();
        // Landed-cost bounds are the post-filter's; only a maximum can drop offers early.
        let max = request.filters.marketplace_max_price();
        let filters = Self::filters(request);
        let hits = self.client.search_releases(&request.query, &filters, 1, self.candidates).await?;
        let releases: Vec<_> = hits.items.into_iter().take(self.candidates as usize).collect();
        let offers = self.client.release_offers(&releases, currency).await?;
        let kept: Vec<Listing> = offers
            .into_iter()
            .filter(|l| max.is_none_or(|m| l.price.currency != m.currency || l.price.minor <= m.minor))
            .collect();
        tracing::info!(query = %request.query, releases = releases.len(), offers = kept.len(), "Discogs search done");
        Ok(kept)
    }
}

impl ListingSource for DiscogsSource {
    fn platform(&self) -> Platform {
        Platform::Discogs
    }

    fn search<'a>(&'a self, request: &'a SearchRequest) -> BoxFuture<'a, Result<Vec<Listing>, MarketError>> {
        self.run(request).boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_come_from_the_spec_keys() {
        let filters = json!({"genre": "Jazz", "style": ["Hard Bop", "Modal"], "year_from": "1958", "year_to": 1965, "format": "CD"});
        let request = SearchRequest::new("blue note", serde_json::from_value(filters).unwrap());
        let f = DiscogsSource::filters(&request);
        assert_eq!(f.genre.as_deref(), Some("Jazz"));
        assert_eq!(f.style.as_deref(), Some("Hard Bop"));
        assert_eq!((f.year_from, f.year_to), (Some(1958), Some(1965)));
    }
}
