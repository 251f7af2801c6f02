//! The Discogs data client: database search, marketplace statistics, seller inventories, want
//! lists and collections. Every call is authenticated as configured, carries the User-Agent, and
//! draws from the shared rate bucket of its identity.

use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION};
use reqwest::{Client, Method, RequestBuilder, Url};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::model::{
    CollectionItem, Page, Pagination, RawCollection, RawInventory, RawSearch, RawStats, RawVersions, RawWants,
    ReleaseInfo, ReleaseStats, WantItem,
};
use super::normalise;
use super::oauth::{ACCEPT_DISCOGS, ConsumerCredentials, TokenPair, api_url, signed};
use super::signing::percent_encode;
use crate::domain::listing::Listing;
use crate::domain::money::Currency;
use crate::market::endpoints::Endpoints;
use crate::market::error::MarketError;
use crate::market::http::{self, Retry, Throttle};
use crate::market::rate::{BucketId, RateLimiter, RatePolicy};

/// Discogs' largest page.
pub const MAX_PER_PAGE: u32 = 100;

/// How a client authenticates.
#[derive(Debug, Clone)]
pub enum DiscogsAuth {
    /// OAuth 1.0a on behalf of a linked user (60/min).
    User { consumer: ConsumerCredentials, access: TokenPair },
    /// The app's key and secret (`Authorization: Discogs key=…, secret=…`), enough for database
    /// search and marketplace statistics (60/min).
    App(ConsumerCredentials),
    /// No credentials (25/min; database search is refused).
    Anonymous,
}

impl DiscogsAuth {
    /// The rate bucket identity: never the token itself.
    fn identity(&self) -> String {
        match self {
            DiscogsAuth::User { access, .. } => {
                let digest = Sha256::digest(access.token.as_bytes());
                format!("user:{}", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())
            }
            DiscogsAuth::App(consumer) => format!("app:{}", consumer.key),
            DiscogsAuth::Anonymous => "anonymous".to_string(),
        }
    }

    fn policy(&self) -> RatePolicy {
        match self {
            DiscogsAuth::Anonymous => RatePolicy::discogs_anonymous(),
            _ => RatePolicy::discogs_authenticated(),
        }
    }
}

/// Database-search filters the API supports (docs/architecture.md#discogs keys `genre`, `style`, `year_from`,
/// `year_to`). Discogs takes one `year`; a range is applied to the hits instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseFilters {
    pub genre: Option<String>,
    pub style: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
}

impl ReleaseFilters {
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(genre) = &self.genre {
            q.push(("genre", genre.clone()));
        }
        if let Some(style) = &self.style {
            q.push(("style", style.clone()));
        }
        if let (Some(from), Some(to)) = (self.year_from, self.year_to)
            && from == to
        {
            q.push(("year", from.to_string()));
        }
        q
    }

    /// Whether a release's year is inside the range (an unknown year passes only an open range).
    pub fn admits(&self, release: &ReleaseInfo) -> bool {
        match (release.year, self.year_from, self.year_to) {
            (_, None, None) => true,
            (None, _, _) => false,
            (Some(y), from, to) => from.is_none_or(|f| y >= f) && to.is_none_or(|t| y <= t),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DiscogsClient {
    http: Client,
    endpoints: Endpoints,
    auth: DiscogsAuth,
    limiter: Option<RateLimiter>,
    bucket: BucketId,
    policy: RatePolicy,
    retry: Retry,
    max_wait: Duration,
}

impl DiscogsClient {
    /// A client drawing from the shared bucket of its identity.
    pub fn new(http: Client, endpoints: Endpoints, auth: DiscogsAuth, limiter: RateLimiter) -> Self {
        let mut client = Self::unthrottled(http, endpoints, auth);
        client.limiter = Some(limiter);
        client
    }

    /// A client without the shared limiter: only for one-off calls and tests.
    pub fn unthrottled(http: Client, endpoints: Endpoints, auth: DiscogsAuth) -> Self {
        let bucket = BucketId::new("discogs", auth.identity());
        let policy = auth.policy();
        Self {
            http,
            endpoints,
            auth,
            limiter: None,
            bucket,
            policy,
            retry: Retry::default(),
            max_wait: Duration::from_secs(20),
        }
    }

    pub fn with_retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// The longest one call waits for the shared budget before failing with `RateLimited`.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    pub fn bucket(&self) -> &BucketId {
        &self.bucket
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    fn request(&self, url: &Url) -> RequestBuilder {
        match &self.auth {
            DiscogsAuth::User { consumer, access } => {
                signed(&self.http, Method::GET, url, consumer, Some(access), None, None)
            }
            DiscogsAuth::App(consumer) => self
                .http
                .get(url.clone())
                .header(AUTHORIZATION, format!("Discogs key={}, secret={}", consumer.key, consumer.secret.expose()))
                .header(ACCEPT, ACCEPT_DISCOGS),
            DiscogsAuth::Anonymous => self.http.get(url.clone()).header(ACCEPT, ACCEPT_DISCOGS),
        }
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        label: &str,
    ) -> Result<T, MarketError> {
        let mut url = api_url(&self.endpoints, path)?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let throttle = self.limiter.as_ref().map(|limiter| Throttle {
            limiter,
            bucket: &self.bucket,
            policy: self.policy,
            max_wait: self.max_wait,
        });
        let response = http::send(&self.retry, throttle.as_ref(), label, || self.request(&url)).await?;
        http::json(response, label).await
    }

    /// `GET /database/search?type=release&format=Vinyl`: candidate releases for a query.
    pub async fn search_releases(
        &self,
        query: &str,
        filters: &ReleaseFilters,
        page: u32,
        per_page: u32,
    ) -> Result<Page<ReleaseInfo>, MarketError> {
        let mut q = vec![
            ("q", query.to_string()),
            ("type", "release".to_string()),
            ("format", "Vinyl".to_string()),
            ("page", page.max(1).to_string()),
            ("per_page", per_page.clamp(1, MAX_PER_PAGE).to_string()),
        ];
        q.extend(filters.query());
        let raw: RawSearch = self.get("/database/search", &q, "discogs database/search").await?;
        let items =
            raw.results.into_iter().filter(|h| h.kind.is_empty() || h.kind == "release").map(normalise::search_hit);
        Ok(page_of(items.filter(|r| filters.admits(r)).collect(), raw.pagination))
    }

    /// `GET /marketplace/stats/{release_id}` with prices in `currency`.
    pub async fn release_stats(&self, release_id: u64, currency: Currency) -> Result<ReleaseStats, MarketError> {
        let path = format!("/marketplace/stats/{release_id}");
        let raw: RawStats =
            self.get(&path, &[("curr_abbr", currency.to_string())], "discogs marketplace/stats").await?;
        Ok(normalise::stats(raw))
    }

    /// Release offers for releases (search hits or wanted releases): one stats call each; releases
    /// with nothing for sale are left out.
    pub async fn release_offers(
        &self,
        releases: &[ReleaseInfo],
        currency: Currency,
    ) -> Result<Vec<Listing>, MarketError> {
        let mut offers = Vec::new();
        for release in releases {
            let stats = self.release_stats(release.release_id, currency).await?;
            offers.extend(normalise::release_offer(release, &stats, &self.endpoints));
        }
        Ok(offers)
    }

    /// `GET /masters/{id}/versions`: the vinyl releases of the first page (100) of a master's
    /// versions, oldest first. Enough for "any pressing": later pages are rarities. Vinyl is
    /// told by `major_formats` here, not by the `format` filter, which matches the short
    /// format text ("LP, Album, RE").
    pub async fn master_versions(&self, master_id: u64) -> Result<Vec<ReleaseInfo>, MarketError> {
        let path = format!("/masters/{master_id}/versions");
        let q = [("sort", "released".to_string()), ("page", "1".to_string()), ("per_page", MAX_PER_PAGE.to_string())];
        let raw: RawVersions = self.get(&path, &q, "discogs masters/versions").await?;
        Ok(raw.versions.into_iter().filter_map(|v| normalise::version(v, master_id)).collect())
    }

    /// `GET /users/{name}/inventory`: one page of a seller's listings for sale, newest first.
    pub async fn inventory_page(&self, seller: &str, page: u32, per_page: u32) -> Result<Page<Listing>, MarketError> {
        let path = format!("/users/{}/inventory", percent_encode(seller));
        let q = [
            ("status", "For Sale".to_string()),
            ("sort", "listed".to_string()),
            ("sort_order", "desc".to_string()),
            ("page", page.max(1).to_string()),
            ("per_page", per_page.clamp(1, MAX_PER_PAGE).to_string()),
        ];
        let raw: RawInventory = self.get(&path, &q, "discogs users/inventory").await?;
        let listings = raw.listings.into_iter().filter_map(|l| normalise::inventory_listing(l, &self.endpoints));
        Ok(page_of(listings.collect(), raw.pagination))
    }

    /// `GET /users/{name}/wants`, one page of 100.
    pub async fn wants_page(&self, username: &str, page: u32) -> Result<Page<WantItem>, MarketError> {
        let path = format!("/users/{}/wants", percent_encode(username));
        let raw: RawWants = self.get(&path, &paging(page), "discogs users/wants").await?;
        Ok(page_of(raw.wants.into_iter().filter_map(normalise::want).collect(), raw.pagination))
    }

    /// `GET /users/{name}/collection/folders/0/releases`, one page of 100.
    pub async fn collection_page(&self, username: &str, page: u32) -> Result<Page<CollectionItem>, MarketError> {
        let path = format!("/users/{}/collection/folders/0/releases", percent_encode(username));
        let raw: RawCollection = self.get(&path, &paging(page), "discogs collection/folders/0/releases").await?;
        Ok(page_of(raw.releases.into_iter().filter_map(normalise::collection_item).collect(), raw.pagination))
    }

    /// The whole want list. Fails as a whole: a partial list must not replace a stored one.
    pub async fn all_wants(&self, username: &str) -> Result<Vec<WantItem>, MarketError> {
        let mut all = Vec::new();
        for page in 1.. {
            let p = self.wants_page(username, page).await?;
            let last = p.is_last();
            all.extend(p.items);
            if last {
                break;
            }
        }
        Ok(all)
    }

    /// The whole collection (folder 0 = all folders). Fails as a whole, like [`Self::all_wants`].
    pub async fn all_collection(&self, username: &str) -> Result<Vec<CollectionItem>, MarketError> {
        let mut all = Vec::new();
        for page in 1.. {
            let p = self.collection_page(username, page).await?;
            let last = p.is_last();
            all.extend(p.items);
            if last {
                break;
            }
        }
        Ok(all)
    }
}

fn paging(page: u32) -> [(&'static str, String); 2] {
    [("page", page.max(1).to_string()), ("per_page", MAX_PER_PAGE.to_string())]
}

fn page_of<T>(items: Vec<T>, p: Pagination) -> Page<T> {
    Page { items, page: p.page.max(1), pages: p.pages, total: p.items }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges_filter_hits() {
        let f = ReleaseFilters { year_from: Some(1970), year_to: Some(1979), ..Default::default() };
        assert!(f.query().is_empty());
        let at = |year| ReleaseInfo { year, ..Default::default() };
        assert!(f.admits(&at(Some(1975))) && !f.admits(&at(Some(1980))) && !f.admits(&at(None)));
        let exact =
            ReleaseFilters { year_from: Some(1969), year_to: Some(1969), genre: Some("Rock".into()), style: None };
        assert_eq!(exact.query(), vec![("genre", "Rock".to_string()), ("year", "1969".to_string())]);
        assert!(ReleaseFilters::default().admits(&at(None)));
    }

    #[test]
    fn identities_never_contain_tokens() {
        let user = DiscogsAuth::User {
            consumer: ConsumerCredentials::new("k", "s"),
            access: TokenPair::new("secret-token", "x"),
        };
        let id = user.identity();
        assert!(id.starts_with("user:") && !id.contains("secret-token"));
        assert_eq!(DiscogsAuth::Anonymous.policy(), RatePolicy::discogs_anonymous());
    }
}
