//! The marketplaces VinylDigger searches.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A marketplace a listing comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Discogs,
    Ebay,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::Discogs, Platform::Ebay];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Discogs => "discogs",
            Platform::Ebay => "ebay",
        }
    }

    /// The marketplace's name as people write it.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Discogs => "Discogs",
            Platform::Ebay => "eBay",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown platform {0:?}")]
pub struct UnknownPlatform(pub String);

impl FromStr for Platform {
    type Err = UnknownPlatform;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "discogs" => Ok(Platform::Discogs),
            "ebay" => Ok(Platform::Ebay),
            _ => Err(UnknownPlatform(s.to_owned())),
        }
    }
}

/// Which marketplaces a saved search covers. Read in any case (`EBAY`, `Both`), as the API
/// always accepted it; written in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SearchPlatform {
    Ebay,
    Discogs,
    Both,
}

impl SearchPlatform {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchPlatform::Ebay => "ebay",
            SearchPlatform::Discogs => "discogs",
            SearchPlatform::Both => "both",
        }
    }

    /// The marketplaces a run of such a search fetches from, in a stable order.
    pub fn platforms(self) -> &'static [Platform] {
        match self {
            SearchPlatform::Ebay => &[Platform::Ebay],
            SearchPlatform::Discogs => &[Platform::Discogs],
            SearchPlatform::Both => &Platform::ALL,
        }
    }
}

impl<'de> Deserialize<'de> for SearchPlatform {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(|_| serde::de::Error::unknown_variant(&text, &["ebay", "discogs", "both"]))
    }
}

impl FromStr for SearchPlatform {
    type Err = UnknownPlatform;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ebay" => Ok(SearchPlatform::Ebay),
            "discogs" => Ok(SearchPlatform::Discogs),
            "both" => Ok(SearchPlatform::Both),
            _ => Err(UnknownPlatform(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_platform_parses_any_case_and_expands() {
        assert_eq!("Both".parse::<SearchPlatform>().unwrap().platforms(), &Platform::ALL);
        assert_eq!("EBAY".parse::<SearchPlatform>().unwrap().platforms(), &[Platform::Ebay]);
        assert!("".parse::<SearchPlatform>().is_err());
        assert!("invalid".parse::<SearchPlatform>().is_err());
        assert_eq!(serde_json::from_str::<SearchPlatform>(r#""Discogs""#).unwrap(), SearchPlatform::Discogs);
        let refused = serde_json::from_str::<SearchPlatform>(r#""vinyl""#).unwrap_err().to_string();
        assert!(refused.starts_with("unknown variant `vinyl`, expected one of `ebay`, `discogs`, `both`"), "{refused}");
    }

    #[test]
    fn platform_round_trips_through_its_string() {
        for p in Platform::ALL {
            assert_eq!(p.as_str().parse::<Platform>().unwrap(), p);
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{p}\""));
        }
    }
}
