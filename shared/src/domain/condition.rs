//! Record and sleeve condition grades (docs/behaviour.md#condition-grades) as an ordered type, and the minimum-condition
//! keep/drop rule of docs/behaviour.md#condition-grades, docs/spec-deviations.md.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A condition grade, ordered from worst to best so `grade >= minimum` is the filter test.
/// Serialized as the short code (`"VG+"`, `"NM"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    #[serde(rename = "P")]
    Poor,
    #[serde(rename = "F")]
    Fair,
    #[serde(rename = "G")]
    Good,
    #[serde(rename = "G+")]
    GoodPlus,
    #[serde(rename = "VG")]
    VeryGood,
    #[serde(rename = "VG+")]
    VeryGoodPlus,
    #[serde(rename = "EX")]
    Excellent,
    #[serde(rename = "EX+")]
    ExcellentPlus,
    #[serde(rename = "NM")]
    NearMint,
    #[serde(rename = "M")]
    Mint,
}

impl Grade {
    pub const ALL: [Grade; 10] = [
        Grade::Poor,
        Grade::Fair,
        Grade::Good,
        Grade::GoodPlus,
        Grade::VeryGood,
        Grade::VeryGoodPlus,
        Grade::Excellent,
        Grade::ExcellentPlus,
        Grade::NearMint,
        Grade::Mint,
    ];

    /// The rank of the docs/behaviour.md#condition-grades table (Poor = 1 … Mint = 10).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    pub fn short_code(self) -> &'static str {
        match self {
            Grade::Poor => "P",
            Grade::Fair => "F",
            Grade::Good => "G",
            Grade::GoodPlus => "G+",
            Grade::VeryGood => "VG",
            Grade::VeryGoodPlus => "VG+",
            Grade::Excellent => "EX",
            Grade::ExcellentPlus => "EX+",
            Grade::NearMint => "NM",
            Grade::Mint => "M",
        }
    }

    /// Parses every grade string seen in data (docs/behaviour.md#condition-grades): Discogs long forms
    /// (`Near Mint (NM or M-)`), short codes (`VG+`), the §6.2 keys (`NEAR MINT`, `NM/M`) and eBay
    /// condition texts (`Brand New`, `Like New`, `Acceptable`, …). Returns `None` for anything that
    /// carries no grade: `Generic`, `Not Graded`, `No Cover`, eBay `Used` / `Pre-owned`, empty or
    /// unknown text — callers treat `None` as "unknown", never as "bad".
    pub fn parse(text: &str) -> Option<Grade> {
        let upper = text.trim().to_uppercase();
        if upper.is_empty() {
            return None;
        }
        // docs/behaviour.md#condition-grades: "if it contains parentheses use the text inside" — Discogs puts the short code
        // there. Fall back to the outer text for strings like `Very Good (sleeve split)`.
        if let (Some(open), Some(close)) = (upper.find('('), upper.rfind(')'))
            && open < close
        {
            if let Some(g) = Self::lookup(&upper[open + 1..close]) {
                return Some(g);
            }
            return Self::lookup(&upper[..open]);
        }
        Self::lookup(&upper)
    }

    /// Maps eBay's numeric `conditionId` (docs/behaviour.md#condition-grades). Used (3000) and the "for parts" id carry no
    /// record grade.
    pub fn from_ebay_condition_id(id: u32) -> Option<Grade> {
        match id {
            1000 | 1500 => Some(Grade::Mint),
            2750 => Some(Grade::NearMint),
            4000 => Some(Grade::VeryGood),
            5000 => Some(Grade::Good),
            6000 => Some(Grade::Fair),
            _ => None,
        }
    }

    /// Looks up one upper-cased key: separators are unified first so `VERY_GOOD_PLUS`,
    /// `Very-Good Plus` and `VERY GOOD+` all resolve.
    fn lookup(key: &str) -> Option<Grade> {
        let mut k = String::with_capacity(key.len());
        for word in key.split(|c: char| c.is_whitespace() || c == '_') {
            if word.is_empty() {
                continue;
            }
            if !k.is_empty() {
                k.push(' ');
            }
            k.push_str(word);
        }
        let k = k.replace(" PLUS", "+").replace(" +", "+");
        let k = k.strip_suffix('.').unwrap_or(&k);
        Some(match k {
            "M" | "MINT" | "NEW" | "BRAND NEW" | "SEALED" => Grade::Mint,
            "NM" | "NEAR MINT" | "NM/M" | "NM OR M-" | "M-" | "NM-" | "MINT-" | "LIKE NEW" => Grade::NearMint,
            "EX+" | "EXCELLENT+" => Grade::ExcellentPlus,
            "EX" | "EXCELLENT" => Grade::Excellent,
            "VG+" | "VERY GOOD+" => Grade::VeryGoodPlus,
            "VG" | "VERY GOOD" => Grade::VeryGood,
            "G+" | "GOOD+" => Grade::GoodPlus,
            "G" | "GOOD" => Grade::Good,
            "F" | "FAIR" | "ACCEPTABLE" => Grade::Fair,
            "P" | "POOR" => Grade::Poor,
            _ => return None,
        })
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short_code())
    }
}

/// Which side of a record failed a minimum-condition filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConditionPart {
    Media,
    Sleeve,
}

/// Why a listing was dropped by [`meets_minimum`]; the caller logs it (docs/behaviour.md#condition-grades: never drop a
/// want-list item silently), which a pure function cannot do itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{part:?} grade {actual} is below the minimum {minimum}")]
pub struct BelowMinimum {
    pub part: ConditionPart,
    pub actual: Grade,
    pub minimum: Grade,
}

/// docs/behaviour.md#condition-grades and docs/spec-deviations.md keep/drop rule: keep a listing when its media grade is unknown or at least
/// `min_media`, **and** its sleeve grade is unknown (including Generic / Not Graded / No Cover) or
/// at least `min_sleeve`. A missing minimum never drops anything. Unknown grades are kept on
/// purpose: eBay's `Used` or an ungraded sleeve says nothing bad about the record.
pub fn meets_minimum(
    media: Option<Grade>,
    sleeve: Option<Grade>,
    min_media: Option<Grade>,
    min_sleeve: Option<Grade>,
) -> Result<(), BelowMinimum> {
    let check = |part, actual: Option<Grade>, minimum: Option<Grade>| match (actual, minimum) {
        (Some(actual), Some(minimum)) if actual < minimum => Err(BelowMinimum { part, actual, minimum }),
        _ => Ok(()),
    };
    check(ConditionPart::Media, media, min_media)?;
    check(ConditionPart::Sleeve, sleeve, min_sleeve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_worst_to_best() {
        assert!(Grade::Poor < Grade::Fair);
        assert!(Grade::VeryGood < Grade::VeryGoodPlus);
        assert!(Grade::ExcellentPlus < Grade::NearMint);
        assert!(Grade::NearMint < Grade::Mint);
        let ranks: Vec<u8> = Grade::ALL.iter().map(|g| g.rank()).collect();
        assert_eq!(ranks, (1..=10).collect::<Vec<_>>());
    }

    #[test]
    fn parses_discogs_long_forms() {
        let cases = [
            ("Mint (M)", Grade::Mint),
            ("Near Mint (NM or M-)", Grade::NearMint),
            ("Very Good Plus (VG+)", Grade::VeryGoodPlus),
            ("Very Good (VG)", Grade::VeryGood),
            ("Good Plus (G+)", Grade::GoodPlus),
            ("Good (G)", Grade::Good),
            ("Fair (F)", Grade::Fair),
            ("Poor (P)", Grade::Poor),
        ];
        for (s, g) in cases {
            assert_eq!(Grade::parse(s), Some(g), "{s}");
        }
    }

    #[test]
    fn parses_short_codes_and_rank_table_keys() {
        let cases = [
            ("M", Grade::Mint),
            ("MINT", Grade::Mint),
            ("NM", Grade::NearMint),
            ("NEAR MINT", Grade::NearMint),
            ("NM/M", Grade::NearMint),
            ("M-", Grade::NearMint),
            ("EX+", Grade::ExcellentPlus),
            ("EXCELLENT PLUS", Grade::ExcellentPlus),
            ("EX", Grade::Excellent),
            ("EXCELLENT", Grade::Excellent),
            ("VG+", Grade::VeryGoodPlus),
            ("VERY GOOD PLUS", Grade::VeryGoodPlus),
            ("vg", Grade::VeryGood),
            ("VERY GOOD", Grade::VeryGood),
            ("G+", Grade::GoodPlus),
            ("GOOD PLUS", Grade::GoodPlus),
            ("G", Grade::Good),
            ("GOOD", Grade::Good),
            ("F", Grade::Fair),
            ("FAIR", Grade::Fair),
            ("P", Grade::Poor),
            ("POOR", Grade::Poor),
            ("VERY_GOOD_PLUS", Grade::VeryGoodPlus),
            ("  vg +  ", Grade::VeryGoodPlus),
        ];
        for (s, g) in cases {
            assert_eq!(Grade::parse(s), Some(g), "{s}");
        }
    }

    #[test]
    fn parses_ebay_strings() {
        let cases = [
            ("New", Some(Grade::Mint)),
            ("Brand New", Some(Grade::Mint)),
            ("Like New", Some(Grade::NearMint)),
            ("Very Good", Some(Grade::VeryGood)),
            ("Good", Some(Grade::Good)),
            ("Acceptable", Some(Grade::Fair)),
            ("Used", None),
            ("Pre-owned", None),
        ];
        for (s, g) in cases {
            assert_eq!(Grade::parse(s), g, "{s}");
        }
        assert_eq!(Grade::from_ebay_condition_id(1000), Some(Grade::Mint));
        assert_eq!(Grade::from_ebay_condition_id(3000), None);
    }

    #[test]
    fn non_grades_are_unknown() {
        for s in ["Generic", "Not Graded", "No Cover", "", "   ", "scratched", "(", "()"] {
            assert_eq!(Grade::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn serializes_as_short_code() {
        assert_eq!(serde_json::to_string(&Grade::VeryGoodPlus).unwrap(), "\"VG+\"");
        let g: Grade = serde_json::from_str("\"NM\"").unwrap();
        assert_eq!(g, Grade::NearMint);
        for g in Grade::ALL {
            assert_eq!(Grade::parse(g.short_code()), Some(g));
        }
    }

    #[test]
    fn minimum_condition_rule() {
        use Grade::*;
        assert!(meets_minimum(Some(NearMint), Some(VeryGood), Some(VeryGoodPlus), Some(VeryGood)).is_ok());
        assert_eq!(
            meets_minimum(Some(VeryGood), None, Some(VeryGoodPlus), None),
            Err(BelowMinimum { part: ConditionPart::Media, actual: VeryGood, minimum: VeryGoodPlus })
        );
        assert_eq!(
            meets_minimum(Some(Mint), Some(Good), Some(VeryGoodPlus), Some(VeryGood)).unwrap_err().part,
            ConditionPart::Sleeve
        );
        // Unknown grades (Generic sleeve, eBay "Used") are kept.
        assert!(meets_minimum(None, Grade::parse("Generic"), Some(Mint), Some(Mint)).is_ok());
        // No minimum, nothing dropped.
        assert!(meets_minimum(Some(Poor), Some(Poor), None, None).is_ok());
    }
}
