//! The eBay fetcher: a fetch job becomes a Browse API search (with the linked user's token,
//! refreshed when it is about to expire, or the cached application token), post-filtered by
//! price range, minimum grade and seller region, and sent as numbered result batches.
//!
//! Failure rules: a transient failure (429, 5xx, timeouts, throttled DynamoDB/SQS) returns
//! `Err`, so SQS redelivers the job — until the job is older than [`Deps::give_up_after`], when
//! it is final; a permanent failure (refused app credentials, 4xx, malformed answers) ends the
//! eBay part of the run with an error batch. `Err` is otherwise returned only for messages that
//! cannot be handled at all (wrong platform, a corrupt stored item).

use std::collections::HashSet;

use aws_config::SdkConfig;
use chrono::{DateTime, Duration, Utc};
use tracing::Instrument;
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::aws::load_sdk_config;
use vinyldigger::batch::Failure;
use vinyldigger::config::Config;
use vinyldigger::domain::filters::{Filtered, PostFilter, Rejected};
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::ebay::{AppTokenCache, EbayAppCredentials, EbayClient, needs_refresh, refresh};
use vinyldigger::market::{Endpoints, MarketError, RateLimiter, Retry, SearchRequest, http_client};
use vinyldigger::queue::{FetchJob, QueueError, Queues, ResultBatch};
use vinyldigger::secrets::Secret;
use vinyldigger::store::{Store, StoreError};

/// The error a run shows when no eBay app keys exist (and no sandbox stands in).
pub const NOT_CONFIGURED: &str = "eBay is not configured";

/// Placeholder client id and secret of the sandbox mode (the sandbox checks only their presence).
pub const SANDBOX_PLACEHOLDER: &str = "sandbox";

/// How long a job keeps being retried after a transient failure. The fetch-ebay queue
/// redelivers after its 360 s visibility timeout, up to 3 receives: the second receive (≈6 min)
/// still retries, the third (≈12 min) gives up and reports the error.
pub const GIVE_UP_AFTER: Duration = Duration::minutes(10);

/// Everything the handler needs, built once per cold start.
pub struct Deps {
    pub config: Config,
    pub store: Store,
    pub queues: Queues,
    pub http: reqwest::Client,
    pub limiter: RateLimiter,
    pub cipher: FieldCipher,
    /// The application token, shared with every other Lambda through the table.
    pub tokens: AppTokenCache,
    /// Attempts per marketplace call.
    pub retry: Retry,
    pub give_up_after: Duration,
}

pub use vinyldigger::startup::InitError;
use vinyldigger::startup::load_data_key;

impl Deps {
    pub async fn from_env() -> Result<Self, InitError> {
        let config = Config::from_env()?;
        Self::new(config, &load_sdk_config().await).await
    }

    /// Reads the data key from SSM (it opens the stored credentials and the cached app token).
    pub async fn new(config: Config, sdk: &SdkConfig) -> Result<Self, InitError> {
        let cipher = load_data_key(&config, sdk).await?;
        Self::with_cipher(config, sdk, cipher)
    }

    /// With a data key already loaded (the local runner shares the API's).
    pub fn with_cipher(config: Config, sdk: &SdkConfig, cipher: FieldCipher) -> Result<Self, InitError> {
        let store = Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name);
        Ok(Self {
            queues: Queues::new(aws_sdk_sqs::Client::new(sdk), config.queues.clone()),
            limiter: RateLimiter::new(store.clone()),
            tokens: AppTokenCache::new(store.clone(), cipher.clone()),
            store,
            http: http_client()?,
            cipher,
            retry: Retry::default(),
            give_up_after: GIVE_UP_AFTER,
            config,
        })
    }

    /// Whether a job requested at `since` has been retried long enough.
    pub fn gave_up(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - since > self.give_up_after
    }

    /// The app's keys: the admin's app config, sandbox placeholders, or `None`.
    async fn app(&self) -> Result<Option<EbayAppCredentials>, StoreError> {
        Ok(match self.store.get_app_config(&self.cipher, Platform::Ebay).await? {
            Some(app) => Some(
                EbayAppCredentials::new(app.consumer_key, app.consumer_secret.expose())
                    .with_scope(app.scope.unwrap_or_default()),
            ),
            None if self.config.marketplace_base_url.is_some() => {
                Some(EbayAppCredentials::new(SANDBOX_PLACEHOLDER, SANDBOX_PLACEHOLDER))
            }
            None => None,
        })
    }

    /// The linked user's access token, refreshed (and stored back, sealed) when it expires
    /// within five minutes. `None` when not linked or not refreshable: the app token is used.
    async fn user_token(
        &self,
        app: &EbayAppCredentials,
        endpoints: &Endpoints,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<Option<Secret>, StoreError> {
        let Some(mut token) = self.store.get_oauth_token(&self.cipher, user, Platform::Ebay).await? else {
            return Ok(None);
        };
        if !needs_refresh(token.expires_at, now) {
            return Ok(Some(token.access_token));
        }
        let Some(refresh_token) = token.refresh_token.clone() else {
            tracing::warn!("the linked eBay token expired and has no refresh token; using the app token");
            return Ok(None);
        };
        match refresh(&self.http, endpoints, &app.client_id, &app.client_secret, &refresh_token, &app.scope).await {
            Ok(fresh) => {
                token.expires_at = Some(fresh.expires_at(now));
                token.access_token = fresh.access_token;
                if let Some(rotated) = fresh.refresh_token {
                    token.refresh_token = Some(rotated);
                }
                token.updated_at = now;
                self.store.put_oauth_token(&self.cipher, user, &token).await?;
                tracing::info!("refreshed the linked eBay token");
                Ok(Some(token.access_token))
            }
            Err(error) => {
                tracing::warn!(%error, "cannot refresh the linked eBay token; using the app token");
                Ok(None)
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Only transient failures surface here; permanent ones end the part with an error batch.
    #[error(transparent)]
    Market(#[from] MarketError),
    #[error("a {0} fetch job on the eBay queue")]
    WrongPlatform(Platform),
}

impl Failure for FetchError {
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Queue(e) => e.is_transient(),
            FetchError::Store(e) => e.is_transient(),
            FetchError::Market(e) => e.is_transient(),
            FetchError::WrongPlatform(_) => false,
        }
    }
}

/// Handles one fetch job of the fetch-ebay queue.
pub async fn handle(deps: &Deps, job: FetchJob, now: DateTime<Utc>) -> Result<(), FetchError> {
    let span =
        tracing::info_span!("ebay_fetch", user_id = %job.user_id, search_id = %job.search_id, run_id = %job.run_id);
    fetch(deps, &job, now).instrument(span).await
}

async fn fetch(deps: &Deps, job: &FetchJob, now: DateTime<Utc>) -> Result<(), FetchError> {
    if job.platform != Platform::Ebay {
        tracing::error!(platform = %job.platform, "fetch job for another platform on the eBay queue");
        return Err(FetchError::WrongPlatform(job.platform));
    }
    let Some(app) = deps.app().await? else {
        tracing::warn!("{NOT_CONFIGURED}: the eBay part of the run ends with an error");
        return send(deps, job, Vec::new(), Some(NOT_CONFIGURED.to_owned())).await;
    };
    let (listings, error) = match search(deps, app, job, now).await? {
        Ok(listings) => (post_filter(job, listings), None),
        Err(error) if error.is_transient() && !deps.gave_up(job.requested_at, now) => {
            tracing::warn!(%error, "eBay search failed for now; SQS will redeliver the job");
            return Err(error.into());
        }
        Err(error) => {
            tracing::warn!(%error, "eBay search failed; the eBay part of the run ends with an error");
            (Vec::new(), Some(describe(&error)))
        }
    };
    send(deps, job, listings, error).await
}

/// The search with the user's token, falling back once to the app token when eBay refuses it.
/// Store failures around the tokens are the outer error; the marketplace's answer the inner.
async fn search(
    deps: &Deps,
    app: EbayAppCredentials,
    job: &FetchJob,
    now: DateTime<Utc>,
) -> Result<Result<Vec<Listing>, MarketError>, FetchError> {
    let endpoints = deps.config.endpoints(Some(&app.client_id));
    let user_token = deps.user_token(&app, &endpoints, job.user_id, now).await?;
    let client = EbayClient::new(deps.http.clone(), endpoints, app, deps.tokens.clone(), deps.limiter.clone())
        .with_daily_budget(deps.config.ebay_daily_budget)
        .with_retry(deps.retry);
    let request = SearchRequest::new(job.query.clone(), job.filters.clone());
    Ok(match user_token {
        Some(token) => match client.clone().with_user_token(token).search(&request).await {
            Err(MarketError::Unauthorized) => {
                tracing::warn!("eBay refused the user's token; searching with the app token");
                client.search(&request).await
            }
            other => other,
        },
        None => client.search(&request).await,
    })
}

/// What the run shows when the search failed for good.
fn describe(error: &MarketError) -> String {
    match error {
        MarketError::Unauthorized => "eBay refused the app credentials".to_owned(),
        MarketError::RateLimited { .. } => "eBay kept rate-limiting the search; try again later".to_owned(),
        MarketError::Transient(_) => format!("eBay did not answer: {error}"),
        _ => format!("eBay search failed: {error}"),
    }
}

/// eBay listings are never matched to the Discogs want list (SPEC §4.4), so nothing is kept
/// for being wanted; what is dropped is logged at debug level.
fn post_filter(job: &FetchJob, listings: Vec<Listing>) -> Vec<Listing> {
    let filter = PostFilter::from_search(
        &job.filters,
        job.min_record_condition.as_deref(),
        job.min_sleeve_condition.as_deref(),
        job.seller_location_preference.as_deref(),
    );
    let Filtered { kept, dropped, .. } = filter.apply(listings, &HashSet::new());
    log_dropped(&dropped, kept.len());
    kept
}

fn log_dropped(dropped: &[Rejected], kept: usize) {
    for r in dropped {
        tracing::debug!(listing_id = %r.listing_id, reason = %r.reason, "listing dropped by the search's filters");
    }
    if !dropped.is_empty() {
        tracing::info!(kept, dropped = dropped.len(), "post-filter applied");
    }
}

async fn send(deps: &Deps, job: &FetchJob, listings: Vec<Listing>, error: Option<String>) -> Result<(), FetchError> {
    let found = listings.len();
    let batches = ResultBatch::chunked(job, listings, error);
    for batch in &batches {
        deps.queues.send_result_batch(batch).await?;
    }
    tracing::info!(listings = found, chunks = batches.len(), "eBay results sent");
    Ok(())
}
