//! One execution of a saved search, tracked per marketplace.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{RunId, SearchId, UserId};
use super::platform::Platform;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Queued,
    Running,
    Completed,
    Failed,
}

impl RunStatus {
    pub fn is_final(self) -> bool {
        matches!(self, RunStatus::Completed | RunStatus::Failed)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: RunId,
    pub search_id: SearchId,
    pub user_id: UserId,
    pub status: RunStatus,
    pub platforms: Vec<Platform>,
    /// Marketplaces whose part has not finished yet; the run completes when it is empty.
    #[serde(default)]
    pub pending: BTreeSet<Platform>,
    /// Listings received per marketplace.
    #[serde(default)]
    pub listings: BTreeMap<Platform, u32>,
    /// Why a marketplace's part failed, if it did.
    #[serde(default)]
    pub errors: BTreeMap<Platform, String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl Run {
    pub fn queued(search_id: SearchId, user_id: UserId, platforms: &[Platform], now: DateTime<Utc>) -> Self {
        Self {
            id: RunId::new(),
            search_id,
            user_id,
            status: RunStatus::Queued,
            platforms: platforms.to_vec(),
            pending: platforms.iter().copied().collect(),
            listings: BTreeMap::new(),
            errors: BTreeMap::new(),
            created_at: now,
            updated_at: now,
            completed_at: None,
        }
    }

    /// A run fails only when no marketplace delivered: partial results are still results.
    pub fn outcome(&self) -> RunStatus {
        if self.platforms.iter().all(|p| self.errors.contains_key(p)) {
            RunStatus::Failed
        } else {
            RunStatus::Completed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_with_one_failed_marketplace_still_completes() {
        let mut run = Run::queued(SearchId::new(), UserId::new(), &Platform::ALL, Utc::now());
        run.errors.insert(Platform::Ebay, "HTTP 500".into());
        assert_eq!(run.outcome(), RunStatus::Completed);
        run.errors.insert(Platform::Discogs, "HTTP 500".into());
        assert_eq!(run.outcome(), RunStatus::Failed);
    }
}
