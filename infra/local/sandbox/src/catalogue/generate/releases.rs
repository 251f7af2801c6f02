//! Releases and masters: every well-known album with a few pressings, then invented artists'
//! records until the catalogue holds the number asked for.

use rand::Rng;

use super::super::model::{Credit, Format, LabelCredit, Master, Release, Size};
use super::super::words::{
    ALBUMS, ALIAS_SUFFIXES, ALIAS_WORDS, BAND_ADJECTIVES, BAND_NOUNS, COMMON_TITLE_WORDS, CREWS, ENSEMBLES,
    FIRST_NAMES, GENRES, Genre, JAPANESE_LABELS, LAST_NAMES, Naming, PLACES, RAPPER_NAMES, RAPPER_PREFIXES,
    REISSUE_LABELS, TITLE_ADJECTIVES, VENUES,
};
use super::{Data, Ids, pick, weighted};

/// What a master's first pressing is made of.
struct Original {
    artist: String,
    title: String,
    year: u16,
    label: String,
    catno: String,
    country: String,
    size: Size,
    genres: Vec<String>,
    styles: Vec<String>,
    /// How many collectors have it.
    have: u32,
}

pub(super) fn generate(data: &mut Data, rng: &mut impl Rng, ids: &mut Ids, count: usize) {
    let target = data.releases.len() + count;
    for album in ALBUMS {
        let famous = matches!(album.artist, "Miles Davis" | "The Beatles") || album.label == "Blue Note";
        let original = Original {
            artist: album.artist.to_string(),
            title: album.title.to_string(),
            year: album.year,
            label: album.label.to_string(),
            catno: album.catno.to_string(),
            country: album.country.to_string(),
            size: album.size,
            genres: album.genres.iter().map(|g| g.to_string()).collect(),
            styles: album.styles.iter().map(|s| s.to_string()).collect(),
            have: rng.random_range(4_000..40_000),
        };
        let reissues = rng.random_range(1..=3) + usize::from(famous) * rng.random_range(1..=2);
        add_master(data, rng, ids, original, reissues);
    }
    let mut artists: Vec<Vec<String>> = vec![Vec::new(); GENRES.len()];
    while data.releases.len() < target {
        let Some(genre_index) = weighted(rng, &(0..GENRES.len()).collect::<Vec<_>>(), |i| GENRES[*i].weight).copied()
        else {
            break;
        };
        let genre = &GENRES[genre_index];
        let known = &mut artists[genre_index];
        let artist = if !known.is_empty() && rng.random_bool(0.35) {
            pick(rng, known).clone()
        } else {
            let name = artist_name(rng, genre);
            known.push(name.clone());
            name
        };
        let original = invented(rng, genre, artist);
        let reissues = if rng.random_bool(0.3) { rng.random_range(1..=3) } else { 0 };
        let room = target - data.releases.len();
        add_master(data, rng, ids, original, reissues.min(room.saturating_sub(1)));
    }
}

fn invented(rng: &mut impl Rng, genre: &Genre, artist: String) -> Original {
    let (label, prefix) = *pick(rng, genre.labels);
    let year = rng.random_range(genre.years.0..=genre.years.1);
    let size = *weighted(rng, &[Size::Lp, Size::DoubleLp, Size::Twelve, Size::Seven], |s| match s {
        Size::Lp => genre.sizes[0],
        Size::DoubleLp => genre.sizes[1],
        Size::Twelve => genre.sizes[2],
        Size::Seven => genre.sizes[3],
    })
    .unwrap_or(&Size::Lp);
    let mut styles = vec![pick(rng, genre.styles).to_string()];
    if rng.random_bool(0.4) {
        let second = pick(rng, genre.styles).to_string();
        if !styles.contains(&second) {
            styles.push(second);
        }
    }
    // Popularity falls off steeply: a few records everyone has, many few have.
    let have = 10 + (rng.random::<f64>().powi(3) * 4_000.0) as u32;
    Original {
        title: title(rng, genre, size, &artist),
        artist,
        year,
        label: label.to_string(),
        catno: catno(rng, genre, label, prefix),
        country: pick(rng, genre.countries).to_string(),
        size,
        genres: vec![genre.name.to_string()],
        styles,
        have,
    }
}

fn artist_name(rng: &mut impl Rng, genre: &Genre) -> String {
    let person = |rng: &mut dyn rand::RngCore| format!("{} {}", pick(rng, &FIRST_NAMES), pick(rng, &LAST_NAMES));
    match genre.naming {
        Naming::Person if genre.name == "Jazz" && rng.random_bool(0.3) => {
            format!("{} {}", person(rng), pick(rng, &ENSEMBLES))
        }
        Naming::Person if rng.random_bool(0.15) => format!("{} & The {}", person(rng), pick(rng, &BAND_NOUNS)),
        Naming::Person => person(rng),
        Naming::Band => match rng.random_range(0..3) {
            0 => format!("{} {}", pick(rng, &BAND_ADJECTIVES), pick(rng, &BAND_NOUNS)),
            _ => format!("The {} {}", pick(rng, &BAND_ADJECTIVES), pick(rng, &BAND_NOUNS)),
        },
        Naming::Alias => match rng.random_range(0..4) {
            0 => format!("DJ {}", pick(rng, &ALIAS_WORDS)),
            1 => format!("{} {}", pick(rng, &ALIAS_WORDS), pick(rng, &ALIAS_SUFFIXES)),
            2 => format!("{} & {}", pick(rng, &ALIAS_WORDS), pick(rng, &ALIAS_WORDS)),
            _ => pick(rng, &ALIAS_WORDS).to_string(),
        },
        Naming::Rapper => match rng.random_range(0..3) {
            0 => format!("{} {}", pick(rng, &RAPPER_PREFIXES), pick(rng, &RAPPER_NAMES)),
            1 => format!("{} {}", pick(rng, &RAPPER_NAMES), pick(rng, &CREWS)),
            _ => pick(rng, &RAPPER_NAMES).to_string(),
        },
    }
}

fn title(rng: &mut impl Rng, genre: &Genre, size: Size, artist: &str) -> String {
    let word = |rng: &mut dyn rand::RngCore| {
        if rng.random_bool(0.6) { pick(rng, genre.title_words) } else { pick(rng, &COMMON_TITLE_WORDS) }.to_string()
    };
    let adjective = |rng: &mut dyn rand::RngCore| pick(rng, &TITLE_ADJECTIVES).to_string();
    let base = match rng.random_range(0..9) {
        0 => format!("{} {}", adjective(rng), word(rng)),
        1 => format!("{} Of {}", word(rng), word(rng)),
        2 => format!("{} In {}", word(rng), pick(rng, &PLACES)),
        3 => format!("The {} {}", adjective(rng), word(rng)),
        4 if genre.name == "Jazz" => format!("Live At The {}", pick(rng, &VENUES)),
        5 => format!("{} And {}", word(rng), word(rng)),
        6 => word(rng),
        7 if genre.name == "Jazz" => format!("Introducing {artist}"),
        _ => format!("{} {}", word(rng), word(rng)),
    };
    match size {
        Size::Twelve if rng.random_bool(0.4) => format!("{base} EP"),
        Size::Twelve if rng.random_bool(0.2) => format!("{} / {}", word(rng), word(rng)),
        _ => base,
    }
}

fn catno(rng: &mut impl Rng, genre: &Genre, label: &str, prefix: &str) -> String {
    match (label, prefix) {
        ("Blue Note", "BLP") => format!("BLP {}", rng.random_range(4_000..4_350)),
        ("Blue Note", _) => format!("BST {}", rng.random_range(84_000..84_400)),
        (_, "Tresor" | "O-TON") => format!("{prefix} {}", rng.random_range(20..300)),
        _ if genre.name == "Electronic" => format!("{prefix}-{:03}", rng.random_range(1..400)),
        _ => format!("{prefix} {}", rng.random_range(100..9_999)),
    }
}

/// The master of `original` with its first pressing and `reissues` later ones.
fn add_master(data: &mut Data, rng: &mut impl Rng, ids: &mut Ids, original: Original, reissues: usize) {
    let artists = vec![Credit { id: ids.artist(&original.artist), name: original.artist.clone() }];
    // Most 7" and some 12" singles have no master on Discogs.
    let single = matches!(original.size, Size::Seven | Size::Twelve);
    let master_id = if reissues == 0 && single && rng.random_bool(0.5) { None } else { Some(ids.master(rng)) };
    let mut versions = Vec::new();
    let first = pressing(rng, ids, &original, &artists, master_id, None);
    versions.push(first.id);
    let main_release = first.id;
    data.releases.push(first);
    for _ in 0..reissues {
        let kind = rng.random_range(0..10);
        let reissue = pressing(rng, ids, &original, &artists, master_id, Some(kind));
        versions.push(reissue.id);
        data.releases.push(reissue);
    }
    if let Some(id) = master_id {
        data.masters.push(Master {
            id,
            title: original.title,
            artists,
            year: Some(original.year),
            genres: original.genres,
            styles: original.styles,
            main_release,
            versions,
        });
    }
}

/// The first pressing (`kind` `None`) or a reissue: a repress (kind 0–4), a reissue label (5–7)
/// or a Japanese pressing (8–9).
fn pressing(
    rng: &mut impl Rng,
    ids: &mut Ids,
    original: &Original,
    artists: &[Credit],
    master_id: Option<u64>,
    kind: Option<u32>,
) -> Release {
    let latest = 2025u16.max(original.year + 1);
    let (label, catno, country, year, have) = match kind {
        None => {
            (original.label.clone(), original.catno.clone(), original.country.clone(), original.year, original.have)
        }
        Some(k) => {
            let year = rng.random_range(original.year + 1..=latest);
            let have = (f64::from(original.have) * rng.random_range(0.05..0.6)) as u32 + 5;
            let digits: String = original.catno.chars().filter(char::is_ascii_digit).collect();
            let reissuer =
                REISSUE_LABELS.iter().filter(|(g, _, _)| original.genres.iter().any(|x| x == g)).collect::<Vec<_>>();
            match k {
                8 | 9 => {
                    let (name, prefix) = pick(rng, &JAPANESE_LABELS);
                    (
                        name.to_string(),
                        format!("{prefix}{}", rng.random_range(1_000..9_999)),
                        "Japan".to_string(),
                        year.max(1972),
                        have,
                    )
                }
                5..=7 if !reissuer.is_empty() => {
                    let (_, name, prefix) = pick(rng, &reissuer);
                    let number = if digits.is_empty() { rng.random_range(100..999).to_string() } else { digits };
                    let country = pick(rng, &["Europe", "US", "Germany", "UK"]).to_string();
                    (name.to_string(), format!("{prefix}{number}"), country, year.max(1995), have)
                }
                _ => {
                    let country = if rng.random_bool(0.5) {
                        original.country.clone()
                    } else {
                        pick(rng, &["Europe", "UK", "Germany", "US", "France"]).to_string()
                    };
                    (original.label.clone(), original.catno.clone(), country, year, have)
                }
            }
        }
    };
    let reissue = kind.is_some();
    let formats = vec![format(rng, original.size, original.year, reissue, year)];
    let released = if rng.random_bool(0.7) {
        format!("{year}-{:02}-{:02}", rng.random_range(1..=12), rng.random_range(1..=28))
    } else {
        year.to_string()
    };
    Release {
        id: ids.release(rng),
        master_id,
        title: original.title.clone(),
        artists: artists.to_vec(),
        labels: vec![LabelCredit { id: ids.label(&label), name: label, catno }],
        year: Some(year),
        released: Some(released),
        country,
        size: original.size,
        formats,
        genres: original.genres.clone(),
        styles: original.styles.clone(),
        want: (f64::from(have) * rng.random_range(0.1..1.4)) as u32,
        have,
        original: !reissue,
        barcode: (year >= 1985).then(|| (0..13).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()),
        searchable: true,
        // A few pressings Discogs blocks from sale (unofficial releases).
        blocked_from_sale: reissue && rng.random_bool(0.01),
        featured: false,
    }
}

fn format(rng: &mut impl Rng, size: Size, first_year: u16, reissue: bool, year: u16) -> Format {
    let mut descriptions: Vec<String> = match size {
        Size::Lp | Size::DoubleLp => vec!["LP".into(), "Album".into()],
        Size::Twelve => {
            let speed = if rng.random_bool(0.6) { "33 ⅓ RPM" } else { "45 RPM" };
            let kind = pick(rng, &["EP", "Single", "Maxi-Single"]);
            vec!["12\"".into(), speed.into(), (*kind).into()]
        }
        Size::Seven => vec!["7\"".into(), "45 RPM".into(), "Single".into()],
    };
    if reissue {
        descriptions.push("Reissue".into());
        if year >= 2000 && rng.random_bool(0.5) {
            descriptions.push("Remastered".into());
        }
    }
    if matches!(size, Size::Lp | Size::DoubleLp) && first_year < 1970 {
        descriptions.push(if first_year < 1962 && !reissue { "Mono" } else { "Stereo" }.into());
    }
    let text = match (reissue, year) {
        (true, y) if y >= 2005 && rng.random_bool(0.6) => Some("180g".to_string()),
        (_, _) if size == Size::DoubleLp && rng.random_bool(0.5) => Some("Gatefold".to_string()),
        _ => None,
    };
    Format { qty: if size == Size::DoubleLp { 2 } else { 1 }, descriptions, text }
}
