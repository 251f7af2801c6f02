//! Domain events on the application's EventBridge bus, where notification consumers subscribe.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ids::{RunId, SearchId, UserId};
use crate::domain::run::RunStatus;

pub const SOURCE: &str = "vinyldigger";
pub const RUN_COMPLETED: &str = "RunCompleted";

/// A listing whose price fell during a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceDrop {
    pub platform: String,
    pub listing_id: String,
    pub old_minor: i64,
    pub new_minor: i64,
}

impl PriceDrop {
    /// From the run's `<platform>#<listing id>#<old>#<new>` marker; `None` if it is not one.
    pub fn parse(marker: &str) -> Option<Self> {
        let mut parts = marker.rsplitn(3, '#');
        let new_minor = parts.next()?.parse().ok()?;
        let old_minor = parts.next()?.parse().ok()?;
        let (platform, listing_id) = parts.next()?.split_once('#')?;
        Some(Self { platform: platform.to_owned(), listing_id: listing_id.to_owned(), old_minor, new_minor })
    }
}

/// docs/architecture.md#messages: published when a run reaches its final status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunCompleted {
    pub v: crate::queue::V1,
    pub run_id: RunId,
    pub user_id: UserId,
    pub search_id: SearchId,
    pub status: RunStatus,
    pub new_results: u32,
    /// Result ids of new want-list matches.
    pub new_wantlist_matches: Vec<String>,
    pub price_drops: Vec<PriceDrop>,
    pub completed_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("cannot encode event: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("EventBridge request failed: {0}")]
    Put(#[from] Box<aws_sdk_eventbridge::Error>),
    #[error("EventBridge refused the event: {0}")]
    Refused(String),
}

#[derive(Clone, Debug)]
pub struct Events {
    client: aws_sdk_eventbridge::Client,
    bus: String,
}

impl Events {
    pub fn new(client: aws_sdk_eventbridge::Client, bus: impl Into<String>) -> Self {
        Self { client, bus: bus.into() }
    }

    pub async fn publish_run_completed(&self, event: &RunCompleted) -> Result<(), EventError> {
        let entry = aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
            .event_bus_name(&self.bus)
            .source(SOURCE)
            .detail_type(RUN_COMPLETED)
            .detail(serde_json::to_string(event)?)
            .build();
        let out =
            self.client.put_events().entries(entry).send().await.map_err(|e| EventError::Put(Box::new(e.into())))?;
        if out.failed_entry_count > 0 {
            let reason = out.entries().iter().filter_map(|e| e.error_message()).collect::<Vec<_>>().join("; ");
            return Err(EventError::Refused(reason));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_drop_markers_round_trip_even_with_hashes_in_ids() {
        let drop = PriceDrop::parse("discogs#12#34#2500#1999").unwrap();
        assert_eq!(
            drop,
            PriceDrop { platform: "discogs".into(), listing_id: "12#34".into(), old_minor: 2500, new_minor: 1999 }
        );
        assert!(PriceDrop::parse("garbage").is_none());
    }
}
