//! Canonical-item matching (SPEC §5.1.5–§5.1.6): fingerprint grouping and confidence levels.
//!
//! Results are grouped by fingerprint through a `HashMap`, so matching is linear in the number of
//! results. Every string is normalised once per result and reused for the fingerprint and for the
//! similarity scores.

use crate::domain::extract::{ItemInfo, extract_item_info};
use crate::domain::fingerprint::fingerprint_normalized;
use crate::domain::listing::{ItemMatchRef, StoredResult};
use crate::domain::scoring::round2;
use crate::domain::similarity::similarity_normalized;
use crate::domain::text::normalize;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Match confidence level (SPEC §3.1 `MatchConfidence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MatchConfidence {
    Exact,
    High,
    Medium,
    Low,
    Uncertain,
}

impl MatchConfidence {
    /// SPEC §5.1.6: ≥ 95 EXACT, ≥ 85 HIGH, ≥ 70 MEDIUM, ≥ 50 LOW, else UNCERTAIN.
    pub fn from_score(score: f64) -> Self {
        match score {
            s if s >= 95.0 => MatchConfidence::Exact,
            s if s >= 85.0 => MatchConfidence::High,
            s if s >= 70.0 => MatchConfidence::Medium,
            s if s >= 50.0 => MatchConfidence::Low,
            _ => MatchConfidence::Uncertain,
        }
    }

    pub fn requires_review(self) -> bool {
        matches!(self, MatchConfidence::Low | MatchConfidence::Uncertain)
    }
}

/// A global canonical item (upstream `ItemMatch`), keyed by fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalItem {
    pub fingerprint: String,
    pub title: String,
    pub artist: String,
    pub year: Option<i32>,
    pub format: Option<String>,
    pub catalog_number: Option<String>,
    pub total_matches: u32,
    /// Running mean of the confidence scores of the results matched to it (2 decimals).
    pub avg_confidence_score: f64,
}

impl CanonicalItem {
    /// SPEC §5.1.5: a new canonical item takes the fields of the info that created it.
    pub fn from_info(fingerprint: String, info: &ItemInfo) -> Self {
        CanonicalItem {
            fingerprint,
            title: info.title.clone(),
            artist: info.artist.clone(),
            year: info.year,
            format: info.format.clone(),
            catalog_number: info.catalog_number.clone(),
            total_matches: 0,
            avg_confidence_score: 0.0,
        }
    }

    pub fn to_match_ref(&self) -> ItemMatchRef {
        ItemMatchRef {
            fingerprint: self.fingerprint.clone(),
            canonical_title: self.title.clone(),
            canonical_artist: self.artist.clone(),
        }
    }

    /// Upstream counter update: `total += 1; avg = (avg·(n−1) + score) / n`.
    fn record(&mut self, score: f64) {
        self.total_matches += 1;
        let n = f64::from(self.total_matches);
        self.avg_confidence_score = round2((self.avg_confidence_score * (n - 1.0) + score) / n);
    }
}

/// Confidence of one result against its canonical item (upstream `ItemMatchResult`).
/// Similarities and scores are rounded to 2 decimals; the level uses the unrounded score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchScore {
    pub title_similarity: f64,
    pub artist_similarity: f64,
    pub year_match: bool,
    pub catalog_match: bool,
    pub format_match: bool,
    /// Before the cap at 100.
    pub base_score: f64,
    pub confidence_score: f64,
    pub confidence: MatchConfidence,
    pub requires_review: bool,
}

/// SPEC §5.1.6 confidence of `info` against canonical item `m`.
pub fn confidence(m: &CanonicalItem, info: &ItemInfo) -> MatchScore {
    score_normalized(&Normalized::of_canonical(m), m, &Normalized::of_info(info), info)
}

/// Normalised strings of one side, with the raw emptiness the SPEC's `sim` checks first.
struct Normalized {
    title: String,
    artist: String,
    catalog: Option<String>,
    format: Option<String>,
    title_empty: bool,
    artist_empty: bool,
}

impl Normalized {
    fn of(title: &str, artist: &str, catalog: Option<&str>, format: Option<&str>) -> Self {
        Normalized {
            title: normalize(title),
            artist: normalize(artist),
            catalog: catalog.filter(|s| !s.is_empty()).map(normalize),
            format: format.filter(|s| !s.is_empty()).map(normalize),
            title_empty: title.is_empty(),
            artist_empty: artist.is_empty(),
        }
    }
    fn of_info(i: &ItemInfo) -> Self {
        Self::of(&i.title, &i.artist, i.catalog_number.as_deref(), i.format.as_deref())
    }
    fn of_canonical(m: &CanonicalItem) -> Self {
        Self::of(&m.title, &m.artist, m.catalog_number.as_deref(), m.format.as_deref())
    }
}

/// `sim` on pre-normalised text; `0` when either raw input was empty.
fn sim(a_empty: bool, a: &str, b_empty: bool, b: &str) -> f64 {
    if a_empty || b_empty { 0.0 } else { similarity_normalized(a, b) }
}

fn score_normalized(mn: &Normalized, m: &CanonicalItem, inn: &Normalized, info: &ItemInfo) -> MatchScore {
    let title_similarity = sim(mn.title_empty, &mn.title, inn.title_empty, &inn.title);
    let artist_similarity = sim(mn.artist_empty, &mn.artist, inn.artist_empty, &inn.artist);
    let year_match = match (m.year, info.year) {
        (Some(a), Some(b)) => (i64::from(a) - i64::from(b)).abs() <= 1,
        (None, None) => true,
        _ => false,
    };
    // Present = non-empty raw text (`Normalized::of` keeps `None` for empty strings).
    let optional_sim = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => Some(similarity_normalized(a, b)),
        _ => None,
    };
    let catalog_match = optional_sim(&mn.catalog, &inn.catalog).is_some_and(|s| s > 80.0);
    let format_match = optional_sim(&mn.format, &inn.format).is_some_and(|s| s > 70.0);
    let base = 0.4 * title_similarity
        + 0.4 * artist_similarity
        + if year_match { 10.0 } else { 0.0 }
        + if catalog_match { 15.0 } else { 0.0 }
        + if format_match { 5.0 } else { 0.0 };
    let score = base.min(100.0);
    let level = MatchConfidence::from_score(score);
    MatchScore {
        title_similarity: round2(title_similarity),
        artist_similarity: round2(artist_similarity),
        year_match,
        catalog_match,
        format_match,
        base_score: round2(base),
        confidence_score: round2(score),
        confidence: level,
        requires_review: level.requires_review(),
    }
}

/// The outcome of matching one stored result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalAssignment {
    pub result_id: String,
    /// The canonical item after counting this result (its `total_matches` and
    /// `avg_confidence_score` include it). The last assignment of a fingerprint carries the final
    /// counters to store.
    pub canonical: CanonicalItem,
    /// This result created the canonical item (no known item had its fingerprint).
    pub created: bool,
    pub score: MatchScore,
}

/// Matches every result against canonical items created on the fly (SPEC §5.1.5).
pub fn match_items(results: &[StoredResult]) -> Vec<CanonicalAssignment> {
    match_items_with(results, &HashMap::new())
}

/// Matches every result, looking up canonical items first in `known` (the global items already
/// stored, keyed by fingerprint) and creating the missing ones. Linear: one hash lookup per result.
pub fn match_items_with(results: &[StoredResult], known: &HashMap<String, CanonicalItem>) -> Vec<CanonicalAssignment> {
    // fingerprint → (current canonical item, its normalised strings)
    let mut index: HashMap<String, (CanonicalItem, Normalized)> = HashMap::new();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        let info = extract_item_info(&r.listing);
        let inn = Normalized::of_info(&info);
        let fp = fingerprint_normalized(&inn.title, &inn.artist, info.year, inn.catalog.as_deref());
        let (entry, created) = match index.entry(fp) {
            Entry::Occupied(e) => (e.into_mut(), false),
            Entry::Vacant(e) => {
                let (item, created) = match known.get(e.key()) {
                    Some(k) => (k.clone(), false),
                    None => (CanonicalItem::from_info(e.key().clone(), &info), true),
                };
                let norm = Normalized::of_canonical(&item);
                (e.insert((item, norm)), created)
            }
        };
        let (item, norm) = entry;
        let score = score_normalized(norm, item, &inn, &info);
        item.record(score.confidence_score);
        out.push(CanonicalAssignment { result_id: r.id.clone(), canonical: item.clone(), created, score });
    }
    out
}

/// Links each result to its canonical item (for price comparison, SPEC §5.5). Results and
/// assignments are paired by position, as [`match_items`] returns them.
pub fn apply_assignments(results: &mut [StoredResult], assignments: &[CanonicalAssignment]) {
    for (r, a) in results.iter_mut().zip(assignments) {
        if r.id == a.result_id {
            r.item_match = Some(a.canonical.to_match_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::listing::Listing;
    use crate::domain::money::Money;
    use crate::domain::platform::Platform;

    fn info(title: &str, artist: &str) -> ItemInfo {
        ItemInfo {
            title: title.into(),
            artist: artist.into(),
            year: None,
            format: None,
            catalog_number: None,
            price: None,
            condition: None,
            sleeve_condition: None,
        }
    }

    #[test]
    fn levels() {
        use MatchConfidence::*;
        let cases = [
            (100.0, Exact),
            (95.0, Exact),
            (94.99, High),
            (85.0, High),
            (70.0, Medium),
            (50.0, Low),
            (49.9, Uncertain),
        ];
        for (s, l) in cases {
            assert_eq!(MatchConfidence::from_score(s), l, "{s}");
        }
        assert!(Low.requires_review() && Uncertain.requires_review() && !Medium.requires_review());
    }

    /// SPEC §5.1.6 typical outcomes: an `Artist - Title` eBay listing scores 90 (HIGH); a listing
    /// without artist scores 40 + 10 = 50 (LOW).
    #[test]
    fn typical_outcomes() {
        let i = info("Abbey Road", "The Beatles");
        let m = CanonicalItem::from_info("fp".into(), &i);
        let s = confidence(&m, &i);
        assert_eq!((s.confidence_score, s.confidence, s.requires_review), (90.0, MatchConfidence::High, false));
        let i = info("The Beatles - Abbey Road (Remastered)", "");
        let m = CanonicalItem::from_info("fp".into(), &i);
        let s = confidence(&m, &i);
        assert_eq!((s.confidence_score, s.confidence, s.requires_review), (50.0, MatchConfidence::Low, true));
    }

    #[test]
    fn bonuses_and_cap() {
        let mut m = CanonicalItem::from_info("fp".into(), &info("Abbey Road", "The Beatles"));
        m.year = Some(1969);
        m.catalog_number = Some("PCS 7088".into());
        m.format = Some("Vinyl, LP".into());
        let mut i = info("Abbey Road", "Beatles");
        i.year = Some(1970);
        i.catalog_number = Some("PCS-7088".into());
        i.format = Some("Vinyl LP".into());
        let s = confidence(&m, &i);
        assert!(s.year_match && s.catalog_match && s.format_match);
        assert_eq!((s.base_score, s.confidence_score, s.confidence), (110.0, 100.0, MatchConfidence::Exact));
        i.year = Some(1971);
        assert!(!confidence(&m, &i).year_match);
        i.year = None;
        assert!(!confidence(&m, &i).year_match);
        // Partial title similarity: sim("Abbey Road", "Abbey Road Remastered") = 64.516…
        let s = confidence(&m, &info("Abbey Road Remastered", "The Beatles"));
        assert_eq!(s.title_similarity, 64.52);
    }

    #[test]
    fn groups_by_fingerprint_and_counts() {
        let mk = |id: &str, p: Platform, title: &str| {
            StoredResult::new(id, Listing::new(p, id, title, Money::usd_cents(1000)))
        };
        let results = vec![
            mk("r1", Platform::Ebay, "The Beatles - Abbey Road"),
            mk("r2", Platform::Ebay, "BEATLES - abbey road!"),
            mk("r3", Platform::Ebay, "Pink Floyd - Animals"),
        ];
        let a = match_items(&results);
        assert_eq!(a.len(), 3);
        assert_eq!(
            a[0].canonical.fingerprint,
            crate::domain::fingerprint::fingerprint("Abbey Road", "The Beatles", None, None)
        );
        assert_eq!(a[0].canonical.fingerprint, a[1].canonical.fingerprint);
        assert!(a[0].created && !a[1].created && a[2].created);
        assert_eq!(a[1].canonical.total_matches, 2);
        assert_eq!(a[1].canonical.title, "Abbey Road");
        assert_eq!(a[1].canonical.avg_confidence_score, 90.0);
        // A known item is reused, not re-created.
        let known: HashMap<_, _> = [(a[2].canonical.fingerprint.clone(), a[2].canonical.clone())].into();
        let again = match_items_with(&results[2..], &known);
        assert!(!again[0].created);
        assert_eq!(again[0].canonical.total_matches, 2);
        let mut results = results;
        apply_assignments(&mut results, &a);
        assert_eq!(results[1].item_match.as_ref().map(|m| m.canonical_artist.as_str()), Some("The Beatles"));
    }
}
