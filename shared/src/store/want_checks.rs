//! When a want-list search last checked each want: what orders the next run's slice and what the
//! search shows per want.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, item_with_key, keys};
use crate::domain::ids::SearchId;

#[derive(Debug, Serialize, Deserialize)]
struct WantCheck {
    release_id: u64,
    checked_at: DateTime<Utc>,
}

impl Store {
    /// Release id → when the search last checked it.
    pub async fn want_checks(&self, search: SearchId) -> Result<HashMap<u64, DateTime<Utc>>, StoreError> {
        let checks: Vec<WantCheck> = self.query_prefix(&keys::search_pk(search), keys::WANT_CHECK_PREFIX).await?;
        Ok(checks.into_iter().map(|c| (c.release_id, c.checked_at)).collect())
    }

    /// Records that a run checks these wants at `at`.
    pub async fn mark_wants_checked(
        &self,
        search: SearchId,
        release_ids: &[u64],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let items = release_ids
            .iter()
            .map(|&release_id| {
                item_with_key(&WantCheck { release_id, checked_at: at }, &keys::want_check(search, release_id))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.put_items(items).await
    }
}
