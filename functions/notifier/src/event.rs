//! The message on the notifier's queue: the EventBridge event the rule forwards, whole (SQS
//! targets get the event document, `RunCompleted` in its `detail`).

use serde::{Deserialize, Serialize};
use vinyldigger::events::RunCompleted;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunCompletedEvent {
    #[serde(rename = "detail-type")]
    pub detail_type: String,
    pub source: String,
    pub detail: RunCompleted,
}
