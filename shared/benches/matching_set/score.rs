//! Pairwise scoring of a grouping against the labelled truth: every pair of listings is either in
//! one group or not, and either the same record (pressing) or not. Counted per (group, truth)
//! cell, so the cost is linear in the number of listings, not in the number of pairs.

use super::{Form, LabelledSet};
use std::collections::HashMap;
use std::fmt::Write as _;
use vinyldigger::domain::platform::Platform;

/// Which pairs a score counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairs {
    All,
    DiscogsEbay,
    EbayEbay,
    DiscogsDiscogs,
    /// Pairs with at least one listing of this form.
    Form(Form),
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Pairs grouped together that are the same record.
    pub true_pairs: u64,
    /// Pairs grouped together.
    pub predicted_pairs: u64,
    /// Pairs that are the same record.
    pub actual_pairs: u64,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.predicted_pairs == 0 { 1.0 } else { self.true_pairs as f64 / self.predicted_pairs as f64 }
    }
    pub fn recall(&self) -> f64 {
        if self.actual_pairs == 0 { 1.0 } else { self.true_pairs as f64 / self.actual_pairs as f64 }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Listings of one platform and form in a set of listings.
#[derive(Debug, Clone, Default)]
struct Counts {
    discogs: u64,
    ebay: u64,
    forms: [u64; Form::ALL.len()],
}

impl Counts {
    fn add(&mut self, platform: Platform, form: Form) {
        match platform {
            Platform::Discogs => self.discogs += 1,
            Platform::Ebay => self.ebay += 1,
        }
        self.forms[form.index()] += 1;
    }

    fn pairs(&self, which: Pairs) -> u64 {
        let c2 = |n: u64| n * n.saturating_sub(1) / 2;
        let n = self.discogs + self.ebay;
        match which {
            Pairs::All => c2(n),
            Pairs::DiscogsEbay => self.discogs * self.ebay,
            Pairs::EbayEbay => c2(self.ebay),
            Pairs::DiscogsDiscogs => c2(self.discogs),
            Pairs::Form(f) => c2(n) - c2(n - self.forms[f.index()]),
        }
    }
}

/// A grouping's scores at one level (record or pressing).
pub struct Evaluation {
    cells: HashMap<(usize, usize), Counts>,
    groups: HashMap<usize, Counts>,
    truths: HashMap<usize, Counts>,
    /// (group, truth) of every listing, for the worst-miss lists.
    members: Vec<(usize, usize)>,
}

impl Evaluation {
    /// `groups[i]` and `truth[i]` are listing i's group and true identity, as any integers.
    pub fn new(set: &LabelledSet, groups: &[usize], truth: &[usize]) -> Self {
        let mut e = Evaluation {
            cells: HashMap::new(),
            groups: HashMap::new(),
            truths: HashMap::new(),
            members: Vec::with_capacity(groups.len()),
        };
        for (i, r) in set.results.iter().enumerate() {
            let (platform, form) = (r.listing.platform, set.truth[i].form);
            e.cells.entry((groups[i], truth[i])).or_default().add(platform, form);
            e.groups.entry(groups[i]).or_default().add(platform, form);
            e.truths.entry(truth[i]).or_default().add(platform, form);
            e.members.push((groups[i], truth[i]));
        }
        e
    }

    pub fn score(&self, which: Pairs) -> Score {
        Score {
            true_pairs: self.cells.values().map(|c| c.pairs(which)).sum(),
            predicted_pairs: self.groups.values().map(|c| c.pairs(which)).sum(),
            actual_pairs: self.truths.values().map(|c| c.pairs(which)).sum(),
        }
    }

    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    pub fn truth_count(&self) -> usize {
        self.truths.len()
    }

    /// True records split over several groups, most missed pairs first: each with a title from
    /// every group it was split into.
    pub fn worst_splits(&self, set: &LabelledSet, limit: usize) -> Vec<String> {
        let mut together: HashMap<usize, u64> = HashMap::new();
        for ((_, t), c) in &self.cells {
            *together.entry(*t).or_default() += c.pairs(Pairs::All);
        }
        let mut missed: Vec<(u64, usize)> = self
            .truths
            .iter()
            .map(|(t, c)| (c.pairs(Pairs::All) - together.get(t).copied().unwrap_or(0), *t))
            .filter(|(m, _)| *m > 0)
            .collect();
        missed.sort_unstable_by(|a, b| b.cmp(a));
        missed
            .into_iter()
            .take(limit)
            .map(|(m, t)| {
                let mut examples: Vec<(usize, &str)> = Vec::new();
                for (i, (g, tt)) in self.members.iter().enumerate() {
                    if *tt == t && !examples.iter().any(|(eg, _)| eg == g) {
                        examples.push((*g, set.results[i].listing.title.as_str()));
                    }
                }
                let titles: Vec<String> = examples.iter().take(4).map(|(_, t)| format!("{t:?}")).collect();
                format!("{m} pairs missed, split into {} groups: {}", examples.len(), titles.join(" | "))
            })
            .collect()
    }

    /// Groups holding several true records, most wrong pairs first.
    pub fn worst_merges(&self, set: &LabelledSet, limit: usize) -> Vec<String> {
        let mut right: HashMap<usize, u64> = HashMap::new();
        for ((g, _), c) in &self.cells {
            *right.entry(*g).or_default() += c.pairs(Pairs::All);
        }
        let mut wrong: Vec<(u64, usize)> = self
            .groups
            .iter()
            .map(|(g, c)| (c.pairs(Pairs::All) - right.get(g).copied().unwrap_or(0), *g))
            .filter(|(w, _)| *w > 0)
            .collect();
        wrong.sort_unstable_by(|a, b| b.cmp(a));
        wrong
            .into_iter()
            .take(limit)
            .map(|(w, g)| {
                let mut examples: Vec<(usize, &str)> = Vec::new();
                for (i, (gg, t)) in self.members.iter().enumerate() {
                    if *gg == g && !examples.iter().any(|(et, _)| et == t) {
                        examples.push((*t, set.results[i].listing.title.as_str()));
                    }
                }
                let titles: Vec<String> = examples.iter().take(4).map(|(_, t)| format!("{t:?}")).collect();
                format!("{w} wrong pairs, {} records merged: {}", examples.len(), titles.join(" | "))
            })
            .collect()
    }
}

/// Dense ids for any hashable keys, in order of first appearance.
pub fn dense<K: std::hash::Hash + Eq>(keys: impl IntoIterator<Item = K>) -> Vec<usize> {
    let mut ids: HashMap<K, usize> = HashMap::new();
    keys.into_iter()
        .map(|k| {
            let next = ids.len();
            *ids.entry(k).or_insert(next)
        })
        .collect()
}

/// One row of the comparison table.
pub fn table_row(out: &mut String, name: &str, e: &Evaluation) {
    let all = e.score(Pairs::All);
    let de = e.score(Pairs::DiscogsEbay);
    let ee = e.score(Pairs::EbayEbay);
    let dd = e.score(Pairs::DiscogsDiscogs);
    let _ = writeln!(
        out,
        "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} / {} |",
        de.recall(),
        de.precision(),
        ee.recall(),
        ee.precision(),
        dd.recall(),
        dd.precision(),
        all.recall(),
        all.precision(),
        all.f1(),
        e.group_count(),
        e.truth_count()
    );
}

pub const TABLE_HEADER: &str = "| grouping | Discogs↔eBay recall | Discogs↔eBay precision | eBay↔eBay recall | eBay↔eBay precision | Discogs↔Discogs recall | Discogs↔Discogs precision | overall recall | overall precision | overall F1 | groups / true |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
