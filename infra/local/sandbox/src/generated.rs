//! A generated catalogue beside the hand-written fixtures, big enough to page through and to
//! benchmark with: [`BULK_SELLER`]'s Discogs inventory and as many eBay items, the same
//! [`BULK_SIZE`] records on both ("The Sandbox Ensemble - Archive Pressing No. N"), with varied
//! prices, grades, shipping and sellers. Each entry is a copy of the first hand-written fixture
//! with its identifying fields replaced, so the shapes stay the marketplaces' own. The titles share
//! no word with the hand-written fixtures, so searches for those never see them.

use serde_json::{Value, json};

/// The Discogs seller whose inventory holds the generated records.
pub const BULK_SELLER: &str = "archive_depot";
/// A query that finds every generated eBay item and every listing of [`BULK_SELLER`].
pub const BULK_QUERY: &str = "archive pressing";
/// Generated records per marketplace.
pub const BULK_SIZE: usize = 240;

const ARTIST: &str = "The Sandbox Ensemble";
const GRADES: [&str; 5] =
    ["Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)", "Good Plus (G+)"];
const EBAY_SELLERS: [(&str, &str, &str); 6] = [
    ("archive_hunter", "US", "Portland"),
    ("wax_warehouse", "US", "Austin"),
    ("needle_drop_uk", "GB", "Leeds"),
    ("plattenladen_koeln", "DE", "Köln"),
    ("maple_spins", "CA", "Toronto"),
    ("rare_groove_nyc", "US", "New York"),
];

fn title(n: usize) -> String {
    format!("Archive Pressing No. {n}")
}

/// `cents` as a two-decimal string, the way both APIs write amounts.
fn amount(cents: usize) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Prices spread over roughly 9–60 without a visible pattern.
fn price_cents(n: usize, salt: usize) -> usize {
    900 + (n * 7_919 + salt * 104_729) % 5_100
}

/// `BULK_SIZE` listings of [`BULK_SELLER`], shaped like `template` (a `users/{name}/inventory`
/// listing).
pub fn inventory(template: &Value) -> Vec<Value> {
    (1..=BULK_SIZE)
        .map(|n| {
            let id = 3_900_000_000_u64 + n as u64;
            let release = 90_000_000_u64 + n as u64;
            let price = price_cents(n, 1) as f64 / 100.0;
            let shipping = if n % 3 == 0 { 6.0 } else { 9.5 };
            let mut listing = template.clone();
            let fields = [
                ("id", json!(id)),
                ("resource_url", json!(format!("https://api.discogs.com/marketplace/listings/{id}"))),
                ("uri", json!(format!("https://www.discogs.com/sell/item/{id}"))),
                ("condition", json!(GRADES[n % GRADES.len()])),
                ("sleeve_condition", json!(GRADES[(n / 2) % GRADES.len()])),
                ("ships_from", json!("United States")),
                ("price", json!({"currency": "USD", "value": price})),
                ("shipping_price", json!({"currency": "USD", "value": shipping})),
                (
                    "seller",
                    json!({
                        "id": 7_700_001, "username": BULK_SELLER,
                        "resource_url": format!("https://api.discogs.com/users/{BULK_SELLER}"),
                        "html_url": format!("https://www.discogs.com/seller/{BULK_SELLER}/profile"),
                        "stats": {"rating": "99.1", "stars": 5.0, "total": 4210},
                        "shipping": "Ships from Ohio, United States."
                    }),
                ),
                (
                    "release",
                    json!({
                        "id": release, "year": 1960 + (n % 40), "artist": ARTIST, "title": title(n),
                        "description": format!("{ARTIST} - {} (LP, Album)", title(n)),
                        "format": "LP, Album", "catalog_number": format!("SBX-{n:04}"),
                        "resource_url": format!("https://api.discogs.com/releases/{release}"),
                        "thumbnail": format!("https://i.discogs.com/sandbox/R-{release}-150.jpg"),
                        "images": [],
                    }),
                ),
            ];
            for (key, value) in fields {
                listing[key] = value;
            }
            listing
        })
        .collect()
}

/// `BULK_SIZE` Browse item summaries of the same records, shaped like `template`.
pub fn ebay_items(template: &Value) -> Vec<Value> {
    (1..=BULK_SIZE)
        .map(|n| {
            let legacy = 209_000_000_000_u64 + n as u64;
            let (seller, country, city) = EBAY_SELLERS[n % EBAY_SELLERS.len()];
            let (condition, condition_id) = if n % 4 == 0 { ("New", "1000") } else { ("Used", "3000") };
            let mut item = template.clone();
            let fields = [
                ("itemId", json!(format!("v1|{legacy}|0"))),
                ("legacyItemId", json!(legacy.to_string())),
                ("title", json!(format!("{ARTIST} - {} 12\" Vinyl Record", title(n)))),
                ("itemHref", json!(format!("https://api.ebay.com/buy/browse/v1/item/v1%7C{legacy}%7C0"))),
                ("itemWebUrl", json!(format!("https://www.ebay.com/itm/{legacy}"))),
                ("image", json!({"imageUrl": format!("https://i.ebayimg.com/images/g/sbx{n:03}/s-l225.jpg")})),
                ("seller", json!({"username": seller, "feedbackPercentage": "99.2", "feedbackScore": 300 + n * 11})),
                ("condition", json!(condition)),
                ("conditionId", json!(condition_id)),
                ("price", json!({"value": amount(price_cents(n, 2)), "currency": "USD"})),
                (
                    "shippingOptions",
                    json!([{"shippingCostType": "FIXED", "shippingCost": {"value": amount(400 + (n % 5) * 150), "currency": "USD"}}]),
                ),
                ("itemLocation", json!({"country": country, "city": city})),
            ];
            for (key, value) in fields {
                item[key] = value;
            }
            item
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_entries_are_distinct_and_keep_the_template_shape() {
        let template = json!({"id": 1, "status": "For Sale", "comments": "kept", "release": {}});
        let listings = inventory(&template);
        assert_eq!(listings.len(), BULK_SIZE);
        let ids: std::collections::HashSet<_> = listings.iter().map(|l| l["id"].as_u64()).collect();
        assert_eq!(ids.len(), BULK_SIZE);
        assert!(listings.iter().all(|l| l["status"] == "For Sale" && l["comments"] == "kept"));
        assert_eq!(listings[16]["release"]["title"], "Archive Pressing No. 17");

        let items = ebay_items(&json!({"itemId": "x", "buyingOptions": ["FIXED_PRICE"]}));
        let ids: std::collections::HashSet<_> = items.iter().map(|i| i["itemId"].as_str()).collect();
        assert_eq!(ids.len(), BULK_SIZE);
        assert!(items.iter().all(|i| i["buyingOptions"][0] == "FIXED_PRICE"));
        let price: f64 = items[0]["price"]["value"].as_str().and_then(|p| p.parse().ok()).unwrap_or_default();
        assert!((9.0..=60.0).contains(&price), "{price}");
    }
}
