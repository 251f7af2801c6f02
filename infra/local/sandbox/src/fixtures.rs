//! The hand-written fixture files (Discogs-shaped and eBay-shaped JSON), read once at start into
//! the catalogue's records. Their records come first in the catalogue and keep every id, price
//! and seller the tests written against them rely on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::catalogue::Data;
use crate::catalogue::model::{
    Credit, DiscogsListing, DiscogsSeller, EbayItem, EbaySeller, Format, LabelCredit, Master, Owned, Release, Shipping,
    Size, Want,
};
use crate::catalogue::text::words;
use crate::rates::{Currency, Price};

#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("cannot read fixture {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("fixture {path} does not have the expected shape: {source}")]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("fixture {path}: unknown currency {currency:?}")]
    Currency { path: PathBuf, currency: String },
}

fn read<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Result<T, FixtureError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|source| FixtureError::Read { path: path.clone(), source })?;
    serde_json::from_str(&text).map_err(|source| FixtureError::Json { path, source })
}

// --- the files' shapes ------------------------------------------------------------------------

#[derive(Deserialize)]
struct Releases {
    releases: Vec<RawRelease>,
}

#[derive(Deserialize)]
struct RawRelease {
    id: u64,
    master_id: Option<u64>,
    title: String,
    year: Option<u16>,
    formats: Vec<RawFormat>,
    labels: Vec<RawLabel>,
    artists: Vec<RawArtist>,
    #[serde(default)]
    genres: Vec<String>,
    #[serde(default)]
    styles: Vec<String>,
    #[serde(default)]
    country: String,
}

#[derive(Deserialize)]
struct RawFormat {
    qty: String,
    #[serde(default)]
    descriptions: Vec<String>,
}

#[derive(Deserialize)]
struct RawLabel {
    id: u64,
    name: String,
    catno: String,
}

#[derive(Deserialize)]
struct RawArtist {
    id: u64,
    name: String,
}

#[derive(Deserialize)]
struct Inventory {
    listings: Vec<RawListing>,
}

#[derive(Deserialize)]
struct RawListing {
    id: u64,
    condition: String,
    sleeve_condition: String,
    comments: String,
    ships_from: String,
    posted: String,
    allow_offers: bool,
    price: RawPrice,
    shipping_price: Option<RawPrice>,
    seller: RawSeller,
    release: RawListingRelease,
}

#[derive(Deserialize)]
struct RawPrice {
    currency: String,
    value: f64,
}

#[derive(Deserialize)]
struct RawSeller {
    id: u64,
    username: String,
    stats: RawSellerStats,
    min_order_total: f64,
    payment: String,
    shipping: String,
}

#[derive(Deserialize)]
struct RawSellerStats {
    rating: String,
    stars: f64,
    total: u32,
}

#[derive(Deserialize)]
struct RawListingRelease {
    id: u64,
    stats: Option<RawReleaseStats>,
}

#[derive(Deserialize)]
struct RawReleaseStats {
    community: RawCommunity,
}

#[derive(Deserialize)]
struct RawCommunity {
    in_wantlist: u32,
    in_collection: u32,
}

#[derive(Deserialize)]
struct Wants {
    wants: Vec<RawWant>,
}

#[derive(Deserialize)]
struct RawWant {
    id: u64,
    rating: u8,
    notes: String,
    date_added: String,
}

#[derive(Deserialize)]
struct Collection {
    releases: Vec<RawOwned>,
}

#[derive(Deserialize)]
struct RawOwned {
    id: u64,
    instance_id: u64,
    folder_id: u64,
    rating: u8,
    date_added: String,
    #[serde(default)]
    notes: Vec<RawNote>,
}

#[derive(Deserialize)]
struct RawNote {
    field_id: u8,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemSummaries {
    item_summaries: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawItem {
    legacy_item_id: String,
    title: String,
    seller: RawEbaySeller,
    condition: String,
    condition_id: String,
    shipping_options: Vec<RawShippingOption>,
    buying_options: Vec<String>,
    item_location: RawLocation,
    item_creation_date: String,
    listing_marketplace_id: String,
    price: Option<RawAmount>,
    current_bid_price: Option<RawAmount>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEbaySeller {
    username: String,
    feedback_percentage: String,
    feedback_score: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawShippingOption {
    shipping_cost: RawAmount,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLocation {
    country: String,
    city: String,
    postal_code: Option<String>,
    state_or_province: Option<String>,
}

#[derive(Deserialize)]
struct RawAmount {
    value: String,
    currency: String,
}

// --- into the catalogue -----------------------------------------------------------------------

fn currency(dir: &Path, name: &str, code: &str) -> Result<Currency, FixtureError> {
    Currency::parse(code).ok_or_else(|| FixtureError::Currency { path: dir.join(name), currency: code.to_string() })
}

fn size(formats: &[RawFormat]) -> Size {
    let descriptions: Vec<&str> = formats.iter().flat_map(|f| f.descriptions.iter().map(String::as_str)).collect();
    let quantity: u32 = formats.iter().filter_map(|f| f.qty.parse::<u32>().ok()).sum();
    if descriptions.contains(&"7\"") {
        Size::Seven
    } else if descriptions.contains(&"12\"") {
        Size::Twelve
    } else if quantity >= 2 {
        Size::DoubleLp
    } else {
        Size::Lp
    }
}

/// What an international parcel adds to a fixture item's domestic postage, in its currency.
fn international_surcharge(currency: Currency) -> i64 {
    match currency {
        Currency::GBP => 900,
        Currency::EUR => 1_000,
        Currency::JPY => 1_500,
        _ => 1_500,
    }
}

/// Reads the fixture files into `data`.
pub fn load(dir: &Path, data: &mut Data) -> Result<(), FixtureError> {
    let inventory: Inventory = read(dir, "discogs/inventory.json")?;
    let community: HashMap<u64, (u32, u32)> = inventory
        .listings
        .iter()
        .filter_map(|l| {
            l.release.stats.as_ref().map(|s| (l.release.id, (s.community.in_wantlist, s.community.in_collection)))
        })
        .collect();
    let releases: Releases = read(dir, "discogs/releases.json")?;
    for r in releases.releases {
        let (want, have) = community.get(&r.id).copied().unwrap_or((1_500, 3_500));
        let descriptions: Vec<&str> =
            r.formats.iter().flat_map(|f| f.descriptions.iter().map(String::as_str)).collect();
        let release = Release {
            id: r.id,
            master_id: r.master_id,
            title: r.title,
            artists: r.artists.into_iter().map(|a| Credit { id: a.id, name: a.name }).collect(),
            labels: r.labels.into_iter().map(|l| LabelCredit { id: l.id, name: l.name, catno: l.catno }).collect(),
            year: r.year,
            released: r.year.map(|y| y.to_string()),
            country: r.country,
            original: !descriptions.contains(&"Reissue"),
            size: size(&r.formats),
            formats: r
                .formats
                .into_iter()
                .map(|f| Format { qty: f.qty.parse().unwrap_or(1), descriptions: f.descriptions, text: None })
                .collect(),
            genres: r.genres,
            styles: r.styles,
            want,
            have,
            barcode: None,
            searchable: true,
            blocked_from_sale: false,
            featured: true,
        };
        if let Some(id) = release.master_id {
            data.masters.push(Master {
                id,
                title: release.title.clone(),
                artists: release.artists.clone(),
                year: release.year,
                genres: release.genres.clone(),
                styles: release.styles.clone(),
                main_release: release.id,
                versions: vec![release.id],
            });
        }
        data.releases.push(release);
    }
    let file = "discogs/inventory.json";
    let mut sellers: HashMap<String, usize> = HashMap::new();
    for l in inventory.listings {
        let listing_currency = currency(dir, file, &l.price.currency)?;
        let seller = match sellers.get(&l.seller.username) {
            Some(at) => *at,
            None => {
                data.discogs_sellers.push(DiscogsSeller {
                    id: l.seller.id,
                    username: l.seller.username.clone(),
                    ships_from: l.ships_from.clone(),
                    currency: listing_currency,
                    rating: l.seller.stats.rating,
                    stars: l.seller.stats.stars,
                    total: l.seller.stats.total,
                    shipping_terms: l.seller.shipping,
                    payment: l.seller.payment,
                    min_order_total: l.seller.min_order_total,
                });
                sellers.insert(l.seller.username, data.discogs_sellers.len() - 1);
                data.discogs_sellers.len() - 1
            }
        };
        let shipping = match l.shipping_price {
            Some(p) => Some(Price::from_decimal(p.value, currency(dir, file, &p.currency)?)),
            None => None,
        };
        data.listings.push(DiscogsListing {
            id: l.id,
            release_id: l.release.id,
            seller,
            price: Price::from_decimal(l.price.value, listing_currency),
            shipping,
            condition: l.condition,
            sleeve_condition: l.sleeve_condition,
            comments: l.comments,
            posted: l.posted,
            allow_offers: l.allow_offers,
        });
    }
    let wants: Wants = read(dir, "discogs/wants.json")?;
    data.wants.extend(wants.wants.into_iter().map(|w| Want {
        release_id: w.id,
        notes: w.notes,
        date_added: w.date_added,
        rating: w.rating,
    }));
    let collection: Collection = read(dir, "discogs/collection.json")?;
    data.collection.extend(collection.releases.into_iter().map(|c| Owned {
        release_id: c.id,
        instance_id: c.instance_id,
        folder_id: c.folder_id,
        rating: c.rating,
        date_added: c.date_added,
        notes: c.notes.into_iter().map(|n| (n.field_id, n.value)).collect(),
    }));
    data.identity = read(dir, "discogs/identity.json")?;
    data.ebay_user = read::<Value>(dir, "ebay/user.json")?;
    load_items(dir, data)
}

fn load_items(dir: &Path, data: &mut Data) -> Result<(), FixtureError> {
    let file = "ebay/item_summaries.json";
    let summaries: ItemSummaries = read(dir, file)?;
    let mut sellers: HashMap<String, usize> = HashMap::new();
    for raw in summaries.item_summaries {
        let seller = match sellers.get(&raw.seller.username) {
            Some(at) => *at,
            None => {
                data.ebay_sellers.push(EbaySeller {
                    username: raw.seller.username.clone(),
                    feedback_percentage: raw.seller.feedback_percentage,
                    feedback_score: raw.seller.feedback_score,
                    country: raw.item_location.country,
                    city: raw.item_location.city,
                    postal_code: raw.item_location.postal_code,
                    state: raw.item_location.state_or_province,
                    domestic_only: false,
                });
                sellers.insert(raw.seller.username, data.ebay_sellers.len() - 1);
                data.ebay_sellers.len() - 1
            }
        };
        let auction = raw.buying_options.iter().any(|o| o == "AUCTION");
        let Some(amount) = raw.price.or(raw.current_bid_price) else { continue };
        let item_currency = currency(dir, file, &amount.currency)?;
        let price = Price::from_decimal(amount.value.parse().unwrap_or(0.0), item_currency);
        let domestic = raw
            .shipping_options
            .first()
            .and_then(|o| o.shipping_cost.value.parse::<f64>().ok())
            .map_or(0, |v| Price::from_decimal(v, item_currency).minor);
        // The record the seller sells: the fixture release whose artist the title names (for cover
        // images and item specifics; the fixtures' artists are all different).
        let title_words = words(&raw.title);
        let release = data.releases.iter().find(|r| {
            let mut artist = words(&r.artist());
            artist.retain(|w| w != "the" && w.parse::<u32>().is_err());
            artist.iter().all(|w| title_words.contains(w))
        });
        data.items.push(EbayItem {
            legacy_id: raw.legacy_item_id.parse().unwrap_or_default(),
            release_id: release.map(|r| r.id),
            title: raw.title,
            seller,
            price,
            auction,
            best_offer: raw.buying_options.iter().any(|o| o == "BEST_OFFER"),
            condition: raw.condition,
            condition_id: raw.condition_id,
            created: raw.item_creation_date,
            marketplace: raw.listing_marketplace_id,
            shipping: Shipping { domestic, international: domestic + international_surcharge(item_currency) },
            aspects: release.map(|r| r.aspect_words()).unwrap_or_default(),
            popularity: u32::MAX,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fixtures_load_with_their_ids_and_prices() {
        let mut data = Data::default();
        load(&crate::default_fixtures_dir(), &mut data).unwrap();
        assert_eq!(data.releases.len(), 12);
        assert_eq!(data.listings.len(), 32);
        assert_eq!(data.discogs_sellers.len(), 6);
        assert_eq!((data.wants.len(), data.collection.len()), (5, 4));
        assert_eq!(data.items.len(), 20);
        let kob = data.listings.iter().find(|l| l.id == 3001329528).unwrap();
        assert_eq!((kob.release_id, kob.price), (3863517, Price::new(1952, Currency::USD)));
        let yen = data.listings.iter().find(|l| l.id == 3001384961).unwrap();
        assert_eq!(yen.price, Price::new(4154, Currency::JPY));
        let kob_items: Vec<_> = data.items.iter().filter(|i| i.release_id == Some(3863517)).collect();
        assert_eq!(kob_items.len(), 2, "both Kind of Blue items know their record");
        assert!(data.items.iter().all(|i| i.release_id.is_some()), "every fixture item names a fixture record");
        assert_eq!(data.identity["username"], "sandbox_digger");
    }
}
