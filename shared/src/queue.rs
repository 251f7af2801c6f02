//! The messages that flow between the functions (docs/architecture.md#messages) and the SQS publisher.
//!
//! Every message carries `"v": 1`; a consumer refuses any other version instead of guessing.

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::config::QueueUrls;
use crate::domain::ids::{JobId, RunId, SearchId, UserId};
use crate::domain::listing::Listing;
use crate::domain::lists::ListKind;
use crate::domain::platform::Platform;
use crate::domain::search_filters::SearchFilters;
use crate::domain::wantlist::WantSlice;

/// The message schema version; only version 1 exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct V1;

impl Serialize for V1 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(1)
    }
}

impl<'de> Deserialize<'de> for V1 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u8::deserialize(d)? {
            1 => Ok(V1),
            other => Err(de::Error::custom(format!("unsupported message version {other}"))),
        }
    }
}

/// Fetch one marketplace's listings for one run of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FetchJob {
    pub v: V1,
    pub run_id: RunId,
    pub user_id: UserId,
    pub search_id: SearchId,
    pub platform: Platform,
    pub query: String,
    #[serde(default)]
    pub filters: SearchFilters,
    /// The search's minimum grades and preferred seller region, applied after fetching.
    #[serde(default)]
    pub min_record_condition: Option<String>,
    #[serde(default)]
    pub min_sleeve_condition: Option<String>,
    #[serde(default)]
    pub seller_location_preference: Option<String>,
    pub requested_at: DateTime<Utc>,
    /// A want-list run: the slice of wants this run checks (absent for a query search).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wantlist: Option<WantSlice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncKind {
    Both,
    Collection,
    Wantlist,
}

/// Sync a user's Discogs collection and/or want list. A sync too long for one invocation goes on
/// in the next: the same job, with where to resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncJob {
    pub v: V1,
    pub job_id: JobId,
    pub user_id: UserId,
    pub kind: SyncKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<SyncResume>,
}

impl SyncJob {
    pub fn new(user_id: UserId, kind: SyncKind) -> Self {
        Self { v: V1, job_id: JobId::new(), user_id, kind, resume: None }
    }
}

/// The list and page a continued sync starts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResume {
    pub list: ListKind,
    pub page: u32,
}

/// One chunk of one marketplace's listings for a run. A marketplace's part is done when all
/// `chunks` chunks have arrived, in whatever order SQS delivers them; `last` marks the final one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultBatch {
    pub v: V1,
    pub run_id: RunId,
    pub user_id: UserId,
    pub search_id: SearchId,
    pub platform: Platform,
    #[serde(default)]
    pub listings: Vec<Listing>,
    pub last: bool,
    #[serde(default)]
    pub error: Option<String>,
    /// Position of this chunk, from 0.
    #[serde(default)]
    pub chunk: u32,
    /// How many chunks the marketplace's part has.
    #[serde(default = "one")]
    pub chunks: u32,
    /// When the fetcher had the listings: the time of their price points, the same on every
    /// delivery (`None` in messages from before it was stamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<DateTime<Utc>>,
}

fn one() -> u32 {
    1
}

/// SQS takes 256 KiB per message; chunks stay well under it.
pub const CHUNK_BYTES: usize = 200 * 1024;

impl ResultBatch {
    /// Splits a marketplace's answer for a job into chunks that each fit in one message. An
    /// error (or an empty answer) is one chunk.
    pub fn chunked(job: &FetchJob, listings: Vec<Listing>, error: Option<String>) -> Vec<ResultBatch> {
        let mut groups: Vec<Vec<Listing>> = vec![Vec::new()];
        let mut size = 0;
        for listing in listings {
            let listing_size = serde_json::to_vec(&listing).map_or(usize::MAX, |b| b.len());
            if listing_size > CHUNK_BYTES {
                // No marketplace listing is this large; one that is could be neither queued nor
                // stored, so it is left out rather than failing the whole answer.
                tracing::warn!(listing_id = %listing.listing_id, bytes = listing_size, "oversized listing left out");
                continue;
            }
            if size + listing_size > CHUNK_BYTES && groups.last().is_some_and(|g| !g.is_empty()) {
                groups.push(Vec::new());
                size = 0;
            }
            size += listing_size;
            if let Some(group) = groups.last_mut() {
                group.push(listing);
            }
        }
        let chunks = u32::try_from(groups.len()).unwrap_or(u32::MAX);
        let fetched_at = Some(Utc::now());
        groups
            .into_iter()
            .enumerate()
            .map(|(i, listings)| {
                let chunk = u32::try_from(i).unwrap_or(u32::MAX);
                ResultBatch {
                    v: V1,
                    run_id: job.run_id,
                    user_id: job.user_id,
                    search_id: job.search_id,
                    platform: job.platform,
                    listings,
                    last: chunk + 1 == chunks,
                    error: if chunk + 1 == chunks { error.clone() } else { None },
                    chunk,
                    chunks,
                    fetched_at,
                }
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot encode message: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("SQS request failed: {0}")]
    Sqs(#[from] Box<aws_sdk_sqs::Error>),
}

impl QueueError {
    pub fn is_transient(&self) -> bool {
        matches!(self, QueueError::Sqs(_))
    }
}

/// Sends messages to the application's queues.
#[derive(Clone, Debug)]
pub struct Queues {
    client: aws_sdk_sqs::Client,
    urls: QueueUrls,
}

impl Queues {
    pub fn new(client: aws_sdk_sqs::Client, urls: QueueUrls) -> Self {
        Self { client, urls }
    }

    pub async fn send_fetch_job(&self, job: &FetchJob) -> Result<(), QueueError> {
        let url = match job.platform {
            Platform::Discogs => &self.urls.fetch_discogs,
            Platform::Ebay => &self.urls.fetch_ebay,
        };
        self.send(url, job).await
    }

    /// Sync jobs share the Discogs fetcher's queue, and so its rate budget.
    pub async fn send_sync_job(&self, job: &SyncJob) -> Result<(), QueueError> {
        self.send(&self.urls.fetch_discogs, job).await
    }

    pub async fn send_result_batch(&self, batch: &ResultBatch) -> Result<(), QueueError> {
        self.send(&self.urls.results, batch).await
    }

    async fn send(&self, url: &str, message: &impl Serialize) -> Result<(), QueueError> {
        let body = serde_json::to_string(message)?;
        self.client
            .send_message()
            .queue_url(url)
            .message_body(body)
            .send()
            .await
            .map_err(|e| QueueError::Sqs(Box::new(e.into())))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> FetchJob {
        FetchJob {
            v: V1,
            run_id: RunId::new(),
            user_id: UserId::new(),
            search_id: SearchId::new(),
            platform: Platform::Ebay,
            query: "q".into(),
            filters: SearchFilters::default(),
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: None,
            requested_at: Utc::now(),
            wantlist: None,
        }
    }

    #[test]
    fn large_answers_are_chunked_under_the_sqs_limit_and_numbered() {
        use crate::domain::money::Money;
        let listings: Vec<Listing> = (0..2000)
            .map(|i| {
                let mut l = Listing::new(Platform::Ebay, format!("{i}"), "x".repeat(300), Money::usd_cents(100));
                l.web_url = Some("https://www.ebay.com/itm/".to_owned() + &"9".repeat(100));
                l
            })
            .collect();
        let batches = ResultBatch::chunked(&job(), listings, None);
        assert!(batches.len() > 1);
        assert_eq!(batches.iter().map(|b| b.listings.len()).sum::<usize>(), 2000);
        for (i, b) in batches.iter().enumerate() {
            assert!(serde_json::to_vec(b).unwrap().len() < 256 * 1024);
            assert_eq!((b.chunk as usize, b.chunks as usize, b.last), (i, batches.len(), i + 1 == batches.len()));
        }

        let mut huge = Listing::new(Platform::Ebay, "huge", "x".repeat(CHUNK_BYTES), Money::usd_cents(100));
        huge.web_url = None;
        let kept = ResultBatch::chunked(
            &job(),
            vec![huge, Listing::new(Platform::Ebay, "ok", "t", Money::usd_cents(1))],
            None,
        );
        let ids: Vec<&str> = kept.iter().flat_map(|b| &b.listings).map(|l| l.listing_id.as_str()).collect();
        assert_eq!(ids, ["ok"], "a listing no message can carry is left out, the rest sent");

        let failed = ResultBatch::chunked(&job(), Vec::new(), Some("HTTP 500".into()));
        assert_eq!(failed.len(), 1);
        assert!(failed[0].last && failed[0].error.is_some() && failed[0].chunks == 1);
    }

    #[test]
    fn messages_carry_version_one_and_refuse_others() {
        let job = SyncJob::new(UserId::new(), SyncKind::Wantlist);
        let json = serde_json::to_value(&job).unwrap();
        assert_eq!(json["v"], 1);
        assert_eq!(json["kind"], "wantlist");
        assert_eq!(serde_json::from_value::<SyncJob>(json.clone()).unwrap(), job);

        let mut newer = json;
        newer["v"] = 2.into();
        let err = serde_json::from_value::<SyncJob>(newer).unwrap_err();
        assert!(err.to_string().contains("unsupported message version 2"));
    }
}
