//! The Discogs fetcher. One SQS queue carries two kinds of message (they share the Discogs rate
//! budget, docs/architecture.md#overview):
//!
//! * a [`FetchJob`]: database search + marketplace statistics for the saved search's query, plus
//!   the statistics of the user's wanted releases the query names, plus the relevant listings of
//!   followed sellers' inventories ([`inventory`]); post-filtered by price range,
//!   minimum grades and seller region; sent as numbered result batches ([`fetch`]);
//! * a [`SyncJob`]: the user's collection and/or want list replaced by Discogs' current lists
//!   ([`sync`]).
//!
//! The failure rules are the shared ones of [`vinyldigger::fetcher`]; a sync that fails for good
//! marks its list header `failed` instead of sending an error batch.

mod fetch;
pub mod inventory;
mod sync;
pub mod wantlist;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::platform::Platform;
use vinyldigger::fetcher::{FetchError, FetcherDeps, Marketplace};
use vinyldigger::market::discogs::{ConsumerCredentials, DiscogsAuth, DiscogsClient, TokenPair};
use vinyldigger::market::{Endpoints, SharedAnswers};
use vinyldigger::queue::{FetchJob, SyncJob};
use vinyldigger::store::{Store, StoreError};

pub use fetch::{NOT_CONFIGURED, fetch};
pub use sync::{NOT_LINKED, SANDBOX_USERNAME, sync};
pub use vinyldigger::startup::InitError;

/// Wanted releases looked up per search in addition to the search's hits (one statistics call
/// each, from the 60/min budget).
pub const WANTED_LOOKUPS: usize = 5;

/// What only the Discogs fetcher needs: the marketplace answers every user shares.
pub struct Discogs {
    pub answers: SharedAnswers,
}

impl Marketplace for Discogs {
    const PLATFORM: Platform = Platform::Discogs;

    fn new(store: &Store, _: &FieldCipher) -> Self {
        Discogs { answers: SharedAnswers::new(store.clone()) }
    }
}

/// Everything the handler needs, built once per cold start.
pub type Deps = FetcherDeps<Discogs>;

/// A throttled client with this function's retry policy, within the invocation.
fn client(deps: &Deps, endpoints: &Endpoints, auth: DiscogsAuth, deadline: Deadline) -> DiscogsClient {
    DiscogsClient::new(deps.http.clone(), endpoints.clone(), auth, deps.limiter.clone())
        .with_retry(deps.retry.until(deadline))
}

/// The app's keys and the user's linked account, and where Discogs is for this run. `None` when
/// Discogs is not configured; in sandbox mode placeholders stand in for missing app keys.
async fn credentials(deps: &Deps, user: UserId) -> Result<Option<Credentials>, StoreError> {
    let Some(app) = deps.app_keys().await? else {
        return Ok(None);
    };
    let (endpoints, sandbox) = (deps.endpoints(&app), app.is_sandbox());
    let consumer = ConsumerCredentials::new(app.key, app.secret.expose());
    let linked = deps.store.get_oauth_token(&deps.cipher, user, Platform::Discogs).await?.and_then(|t| {
        let secret = t.access_token_secret?;
        Some(Linked {
            access: TokenPair::new(t.access_token.expose(), secret.expose()),
            username: t.provider_username.trim().to_string(),
        })
    });
    Ok(Some(Credentials { consumer, linked, endpoints, sandbox }))
}

struct Credentials {
    consumer: ConsumerCredentials,
    linked: Option<Linked>,
    endpoints: Endpoints,
    /// The sandbox marketplace answers this run.
    sandbox: bool,
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
    /// Boxed: a fetch job carries the search's filters and dwarfs a sync job.
    Fetch(Box<FetchJob>),
    Sync(SyncJob),
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let decoded = if value.get("job_id").is_some() {
            serde_json::from_value(value).map(Message::Sync)
        } else {
            serde_json::from_value(value).map(|job| Message::Fetch(Box::new(job)))
        };
        decoded.map_err(de::Error::custom)
    }
}

impl From<FetchJob> for Message {
    fn from(job: FetchJob) -> Self {
        Message::Fetch(Box::new(job))
    }
}

impl From<SyncJob> for Message {
    fn from(job: SyncJob) -> Self {
        Message::Sync(job)
    }
}

/// Handles one message of the fetch-discogs queue.
pub async fn handle(deps: &Deps, message: Message, now: DateTime<Utc>, deadline: Deadline) -> Result<(), FetchError> {
    match message {
        Message::Fetch(job) => fetch(deps, &job, deadline).await,
        Message::Sync(job) => sync(deps, &job, now, deadline).await,
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
