//! An inverted index: word → the documents holding it and in which fields. A search intersects
//! the lists of its words (shortest first), so it costs what the rarest word costs, not a scan of
//! every record's every field.

use std::collections::HashMap;

use super::text::words;

/// Fields a word can be found in, as bits.
pub mod field {
    pub const TITLE: u16 = 1;
    pub const ARTIST: u16 = 1 << 1;
    pub const LABEL: u16 = 1 << 2;
    pub const CATNO: u16 = 1 << 3;
    pub const GENRE: u16 = 1 << 4;
    pub const STYLE: u16 = 1 << 5;
    pub const FORMAT: u16 = 1 << 6;
    pub const COUNTRY: u16 = 1 << 7;
    pub const YEAR: u16 = 1 << 8;
    pub const BARCODE: u16 = 1 << 9;
    /// eBay item specifics (artist, album, label, genre…), beside [`TITLE`].
    pub const ASPECT: u16 = 1 << 10;
    pub const ANY: u16 = u16::MAX;
}

/// One word a document must hold, in one of `fields`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub word: String,
    pub fields: u16,
}

impl Term {
    /// A term per word of `text`.
    pub fn all(text: &str, fields: u16) -> Vec<Term> {
        words(text).into_iter().map(|word| Term { word, fields }).collect()
    }
}

#[derive(Debug, Default)]
pub struct Index {
    /// Per word: (document, fields) in increasing document order.
    postings: HashMap<String, Vec<(u32, u16)>>,
}

impl Index {
    /// Adds the words of `text` to document `doc` in `field`. Documents must be added in
    /// increasing order.
    pub fn add(&mut self, doc: u32, text: &str, field: u16) {
        for word in words(text) {
            let list = self.postings.entry(word).or_default();
            match list.last_mut() {
                Some((last, fields)) if *last == doc => *fields |= field,
                _ => list.push((doc, field)),
            }
        }
    }

    /// Whether document `doc` holds `word` in any field.
    pub fn holds(&self, word: &str, doc: u32) -> bool {
        self.fields(word, doc) != 0
    }

    fn fields(&self, word: &str, doc: u32) -> u16 {
        self.postings
            .get(word)
            .and_then(|list| list.binary_search_by_key(&doc, |(d, _)| *d).ok().map(|i| list[i].1))
            .unwrap_or(0)
    }

    /// The documents holding every term (each in one of its fields) and none of `excluded`, with
    /// their score: the sum over the terms of `weight` of the fields it was found in. `None` for no
    /// terms (the caller decides what an empty query finds).
    pub fn search(&self, terms: &[Term], excluded: &[String], weight: impl Fn(u16) -> u32) -> Option<Vec<(u32, u32)>> {
        let rarest = terms.iter().min_by_key(|t| self.postings.get(&t.word).map_or(0, Vec::len))?;
        let Some(candidates) = self.postings.get(&rarest.word) else {
            return Some(Vec::new());
        };
        let hits = candidates
            .iter()
            .filter_map(|(doc, _)| {
                let mut score = 0;
                for term in terms {
                    let found = self.fields(&term.word, *doc) & term.fields;
                    if found == 0 {
                        return None;
                    }
                    score += weight(found);
                }
                let unwanted = excluded.iter().any(|w| self.fields(w, *doc) != 0);
                (!unwanted).then_some((*doc, score))
            })
            .collect();
        Some(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::field::*;
    use super::*;

    #[test]
    fn every_term_must_match_in_its_fields() {
        let mut index = Index::default();
        index.add(0, "Miles Davis", ARTIST);
        index.add(0, "Milestones", TITLE);
        index.add(0, "Jazz", GENRE);
        index.add(1, "Art Blakey", ARTIST);
        index.add(1, "Moanin'", TITLE);
        index.add(1, "Blue Note", LABEL);
        index.add(1, "Jazz", GENRE);
        let weight = |f: u16| if f & (TITLE | ARTIST) != 0 { 4 } else { 1 };
        assert_eq!(index.search(&Term::all("jazz", ANY), &[], weight), Some(vec![(0, 1), (1, 1)]));
        assert_eq!(index.search(&Term::all("blue note moanin", ANY), &[], weight), Some(vec![(1, 6)]));
        assert_eq!(index.search(&Term::all("miles", LABEL), &[], weight), Some(vec![]));
        assert_eq!(index.search(&Term::all("jazz", ANY), &["miles".into()], weight), Some(vec![(1, 1)]));
        assert_eq!(index.search(&Term::all("nowhere", ANY), &[], weight), Some(vec![]));
        assert_eq!(index.search(&[], &[], weight), None);
    }
}
