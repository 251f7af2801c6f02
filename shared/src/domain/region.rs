//! Region normalisation `region(location)` of docs/behaviour.md#seller-regions, with the word-boundary fixes of docs/spec-deviations.md.
//!
//! Upstream tests raw substrings, so `Austria`/`Australia`/`Russia`/`Cyprus` contain "US" and
//! become US, `Ukraine` contains "UK", and `United Kingdom` / `EU` fall through to OTH. Here the
//! location is split into alphanumeric tokens and every name must match whole tokens (multi-word
//! names as consecutive tokens). Every case pinned by upstream tests keeps its value; the
//! deliberate differences from the upstream list of docs/behaviour.md#seller-regions are listed in the tests.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Normalised seller/buyer region (docs/behaviour.md#seller-regions), the axis of the shipping table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Region {
    US,
    CA,
    EU,
    UK,
    OTH,
}

impl Region {
    pub const ALL: [Region; 5] = [Region::US, Region::CA, Region::EU, Region::UK, Region::OTH];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::US => "US",
            Region::CA => "CA",
            Region::EU => "EU",
            Region::UK => "UK",
            Region::OTH => "OTH",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// US state codes of the upstream regex `(, (AZ|CA|…))(\s|$)`.
const US_STATES: [&str; 20] = [
    "AZ", "CA", "CO", "FL", "GA", "IL", "MA", "MD", "MI", "MN", "NC", "NJ", "NY", "OH", "OR", "PA", "TX", "VA", "WA",
    "WI",
];
const US_NAMES: &[&[&str]] = &[&["US"], &["USA"], &["UNITED", "STATES"], &["AMERICA"], &["U", "S", "A"], &["U", "S"]];
const CA_NAMES: &[&[&str]] = &[&["CANADA"], &["CANADIAN"], &["ONTARIO"], &["QUEBEC"], &["BRITISH", "COLUMBIA"]];
/// `UNITED KINGDOM` and `NORTHERN IRELAND` are additions (the first fixes a misclassification of the original; docs/spec-deviations.md).
const UK_NAMES: &[&[&str]] = &[
    &["UK"],
    &["GB"],
    &["BRITAIN"],
    &["ENGLAND"],
    &["SCOTLAND"],
    &["WALES"],
    &["UNITED", "KINGDOM"],
    &["NORTHERN", "IRELAND"],
];
/// Upstream's list, plus `EU` itself (the preference value `EU` must mean EU; docs/spec-deviations.md) and the
/// EU members upstream forgot (Cyprus would otherwise drop from "US" to OTH).
const EU_NAMES: &[&[&str]] = &[
    &["EU"],
    &["EUROPE"],
    &["GERMANY"],
    &["FRANCE"],
    &["ITALY"],
    &["SPAIN"],
    &["NETHERLANDS"],
    &["BELGIUM"],
    &["AUSTRIA"],
    &["SWEDEN"],
    &["DENMARK"],
    &["NORWAY"],
    &["FINLAND"],
    &["POLAND"],
    &["CZECH"],
    &["CZECHIA"],
    &["HUNGARY"],
    &["PORTUGAL"],
    &["IRELAND"],
    &["GREECE"],
    &["SWITZERLAND"],
    &["LUXEMBOURG"],
    &["CYPRUS"],
    &["MALTA"],
    &["ESTONIA"],
    &["LATVIA"],
    &["LITHUANIA"],
    &["SLOVAKIA"],
    &["SLOVENIA"],
    &["CROATIA"],
    &["ROMANIA"],
    &["BULGARIA"],
];
/// Place names that contain a listed token but are elsewhere.
const NOT_UK: &[&[&str]] = &[&["NEW", "SOUTH", "WALES"]];

/// docs/behaviour.md#seller-regions, docs/spec-deviations.md. Order of tests as upstream: empty → OTH; `, <state>` → US; then US, CA, UK,
/// EU names; else OTH. One addition: a location that is *only* a two-letter ISO 3166 code (eBay's
/// `itemLocation.country`, e.g. `DE`, `CA`) maps by country.
pub fn region(location: Option<&str>) -> Region {
    let Some(loc) = location.map(str::trim).filter(|s| !s.is_empty()) else {
        return Region::OTH;
    };
    let upper = loc.to_uppercase();
    if has_us_state_suffix(&upper) {
        return Region::US;
    }
    if let Some(r) = iso_country(&upper) {
        return r;
    }
    let tokens: Vec<&str> = upper.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    let has = |names: &[&[&str]]| names.iter().any(|n| tokens.windows(n.len()).any(|w| w == *n));
    if has(US_NAMES) {
        Region::US
    } else if has(CA_NAMES) {
        Region::CA
    } else if has(UK_NAMES) && !has(NOT_UK) {
        Region::UK
    } else if has(EU_NAMES) {
        Region::EU
    } else {
        Region::OTH
    }
}

/// Upstream regex `(, (AZ|CA|…))(\s|$)` on the upper-cased text.
fn has_us_state_suffix(upper: &str) -> bool {
    upper.match_indices(", ").any(|(i, _)| {
        let rest = &upper[i + 2..];
        rest.get(..2)
            .is_some_and(|code| US_STATES.contains(&code) && rest[2..].chars().next().is_none_or(char::is_whitespace))
    })
}

fn iso_country(upper: &str) -> Option<Region> {
    if upper.len() != 2 || !upper.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(match upper {
        "US" => Region::US,
        "CA" => Region::CA,
        "GB" | "UK" => Region::UK,
        "EU" | "DE" | "FR" | "IT" | "ES" | "NL" | "BE" | "AT" | "SE" | "DK" | "NO" | "FI" | "PL" | "CZ" | "HU"
        | "PT" | "IE" | "GR" | "CH" | "LU" | "CY" | "MT" | "EE" | "LV" | "LT" | "SK" | "SI" | "HR" | "RO" | "BG" => {
            Region::EU
        }
        _ => Region::OTH,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases pinned by upstream tests (docs/behaviour.md#seller-regions): must never change.
    #[test]
    fn pinned_cases() {
        let cases = [
            (Some("Los Angeles, CA"), Region::US),
            (Some("London, UK"), Region::UK),
            (Some("Toronto, Canada"), Region::CA),
            (Some("Berlin, Germany"), Region::EU),
            (Some("Tokyo, Japan"), Region::OTH),
            (None, Region::OTH),
            (Some("Random Location"), Region::OTH),
            (Some("Boston, MA"), Region::US),
            (Some("ANY"), Region::OTH),
        ];
        for (loc, r) in cases {
            assert_eq!(region(loc), r, "{loc:?}");
        }
    }

    /// docs/behaviour.md#seller-regions region list. Entries marked DEVIATION differ from upstream on purpose:
    /// they are the misclassifications docs/behaviour.md#seller-regions and docs/spec-deviations.md name.
    #[test]
    fn appendix_c_with_rec_fixes() {
        let cases = [
            ("Los Angeles, CA", Region::US),
            ("Portland, OR", Region::US),
            ("Chicago, IL", Region::US),
            ("New York, NY", Region::US),
            ("United States", Region::US),
            ("USA", Region::US),
            ("Austria", Region::EU), // DEVIATION: upstream US ("AUSTRIA" contains "US"); Austria is listed as EU.
            ("Australia", Region::OTH), // DEVIATION: upstream US (substring "US").
            ("Russia", Region::OTH), // DEVIATION: upstream US (substring "US").
            ("Cyprus", Region::EU),  // DEVIATION: upstream US (substring "US"); Cyprus is an EU member (added).
            ("London, UK", Region::UK),
            ("Ukraine", Region::OTH),       // DEVIATION: upstream UK (substring "UK").
            ("United Kingdom", Region::UK), // DEVIATION: upstream OTH; UNITED KINGDOM → UK (docs/spec-deviations.md).
            ("Toronto, Canada", Region::CA),
            ("Vancouver, British Columbia", Region::CA),
            ("Berlin, Germany", Region::EU),
            ("Netherlands", Region::EU),
            ("France", Region::EU),
            ("Tokyo, Japan", Region::OTH),
            ("Japan", Region::OTH),
            ("EU", Region::EU), // DEVIATION: upstream OTH; EU → EU (docs/spec-deviations.md).
            ("ANY", Region::OTH),
            ("US", Region::US),
            ("UK", Region::UK),
            ("CA", Region::CA), // DEVIATION: upstream OTH; a bare two-letter ISO code (eBay itemLocation.country) is Canada.
            ("", Region::OTH),
        ];
        for (loc, r) in cases {
            assert_eq!(region(Some(loc)), r, "{loc:?}");
        }
    }

    #[test]
    fn word_boundaries_and_iso_codes() {
        assert_eq!(region(Some("Chicago, IL")), Region::US);
        assert_eq!(region(Some("Vancouver, WA 98660")), Region::US);
        assert_eq!(region(Some("Casablanca, CAN")), Region::OTH); // ", CA" must end at whitespace/end
        assert_eq!(region(Some("Belfast, Northern Ireland")), Region::UK);
        assert_eq!(region(Some("Sydney, New South Wales, Australia")), Region::OTH);
        assert_eq!(region(Some("Musterstadt")), Region::OTH); // contains "US" as a substring only
        assert_eq!(region(Some("DE")), Region::EU);
        assert_eq!(region(Some("gb")), Region::UK);
        assert_eq!(region(Some("JP")), Region::OTH);
        assert_eq!(region(Some("  ")), Region::OTH);
        assert_eq!(region(Some("U.S.A.")), Region::US);
        assert_eq!(region(Some("Wien, Österreich")), Region::OTH);
    }
}
