//! Header items of the user's collection and want list.

use chrono::{DateTime, Utc};

use super::{Store, StoreError, item_with_key, keys};
use crate::domain::ids::UserId;
use crate::domain::lists::{ListHeader, ListKind, SyncStatus};

fn header_key(user: UserId, kind: ListKind) -> keys::Key {
    match kind {
        ListKind::Collection => keys::collection_header(user),
        ListKind::Wantlist => keys::wantlist_header(user),
    }
}

impl Store {
    pub async fn get_list_header(&self, user: UserId, kind: ListKind) -> Result<Option<ListHeader>, StoreError> {
        self.get(&header_key(user, kind)).await
    }

    pub async fn put_list_header(&self, user: UserId, header: &ListHeader) -> Result<(), StoreError> {
        self.put(item_with_key(header, &header_key(user, header.kind))?).await
    }

    /// Marks a sync as queued, creating the header on the first sync; counts and the last
    /// successful sync time are kept.
    pub async fn mark_list_queued(&self, user: UserId, kind: ListKind, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut header = self.get_list_header(user, kind).await?.unwrap_or_else(|| ListHeader::new(kind, now));
        header.sync_status = SyncStatus::Queued;
        header.updated_at = now;
        self.put_list_header(user, &header).await
    }
}
