//! Item-info extraction of docs/behaviour.md#item-extraction: the facts matching works on, per platform.

use crate::domain::listing::{Listing, SellerInfo};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What matching knows about one listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemInfo {
    pub title: String,
    pub artist: String,
    /// `None` for unknown; a year of 0 is treated as unknown everywhere (Python truthiness).
    pub year: Option<i32>,
    pub format: Option<String>,
    pub catalog_number: Option<String>,
    pub price: Option<Money>,
    pub condition: Option<String>,
    pub sleeve_condition: Option<String>,
}

/// Extraction from a domain [`Listing`].
///
/// * Discogs: artist = `listing.artist`, title = `listing.release_title` — docs/behaviour.md#item-extraction
///   (string artist + album instead of the full row text). When the source gave neither, the full
///   title is split with the Discogs row rule of docs/architecture.md#discogs ([`split_discogs_title`]); failing that
///   the artist is empty and the title is the whole text (upstream behaviour).
/// * eBay: the original rule (split the title at the first ` - `), unless the fetcher already supplied
///   both artist and release title (e.g. from item specifics), which are more reliable.
pub fn extract_item_info(listing: &Listing) -> ItemInfo {
    let given_artist = non_empty(listing.artist.as_deref());
    let given_title = non_empty(listing.release_title.as_deref());
    let (artist, title) = match (listing.platform, given_artist, given_title) {
        (_, Some(a), Some(t)) => (a.to_string(), t.to_string()),
        (Platform::Discogs, Some(a), None) => (a.to_string(), listing.title.clone()),
        (Platform::Discogs, None, Some(t)) => (String::new(), t.to_string()),
        (Platform::Discogs, None, None) => match split_discogs_title(&listing.title) {
            Some((a, t)) => (a.to_string(), t.to_string()),
            None => (String::new(), listing.title.clone()),
        },
        (Platform::Ebay, _, _) => split_ebay_title(&listing.title),
    };
    ItemInfo {
        title,
        artist,
        year: listing.year.filter(|y| *y != 0),
        format: non_empty(listing.format.as_deref()).map(str::to_string),
        catalog_number: non_empty(listing.catalog_number.as_deref()).map(str::to_string),
        price: listing.priced(),
        condition: listing.media_condition.clone(),
        sleeve_condition: listing.sleeve_condition.clone(),
    }
}

/// docs/behaviour.md#item-extraction eBay rule: split at the first ` - `; artist = left part, title = right part
/// (both trimmed); without ` - ` the artist is empty and the title is the whole text.
pub fn split_ebay_title(title: &str) -> (String, String) {
    match title.split_once(" - ") {
        Some((a, t)) => (a.trim().to_string(), t.trim().to_string()),
        None => (String::new(), title.to_string()),
    }
}

/// The Discogs row rule of docs/architecture.md#discogs, `^(.+?)\s*[-–—]\s*(.+?)(?:\s*\([^)]+\))?$`, written out by
/// hand: artist = text before the first dash (at position ≥ 1), album = the rest without one
/// trailing parenthesised group; both trimmed. `None` when there is no dash followed by text.
pub fn split_discogs_title(full: &str) -> Option<(&str, &str)> {
    let is_dash = |c: char| matches!(c, '-' | '–' | '—');
    let (dash_at, dash) =
        full.char_indices().skip(1).find(|&(i, c)| is_dash(c) && !full[i + c.len_utf8()..].trim_start().is_empty())?;
    let artist = full[..dash_at].trim();
    let rest = full[dash_at + dash.len_utf8()..].trim_start();
    Some((artist, strip_trailing_paren_group(rest).trim()))
}

/// Removes one trailing `\s*\([^)]+\)` group the way the lazy regex does: the earliest `(` inside
/// the final `)`-free run that leaves a non-empty album and a non-empty group.
fn strip_trailing_paren_group(s: &str) -> &str {
    let Some(body) = s.strip_suffix(')') else {
        return s;
    };
    let run_start = body.rfind(')').map_or(0, |i| i + 1);
    for (i, c) in body[run_start..].char_indices() {
        let open = run_start + i;
        if c != '(' || open + 1 >= body.len() {
            continue;
        }
        let album = body[..open].trim_end();
        // `.+?` must keep at least one character; whitespace before `(` goes with the group.
        if !album.is_empty() {
            return album;
        }
    }
    s
}

/// Extraction from a stored upstream-style `item_data` JSON object (docs/behaviour.md#item-extraction literally), for
/// migrating old results and for Discogs API objects that carry `basic_information`.
///
/// * Discogs: `basic_information` if present, else the top level; artist = names of `artists`
///   joined `", "`; unlike the original, when `artists` is absent, the string `artist` and `album` as the title.
///   Format = names of `formats` (falling back to a `format` list/string, the scraped shape);
///   catalog = first truthy `labels[].catno` (falling back to `catno`). Price, condition and
///   sleeve condition come from the top level.
/// * eBay: the title split of [`split_ebay_title`]; `year`, `format`, `catalog_number` keys;
///   price = `price.value` when `price` is an object.
///
/// Prices are read through their decimal text, never as floats; the currency is
/// `currency` / `price.currency` or USD.
pub fn extract_item_info_json(platform: Platform, item_data: &Value) -> ItemInfo {
    let top = item_data;
    let price = json_price(top);
    let condition = json_str(top.get("condition")).map(str::to_string);
    match platform {
        Platform::Discogs => {
            let src = top.get("basic_information").filter(|v| v.is_object()).unwrap_or(top);
            let mut title = json_str(src.get("title")).unwrap_or("").to_string();
            let artist = match src.get("artists").and_then(Value::as_array) {
                Some(list) => join_names(list),
                None => {
                    if let Some(album) = json_str(src.get("album")).filter(|s| !s.is_empty()) {
                        title = album.to_string();
                    }
                    json_str(src.get("artist")).unwrap_or("").to_string()
                }
            };
            let format = match src.get("formats").and_then(Value::as_array) {
                Some(list) => Some(join_names(list)),
                None => match src.get("format") {
                    Some(Value::Array(list)) => Some(join_names(list)),
                    other => json_str(other).map(str::to_string),
                },
            };
            let catalog_number = src
                .get("labels")
                .and_then(Value::as_array)
                .and_then(|labels| labels.iter().find_map(|l| json_str(l.get("catno")).filter(|s| !s.is_empty())))
                .or_else(|| json_str(src.get("catno")).filter(|s| !s.is_empty()))
                .map(str::to_string);
            ItemInfo {
                title,
                artist,
                year: json_year(src.get("year")),
                format: format.filter(|s| !s.is_empty()),
                catalog_number,
                price,
                condition,
                sleeve_condition: json_str(top.get("sleeve_condition")).map(str::to_string),
            }
        }
        Platform::Ebay => {
            let (artist, title) = split_ebay_title(json_str(top.get("title")).unwrap_or(""));
            ItemInfo {
                title,
                artist,
                year: json_year(top.get("year")),
                format: json_str(top.get("format")).filter(|s| !s.is_empty()).map(str::to_string),
                catalog_number: json_str(top.get("catalog_number")).filter(|s| !s.is_empty()).map(str::to_string),
                price,
                condition,
                sleeve_condition: None,
            }
        }
    }
}

/// Seller extraction from a stored `item_data` object (docs/behaviour.md#sellers and docs/spec-deviations.md).
///
/// * Discogs: `seller.id` (a JSON `null` id is "no id", not the string `"None"`), `username`
///   (default `Unknown`), `location`, `rating` as the feedback percentage, `stats.total` as the
///   count. Without a seller object: id `unknown_discogs_<item id>`, name `Unknown Seller`.
/// * eBay: reads the normalised keys (`seller.username`, `feedback_percentage`, `feedback_score`,
///   `location.country`) **and** the raw Browse API ones (`feedbackPercentage`, `feedbackScore`,
///   `itemLocation.country`) — upstream read only the raw ones from normalised data, so every eBay
///   seller lost its location and feedback. A percentage like `"98.7%"` parses to 98.7.
///
/// Missing feedback stays `None` (reputation treats it as unknown) instead of upstream's stored 0.
pub fn extract_seller_json(platform: Platform, item_data: &Value) -> SellerInfo {
    let seller = item_data.get("seller").filter(|v| v.is_object());
    let field = |keys: &[&str]| -> Option<&Value> {
        seller.and_then(|s| keys.iter().find_map(|k| s.get(*k).filter(|v| !v.is_null())))
    };
    match platform {
        Platform::Discogs => {
            let Some(s) = seller else {
                let item_id = item_data.get("id").map(scalar_text).unwrap_or_default();
                return SellerInfo {
                    id: format!("unknown_discogs_{item_id}"),
                    name: "Unknown Seller".to_string(),
                    location: None,
                    feedback_percentage: None,
                    feedback_count: None,
                    estimated_shipping: None,
                    url: None,
                };
            };
            SellerInfo {
                id: s.get("id").filter(|v| !v.is_null()).map(scalar_text).unwrap_or_default(),
                name: json_str(s.get("username")).filter(|n| !n.is_empty()).unwrap_or("Unknown").to_string(),
                location: json_str(s.get("location")).filter(|l| !l.is_empty()).map(str::to_string),
                feedback_percentage: field(&["rating"]).and_then(percentage),
                feedback_count: s.get("stats").and_then(|st| st.get("total")).and_then(count),
                estimated_shipping: None,
                url: json_str(s.get("url")).map(str::to_string),
            }
        }
        Platform::Ebay => {
            let username = field(&["username"]).and_then(Value::as_str).unwrap_or("");
            let location = item_data
                .get("location")
                .or_else(|| item_data.get("itemLocation"))
                .and_then(|l| json_str(l.get("country")))
                .filter(|c| !c.is_empty());
            SellerInfo {
                id: username.to_string(),
                name: if username.is_empty() { "Unknown".to_string() } else { username.to_string() },
                location: location.map(str::to_string),
                feedback_percentage: field(&["feedback_percentage", "feedbackPercentage"]).and_then(percentage),
                feedback_count: field(&["feedback_score", "feedbackScore"]).and_then(count),
                estimated_shipping: None,
                url: None,
            }
        }
    }
}

/// `98.7`, `"98.7"` or `"98.7%"` → 98.7; anything else → `None`.
fn percentage(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok(),
        _ => None,
    }
}

fn count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

fn json_str(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

/// Objects contribute their `name`, scalars their text (docs/behaviour.md#item-extraction).
fn join_names(list: &[Value]) -> String {
    let names: Vec<String> = list
        .iter()
        .filter_map(|v| match v {
            Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    names.join(", ")
}

/// An integer year or a numeric string; 0 and anything else mean "unknown".
fn json_year(v: Option<&Value>) -> Option<i32> {
    let y = match v? {
        Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        Value::String(s) => s.trim().parse::<i32>().ok(),
        _ => None,
    }?;
    (y != 0).then_some(y)
}

fn json_price(top: &Value) -> Option<Money> {
    let currency_of = |v: Option<&Value>| json_str(v).and_then(|c| Currency::new(c).ok());
    let (raw, currency) = match top.get("price")? {
        Value::Object(o) => (o.get("value")?, currency_of(o.get("currency"))),
        other => (other, None),
    };
    let currency = currency.or_else(|| currency_of(top.get("currency"))).unwrap_or_default();
    let money = match raw {
        Value::Number(n) => Money::from_json_number(n, currency).ok(),
        Value::String(s) => Money::parse(s, currency).ok(),
        _ => None,
    }?;
    (!money.is_zero()).then_some(money)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn listing(platform: Platform, title: &str) -> Listing {
        Listing::new(platform, "1", title, Money::usd_cents(1000))
    }

    #[test]
    fn ebay_title_split() {
        let info = extract_item_info(&listing(Platform::Ebay, "Pink Floyd - Dark Side Of The Moon - 180g"));
        assert_eq!(info.artist, "Pink Floyd");
        assert_eq!(info.title, "Dark Side Of The Moon - 180g");
        let info = extract_item_info(&listing(Platform::Ebay, "Abbey Road LP"));
        assert_eq!((info.artist.as_str(), info.title.as_str()), ("", "Abbey Road LP"));
        assert_eq!(info.price, Some(Money::usd_cents(1000)));
    }

    #[test]
    fn discogs_uses_artist_and_release_title() {
        let mut l = listing(Platform::Discogs, "The Beatles - Abbey Road (Remastered)");
        l.artist = Some("The Beatles".into());
        l.release_title = Some("Abbey Road".into());
        l.year = Some(0);
        let info = extract_item_info(&l);
        assert_eq!((info.artist.as_str(), info.title.as_str(), info.year), ("The Beatles", "Abbey Road", None));
    }

    #[test]
    fn discogs_row_title_split() {
        assert_eq!(split_discogs_title("The Beatles - Abbey Road (Remastered)"), Some(("The Beatles", "Abbey Road")));
        assert_eq!(split_discogs_title("Sigur Rós – Ágætis byrjun"), Some(("Sigur Rós", "Ágætis byrjun")));
        assert_eq!(split_discogs_title("Artist - Album (Deluxe) (2LP)"), Some(("Artist", "Album (Deluxe)")));
        assert_eq!(split_discogs_title("Artist - (Live)"), Some(("Artist", "(Live)")));
        assert_eq!(split_discogs_title("Jay-Z - The Blueprint"), Some(("Jay", "Z - The Blueprint")));
        assert_eq!(split_discogs_title("No dash here"), None);
        assert_eq!(split_discogs_title("-Leading"), None);
        let info = extract_item_info(&listing(Platform::Discogs, "Daft Punk - Discovery (2xLP)"));
        assert_eq!((info.artist.as_str(), info.title.as_str()), ("Daft Punk", "Discovery"));
        let info = extract_item_info(&listing(Platform::Discogs, "Discovery"));
        assert_eq!((info.artist.as_str(), info.title.as_str()), ("", "Discovery"));
    }

    /// Upstream unit test shape: Discogs API object with `basic_information` and an `artists` list.
    #[test]
    fn json_discogs_basic_information() {
        let data = json!({
            "basic_information": {
                "title": "Abbey Road", "year": 1969,
                "artists": [{"name": "The Beatles"}],
                "formats": [{"name": "Vinyl"}, {"name": "LP"}],
                "labels": [{"name": "Apple", "catno": ""}, {"name": "Apple", "catno": "PCS 7088"}]
            },
            "price": 25.5, "condition": "Near Mint (NM or M-)", "sleeve_condition": "Very Good Plus (VG+)"
        });
        let info = extract_item_info_json(Platform::Discogs, &data);
        assert_eq!(info.title, "Abbey Road");
        assert_eq!(info.artist, "The Beatles");
        assert_eq!(info.year, Some(1969));
        assert_eq!(info.format.as_deref(), Some("Vinyl, LP"));
        assert_eq!(info.catalog_number.as_deref(), Some("PCS 7088"));
        assert_eq!(info.price, Some(Money::usd_cents(2550)));
        assert_eq!(info.sleeve_condition.as_deref(), Some("Very Good Plus (VG+)"));
    }

    /// docs/behaviour.md#item-extraction and docs/spec-deviations.md: scraped rows have a string `artist` and an `album`, no `artists` list.
    #[test]
    fn json_discogs_scraped_fallback() {
        let data = json!({
            "title": "Miles Davis - Kind Of Blue (Vinyl, LP)", "artist": "Miles Davis", "album": "Kind Of Blue",
            "year": "1959", "format": ["Vinyl"], "catno": "CL 1355", "price": 30, "currency": "EUR"
        });
        let info = extract_item_info_json(Platform::Discogs, &data);
        assert_eq!((info.artist.as_str(), info.title.as_str()), ("Miles Davis", "Kind Of Blue"));
        assert_eq!(info.year, Some(1959));
        assert_eq!(info.format.as_deref(), Some("Vinyl"));
        assert_eq!(info.catalog_number.as_deref(), Some("CL 1355"));
        assert_eq!(info.price, Some(Money::new(3000, Currency::EUR)));
    }

    /// docs/behaviour.md#sellers upstream unit test on the raw Browse API shape, plus the normalised shape (docs/spec-deviations.md).
    #[test]
    fn sellers_from_json() {
        let raw = json!({"seller": {"username": "ebayseller456", "feedbackScore": 1234, "feedbackPercentage": "98.7%"},
                         "itemLocation": {"country": "Chicago, IL"}});
        let s = extract_seller_json(Platform::Ebay, &raw);
        assert_eq!(
            (s.id.as_str(), s.name.as_str(), s.location.as_deref()),
            ("ebayseller456", "ebayseller456", Some("Chicago, IL"))
        );
        assert_eq!((s.feedback_percentage, s.feedback_count), (Some(98.7), Some(1234)));
        let normalized = json!({"seller": {"username": "u", "feedback_percentage": "99.1", "feedback_score": 87},
                                "location": {"city": "Austin", "country": "US"}});
        let s = extract_seller_json(Platform::Ebay, &normalized);
        assert_eq!(
            (s.location.as_deref(), s.feedback_percentage, s.feedback_count),
            (Some("US"), Some(99.1), Some(87))
        );
        let s = extract_seller_json(Platform::Ebay, &json!({}));
        assert_eq!((s.id.as_str(), s.name.as_str(), s.feedback_percentage), ("", "Unknown", None));

        let d = json!({"id": 123, "seller": {"id": null, "username": "vinylhub", "rating": 99.5, "stats": {"total": 250},
                                             "url": "https://www.discogs.com/seller/vinylhub"}});
        let s = extract_seller_json(Platform::Discogs, &d);
        assert_eq!((s.id.as_str(), s.name.as_str()), ("", "vinylhub"));
        assert_eq!((s.feedback_percentage, s.feedback_count), (Some(99.5), Some(250)));
        let s = extract_seller_json(Platform::Discogs, &json!({"id": 123, "seller": "x"}));
        assert_eq!((s.id.as_str(), s.name.as_str()), ("unknown_discogs_123", "Unknown Seller"));
    }

    #[test]
    fn json_ebay() {
        let data = json!({"title": "Radiohead - OK Computer", "price": {"value": "15.99", "currency": "USD"},
                          "condition": "Like New"});
        let info = extract_item_info_json(Platform::Ebay, &data);
        assert_eq!((info.artist.as_str(), info.title.as_str()), ("Radiohead", "OK Computer"));
        assert_eq!(info.price, Some(Money::usd_cents(1599)));
        assert_eq!(info.condition.as_deref(), Some("Like New"));
        let info = extract_item_info_json(Platform::Ebay, &json!({"title": "OK Computer", "price": 0}));
        assert_eq!((info.artist.as_str(), info.price), ("", None));
    }
}
