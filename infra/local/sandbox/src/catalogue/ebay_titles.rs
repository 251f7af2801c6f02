//! eBay titles as sellers write them for the records Discogs lists: `MILES DAVIS MILESTONES LP`,
//! `Miles Davis – Milestones`, `Milestones - Miles Davis`, `Davis, Miles Milestones Columbia CL 1193
//! 1958 Original Pressing`, `... 180g Vinyl LP NEW SEALED`, at most eBay's 80 characters. Every
//! form keeps all words of the album title, so a search for the album finds the item.

use rand::Rng;

use super::generate::pick;
use super::model::{Release, Size};

/// eBay's longest item title.
pub const MAX_TITLE: usize = 80;

/// The ways the core of a title is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `Miles Davis - Milestones`
    Dash,
    /// `Miles Davis – Milestones`
    EnDash,
    /// `MILES DAVIS MILESTONES`
    Shouted,
    /// `Milestones - Miles Davis`
    AlbumFirst,
    /// `Miles Davis Milestones`
    NoSeparator,
    /// `Miles Davis "Milestones"`
    Quoted,
    /// `miles davis milestones`
    Lower,
}

const FORMS: [Form; 7] =
    [Form::Dash, Form::EnDash, Form::Shouted, Form::AlbumFirst, Form::NoSeparator, Form::Quoted, Form::Lower];

/// A title for one item of `release`; `new` says whether the copy is sealed.
pub fn title(rng: &mut impl Rng, release: &Release, new: bool, genre_words: &[&str]) -> String {
    let form = if rng.random_bool(0.15) { Form::Dash } else { *pick(rng, &FORMS) };
    let artist = artist_variant(rng, &release.artist());
    let core = match form {
        Form::Dash | Form::Shouted | Form::Lower => format!("{artist} - {}", release.title),
        Form::EnDash => format!("{artist} – {}", release.title),
        Form::AlbumFirst => format!("{} - {artist}", release.title),
        Form::NoSeparator => format!("{artist} {}", release.title),
        Form::Quoted => format!("{artist} \"{}\"", release.title),
    };
    let core = match form {
        Form::Shouted => core.replace(" - ", " ").to_uppercase(),
        Form::Lower => core.replace(" - ", " ").to_lowercase(),
        _ => core,
    };
    let mut extras = Vec::new();
    extras.push(size_word(rng, release.size).to_string());
    if release.label() == "Blue Note" || rng.random_bool(0.45) {
        // Blue Note is a selling point: sellers name it.
        extras.push(if rng.random_bool(0.6) {
            format!("{} {}", release.label(), release.catno())
        } else {
            release.label().to_string()
        });
    } else if rng.random_bool(0.3) {
        extras.push(release.catno().to_string());
    }
    if let Some(year) = release.year.filter(|_| rng.random_bool(0.5)) {
        extras.push(year.to_string());
    }
    extras.extend(pressing_words(rng, release));
    if rng.random_bool(0.3) && !genre_words.is_empty() {
        extras.push(pick(rng, genre_words).to_string());
    }
    if new {
        extras.push(pick(rng, &["NEW SEALED", "Sealed", "Brand New", "NEW", "Still Sealed"]).to_string());
    } else if rng.random_bool(0.5) {
        extras.push(pick(rng, &["VG+", "NM", "EX", "VG+/VG+", "NM-", "VG", "M-", "Excellent"]).to_string());
    }
    assemble(&core, form, extras)
}

/// Adds as many extras as fit in [`MAX_TITLE`], in their order, in the case of the core.
fn assemble(core: &str, form: Form, extras: Vec<String>) -> String {
    let mut title: String = core.chars().take(MAX_TITLE).collect();
    for extra in extras {
        let extra = match form {
            Form::Shouted => extra.to_uppercase(),
            Form::Lower => extra.to_lowercase(),
            _ => extra,
        };
        if title.chars().count() + 1 + extra.chars().count() <= MAX_TITLE {
            title.push(' ');
            title.push_str(&extra);
        }
    }
    title
}

/// `The Beatles` as `Beatles`, `Art Blakey & The Jazz Messengers` as `Art Blakey and the Jazz
/// Messengers`, `Miles Davis` as `Davis, Miles`, `João` as `Joao`.
fn artist_variant(rng: &mut impl Rng, artist: &str) -> String {
    match rng.random_range(0..12) {
        0 | 1 => artist.strip_prefix("The ").unwrap_or(artist).to_string(),
        2 if artist.contains(" & ") => artist.replace(" & The ", " and the ").replace(" & ", " and "),
        3 => match artist.split_whitespace().collect::<Vec<_>>()[..] {
            [first, last] if !artist.starts_with("The ") => format!("{last}, {first}"),
            _ => artist.to_string(),
        },
        4 => artist.chars().map(ascii).collect(),
        _ => artist.to_string(),
    }
}

fn ascii(c: char) -> char {
    match c {
        'á' | 'à' | 'ã' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' => 'e',
        'í' => 'i',
        'ó' | 'ö' | 'ô' | 'õ' => 'o',
        'ú' | 'ü' => 'u',
        'Á' => 'A',
        'ç' => 'c',
        other => other,
    }
}

fn size_word<R: Rng + ?Sized>(rng: &mut R, size: Size) -> &'static str {
    let options: &[&'static str] = match size {
        Size::Lp => &["LP", "Vinyl LP", "LP Vinyl", "Vinyl Record", "LP Album", "12\" LP"],
        Size::DoubleLp => &["2LP", "2xLP", "Double LP", "2 x LP Gatefold", "2LP Vinyl"],
        Size::Twelve => &["12\"", "12\" Vinyl", "12 inch", "12\" Single", "Vinyl 12\""],
        Size::Seven => &["7\"", "7\" Single", "45 rpm 7\"", "7 inch", "45"],
    };
    let word: &&'static str = pick(rng, options);
    word
}

/// `Original Pressing`, `1st Press`, `Remastered 180 Gram`, `Japan OBI`, `MONO`…
fn pressing_words(rng: &mut impl Rng, release: &Release) -> Vec<String> {
    let mut words = Vec::new();
    let descriptions = release.format_descriptions();
    if release.country == "Japan" {
        words.push(pick(rng, &["Japan OBI", "Japan Press w/ OBI", "JAPAN", "Japanese Pressing"]).to_string());
    } else if release.original {
        if rng.random_bool(0.5) {
            words
                .push(pick(rng, &["Original Pressing", "1st Press", "Orig", "OG Press", "First Pressing"]).to_string());
        }
        if release.label() == "Blue Note" && rng.random_bool(0.4) {
            words.push(pick(rng, &["RVG", "Deep Groove", "NY USA", "Van Gelder"]).to_string());
        }
    } else if rng.random_bool(0.6) {
        let remastered = descriptions.contains(&"Remastered");
        let heavy = release.formats.iter().any(|f| f.text.as_deref() == Some("180g"));
        words.push(
            match (remastered, heavy) {
                (true, true) => *pick(rng, &["Remastered 180 Gram", "180g Remaster", "Remastered 180g Vinyl"]),
                (false, true) => *pick(rng, &["180g", "180 Gram Vinyl", "180g Reissue", "Heavyweight 180g"]),
                (true, false) => *pick(rng, &["Remastered", "Remaster", "Reissue Remastered"]),
                (false, false) => *pick(rng, &["Reissue", "RE", "Repress", "Reissue LP"]),
            }
            .to_string(),
        );
    }
    if descriptions.contains(&"Mono") && rng.random_bool(0.6) {
        words.push("MONO".to_string());
    } else if descriptions.contains(&"Stereo") && rng.random_bool(0.3) {
        words.push("Stereo".to_string());
    }
    if rng.random_bool(0.25) {
        words.push(release.country.clone());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::model::{Credit, Format, LabelCredit};
    use rand::SeedableRng;

    fn milestones() -> Release {
        Release {
            id: 1,
            master_id: Some(2),
            title: "Milestones".into(),
            artists: vec![Credit { id: 3, name: "Miles Davis".into() }],
            labels: vec![LabelCredit { id: 4, name: "Columbia".into(), catno: "CL 1193".into() }],
            year: Some(1958),
            released: None,
            country: "US".into(),
            size: Size::Lp,
            formats: vec![Format {
                qty: 1,
                descriptions: vec!["LP".into(), "Album".into(), "Mono".into()],
                text: None,
            }],
            genres: vec!["Jazz".into()],
            styles: vec!["Hard Bop".into()],
            want: 1,
            have: 1,
            original: true,
            barcode: None,
            searchable: true,
            blocked_from_sale: false,
            featured: false,
        }
    }

    #[test]
    fn titles_vary_like_sellers_write_them_and_fit_ebay() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let titles: Vec<String> = (0..400).map(|i| title(&mut rng, &milestones(), i % 5 == 0, &["Jazz"])).collect();
        assert!(titles.iter().all(|t| t.chars().count() <= MAX_TITLE && t.to_lowercase().contains("milestones")));
        let has = |p: &dyn Fn(&String) -> bool| titles.iter().any(p);
        assert!(has(&|t| t.starts_with("MILES DAVIS MILESTONES")), "all caps without a dash");
        assert!(has(&|t| t.starts_with("Miles Davis – Milestones")), "en dash");
        assert!(has(&|t| t.starts_with("Milestones - Miles Davis")), "album first");
        assert!(has(&|t| t.starts_with("Davis, Miles")), "surname first");
        assert!(has(&|t| t.starts_with("Miles Davis Milestones")), "no separator");
        assert!(
            has(&|t| t.contains("Columbia CL 1193") || t.contains("COLUMBIA CL 1193")),
            "label and catalogue number"
        );
        assert!(has(&|t| t.contains("Original Pressing")));
        assert!(has(&|t| t.contains("1958")));
        assert!(has(&|t| t.contains("NEW SEALED")));
        assert!(has(&|t| t.contains("VG+")));
        let mut reissue = milestones();
        reissue.original = false;
        reissue.formats[0].descriptions = vec!["LP".into(), "Album".into(), "Reissue".into(), "Remastered".into()];
        reissue.formats[0].text = Some("180g".into());
        let titles: Vec<String> = (0..200).map(|_| title(&mut rng, &reissue, true, &[])).collect();
        assert!(titles.iter().any(|t| t.contains("Remastered 180 Gram")));
        assert!(titles.iter().all(|t| !t.contains("Original Pressing")));
    }
}
