//! A want's own "any pressing" switch in one want-list search, overriding the search's switch
//! (docs/architecture.md#want-list-searches). Kept in the search's partition, not on the want-list
//! item: a sync replaces the list, and the choice belongs to the search.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, item_with_key, key_attrs, keys};
use crate::domain::ids::SearchId;

#[derive(Debug, Serialize, Deserialize)]
struct WantPressing {
    release_id: u64,
    any_pressing: bool,
}

impl Store {
    /// Release id → the want's own switch, for the wants that have one.
    pub async fn want_pressings(&self, search: SearchId) -> Result<HashMap<u64, bool>, StoreError> {
        let set: Vec<WantPressing> = self.query_prefix(&keys::search_pk(search), keys::WANT_PRESSING_PREFIX).await?;
        Ok(set.into_iter().map(|p| (p.release_id, p.any_pressing)).collect())
    }

    /// Sets a want's own switch, or with `None` removes it (the search's switch applies again).
    pub async fn set_want_pressing(
        &self,
        search: SearchId,
        release_id: u64,
        any_pressing: Option<bool>,
    ) -> Result<(), StoreError> {
        let key = keys::want_pressing(search, release_id);
        match any_pressing {
            Some(any_pressing) => self.put(item_with_key(&WantPressing { release_id, any_pressing }, &key)?).await,
            None => self.delete_keys(vec![key_attrs(&key)]).await,
        }
    }
}
