//! The Discogs fetcher. One SQS queue carries two kinds of message (they share the Discogs rate
//! budget, DESIGN.md §1):
//!
//! * a [`FetchJob`]: database search + marketplace statistics for the saved search's query, plus
//!   the statistics of the user's wanted releases the query names, plus the relevant listings of
//!   followed sellers' inventories ([`inventory`]); post-filtered by price range,
//!   minimum grades and seller region; sent as numbered result batches ([`fetch`]);
//! * a [`SyncJob`]: the user's collection and/or want list replaced by Discogs' current lists
//!   ([`sync`]).
//!
//! Failure rules, for both: a transient failure (429, 5xx, timeouts, throttled DynamoDB/SQS)
//! returns `Err`, so SQS redelivers the message — until the job is older than
//! [`Deps::give_up_after`], when it is treated as final; a permanent failure (refused
//! credentials, 4xx, malformed answers) ends the job at once with an explicit error: an error
//! batch for a fetch, a `failed` list header for a sync. `Err` is otherwise returned only for
//! messages that cannot be handled at all (wrong platform, a corrupt stored item).

mod fetch;
pub mod inventory;
mod sync;

use aws_config::SdkConfig;
use chrono::{DateTime, Duration, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::aws::load_sdk_config;
use vinyldigger::batch::Failure;
use vinyldigger::config::Config;
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::discogs::{ConsumerCredentials, DiscogsAuth, DiscogsClient, TokenPair};
use vinyldigger::market::{MarketError, RateLimiter, Retry, http_client};
use vinyldigger::queue::{FetchJob, QueueError, Queues, SyncJob};
use vinyldigger::store::{Store, StoreError};

pub use fetch::{NOT_CONFIGURED, fetch};
pub use sync::{NOT_LINKED, SANDBOX_USERNAME, sync};

/// How long a job keeps being retried after a transient failure. The fetch-discogs queue
/// redelivers after its 900 s visibility timeout, up to 3 receives: the second receive (≈15 min)
/// still retries, the third (≈30 min) gives up and reports the error.
pub const GIVE_UP_AFTER: Duration = Duration::minutes(20);

/// Wanted releases looked up per search in addition to the search's hits (one statistics call
/// each, from the 60/min budget).
pub const WANTED_LOOKUPS: usize = 5;

/// Everything the handler needs, built once per cold start.
pub struct Deps {
    pub config: Config,
    pub store: Store,
    pub queues: Queues,
    pub http: reqwest::Client,
    pub limiter: RateLimiter,
    pub cipher: FieldCipher,
    /// Attempts per marketplace call.
    pub retry: Retry,
    pub give_up_after: Duration,
    pub wanted_lookups: usize,
}

pub use vinyldigger::startup::InitError;
use vinyldigger::startup::load_data_key;

impl Deps {
    pub async fn from_env() -> Result<Self, InitError> {
        let config = Config::from_env()?;
        Self::new(config, &load_sdk_config().await).await
    }

    /// Reads the data key from SSM (it opens the stored marketplace credentials).
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
            store,
            http: http_client()?,
            cipher,
            retry: Retry::default(),
            give_up_after: GIVE_UP_AFTER,
            wanted_lookups: WANTED_LOOKUPS,
            config,
        })
    }

    /// Whether the local sandbox marketplace (or a test mock) stands in for Discogs.
    pub fn is_sandbox(&self) -> bool {
        self.config.marketplace_base_url.is_some()
    }

    /// A throttled client with this function's retry policy.
    pub fn client(&self, auth: DiscogsAuth) -> DiscogsClient {
        DiscogsClient::new(self.http.clone(), self.config.endpoints(None), auth, self.limiter.clone())
            .with_retry(self.retry)
    }

    /// Whether a job first queued at `since` has been retried long enough.
    pub fn gave_up(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - since > self.give_up_after
    }

    /// The app's keys and the user's linked account. `None` when Discogs is not configured;
    /// in sandbox mode placeholders stand in for missing app keys.
    async fn credentials(&self, user: vinyldigger::domain::ids::UserId) -> Result<Option<Credentials>, StoreError> {
        let consumer = match self.store.get_app_config(&self.cipher, Platform::Discogs).await? {
            Some(app) => ConsumerCredentials::new(app.consumer_key, app.consumer_secret.expose()),
            None if self.is_sandbox() => ConsumerCredentials::new(SANDBOX_PLACEHOLDER, SANDBOX_PLACEHOLDER),
            None => return Ok(None),
        };
        let linked = self.store.get_oauth_token(&self.cipher, user, Platform::Discogs).await?.and_then(|t| {
            let secret = t.access_token_secret?;
            Some(Linked {
                access: TokenPair::new(t.access_token.expose(), secret.expose()),
                username: t.provider_username.trim().to_string(),
            })
        });
        Ok(Some(Credentials { consumer, linked }))
    }
}

/// Placeholder app key and secret of the sandbox mode (the sandbox checks only their presence).
pub const SANDBOX_PLACEHOLDER: &str = "sandbox";

struct Credentials {
    consumer: ConsumerCredentials,
    linked: Option<Linked>,
}

struct Linked {
    access: TokenPair,
    username: String,
}

impl Credentials {
    fn app(&self) -> DiscogsAuth {
        DiscogsAuth::App(self.consumer.clone())
    }

    /// The user's OAuth identity when linked, else the app's keys.
    fn best(&self) -> DiscogsAuth {
        match &self.linked {
            Some(linked) => DiscogsAuth::User { consumer: self.consumer.clone(), access: linked.access.clone() },
            None => self.app(),
        }
    }
}

/// What arrives on the fetch-discogs queue: told apart by `job_id`, which only sync jobs have.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Message {
    Fetch(FetchJob),
    Sync(SyncJob),
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let decoded = if value.get("job_id").is_some() {
            serde_json::from_value(value).map(Message::Sync)
        } else {
            serde_json::from_value(value).map(Message::Fetch)
        };
        decoded.map_err(de::Error::custom)
    }
}

impl From<FetchJob> for Message {
    fn from(job: FetchJob) -> Self {
        Message::Fetch(job)
    }
}

impl From<SyncJob> for Message {
    fn from(job: SyncJob) -> Self {
        Message::Sync(job)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Only transient failures surface here; permanent ones are reported in the job's outcome.
    #[error(transparent)]
    Market(#[from] MarketError),
    #[error("a {0} fetch job on the Discogs queue")]
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

/// Handles one message of the fetch-discogs queue.
pub async fn handle(deps: &Deps, message: Message, now: DateTime<Utc>) -> Result<(), FetchError> {
    match message {
        Message::Fetch(job) => fetch(deps, &job, now).await,
        Message::Sync(job) => sync(deps, &job, now).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_told_apart_and_bad_ones_refused() {
        let sync = r#"{"v":1,"job_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","user_id":"6f9619ff-8b86-d011-b42d-00c04fc964fe","kind":"both"}"#;
        assert!(matches!(serde_json::from_str::<Message>(sync), Ok(Message::Sync(_))));
        let fetch = r#"{"v":1,"run_id":"6f9619ff-8b86-d011-b42d-00c04fc964fd","user_id":"6f9619ff-8b86-d011-b42d-00c04fc964fe","search_id":"6f9619ff-8b86-d011-b42d-00c04fc964fc","platform":"discogs","query":"q","requested_at":"2026-01-01T00:00:00Z"}"#;
        assert!(matches!(serde_json::from_str::<Message>(fetch), Ok(Message::Fetch(_))));
        let newer = sync.replace(r#""v":1"#, r#""v":2"#);
        let err = serde_json::from_str::<Message>(&newer).unwrap_err();
        assert!(err.to_string().contains("unsupported message version 2"), "{err}");
        assert!(serde_json::from_str::<Message>(r#"{"hello":1}"#).is_err());
        assert!(serde_json::from_str::<Message>("[]").is_err());
    }
}
