//! Matching quality on the labelled set of `./scripts/bench matching` at a small size: the
//! targets of docs/matching.md must hold. A quality assertion on generated ground truth, not a
//! timing one (speed is measured by the benchmarks only).

// The benchmark's report helpers (tables, per-form names) are not all used here.
#[allow(dead_code)]
#[path = "../benches/matching_set/mod.rs"]
mod matching_set;

use matching_set::generate;
use matching_set::score::{Evaluation, Pairs, dense};
use vinyldigger::domain::matching::match_items_with;

#[test]
fn the_record_matcher_meets_its_targets_on_the_labelled_set() {
    for seed in [7, 42] {
        let set = generate(2_000, seed);
        let assignments = match_items_with(&set.results, &set.references);
        let record = dense(assignments.iter().map(|a| a.item.fingerprint.clone()));
        let pressing = dense(assignments.iter().enumerate().map(|(i, a)| match &a.item.pressing {
            Some(p) => (a.item.fingerprint.clone(), p.key.clone()),
            None => (a.item.fingerprint.clone(), format!("unknown:{i}")),
        }));
        let true_record: Vec<usize> = set.truth.iter().map(|t| t.record as usize).collect();
        let true_pressing: Vec<usize> = set.truth.iter().map(|t| t.pressing as usize).collect();
        let by_record = Evaluation::new(&set, &record, &true_record);
        let by_pressing = Evaluation::new(&set, &pressing, &true_pressing);

        let cross = by_record.score(Pairs::DiscogsEbay);
        let ebay = by_record.score(Pairs::EbayEbay);
        let discogs = by_record.score(Pairs::DiscogsDiscogs);
        let press = by_pressing.score(Pairs::All);
        let misses = by_record.worst_splits(&set, 5).join("\n");
        let merges = by_record.worst_merges(&set, 5).join("\n");
        assert!(cross.recall() >= 0.90, "seed {seed}: cross-platform recall {:.3}\n{misses}", cross.recall());
        assert!(cross.precision() >= 0.98, "seed {seed}: cross-platform precision {:.3}\n{merges}", cross.precision());
        assert!(ebay.recall() >= 0.90, "seed {seed}: eBay↔eBay recall {:.3}\n{misses}", ebay.recall());
        assert!(ebay.precision() >= 0.98, "seed {seed}: eBay↔eBay precision {:.3}\n{merges}", ebay.precision());
        assert!(discogs.recall() >= 0.95, "seed {seed}: Discogs↔Discogs recall {:.3}\n{misses}", discogs.recall());
        assert!(press.precision() >= 0.95, "seed {seed}: pressing precision {:.3}", press.precision());
    }
}
