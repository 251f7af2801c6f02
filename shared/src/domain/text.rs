//! Text normalisation `norm(s)` of docs/behaviour.md#text-normalisation, shared by fingerprints and similarity.

/// Words dropped by [`normalize`] (docs/behaviour.md#text-normalisation step 4).
pub const STOP_WORDS: [&str; 14] =
    ["the", "a", "an", "and", "or", "but", "in", "on", "at", "to", "for", "of", "with", "by"];

/// Python's `\w` for `str` patterns: a Unicode letter or digit, or `_`.
///
/// Rust's `char::is_alphanumeric` equals Python's `str.isalnum()` for letters and digits; the one
/// known difference is a few combining marks with the `Other_Alphabetic` property (e.g. Devanagari
/// vowel signs), which Rust counts as letters and Python does not. Titles in precomposed form
/// (NFC, what both marketplaces send) are unaffected.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// docs/behaviour.md#text-normalisation: lower-case, turn every non-word character into a separator, split on whitespace,
/// drop stop words, join with single spaces.
///
/// Steps 2–4 of the rule (collapse whitespace, replace punctuation by spaces, split) are one pass
/// here: the tokens are exactly the maximal runs of word characters, because whitespace and
/// punctuation both end a token. One allocation for the result (plus one for lower-casing when the
/// input is not ASCII).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        push_tokens(s, true, &mut out);
    } else {
        // Full Unicode lower-casing needs the whole string (final sigma, `İ` → `i̇`).
        push_tokens(&s.to_lowercase(), false, &mut out);
    }
    out
}

fn push_tokens(s: &str, ascii: bool, out: &mut String) {
    for token in s.split(|c: char| !is_word_char(c)) {
        if token.is_empty() {
            continue;
        }
        if ascii {
            // Lower-case lazily into the output; compare against stop words without allocating.
            if STOP_WORDS.iter().any(|w| w.eq_ignore_ascii_case(token)) {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(token.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            if STOP_WORDS.contains(&token) {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(token);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/behaviour.md#text-normalisation vectors.
    #[test]
    fn spec_vectors() {
        let cases = [
            ("The Beatles - Abbey Road (Remastered)", "beatles abbey road remastered"),
            ("Led Zeppelin IV (1971) [180g Vinyl]", "led zeppelin iv 1971 180g vinyl"),
            ("Pink Floyd  -  Dark Side of the Moon...", "pink floyd dark side moon"),
            ("Sigur Rós – Ágætis byrjun", "sigur rós ágætis byrjun"),
            ("AC/DC: Back_In_Black!", "ac dc back_in_black"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), expected, "{input}");
        }
    }

    #[test]
    fn empty_and_stop_word_only_inputs() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("   \t\n "), "");
        assert_eq!(normalize("The And Of"), "");
        assert_eq!(normalize("--!!--"), "");
    }

    #[test]
    fn unicode_lowercasing_and_whitespace() {
        assert_eq!(normalize("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");
        assert_eq!(normalize("Björk\u{00a0}Homogenic"), "björk homogenic");
        assert_eq!(normalize("Rock'n'Roll"), "rock n roll");
        assert_eq!(normalize("THE WHO"), "who");
    }
}
