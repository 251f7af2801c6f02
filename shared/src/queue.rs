//! The messages that flow between the functions (DESIGN.md §5) and the SQS publisher.
//!
//! Every message carries `"v": 1`; a consumer refuses any other version instead of guessing.

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::config::QueueUrls;
use crate::domain::ids::{JobId, RunId, SearchId, UserId};
use crate::domain::listing::Listing;
use crate::domain::platform::Platform;

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
    pub filters: Map<String, Value>,
    pub requested_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncKind {
    Both,
    Collection,
    Wantlist,
}

/// Sync a user's Discogs collection and/or want list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncJob {
    pub v: V1,
    pub job_id: JobId,
    pub user_id: UserId,
    pub kind: SyncKind,
}

/// A chunk of one marketplace's listings for a run; `last` closes that marketplace's part.
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

    #[test]
    fn messages_carry_version_one_and_refuse_others() {
        let job = SyncJob { v: V1, job_id: JobId::new(), user_id: UserId::new(), kind: SyncKind::Wantlist };
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
