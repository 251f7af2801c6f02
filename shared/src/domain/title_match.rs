//! Seller titles against known records: a record fits a title when every word of its album and
//! artist is in it (any order, case and punctuation folded), the title's other words are seller
//! words, and none names a different record or extends the name. Candidates come from an index
//! (each name's rarest album word), not from comparing all pairs. See docs/matching.md.

use crate::domain::known_records::KnownRecords;
use crate::domain::record_identity::{Identity, MatchEvidence};
use crate::domain::title_parse::{ENSEMBLE_WORDS, WordClass, Words};
use std::collections::HashMap;

/// Unknown words a seller's title may have beyond the record's words and the seller vocabulary.
const MAX_UNEXPLAINED: u8 = 2;

/// One name a record is known under, as word ids.
pub(crate) struct Alias {
    record: usize,
    artist_hard: Vec<u32>,
    title_hard: Vec<u32>,
    /// Stop words, ensemble words and edition words of the name: matched when present, never
    /// required.
    soft: Vec<u32>,
    /// The album starts with "The". A title that says "The" right before an album without it
    /// names another record ("The Gate" is not "Gate").
    leading_the: bool,
    /// The artist's last name word ("Coltrane"): sellers shorten a name to it.
    artist_last: Option<u32>,
    rarest_album_word: Option<u32>,
}

/// Known records' names, indexed by each name's rarest album word.
pub(crate) struct TitleIndex {
    vocabulary: HashMap<String, u32>,
    pub(crate) aliases: Vec<Alias>,
    /// Word id → aliases without artist whose rarest album word it is.
    postings: Vec<Vec<u32>>,
    /// Record → ids of its labels' words.
    labels: Vec<Vec<u32>>,
    the: Option<u32>,
    /// Word id → aliases whose artist's last word it is.
    by_artist: Vec<Vec<u32>>,
    /// Record → its aliases.
    record_aliases: Vec<Vec<u32>>,
    /// Word id → the word.
    texts: Vec<String>,
}

impl TitleIndex {
    pub(crate) fn build(known: &KnownRecords) -> Self {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut intern = |w: &str| -> u32 {
            if let Some(&id) = vocabulary.get(w) {
                return id;
            }
            let id = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
            vocabulary.insert(w.to_string(), id);
            id
        };
        let various = intern("various");
        let artists_word = intern("artists");
        let mut aliases: Vec<Alias> = Vec::new();
        let mut labels = Vec::with_capacity(known.drafts.len());
        for (record, draft) in known.drafts.iter().enumerate() {
            for name in &draft.names {
                let (artist, album) = name.split_once('|').unwrap_or(("", name));
                let mut alias = Alias {
                    record,
                    artist_hard: Vec::new(),
                    title_hard: Vec::new(),
                    soft: Vec::new(),
                    leading_the: album.starts_with("the "),
                    artist_last: None,
                    rarest_album_word: None,
                };
                if artist == "various" {
                    alias.artist_hard.push(various);
                    alias.artist_last = Some(various);
                    alias.soft.push(artists_word);
                } else {
                    for w in artist.split(' ').filter(|w| !w.is_empty()) {
                        let id = intern(w);
                        let soft = crate::domain::title_parse::SOFT_WORDS.contains(&w) || ENSEMBLE_WORDS.contains(&w);
                        if soft {
                            alias.soft.push(id);
                        } else {
                            alias.artist_hard.push(id);
                            alias.artist_last = Some(id);
                        }
                    }
                }
                let album_words: Vec<&str> = album.split(' ').filter(|w| !w.is_empty()).collect();
                for (i, w) in album_words.iter().enumerate() {
                    let id = intern(w);
                    let prev = i.checked_sub(1).map(|p| album_words[p]);
                    let next = album_words.get(i + 1).copied();
                    match crate::domain::title_parse::classify_word(w, prev, next) {
                        WordClass::Soft | WordClass::Noise => alias.soft.push(id),
                        _ => alias.title_hard.push(id),
                    }
                }
                for v in [&mut alias.artist_hard, &mut alias.title_hard, &mut alias.soft] {
                    v.sort_unstable();
                    v.dedup();
                }
                aliases.push(alias);
            }
            let mut ids: Vec<u32> = Vec::new();
            for label in &draft.labels {
                for (w, _) in Words::parse(label).iter() {
                    ids.push(intern(w));
                }
            }
            labels.push(ids);
        }
        let mut frequency = vec![0u32; vocabulary.len()];
        for a in &aliases {
            for &w in a.artist_hard.iter().chain(&a.title_hard) {
                frequency[w as usize] += 1;
            }
        }
        // Every fitting name has its artist's last word in the title (whole or shortened artist):
        // names are found through it, then checked on their rarest album word first. Names without
        // an artist are found through their rarest album word.
        let mut by_artist = vec![Vec::new(); vocabulary.len()];
        let mut postings = vec![Vec::new(); vocabulary.len()];
        let mut record_aliases = vec![Vec::new(); known.drafts.len()];
        for (i, a) in aliases.iter_mut().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            record_aliases[a.record].push(i);
            a.rarest_album_word = a.title_hard.iter().copied().min_by_key(|w| frequency[*w as usize]);
            match a.artist_last {
                Some(w) => by_artist[w as usize].push(i),
                None => {
                    if let Some(w) = a.rarest_album_word {
                        postings[w as usize].push(i);
                    }
                }
            }
        }
        let mut texts = vec![String::new(); vocabulary.len()];
        for (w, &id) in &vocabulary {
            texts[id as usize] = w.clone();
        }
        let the = vocabulary.get("the").copied();
        TitleIndex { vocabulary, aliases, postings, labels, the, by_artist, record_aliases, texts }
    }

    /// The known record a seller's title names, if exactly one fits best.
    pub(crate) fn match_title(&self, known: &KnownRecords, words: &Words) -> Option<Identity> {
        let ids: Vec<Option<u32>> = (0..words.len())
            .map(|i| {
                let usable = words.class(i) != WordClass::Size;
                usable.then(|| self.vocabulary.get(words.text(i)).copied()).flatten()
            })
            .collect();
        let mut present: Vec<u32> = ids.iter().flatten().copied().collect();
        present.sort_unstable();
        present.dedup();
        let has = |w: &u32| present.binary_search(w).is_ok();
        let catalogue_hits = self.catalogue_hits(known, words);

        let mut best = Best::default();
        // Each alias is listed under one word and `present` has each word once: no alias is
        // looked at twice.
        for &w in &present {
            let candidates = self.by_artist[w as usize].iter().chain(&self.postings[w as usize]);
            for &a in candidates {
                if self.aliases[a as usize].rarest_album_word.is_some_and(|r| !has(&r)) {
                    continue;
                }
                let alias = &self.aliases[a as usize];
                if !alias.title_hard.iter().all(has) {
                    continue;
                }
                // Sellers shorten an artist to the last name word ("Coltrane - A Love Supreme"):
                // enough when the album has two words or more.
                let artist_full = alias.artist_hard.iter().all(has);
                if !artist_full && (alias.title_hard.len() < 2 || !alias.artist_last.is_some_and(|w| has(&w))) {
                    continue;
                }
                let hit = catalogue_hits.iter().find(|h| h.record == alias.record);
                if let Some((fit, unexplained)) = self.fit(alias, words, &ids, hit, &has, true) {
                    let evidence = if hit.is_some() { MatchEvidence::CatalogueNumber } else { MatchEvidence::Title };
                    best.consider(
                        fit,
                        Identity { record: alias.record, pressing: hit.map(|h| h.pressing), evidence, unexplained },
                    );
                }
            }
        }
        // A catalogue number is strong evidence even when the title spells the name differently,
        // as long as part of the name is there.
        if best.best.is_none() {
            for hit in &catalogue_hits {
                for alias in self.record_aliases[hit.record].iter().map(|&a| &self.aliases[a as usize]) {
                    let hard = alias.title_hard.len() + alias.artist_hard.len();
                    let found = alias.title_hard.iter().chain(&alias.artist_hard).filter(|w| has(w)).count();
                    if found == 0 || hard == 0 {
                        continue;
                    }
                    let spelled = |w: &u32| alias.title_hard.contains(w) || alias.artist_hard.contains(w) || has(w);
                    if let Some((fit, unexplained)) = self.fit(alias, words, &ids, Some(hit), &spelled, false) {
                        let id = Identity {
                            record: hit.record,
                            pressing: Some(hit.pressing),
                            evidence: MatchEvidence::CatalogueNumber,
                            unexplained,
                        };
                        best.consider(fit, id);
                    }
                }
            }
        }
        if best.best.is_none() {
            self.misspelt(words, &ids, &present, &mut best);
        }
        if best.tied { None } else { best.best.map(|(_, id)| id) }
    }

    /// Records whose artist is in the title and whose album is too but for one word misspelt by
    /// one letter ("Sweet Highay"): the title's word is read as the record's.
    fn misspelt(&self, words: &Words, ids: &[Option<u32>], present: &[u32], best: &mut Best) {
        let has = |w: &u32| present.binary_search(w).is_ok();
        for &w in present {
            for &a in &self.by_artist[w as usize] {
                let alias = &self.aliases[a as usize];
                if alias.title_hard.len() < 2 || !alias.artist_hard.iter().all(has) {
                    continue;
                }
                let mut missing = alias.title_hard.iter().filter(|w| !has(w));
                let (Some(&m), None) = (missing.next(), missing.next()) else {
                    continue;
                };
                let target = &self.texts[m as usize];
                let typo = (0..words.len()).find(|&i| {
                    words.class(i) == WordClass::Plain && target.len() >= 5 && one_edit(words.text(i), target)
                });
                let Some(i) = typo else {
                    continue;
                };
                let mut read = ids.to_vec();
                read[i] = Some(m);
                let read_has = |x: &u32| *x == m || has(x);
                if let Some((fit, unexplained)) = self.fit(alias, words, &read, None, &read_has, true) {
                    let unexplained = unexplained.saturating_add(1);
                    best.consider(
                        fit,
                        Identity { record: alias.record, pressing: None, evidence: MatchEvidence::Title, unexplained },
                    );
                }
            }
        }
    }

    /// How well `alias` explains the title: `None` when a word of the title names a different
    /// record or too many words are unexplained.
    fn fit(
        &self,
        alias: &Alias,
        words: &Words,
        ids: &[Option<u32>],
        hit: Option<&CatalogueHit>,
        has: &dyn Fn(&u32) -> bool,
        whole_name: bool,
    ) -> Option<(Fit, u8)> {
        let labels = &self.labels[alias.record];
        let mut unexplained = 0u8;
        for (i, id) in ids.iter().enumerate() {
            let explained = id.is_some_and(|w| {
                alias.title_hard.binary_search(&w).is_ok()
                    || alias.artist_hard.binary_search(&w).is_ok()
                    || alias.soft.binary_search(&w).is_ok()
                    || labels.contains(&w)
            }) || hit.is_some_and(|h| h.words.contains(&i));
            if explained {
                continue;
            }
            let class = words.class(i);
            if class.is_distinguishing() {
                return None;
            }
            // Sellers put asides in brackets ("(Four Symbols)"): unknown words there do not count.
            if !class.is_ignorable() && !words.bracketed(i) {
                unexplained = unexplained.saturating_add(1);
            }
        }
        if unexplained > MAX_UNEXPLAINED || (whole_name && !self.album_stands_alone(alias, words, ids, labels)) {
            return None;
        }
        let soft_found = alias.soft.iter().filter(|w| has(w)).count();
        let soft_agreement = soft_found as i64 * 2 - alias.soft.len() as i64;
        let fit = Fit {
            catalogue: hit.is_some(),
            specific: alias.title_hard.len() + alias.artist_hard.iter().filter(|w| has(w)).count(),
            explained: MAX_UNEXPLAINED - unexplained,
            soft_agreement,
        };
        Some((fit, unexplained))
    }

    /// The album's words in the title are not part of a longer name: no unknown word inside their
    /// span or right next to it (stop words skipped), and a leading "The" where the album has one
    /// and only there. "Wild Mountain" is not "Mountain"; "Songs For The Golden Rain" is not
    /// "Golden Rain".
    fn album_stands_alone(&self, alias: &Alias, words: &Words, ids: &[Option<u32>], labels: &[u32]) -> bool {
        let explained = |i: usize| {
            ids[i].is_some_and(|w| {
                alias.title_hard.binary_search(&w).is_ok()
                    || alias.artist_hard.binary_search(&w).is_ok()
                    || alias.soft.binary_search(&w).is_ok()
                    || labels.contains(&w)
            })
        };
        let unknown = |i: usize| !explained(i) && words.class(i) == WordClass::Plain && !words.bracketed(i);
        let album_only = |id: Option<u32>| {
            id.is_some_and(|w| {
                alias.title_hard.binary_search(&w).is_ok() && alias.artist_hard.binary_search(&w).is_err()
            })
        };
        let artist_only = |id: Option<u32>| {
            id.is_some_and(|w| {
                alias.artist_hard.binary_search(&w).is_ok() && alias.title_hard.binary_search(&w).is_err()
            })
        };
        let Some((first, last)) = span(ids, album_only) else {
            return true;
        };
        // Sellers drop an album's leading "The" ("Dark Side Of The Moon"), so a missing one only
        // ranks lower (`Fit::soft_agreement`); one the album does not have names another record.
        let the_before = first > 0 && self.the.is_some() && ids[first - 1] == self.the;
        if the_before && !alias.leading_the {
            return false;
        }
        let alone =
            |(first, last): (usize, usize)| !(first..=last).any(unknown) && !next_to(words, first, last, unknown);
        alone((first, last)) && span(ids, artist_only).is_none_or(alone)
    }

    /// Known catalogue numbers found in the title: runs of one to three words, compacted.
    fn catalogue_hits(&self, known: &KnownRecords, words: &Words) -> Vec<CatalogueHit> {
        let mut hits = Vec::new();
        if known.catalogue.is_empty() {
            return hits;
        }
        let mut run = String::new();
        for start in 0..words.len() {
            run.clear();
            for end in start..(start + 3).min(words.len()) {
                run.push_str(words.text(end));
                if !run.bytes().any(|b| b.is_ascii_digit()) {
                    continue;
                }
                if let Some(found) = known.catalogue.get(run.as_str()) {
                    for &(record, pressing) in found {
                        hits.push(CatalogueHit { record, pressing, words: (start..=end).collect() });
                    }
                }
            }
        }
        hits
    }
}

/// `a` and `b` differ by one inserted, deleted, replaced or swapped letter. Written out: one bounded
/// comparison of two short words, no edit-distance table needed.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (a.len() - prefix - suffix.min(a.len() - prefix), b.len() - prefix - suffix.min(b.len() - prefix));
    match (ra, rb) {
        (1, 1) | (1, 0) | (0, 1) => true,
        // A swap of two neighbours: `ab` ↔ `ba`.
        (2, 2) => a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix],
        _ => false,
    }
}

/// First and last position of the words `pick` selects.
fn span(ids: &[Option<u32>], pick: impl Fn(Option<u32>) -> bool) -> Option<(usize, usize)> {
    let first = ids.iter().position(|id| pick(*id))?;
    let last = ids.iter().rposition(|id| pick(*id)).unwrap_or(first);
    Some((first, last))
}

/// Whether the nearest word before `first` or after `last` that is not a stop word, with no
/// separator in between, satisfies `unknown`.
fn next_to(words: &Words, first: usize, last: usize, unknown: impl Fn(usize) -> bool) -> bool {
    let mut i = first;
    while i > 0 && !words.breaks_before(i) {
        i -= 1;
        if words.class(i) != WordClass::Soft {
            if unknown(i) {
                return true;
            }
            break;
        }
    }
    let mut i = last + 1;
    while i < words.len() && !words.breaks_before(i) {
        if words.class(i) != WordClass::Soft {
            return unknown(i);
        }
        i += 1;
    }
    false
}

/// The best fit so far, and whether another record fits exactly as well.
#[derive(Default)]
struct Best {
    best: Option<(Fit, Identity)>,
    tied: bool,
}

impl Best {
    fn consider(&mut self, fit: Fit, id: Identity) {
        match &self.best {
            Some((b, bid)) if fit == *b => {
                if bid.record != id.record {
                    self.tied = true;
                }
            }
            Some((b, _)) if fit < *b => {}
            _ => {
                self.best = Some((fit, id));
                self.tied = false;
            }
        }
    }
}

struct CatalogueHit {
    record: usize,
    pressing: usize,
    /// Positions of the title's words that spell the number.
    words: Vec<usize>,
}

/// How well a record fits a title; greater is better, compared field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Fit {
    /// A catalogue number of the record is in the title.
    catalogue: bool,
    /// Name words of the record (all of them in the title): the more, the more specific.
    specific: usize,
    /// Fewer unknown words left over.
    explained: u8,
    /// The record's stop words found minus those missing (`The X` over `X` when the title says
    /// `The`, `X` over `The X` when it does not).
    soft_agreement: i64,
}

#[cfg(test)]
mod tests {
    use super::one_edit;

    #[test]
    fn one_letter_apart() {
        assert!(one_edit("supreme", "suprme") && one_edit("highway", "higwhay") && one_edit("blue", "bleu"));
        assert!(one_edit("moon", "mon") && one_edit("moon", "moons") && one_edit("moon", "noon"));
        assert!(!one_edit("highway", "hgihwya") && !one_edit("moon", "moon") && !one_edit("moon", "mooned"));
    }
}
