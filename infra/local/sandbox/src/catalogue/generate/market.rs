//! What is for sale: the generated Discogs sellers' listings and eBay sellers' items of the
//! generated releases, priced from what each pressing is worth, in each seller's currency.

use rand::Rng;

use super::super::ebay_titles;
use super::super::model::{DiscogsListing, DiscogsSeller, EbayItem, EbaySeller, Release, Shipping, Size};
use super::super::words::{DISCOGS_SHOPS, EBAY_CONDITIONS, EBAY_SHOPS, LISTING_COMMENTS, MEDIA_GRADES, SLEEVE_GRADES};
use super::{Data, discogs_time, ebay_time, pick, weighted};
use crate::rates::{Currency, Price};

/// Listing ids of generated Discogs listings start here (the fixtures' are near 3 000 000 000).
const FIRST_LISTING: u64 = 4_100_000_000;
/// Legacy ids of generated eBay items start here (the fixtures' are near 204 512 000 000).
const FIRST_ITEM: u64 = 126_000_000_000;

/// Adds the sellers and what they sell of the releases from index `first` on.
pub(super) fn generate(data: &mut Data, rng: &mut impl Rng, first: usize) {
    let discogs_first = data.discogs_sellers.len();
    for (i, shop) in DISCOGS_SHOPS.iter().enumerate() {
        let total = rng.random_range(40..12_000);
        data.discogs_sellers.push(DiscogsSeller {
            id: 5_000_000 + i as u64 * 7_919,
            username: shop.username.to_string(),
            ships_from: shop.ships_from.to_string(),
            currency: shop.currency,
            rating: format!("{:.1}", rng.random_range(97.0..100.0)),
            stars: if rng.random_bool(0.7) { 5.0 } else { 4.5 },
            total,
            shipping_terms: format!(
                "Ships from {}, {} within {} business days.",
                shop.city,
                shop.ships_from,
                rng.random_range(1..=4)
            ),
            payment: pick(rng, &["PayPal", "PayPal, Bank Transfer", "Credit Card, PayPal"]).to_string(),
            min_order_total: if rng.random_bool(0.2) { 10.0 } else { 0.0 },
        });
    }
    let ebay_first = data.ebay_sellers.len();
    for shop in EBAY_SHOPS {
        data.ebay_sellers.push(EbaySeller {
            username: shop.username.to_string(),
            feedback_percentage: format!("{:.1}", rng.random_range(96.5..100.0)),
            feedback_score: rng.random_range(40..60_000),
            country: shop.country.to_string(),
            city: shop.city.to_string(),
            postal_code: Some(shop.postal_code.to_string()),
            state: Some(shop.state.to_string()).filter(|s| !s.is_empty()),
            domestic_only: shop.domestic_only,
        });
    }
    let mut next_listing = FIRST_LISTING;
    let mut next_item = FIRST_ITEM;
    for index in first..data.releases.len() {
        let release = data.releases[index].clone();
        if release.blocked_from_sale || !release.searchable {
            continue;
        }
        let value = value_usd_cents(rng, &release);
        for _ in 0..copies(rng, &release) {
            next_listing += rng.random_range(1..=25_000);
            let seller = discogs_seller(rng, &release, discogs_first);
            let listing = listing(rng, data, next_listing, &release, seller, value);
            data.listings.push(listing);
        }
        for _ in 0..ebay_copies(rng, &release) {
            next_item += rng.random_range(1..=90_000);
            let seller = ebay_seller(rng, &release, ebay_first);
            data.items.push(item(rng, data, next_item, &release, seller, value));
        }
    }
}

/// Copies on the Discogs marketplace: more of what many collectors have, none of some records.
fn copies(rng: &mut impl Rng, release: &Release) -> u32 {
    match release.have {
        h if h > 3_000 => rng.random_range(2..=7),
        h if h > 500 => rng.random_range(1..=4),
        h if h > 80 => rng.random_range(0..=3),
        _ => rng.random_range(0..=1),
    }
}

fn ebay_copies(rng: &mut impl Rng, release: &Release) -> u32 {
    match release.have {
        h if h > 3_000 => rng.random_range(1..=4),
        h if h > 300 => rng.random_range(0..=3),
        _ => u32::from(rng.random_bool(0.45)),
    }
}

/// What a Near Mint copy sells for, in US cents.
fn value_usd_cents(rng: &mut impl Rng, release: &Release) -> i64 {
    let year = release.year.unwrap_or(1990);
    let famous = release.have > 3_500 && release.original;
    let cents = match (release.original, release.size) {
        (true, _) if famous && release.label() == "Blue Note" && year < 1968 => rng.random_range(25_000..150_000),
        (true, _) if famous && year < 1975 => rng.random_range(6_000..40_000),
        (true, _) if famous => rng.random_range(2_500..12_000),
        (true, Size::Seven) => rng.random_range(300..2_500),
        (true, Size::Twelve) => rng.random_range(600..4_000),
        (true, _) => rng.random_range(900..6_000) + i64::from(release.have.min(4_000)) * 2,
        (false, _) if release.country == "Japan" => rng.random_range(3_500..9_000),
        (false, Size::Seven) => rng.random_range(400..1_500),
        (false, Size::DoubleLp) => rng.random_range(2_800..5_500),
        (false, _) if year >= 2000 => rng.random_range(2_200..4_500),
        (false, _) => rng.random_range(1_200..5_000),
    };
    cents.max(199)
}

fn discogs_seller(rng: &mut impl Rng, release: &Release, first: usize) -> usize {
    let japanese = release.country == "Japan";
    let weights: Vec<(usize, u32)> = DISCOGS_SHOPS
        .iter()
        .enumerate()
        .map(|(i, shop)| {
            let mut w = shop.size;
            if release.genres.iter().any(|g| g == shop.speciality) {
                w *= 4;
            }
            if japanese && shop.ships_from == "Japan" {
                w *= 5;
            }
            (i, w)
        })
        .collect();
    first + weighted(rng, &weights, |(_, w)| *w).map_or(0, |(i, _)| *i)
}

fn ebay_seller(rng: &mut impl Rng, release: &Release, first: usize) -> usize {
    let japanese = release.country == "Japan";
    let techno = release.genres.iter().any(|g| g == "Electronic");
    let jazz = release.genres.iter().any(|g| g == "Jazz");
    let weights: Vec<(usize, u32)> = EBAY_SHOPS
        .iter()
        .enumerate()
        .map(|(i, shop)| {
            let w = match shop.username {
                "detroit_techno_vault" | "technoladen_frankfurt" if techno => 12,
                "jazzman_estate_sales" if jazz => 12,
                _ if japanese && shop.country == "JP" => 15,
                _ => 3,
            };
            (i, w)
        })
        .collect();
    first + weighted(rng, &weights, |(_, w)| *w).map_or(0, |(i, _)| *i)
}

/// A price in `currency`, rounded the way sellers price (whole yen to the ten, cents to .00/.49/.99
/// or any cent).
fn priced(rng: &mut impl Rng, usd_cents: i64, currency: Currency) -> Price {
    let converted = Price::new(usd_cents, Currency::USD).convert(currency);
    let minor = match currency.decimals() {
        0 => (converted.minor / 10).max(1) * 10,
        _ => match rng.random_range(0..4) {
            0 => (converted.minor / 100) * 100 + 99,
            1 => ((converted.minor + 50) / 100).max(1) * 100,
            _ => converted.minor,
        },
    };
    Price::new(minor.max(1), currency)
}

fn listing(rng: &mut impl Rng, data: &Data, id: u64, release: &Release, seller: usize, value: i64) -> DiscogsListing {
    let (grade, _, factor) = *weighted(rng, &MEDIA_GRADES, |(_, w, _)| *w).unwrap_or(&MEDIA_GRADES[1]);
    let markup = rng.random_range(0.8..1.3);
    let currency = data.discogs_sellers[seller].currency;
    let shop = DISCOGS_SHOPS.iter().find(|s| s.username == data.discogs_sellers[seller].username);
    let sleeve = match release.size {
        Size::Seven | Size::Twelve if rng.random_bool(0.4) => "Generic".to_string(),
        _ if grade == "Mint (M)" => "Mint (M)".to_string(),
        _ => pick(rng, &SLEEVE_GRADES[..6]).to_string(),
    };
    let sleeve = if rng.random_bool(0.05) { "Not Graded".to_string() } else { sleeve };
    DiscogsListing {
        id,
        release_id: release.id,
        seller,
        price: priced(rng, (value as f64 * factor * markup) as i64, currency),
        shipping: shop.and_then(|s| s.shipping).map(|minor| Price::new(minor, currency)),
        condition: grade.to_string(),
        sleeve_condition: sleeve,
        comments: pick(rng, &LISTING_COMMENTS).to_string(),
        posted: discogs_time(rng, 600),
        allow_offers: rng.random_bool(0.4),
    }
}

fn item(rng: &mut impl Rng, data: &Data, legacy_id: u64, release: &Release, seller: usize, value: i64) -> EbayItem {
    let shop = &EBAY_SHOPS[seller - (data.ebay_sellers.len() - EBAY_SHOPS.len())];
    let recent = release.year.is_some_and(|y| y >= 2000);
    let new = recent && rng.random_bool(0.6) || rng.random_bool(0.04);
    let (condition, condition_id) = if new {
        EBAY_CONDITIONS[0]
    } else if rng.random_bool(0.8) {
        EBAY_CONDITIONS[1]
    } else {
        *pick(rng, &EBAY_CONDITIONS[2..])
    };
    let auction = rng.random_bool(0.12);
    let factor = if auction { rng.random_range(0.3..0.8) } else { rng.random_range(0.75..1.4) };
    // What sellers add about the music: the record's own genre or styles.
    let genre_words: Vec<&str> = release.genres.iter().chain(&release.styles).map(String::as_str).collect();
    EbayItem {
        legacy_id,
        release_id: Some(release.id),
        title: ebay_titles::title(rng, release, new, &genre_words),
        seller,
        price: priced(rng, (value as f64 * factor) as i64, shop.currency),
        auction,
        best_offer: !auction && rng.random_bool(0.25),
        condition: condition.to_string(),
        condition_id: condition_id.to_string(),
        created: ebay_time(rng, 60),
        marketplace: match shop.country {
            "GB" => "EBAY_GB",
            "DE" => "EBAY_DE",
            "FR" => "EBAY_FR",
            "IT" => "EBAY_IT",
            "ES" => "EBAY_ES",
            "NL" => "EBAY_NL",
            "CA" => "EBAY_CA",
            "AU" => "EBAY_AU",
            _ => "EBAY_US",
        }
        .to_string(),
        shipping: Shipping { domestic: shop.domestic, international: shop.international },
        aspects: release.aspect_words(),
        popularity: release.have,
    }
}
