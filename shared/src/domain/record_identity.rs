//! Which listings of one search are the same record (same artist and album: the Discogs master
//! where known), and which are the same pressing (same Discogs release).
//!
//! Three passes, all linear in the number of listings (see docs/matching.md):
//! 1. **Known records** ([`crate::domain::known_records`]): listings with structured facts
//!    (Discogs: artist, album, release, master, label, catalogue number) and the user's want-list
//!    and collection items are grouped by master (a release's master is learnt from any listing or
//!    item that names both), else by their folded artist and album.
//! 2. **Sellers' titles** (eBay, or a Discogs row without fields) are matched against the known
//!    records of the same search ([`crate::domain::title_match`]): a record fits a title when
//!    every word of its album and artist is in it, in any order; the title's other words must be
//!    formats, grades, years or catalogue numbers, and none may name a different record (`Live`,
//!    `Vol. 2`, another number). The most specific fitting record wins; an exact tie between two
//!    records leaves the title unmatched. A catalogue number of a known pressing found in the
//!    title is strong evidence for that pressing, never a requirement. Candidates come from an
//!    index (each record's rarest album word → record), not from comparing all pairs.
//! 3. Titles that fit no known record are grouped with each other
//!    ([`crate::domain::seller_records`]).

use crate::domain::extract::split_discogs_title;
use crate::domain::known_records::{KnownRecords, StructuredEntry, folded_name};
use crate::domain::listing::Listing;
use crate::domain::lists::ListItem;
use crate::domain::platform::Platform;
use crate::domain::seller_records::group_titles;
use crate::domain::title_match::TitleIndex;
use crate::domain::title_parse::Words;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What matching reads from one listing.
#[derive(Debug, Clone, Copy)]
pub struct RecordFacts<'a> {
    pub platform: Platform,
    /// The title as the marketplace shows it.
    pub title: &'a str,
    pub artist: Option<&'a str>,
    /// The album without the artist.
    pub album: Option<&'a str>,
    pub release_id: Option<u64>,
    pub master_id: Option<u64>,
    pub catalog_number: Option<&'a str>,
    pub label: Option<&'a str>,
}

impl<'a> RecordFacts<'a> {
    pub fn of(l: &'a Listing) -> Self {
        RecordFacts {
            platform: l.platform,
            title: &l.title,
            artist: l.artist.as_deref(),
            album: l.release_title.as_deref(),
            release_id: l.release_id,
            master_id: l.master_id,
            catalog_number: l.catalog_number.as_deref(),
            label: l.label.as_deref(),
        }
    }
}

/// A record the user's Discogs lists know (want list, collection): it names records that have no
/// Discogs listing in the search, so sellers' titles can still be matched to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceRecord {
    pub artist: String,
    pub title: String,
    pub release_id: Option<u64>,
    pub master_id: Option<u64>,
    pub catalog_number: Option<String>,
    pub label: Option<String>,
}

impl From<&ListItem> for ReferenceRecord {
    fn from(item: &ListItem) -> Self {
        ReferenceRecord {
            artist: item.artist.clone().unwrap_or_default(),
            title: item.title.clone(),
            release_id: Some(item.release_id).filter(|id| *id != 0),
            master_id: item.master_id,
            catalog_number: item.catalog_number.clone(),
            label: None,
        }
    }
}

/// Why a listing belongs to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchEvidence {
    /// Its Discogs master (given, or learnt from its release).
    Master,
    /// The same artist and album on Discogs (no master known).
    Name,
    /// A catalogue number of one of the record's pressings is in the seller's title.
    CatalogueNumber,
    /// Every word of the record's artist and album is in the seller's title.
    Title,
    /// Only other sellers' titles with the same name words: no known record fits.
    SellerTitle,
}

/// One record of the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Stable id: 32 lower-case hex digits (a UUID's width) derived from the master, the folded
    /// name, or the sellers' name words.
    pub key: String,
    pub artist: String,
    pub title: String,
    pub master_id: Option<u64>,
}

/// One pressing (Discogs release) of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pressing {
    /// `release:<id>`, or `catno:<compact catalogue number>` when the release id is unknown.
    pub key: String,
    pub record: usize,
    pub release_id: Option<u64>,
    pub catalog_number: Option<String>,
    pub label: Option<String>,
}

/// The identity of one listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// Index into [`Identities::records`].
    pub record: usize,
    /// Index into [`Identities::pressings`]; `None` when the pressing is unknown.
    pub pressing: Option<usize>,
    pub evidence: MatchEvidence,
    /// Words of a seller's title neither the record nor the seller vocabulary explains.
    pub unexplained: u8,
}

#[derive(Debug, Clone, Default)]
pub struct Identities {
    pub records: Vec<Record>,
    pub pressings: Vec<Pressing>,
    /// One per input listing, in input order.
    pub listings: Vec<Identity>,
}

/// Identifies the records and pressings of `listings`, with `references` as further known records.
pub fn identify(listings: &[RecordFacts<'_>], references: &[ReferenceRecord]) -> Identities {
    let mut known = KnownRecords::default();
    known.learn_masters(listings, references);
    let mut ids: Vec<Option<Identity>> = vec![None; listings.len()];
    let mut entries: Vec<(Option<usize>, StructuredEntry<'_>)> = Vec::new();
    // Popular records are listed many times under one name: fold each name once.
    let mut names: HashMap<(&str, &str), String> = HashMap::new();
    fn name_of<'a>(names: &mut HashMap<(&'a str, &'a str), String>, artist: &'a str, album: &'a str) -> String {
        names.entry((artist, album)).or_insert_with(|| folded_name(artist, album)).clone()
    }
    for (i, f) in listings.iter().enumerate() {
        if let Some((artist, album)) = structured(f) {
            let entry = StructuredEntry {
                name: name_of(&mut names, artist, album),
                artist,
                album,
                release_id: f.release_id,
                master_id: f.master_id,
                catalog_number: f.catalog_number,
                label: f.label,
            };
            entries.push((Some(i), entry));
        }
    }
    for r in references.iter().filter(|r| !r.title.trim().is_empty()) {
        let entry = StructuredEntry {
            name: name_of(&mut names, &r.artist, &r.title),
            artist: &r.artist,
            album: &r.title,
            release_id: r.release_id,
            master_id: r.master_id,
            catalog_number: r.catalog_number.as_deref(),
            label: r.label.as_deref(),
        };
        entries.push((None, entry));
    }
    // Entries with a master first, so that a name known under a master joins it whatever the order.
    for with_master in [true, false] {
        for (listing, entry) in &entries {
            if known.master_of(entry).is_some() == with_master {
                let id = known.add(entry);
                if let Some(i) = listing {
                    ids[*i] = Some(id);
                }
            }
        }
    }
    let index = TitleIndex::build(&known);
    let mut unmatched: Vec<(usize, Words)> = Vec::new();
    for (i, f) in listings.iter().enumerate() {
        if ids[i].is_some() {
            continue;
        }
        let words = Words::parse(f.title);
        match index.match_title(&known, &words) {
            Some(id) => ids[i] = Some(id),
            None => unmatched.push((i, words)),
        }
    }
    let (positions, words): (Vec<usize>, Vec<Words>) = unmatched.into_iter().unzip();
    let titles: Vec<&str> = positions.iter().map(|&i| listings[i].title).collect();
    for group in group_titles(&words, &titles) {
        let first = titles[group.members[0]];
        let record = known.seller_record(&group.key, first);
        for m in group.members {
            ids[positions[m]] =
                Some(Identity { record, pressing: None, evidence: MatchEvidence::SellerTitle, unexplained: 0 });
        }
    }
    let listings = ids
        .into_iter()
        .map(|id| {
            id.unwrap_or(Identity { record: 0, pressing: None, evidence: MatchEvidence::SellerTitle, unexplained: 0 })
        })
        .collect();
    Identities { records: known.finish_records(), pressings: known.pressings, listings }
}

/// Artist and album of a listing that has them as fields (or a Discogs row title to split).
fn structured<'a>(f: &RecordFacts<'a>) -> Option<(&'a str, &'a str)> {
    let non_empty = |s: Option<&'a str>| s.map(str::trim).filter(|s| !s.is_empty());
    match (non_empty(f.artist), non_empty(f.album)) {
        (Some(a), Some(t)) => Some((a, t)),
        (artist, _) if f.platform == Platform::Discogs => match split_discogs_title(f.title) {
            Some((a, t)) => Some((artist.unwrap_or(a), t)),
            None => artist.map(|a| (a, f.title)),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discogs<'a>(artist: &'a str, album: &'a str, release: u64, catno: Option<&'a str>) -> RecordFacts<'a> {
        RecordFacts {
            platform: Platform::Discogs,
            title: album,
            artist: Some(artist),
            album: Some(album),
            release_id: Some(release),
            master_id: None,
            catalog_number: catno,
            label: None,
        }
    }

    fn ebay(title: &str) -> RecordFacts<'_> {
        RecordFacts {
            platform: Platform::Ebay,
            title,
            artist: None,
            album: None,
            release_id: None,
            master_id: None,
            catalog_number: None,
            label: None,
        }
    }

    /// The record index each eBay title (after the Discogs entries) is given, or `None` when it
    /// is a seller-only record.
    fn matched(known: &[RecordFacts<'_>], titles: &[&str]) -> Vec<Option<usize>> {
        let mut all: Vec<RecordFacts<'_>> = known.to_vec();
        all.extend(titles.iter().map(|t| ebay(t)));
        let ids = identify(&all, &[]);
        ids.listings[known.len()..]
            .iter()
            .map(|id| (id.evidence != MatchEvidence::SellerTitle).then_some(id.record))
            .collect()
    }

    #[test]
    fn seller_title_forms_find_the_record() {
        let known =
            [discogs("Miles Davis", "Kind Of Blue", 1, Some("CS 8163")), discogs("Miles Davis", "Milestones", 2, None)];
        let forms = [
            "Miles Davis - Kind Of Blue",
            "MILES DAVIS KIND OF BLUE 180g Vinyl LP 1959",
            "Miles Davis – Kind of Blue (Vinyl LP, 2015)",
            "Kind Of Blue - Miles Davis vinyl record",
            "MILES DAVIS – KIND OF BLUE - Columbia CS 8163 LP",
            "Miles Davis Kind of Blue LP 180 Gram Vinyl Reissue NEW SEALED",
            "miles davis kind of blue Remastered 180 Gram",
            "Miles Davis Kind Of Blue Original Pressing",
            "Kind of Blue by Miles Davis LP EX/VG+",
        ];
        for (form, got) in forms.iter().zip(matched(&known, &forms)) {
            assert_eq!(got, Some(0), "{form}");
        }
    }

    #[test]
    fn a_catalogue_number_names_the_pressing() {
        let known = [
            discogs("Miles Davis", "Kind Of Blue", 1, Some("CS 8163")),
            discogs("Miles Davis", "Kind Of Blue", 2, Some("CL 1355")),
        ];
        let mut all = known.to_vec();
        all.push(ebay("MILES DAVIS – KIND OF BLUE - Columbia CS-8163 LP"));
        all.push(ebay("Miles Davis Kind of Blue CL1355 mono"));
        all.push(ebay("Miles Davis Kind of Blue LP"));
        // Without a name it is still that record, by its catalogue number.
        all.push(ebay("Kind of Blu CS 8163 jazz"));
        let ids = identify(&all, &[]);
        let l = &ids.listings;
        assert!(l.iter().all(|id| id.record == l[0].record), "one record, two pressings");
        assert_ne!(l[0].pressing, l[1].pressing);
        assert_eq!((l[2].pressing, l[2].evidence), (l[0].pressing, MatchEvidence::CatalogueNumber));
        assert_eq!(l[3].pressing, l[1].pressing);
        assert_eq!((l[4].pressing, l[4].evidence), (None, MatchEvidence::Title), "pressing unknown");
        assert_eq!(l[5].pressing, l[0].pressing);
    }

    #[test]
    fn shortened_artists_and_misspelt_albums() {
        let known = [
            discogs("John Coltrane", "A Love Supreme", 1, None),
            discogs("Marvin Poirier Quartet", "Sweet Highway", 2, None),
            discogs("Kate Mercer", "Moon", 3, None),
        ];
        let cases = [
            ("Coltrane - A Love Supreme LP", Some(0)),
            ("John Coltrane - A Love Suprme LP", Some(0)),
            ("Poirier - Sweet Highway 180g", Some(1)),
            ("Marvin Poirier Quartet - Sweet Higway", Some(1)),
            // One-word albums need the whole artist; the first name alone is not the artist.
            ("Mercer - Moon LP", None),
            ("John - A Love Supreme", None),
            // Two letters off is another word.
            ("John Coltrane - A Love Sprme LP", None),
        ];
        let titles: Vec<&str> = cases.iter().map(|(t, _)| *t).collect();
        for ((title, want), got) in cases.iter().zip(matched(&known, &titles)) {
            assert_eq!(got, *want, "{title}");
        }
    }

    #[test]
    fn no_false_merges() {
        let known = [
            discogs("The Sparrows", "Golden Rain", 1, None),
            discogs("The Sparrows", "Golden Rain, Vol. 1", 2, None),
            discogs("The Sparrows", "Golden Rain, Vol. 2", 3, None),
            discogs("The Sparrows", "Golden Rain (Live)", 4, None),
            discogs("The Sparrows", "Winter Roads", 5, None),
            discogs("Sparrows", "Paper Moon", 6, None),
        ];
        let cases = [
            ("THE SPARROWS GOLDEN RAIN LP", Some(0)),
            ("The Sparrows - Golden Rain Vol 1 180g", Some(1)),
            ("The Sparrows - Golden Rain Volume 2", Some(2)),
            ("The Sparrows – Golden Rain LIVE 2LP", Some(3)),
            ("Sparrows Winter Roads LP", Some(4)),
            ("Sparrows - Paper Moon vinyl", Some(5)),
            // Vol. 3 and a different album of the same artist are not known records.
            ("The Sparrows Golden Rain Vol. 3", None),
            ("The Sparrows - Golden Rain Forever Sessions Tapes LP", None),
            ("The Sparrows Summer Roads", None),
            // Another word inside the artist's name: another band.
            ("The Gentle Sparrows - Winter Roads LP", None),
        ];
        let titles: Vec<&str> = cases.iter().map(|(t, _)| *t).collect();
        for ((title, want), got) in cases.iter().zip(matched(&known, &titles)) {
            assert_eq!(got, *want, "{title}");
        }
    }

    #[test]
    fn titles_differing_only_by_the_stay_apart() {
        let known = [discogs("Sparrows", "The Gate", 1, None), discogs("Sparrows", "Gate", 2, None)];
        let ids = identify(&known, &[]);
        assert_ne!(ids.listings[0].record, ids.listings[1].record);
        assert_eq!(matched(&known, &["Sparrows - The Gate LP", "Sparrows Gate LP"]), [Some(0), Some(1)]);
        // Bands whose names differ by "The" are different artists.
        let known = [discogs("The Comets", "Night Signals", 1, None), discogs("Comets", "Night Signals", 2, None)];
        assert_eq!(matched(&known, &["THE COMETS Night Signals", "Comets - Night Signals"]), [Some(0), Some(1)]);
    }

    #[test]
    fn masters_join_pressings_and_names_join_listings() {
        let mut a = discogs("Miles Davis", "Kind Of Blue", 1, None);
        a.master_id = Some(5460);
        let b = discogs("Miles Davis", "Kind of Blue (Legacy Edition)", 7, None);
        let mut b_master = b;
        b_master.master_id = Some(5460);
        let c = discogs("MILES DAVIS", "kind of blue", 9, None);
        let other = discogs("Miles Davis", "Kind Of Blue", 11, None);
        let mut other_master = other;
        other_master.master_id = Some(999);
        let ids = identify(&[a, b_master, c], &[]);
        let r: Vec<usize> = ids.listings.iter().map(|i| i.record).collect();
        assert_eq!(r, [0, 0, 0], "one master; a name known under it joins it");
        assert_eq!(ids.records[0].master_id, Some(5460));
        assert_eq!(ids.records[0].key.len(), 32);
        // A release's master is learnt from another listing of the same release.
        let mut offer = discogs("Miles Davis", "Kind Of Blue", 1, None);
        offer.master_id = Some(5460);
        let inventory = discogs("Miles Davis", "Kind Of Blue", 1, None);
        let ids = identify(&[inventory, offer], &[]);
        assert_eq!(ids.listings[0].evidence, MatchEvidence::Master);
        // Two masters of one name: a listing without master joins neither.
        let ids = identify(&[a, other_master, c], &[]);
        assert_ne!(ids.listings[0].record, ids.listings[1].record);
        assert_ne!(ids.listings[2].record, ids.listings[0].record);
    }

    #[test]
    fn seller_only_records_cluster_with_each_other() {
        let titles = [
            "Velvet Owls - Hollow Streets LP",
            "VELVET OWLS HOLLOW STREETS 180g Vinyl 1978",
            "Hollow Streets - Velvet Owls vinyl record",
            "Velvet Owls – Hollow Streets (Live)",
            "Velvet Owls - Hollow Streets Vol. 2",
        ];
        let facts: Vec<RecordFacts<'_>> = titles.iter().map(|t| ebay(t)).collect();
        let ids = identify(&facts, &[]);
        assert!(ids.listings.iter().all(|l| l.evidence == MatchEvidence::SellerTitle));
        let r: Vec<usize> = ids.listings.iter().map(|i| i.record).collect();
        assert_eq!(r[0], r[1]);
        assert_eq!(r[0], r[2]);
        assert_ne!(r[0], r[3]);
        assert_ne!(r[0], r[4]);
        assert_eq!(
            (ids.records[r[0]].artist.as_str(), ids.records[r[0]].title.as_str()),
            ("Velvet Owls", "Hollow Streets")
        );
    }

    #[test]
    fn want_list_items_are_known_records() {
        let refs = [ReferenceRecord {
            artist: "Nina Moreau".into(),
            title: "Bitter Garden".into(),
            release_id: Some(77),
            master_id: None,
            catalog_number: Some("HR 1234".into()),
            label: None,
        }];
        let facts = [ebay("NINA MOREAU BITTER GARDEN LP"), ebay("Nina Moreau – Bitter Garden HR-1234")];
        let ids = identify(&facts, &refs);
        assert_eq!(ids.listings[0].record, ids.listings[1].record);
        assert_eq!(ids.listings[0].evidence, MatchEvidence::Title);
        assert_eq!(ids.listings[1].pressing.map(|p| ids.pressings[p].release_id), Some(Some(77)));
        assert_eq!(ids.records[ids.listings[0].record].title, "Bitter Garden");
    }

    /// The sandbox marketplace's listings (infra/local/sandbox/fixtures): Discogs inventory fields
    /// beside the eBay titles of the same records.
    #[test]
    fn sandbox_titles() {
        let known = [
            discogs("Miles Davis", "Kind Of Blue", 3863517, Some("CS 8163")),
            discogs("Pink Floyd", "The Dark Side Of The Moon", 1873013, Some("SHVL 804")),
            discogs("John Coltrane", "A Love Supreme", 1342372, Some("A-77")),
            discogs("The Beatles", "Abbey Road", 2587869, Some("PCS 7088")),
            discogs("Fleetwood Mac", "Rumours", 1151297, Some("BSK 3010")),
            discogs("Joni Mitchell", "Blue", 1417645, Some("MS 2038")),
            discogs("Led Zeppelin", "Led Zeppelin IV", 1520950, Some("2401012")),
        ];
        let cases = [
            ("MILES DAVIS - KIND OF BLUE - Columbia CS 8163 LP", Some(0)),
            ("Miles Davis Kind of Blue LP 180 Gram Vinyl Reissue NEW SEALED", Some(0)),
            ("PINK FLOYD Dark Side Of The Moon Vinyl LP 180g", Some(1)),
            ("Pink Floyd - Dark Side of the Moon LP Harvest SHVL 804 1973", Some(1)),
            ("John Coltrane - A Love Supreme LP Impulse A-77 Mono", Some(2)),
            ("John Coltrane A Love Supreme Vinyl Record", Some(2)),
            ("Beatles Abbey Road Vinyl Record Album", Some(3)),
            ("The Beatles - Abbey Road LP 1969 UK Apple PCS 7088 Stereo", Some(3)),
            ("Fleetwood Mac - Rumours LP Warner BSK 3010 VG+", Some(4)),
            ("Fleetwood Mac Rumours Vinyl 1977 Original", Some(4)),
            ("Joni Mitchell - Blue LP Reprise MS 2038", Some(5)),
            ("Joni Mitchell Blue Vinyl Album 1971 Folk", Some(5)),
            ("Led Zeppelin - IV (Four Symbols) LP Atlantic", Some(6)),
        ];
        let titles: Vec<&str> = cases.iter().map(|(t, _)| *t).collect();
        for ((title, want), got) in cases.iter().zip(matched(&known, &titles)) {
            assert_eq!(got, *want, "{title}");
        }
    }

    #[test]
    fn various_artists_spellings() {
        let known = [discogs("Various", "Blue Train", 1, None)];
        assert_eq!(
            matched(&known, &["V/A - Blue Train LP", "VA Blue Train", "Various Artists – Blue Train"]),
            [Some(0); 3]
        );
    }
}
