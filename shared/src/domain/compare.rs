//! Price comparison (AN3): one group per record (docs/matching.md), with its pressings and both
//! platforms' offers inside, cheapest first. Results that were never matched fall back to the
//! `artist|title` key of [`group_key`], with its word-boundary title normalisation.

use crate::domain::listing::{Listing, ListingKind, PressingRef, StoredResult};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;
use crate::domain::record_identity::MatchEvidence;
use crate::domain::sellers::SellerRef;
use crate::domain::text::is_word_char;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashMap;

/// The canonical item shown for a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupItemMatch {
    /// Fingerprint of the first row's canonical item (canonical items are keyed by fingerprint);
    /// `None` when that row was never matched.
    pub id: Option<String>,
    pub canonical_title: String,
    pub canonical_artist: String,
    /// Number of listings in the group.
    pub total_matches: u32,
}

/// One listing row of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceListing {
    pub result_id: String,
    pub platform: Platform,
    pub kind: ListingKind,
    /// `None` when the listing has no (non-zero) price.
    pub price: Option<Money>,
    /// eBay shipping cost, and Discogs shipping too (docs/behaviour.md#price-comparison, docs/spec-deviations.md).
    pub shipping_price: Option<Money>,
    /// The price as listed, when `price` is its conversion into the buyer's currency.
    #[serde(default)]
    pub original_price: Option<Money>,
    /// Price plus shipping to the buyer (`domain::landed`).
    #[serde(default)]
    pub landed_cost: Option<Money>,
    /// Whether the landed cost's shipping is the region estimate.
    #[serde(default)]
    pub shipping_estimated: bool,
    /// Media condition text.
    pub condition: Option<String>,
    pub seller: Option<SellerRef>,
    pub is_in_wantlist: bool,
    pub is_in_collection: bool,
    /// The full listing (upstream `item_data`): links, images, grades.
    pub listing: Listing,
    /// The pressing of the record this offer is, when known.
    #[serde(default)]
    pub pressing: Option<PressingRef>,
    /// Why this offer is in its group.
    #[serde(default)]
    pub match_evidence: Option<MatchEvidence>,
}

/// The offers of one pressing of a group's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PressingGroup {
    /// `None` for the offers whose pressing is unknown (sellers' titles without a catalogue number).
    pub key: Option<String>,
    pub release_id: Option<u64>,
    pub catalog_number: Option<String>,
    pub label: Option<String>,
    /// The offers' result ids, cheapest first (the group's listing order).
    pub result_ids: Vec<String>,
    /// Platforms offering it, in order of their cheapest offer.
    pub platforms: Vec<Platform>,
    /// The cheapest priced offer, as the group orders prices.
    pub lowest_price: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceGroup {
    pub item_match: GroupItemMatch,
    /// The record key shared by every listing of the group; `None` for never-matched results.
    #[serde(default)]
    pub record_key: Option<String>,
    #[serde(default)]
    pub master_id: Option<u64>,
    /// Price ascending, unpriced last.
    pub listings: Vec<PriceListing>,
    /// The record's pressings, in order of their cheapest offer.
    #[serde(default)]
    pub pressings: Vec<PressingGroup>,
}

/// Price order: priced before unpriced; `currency` (the comparison's) before others; then by
/// currency code and amount. Amounts of different currencies are never compared with each other.
fn price_order(a: Option<Money>, b: Option<Money>, currency: Currency) -> Ordering {
    let key = |m: Option<Money>| m.map(|m| (m.currency != currency, m.currency, m.minor));
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Grouping of **all** results (owned ones included, flagged) by record: the record key of
/// matched results, the [`group_key`] `artist|title` key otherwise. Groups appear in order of their
/// cheapest row; listings within a group by price, unpriced last; ties keep input order.
pub fn price_comparison(results: &[StoredResult]) -> Vec<PriceGroup> {
    price_comparison_in(results, crate::domain::analysis::ANALYSIS_CURRENCY)
}

/// [`price_comparison`] of results converted into `currency` (`domain::landed`): its amounts
/// sort first.
pub fn price_comparison_in(results: &[StoredResult], currency: Currency) -> Vec<PriceGroup> {
    let mut rows: Vec<&StoredResult> = results.iter().collect();
    rows.sort_by(|a, b| price_order(a.listing.priced(), b.listing.priced(), currency));

    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<PriceGroup> = Vec::new();
    for r in rows {
        let (artist, title) = match &r.item_match {
            Some(m) => (m.canonical_artist.as_str(), m.canonical_title.as_str()),
            // As the original: missing artist → "Unknown" (null likewise, docs/spec-deviations.md); an explicit "" stays "".
            None => (r.listing.artist.as_deref().unwrap_or("Unknown"), r.listing.title.as_str()),
        };
        let key = match &r.item_match {
            Some(m) => format!("record:{}", m.fingerprint),
            None => group_key(artist, title),
        };
        let g = match index.get(&key) {
            Some(&g) => g,
            None => {
                groups.push(PriceGroup {
                    item_match: GroupItemMatch {
                        id: r.item_match.as_ref().map(|m| m.fingerprint.clone()),
                        canonical_title: title.to_string(),
                        canonical_artist: artist.to_string(),
                        total_matches: 0,
                    },
                    record_key: r.item_match.as_ref().map(|m| m.fingerprint.clone()),
                    master_id: r.item_match.as_ref().and_then(|m| m.master_id),
                    listings: Vec::new(),
                    pressings: Vec::new(),
                });
                index.insert(key, groups.len() - 1);
                groups.len() - 1
            }
        };
        let group = &mut groups[g];
        group.item_match.total_matches += 1;
        let row = price_listing(r);
        add_to_pressing(&mut group.pressings, &row);
        group.listings.push(row);
    }
    groups
}

/// Most offers a group keeps (its cheapest): a record listed thousands of times would otherwise
/// make one group larger than any response may be. `total_matches` still counts them all.
pub const MAX_OFFERS_PER_GROUP: usize = 100;

/// Keeps the `max` cheapest offers of each group, and in its pressings only the ids of those;
/// a pressing left without offers goes.
pub fn cap_offers(groups: &mut [PriceGroup], max: usize) {
    for group in groups.iter_mut().filter(|g| g.listings.len() > max) {
        group.listings.truncate(max);
        let kept: std::collections::HashSet<&str> = group.listings.iter().map(|l| l.result_id.as_str()).collect();
        for pressing in &mut group.pressings {
            pressing.result_ids.retain(|id| kept.contains(id.as_str()));
        }
        group.pressings.retain(|p| !p.result_ids.is_empty());
    }
}

/// Adds a row (rows come cheapest first) to its pressing's offers.
fn add_to_pressing(pressings: &mut Vec<PressingGroup>, row: &PriceListing) {
    let key = row.pressing.as_ref().map(|p| p.key.as_str());
    let p = match pressings.iter().position(|p| p.key.as_deref() == key) {
        Some(p) => p,
        None => {
            pressings.push(PressingGroup {
                key: key.map(str::to_string),
                release_id: row.pressing.as_ref().and_then(|p| p.release_id),
                catalog_number: row.pressing.as_ref().and_then(|p| p.catalog_number.clone()),
                label: row.pressing.as_ref().and_then(|p| p.label.clone()),
                result_ids: Vec::new(),
                platforms: Vec::new(),
                lowest_price: row.price,
            });
            pressings.len() - 1
        }
    };
    let pressing = &mut pressings[p];
    pressing.result_ids.push(row.result_id.clone());
    if !pressing.platforms.contains(&row.platform) {
        pressing.platforms.push(row.platform);
    }
    if pressing.lowest_price.is_none() {
        pressing.lowest_price = row.price;
    }
}

fn price_listing(r: &StoredResult) -> PriceListing {
    let l = &r.listing;
    PriceListing {
        result_id: r.id.clone(),
        platform: l.platform,
        kind: l.kind,
        price: l.priced(),
        shipping_price: l.shipping,
        original_price: l.original_price,
        landed_cost: l.landed_cost,
        shipping_estimated: l.shipping_estimated,
        condition: l.media_condition.clone(),
        seller: l.seller.as_ref().map(|s| {
            let id = if s.id.is_empty() {
                format!("anonymous_{}_{}", l.platform.as_str(), l.listing_id)
            } else {
                s.id.clone()
            };
            SellerRef::from_info(l.platform, id, s)
        }),
        is_in_wantlist: r.is_in_wantlist,
        is_in_collection: r.is_in_collection,
        listing: l.clone(),
        pressing: r.item_match.as_ref().and_then(|m| m.pressing.clone()),
        match_evidence: r.item_match.as_ref().and_then(|m| m.evidence),
    }
}

const VARIOUS: [&str; 4] = ["various", "various artists", "v/a", "va"];
/// Format words that end a title (docs/behaviour.md#price-comparison step 3).
const FORMAT_WORDS: [&str; 7] = ["12\"", "7\"", "lp", "ep", "vinyl", "cd", "album"];

/// docs/behaviour.md#price-comparison group key `artist|title`.
///
/// Unlike the original (docs/spec-deviations.md), a format word only cuts the title when it stands alone — not preceded and not
/// followed by a word character — so `Help!` stays `help` (upstream: `he`) and `Deep Purple` stays
/// whole. This is a look-around, not the literal `\b…\b` of the original's example: after `12"` a
/// `\b` would require a *word* character, which would break the pinned vector `Kind Of Blue 12" LP`
/// → `kind of blue`.
pub fn group_key(artist: &str, title: &str) -> String {
    let mut a = artist.trim().to_lowercase();
    if VARIOUS.contains(&a.as_str()) {
        a = "various artists".to_string();
    }
    let t = title.trim().to_lowercase();
    let t = remove_bracketed(&t);
    let t = cut_at_format_word(&t);
    let mut key = strip_punctuation(&a);
    key.push('|');
    key.push_str(&strip_punctuation(t));
    key
}

/// Deletes every `\s*[\(\[].*?[\)\]]`: optional whitespace, an opening bracket, the shortest run
/// without a newline (`.` does not match `\n`) up to the first closing bracket of either kind.
fn remove_bracketed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = bracket_match_len(rest) {
            rest = &rest[len..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Length in bytes of a `\s*[\(\[].*?[\)\]]` match at the start of `s`, if any.
fn bracket_match_len(s: &str) -> Option<usize> {
    let ws = s.len() - s.trim_start().len();
    let after_ws = &s[ws..];
    let open = after_ws.chars().next().filter(|c| *c == '(' || *c == '[')?;
    let body = &after_ws[open.len_utf8()..];
    for (i, c) in body.char_indices() {
        match c {
            '\n' => return None,
            ')' | ']' => return Some(ws + open.len_utf8() + i + c.len_utf8()),
            _ => {}
        }
    }
    None
}

/// Truncates at the first stand-alone format word (and the whitespace before it).
fn cut_at_format_word(s: &str) -> &str {
    let bytes = s.as_bytes();
    for (i, _) in s.char_indices() {
        let prev_is_word = s[..i].chars().next_back().is_some_and(is_word_char);
        if prev_is_word {
            continue;
        }
        for w in FORMAT_WORDS {
            if bytes[i..].starts_with(w.as_bytes()) {
                let end = i + w.len();
                if !s[end..].chars().next().is_some_and(is_word_char) {
                    return s[..i].trim_end();
                }
            }
        }
    }
    s
}

/// Removes every character that is neither a word character nor whitespace (no collapsing), then
/// trims.
fn strip_punctuation(s: &str) -> String {
    s.chars().filter(|c| is_word_char(*c) || c.is_whitespace()).collect::<String>().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::listing::SellerInfo;

    /// docs/behaviour.md#price-comparison vectors.
    #[test]
    fn spec_vectors() {
        assert_eq!(group_key("Test Artist", "Test Album"), "test artist|test");
        assert_eq!(
            group_key("V/A", "Now That's What I Call Music [LP]"),
            "various artists|now thats what i call music"
        );
        assert_eq!(group_key("Miles Davis", "Kind Of Blue 12\" LP"), "miles davis|kind of blue");
        assert_eq!(
            group_key("", "Pink Floyd - The Dark Side Of The Moon (Vinyl, LP)"),
            "|pink floyd  the dark side of the moon"
        );
    }

    /// docs/behaviour.md#price-comparison cases the original got wrong (docs/spec-deviations.md) (upstream: `he`, `de`).
    #[test]
    fn word_boundary_fixes() {
        assert_eq!(group_key("The Beatles", "Help!"), "the beatles|help");
        assert_eq!(group_key("Deep Purple", "Deep Purple In Rock"), "deep purple|deep purple in rock");
        assert_eq!(group_key("Kraftwerk", "Computer World LP"), "kraftwerk|computer world");
        assert_eq!(group_key("X", "Single 7\""), "x|single");
        assert_eq!(group_key("X", "Album"), "x|");
        assert_eq!(group_key("VA", "Cdx (Remix) [Promo]"), "various artists|cdx");
        assert_eq!(group_key("  Various ", "a (unclosed"), "various artists|a unclosed");
        assert_eq!(group_key("Unknown", "Trans-Europa Express"), "unknown|transeuropa express");
    }

    fn result(id: &str, platform: Platform, artist: Option<&str>, title: &str, cents: i64) -> StoredResult {
        let mut l = Listing::new(platform, id, title, Money::usd_cents(cents));
        l.artist = artist.map(str::to_string);
        StoredResult::new(id, l)
    }

    #[test]
    fn groups_by_record_with_pressings_cheapest_first() {
        let mut owned = result("d2", Platform::Discogs, Some("Pink Floyd"), "Animals", 1500).owned(true);
        owned.listing.shipping = Some(Money::usd_cents(400));
        owned.listing.release_id = Some(1873013);
        owned.listing.catalog_number = Some("SHVL 815".into());
        let mut matched = result("e3", Platform::Ebay, None, "Pink Floyd - Animals LP", 1200);
        matched.listing.seller = Some(SellerInfo {
            id: "seller1".into(),
            name: "Seller One".into(),
            location: Some("US".into()),
            feedback_percentage: Some(99.0),
            feedback_count: Some(10),
            estimated_shipping: None,
            url: None,
        });
        let mut reissue = result("d4", Platform::Discogs, Some("Pink Floyd"), "Animals (Remastered)", 2000);
        reissue.listing.release_id = Some(9_000_001);
        let mut results = vec![
            result("e1", Platform::Ebay, None, "Unpriced thing", 0),
            owned,
            matched,
            reissue,
            result("e5", Platform::Ebay, None, "Another", 900),
            result("e6", Platform::Ebay, None, "PINK FLOYD ANIMALS Harvest SHVL 815 1977", 2500),
        ];
        crate::domain::matching::link_records(&mut results, &[]);
        let groups = price_comparison(&results);
        let summary: Vec<(String, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                let key = group_key(&g.item_match.canonical_artist, &g.item_match.canonical_title);
                (key, g.listings.iter().map(|l| l.result_id.as_str()).collect())
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("|another".to_string(), vec!["e5"]),
                ("pink floyd|animals".to_string(), vec!["e3", "d2", "d4", "e6"]),
                ("|unpriced thing".to_string(), vec!["e1"]),
            ]
        );
        let g = &groups[1];
        assert_eq!(g.item_match.id, g.record_key);
        assert_eq!(g.record_key.as_ref().map(String::len), Some(32));
        assert_eq!(g.item_match.total_matches, 4);
        assert_eq!(g.listings[0].seller.as_ref().map(|s| s.name.as_str()), Some("Seller One"));
        assert_eq!(g.listings[1].shipping_price, Some(Money::usd_cents(400))); // Discogs shipping shown (docs/spec-deviations.md)
        assert!(g.listings[1].is_in_collection);
        assert_eq!(g.listings[3].match_evidence, Some(MatchEvidence::CatalogueNumber));
        let pressings: Vec<(Option<&str>, Vec<&str>, Option<Money>)> = g
            .pressings
            .iter()
            .map(|p| (p.key.as_deref(), p.result_ids.iter().map(String::as_str).collect(), p.lowest_price))
            .collect();
        assert_eq!(
            pressings,
            vec![
                (None, vec!["e3"], Some(Money::usd_cents(1200))),
                (Some("release:1873013"), vec!["d2", "e6"], Some(Money::usd_cents(1500))),
                (Some("release:9000001"), vec!["d4"], Some(Money::usd_cents(2000))),
            ],
            "the eBay title with the catalogue number joins that pressing"
        );
        assert_eq!(g.pressings[1].platforms, [Platform::Discogs, Platform::Ebay]);
        assert_eq!(groups[2].listings[0].price, None);
    }

    /// Results that were never matched keep the `artist|title` key.
    #[test]
    fn unmatched_results_group_by_the_spec_key() {
        let results = vec![
            result("a", Platform::Discogs, Some("Pink Floyd"), "Animals", 1500),
            result("b", Platform::Discogs, Some("Pink Floyd"), "Animals (Remastered)", 1000),
            result("c", Platform::Ebay, None, "Pink Floyd - Animals", 900),
        ];
        let groups = price_comparison(&results);
        let ids: Vec<Vec<&str>> =
            groups.iter().map(|g| g.listings.iter().map(|l| l.result_id.as_str()).collect()).collect();
        assert_eq!(ids, [vec!["c"], vec!["b", "a"]]);
        assert_eq!(groups[1].record_key, None);
        assert_eq!(groups[1].pressings.len(), 1);
    }

    #[test]
    fn a_group_keeps_its_cheapest_offers_and_counts_all() {
        let results: Vec<StoredResult> = (0..7)
            .map(|i| {
                let mut r = result(&format!("r{i}"), Platform::Discogs, Some("A"), "T", 1000 - i * 10);
                r.listing.release_id = Some(if i % 2 == 0 { 1 } else { 2 });
                r
            })
            .collect();
        let mut results = results;
        crate::domain::matching::link_records(&mut results, &[]);
        let mut groups = price_comparison(&results);
        assert_eq!(groups.len(), 1);
        cap_offers(&mut groups, 3);
        let g = &groups[0];
        let ids: Vec<&str> = g.listings.iter().map(|l| l.result_id.as_str()).collect();
        assert_eq!(ids, ["r6", "r5", "r4"]);
        assert_eq!(g.item_match.total_matches, 7);
        let pressings: Vec<Vec<&str>> =
            g.pressings.iter().map(|p| p.result_ids.iter().map(String::as_str).collect()).collect();
        assert_eq!(pressings, [vec!["r6", "r4"], vec!["r5"]]);
    }

    #[test]
    fn other_currencies_sort_after_usd() {
        let mut eur = result("x", Platform::Discogs, Some("A"), "T", 100);
        eur.listing.price = Money::new(100, Currency::EUR);
        let usd = result("y", Platform::Discogs, Some("A"), "T", 5000);
        let groups = price_comparison(&[eur, usd]);
        let ids: Vec<&str> = groups[0].listings.iter().map(|l| l.result_id.as_str()).collect();
        assert_eq!(ids, ["y", "x"]);
    }
}
