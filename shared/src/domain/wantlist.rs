//! Want-list searches (docs/architecture.md#want-list-searches): which wants a run checks, what
//! the marketplaces are asked for each, and how a listing is tied back to the want it answers.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::listing::{Listing, StoredResult};
use crate::domain::lists::ListItem;
use crate::domain::matching::match_items_with;
use crate::domain::record_identity::{MatchEvidence, ReferenceRecord};

/// Wants one run checks at most: each costs a statistics call (more with any pressing) from the
/// Discogs budget and a Browse call from eBay's, so a long list is checked in slices.
pub const MAX_WANTS_PER_RUN: usize = 60;
/// Other pressings of a master whose statistics one want reads (its own release comes first).
pub const MAX_PRESSINGS: usize = 4;

/// The wants one run checks, and how old a shared marketplace answer may be for them: as old as
/// the search's interval (the run would not have looked sooner), so users wanting the same record
/// share one answer across their runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WantSlice {
    pub wants: Vec<WantRef>,
    #[serde(default)]
    pub answer_max_age_minutes: u32,
}

impl WantSlice {
    pub fn answer_max_age(&self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.answer_max_age_minutes))
    }
}

/// One want as a run's fetch job carries it: what both fetchers need, nothing user-private.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WantRef {
    pub release_id: u64,
    #[serde(default)]
    pub master_id: Option<u64>,
    #[serde(default)]
    pub artist: String,
    pub title: String,
    #[serde(default)]
    pub catalog_number: Option<String>,
    /// Any release of the master satisfies this want.
    #[serde(default)]
    pub any_pressing: bool,
}

impl WantRef {
    pub fn of(item: &ListItem, any_pressing: bool) -> Self {
        Self {
            release_id: item.release_id,
            master_id: item.master_id,
            artist: item.artist.clone().unwrap_or_default(),
            title: item.title.clone(),
            catalog_number: item.catalog_number.clone(),
            // Without a master there are no other pressings to accept.
            any_pressing: any_pressing && item.master_id.is_some(),
        }
    }

    /// The Browse query for this want: `artist title`, folded so that every user wanting the same
    /// record asks the same question (and shares its cached answer).
    pub fn browse_query(&self) -> String {
        normalise_query(&format!("{} {}", self.artist, self.title))
    }

    fn reference(&self) -> ReferenceRecord {
        ReferenceRecord {
            artist: self.artist.clone(),
            title: self.title.clone(),
            release_id: Some(self.release_id),
            master_id: self.master_id,
            catalog_number: self.catalog_number.clone(),
            label: None,
        }
    }
}

/// Lower case, Discogs' artist numbering (`Name (2)`) dropped, punctuation to spaces, one space
/// between words.
pub fn normalise_query(text: &str) -> String {
    let lowered = text.to_lowercase();
    let without_numbering: String = lowered
        .split_whitespace()
        .filter(|w| !(w.starts_with('(') && w.ends_with(')') && w[1..w.len() - 1].chars().all(|c| c.is_ascii_digit())))
        .collect::<Vec<_>>()
        .join(" ");
    without_numbering
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '\'' { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which pressing of a want a listing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PressingMatch {
    /// The wanted release itself.
    Wanted,
    /// Another release of the wanted record's master (an any-pressing match).
    OtherPressing,
    /// The record, by its seller's title; which pressing it is the listing does not say.
    Unknown,
}

/// The want a listing answers, and which pressing it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WantMatch {
    /// The wanted release.
    pub want_release_id: u64,
    pub pressing: PressingMatch,
}

/// How many wants a run checks so that every want is checked about once a day: a run every
/// `interval_hours` covers `total · interval / 24` of them, within [`MAX_WANTS_PER_RUN`].
pub fn slice_size(total: usize, interval_hours: u32) -> usize {
    let per_run = (total * interval_hours.clamp(1, 24) as usize).div_ceil(24);
    per_run.clamp(total.min(1), MAX_WANTS_PER_RUN)
}

/// The wants a run checks: never-checked ones first (in list order), then the longest unchecked.
pub fn pick_slice<'a>(wants: &'a [ListItem], checked: &HashMap<u64, DateTime<Utc>>, size: usize) -> Vec<&'a ListItem> {
    let mut order: Vec<(Option<DateTime<Utc>>, usize)> =
        wants.iter().enumerate().map(|(i, w)| (checked.get(&w.release_id).copied(), i)).collect();
    // `None` sorts before any time: never-checked wants come first.
    order.sort();
    order.into_iter().take(size).map(|(_, i)| &wants[i]).collect()
}

/// The eBay listings that are the wanted record, labelled; the rest are dropped. The listing's
/// seller title is matched against the want by the search's record matching (docs/matching.md).
pub fn match_back(listings: Vec<Listing>, want: &WantRef) -> Vec<Listing> {
    let results: Vec<StoredResult> =
        listings.into_iter().enumerate().map(|(i, l)| StoredResult::new(i.to_string(), l)).collect();
    let assignments = match_items_with(&results, &[want.reference()]);
    results
        .into_iter()
        .zip(assignments)
        .filter_map(|(result, assignment)| {
            let evidence = assignment.item.evidence?;
            if evidence == MatchEvidence::SellerTitle {
                return None;
            }
            let pressing = match assignment.item.pressing.and_then(|p| p.release_id) {
                Some(id) if id == want.release_id => PressingMatch::Wanted,
                Some(_) => PressingMatch::OtherPressing,
                None => PressingMatch::Unknown,
            };
            let mut listing = result.listing;
            listing.want = Some(WantMatch { want_release_id: want.release_id, pressing });
            Some(listing)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::platform::Platform;
    use chrono::TimeZone;

    fn item(id: u64, artist: &str, title: &str) -> ListItem {
        ListItem {
            item_id: id.to_string(),
            release_id: id,
            master_id: Some(id * 10),
            title: title.into(),
            artist: Some(artist.into()),
            year: None,
            format: None,
            catalog_number: None,
            added_at: None,
        }
    }

    #[test]
    fn a_slice_covers_the_list_once_a_day() {
        assert_eq!(slice_size(0, 6), 0);
        assert_eq!(slice_size(3, 6), 1);
        assert_eq!(slice_size(100, 6), 25);
        assert_eq!(slice_size(100, 24), 60, "capped at the per-run maximum");
        assert_eq!(slice_size(10, 48), 10, "a search less often than daily checks everything");
    }

    #[test]
    fn never_checked_then_oldest_checked_first() {
        let wants = [item(1, "a", "x"), item(2, "b", "y"), item(3, "c", "z"), item(4, "d", "w")];
        let t = |h| Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap();
        let checked = HashMap::from([(1, t(5)), (2, t(1)), (4, t(3))]);
        let picked: Vec<u64> = pick_slice(&wants, &checked, 3).iter().map(|w| w.release_id).collect();
        assert_eq!(picked, [3, 2, 4]);
    }

    #[test]
    fn browse_queries_are_the_same_for_the_same_record() {
        let a = WantRef::of(&item(1, "Miles Davis (2)", "Kind Of Blue"), false);
        let b = WantRef::of(&item(1, "miles  davis", "Kind of Blue!"), false);
        assert_eq!(a.browse_query(), "miles davis kind of blue");
        assert_eq!(a.browse_query(), b.browse_query());
    }

    #[test]
    fn only_listings_of_the_wanted_record_are_kept_and_labelled() {
        let want = WantRef::of(&item(7, "Miles Davis", "Kind Of Blue"), true);
        let l = |id: &str, title: &str| Listing::new(Platform::Ebay, id, title, Money::usd_cents(2500));
        let kept = match_back(
            vec![
                l("1", "Miles Davis - Kind Of Blue LP 1959 Columbia VG+"),
                l("2", "John Coltrane Blue Train LP"),
                l("3", "MILES DAVIS Kind of Blue vinyl record"),
            ],
            &want,
        );
        let ids: Vec<&str> = kept.iter().map(|l| l.listing_id.as_str()).collect();
        assert_eq!(ids, ["1", "3"]);
        assert!(kept.iter().all(|l| l.want.is_some_and(|w| w.want_release_id == 7)));
    }
}
