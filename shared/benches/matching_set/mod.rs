//! A labelled matching set: generated listings whose true record and pressing are known, with
//! clean Discogs fields beside the title forms real eBay sellers write, plus adversarial near
//! duplicates (same artist other album, Vol. 1/Vol. 2, Live/studio, "The X"/"X" bands, titles
//! differing only by "The"). Deterministic from the seed. Used by `./scripts/bench matching`
//! (shared/benches/matching.rs) and by the quality test (shared/tests/matching_quality.rs).

pub mod score;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use vinyldigger::domain::listing::{Listing, ListingKind, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::record_identity::ReferenceRecord;

/// How a listing's title is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    /// Discogs: artist and album fields, `Artist - Album (LP, Album)` title.
    DiscogsFields,
    /// Discogs: only the row title, no fields.
    DiscogsRow,
    /// `Artist - Album 180g Vinyl LP`
    Dash,
    /// `ARTIST ALBUM LP VINYL 1973`: all caps, no dash.
    CapsNoDash,
    /// `Artist – Album (Vinyl LP, 1973)`: en dash.
    EnDash,
    /// `Album - Artist vinyl record`, `Album by Artist LP`.
    AlbumFirst,
    /// `ARTIST – ALBUM - Label CS 8163 LP`: with the pressing's catalogue number.
    CatalogueNumber,
    /// `Artist Album Vinyl LP`: no separator.
    NoSeparator,
    /// `Artist Album LP 180 Gram Vinyl Reissue NEW SEALED`
    SealedReissue,
    /// `Artist - Album LP VG+ Original Pressing 1973`
    ConditionYear,
    /// `Sparrows - Album LP` for "The Sparrows", sometimes the album's "The" dropped too.
    DroppedThe,
    /// `artist album lp`
    Lowercase,
    /// `Artist - Album`
    Plain,
    /// `Artist Album LP Fast Shipping L@@K`: seller words the matcher does not know.
    SellerJunk,
    /// `Artist - Albm LP`: a letter missing from one word of the album.
    Typo,
    /// `Coltrane - A Love Supreme LP`: part of the artist's name left out.
    PartialArtist,
    /// `A Love Supreme LP Vinyl`: no artist at all.
    NoArtist,
    /// `Artist - Album Legacy LP`: a subtitle word right after the album.
    Subtitle,
}

impl Form {
    pub const ALL: [Form; 18] = [
        Form::DiscogsFields,
        Form::DiscogsRow,
        Form::Dash,
        Form::CapsNoDash,
        Form::EnDash,
        Form::AlbumFirst,
        Form::CatalogueNumber,
        Form::NoSeparator,
        Form::SealedReissue,
        Form::ConditionYear,
        Form::DroppedThe,
        Form::Lowercase,
        Form::Plain,
        Form::SellerJunk,
        Form::Typo,
        Form::PartialArtist,
        Form::NoArtist,
        Form::Subtitle,
    ];

    pub fn index(self) -> usize {
        Form::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    pub fn name(self) -> &'static str {
        match self {
            Form::DiscogsFields => "Discogs fields",
            Form::DiscogsRow => "Discogs row title only",
            Form::Dash => "Artist - Album + format",
            Form::CapsNoDash => "ALL CAPS, no dash, year",
            Form::EnDash => "en dash, (format, year)",
            Form::AlbumFirst => "album before artist",
            Form::CatalogueNumber => "label + catalogue number",
            Form::NoSeparator => "no separator",
            Form::SealedReissue => "180 Gram Reissue NEW SEALED",
            Form::ConditionYear => "grade, Original Pressing, year",
            Form::DroppedThe => "The dropped (artist, album)",
            Form::Lowercase => "all lower case",
            Form::Plain => "Artist - Album",
            Form::SellerJunk => "unknown seller words",
            Form::Typo => "typo in the album",
            Form::PartialArtist => "part of the artist left out",
            Form::NoArtist => "no artist",
            Form::Subtitle => "subtitle word after the album",
        }
    }
}

/// The truth about one listing.
#[derive(Debug, Clone, Copy)]
pub struct Truth {
    pub record: u32,
    /// Unique across records.
    pub pressing: u32,
    pub form: Form,
}

pub struct TrueRecord {
    pub artist: String,
    pub album: String,
    pub master_id: u64,
    pub label: String,
    pub pressings: Vec<TruePressing>,
    /// No Discogs listing: only eBay sellers offer it.
    pub ebay_only: bool,
}

pub struct TruePressing {
    pub id: u32,
    pub release_id: u64,
    pub catno: String,
    pub year: i32,
    pub format: &'static str,
}

pub struct LabelledSet {
    pub results: Vec<StoredResult>,
    pub truth: Vec<Truth>,
    /// The user's want list: records the search's listings may not include.
    pub references: Vec<ReferenceRecord>,
}

const FIRST: &[&str] = &[
    "Miles", "Nina", "Otis", "Aretha", "Curtis", "Joni", "Lou", "Patti", "Stevie", "Marvin", "Etta", "Chet", "Sonny",
    "Billie", "Roberta", "Isaac", "Dusty", "Gil", "Herbie", "Alice", "Ornette", "Sly", "Bobbie", "Karen", "Tom",
    "Kate", "Neil", "Cass", "Ravi", "Fela",
];
const LAST: &[&str] = &[
    "Harlow",
    "Okafor",
    "Brennan",
    "Lindqvist",
    "Moreau",
    "Castell",
    "Whitaker",
    "Nakamura",
    "Delgado",
    "Ferreira",
    "Kowalski",
    "Ashby",
    "Quinlan",
    "Hale",
    "Mercer",
    "Vance",
    "Rourke",
    "Sato",
    "Ibarra",
    "Lund",
    "Poirier",
    "Crane",
    "Adeyemi",
    "Holt",
    "Marsh",
    "Sigurðsson",
    "Ångström",
    "Núñez",
];
const BAND_ADJ: &[&str] = &[
    "Velvet",
    "Electric",
    "Silver",
    "Midnight",
    "Crimson",
    "Golden",
    "Hollow",
    "Wandering",
    "Broken",
    "Radiant",
    "Lonesome",
    "Cosmic",
    "Paper",
    "Northern",
    "Savage",
    "Gentle",
    "Frozen",
    "Burning",
    "Quiet",
    "Neon",
    "Wild",
    "Analog",
    "Purple",
    "Distant",
];
const BAND_NOUN: &[&str] = &[
    "Owls",
    "Machines",
    "Harbour",
    "Satellites",
    "Orchard",
    "Foxes",
    "Prophets",
    "Rivers",
    "Engines",
    "Lanterns",
    "Ghosts",
    "Horses",
    "Pilots",
    "Mirrors",
    "Sparrows",
    "Kings",
    "Tigers",
    "Monks",
    "Valleys",
    "Signals",
    "Drifters",
    "Comets",
];
const ALB_A: &[&str] = &[
    "Kind", "Dark", "Blue", "Bitter", "Sweet", "Endless", "Secret", "Lost", "Strange", "Blonde", "Hidden", "Morning",
    "Evening", "Silent", "Last", "Burning", "Velvet", "Broken", "Sunday", "Wild", "Golden", "Crystal", "Paper",
    "Tender", "Open", "Winter", "Copper", "Lunar", "Amber", "Restless",
];
const ALB_B: &[&str] = &[
    "Side", "Moon", "Highway", "Garden", "Letters", "Dreams", "Machine", "Horizon", "River", "Sessions", "Nights",
    "Streets", "Waves", "Fire", "Heart", "Rain", "Light", "Mountain", "Echoes", "Roads", "Stories", "Weather",
    "Mirrors", "Voices", "Island", "Tapes", "Years", "Blues", "Hymns", "Signals",
];
const ALB_FORM: &[&str] = &[
    "{a} {b}",
    "{a} {b}",
    "{a} {b}",
    "The {a} {b}",
    "{a} Of The {b}",
    "{b} & {a}",
    "Songs For The {a} {b}",
    "{a}-{b}",
    "{a} {b}!",
    "{b}",
];
const LABELS: &[(&str, &str)] = &[
    ("Harbour Records", "HR"),
    ("Blue Lantern", "BLP"),
    ("Crimson Sound", "CS"),
    ("Northgate", "NG"),
    ("Paper Moon Music", "PMM"),
    ("Analog Tone", "AT"),
    ("Velvet Owl", "VO"),
    ("Sunday Press", "SP"),
    ("Electric Orchard", "EO"),
    ("Mercer Bros.", "MB"),
];
const DISCOGS_FORMATS: &[&str] = &[
    "LP, Album",
    "LP, Album, RE",
    "LP, Album, RP",
    "LP, Album, RM, 180",
    "2xLP, Album",
    "LP, Album, Ltd, Col",
    "LP, Album, Gat",
    "2xLP, Album, RE, 180",
];
const EBAY_EXTRA: &[&str] = &[
    "LP",
    "Vinyl LP",
    "LP Vinyl Record",
    "12\" Vinyl",
    "180g Vinyl LP",
    "Vinyl Record NM",
    "LP VG+",
    "Original Pressing",
    "Vinyl LP NEW SEALED",
    "Record Album",
    "LP Gatefold",
    "Remastered 180 Gram",
    "Vinyl 1st Press",
    "LP EX/VG+",
    "2LP Deluxe Edition",
    "Limited Edition Colored Vinyl",
    "Japan OBI Insert",
];
const GRADES: &[&str] = &["VG+", "EX/VG+", "NM", "M-", "VG", "NM/NM"];
const JUNK: &[&str] = &[
    "Fast Shipping",
    "L@@K",
    "RARE!!",
    "Free Shipping",
    "w/ Insert",
    "Play Tested",
    "HTF",
    "Wow",
    "Classic",
    "Must Have",
];
const EBAY_FORMS: &[(Form, u32)] = &[
    (Form::Dash, 20),
    (Form::CapsNoDash, 12),
    (Form::EnDash, 9),
    (Form::AlbumFirst, 8),
    (Form::CatalogueNumber, 10),
    (Form::NoSeparator, 9),
    (Form::SealedReissue, 6),
    (Form::ConditionYear, 7),
    (Form::DroppedThe, 5),
    (Form::Lowercase, 4),
    (Form::Plain, 5),
    (Form::SellerJunk, 5),
    (Form::Typo, 4),
    (Form::PartialArtist, 3),
    (Form::NoArtist, 2),
    (Form::Subtitle, 2),
];
const SUBTITLES: &[&str] = &["Legacy", "Definitive", "Collectors", "Redux", "Revisited"];

/// One letter left out of the longest word of `s`.
fn typo(rng: &mut StdRng, s: &str) -> String {
    let longest = s.split(' ').max_by_key(|w| w.chars().count()).unwrap_or(s);
    let chars: Vec<char> = longest.chars().collect();
    if chars.len() < 4 {
        return s.to_string();
    }
    let drop = rng.random_range(1..chars.len() - 1);
    let misspelt: String = chars.iter().enumerate().filter(|(i, _)| *i != drop).map(|(_, c)| c).collect();
    s.replacen(longest, &misspelt, 1)
}

fn pick<T: Copy>(rng: &mut StdRng, xs: &[T]) -> T {
    xs[rng.random_range(0..xs.len())]
}

fn chance(rng: &mut StdRng, p: f64) -> bool {
    rng.random_bool(p)
}

/// A small pick in 0..n: 0 most often.
fn skewed(rng: &mut StdRng, n: usize) -> usize {
    let u: f64 = rng.random();
    ((n as f64).powf(u) - 1.0).floor().clamp(0.0, (n - 1) as f64) as usize
}

/// Cumulative Zipf(s) weights over n ranks (as ../shared/perf/gen_results.py: s = 0.9).
fn zipf_cdf(n: usize, s: f64) -> Vec<f64> {
    let mut acc = 0.0;
    let mut cdf: Vec<f64> = (1..=n)
        .map(|k| {
            acc += 1.0 / (k as f64).powf(s);
            acc
        })
        .collect();
    for c in &mut cdf {
        *c /= acc;
    }
    cdf
}

fn zipf_pick(rng: &mut StdRng, cdf: &[f64]) -> usize {
    let u: f64 = rng.random();
    cdf.partition_point(|c| *c < u).min(cdf.len() - 1)
}

fn album_name(rng: &mut StdRng) -> String {
    pick(rng, ALB_FORM).replace("{a}", pick(rng, ALB_A)).replace("{b}", pick(rng, ALB_B))
}

/// Artists with their albums, the adversarial siblings included.
fn catalogue(rng: &mut StdRng, n_records: usize) -> Vec<(String, String)> {
    let mut seen_artists = std::collections::HashSet::new();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |out: &mut Vec<(String, String)>, artist: &str, album: String| {
        if seen.insert((artist.to_lowercase(), album.to_lowercase())) {
            out.push((artist.to_string(), album));
        }
    };
    while out.len() < n_records {
        if out.len() % 40 == 39 {
            let album = album_name(rng);
            add(&mut out, "Various", album);
            continue;
        }
        let r: f64 = rng.random();
        let (adj, noun) = (pick(rng, BAND_ADJ), pick(rng, BAND_NOUN));
        let artist = if r < 0.40 {
            format!("{} {}", pick(rng, FIRST), pick(rng, LAST))
        } else if r < 0.75 {
            format!("The {adj} {noun}")
        } else if r < 0.85 {
            format!("{} {} Quartet", pick(rng, FIRST), pick(rng, LAST))
        } else {
            format!("{adj} {noun}")
        };
        if !seen_artists.insert(artist.clone()) {
            continue;
        }
        let albums = 1 + skewed(rng, 4);
        for _ in 0..albums {
            let album = album_name(rng);
            let roll: f64 = rng.random();
            if roll < 0.06 {
                // Vol. 1 and Vol. 2 of one series.
                let base = album.trim_end_matches('!').to_string();
                add(&mut out, &artist, format!("{base}, Vol. 1"));
                add(&mut out, &artist, format!("{base}, Vol. 2"));
            } else if roll < 0.12 {
                // The studio album and its live recording.
                add(&mut out, &artist, album.clone());
                add(&mut out, &artist, format!("{album} (Live)"));
            } else if roll < 0.14 && !album.starts_with("The ") {
                // Two albums whose titles differ only by "The".
                add(&mut out, &artist, format!("The {album}"));
                add(&mut out, &artist, album);
            } else {
                add(&mut out, &artist, album);
            }
        }
        // A band of the same name without "The": a different artist.
        if artist.starts_with("The ") && chance(rng, 0.08) {
            let other = artist.trim_start_matches("The ").to_string();
            if seen_artists.insert(other.clone()) {
                let album = album_name(rng);
                add(&mut out, &other, album);
            }
        }
    }
    out.truncate(n_records);
    out
}

/// `n` listings (about half Discogs, half eBay) of about `n / 6` records.
pub fn generate(n: usize, seed: u64) -> LabelledSet {
    let mut rng = StdRng::seed_from_u64(seed);
    let n_records = (n / 6).max(12);
    let mut next_release = 1_000_000u64;
    let mut next_pressing = 0u32;
    let records: Vec<TrueRecord> = catalogue(&mut rng, n_records)
        .into_iter()
        .enumerate()
        .map(|(i, (artist, album))| {
            let (label, prefix) = pick(&mut rng, LABELS);
            let year = rng.random_range(1958..=2023);
            let pressings = (0..1 + skewed(&mut rng, 3))
                .map(|p| {
                    next_release += rng.random_range(1..5000);
                    next_pressing += 1;
                    TruePressing {
                        id: next_pressing,
                        release_id: next_release,
                        catno: if chance(&mut rng, 0.85) {
                            format!("{prefix} {}", rng.random_range(100..9999))
                        } else {
                            format!("{prefix}-{}", rng.random_range(10..999))
                        },
                        year: if p == 0 { year } else { rng.random_range(year..=2024) },
                        format: pick(&mut rng, DISCOGS_FORMATS),
                    }
                })
                .collect();
            TrueRecord {
                artist,
                album,
                master_id: 50_000 + i as u64,
                label: label.to_string(),
                pressings,
                ebay_only: chance(&mut rng, 0.12),
            }
        })
        .collect();

    let mut results = Vec::with_capacity(n);
    let mut truth = Vec::with_capacity(n);
    // Popularity is not the catalogue's order: the adversarial siblings are next to each other.
    let mut rank: Vec<usize> = (0..records.len()).collect();
    for i in (1..rank.len()).rev() {
        rank.swap(i, rng.random_range(0..=i));
    }
    let cdf = zipf_cdf(records.len(), 0.9);
    for i in 0..n {
        let r = rank[zipf_pick(&mut rng, &cdf)];
        let rec = &records[r];
        let p = &rec.pressings[rng.random_range(0..rec.pressings.len())];
        let price = Money::usd_cents(rng.random_range(500..15_000));
        let discogs = !rec.ebay_only && chance(&mut rng, 0.5);
        let (listing, form) = if discogs {
            discogs_listing(&mut rng, i, rec, p, price)
        } else {
            ebay_listing(&mut rng, i, rec, p, price)
        };
        results.push(StoredResult::new(format!("00000000-0000-4000-8000-{i:012}"), listing));
        truth.push(Truth { record: r as u32, pressing: p.id, form });
    }
    // A want list: a few records, eBay-only ones among them, with the fields Discogs lists carry.
    let references = records
        .iter()
        .filter(|_| chance(&mut rng, 0.04))
        .map(|rec| ReferenceRecord {
            artist: rec.artist.clone(),
            title: rec.album.clone(),
            release_id: Some(rec.pressings[0].release_id),
            master_id: None,
            catalog_number: Some(rec.pressings[0].catno.clone()),
            label: None,
        })
        .collect();
    LabelledSet { results, truth, references }
}

fn discogs_listing(rng: &mut StdRng, i: usize, rec: &TrueRecord, p: &TruePressing, price: Money) -> (Listing, Form) {
    let country =
        if chance(rng, 0.15) { format!(", {}", pick(rng, &["US", "UK", "Europe", "Japan"])) } else { String::new() };
    let title = format!("{} - {} ({}{country})", rec.artist, rec.album, p.format);
    let mut l = Listing::new(Platform::Discogs, format!("{}", 2_000_000 + i), title, price);
    l.release_id = Some(p.release_id);
    l.year = Some(p.year);
    l.format = Some(p.format.to_string());
    let roll: f64 = rng.random();
    if roll < 0.05 {
        // A row without fields (an older source): only the title.
        l.release_id = None;
        return (l, Form::DiscogsRow);
    }
    l.artist = Some(rec.artist.clone());
    l.release_title = Some(rec.album.clone());
    l.catalog_number = Some(p.catno.clone());
    if roll < 0.40 {
        // A release offer from the database search: master and label known.
        l.kind = ListingKind::ReleaseOffer { for_sale: rng.random_range(1..40) };
        l.master_id = Some(rec.master_id);
        l.label = Some(rec.label.clone());
    }
    (l, Form::DiscogsFields)
}

fn ebay_listing(rng: &mut StdRng, i: usize, rec: &TrueRecord, p: &TruePressing, price: Money) -> (Listing, Form) {
    let total: u32 = EBAY_FORMS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    let mut form = Form::Plain;
    for (f, w) in EBAY_FORMS {
        if roll < *w {
            form = *f;
            break;
        }
        roll -= w;
    }
    let mut artist = rec.artist.clone();
    if artist == "Various" && chance(rng, 0.6) {
        artist = pick(rng, &["Various Artists", "V/A", "VA"]).to_string();
    }
    let mut album = rec.album.clone();
    if form == Form::DroppedThe {
        // Sellers drop a band's "The", and now and then an album's leading one.
        let artist_the = artist.strip_prefix("The ").map(str::to_string);
        let album_the = album.strip_prefix("The ").map(str::to_string);
        match (artist_the, album_the) {
            (Some(a), Some(t)) if chance(rng, 0.5) => (artist, album) = (a, t),
            (Some(a), _) => artist = a,
            (None, Some(t)) => album = t,
            (None, None) => form = Form::Dash,
        }
    }
    let album = &album;
    let extra = pick(rng, EBAY_EXTRA);
    let year = p.year;
    let title = match form {
        Form::Dash | Form::DroppedThe => format!("{artist} - {album} {extra}"),
        Form::CapsNoDash => format!("{} {} {extra} {year}", artist.to_uppercase(), album.to_uppercase()),
        Form::EnDash => format!("{artist} – {album} ({extra}, {year})"),
        Form::AlbumFirst => {
            if chance(rng, 0.5) {
                format!("{album} - {artist} vinyl record")
            } else {
                format!("{album} by {artist} LP")
            }
        }
        Form::CatalogueNumber => {
            if chance(rng, 0.5) {
                format!("{} – {} - {} {} LP", artist.to_uppercase(), album.to_uppercase(), rec.label, p.catno)
            } else {
                format!("{artist} - {} {} {extra}", album.to_lowercase(), p.catno)
            }
        }
        Form::NoSeparator => format!("{artist} {album} {extra}"),
        Form::SealedReissue => format!("{artist} {album} LP 180 Gram Vinyl Reissue NEW SEALED"),
        Form::ConditionYear => format!("{artist} - {album} LP {} Original Pressing {year}", pick(rng, GRADES)),
        Form::Lowercase => format!("{} {} lp", artist.to_lowercase(), album.to_lowercase()),
        Form::Plain => format!("{artist} - {album}"),
        Form::SellerJunk => format!("{artist} {album} {extra} {}", pick(rng, JUNK)),
        Form::Typo => format!("{artist} - {} {extra}", typo(rng, album)),
        Form::PartialArtist => {
            let words: Vec<&str> = artist.split(' ').collect();
            let last = words.iter().rev().find(|w| !matches!(**w, "Quartet" | "Trio")).copied().unwrap_or(&artist);
            format!("{last} - {album} {extra}")
        }
        Form::NoArtist => format!("{album} {extra}"),
        Form::Subtitle => format!("{artist} - {album} {} {extra}", pick(rng, SUBTITLES)),
        Form::DiscogsFields | Form::DiscogsRow => format!("{artist} - {album}"),
    };
    // eBay titles are at most 80 characters: sellers leave out the words that do not fit.
    let mut short = String::new();
    for word in title.split_whitespace() {
        if short.chars().count() + word.chars().count() + usize::from(!short.is_empty()) > 80 {
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    let title = short;
    let mut l = Listing::new(Platform::Ebay, format!("v1|{}|0", 300_000_000 + i), title.trim_end(), price);
    l.media_condition = Some(pick(rng, &["New", "Like New", "Very Good", "Good", "Used"]).to_string());
    (l, form)
}
