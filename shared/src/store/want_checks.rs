//! When a want-list search last checked each want, per marketplace: what orders the next run's
//! slice and what the search shows per want. A fetcher records the wants whose check succeeded,
//! once it has their answers, so a failed fetch leaves a want as unchecked as it was.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, item_with_key, keys};
use crate::domain::ids::SearchId;
use crate::domain::platform::Platform;

#[derive(Debug, Serialize, Deserialize)]
struct WantCheck {
    release_id: u64,
    checked_at: DateTime<Utc>,
    /// `None` on items of older runs, which recorded a check for every marketplace at once.
    #[serde(default)]
    platform: Option<Platform>,
}

impl Store {
    /// Release id → when the search last checked it on every one of `platforms`: the oldest of
    /// their checks, and none while one of them has never checked it.
    pub async fn want_checks(
        &self,
        search: SearchId,
        platforms: &[Platform],
    ) -> Result<HashMap<u64, DateTime<Utc>>, StoreError> {
        let checks: Vec<WantCheck> = self.query_prefix(&keys::search_pk(search), keys::WANT_CHECK_PREFIX).await?;
        Ok(last_checks(checks, platforms))
    }

    /// Records that `platform` checked these wants of the search at `at`.
    pub async fn mark_wants_checked(
        &self,
        search: SearchId,
        platform: Platform,
        release_ids: &[u64],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let items = release_ids
            .iter()
            .map(|&release_id| {
                let check = WantCheck { release_id, checked_at: at, platform: Some(platform) };
                item_with_key(&check, &keys::want_check(search, platform, release_id))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.put_items(items).await
    }
}

fn last_checks(checks: Vec<WantCheck>, platforms: &[Platform]) -> HashMap<u64, DateTime<Utc>> {
    let mut by_want: HashMap<u64, HashMap<Option<Platform>, DateTime<Utc>>> = HashMap::new();
    for check in checks {
        let at = by_want.entry(check.release_id).or_default().entry(check.platform).or_insert(check.checked_at);
        *at = (*at).max(check.checked_at);
    }
    by_want
        .into_iter()
        .filter_map(|(release_id, at)| {
            let legacy = at.get(&None).copied();
            let per_platform: Option<Vec<DateTime<Utc>>> =
                platforms.iter().map(|&p| at.get(&Some(p)).copied().max(legacy)).collect();
            Some((release_id, per_platform?.into_iter().min()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_want_is_checked_when_every_marketplace_of_the_search_checked_it() {
        let t = |h| Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap();
        let check = |release_id, platform, h| WantCheck { release_id, checked_at: t(h), platform };
        let checks = || {
            vec![
                check(1, Some(Platform::Discogs), 3),
                check(1, Some(Platform::Ebay), 5),
                check(2, Some(Platform::Discogs), 4),
                check(3, None, 2),
                check(3, Some(Platform::Ebay), 6),
            ]
        };
        let both = last_checks(checks(), &Platform::ALL);
        assert_eq!(both, HashMap::from([(1, t(3)), (3, t(2))]), "want 2 was never checked on eBay");
        let discogs = last_checks(checks(), &[Platform::Discogs]);
        assert_eq!(discogs, HashMap::from([(1, t(3)), (2, t(4)), (3, t(2))]));
        assert_eq!(last_checks(checks(), &[Platform::Ebay])[&3], t(6));
    }
}
