//! The followed-seller archive beside the catalogue, big enough to page through and to benchmark
//! with: [`BULK_SELLER`]'s Discogs inventory and as many eBay items, the same [`BULK_SIZE`]
//! records on both ("The Sandbox Ensemble - Archive Pressing No. N"), with varied prices, grades,
//! shipping and sellers. Its records are never found by database search, and no other record
//! shares their words, so a search for them yields exactly the seller's inventory and these items.

use crate::catalogue::Data;
use crate::catalogue::model::{
    Credit, DiscogsListing, DiscogsSeller, EbayItem, EbaySeller, Format, LabelCredit, Release, Shipping, Size,
};
use crate::rates::{Currency, Price};

/// The Discogs seller whose inventory holds the archive.
pub const BULK_SELLER: &str = "archive_depot";
/// A query that finds every archive eBay item and every listing of [`BULK_SELLER`].
pub const BULK_QUERY: &str = "archive pressing";
/// Archive records per marketplace.
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

/// Prices spread over roughly 9–60 without a visible pattern.
fn price_cents(n: usize, salt: usize) -> i64 {
    900 + ((n * 7_919 + salt * 104_729) % 5_100) as i64
}

fn release(n: usize) -> Release {
    Release {
        id: 90_000_000 + n as u64,
        master_id: None,
        title: title(n),
        artists: vec![Credit { id: 7_700_100, name: ARTIST.to_string() }],
        labels: vec![LabelCredit { id: 77_001, name: "Sandbox Archive".to_string(), catno: format!("SBX-{n:04}") }],
        year: Some(1960 + (n % 40) as u16),
        released: Some((1960 + n % 40).to_string()),
        country: "US".to_string(),
        size: Size::Lp,
        formats: vec![Format { qty: 1, descriptions: vec!["LP".into(), "Album".into()], text: None }],
        genres: vec!["Jazz".to_string()],
        styles: vec!["Hard Bop".to_string()],
        want: 10,
        have: 40,
        original: true,
        barcode: None,
        searchable: false,
        blocked_from_sale: false,
        featured: false,
    }
}

/// Adds the archive's records, [`BULK_SELLER`] with its listings, and the eBay sellers with their
/// items.
pub fn add_archive(data: &mut Data) {
    data.releases.extend((1..=BULK_SIZE).map(release));
    data.discogs_sellers.push(DiscogsSeller {
        id: 7_700_001,
        username: BULK_SELLER.to_string(),
        ships_from: "United States".to_string(),
        currency: Currency::USD,
        rating: "99.1".to_string(),
        stars: 5.0,
        total: 4_210,
        shipping_terms: "Ships from Ohio, United States.".to_string(),
        payment: "PayPal".to_string(),
        min_order_total: 0.0,
    });
    let seller = data.discogs_sellers.len() - 1;
    data.listings.extend((1..=BULK_SIZE).map(|n| DiscogsListing {
        id: 3_900_000_000 + n as u64,
        release_id: 90_000_000 + n as u64,
        seller,
        price: Price::new(price_cents(n, 1), Currency::USD),
        shipping: Some(Price::new(if n % 3 == 0 { 600 } else { 950 }, Currency::USD)),
        condition: GRADES[n % GRADES.len()].to_string(),
        sleeve_condition: GRADES[(n / 2) % GRADES.len()].to_string(),
        comments: "Plays through cleanly. Ships in a sturdy mailer.".to_string(),
        // All listed at once: the inventory keeps its numbering order.
        posted: "2026-05-18T19:14:05-07:00".to_string(),
        allow_offers: true,
    }));
    let first_seller = data.ebay_sellers.len();
    data.ebay_sellers.extend(EBAY_SELLERS.iter().enumerate().map(|(i, (name, country, city))| EbaySeller {
        username: name.to_string(),
        feedback_percentage: "99.2".to_string(),
        feedback_score: 300 + i as u64 * 11,
        country: country.to_string(),
        city: city.to_string(),
        postal_code: None,
        state: None,
        domestic_only: false,
    }));
    data.items.extend((1..=BULK_SIZE).map(|n| {
        let shipping = 400 + (n % 5) as i64 * 150;
        EbayItem {
            legacy_id: 209_000_000_000 + n as u64,
            release_id: Some(90_000_000 + n as u64),
            title: format!("{ARTIST} - {} 12\" Vinyl Record", title(n)),
            seller: first_seller + n % EBAY_SELLERS.len(),
            price: Price::new(price_cents(n, 2), Currency::USD),
            auction: false,
            best_offer: false,
            condition: if n % 4 == 0 { "New" } else { "Used" }.to_string(),
            condition_id: if n % 4 == 0 { "1000" } else { "3000" }.to_string(),
            created: "2026-05-20T11:02:11.000Z".to_string(),
            marketplace: "EBAY_US".to_string(),
            shipping: Shipping { domestic: shipping, international: shipping + 1_200 },
            // Title words only: the archive stays out of every other search.
            aspects: Vec::new(),
            popularity: 0,
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_is_distinct_and_unsearchable() {
        let mut data = Data::default();
        add_archive(&mut data);
        assert_eq!((data.releases.len(), data.listings.len(), data.items.len()), (BULK_SIZE, BULK_SIZE, BULK_SIZE));
        let ids: std::collections::HashSet<_> = data.listings.iter().map(|l| l.id).collect();
        assert_eq!(ids.len(), BULK_SIZE);
        assert!(data.releases.iter().all(|r| !r.searchable));
        assert_eq!(data.releases[16].title, "Archive Pressing No. 17");
        let prices: Vec<f64> = data.items.iter().map(|i| i.price.as_f64()).collect();
        assert!(prices.iter().all(|p| (9.0..=60.0).contains(p)), "{prices:?}");
    }
}
