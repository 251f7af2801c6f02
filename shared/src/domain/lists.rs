//! The user's synced Discogs collection and want list: header records the API shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    Collection,
    Wantlist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SyncStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// What the dashboard shows about one list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListHeader {
    pub id: Uuid,
    pub kind: ListKind,
    /// Items after the last successful sync.
    pub item_count: u32,
    /// When the last successful sync finished.
    pub last_sync_at: Option<DateTime<Utc>>,
    pub sync_status: SyncStatus,
    /// Why the last sync failed, if it did.
    pub sync_error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl ListHeader {
    pub fn new(kind: ListKind, now: DateTime<Utc>) -> Self {
        Self {
            id: Uuid::new_v4(),
            kind,
            item_count: 0,
            last_sync_at: None,
            sync_status: SyncStatus::Queued,
            sync_error: None,
            updated_at: now,
        }
    }
}

/// One record of the user's collection (one item per copy) or want list (one per release).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// Collection: the Discogs instance id; want list: the release id.
    pub item_id: String,
    pub release_id: u64,
    /// The release's master (`basic_information.master_id`), when Discogs gives one.
    #[serde(default)]
    pub master_id: Option<u64>,
    pub title: String,
    #[serde(default)]
    pub artist: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub catalog_number: Option<String>,
    #[serde(default)]
    pub added_at: Option<DateTime<Utc>>,
}
