//! What the two marketplace fetchers share: their dependencies, their error and its retry rule,
//! the post-filter, and sending an answer as result batches. Each fetcher crate keeps only what
//! is specific to its marketplace (see docs/architecture.md#the-functions).
//!
//! The failure rule, for both: a transient failure (429, 5xx, timeouts, throttled DynamoDB/SQS)
//! fails the message, so SQS redelivers it — until the job is older than
//! [`FetcherDeps::give_up_after`], when it is final; a permanent failure (refused credentials,
//! 4xx, malformed answers) ends the marketplace's part of the run at once with an error batch.

use std::collections::HashSet;

use aws_config::SdkConfig;
use chrono::{DateTime, Duration, Utc};

use crate::auth::cipher::FieldCipher;
use crate::aws::load_sdk_config;
use crate::batch::Failure;
use crate::config::Config;
use crate::domain::filters::{Filtered, PostFilter};
use crate::domain::listing::Listing;
use crate::domain::oauth::AppConfig;
use crate::domain::platform::Platform;
use crate::market::mode::note_mode;
use crate::market::{Endpoints, MarketError, MarketplaceMode, RateLimiter, Retry, http_client};
use crate::queue::{FetchJob, QueueError, Queues, ResultBatch};
use crate::secrets::Secret;
use crate::startup::{InitError, load_data_key};
use crate::store::{Store, StoreError};

/// App key and secret of the sandbox mode, which checks only their presence.
pub const SANDBOX_PLACEHOLDER: &str = "sandbox";

/// A marketplace's own part of its fetcher's dependencies.
pub trait Marketplace: Sized {
    const PLATFORM: Platform;
    /// How long a job keeps being retried after a transient failure: long enough for the
    /// queue's second receive, not its third (see docs/architecture.md#queues-retries-and-dead-letters).
    const GIVE_UP_AFTER: Duration;

    fn new(store: &Store, cipher: &FieldCipher) -> Self;
}

/// Everything a fetcher needs, built once per cold start; `M` is its marketplace's own part.
pub struct FetcherDeps<M> {
    pub config: Config,
    pub store: Store,
    pub queues: Queues,
    pub http: reqwest::Client,
    pub limiter: RateLimiter,
    pub cipher: FieldCipher,
    /// Attempts per marketplace call.
    pub retry: Retry,
    pub give_up_after: Duration,
    pub market: M,
}

impl<M: Marketplace> FetcherDeps<M> {
    pub async fn from_env() -> Result<Self, InitError> {
        let config = Config::from_env()?;
        Self::new(config, &load_sdk_config().await).await
    }

    /// Reads the data key from SSM: it opens the stored credentials and cached tokens.
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
            market: M::new(&store, &cipher),
            store,
            http: http_client()?,
            cipher,
            retry: Retry::default(),
            give_up_after: M::GIVE_UP_AFTER,
            config,
        })
    }

    /// Refuses a job that arrived on another marketplace's queue.
    pub fn check_queue(&self, job: &FetchJob) -> Result<(), FetchError> {
        if job.platform == M::PLATFORM {
            return Ok(());
        }
        tracing::error!(job = %job.platform, queue = %M::PLATFORM, "fetch job on another marketplace's queue");
        Err(FetchError::WrongQueue { job: job.platform, queue: M::PLATFORM })
    }

    /// The listings a search found, or the error its run shows; `Err` when SQS should redeliver
    /// the job because a transient failure may pass and the job is not yet too old.
    pub fn settle(
        &self,
        job: &FetchJob,
        found: Result<Vec<Listing>, MarketError>,
        now: DateTime<Utc>,
    ) -> Result<(Vec<Listing>, Option<String>), FetchError> {
        settle(M::PLATFORM, found, self.gave_up(job.requested_at, now))
    }

    /// The marketplace's mode for this run, with the admin's app keys (placeholders in sandbox
    /// mode when none are stored); `None` when the real marketplace is not configured. Read at
    /// each run, so stored credentials switch a marketplace that follows them at once.
    pub async fn app_keys(&self) -> Result<Option<AppKeys>, StoreError> {
        let stored = self.store.get_app_config(&self.cipher, M::PLATFORM).await?;
        let mode = self.config.marketplace.mode(stored.is_some());
        note_mode(M::PLATFORM, mode);
        Ok(match (stored, mode) {
            (Some(app), _) => Some(AppKeys::new(app, mode)),
            (None, MarketplaceMode::Sandbox) => Some(AppKeys {
                key: SANDBOX_PLACEHOLDER.to_owned(),
                secret: Secret::new(SANDBOX_PLACEHOLDER),
                scope: None,
                mode,
            }),
            (None, MarketplaceMode::Real) => None,
        })
    }

    /// Where the marketplace is for these keys' mode (eBay's hosts also follow its client id).
    pub fn endpoints(&self, keys: &AppKeys) -> Endpoints {
        let ebay_client_id = (M::PLATFORM == Platform::Ebay).then_some(keys.key.as_str());
        self.config.marketplace.endpoints(keys.mode, ebay_client_id)
    }
}

impl<M> FetcherDeps<M> {
    /// Whether a job first queued at `since` has been retried long enough.
    pub fn gave_up(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - since > self.give_up_after
    }

    /// Sends a marketplace's answer (or its error) for a job as numbered result batches.
    pub async fn send_results(
        &self,
        job: &FetchJob,
        listings: Vec<Listing>,
        error: Option<String>,
    ) -> Result<(), FetchError> {
        let found = listings.len();
        let batches = ResultBatch::chunked(job, listings, error);
        for batch in &batches {
            self.queues.send_result_batch(batch).await?;
        }
        tracing::info!(platform = %job.platform, listings = found, chunks = batches.len(), "results sent");
        Ok(())
    }
}

/// A marketplace app's credentials as the admin stored them (or sandbox placeholders), and the
/// mode they are used in.
pub struct AppKeys {
    pub key: String,
    pub secret: Secret,
    pub scope: Option<String>,
    pub mode: MarketplaceMode,
}

impl AppKeys {
    fn new(app: AppConfig, mode: MarketplaceMode) -> Self {
        Self { key: app.consumer_key, secret: app.consumer_secret, scope: app.scope, mode }
    }

    pub fn is_sandbox(&self) -> bool {
        self.mode == MarketplaceMode::Sandbox
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
    #[error("a {job} fetch job on the {queue} queue")]
    WrongQueue { job: Platform, queue: Platform },
}

impl Failure for FetchError {
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Queue(e) => e.is_transient(),
            FetchError::Store(e) => e.is_transient(),
            FetchError::Market(e) => e.is_transient(),
            FetchError::WrongQueue { .. } => false,
        }
    }
}

/// [`FetcherDeps::settle`] for a given attempt.
fn settle(
    platform: Platform,
    found: Result<Vec<Listing>, MarketError>,
    last_attempt: bool,
) -> Result<(Vec<Listing>, Option<String>), FetchError> {
    match found {
        Ok(listings) => Ok((listings, None)),
        Err(error) if error.is_transient() && !last_attempt => {
            tracing::warn!(%platform, %error, "search failed for now; SQS will redeliver the job");
            Err(error.into())
        }
        Err(error) => {
            tracing::warn!(%platform, %error, "search failed; this marketplace's part of the run ends with an error");
            Ok((Vec::new(), Some(describe(platform, &error))))
        }
    }
}

/// What the run shows when a marketplace's search failed for good.
pub fn describe(platform: Platform, error: &MarketError) -> String {
    let name = platform.display_name();
    match error {
        MarketError::Unauthorized => format!("{name} refused the credentials"),
        MarketError::RateLimited { .. } => format!("{name} kept rate-limiting the search; try again later"),
        MarketError::Transient(_) => format!("{name} did not answer: {error}"),
        _ => format!("{name} search failed: {error}"),
    }
}

/// Applies the job's filters; listings of `wanted` releases that fail them are kept and logged.
pub fn post_filter(job: &FetchJob, listings: Vec<Listing>, wanted: &HashSet<u64>) -> Vec<Listing> {
    let filter = PostFilter::from_search(
        &job.filters,
        job.min_record_condition.as_deref(),
        job.min_sleeve_condition.as_deref(),
        job.seller_location_preference.as_deref(),
    );
    let Filtered { kept, dropped, kept_wanted } = filter.apply(listings, wanted);
    for r in &kept_wanted {
        tracing::info!(listing_id = %r.listing_id, release_id = ?r.release_id, reason = %r.reason, "kept a want-list item that fails the search's filters");
    }
    for r in &dropped {
        tracing::debug!(listing_id = %r.listing_id, reason = %r.reason, "listing dropped by the search's filters");
    }
    if !dropped.is_empty() || !kept_wanted.is_empty() {
        tracing::info!(
            kept = kept.len(),
            dropped = dropped.len(),
            kept_wanted = kept_wanted.len(),
            "post-filter applied"
        );
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_failures_retry_until_the_last_attempt() {
        let transient = || Err(MarketError::Transient("503".into()));
        assert!(matches!(settle(Platform::Ebay, transient(), false), Err(FetchError::Market(_))));
        let (listings, error) = settle(Platform::Ebay, transient(), true).unwrap();
        assert!(listings.is_empty());
        assert_eq!(error.as_deref(), Some("eBay did not answer: transient marketplace failure: 503"));
        let (_, error) = settle(Platform::Discogs, Err(MarketError::Unauthorized), false).unwrap();
        assert_eq!(error.as_deref(), Some("Discogs refused the credentials"));
    }
}
