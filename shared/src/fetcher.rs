//! What the two marketplace fetchers share: their dependencies, their error and its retry rule,
//! the post-filter, and sending an answer as result batches. Each fetcher crate keeps only what
//! is specific to its marketplace (see docs/architecture.md#the-functions).
//!
//! The failure rule, for both: a marketplace that fails (after the in-call retries, and never past
//! the invocation's deadline) ends its part of the run at once, with what was found and the error;
//! the next run asks it again, rather than this run waiting for SQS to redeliver the job. Only a
//! failure of our own storage or queues fails the message, so SQS retries it. A job whose run is
//! already over is skipped.

use std::collections::HashSet;

use aws_config::SdkConfig;

use crate::auth::cipher::FieldCipher;
use crate::aws::load_sdk_config;
use crate::batch::Failure;
use crate::config::Config;
use crate::domain::filters::{Filtered, PostFilter};
use crate::domain::landed::Buyer;
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

    /// Whether the job's run still waits for this marketplace: a run that is over (or gone with
    /// its search) needs no marketplace call.
    pub async fn run_is_open(&self, job: &FetchJob) -> Result<bool, StoreError> {
        let run = self.store.get_run(job.search_id, job.run_id).await?;
        let open = run.is_some_and(|r| !r.status.is_final() && r.pending.contains(&M::PLATFORM));
        if !open {
            tracing::info!(run_id = %job.run_id, "the run is over; job skipped");
        }
        Ok(open)
    }

    /// Post-filters what a search found and sends it with the error that cut it short, if any.
    pub async fn finish(&self, job: &FetchJob, found: Found, wanted: &HashSet<u64>) -> Result<(), FetchError> {
        let filter = self.post_filter_of(job).await?;
        let listings = post_filter(&filter, found.listings, wanted);
        let error = match found.failure {
            None => None,
            Some(MarketError::Store(error)) if error.is_transient() => return Err(FetchError::Store(error)),
            Some(error) => {
                tracing::warn!(platform = %M::PLATFORM, %error, kept = listings.len(), "search failed; this part of the run ends with the error");
                Some(describe(M::PLATFORM, &error))
            }
        };
        self.send_results(job, listings, error).await
    }

    /// The job's post-filter. Price bounds compare landed costs for the search's user, so a search
    /// with bounds reads the user's currency and country and the newest exchange rates (two reads).
    async fn post_filter_of(&self, job: &FetchJob) -> Result<PostFilter, StoreError> {
        let filter = PostFilter::from_search(
            &job.filters,
            job.min_record_condition.as_deref(),
            job.min_sleeve_condition.as_deref(),
            job.seller_location_preference.as_deref(),
        );
        if job.filters.min_price.is_none() && job.filters.max_price.is_none() {
            return Ok(filter);
        }
        let (preferences, rates) =
            futures::try_join!(self.store.get_preferences(job.user_id), self.store.latest_rates())?;
        let buyer = Buyer::new(preferences.currency, preferences.country.as_deref());
        Ok(filter.priced_for(&job.filters, &buyer, rates.map(|r| r.rates)))
    }

    /// Records that this marketplace checked these wants of a want-list run. A write that fails
    /// is logged, not fatal: the wants are merely checked again by the next run.
    pub async fn mark_wants_checked(&self, job: &FetchJob, release_ids: &[u64], at: chrono::DateTime<chrono::Utc>) {
        if let Err(error) = self.store.mark_wants_checked(job.search_id, M::PLATFORM, release_ids, at).await {
            tracing::warn!(platform = %M::PLATFORM, %error, wants = release_ids.len(), "cannot record the wants checked; the next run checks them again");
        }
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
    /// Sends a marketplace's answer (or its error) for a job as numbered result batches.
    pub async fn send_results(
        &self,
        job: &FetchJob,
        listings: Vec<Listing>,
        error: Option<String>,
    ) -> Result<(), FetchError> {
        let found = listings.len();
        let failed = error.is_some();
        let batches = ResultBatch::chunked(job, listings, error);
        for batch in &batches {
            self.queues.send_result_batch(batch).await?;
        }
        tracing::info!(platform = %job.platform, listings = found, chunks = batches.len(), "results sent");
        emit_fetch_metrics(job, found, failed);
        Ok(())
    }
}

/// The fetch job's line of metrics (docs/observability.md): what it found, whether it failed, and
/// the marketplace calls, 429s and DynamoDB requests since the function's previous line.
fn emit_fetch_metrics(job: &FetchJob, found: usize, failed: bool) {
    use crate::metrics::{MetricLine, names, take_marketplace};
    let marketplace = job.platform.as_str();
    let counts = take_marketplace(marketplace);
    let mut line = MetricLine::new(&format!("{marketplace}-fetcher"))
        .dimension("Marketplace", marketplace)
        .count(names::LISTINGS_FETCHED, found as u64)
        .count(names::FETCH_FAILED, u64::from(failed))
        .count(names::MARKETPLACE_CALLS, counts.calls)
        .count(names::MARKETPLACE_429S, counts.throttled)
        .with_dynamodb_requests()
        .property("run_id", job.run_id.to_string())
        .property("search_id", job.search_id.to_string());
    if let Some(left) = counts.quota_left {
        line = line.count(names::MARKETPLACE_QUOTA_LEFT, u64::try_from(left).unwrap_or(0));
    }
    line.emit();
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

/// What a search produced: its listings, and the failure that cut it short if one did.
#[derive(Debug, Default)]
pub struct Found {
    pub listings: Vec<Listing>,
    pub failure: Option<MarketError>,
}

impl From<Result<Vec<Listing>, MarketError>> for Found {
    fn from(result: Result<Vec<Listing>, MarketError>) -> Self {
        match result {
            Ok(listings) => Found { listings, failure: None },
            Err(failure) => Found { listings: Vec::new(), failure: Some(failure) },
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
        MarketError::OutOfTime(_) => format!("{name} did not answer in time; the next run asks again"),
        _ => format!("{name} search failed: {error}"),
    }
}

/// Applies the job's filters; listings of `wanted` releases that fail them are kept and logged.
fn post_filter(filter: &PostFilter, listings: Vec<Listing>, wanted: &HashSet<u64>) -> Vec<Listing> {
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
    fn failures_are_worded_for_the_run() {
        let transient = MarketError::Transient("503".into());
        assert_eq!(describe(Platform::Ebay, &transient), "eBay did not answer: transient marketplace failure: 503");
        assert_eq!(describe(Platform::Discogs, &MarketError::Unauthorized), "Discogs refused the credentials");
        let late = MarketError::OutOfTime("x".into());
        assert_eq!(describe(Platform::Ebay, &late), "eBay did not answer in time; the next run asks again");
    }
}
