//! The items of a user's collection (`COLL#<instance id>`) and want list (`WANT#<release id>`).

use std::collections::HashSet;

use super::{Store, StoreError, item_with_key, keys};
use crate::domain::ids::UserId;
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

    /// Makes the stored list exactly `items`: writes them all, then removes what Discogs no longer
    /// lists. Called only after a complete, successful fetch.
    pub async fn replace_list_items(&self, user: UserId, kind: ListKind, items: &[ListItem]) -> Result<(), StoreError> {
        let keep: HashSet<&str> = items.iter().map(|i| i.item_id.as_str()).collect();
        let stale: Vec<_> = self
            .list_items(user, kind)
            .await?
            .into_iter()
            .filter(|old| !keep.contains(old.item_id.as_str()))
            .map(|old| super::key_attrs(&item_key(user, kind, &old.item_id)))
            .collect();
        let puts =
            items.iter().map(|i| item_with_key(i, &item_key(user, kind, &i.item_id))).collect::<Result<_, _>>()?;
        self.put_items(puts).await?;
        self.delete_keys(stale).await
    }
}
