//! Saved searches and the rules that schedule them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{SearchId, UserId};
use super::platform::SearchPlatform;
use super::search_filters::SearchFilters;

/// What a saved search watches: the results of its text query, or the user's synced Discogs want
/// list (docs/architecture.md#want-list-searches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SearchSource {
    #[default]
    Query,
    Wantlist,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: SearchId,
    pub user_id: UserId,
    pub name: String,
    pub query: String,
    pub platform: SearchPlatform,
    #[serde(default)]
    pub source: SearchSource,
    /// Want-list searches: any release of a wanted record's master satisfies the want.
    #[serde(default)]
    pub any_pressing: bool,
    #[serde(default)]
    pub filters: SearchFilters,
    pub is_active: bool,
    pub check_interval_hours: u32,
    pub last_run_at: Option<DateTime<Utc>>,
    /// When the scheduler should next run it; only meaningful while active.
    pub next_run_at: DateTime<Utc>,
    pub min_record_condition: Option<String>,
    pub min_sleeve_condition: Option<String>,
    pub seller_location_preference: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic-lock counter: every write increments it and is conditioned on the value read,
    /// so a user's edit and a scheduler claim can never overwrite each other.
    #[serde(default)]
    pub version: u64,
}

/// What a user chooses when creating a search; everything else is derived.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSearch {
    pub name: String,
    pub query: String,
    pub platform: SearchPlatform,
    pub filters: SearchFilters,
    pub check_interval_hours: u32,
    pub min_record_condition: Option<String>,
    pub min_sleeve_condition: Option<String>,
    pub seller_location_preference: Option<String>,
}

impl SavedSearch {
    /// A new search is active and due at once, so the next scheduler tick picks it up.
    pub fn create(user_id: UserId, new: NewSearch, now: DateTime<Utc>) -> Self {
        Self {
            id: SearchId::new(),
            user_id,
            name: new.name,
            query: new.query,
            platform: new.platform,
            source: SearchSource::Query,
            any_pressing: false,
            filters: new.filters,
            is_active: true,
            check_interval_hours: new.check_interval_hours,
            last_run_at: None,
            next_run_at: now,
            min_record_condition: new.min_record_condition,
            min_sleeve_condition: new.min_sleeve_condition,
            seller_location_preference: new.seller_location_preference,
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }

    /// The same search watching the want list instead of (or as well as naming) a query.
    pub fn with_source(mut self, source: SearchSource, any_pressing: bool) -> Self {
        self.source = source;
        self.any_pressing = any_pressing;
        self
    }

    pub fn interval(&self) -> Duration {
        Duration::hours(i64::from(self.check_interval_hours.max(1)))
    }

    /// After an interval change the next run follows the last one by the new interval (or comes
    /// at once if that moment has passed); a search that never ran stays due as it was.
    pub fn reschedule(&mut self, now: DateTime<Utc>) {
        if let Some(last) = self.last_run_at {
            self.next_run_at = (last + self.interval()).max(now);
        }
    }
}

/// The slot after a claimed one: the first `due + k·interval` (k ≥ 1) later than `now`, so a
/// search keeps its cadence and a long-overdue search runs once, not once per missed slot.
pub fn next_slot(due: DateTime<Utc>, interval: Duration, now: DateTime<Utc>) -> DateTime<Utc> {
    let step = interval.num_seconds().max(1);
    let behind = (now - due).num_seconds().max(0);
    let steps = behind / step + 1;
    due + Duration::seconds(step * steps)
}

/// Due searches in round-robin order by user: each user's earliest-due search, users in the order
/// of those, then each user's second, and so on; so one user's many searches cannot take the
/// marketplace budgets before everyone else has had a turn.
pub fn fair_order(mut due: Vec<SavedSearch>) -> Vec<SavedSearch> {
    due.sort_by_key(|s| (s.next_run_at, s.id.as_uuid()));
    let mut turn: std::collections::HashMap<UserId, usize> = std::collections::HashMap::new();
    let mut ranked: Vec<(usize, usize, SavedSearch)> = due
        .into_iter()
        .enumerate()
        .map(|(position, search)| {
            let round = turn.entry(search.user_id).or_default();
            let ranked = (*round, position, search);
            *round += 1;
            ranked
        })
        .collect();
    ranked.sort_by_key(|(round, position, _)| (*round, *position));
    ranked.into_iter().map(|(_, _, search)| search).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, h, m, 0).unwrap()
    }

    #[test]
    fn a_just_due_search_moves_by_exactly_its_interval() {
        assert_eq!(next_slot(t(10, 0), Duration::hours(2), t(10, 0)), t(12, 0));
        assert_eq!(next_slot(t(10, 0), Duration::hours(2), t(10, 4)), t(12, 0));
    }

    #[test]
    fn an_overdue_search_skips_missed_slots_but_keeps_its_cadence() {
        assert_eq!(next_slot(t(1, 0), Duration::hours(2), t(10, 30)), t(11, 0));
        assert_eq!(next_slot(t(1, 0), Duration::hours(2), t(11, 0)), t(13, 0));
    }

    fn search(last_run_at: Option<DateTime<Utc>>, interval: u32) -> SavedSearch {
        let mut s = SavedSearch::create(
            UserId::new(),
            NewSearch {
                name: "n".into(),
                query: "q".into(),
                platform: SearchPlatform::Both,
                filters: SearchFilters::default(),
                check_interval_hours: interval,
                min_record_condition: None,
                min_sleeve_condition: None,
                seller_location_preference: None,
            },
            t(0, 0),
        );
        s.last_run_at = last_run_at;
        s
    }

    #[test]
    fn due_searches_take_turns_by_user() {
        let (ann, bob) = (UserId::new(), UserId::new());
        let due = |user, minute| {
            let mut s = search(None, 6);
            s.user_id = user;
            s.next_run_at = t(9, minute);
            s
        };
        // Ann has four searches due before Bob's one.
        let all = vec![due(ann, 0), due(ann, 1), due(ann, 2), due(bob, 3), due(ann, 4)];
        let order: Vec<(UserId, u32)> =
            fair_order(all).iter().map(|s| (s.user_id, chrono::Timelike::minute(&s.next_run_at))).collect();
        assert_eq!(order, [(ann, 0), (bob, 3), (ann, 1), (ann, 2), (ann, 4)]);
    }

    #[test]
    fn reschedule_follows_the_last_run() {
        let mut s = search(Some(t(8, 0)), 4);
        s.reschedule(t(9, 0));
        assert_eq!(s.next_run_at, t(12, 0));

        let mut s = search(Some(t(1, 0)), 1);
        s.reschedule(t(9, 0));
        assert_eq!(s.next_run_at, t(9, 0), "an already-passed slot means due now");

        let mut s = search(None, 6);
        s.reschedule(t(9, 0));
        assert_eq!(s.next_run_at, t(0, 0), "a search that never ran stays due");
    }
}
