//! Links every result of a search to its record and, when known, its pressing
//! ([`crate::domain::record_identity`], docs/matching.md). The result writer runs it before the
//! analysis and the API before the price comparison, so offers, deals and release-offer best
//! prices all group by the same identity.

use crate::domain::listing::{ItemMatchRef, PressingRef, StoredResult};
use crate::domain::record_identity::{Identity, MatchEvidence, RecordFacts, ReferenceRecord, identify};
use serde::{Deserialize, Serialize};

/// Match confidence level (docs/behaviour.md#canonical-items `MatchConfidence`).
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
    /// docs/behaviour.md#canonical-items: ≥ 95 EXACT, ≥ 85 HIGH, ≥ 70 MEDIUM, ≥ 50 LOW, else UNCERTAIN.
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

/// How sure a link is, 0–100, from its evidence: Discogs' own ids are certain, a catalogue number
/// or the same Discogs name nearly so, a seller's title that spells out the whole name is high
/// (less for each unexplained word), and a seller-only record (no known record fits) needs review.
pub fn confidence_score(evidence: MatchEvidence, unexplained: u8) -> f64 {
    match evidence {
        MatchEvidence::Master => 100.0,
        MatchEvidence::Name | MatchEvidence::CatalogueNumber => 95.0,
        MatchEvidence::Title => 90.0 - 5.0 * f64::from(unexplained),
        MatchEvidence::SellerTitle => 60.0,
    }
}

/// The outcome of matching one stored result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalAssignment {
    pub result_id: String,
    pub item: ItemMatchRef,
    pub confidence_score: f64,
    pub confidence: MatchConfidence,
    pub requires_review: bool,
}

/// Matches every result against the records of the same search.
pub fn match_items(results: &[StoredResult]) -> Vec<CanonicalAssignment> {
    match_items_with(results, &[])
}

/// Matches every result, with the user's want-list and collection records as further known
/// records. Linear in the number of results and references.
pub fn match_items_with(results: &[StoredResult], references: &[ReferenceRecord]) -> Vec<CanonicalAssignment> {
    let facts: Vec<RecordFacts<'_>> = results.iter().map(|r| RecordFacts::of(&r.listing)).collect();
    let ids = identify(&facts, references);
    results
        .iter()
        .zip(&ids.listings)
        .map(|(r, id)| {
            let Identity { record, pressing, evidence, unexplained } = *id;
            let rec = &ids.records[record];
            let pressing = pressing.map(|p| {
                let p = &ids.pressings[p];
                PressingRef {
                    key: p.key.clone(),
                    release_id: p.release_id,
                    catalog_number: p.catalog_number.clone(),
                    label: p.label.clone(),
                }
            });
            let score = confidence_score(evidence, unexplained);
            let confidence = MatchConfidence::from_score(score);
            CanonicalAssignment {
                result_id: r.id.clone(),
                item: ItemMatchRef {
                    fingerprint: rec.key.clone(),
                    canonical_title: rec.title.clone(),
                    canonical_artist: rec.artist.clone(),
                    master_id: rec.master_id,
                    pressing,
                    evidence: Some(evidence),
                },
                confidence_score: score,
                confidence,
                requires_review: confidence.requires_review(),
            }
        })
        .collect()
}

/// Links each result to its record. Results and assignments are paired by position, as
/// [`match_items`] returns them.
pub fn apply_assignments(results: &mut [StoredResult], assignments: &[CanonicalAssignment]) {
    for (r, a) in results.iter_mut().zip(assignments) {
        if r.id == a.result_id {
            r.item_match = Some(a.item.clone());
        }
    }
}

/// [`match_items_with`] and [`apply_assignments`] in one step.
pub fn link_records(results: &mut [StoredResult], references: &[ReferenceRecord]) {
    let assignments = match_items_with(results, references);
    apply_assignments(results, &assignments);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::listing::Listing;
    use crate::domain::money::Money;
    use crate::domain::platform::Platform;

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

    #[test]
    fn links_both_platforms_to_one_record() {
        let mut d = Listing::new(Platform::Discogs, "d1", "Pink Floyd - Animals (LP, Album)", Money::usd_cents(2000));
        d.artist = Some("Pink Floyd".into());
        d.release_title = Some("Animals".into());
        d.release_id = Some(1873013);
        d.master_id = Some(10_000);
        d.catalog_number = Some("SHVL 815".into());
        let mk = |id: &str, p: Platform, title: &str| {
            StoredResult::new(id, Listing::new(p, id, title, Money::usd_cents(1000)))
        };
        let mut results = vec![
            StoredResult::new("r0", d),
            mk("r1", Platform::Ebay, "PINK FLOYD ANIMALS LP 1977 Harvest SHVL 815 UK"),
            mk("r2", Platform::Ebay, "Animals - Pink Floyd 180g vinyl"),
            mk("r3", Platform::Ebay, "Pink Floyd - Meddle LP"),
        ];
        let a = match_items(&results);
        assert_eq!(a.len(), 4);
        assert_eq!(a[0].item.fingerprint, a[1].item.fingerprint);
        assert_eq!(a[0].item.fingerprint, a[2].item.fingerprint);
        assert_ne!(a[0].item.fingerprint, a[3].item.fingerprint);
        assert_eq!(a[1].item.pressing.as_ref().map(|p| p.key.as_str()), Some("release:1873013"));
        assert_eq!(a[2].item.pressing, None);
        assert_eq!(
            (a[0].confidence, a[1].confidence_score, a[2].confidence),
            (MatchConfidence::Exact, 95.0, MatchConfidence::High)
        );
        assert!(a[3].requires_review, "a seller-only record");
        assert_eq!((a[3].item.canonical_artist.as_str(), a[3].item.canonical_title.as_str()), ("Pink Floyd", "Meddle"));
        apply_assignments(&mut results, &a);
        let m = results[2].item_match.as_ref().unwrap();
        assert_eq!(
            (m.canonical_artist.as_str(), m.canonical_title.as_str(), m.master_id),
            ("Pink Floyd", "Animals", Some(10_000))
        );
    }
}
