//! The records a search knows from structured facts: Discogs listings (artist, album, release,
//! master, label, catalogue number) and the user's want-list and collection items, grouped by
//! master (a release's master is learnt from any entry that names both), else by folded name.

use crate::domain::record_identity::{Identity, MatchEvidence, Pressing, Record, RecordFacts, ReferenceRecord};
use crate::domain::title_parse::{WordClass, Words, compact_catalogue, display_name, split_at_dash};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

pub(crate) struct StructuredEntry<'a> {
    /// [`folded_name`] of artist and album.
    pub name: String,
    pub artist: &'a str,
    pub album: &'a str,
    pub release_id: Option<u64>,
    pub master_id: Option<u64>,
    pub catalog_number: Option<&'a str>,
    pub label: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PressingId {
    Release(u64),
    Catalogue(String),
}

#[derive(Default)]
pub(crate) struct RecordDraft {
    pub identity: String,
    pub artist: String,
    pub title: String,
    pub master_id: Option<u64>,
    /// Folded `artist|album` names it is known under.
    pub names: Vec<String>,
    pub labels: Vec<String>,
}

#[derive(Default)]
pub(crate) struct KnownRecords {
    release_master: HashMap<u64, u64>,
    by_master: HashMap<u64, usize>,
    by_name: HashMap<String, usize>,
    /// Folded name → the master records known under it (`None`: more than one).
    name_master: HashMap<String, Option<usize>>,
    pub drafts: Vec<RecordDraft>,
    pub pressings: Vec<Pressing>,
    pressing_index: HashMap<(usize, PressingId), usize>,
    /// Compact catalogue number → (record, pressing).
    pub catalogue: HashMap<String, Vec<(usize, usize)>>,
}

impl KnownRecords {
    pub(crate) fn learn_masters(&mut self, listings: &[RecordFacts<'_>], references: &[ReferenceRecord]) {
        let pairs = listings
            .iter()
            .map(|f| (f.release_id, f.master_id))
            .chain(references.iter().map(|r| (r.release_id, r.master_id)));
        for (release, master) in pairs {
            if let (Some(r), Some(m)) = (release, master) {
                self.release_master.entry(r).or_insert(m);
            }
        }
    }

    pub(crate) fn master_of(&self, e: &StructuredEntry<'_>) -> Option<u64> {
        e.master_id.or_else(|| e.release_id.and_then(|r| self.release_master.get(&r).copied()))
    }

    pub(crate) fn add(&mut self, e: &StructuredEntry<'_>) -> Identity {
        let name = e.name.clone();
        let master = self.master_of(e);
        let (record, evidence) = match master {
            Some(m) => {
                let record = match self.by_master.get(&m) {
                    Some(&r) => r,
                    None => {
                        let r = self.new_record(format!("master:{m}"), e, Some(m));
                        self.by_master.insert(m, r);
                        r
                    }
                };
                match self.name_master.entry(name.clone()) {
                    Entry::Vacant(v) => {
                        v.insert(Some(record));
                    }
                    Entry::Occupied(mut o) => {
                        if o.get().is_some_and(|r| r != record) {
                            o.insert(None);
                        }
                    }
                }
                (record, MatchEvidence::Master)
            }
            None => {
                let record = match self.name_master.get(&name) {
                    Some(Some(r)) => *r,
                    _ => match self.by_name.get(&name) {
                        Some(&r) => r,
                        None => {
                            let r = self.new_record(format!("name:{name}"), e, None);
                            self.by_name.insert(name.clone(), r);
                            r
                        }
                    },
                };
                (record, MatchEvidence::Name)
            }
        };
        let draft = &mut self.drafts[record];
        if !draft.names.contains(&name) {
            draft.names.push(name);
        }
        if let Some(label) = e.label.map(str::trim).filter(|l| !l.is_empty())
            && !draft.labels.iter().any(|l| l == label)
        {
            draft.labels.push(label.to_string());
        }
        let compact = e.catalog_number.and_then(compact_catalogue);
        let id = match (e.release_id, &compact) {
            (Some(r), _) => Some(PressingId::Release(r)),
            (None, Some(c)) => Some(PressingId::Catalogue(c.clone())),
            (None, None) => None,
        };
        let pressing = id.map(|id| self.pressing(record, id, e));
        if let (Some(p), Some(c)) = (pressing, compact) {
            let hits = self.catalogue.entry(c).or_default();
            if !hits.contains(&(record, p)) {
                hits.push((record, p));
            }
        }
        Identity { record, pressing, evidence, unexplained: 0 }
    }

    fn new_record(&mut self, identity: String, e: &StructuredEntry<'_>, master_id: Option<u64>) -> usize {
        self.drafts.push(RecordDraft {
            identity,
            artist: e.artist.trim().to_string(),
            title: e.album.trim().to_string(),
            master_id,
            names: Vec::new(),
            labels: Vec::new(),
        });
        self.drafts.len() - 1
    }

    fn pressing(&mut self, record: usize, id: PressingId, e: &StructuredEntry<'_>) -> usize {
        match self.pressing_index.entry((record, id)) {
            Entry::Occupied(o) => {
                let p = *o.get();
                let pressing = &mut self.pressings[p];
                if pressing.catalog_number.is_none() {
                    pressing.catalog_number = e.catalog_number.map(str::to_string);
                }
                if pressing.label.is_none() {
                    pressing.label = e.label.map(str::to_string);
                }
                p
            }
            Entry::Vacant(v) => {
                let key = match &v.key().1 {
                    PressingId::Release(r) => format!("release:{r}"),
                    PressingId::Catalogue(c) => format!("catno:{c}"),
                };
                self.pressings.push(Pressing {
                    key,
                    record,
                    release_id: e.release_id,
                    catalog_number: e.catalog_number.map(str::to_string),
                    label: e.label.map(str::to_string),
                });
                v.insert(self.pressings.len() - 1);
                self.pressings.len() - 1
            }
        }
    }

    /// A record that only sellers' titles name, shown as its first title names it.
    pub(crate) fn seller_record(&mut self, key: &str, title: &str) -> usize {
        let (artist, album) = match split_at_dash(title) {
            Some((a, t)) => (a.to_string(), display_name(t)),
            None => (String::new(), display_name(title)),
        };
        let album = if album.is_empty() { title.trim().to_string() } else { album };
        self.drafts.push(RecordDraft {
            identity: format!("listing:{key}"),
            artist,
            title: album,
            ..RecordDraft::default()
        });
        self.drafts.len() - 1
    }

    pub(crate) fn finish_records(&mut self) -> Vec<Record> {
        std::mem::take(&mut self.drafts)
            .into_iter()
            .map(|d| Record { key: record_key(&d.identity), artist: d.artist, title: d.title, master_id: d.master_id })
            .collect()
    }
}

fn record_key(identity: &str) -> String {
    let digest = Sha256::digest(identity.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// `artist|album`, folded: the name two Discogs entries of one record share.
pub(crate) fn folded_name(artist: &str, album: &str) -> String {
    let mut out = String::with_capacity(artist.len() + album.len() + 1);
    let artist_words = Words::parse(artist);
    if is_various(&artist_words) {
        out.push_str("various");
    } else {
        push_words(&mut out, artist_words.iter());
    }
    out.push('|');
    // Edition words (`Remastered`, `Deluxe Edition`) do not make another record; `Live` does.
    let album_words = Words::parse(album);
    let named = album_words.iter().filter(|(_, c)| *c != WordClass::Noise).count();
    if named == 0 {
        push_words(&mut out, album_words.iter());
    } else {
        push_words(&mut out, album_words.iter().filter(|(_, c)| *c != WordClass::Noise));
    }
    out
}

fn push_words<'w>(out: &mut String, words: impl Iterator<Item = (&'w str, WordClass)>) {
    let start = out.len();
    for (w, _) in words {
        if out.len() > start {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// `Various`, `Various Artists`, `VA`, `V/A`.
fn is_various(words: &Words) -> bool {
    let w: Vec<&str> = words.iter().map(|(w, _)| w).collect();
    matches!(w.as_slice(), ["various"] | ["various", "artists"] | ["va"] | ["v", "a"])
}
