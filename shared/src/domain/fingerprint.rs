//! Canonical-item fingerprint of docs/behaviour.md#fingerprints.

use crate::domain::text::normalize;
use sha2::{Digest, Sha256};

/// `fp(title, artist, year?, catalog?)`: `norm(artist)|norm(title)[|year][|norm(catalog)]`,
/// SHA-256, first 32 lower-case hex characters.
///
/// `year` is appended when non-zero (Python truthiness); `catalog` when its normalisation is
/// non-empty. Upstream also accepted a non-numeric year *string* and hashed it verbatim; the
/// domain types carry years as integers, so such a string simply contributes nothing.
pub fn fingerprint(title: &str, artist: &str, year: Option<i32>, catalog: Option<&str>) -> String {
    fingerprint_normalized(&normalize(title), &normalize(artist), year, catalog.map(normalize).as_deref())
}

/// [`fingerprint`] from already-normalised parts (the matcher normalises once per listing and
/// reuses the strings for the similarity scores).
pub fn fingerprint_normalized(
    norm_title: &str,
    norm_artist: &str,
    year: Option<i32>,
    norm_catalog: Option<&str>,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(norm_artist.as_bytes());
    hasher.update(b"|");
    hasher.update(norm_title.as_bytes());
    if let Some(y) = year.filter(|y| *y != 0) {
        hasher.update(b"|");
        hasher.update(y.to_string().as_bytes());
    }
    if let Some(c) = norm_catalog.filter(|c| !c.is_empty()) {
        hasher.update(b"|");
        hasher.update(c.as_bytes());
    }
    let digest = hasher.finalize();
    hex_prefix(&digest[..16])
}

fn hex_prefix(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/behaviour.md#fingerprints vectors.
    #[test]
    fn spec_vectors() {
        assert_eq!(
            fingerprint("Abbey Road", "The Beatles", Some(1969), Some("PCS 7088")),
            "52ea4cfcbf68de706b539172b5ff9d5b"
        );
        assert_eq!(fingerprint("Abbey Road", "The Beatles", None, None), "7cd4bf923a77c3eba6cb71a7fb9e089e");
    }

    #[test]
    fn zero_year_and_empty_catalog_are_skipped() {
        let plain = fingerprint("Abbey Road", "The Beatles", None, None);
        assert_eq!(fingerprint("Abbey Road", "The Beatles", Some(0), Some("")), plain);
        assert_eq!(fingerprint("Abbey Road", "The Beatles", None, Some("--")), plain);
        assert_ne!(fingerprint("Abbey Road", "The Beatles", Some(1969), None), plain);
    }

    #[test]
    fn ignores_case_punctuation_and_stop_words() {
        assert_eq!(
            fingerprint("ABBEY ROAD!", "Beatles, The", None, None),
            fingerprint("Abbey Road", "The Beatles", None, None)
        );
        assert_eq!(fingerprint("x", "y", None, None).len(), 32);
    }
}
