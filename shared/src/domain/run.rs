//! One execution of a saved search, tracked per marketplace.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{RunId, SearchId, UserId};
use super::platform::Platform;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Result chunks written so far, as `<platform>#<chunk>`.
    #[serde(default)]
    pub received: BTreeSet<String>,
    /// Results seen for the first time in this run.
    #[serde(default)]
    pub new_results: u32,
    /// Results of this run that are on the user's want list (result ids).
    #[serde(default)]
    pub new_wantlist_matches: BTreeSet<String>,
    /// Listings whose price fell in this run, as `<platform>#<listing id>#<old minor>#<new minor>`.
    #[serde(default)]
    pub price_drops: BTreeSet<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Whether `RunCompleted` was published (at least once).
    #[serde(default)]
    pub notified: bool,
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
            received: BTreeSet::new(),
            new_results: 0,
            new_wantlist_matches: BTreeSet::new(),
            price_drops: BTreeSet::new(),
            created_at: now,
            updated_at: now,
            completed_at: None,
            notified: false,
        }
    }

    /// The chunk marker of a result batch.
    pub fn chunk_marker(platform: Platform, chunk: u32) -> String {
        format!("{platform}#{chunk}")
    }

    /// Whether every chunk of a marketplace's part has been written.
    pub fn has_all_chunks(&self, platform: Platform, chunks: u32) -> bool {
        (0..chunks).all(|c| self.received.contains(&Self::chunk_marker(platform, c)))
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
