//! Browse `item_summary/search` query parameters from a saved search (docs/architecture.md#ebay and docs/spec-deviations.md:
//! eBay's documented filter syntax, not upstream's).
//!
//! * `categoryIds:{176985}` (Vinyl Records) unless `category_id` is given;
//! * conditions: the record grades map to eBay condition ids, `conditionIds:{1000|2750}`; any
//!   other value goes to `conditions:{…}` upper-cased (eBay knows `NEW`, `USED`, `UNSPECIFIED`);
//! * prices: `price:[10..50]`, `price:[10]` (at least), `price:[..50]` (at most), always with
//!   `priceCurrency`;
//! * `itemLocationCountry:US`;
//! * sort: `price`, `-price`, `newlyListed`, `distance`; anything else leaves eBay's best match.

use crate::domain::search_filters::{SearchFilters, SortOrder};
use crate::market::source::SearchRequest;

/// eBay's "Vinyl Records" category.
pub const DEFAULT_CATEGORY: &str = "176985";

const MAX_LIMIT: u32 = 200;

fn condition_id(value: &str) -> Option<&'static str> {
    Some(match value.trim().to_ascii_lowercase().as_str() {
        "new" => "1000",
        "like_new" => "2750",
        "used" => "3000",
        "very_good" => "4000",
        "good" => "5000",
        "acceptable" => "6000",
        _ => return None,
    })
}

fn conditions(filters: &SearchFilters) -> Vec<String> {
    let ids: Vec<&str> = filters.condition.iter().filter_map(|v| condition_id(v)).collect();
    let named: Vec<String> =
        filters.condition.iter().filter(|v| condition_id(v).is_none()).map(|v| v.to_ascii_uppercase()).collect();
    let mut out = Vec::new();
    if !ids.is_empty() {
        out.push(format!("conditionIds:{{{}}}", ids.join("|")));
    }
    if !named.is_empty() {
        out.push(format!("conditions:{{{}}}", named.join("|")));
    }
    out
}

fn filter(filters: &SearchFilters) -> String {
    let category = filters.category_id.as_deref().unwrap_or(DEFAULT_CATEGORY);
    let mut parts = vec![format!("categoryIds:{{{category}}}")];
    parts.extend(conditions(filters));
    if let Some(max) = filters.marketplace_max_price() {
        parts.push(format!("price:[..{}]", max.format_amount()));
        parts.push(format!("priceCurrency:{}", max.currency));
    }
    if let Some(country) = &filters.item_location {
        parts.push(format!("itemLocationCountry:{}", country.to_ascii_uppercase()));
    }
    parts.join(",")
}

fn sort(filters: &SearchFilters) -> Option<&'static str> {
    match filters.sort? {
        SortOrder::BestMatch => None,
        SortOrder::PriceAsc => Some("price"),
        SortOrder::PriceDesc => Some("-price"),
        SortOrder::DateDesc => Some("newlyListed"),
        SortOrder::Distance => Some("distance"),
    }
}

/// The query string of one search, in a stable order.
pub fn search_params(request: &SearchRequest) -> Vec<(&'static str, String)> {
    let filters = &request.filters;
    let limit = filters.limit.filter(|l| *l > 0).unwrap_or(50).min(MAX_LIMIT);
    let offset = filters.offset.unwrap_or(0);
    let mut params = vec![
        ("q", request.query.trim().to_string()),
        ("limit", limit.to_string()),
        ("offset", offset.to_string()),
        ("filter", filter(filters)),
    ];
    if let Some(sort) = sort(filters) {
        params.push(("sort", sort.to_string()));
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(filters: serde_json::Value) -> Vec<(&'static str, String)> {
        search_params(&SearchRequest::new(" kind of blue ", serde_json::from_value(filters).unwrap()))
    }

    #[test]
    fn defaults() {
        assert_eq!(
            params(json!({})),
            vec![
                ("q", "kind of blue".to_string()),
                ("limit", "50".to_string()),
                ("offset", "0".to_string()),
                ("filter", "categoryIds:{176985}".to_string()),
            ]
        );
    }

    #[test]
    fn documented_filter_syntax() {
        let p = params(json!({
            "condition": ["new", "like_new", "used_excellent"], "min_price": 10, "max_price": "50.00", "currency": "USD",
            "item_location": "us", "sort": "date_desc", "limit": 500, "offset": 100, "category_id": "11233"
        }));
        assert_eq!(p[1].1, "200");
        assert_eq!(p[2].1, "100");
        assert_eq!(
            p[3].1,
            "categoryIds:{11233},conditionIds:{1000|2750},conditions:{USED_EXCELLENT},price:[..50.00],priceCurrency:USD,itemLocationCountry:US"
        );
        assert_eq!(p[4], ("sort", "newlyListed".to_string()));
        // The bounds are landed costs in the user's currency: eBay pre-filters item prices only by
        // a maximum that names its currency (a minimum would drop a cheap item with dear shipping).
        assert_eq!(params(json!({"max_price": 20}))[3].1, "categoryIds:{176985}");
        assert_eq!(
            params(json!({"max_price": 20, "currency": "gbp"}))[3].1,
            "categoryIds:{176985},price:[..20.00],priceCurrency:GBP"
        );
        assert_eq!(params(json!({"min_price": 5, "currency": "gbp"}))[3].1, "categoryIds:{176985}");
        assert_eq!(params(json!({"sort": "best_match"})).len(), 4);
        assert_eq!(params(json!({"sort": "price_desc"}))[4].1, "-price");
    }
}
