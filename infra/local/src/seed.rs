//! Synthetic results for a search, so benchmarks can measure reads of a realistic search
//! without depending on a marketplace.

use chrono::{Duration, Utc};
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::listing::{Listing, SellerInfo, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::store::{Store, StoreError};

const ARTISTS: [&str; 8] = [
    "Miles Davis",
    "John Coltrane",
    "Nina Simone",
    "Bill Evans",
    "Thelonious Monk",
    "Chet Baker",
    "Sonny Rollins",
    "Art Blakey",
];
const TITLES: [&str; 8] = [
    "Kind of Blue",
    "Blue Train",
    "Pastel Blues",
    "Waltz for Debby",
    "Brilliant Corners",
    "Chet",
    "Saxophone Colossus",
    "Moanin'",
];

/// Writes `count` results (both platforms, a dozen sellers, some wanted) for the search.
pub async fn seed_results(store: &Store, search: SearchId, count: usize) -> Result<(), StoreError> {
    let now = Utc::now();
    for i in 0..count {
        let platform = if i % 3 == 0 { Platform::Discogs } else { Platform::Ebay };
        let (artist, title) = (ARTISTS[i % ARTISTS.len()], TITLES[(i / 3) % TITLES.len()]);
        let mut listing = Listing::new(
            platform,
            format!("bench-{i}"),
            format!("{artist} - {title}"),
            Money::usd_cents(1500 + (i as i64 * 37) % 4000),
        )
        .with_conditions(Some("Very Good Plus (VG+)"), Some("Very Good (VG)"));
        listing.artist = Some(artist.to_owned());
        listing.release_title = Some(title.to_owned());
        listing.shipping = Some(Money::usd_cents(500));
        listing.web_url = Some(format!("https://example.invalid/item/{i}"));
        listing.seller = Some(SellerInfo {
            id: format!("seller-{}", i % 12),
            name: format!("Seller {}", i % 12),
            location: Some(["US", "Germany", "London, UK", "Japan"][i % 4].to_owned()),
            feedback_percentage: Some(97.0 + (i % 3) as f64),
            feedback_count: Some(100 * (i as u64 % 20)),
            estimated_shipping: None,
            url: None,
        });
        let mut result =
            StoredResult::new(uuid::Uuid::new_v4().to_string(), listing).wanted(i % 7 == 0).owned(i % 11 == 0);
        result.created_at = Some(now - Duration::minutes(i as i64));
        store.put_result(search, &result).await?;
    }
    Ok(())
}
