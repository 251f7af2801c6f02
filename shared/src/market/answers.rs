//! Marketplace answers that do not depend on the user, shared by every user's runs through the
//! table (docs/architecture.md#shared-marketplace-answers): Discogs release statistics, master
//! versions and seller inventory pages (all asked with the app's keys), and eBay Browse searches
//! by normalised query and filters (asked with the app token). A user's own authenticated calls
//! (want list, collection, a search with their token) never come here.
//!
//! Each answer is fresh for its kind's time, or for as long as its reader accepts (a want-list
//! run accepts answers as old as its own interval, within [`MAX_READER_AGE`]: it would not have
//! looked sooner); a fetcher that finds none fresh claims the fetch with a conditional write, and
//! the others wait briefly for its answer, then take the last good one (kept a day past
//! [`MAX_READER_AGE`]), and only then ask the marketplace themselves.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::market::error::MarketError;
use crate::store::answers::{PutAnswerError, StoredAnswer};
use crate::store::{Store, keys};

/// How long a claim holds: longer than one marketplace call with its retries.
const CLAIM_SECONDS: i64 = 30;
/// The oldest answer any reader accepts.
pub const MAX_READER_AGE: chrono::Duration = chrono::Duration::hours(6);
/// A stale answer is still the last good one for this long after any reader's freshness ends.
const STALE_SECONDS: i64 = 24 * 3600;

/// What a shared answer is, which decides how long it stays fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerKind {
    /// `marketplace/stats/{release}`: prices move within hours.
    ReleaseStats,
    /// `masters/{id}/versions`: new pressings of a master appear rarely.
    MasterVersions,
    /// A page of a seller's public inventory.
    SellerInventory,
    /// A Browse `item_summary/search` with its filters.
    EbayBrowse,
}

impl AnswerKind {
    pub fn name(self) -> &'static str {
        match self {
            AnswerKind::ReleaseStats => "discogs_stats",
            AnswerKind::MasterVersions => "discogs_versions",
            AnswerKind::SellerInventory => "discogs_inventory",
            AnswerKind::EbayBrowse => "ebay_browse",
        }
    }

    /// How long an answer of this kind is fresh.
    pub fn fresh_for(self) -> chrono::Duration {
        match self {
            AnswerKind::ReleaseStats => chrono::Duration::hours(1),
            AnswerKind::MasterVersions => chrono::Duration::days(30),
            AnswerKind::SellerInventory => chrono::Duration::minutes(30),
            AnswerKind::EbayBrowse => chrono::Duration::minutes(15),
        }
    }
}

/// How the shared answers served their askers (for logs and the quota benchmark).
#[derive(Debug, Default)]
pub struct AnswerCounts {
    /// A fresh answer was in the table.
    pub hits: AtomicU64,
    /// Another fetcher's answer arrived while this one waited.
    pub coalesced: AtomicU64,
    /// The last good (stale) answer stood in.
    pub stale: AtomicU64,
    /// The marketplace was asked.
    pub fetched: AtomicU64,
}

impl AnswerCounts {
    pub fn snapshot(&self) -> [u64; 4] {
        [&self.hits, &self.coalesced, &self.stale, &self.fetched].map(|c| c.load(Ordering::Relaxed))
    }
}

/// The shared answers of one table.
#[derive(Debug, Clone)]
pub struct SharedAnswers {
    store: Store,
    /// How often, and how long between, a fetcher that lost the claim looks for the answer.
    polls: u32,
    poll_every: Duration,
    counts: Arc<AnswerCounts>,
}

impl SharedAnswers {
    pub fn new(store: Store) -> Self {
        Self { store, polls: 8, poll_every: Duration::from_millis(250), counts: Arc::default() }
    }

    /// Waiting for another fetcher's answer: `polls` looks, `every` apart.
    pub fn with_wait(mut self, polls: u32, every: Duration) -> Self {
        self.polls = polls;
        self.poll_every = every;
        self
    }

    pub fn counts(&self) -> &AnswerCounts {
        &self.counts
    }

    /// The shared answer to `request` (already normalised by the caller) at `now`, fetching it
    /// with `fetch` when there is no fresh one. A failed fetch is the caller's error and leaves the
    /// stored answer as it was.
    pub async fn get_or_fetch<T, F, Fut>(
        &self,
        kind: AnswerKind,
        request: &str,
        now: DateTime<Utc>,
        fetch: F,
    ) -> Result<T, MarketError>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, MarketError>>,
    {
        self.get_or_fetch_within(kind, request, now, kind.fresh_for(), fetch).await
    }

    /// [`Self::get_or_fetch`] for a reader that accepts answers up to `max_age` old (at least
    /// the kind's freshness, at most [`MAX_READER_AGE`]).
    pub async fn get_or_fetch_within<T, F, Fut>(
        &self,
        kind: AnswerKind,
        request: &str,
        now: DateTime<Utc>,
        max_age: chrono::Duration,
        fetch: F,
    ) -> Result<T, MarketError>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, MarketError>>,
    {
        let key = keys::shared_answer(kind.name(), request);
        let at = now.timestamp();
        let max_age = kind.fresh_for().max(max_age.min(MAX_READER_AGE));
        let fresh = |a: &StoredAnswer| a.fetched_at <= at && at - a.fetched_at < max_age.num_seconds();
        let stored = self.store.shared_answer(&key, at).await?;
        let stale = match stored.map(|a| (fresh(&a), decode::<T>(&a.json))) {
            Some((true, Some(value))) => {
                self.counts.hits.fetch_add(1, Ordering::Relaxed);
                return Ok(value);
            }
            Some((false, value)) => value,
            _ => None,
        };
        let claim = keys::shared_answer_claim(kind.name(), request);
        if self.store.claim_shared_answer(&claim, at, at + CLAIM_SECONDS).await? {
            let fetched = self.fetch_and_share(kind, &key, now, fetch).await;
            if let Err(error) = self.store.release_shared_answer(&claim).await {
                tracing::warn!(kind = kind.name(), %error, "cannot release a shared-answer claim; it lapses");
            }
            return fetched;
        }
        for _ in 0..self.polls {
            tokio::time::sleep(self.poll_every).await;
            if let Some(answer) = self.store.shared_answer(&key, at).await?.filter(|a| fresh(a))
                && let Some(value) = decode(&answer.json)
            {
                self.counts.coalesced.fetch_add(1, Ordering::Relaxed);
                return Ok(value);
            }
        }
        if let Some(value) = stale {
            self.counts.stale.fetch_add(1, Ordering::Relaxed);
            tracing::info!(kind = kind.name(), "another fetcher holds the claim; the last good answer stands in");
            return Ok(value);
        }
        self.fetch_and_share(kind, &key, now, fetch).await
    }

    async fn fetch_and_share<T, F, Fut>(
        &self,
        kind: AnswerKind,
        key: &keys::Key,
        now: DateTime<Utc>,
        fetch: F,
    ) -> Result<T, MarketError>
    where
        T: Serialize,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, MarketError>>,
    {
        self.counts.fetched.fetch_add(1, Ordering::Relaxed);
        let value = fetch().await?;
        let json = match serde_json::to_vec(&value) {
            Ok(json) => json,
            Err(error) => {
                tracing::warn!(kind = kind.name(), %error, "answer cannot be encoded; not shared");
                return Ok(value);
            }
        };
        let kept_until = (now + kind.fresh_for().max(MAX_READER_AGE)).timestamp() + STALE_SECONDS;
        match self.store.put_shared_answer(key, &json, now.timestamp(), kept_until).await {
            Ok(parts) if parts > 1 => {
                tracing::info!(kind = kind.name(), bytes = json.len(), parts, "large answer shared in parts")
            }
            Ok(_) => {}
            Err(PutAnswerError::TooLarge { compressed }) => {
                tracing::info!(
                    kind = kind.name(),
                    bytes = json.len(),
                    compressed,
                    "answer too large to share; used once"
                );
            }
            Err(PutAnswerError::Store(error)) => return Err(error.into()),
        }
        Ok(value)
    }
}

/// An answer stored by an older shape decodes to nothing and is fetched again.
fn decode<T: DeserializeOwned>(json: &[u8]) -> Option<T> {
    serde_json::from_slice(json).ok()
}
