//! The two searches as the marketplaces define them: Discogs database search (`q` and the
//! per-field parameters, all words required) and eBay Browse `item_summary/search` (`q` over
//! titles and item specifics, `-word` exclusions, `category_ids`, the `filter` expression, `sort`).

use std::collections::{HashMap, HashSet};

use super::index::{Term, field};
use super::text::words;
use crate::rates::{Currency, Price};

/// What `type` asks for. Without it Discogs mixes every type; the sandbox answers releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchType {
    Release,
    Master,
    /// Artists and labels: the sandbox has none to offer.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscogsQuery {
    pub terms: Vec<Term>,
    pub kind: SearchType,
}

/// Database-search parameters and the fields they search.
const DISCOGS_FIELDS: [(&str, u16); 12] = [
    ("q", field::ANY),
    ("title", field::TITLE | field::ARTIST),
    ("release_title", field::TITLE),
    ("artist", field::ARTIST),
    ("label", field::LABEL),
    ("genre", field::GENRE),
    ("style", field::STYLE),
    ("format", field::FORMAT),
    ("country", field::COUNTRY),
    ("year", field::YEAR),
    ("catno", field::CATNO),
    ("barcode", field::BARCODE),
];

/// The terms of free text: `12"` and `7"` name a record size, so they search formats only.
fn free_text_terms(text: &str, fields: u16) -> Vec<Term> {
    text.split_whitespace()
        .flat_map(|token| match token.strip_suffix(['"', '″']) {
            Some(size) if !size.is_empty() && size.bytes().all(|b| b.is_ascii_digit()) => {
                vec![Term { word: size.to_string(), fields: fields & field::FORMAT }]
            }
            _ => Term::all(token, fields),
        })
        .collect()
}

impl DiscogsQuery {
    pub fn from_params(params: &HashMap<String, String>) -> Self {
        let terms = DISCOGS_FIELDS
            .iter()
            .filter_map(|(name, fields)| params.get(*name).map(|text| free_text_terms(text, *fields)))
            .flatten()
            .collect();
        let kind = match params.get("type").map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            None | Some("" | "release") => SearchType::Release,
            Some("master") => SearchType::Master,
            Some(_) => SearchType::Other,
        };
        Self { terms, kind }
    }
}

/// A title or artist match counts most, then label and catalogue number, then the rest.
pub fn discogs_weight(fields: u16) -> u32 {
    if fields & (field::TITLE | field::ARTIST) != 0 {
        4
    } else if fields & (field::LABEL | field::CATNO) != 0 {
        2
    } else {
        1
    }
}

/// A title match counts more than one in the item specifics.
pub fn ebay_weight(fields: u16) -> u32 {
    if fields & field::TITLE != 0 { 2 } else { 1 }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EbaySort {
    #[default]
    BestMatch,
    /// Price plus shipping, lowest first.
    Price,
    PriceDescending,
    NewlyListed,
}

/// The parts of eBay's `filter` expression the sandbox applies; others are ignored, as eBay
/// ignores filters that do not apply to a category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EbayFilter {
    pub categories: Option<Vec<String>>,
    pub condition_ids: Option<HashSet<String>>,
    pub conditions: Option<HashSet<String>>,
    pub price: Option<(Option<f64>, Option<f64>)>,
    pub price_currency: Option<Currency>,
    pub item_location_country: Option<String>,
    pub buying_options: Option<HashSet<String>>,
    pub delivery_country: Option<String>,
    pub sellers: Option<HashSet<String>>,
    pub exclude_sellers: Option<HashSet<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EbayQuery {
    pub terms: Vec<Term>,
    pub excluded: Vec<String>,
    pub filter: EbayFilter,
    pub sort: EbaySort,
}

/// Why eBay refuses a search (HTTP 400 with these error ids).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EbayQueryError {
    #[error("The call must have a valid 'q', 'category_ids', 'epid' or 'gtin' query parameter.")]
    Missing,
    #[error("The 'filter' value '{0}' is invalid.")]
    Filter(String),
}

impl EbayQueryError {
    pub fn error_id(&self) -> u32 {
        match self {
            EbayQueryError::Missing => 12_001,
            EbayQueryError::Filter(_) => 12_500,
        }
    }
}

/// The `{a|b}` set of a filter value.
fn set(value: &str) -> Option<HashSet<String>> {
    let inner = value.trim().strip_prefix('{')?.strip_suffix('}')?;
    Some(inner.split('|').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect())
}

/// `[10..50]`, `[10]`, `[..50]`.
fn range(value: &str) -> Option<(Option<f64>, Option<f64>)> {
    let inner = value.trim().strip_prefix('[')?.strip_suffix(']')?;
    let bound = |s: &str| -> Option<Option<f64>> {
        let s = s.trim();
        if s.is_empty() { Some(None) } else { s.parse().ok().map(Some) }
    };
    match inner.split_once("..") {
        Some((low, high)) => Some((bound(low)?, bound(high)?)),
        None => Some((bound(inner)?, None)),
    }
}

/// Splits at commas outside `{…}` and `[…]`.
fn parts(filter: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in filter.char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&filter[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&filter[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

impl EbayFilter {
    pub fn parse(filter: &str) -> Result<Self, EbayQueryError> {
        let mut f = EbayFilter::default();
        for part in parts(filter) {
            let bad = || EbayQueryError::Filter(part.to_string());
            let (key, value) = part.split_once(':').ok_or_else(bad)?;
            match key.trim() {
                "categoryIds" => f.categories = Some(set(value).ok_or_else(bad)?.into_iter().collect()),
                "conditionIds" => f.condition_ids = Some(set(value).ok_or_else(bad)?),
                "conditions" => f.conditions = Some(set(value).ok_or_else(bad)?),
                "price" => f.price = Some(range(value).ok_or_else(bad)?),
                "priceCurrency" => f.price_currency = Some(Currency::parse(value).ok_or_else(bad)?),
                "itemLocationCountry" => f.item_location_country = Some(value.trim().to_ascii_uppercase()),
                "buyingOptions" => f.buying_options = Some(set(value).ok_or_else(bad)?),
                "deliveryCountry" => f.delivery_country = Some(value.trim().to_ascii_uppercase()),
                "sellers" => f.sellers = Some(set(value).ok_or_else(bad)?),
                "excludeSellers" => f.exclude_sellers = Some(set(value).ok_or_else(bad)?),
                _ => {}
            }
        }
        Ok(f)
    }

    /// Whether an item's condition id is one `conditionIds` or `conditions` asks for. Given both,
    /// either admits it (VinylDigger sends the grades it maps to ids in one, the others in the other).
    pub fn admits_condition(&self, condition_id: &str) -> bool {
        if self.condition_ids.is_none() && self.conditions.is_none() {
            return true;
        }
        let new = matches!(condition_id, "1000" | "1500" | "1750");
        let by_id = self.condition_ids.as_ref().is_some_and(|ids| ids.contains(condition_id));
        let by_name = self.conditions.as_ref().is_some_and(|names| {
            names.iter().any(|n| match n.to_ascii_uppercase().as_str() {
                "NEW" => new,
                "USED" => !new,
                _ => false,
            })
        });
        by_id || by_name
    }

    /// Whether `price` lies in the `price` range, compared in `priceCurrency` (US dollars if the
    /// search names none).
    pub fn admits_price(&self, price: Price) -> bool {
        let Some((low, high)) = self.price else {
            return true;
        };
        let value = price.convert(self.price_currency.unwrap_or(Currency::USD)).as_f64();
        low.is_none_or(|l| value >= l) && high.is_none_or(|h| value <= h)
    }
}

/// eBay's Vinyl Records category and its parent, Music.
pub const CATEGORIES: [&str; 2] = ["176985", "11233"];

impl EbayQuery {
    pub fn from_params(params: &HashMap<String, String>) -> Result<Self, EbayQueryError> {
        let mut terms = Vec::new();
        let mut excluded = Vec::new();
        for token in params.get("q").map(String::as_str).unwrap_or("").split_whitespace() {
            match token.strip_prefix('-') {
                Some(word) => excluded.extend(words(word)),
                None => terms.extend(Term::all(token, field::ANY)),
            }
        }
        let mut filter = EbayFilter::parse(params.get("filter").map(String::as_str).unwrap_or(""))?;
        if let Some(ids) = params.get("category_ids") {
            filter.categories = Some(ids.split(',').map(|c| c.trim().to_string()).collect());
        }
        if terms.is_empty() && filter.categories.is_none() {
            return Err(EbayQueryError::Missing);
        }
        let sort = match params.get("sort").map(String::as_str) {
            Some("price") => EbaySort::Price,
            Some("-price") => EbaySort::PriceDescending,
            Some("newlyListed") => EbaySort::NewlyListed,
            _ => EbaySort::BestMatch,
        };
        Ok(Self { terms, excluded, filter, sort })
    }

    pub fn in_category(&self) -> bool {
        self.filter.categories.as_ref().is_none_or(|ids| ids.iter().any(|id| CATEGORIES.contains(&id.as_str())))
    }
}

/// Where the buyer is: `X-EBAY-C-ENDUSERCTX: contextualLocation=country=DE,zip=10115` (eBay asks for
/// it URL-encoded: `contextualLocation=country%3DDE%2Czip%3D10115`), else the marketplace's country.
pub fn buyer_country(end_user_context: Option<&str>, marketplace: Option<&str>) -> String {
    let decoded = end_user_context
        .map(|h| percent_encoding::percent_decode_str(h).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let from_context = decoded
        .split_once("contextualLocation=")
        .and_then(|(_, location)| location.split(',').find_map(|p| p.trim().strip_prefix("country=")))
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()));
    from_context.unwrap_or_else(|| {
        match marketplace.unwrap_or("EBAY_US") {
            "EBAY_GB" => "GB",
            "EBAY_DE" => "DE",
            "EBAY_FR" => "FR",
            "EBAY_IT" => "IT",
            "EBAY_ES" => "ES",
            "EBAY_NL" => "NL",
            "EBAY_AT" => "AT",
            "EBAY_BE" => "BE",
            "EBAY_CH" => "CH",
            "EBAY_IE" => "IE",
            "EBAY_PL" => "PL",
            "EBAY_CA" | "EBAY_ENCA" => "CA",
            "EBAY_AU" => "AU",
            _ => "US",
        }
        .to_string()
    })
}

const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Whether both countries are in the EU's single market (cheaper than international post).
pub fn same_market(a: &str, b: &str) -> bool {
    EU.contains(&a) && EU.contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn discogs_parameters_search_their_fields() {
        let q =
            DiscogsQuery::from_params(&params(&[("q", "blue note"), ("artist", "Lee Morgan"), ("type", "release")]));
        assert_eq!(q.kind, SearchType::Release);
        assert_eq!(q.terms.len(), 4);
        assert_eq!(q.terms[0], Term { word: "blue".into(), fields: field::ANY });
        assert_eq!(q.terms[2], Term { word: "lee".into(), fields: field::ARTIST });
        assert_eq!(DiscogsQuery::from_params(&params(&[("type", "master")])).kind, SearchType::Master);
        let sized = DiscogsQuery::from_params(&params(&[("q", "techno 12\"")]));
        assert_eq!(sized.terms[1], Term { word: "12".into(), fields: field::FORMAT });
        assert_eq!(DiscogsQuery::from_params(&params(&[("type", "artist")])).kind, SearchType::Other);
    }

    #[test]
    fn the_documented_filter_syntax_parses() {
        let f = EbayFilter::parse(
            "categoryIds:{176985},conditionIds:{1000|2750},conditions:{USED},price:[10..50.00],priceCurrency:GBP,itemLocationCountry:de,buyingOptions:{FIXED_PRICE|AUCTION},unknownFilter:x",
        )
        .unwrap();
        assert_eq!(f.categories, Some(vec!["176985".to_string()]));
        assert_eq!(f.price, Some((Some(10.0), Some(50.0))));
        assert_eq!(f.price_currency, Some(Currency::GBP));
        assert_eq!(f.item_location_country.as_deref(), Some("DE"));
        assert!(f.admits_condition("1000") && f.admits_condition("3000") && f.admits_condition("2750"));
        let new_only = EbayFilter::parse("conditionIds:{1000}").unwrap();
        assert!(new_only.admits_condition("1000") && !new_only.admits_condition("3000"));
        assert!(f.admits_price(Price::new(2000, Currency::GBP)) && !f.admits_price(Price::new(6000, Currency::GBP)));
        assert!(f.admits_price(Price::new(2000, Currency::EUR)), "20 EUR is about 17 GBP");
        assert_eq!(EbayFilter::parse("price:[..20]").unwrap().price, Some((None, Some(20.0))));
        assert_eq!(EbayFilter::parse("price:[5]").unwrap().price, Some((Some(5.0), None)));
        assert!(EbayFilter::parse("price:[a..b]").is_err());
        assert!(EbayFilter::parse("conditionIds:1000").is_err());
        assert_eq!(EbayFilter::parse("").unwrap(), EbayFilter::default());
        let used = EbayFilter::parse("conditions:{USED}").unwrap();
        assert!(used.admits_condition("3000") && !used.admits_condition("1000"));
    }

    #[test]
    fn queries_need_words_or_a_category_and_drop_excluded_words() {
        let q = EbayQuery::from_params(&params(&[("q", "techno 12\" -promo"), ("sort", "price")])).unwrap();
        assert_eq!(q.terms.iter().map(|t| t.word.as_str()).collect::<Vec<_>>(), ["techno", "12"]);
        assert_eq!(q.excluded, ["promo"]);
        assert_eq!(q.sort, EbaySort::Price);
        assert!(q.in_category());
        assert_eq!(EbayQuery::from_params(&params(&[])), Err(EbayQueryError::Missing));
        let other = EbayQuery::from_params(&params(&[("category_ids", "9355")])).unwrap();
        assert!(!other.in_category());
    }

    #[test]
    fn the_buyer_is_where_the_context_header_says() {
        assert_eq!(buyer_country(Some("contextualLocation=country=DE,zip=10115"), None), "DE");
        assert_eq!(buyer_country(Some("contextualLocation=country%3DGB%2Czip%3DE8"), Some("EBAY_US")), "GB");
        assert_eq!(
            buyer_country(Some("affiliateCampaignId=123,contextualLocation=country=jp,zip=1500001"), None),
            "JP"
        );
        assert_eq!(buyer_country(None, Some("EBAY_AU")), "AU");
        assert_eq!(buyer_country(Some("garbage"), None), "US");
        assert!(same_market("DE", "FR") && !same_market("DE", "GB"));
    }
}
