//! Discogs answers → domain types: releases, want-list and collection items, inventory listings
//! and release offers (`Listing` of kind `release_offer` built from marketplace statistics).

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::model::{
    CollectionItem, RawBasicInformation, RawCollectionRelease, RawListing, RawSearchHit, RawStats, RawVersion, RawWant,
    ReleaseInfo, ReleaseStats, WantItem,
};
use crate::domain::listing::{Listing, ListingKind, SellerInfo};
use crate::domain::money::Money;
use crate::domain::platform::Platform;
use crate::market::endpoints::Endpoints;

/// `Nirvana (2)` → `Nirvana`: Discogs numbers artists that share a name.
pub fn artist_name(name: &str) -> String {
    let trimmed = name.trim();
    if let Some(open) = trimmed.rfind(" (")
        && let Some(inner) = trimmed[open + 2..].strip_suffix(')')
        && !inner.is_empty()
        && inner.bytes().all(|b| b.is_ascii_digit())
    {
        return trimmed[..open].trim_end().to_string();
    }
    trimmed.to_string()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn timestamp(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?.trim()).ok().map(|t| t.with_timezone(&Utc))
}

pub(crate) fn release_from_basic(raw: RawBasicInformation) -> ReleaseInfo {
    let mut formats = Vec::new();
    for f in raw.formats {
        if !f.name.is_empty() && !formats.contains(&f.name) {
            formats.push(f.name);
        }
        formats.extend(f.descriptions);
    }
    ReleaseInfo {
        release_id: raw.id,
        master_id: raw.master_id.filter(|id| *id != 0),
        title: raw.title,
        artists: raw.artists.iter().map(|a| artist_name(&a.name)).filter(|a| !a.is_empty()).collect(),
        year: raw.year.filter(|y| *y != 0),
        formats,
        catalog_number: raw.labels.iter().find_map(|l| non_empty(l.catno.clone())),
        labels: raw.labels.into_iter().map(|l| l.name).filter(|n| !n.is_empty()).collect(),
        country: None,
        genres: raw.genres,
        styles: raw.styles,
        thumb: non_empty(raw.thumb),
        cover_image: non_empty(raw.cover_image),
    }
}

fn basic(value: &Value) -> Option<ReleaseInfo> {
    serde_json::from_value::<RawBasicInformation>(value.clone()).ok().map(release_from_basic)
}

pub(crate) fn want(raw: RawWant) -> Option<WantItem> {
    Some(WantItem {
        release: basic(&raw.basic_information)?,
        date_added: timestamp(raw.date_added.as_deref()),
        notes: raw.notes.unwrap_or_default(),
        rating: raw.rating,
        basic_information: raw.basic_information,
    })
}

pub(crate) fn collection_item(raw: RawCollectionRelease) -> Option<CollectionItem> {
    Some(CollectionItem {
        instance_id: raw.instance_id,
        folder_id: raw.folder_id,
        release: basic(&raw.basic_information)?,
        date_added: timestamp(raw.date_added.as_deref()),
        rating: raw.rating,
        basic_information: raw.basic_information,
    })
}

/// A vinyl release of a master, or `None` for another format. The version's title has no artist:
/// the master's (the want's) artist is the caller's to add.
pub(crate) fn version(raw: RawVersion, master_id: u64) -> Option<ReleaseInfo> {
    let vinyl = raw.major_formats.iter().any(|f| f.eq_ignore_ascii_case("vinyl"))
        || raw.format.as_deref().is_some_and(|f| f.to_ascii_lowercase().contains("vinyl") || f.contains("LP"));
    if !vinyl {
        return None;
    }
    Some(ReleaseInfo {
        release_id: raw.id,
        master_id: Some(master_id),
        title: raw.title.trim().to_string(),
        year: raw.released.as_deref().and_then(|r| r.get(..4)).and_then(|y| y.parse().ok()).filter(|y| *y != 0),
        formats: raw.format.into_iter().filter(|f| !f.is_empty()).collect(),
        labels: raw.label.into_iter().filter(|l| !l.is_empty()).collect(),
        catalog_number: non_empty(raw.catno),
        country: non_empty(raw.country),
        ..ReleaseInfo::default()
    })
}

/// A database search hit. Discogs titles hits `Artist - Title` and gives the year as text.
pub(crate) fn search_hit(raw: RawSearchHit) -> ReleaseInfo {
    let (artists, title) = match raw.title.split_once(" - ") {
        Some((a, t)) => (vec![artist_name(a)], t.trim().to_string()),
        None => (Vec::new(), raw.title.trim().to_string()),
    };
    let year = match &raw.year {
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(Value::Number(n)) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        _ => None,
    };
    ReleaseInfo {
        release_id: raw.id,
        master_id: raw.master_id.filter(|id| *id != 0),
        title,
        artists,
        year: year.filter(|y| *y != 0),
        formats: raw.format,
        labels: raw.label,
        catalog_number: non_empty(raw.catno),
        country: non_empty(raw.country),
        genres: raw.genre,
        styles: raw.style,
        thumb: non_empty(raw.thumb),
        cover_image: non_empty(raw.cover_image),
    }
}

pub(crate) fn stats(raw: RawStats) -> ReleaseStats {
    ReleaseStats {
        lowest_price: raw.lowest_price.as_ref().and_then(|p| p.money()),
        num_for_sale: raw.num_for_sale.unwrap_or(0),
        blocked_from_sale: raw.blocked_from_sale,
    }
}

/// The cheapest copy of a release on the marketplace, as a listing without a seller that links to
/// the release's sell page. `None` when nothing is for sale.
pub fn release_offer(release: &ReleaseInfo, stats: &ReleaseStats, endpoints: &Endpoints) -> Option<Listing> {
    let price = stats.lowest_price.filter(|p| !p.is_zero())?;
    if stats.num_for_sale == 0 || stats.blocked_from_sale {
        return None;
    }
    let mut listing = Listing::new(Platform::Discogs, release.release_id.to_string(), release.full_title(), price);
    listing.kind = ListingKind::ReleaseOffer { for_sale: stats.num_for_sale };
    listing.artist = Some(release.artist()).filter(|a| !a.is_empty());
    listing.release_title = Some(release.title.clone()).filter(|t| !t.is_empty());
    listing.year = release.year;
    listing.format = Some(release.formats.join(", ")).filter(|f| !f.is_empty());
    listing.catalog_number = release.catalog_number.clone();
    listing.release_id = Some(release.release_id);
    listing.master_id = release.master_id;
    listing.label = release.labels.first().cloned();
    listing.web_url = Some(format!("{}/sell/release/{}", endpoints.discogs_web, release.release_id));
    listing.image_url = release.cover_image.clone().or_else(|| release.thumb.clone());
    plausible(listing)
}

fn percentage(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').parse().ok(),
        _ => None,
    }
}

/// One inventory listing. `None` for a listing no longer for sale or (logged) without a usable price.
pub(crate) fn inventory_listing(raw: RawListing, endpoints: &Endpoints) -> Option<Listing> {
    if raw.status.as_deref().is_some_and(|s| s != "For Sale") {
        return None;
    }
    let Some(price) = raw.price.money() else {
        tracing::warn!(listing_id = raw.id, "Discogs listing without a usable price; skipped");
        return None;
    };
    let release = raw.release;
    let artist = release.artist.as_deref().map(artist_name).filter(|a| !a.is_empty());
    let title = non_empty(release.description.clone()).unwrap_or_else(|| match (&artist, &release.title) {
        (Some(a), Some(t)) => format!("{a} - {t}"),
        (_, Some(t)) => t.clone(),
        (Some(a), None) => a.clone(),
        (None, None) => format!("Release {}", release.id),
    });
    let mut listing = Listing::new(Platform::Discogs, raw.id.to_string(), title, price)
        .with_conditions(raw.condition.as_deref(), raw.sleeve_condition.as_deref());
    listing.artist = artist;
    listing.release_title = non_empty(release.title);
    listing.year = release.year.filter(|y| *y != 0);
    listing.format = non_empty(release.format);
    listing.catalog_number = non_empty(release.catalog_number);
    listing.release_id = Some(release.id);
    listing.shipping = raw.shipping_price.as_ref().and_then(|p| p.money());
    listing.web_url = non_empty(raw.uri).or_else(|| Some(format!("{}/sell/item/{}", endpoints.discogs_web, raw.id)));
    listing.image_url = non_empty(release.thumbnail);
    listing.posted_at = timestamp(raw.posted.as_deref());
    let stats = raw.seller.stats.as_ref();
    let username = raw.seller.username.trim().to_string();
    listing.seller = Some(SellerInfo {
        url: non_empty(raw.seller.html_url)
            .or_else(|| (!username.is_empty()).then(|| format!("{}/seller/{username}/profile", endpoints.discogs_web))),
        name: if username.is_empty() { "Unknown".to_string() } else { username.clone() },
        id: username,
        location: non_empty(raw.ships_from),
        feedback_percentage: stats.and_then(|s| s.rating.as_ref()).and_then(percentage),
        feedback_count: stats.and_then(|s| s.total),
        estimated_shipping: None,
    });
    plausible(listing)
}

/// The listing, unless an amount of it is one no marketplace can mean (logged and dropped).
fn plausible(listing: Listing) -> Option<Listing> {
    match listing.implausible_amount() {
        Some(amount) => {
            tracing::warn!(listing_id = %listing.listing_id, %amount, "Discogs listing with an implausible amount; skipped");
            None
        }
        None => Some(listing),
    }
}

/// Just the money of a price object, for tests and callers holding raw JSON.
pub fn price_of(value: &Value) -> Option<Money> {
    serde_json::from_value::<super::model::RawPrice>(value.clone()).ok()?.money()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::condition::Grade;
    use crate::domain::money::Currency;
    use serde_json::json;

    #[test]
    fn artist_suffixes_are_dropped() {
        assert_eq!(artist_name("Nirvana (2)"), "Nirvana");
        assert_eq!(artist_name("Sigur Rós"), "Sigur Rós");
        assert_eq!(artist_name("Earth, Wind & Fire (Live)"), "Earth, Wind & Fire (Live)");
    }

    #[test]
    fn inventory_listing_is_normalised() {
        let raw: RawListing = serde_json::from_value(json!({
            "id": 1726238861, "status": "For Sale",
            "price": {"currency": "EUR", "value": 24.5},
            "shipping_price": {"currency": "EUR", "value": 7.0},
            "condition": "Very Good Plus (VG+)", "sleeve_condition": "Generic",
            "ships_from": "Germany", "posted": "2024-03-01T10:15:00-08:00",
            "uri": "https://www.discogs.com/sell/item/1726238861",
            "seller": {"id": 42, "username": "crate_diggers_berlin", "html_url": "https://www.discogs.com/seller/crate_diggers_berlin/profile",
                       "stats": {"rating": "99.6", "stars": 5.0, "total": 2318}},
            "release": {"id": 249504, "description": "Miles Davis - Kind Of Blue (LP, Album, RE, 180)",
                        "artist": "Miles Davis", "title": "Kind Of Blue", "year": 2015, "format": "LP, Album, RE, 180",
                        "catalog_number": "CS 8163", "thumbnail": "https://i.discogs.com/kob.jpg"}
        }))
        .unwrap();
        let l = inventory_listing(raw, &Endpoints::production()).unwrap();
        assert_eq!(l.listing_id, "1726238861");
        assert_eq!(l.price, Money::new(2450, Currency::EUR));
        assert_eq!(l.shipping, Some(Money::new(700, Currency::EUR)));
        assert_eq!(l.media_grade, Some(Grade::VeryGoodPlus));
        assert_eq!(l.sleeve_grade, None);
        assert_eq!(l.release_id, Some(249504));
        assert_eq!(l.artist.as_deref(), Some("Miles Davis"));
        assert_eq!(l.release_title.as_deref(), Some("Kind Of Blue"));
        let s = l.seller.unwrap();
        assert_eq!(
            (s.id.as_str(), s.location.as_deref(), s.feedback_percentage, s.feedback_count),
            ("crate_diggers_berlin", Some("Germany"), Some(99.6), Some(2318))
        );
        assert_eq!(l.posted_at.unwrap().to_rfc3339(), "2024-03-01T18:15:00+00:00");
    }

    #[test]
    fn inventory_listings_with_implausible_amounts_are_dropped() {
        let raw = |price: f64, shipping: f64| -> RawListing {
            serde_json::from_value(json!({
                "id": 1, "status": "For Sale",
                "price": {"currency": "USD", "value": price}, "shipping_price": {"currency": "USD", "value": shipping},
                "seller": {"username": "s"}, "release": {"id": 2, "description": "A - B"}
            }))
            .unwrap()
        };
        assert!(inventory_listing(raw(12.5, 3.0), &Endpoints::production()).is_some());
        for (price, shipping) in [(1e13, 3.0), (12.5, 5e6), (-2.0, 3.0)] {
            assert!(inventory_listing(raw(price, shipping), &Endpoints::production()).is_none(), "{price} {shipping}");
        }
    }

    #[test]
    fn release_offers_need_copies_for_sale() {
        let hit: RawSearchHit = serde_json::from_value(json!({
            "id": 2587869, "type": "release", "title": "The Beatles - Abbey Road", "year": "1969", "master_id": 24047,
            "format": ["Vinyl", "LP", "Album", "Stereo"], "label": ["Apple Records"], "catno": "PCS 7088",
            "cover_image": "https://i.discogs.com/ar.jpg"
        }))
        .unwrap();
        let release = search_hit(hit);
        assert_eq!(
            (release.artist().as_str(), release.title.as_str(), release.year),
            ("The Beatles", "Abbey Road", Some(1969))
        );
        let stats =
            ReleaseStats { lowest_price: Some(Money::usd_cents(3999)), num_for_sale: 12, blocked_from_sale: false };
        let offer = release_offer(&release, &stats, &Endpoints::production()).unwrap();
        assert_eq!(offer.kind, ListingKind::ReleaseOffer { for_sale: 12 });
        assert_eq!(offer.listing_id, "2587869");
        assert_eq!((offer.master_id, offer.label.as_deref()), (Some(24047), Some("Apple Records")));
        assert_eq!(offer.title, "The Beatles - Abbey Road");
        assert_eq!(offer.web_url.as_deref(), Some("https://www.discogs.com/sell/release/2587869"));
        assert!(offer.scored_seller().is_none());
        let none = ReleaseStats { num_for_sale: 0, ..stats.clone() };
        assert!(release_offer(&release, &none, &Endpoints::production()).is_none());
        let absurd = ReleaseStats { lowest_price: Some(Money::usd_cents(100_000_001)), ..stats.clone() };
        assert!(release_offer(&release, &absurd, &Endpoints::production()).is_none());
        assert_eq!(price_of(&json!({"currency": "JPY", "value": 4800.0})), Some(Money::new(4800, Currency::JPY)));
    }
}
