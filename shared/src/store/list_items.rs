//! The items of a user's collection (`COLL#<instance id>`) and want list (`WANT#<release id>`).

use std::collections::HashSet;

use super::keys::attr;
use super::{Store, StoreError, item_with_key, key_attrs, keys, s};
use crate::domain::ids::{JobId, UserId};
use crate::domain::lists::{ListItem, ListKind};
use crate::domain::record_identity::ReferenceRecord;

fn item_key(user: UserId, kind: ListKind, item_id: &str) -> keys::Key {
    match kind {
        ListKind::Collection => keys::collection_item(user, item_id),
        ListKind::Wantlist => keys::wantlist_item(user, item_id),
    }
}

fn prefix(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Collection => keys::COLLECTION_ITEM_PREFIX,
        ListKind::Wantlist => keys::WANTLIST_ITEM_PREFIX,
    }
}

impl Store {
    pub async fn list_items(&self, user: UserId, kind: ListKind) -> Result<Vec<ListItem>, StoreError> {
        self.query_prefix(&keys::user_pk(user), prefix(kind)).await
    }

    /// The Discogs release ids on the list: what flags results as wanted or owned.
    pub async fn list_release_ids(&self, user: UserId, kind: ListKind) -> Result<HashSet<u64>, StoreError> {
        Ok(self.list_items(user, kind).await?.into_iter().map(|i| i.release_id).collect())
    }

    /// The records of the user's want list and collection: known records that sellers' titles are
    /// matched against (docs/matching.md).
    pub async fn reference_records(&self, user: UserId) -> Result<Vec<ReferenceRecord>, StoreError> {
        let (wanted, owned) =
            futures::try_join!(self.list_items(user, ListKind::Wantlist), self.list_items(user, ListKind::Collection))?;
        Ok(wanted.iter().chain(&owned).map(ReferenceRecord::from).collect())
    }

    /// Writes a page of a list being synced, each item stamped with the sync that wrote it.
    pub async fn put_synced_items(
        &self,
        user: UserId,
        kind: ListKind,
        items: &[ListItem],
        sync: JobId,
    ) -> Result<(), StoreError> {
        let stamp = sync.to_string();
        let puts = items
            .iter()
            .map(|i| {
                let mut item = item_with_key(i, &item_key(user, kind, &i.item_id))?;
                item.insert(attr::SYNCED_BY.into(), s(&stamp));
                Ok(item)
            })
            .collect::<Result<_, StoreError>>()?;
        self.put_items(puts).await
    }

    /// Removes what the sync `sync` did not write (what Discogs no longer lists), once it has
    /// written the whole list; returns how many items the list holds.
    pub async fn prune_unsynced_items(&self, user: UserId, kind: ListKind, sync: JobId) -> Result<u32, StoreError> {
        let stamp = sync.to_string();
        let stored: Vec<Stamped> = self.query_prefix(&keys::user_pk(user), prefix(kind)).await?;
        let (kept, stale): (Vec<Stamped>, Vec<Stamped>) =
            stored.into_iter().partition(|i| i.synced_by.as_deref() == Some(stamp.as_str()));
        let stale = stale.iter().map(|old| key_attrs(&item_key(user, kind, &old.item_id))).collect();
        self.delete_keys(stale).await?;
        Ok(u32::try_from(kept.len()).unwrap_or(u32::MAX))
    }

    /// Makes the stored list exactly `items` (tests and tools; syncs go page by page).
    pub async fn replace_list_items(&self, user: UserId, kind: ListKind, items: &[ListItem]) -> Result<(), StoreError> {
        let sync = JobId::new();
        self.put_synced_items(user, kind, items, sync).await?;
        self.prune_unsynced_items(user, kind, sync).await.map(drop)
    }
}

#[derive(serde::Deserialize)]
struct Stamped {
    item_id: String,
    #[serde(default)]
    synced_by: Option<String>,
}
