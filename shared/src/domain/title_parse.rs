//! Words of a record title as matching sees them: folded to lower-case ASCII, split at anything
//! that is not a letter or digit, and classified by what they say about the record.
//!
//! Sellers write the same record many ways ("MILES DAVIS KIND OF BLUE 180g Vinyl LP 1959",
//! "Kind of Blue – Miles Davis (Columbia CS 8163)"). Folding removes case, dashes, punctuation and
//! diacritics; the classes tell the matcher which leftover words are harmless (formats, grades,
//! years, catalogue numbers) and which name a different record ("Live", "Vol. 2", a number).
//! See docs/matching.md.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// What one word says about the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// An ordinary word: part of an artist or album name, or unknown seller text.
    Plain,
    /// A stop word (`the`, `of`, `and`, `&`…): names differ by it without being different records.
    Soft,
    /// Format, grade, pressing, origin or shipping words (`LP`, `180g`, `sealed`, `reissue`,
    /// `Japan`, `1st`): never part of what tells records apart in a seller's title.
    Noise,
    /// A four-digit year (1900–2039).
    Year,
    /// Looks like a catalogue number (`CS 8163`'s `8163`, `PCS7088`).
    CatalogueLike,
    /// A size such as `12"` or `7 inch`: a format, whatever the number.
    Size,
    /// A word that makes a different record of the same name: `live`, `vol`, `part`, `remix`,
    /// roman numerals.
    Marker,
    /// Any other number (`No. 17`, `Vol. 2`'s `2`): records differing by it are different.
    Number,
}

impl WordClass {
    /// Harmless when a seller's title has it and the record does not.
    pub fn is_ignorable(self) -> bool {
        matches!(
            self,
            WordClass::Soft | WordClass::Noise | WordClass::Year | WordClass::CatalogueLike | WordClass::Size
        )
    }

    /// Names a different record when a seller's title has it and the record does not.
    pub fn is_distinguishing(self) -> bool {
        matches!(self, WordClass::Marker | WordClass::Number)
    }
}

/// The words of one title: one folded buffer and the span and class of each word.
#[derive(Debug, Clone, Default)]
pub struct Words {
    text: String,
    spans: Vec<Span>,
}

/// One word: where it is in the folded buffer, its class, and what stands before it.
#[derive(Debug, Clone)]
struct Span {
    range: Range<u32>,
    class: WordClass,
    /// It follows a separator (a spaced dash, bracket, comma, slash…): it does not continue the
    /// name before it.
    breaks_before: bool,
    /// It stands inside brackets.
    bracketed: bool,
    /// It is joined to the word before it by a hyphen (`A-77`, `Trans-Europa`).
    hyphenated: bool,
}

impl Words {
    /// Folds and splits `s`, then classifies every word with its neighbours as context.
    pub fn parse(s: &str) -> Self {
        let mut words = Words { text: String::with_capacity(s.len() + 8), spans: Vec::with_capacity(16) };
        let folded;
        let s = if s.is_ascii() {
            s
        } else {
            folded = deunicode::deunicode(s);
            folded.as_str()
        };
        if s.contains('/') {
            words.split(&various_spelled_out(s));
        } else {
            words.split(s);
        }
        words.classify();
        words
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn text(&self, i: usize) -> &str {
        let r = &self.spans[i].range;
        &self.text[r.start as usize..r.end as usize]
    }

    pub fn class(&self, i: usize) -> WordClass {
        self.spans[i].class
    }

    /// Word i stands inside `(…)` or `[…]`.
    pub fn bracketed(&self, i: usize) -> bool {
        self.spans.get(i).is_some_and(|s| s.bracketed)
    }

    /// A separator stands between word i and the word before it.
    pub fn breaks_before(&self, i: usize) -> bool {
        self.spans.get(i).is_none_or(|s| s.breaks_before)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, WordClass)> + '_ {
        (0..self.len()).map(|i| (self.text(i), self.class(i)))
    }

    /// Splits folded ASCII into words. `'` inside a word joins (`don't` → `dont`), `&` is the word
    /// `and`, and a `"` right after a number marks a size (`12"`).
    fn split(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut start: Option<(usize, bool, bool, bool)> = None;
        let mut quoted_sizes: Vec<usize> = Vec::new();
        let mut broken = true;
        let mut hyphen = false;
        let mut depth = 0u32;
        for (i, &b) in bytes.iter().enumerate() {
            let c = b.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                if start.is_none() {
                    start = Some((self.text.len(), broken, depth > 0, hyphen));
                    broken = false;
                    hyphen = false;
                }
                self.text.push(char::from(c));
                continue;
            }
            match c {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            let spaced = |j: Option<usize>| j.and_then(|j| bytes.get(j)).is_none_or(u8::is_ascii_whitespace);
            let spaced_dash = c == b'-' && (spaced(i.checked_sub(1)) || spaced(Some(i + 1)));
            if matches!(c, b'(' | b')' | b'[' | b']' | b',' | b':' | b';' | b'|' | b'/' | b'+' | b'*' | b'~')
                || spaced_dash
            {
                broken = true;
            }
            hyphen = c == b'-' && !spaced_dash;
            let joins = c == b'\'' && start.is_some() && bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
            if joins {
                continue;
            }
            if let Some((st, b, br, h)) = start.take() {
                self.push_word(st, b, br, h);
                if c == b'"' {
                    quoted_sizes.push(self.spans.len() - 1);
                }
            }
            if c == b'&' {
                let st = self.text.len();
                self.text.push_str("and");
                self.push_word(st, broken, depth > 0, false);
            }
        }
        if let Some((st, b, br, h)) = start {
            self.push_word(st, b, br, h);
        }
        for i in quoted_sizes {
            if self.text(i).bytes().all(|b| b.is_ascii_digit()) {
                self.spans[i].class = WordClass::Size;
            }
        }
    }

    /// Ends the word that starts at `start` in the buffer, canonicalising spelling variants.
    fn push_word(&mut self, start: usize, breaks_before: bool, bracketed: bool, hyphenated: bool) {
        let canonical = canonical(&self.text[start..]);
        if let Some(c) = canonical {
            self.text.truncate(start);
            self.text.push_str(c);
        }
        let end = self.text.len();
        self.text.push(' ');
        // Titles are short (eBay: 80 characters); u32 offsets keep the spans small.
        let range = u32::try_from(start).unwrap_or(u32::MAX)..u32::try_from(end).unwrap_or(u32::MAX);
        self.spans.push(Span { range, class: WordClass::Plain, breaks_before, bracketed, hyphenated });
    }

    fn classify(&mut self) {
        for i in 0..self.spans.len() {
            if self.spans[i].class == WordClass::Size {
                continue;
            }
            let class = {
                let prev = i.checked_sub(1).map(|p| self.text(p));
                let next = (i + 1 < self.spans.len()).then(|| self.text(i + 1));
                classify_word(self.text(i), prev, next)
            };
            // `A-77`: letters hyphenated to a number make a catalogue number, however short.
            let hyphenated_catalogue = class == WordClass::Number
                && self.spans[i].hyphenated
                && i > 0
                && is_letters(self.text(i - 1))
                && self.text(i - 1).len() <= 4;
            let class = if hyphenated_catalogue { WordClass::CatalogueLike } else { class };
            self.spans[i].class = class;
            // `CS 8163`: the letters before a catalogue number belong to it.
            if class == WordClass::CatalogueLike && is_digits(self.text(i)) && i > 0 {
                self.spans[i - 1].class = WordClass::CatalogueLike;
            }
        }
    }
}

/// `V/A` → `various` (a slash otherwise separates words).
fn various_spelled_out(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let boundary_after = bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        if boundary_before
            && boundary_after
            && bytes.len() >= i + 3
            && bytes[i].eq_ignore_ascii_case(&b'v')
            && bytes[i + 1] == b'/'
            && bytes[i + 2].eq_ignore_ascii_case(&b'a')
        {
            out.push_str("various");
            i += 3;
        } else {
            out.push(char::from(bytes[i]));
            i += 1;
        }
    }
    out
}

/// Spelling variants that mean the same word.
fn canonical(word: &str) -> Option<&'static str> {
    Some(match word {
        "volume" | "vols" | "volumes" => "vol",
        "pt" | "pts" => "part",
        "ii" => "2",
        "iii" => "3",
        "iv" => "4",
        "vi" => "6",
        "vii" => "7",
        "viii" => "8",
        "ix" => "9",
        "featuring" | "ft" => "feat",
        "va" => "various",
        _ => return None,
    })
}

/// Stop words (as `text::STOP_WORDS`, plus the feat of a guest artist).
pub const SOFT_WORDS: &[&str] =
    &["the", "a", "an", "and", "or", "but", "in", "on", "at", "to", "for", "of", "with", "by", "w", "feat"];

/// Words an artist name may lose without naming someone else ("Miles Harlow Quartet" → "Miles
/// Harlow"): ensemble words.
pub const ENSEMBLE_WORDS: &[&str] =
    &["quartet", "quintet", "trio", "sextet", "septet", "octet", "orchestra", "ensemble", "his", "her", "their"];

/// Format, grade, pressing, origin and shipping words sellers add to titles.
const NOISE_WORDS: &[&str] = &[
    // formats
    "lp",
    "lps",
    "ep",
    "vinyl",
    "vinyls",
    "vinly",
    "vynil",
    "record",
    "records",
    "album",
    "albums",
    "disc",
    "discs",
    "single",
    "singles",
    "inch",
    "inches",
    "rpm",
    "gatefold",
    "gf",
    "sleeve",
    "sleeves",
    "jacket",
    "insert",
    "inserts",
    "inner",
    "innersleeve",
    "obi",
    "poster",
    "booklet",
    "lyric",
    "lyrics",
    "sheet",
    "shrink",
    "shrinkwrap",
    "hype",
    "sticker",
    "stickers",
    "cd",
    "cassette",
    "box",
    "set",
    "boxset",
    "2lp",
    "2xlp",
    // grades and condition
    "new",
    "sealed",
    "mint",
    "nm",
    "m",
    "ex",
    "exc",
    "excellent",
    "vg",
    "vgc",
    "vgplus",
    "g",
    "good",
    "fair",
    "poor",
    "near",
    "used",
    "unplayed",
    "played",
    "tested",
    "play",
    "clean",
    "nice",
    "great",
    "rare",
    "htf",
    "oop",
    "wow",
    "look",
    "l",
    "k",
    "factory",
    "still",
    "brand",
    "unopened",
    "minty",
    "condition",
    "cond",
    "plays",
    "sounds",
    "nr",
    "preowned",
    "pre",
    "owned",
    "very",
    "excellent",
    "shrinkwrapped",
    // pressing and edition
    "original",
    "orig",
    "og",
    "first",
    "press",
    "pressing",
    "pressed",
    "pressings",
    "issue",
    "reissue",
    "reissued",
    "repress",
    "repressed",
    "re",
    "rp",
    "rm",
    "remastered",
    "remaster",
    "remastering",
    "mastered",
    "deluxe",
    "edition",
    "ed",
    "limited",
    "ltd",
    "numbered",
    "anniversary",
    "expanded",
    "special",
    "import",
    "imported",
    "promo",
    "promotional",
    "stereo",
    "mono",
    "quad",
    "quadraphonic",
    "audiophile",
    "heavyweight",
    "weight",
    "gram",
    "grams",
    "gr",
    "gm",
    "colored",
    "coloured",
    "color",
    "colour",
    "splatter",
    "marbled",
    "translucent",
    "version",
    // origin
    "japan",
    "japanese",
    "uk",
    "us",
    "usa",
    "german",
    "germany",
    "eu",
    "europe",
    "european",
    "france",
    "french",
    "canada",
    "canadian",
    "italy",
    "italian",
    "dutch",
    "holland",
    "australia",
    "australian",
    // selling
    "free",
    "shipping",
    "ship",
    "ships",
    "fast",
    "combined",
    "combine",
    "postage",
    "lot",
    "reserve",
    "no",
];

/// Words that make a different record of the same name.
const MARKER_WORDS: &[&str] = &[
    "live",
    "vol",
    "part",
    "remix",
    "remixes",
    "remixed",
    "acoustic",
    "unplugged",
    "demo",
    "demos",
    "instrumental",
    "instrumentals",
    "dub",
    "tribute",
    "greatest",
    "hits",
    "best",
    "anthology",
    "karaoke",
];

/// Words right before a number that make it an ordinal of the record, not a catalogue number.
const NUMBERING_WORDS: &[&str] = &["no", "nr", "vol", "part", "op", "chapter", "ch", "side", "track", "book", "mk"];

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_letters(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `180g`, `2lp`, `2xlp`, `1st`, `45rpm`, `12in`: a number glued to a format word.
fn is_glued_format(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits == word.len() {
        return false;
    }
    matches!(
        &word[digits..],
        "g" | "gm"
            | "gr"
            | "gram"
            | "grams"
            | "lp"
            | "lps"
            | "xlp"
            | "xlps"
            | "x"
            | "cd"
            | "st"
            | "nd"
            | "rd"
            | "th"
            | "rpm"
            | "in"
            | "inch"
    )
}

/// Letters then at least two digits (`pcs7088`, `sbx0017`), or digits then letters then digits.
fn is_glued_catalogue(word: &str) -> bool {
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
    digits >= 2 && letters >= 1 && word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
}

/// The class of one folded word, given its neighbours.
pub fn classify_word(word: &str, prev: Option<&str>, next: Option<&str>) -> WordClass {
    if is_digits(word) {
        if word.len() == 4 && matches!(word.parse::<u32>(), Ok(1900..=2039)) {
            return WordClass::Year;
        }
        // `Vol. 1 LP`: a number after a numbering word is the record's, whatever follows.
        if prev.is_some_and(|p| NUMBERING_WORDS.contains(&p)) {
            return WordClass::Number;
        }
        if let Some(n) = next {
            let small = word.len() <= 3;
            if small && matches!(n, "g" | "gm" | "gr" | "gram" | "grams" | "rpm") {
                return WordClass::Noise;
            }
            if word.len() == 1 && matches!(n, "lp" | "lps" | "x" | "xlp" | "cd" | "disc" | "discs" | "records") {
                return WordClass::Noise;
            }
            if matches!(word, "7" | "10" | "12") && matches!(n, "inch" | "in" | "vinyl" | "single" | "ep" | "lp") {
                return WordClass::Size;
            }
        }
        let numbering = prev.is_some_and(|p| NUMBERING_WORDS.contains(&p));
        let catalogue_prefix = prev.is_some_and(|p| is_letters(p) && p.len() <= 4);
        if word.len() >= 3 && catalogue_prefix && !numbering {
            return WordClass::CatalogueLike;
        }
        return WordClass::Number;
    }
    if is_glued_format(word) {
        return WordClass::Noise;
    }
    if is_glued_catalogue(word) {
        return WordClass::CatalogueLike;
    }
    VOCABULARY.get(word).copied().unwrap_or(WordClass::Plain)
}

/// The classes of the stop, marker and seller words: one hash lookup per word instead of scanning
/// the lists (titles are classified word by word, tens of thousands per search).
static VOCABULARY: LazyLock<HashMap<&'static str, WordClass>> = LazyLock::new(|| {
    let mut vocabulary = HashMap::with_capacity(NOISE_WORDS.len() + MARKER_WORDS.len() + SOFT_WORDS.len());
    // Later lists win: a stop word is never noise, a marker never noise.
    for (list, class) in
        [(NOISE_WORDS, WordClass::Noise), (MARKER_WORDS, WordClass::Marker), (SOFT_WORDS, WordClass::Soft)]
    {
        for w in list {
            vocabulary.insert(*w, class);
        }
    }
    vocabulary
});

/// The catalogue number in the form titles are compared in: letters and digits only, lower-case
/// (`CS-8163`, `cs 8163` → `cs8163`). `None` when too short or without a digit to be evidence.
pub fn compact_catalogue(catno: &str) -> Option<String> {
    let folded: String = if catno.is_ascii() { catno.to_string() } else { deunicode::deunicode(catno) };
    let compact: String =
        folded.bytes().filter(u8::is_ascii_alphanumeric).map(|b| char::from(b.to_ascii_lowercase())).collect();
    let digits = compact.bytes().filter(u8::is_ascii_digit).count();
    let has_letter = compact.bytes().any(|b| b.is_ascii_alphabetic());
    // A bare number is evidence only when long: `1969` or `12` could be anything in a title.
    (digits >= 2 && (compact.len() >= 5 || (has_letter && compact.len() >= 3))).then_some(compact)
}

/// The part of a seller's title that names the record, for display: the words before the
/// first run of format/grade words at the end, brackets and their contents removed.
/// `"MILES DAVIS - Kind Of Blue (Remastered) 180g LP"` → `"MILES DAVIS - Kind Of Blue"`.
pub fn display_name(title: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut depth = 0usize;
    for raw in title.split_whitespace() {
        let opens = raw.matches(['(', '[']).count();
        let closes = raw.matches([')', ']']).count();
        if depth > 0 || opens > 0 {
            depth = (depth + opens).saturating_sub(closes);
            continue;
        }
        kept.push(raw);
    }
    // Cut trailing words that carry no name (formats, grades, years, catalogue numbers).
    while let Some(last) = kept.last() {
        let w = Words::parse(last);
        if w.iter().all(|(_, c)| c.is_ignorable()) {
            kept.pop();
        } else {
            break;
        }
    }
    kept.join(" ")
}

/// Splits a seller's title into artist and album at the first dash that stands between words
/// (`-`, `–`, `—`, with spaces around it). `None` without such a dash.
pub fn split_at_dash(title: &str) -> Option<(&str, &str)> {
    for (i, c) in title.char_indices() {
        if matches!(c, '-' | '–' | '—') {
            let before = title[..i].chars().next_back();
            let after = title[i + c.len_utf8()..].chars().next();
            if before.is_some_and(char::is_whitespace) && after.is_some_and(char::is_whitespace) {
                let (a, b) = (title[..i].trim(), title[i + c.len_utf8()..].trim());
                if !a.is_empty() && !b.is_empty() {
                    return Some((a, b));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(String, WordClass)> {
        Words::parse(s).iter().map(|(w, c)| (w.to_string(), c)).collect()
    }

    fn texts(s: &str) -> Vec<String> {
        Words::parse(s).iter().map(|(w, _)| w.to_string()).collect()
    }

    #[test]
    fn folds_case_dashes_punctuation_and_diacritics() {
        assert_eq!(texts("MILES DAVIS – Kind Of Blue"), ["miles", "davis", "kind", "of", "blue"]);
        assert_eq!(texts("Sigur Rós—Ágætis byrjun"), ["sigur", "ros", "agaetis", "byrjun"]);
        assert_eq!(texts("Don't Stop / Rock'n'Roll!"), ["dont", "stop", "rocknroll"]);
        assert_eq!(texts("Simon & Garfunkel"), ["simon", "and", "garfunkel"]);
        assert_eq!(texts("Vol. II"), ["vol", "2"]);
        assert_eq!(texts("Volume 2"), ["vol", "2"]);
    }

    #[test]
    fn classifies_seller_words() {
        use WordClass::*;
        let got = words("Kind Of Blue 180g Vinyl LP 1959 NEW SEALED Columbia CS 8163 12\" Live Vol. 2");
        let classes: Vec<WordClass> = got.iter().map(|(_, c)| *c).collect();
        assert_eq!(
            classes,
            [
                Plain,
                Soft,
                Plain,
                Noise,
                Noise,
                Noise,
                Year,
                Noise,
                Noise,
                Plain,
                CatalogueLike,
                CatalogueLike,
                Size,
                Marker,
                Marker,
                Number
            ]
        );
        assert_eq!(words("Remastered 180 Gram")[1].1, Noise);
        assert_eq!(words("2 LP set")[0].1, Noise);
        assert_eq!(words("2xLP")[0].1, Noise);
        assert_eq!(words("1st press")[0].1, Noise);
        assert_eq!(words("PCS7088")[0].1, CatalogueLike);
        assert_eq!(words("SBX-0017")[1].1, CatalogueLike);
        assert_eq!(words("Impulse A-77 Mono")[2].1, CatalogueLike);
        assert_eq!(words("Side A 77")[2].1, Number, "not hyphenated");
        assert_eq!(words("Archive Pressing No. 17")[3].1, Number, "an ordinal, not a catalogue number");
        assert_eq!(words("No. 170")[1].1, Number);
        assert_eq!(words("Vol. 1 LP")[1].1, Number);
        assert_eq!(words("12 inch")[0].1, Size);
    }

    #[test]
    fn catalogue_numbers_compare_compactly() {
        assert_eq!(compact_catalogue("CS 8163").as_deref(), Some("cs8163"));
        assert_eq!(compact_catalogue("cs-8163").as_deref(), Some("cs8163"));
        assert_eq!(compact_catalogue("A-77").as_deref(), Some("a77"));
        assert_eq!(compact_catalogue("LP 1"), None, "too short to be evidence");
        assert_eq!(compact_catalogue("1969"), None, "a bare four-digit number could be a year");
        assert_eq!(compact_catalogue("none"), None);
    }

    #[test]
    fn display_names_drop_the_sellers_words() {
        assert_eq!(display_name("MILES DAVIS - Kind Of Blue (Remastered) 180g LP"), "MILES DAVIS - Kind Of Blue");
        assert_eq!(display_name("Various - Blue Train"), "Various - Blue Train");
        assert_eq!(display_name("Kind of Blue LP NEW SEALED 1959"), "Kind of Blue");
    }

    #[test]
    fn dash_split_needs_spaces() {
        assert_eq!(split_at_dash("Jay-Z - The Blueprint"), Some(("Jay-Z", "The Blueprint")));
        assert_eq!(split_at_dash("Sigur Rós – Ágætis byrjun"), Some(("Sigur Rós", "Ágætis byrjun")));
        assert_eq!(split_at_dash("Trans-Europa Express"), None);
    }

    #[test]
    fn separators_are_remembered() {
        let w = Words::parse("KIND OF BLUE - Columbia (Mono) Trans-Europa");
        let breaks: Vec<bool> = (0..w.len()).map(|i| w.breaks_before(i)).collect();
        assert_eq!(breaks, [true, false, false, true, true, true, false]);
    }
}
