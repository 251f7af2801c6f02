//! Collection and want-list sync status.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vinyldigger::domain::lists::{ListHeader, SyncStatus};

#[derive(Serialize, ToSchema)]
pub struct CollectionStatus {
    /// The list's id, or `""` before the first sync.
    pub id: String,
    pub item_count: u32,
    #[schema(required = true)]
    pub last_sync_at: Option<DateTime<Utc>>,
    /// `null` before the first sync.
    #[schema(required = true)]
    pub sync_status: Option<SyncStatus>,
    #[schema(required = true)]
    pub sync_error: Option<String>,
}

impl From<Option<ListHeader>> for CollectionStatus {
    fn from(header: Option<ListHeader>) -> Self {
        match header {
            Some(h) => Self {
                id: h.id.to_string(),
                item_count: h.item_count,
                last_sync_at: h.last_sync_at,
                sync_status: Some(h.sync_status),
                sync_error: h.sync_error,
            },
            None => Self { id: String::new(), item_count: 0, last_sync_at: None, sync_status: None, sync_error: None },
        }
    }
}
