//! The Browse API client: `item_summary/search` with the application token (or a linked user's
//! token), the `X-EBAY-C-MARKETPLACE-ID` header and the shared daily call budget.

use std::time::Duration;

use futures::FutureExt;
use futures::future::BoxFuture;
use reqwest::header::{ACCEPT, AUTHORIZATION};
use reqwest::{Client, Url};

use super::app_token::{AppTokenCache, EbayAppCredentials};
use super::filters::search_params;
use super::model::SearchPagedCollection;
use super::normalise::normalise;
use crate::domain::listing::Listing;
use crate::domain::platform::Platform;
use crate::market::endpoints::Endpoints;
use crate::market::error::MarketError;
use crate::market::http::{self, Retry, Throttle};
use crate::market::rate::{BucketId, EBAY_DAILY_DEFAULT, RateLimiter, RatePolicy};
use crate::market::source::{ListingSource, SearchRequest};
use crate::secrets::Secret;

pub const DEFAULT_MARKETPLACE: &str = "EBAY_US";

#[derive(Debug, Clone)]
pub struct EbayClient {
    http: Client,
    endpoints: Endpoints,
    credentials: EbayAppCredentials,
    tokens: AppTokenCache,
    user_token: Option<Secret>,
    limiter: Option<RateLimiter>,
    bucket: BucketId,
    policy: RatePolicy,
    marketplace: String,
    retry: Retry,
    max_wait: Duration,
}

impl EbayClient {
    /// A client drawing from the app's daily budget (default [`EBAY_DAILY_DEFAULT`] calls).
    pub fn new(
        http: Client,
        endpoints: Endpoints,
        credentials: EbayAppCredentials,
        tokens: AppTokenCache,
        limiter: RateLimiter,
    ) -> Self {
        Self {
            http,
            endpoints,
            bucket: BucketId::new("ebay", credentials.client_id.clone()),
            credentials,
            tokens,
            user_token: None,
            limiter: Some(limiter),
            policy: RatePolicy::ebay_daily(EBAY_DAILY_DEFAULT),
            marketplace: DEFAULT_MARKETPLACE.to_string(),
            retry: Retry::default(),
            max_wait: Duration::from_secs(20),
        }
    }

    /// The daily call budget (docs/architecture.md#rate-limits-and-retries; configurable).
    pub fn with_daily_budget(mut self, calls: u32) -> Self {
        self.policy = RatePolicy::ebay_daily(calls);
        self
    }

    /// Search with a linked user's (fresh) access token instead of the app token.
    pub fn with_user_token(mut self, token: Secret) -> Self {
        self.user_token = Some(token);
        self
    }

    pub fn with_marketplace(mut self, marketplace_id: impl Into<String>) -> Self {
        self.marketplace = marketplace_id.into();
        self
    }

    pub fn with_retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    pub fn without_limiter(mut self) -> Self {
        self.limiter = None;
        self
    }

    pub fn bucket(&self) -> &BucketId {
        &self.bucket
    }

    async fn token(&self) -> Result<Secret, MarketError> {
        match &self.user_token {
            Some(token) => Ok(token.clone()),
            None => self.tokens.token(&self.http, &self.endpoints, &self.credentials, &self.retry).await,
        }
    }

    /// `GET /buy/browse/v1/item_summary/search` for a saved search, normalised. A 401 on the app
    /// token drops it from the cache and retries once with a fresh one.
    pub async fn search(&self, request: &SearchRequest) -> Result<Vec<Listing>, MarketError> {
        let mut url = Url::parse(&format!("{}/buy/browse/v1/item_summary/search", self.endpoints.ebay_api))
            .map_err(|e| MarketError::Permanent(format!("invalid eBay URL: {e}")))?;
        url.query_pairs_mut().extend_pairs(search_params(request));
        let mut token = self.token().await?;
        let mut refreshed = false;
        let answer: SearchPagedCollection = loop {
            match self.search_once(&url, &token, request.buyer_country.as_deref()).await {
                Err(MarketError::Unauthorized) if self.user_token.is_none() && !refreshed => {
                    tracing::warn!("eBay refused the app token; minting a new one");
                    self.tokens.invalidate(&self.endpoints, &self.credentials, &token).await?;
                    token = self.token().await?;
                    refreshed = true;
                }
                other => break other?,
            }
        };
        let listings: Vec<Listing> = answer.item_summaries.into_iter().filter_map(normalise).collect();
        tracing::info!(query = %request.query, total = answer.total, listings = listings.len(), "eBay search done");
        Ok(listings)
    }

    async fn search_once(
        &self,
        url: &Url,
        token: &Secret,
        buyer_country: Option<&str>,
    ) -> Result<SearchPagedCollection, MarketError> {
        // eBay states `shippingOptions` for the buyer's country when told where they are (the
        // value URL-encoded, as eBay documents it).
        let context = buyer_country.map(|c| format!("contextualLocation=country%3D{c}"));
        let label = "ebay item_summary/search";
        let throttle = self.limiter.as_ref().map(|limiter| Throttle {
            limiter,
            bucket: &self.bucket,
            policy: self.policy,
            max_wait: self.max_wait,
        });
        let response = http::send(&self.retry, throttle.as_ref(), label, || {
            let request = self
                .http
                .get(url.clone())
                .header(AUTHORIZATION, format!("Bearer {}", token.expose()))
                .header(ACCEPT, "application/json")
                .header("X-EBAY-C-MARKETPLACE-ID", &self.marketplace);
            match &context {
                Some(context) => request.header("X-EBAY-C-ENDUSERCTX", context),
                None => request,
            }
        })
        .await?;
        http::json(response, label).await
    }
}

/// The eBay listing source.
pub struct EbaySource {
    client: EbayClient,
}

impl EbaySource {
    pub fn new(client: EbayClient) -> Self {
        Self { client }
    }
}

impl ListingSource for EbaySource {
    fn platform(&self) -> Platform {
        Platform::Ebay
    }

    fn search<'a>(&'a self, request: &'a SearchRequest) -> BoxFuture<'a, Result<Vec<Listing>, MarketError>> {
        self.client.search(request).boxed()
    }
}
