//! The catalogue's records in Discogs' answer shapes. API links (`resource_url`, `master_url`,
//! pagination) point at the sandbox itself, so a client following them stays in the sandbox;
//! website links (`uri`, `html_url`) keep Discogs' site form; images are the sandbox's SVG covers.

use serde_json::{Value, json};

use crate::catalogue::model::{Credit, DiscogsListing, DiscogsSeller, Master, Owned, Release, Size, Want};
use crate::catalogue::{Catalogue, Stats};
use crate::images;
use crate::rates::{Currency, Price};

/// Discogs' numeric currency ids (`original_price.curr_id`).
fn currency_id(currency: Currency) -> u32 {
    match currency.as_str() {
        "USD" => 1,
        "GBP" => 2,
        "EUR" => 3,
        "CAD" => 4,
        "AUD" => 5,
        "JPY" => 6,
        "CHF" => 7,
        "MXN" => 8,
        "BRL" => 9,
        "NZD" => 10,
        "SEK" => 11,
        "ZAR" => 12,
        _ => 0,
    }
}

/// A price as Discogs writes amounts: a JSON number (`21.57`, `4154`).
pub fn amount(price: Price) -> Value {
    match price.currency.decimals() {
        0 => json!(price.minor),
        _ => json!(price.as_f64()),
    }
}

pub fn price(price: Price) -> Value {
    json!({"currency": price.currency.as_str(), "value": amount(price)})
}

fn original_price(p: Price) -> Value {
    json!({
        "curr_abbr": p.currency.as_str(), "curr_id": currency_id(p.currency),
        "formatted": format!("{} {}", p.decimal_text(), p.currency), "value": amount(p),
    })
}

/// `Miles-Davis-Milestones`, the slug of Discogs' page addresses.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// `Nirvana (2)` without Discogs' disambiguation number, as listing descriptions show artists.
fn display_name(name: &str) -> &str {
    match name.rsplit_once(" (") {
        Some((base, n))
            if n.strip_suffix(')').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) =>
        {
            base
        }
        _ => name,
    }
}

fn credits(credits: &[Credit], base: &str) -> Value {
    Value::Array(
        credits
            .iter()
            .map(|a| {
                json!({"name": a.name, "anv": "", "join": "", "role": "", "tracks": "", "id": a.id,
                       "resource_url": format!("{base}/artists/{}", a.id)})
            })
            .collect(),
    )
}

fn labels(r: &Release, base: &str) -> Value {
    Value::Array(
        r.labels
            .iter()
            .map(|l| {
                json!({"name": l.name, "catno": l.catno, "entity_type": "1", "entity_type_name": "Label", "id": l.id,
                       "resource_url": format!("{base}/labels/{}", l.id)})
            })
            .collect(),
    )
}

fn formats(r: &Release) -> Value {
    Value::Array(
        r.formats
            .iter()
            .map(|f| {
                let mut format = json!({"name": "Vinyl", "qty": f.qty.to_string(), "descriptions": f.descriptions});
                if let Some(text) = &f.text {
                    format["text"] = json!(text);
                }
                format
            })
            .collect(),
    )
}

/// `2xLP, Album, RE, 180g`: the short format listings and versions show.
pub fn short_format(r: &Release) -> String {
    let mut parts = Vec::new();
    for f in &r.formats {
        for (i, d) in f.descriptions.iter().enumerate() {
            let short = match d.as_str() {
                "Reissue" => "RE",
                "Remastered" => "RM",
                "Repress" => "RP",
                "Limited Edition" => "Ltd",
                other => other,
            };
            if i == 0 && f.qty > 1 {
                parts.push(format!("{}x{short}", f.qty));
            } else {
                parts.push(short.to_string());
            }
        }
        parts.extend(f.text.clone());
    }
    parts.join(", ")
}

/// The `basic_information` object of want-list and collection entries.
pub fn basic_information(r: &Release, base: &str) -> Value {
    json!({
        "id": r.id, "master_id": r.master_id.unwrap_or(0),
        "master_url": r.master_id.map(|m| format!("{base}/masters/{m}")),
        "resource_url": format!("{base}/releases/{}", r.id),
        "thumb": images::cover_url(base, r.id, true), "cover_image": images::cover_url(base, r.id, false),
        "title": r.title, "year": r.year.unwrap_or(0), "formats": formats(r), "labels": labels(r, base),
        "artists": credits(&r.artists, base), "genres": r.genres, "styles": r.styles,
    })
}

/// A database search hit of type `release`. `user` adds the sandbox user's `user_data`.
pub fn search_hit(c: &Catalogue, r: &Release, base: &str, user: bool) -> Value {
    let mut format = vec!["Vinyl".to_string()];
    format.extend(r.format_descriptions().iter().map(|d| d.to_string()));
    json!({
        "country": r.country, "year": r.year.map(|y| y.to_string()), "format": format,
        "label": r.labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        "type": "release", "genre": r.genres, "style": r.styles, "id": r.id,
        "barcode": r.barcode.iter().collect::<Vec<_>>(),
        "user_data": {"in_wantlist": user && c.is_wanted(r.id), "in_collection": user && c.is_owned(r.id)},
        "master_id": r.master_id.unwrap_or(0), "master_url": r.master_id.map(|m| format!("{base}/masters/{m}")),
        "uri": format!("/release/{}-{}", r.id, slug(&r.full_title())), "catno": r.catno(),
        "title": r.full_title(), "thumb": images::cover_url(base, r.id, true), "cover_image": images::cover_url(base, r.id, false),
        "resource_url": format!("{base}/releases/{}", r.id), "community": {"want": r.want, "have": r.have},
        "format_quantity": r.format_quantity(), "formats": formats(r),
    })
}

/// A database search hit of type `master`.
pub fn master_hit(c: &Catalogue, m: &Master, base: &str, user: bool) -> Value {
    let main = c.release(m.main_release);
    let artist = m.artists.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ");
    json!({
        "country": main.map(|r| r.country.as_str()), "year": m.year.map(|y| y.to_string()),
        "format": ["Vinyl"], "label": main.map(|r| vec![r.label()]).unwrap_or_default(),
        "type": "master", "genre": m.genres, "style": m.styles, "id": m.id, "master_id": m.id,
        "master_url": format!("{base}/masters/{}", m.id),
        "user_data": {"in_wantlist": user && m.versions.iter().any(|v| c.is_wanted(*v)),
                      "in_collection": user && m.versions.iter().any(|v| c.is_owned(*v))},
        "uri": format!("/master/{}-{}", m.id, slug(&format!("{artist} {}", m.title))),
        "catno": main.map(Release::catno), "title": format!("{artist} - {}", m.title),
        "thumb": images::cover_url(base, m.main_release, true), "cover_image": images::cover_url(base, m.main_release, false),
        "resource_url": format!("{base}/masters/{}", m.id),
        "community": {"want": main.map_or(0, |r| r.want), "have": main.map_or(0, |r| r.have)},
    })
}

/// A generated tracklist: the same for a release every time.
fn tracklist(r: &Release) -> Value {
    let (sides, per_side) = match r.size {
        Size::Lp => (2, 4 + r.id % 2),
        Size::DoubleLp => (4, 3 + r.id % 2),
        Size::Twelve => (2, 1 + r.id % 2),
        Size::Seven => (2, 1),
    };
    let mut tracks = Vec::new();
    let mut state = r.id;
    for side in 0..sides {
        for n in 1..=per_side {
            // SplitMix64: cheap, and well mixed in every bit.
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            let mixed = z ^ (z >> 31);
            let words = &crate::catalogue::words::TRACK_WORDS;
            let title = if side == 0 && n == 1 {
                r.title.clone()
            } else {
                words[(mixed % words.len() as u64) as usize].to_string()
            };
            let seconds = 150 + (mixed >> 32) % 420;
            let side_letter = char::from(b'A' + side as u8);
            let position = if per_side == 1 { side_letter.to_string() } else { format!("{side_letter}{n}") };
            tracks.push(json!({"position": position, "type_": "track", "title": title,
                               "duration": format!("{}:{:02}", seconds / 60, seconds % 60)}));
        }
    }
    Value::Array(tracks)
}

/// `GET /releases/{id}`, with the lowest price in `currency`.
pub fn release(r: &Release, base: &str, stats: &Stats) -> Value {
    let uri = format!("https://www.discogs.com/release/{}-{}", r.id, slug(&r.full_title()));
    json!({
        "id": r.id, "status": "Accepted", "year": r.year.unwrap_or(0), "resource_url": format!("{base}/releases/{}", r.id),
        "uri": uri, "artists": credits(&r.artists, base), "artists_sort": r.artist(), "labels": labels(r, base),
        "series": [], "companies": [], "formats": formats(r), "data_quality": "Correct",
        "community": {"have": r.have, "want": r.want, "rating": {"count": r.have / 20, "average": 3.5 + (r.id % 15) as f64 / 10.0},
                      "submitter": {"username": "sandbox_archivist", "resource_url": format!("{base}/users/sandbox_archivist")},
                      "contributors": [], "data_quality": "Correct", "status": "Accepted"},
        "format_quantity": r.format_quantity(), "date_added": "2012-03-04T10:20:30-07:00",
        "date_changed": "2025-11-02T08:15:00-07:00", "num_for_sale": stats.for_sale,
        "lowest_price": stats.lowest.map(amount), "master_id": r.master_id, "master_url": r.master_id.map(|m| format!("{base}/masters/{m}")),
        "title": r.title, "country": r.country, "released": r.released, "released_formatted": r.released,
        "notes": "", "identifiers": r.barcode.iter().map(|b| json!({"type": "Barcode", "value": b})).collect::<Vec<_>>(),
        "videos": [], "genres": r.genres, "styles": r.styles, "tracklist": tracklist(r), "extraartists": [],
        "images": [{"type": "primary", "uri": images::cover_url(base, r.id, false), "resource_url": images::cover_url(base, r.id, false),
                    "uri150": images::cover_url(base, r.id, true), "width": 600, "height": 600}],
        "thumb": images::cover_url(base, r.id, true), "estimated_weight": if r.size == Size::Seven { 60 } else { 230 * r.format_quantity() },
        "blocked_from_sale": r.blocked_from_sale,
    })
}

/// `GET /masters/{id}`.
pub fn master(c: &Catalogue, m: &Master, base: &str, stats: &Stats) -> Value {
    let latest =
        m.versions.iter().filter_map(|v| c.release(*v)).max_by_key(|r| (r.year, r.id)).map_or(m.main_release, |r| r.id);
    let main = c.release(m.main_release);
    json!({
        "id": m.id, "main_release": m.main_release, "most_recent_release": latest,
        "resource_url": format!("{base}/masters/{}", m.id),
        "uri": format!("https://www.discogs.com/master/{}-{}", m.id, slug(&m.title)),
        "versions_url": format!("{base}/masters/{}/versions", m.id),
        "main_release_url": format!("{base}/releases/{}", m.main_release),
        "most_recent_release_url": format!("{base}/releases/{latest}"),
        "num_for_sale": stats.for_sale, "lowest_price": stats.lowest.map(amount),
        "images": [{"type": "primary", "uri": images::cover_url(base, m.main_release, false),
                    "resource_url": images::cover_url(base, m.main_release, false),
                    "uri150": images::cover_url(base, m.main_release, true), "width": 600, "height": 600}],
        "genres": m.genres, "styles": m.styles, "year": m.year.unwrap_or(0),
        "tracklist": main.map(tracklist).unwrap_or_else(|| json!([])), "artists": credits(&m.artists, base),
        "title": m.title, "data_quality": "Correct", "videos": [],
    })
}

/// One entry of `GET /masters/{id}/versions`.
pub fn version(c: &Catalogue, r: &Release, base: &str, user: bool) -> Value {
    json!({
        "id": r.id, "label": r.label(), "country": r.country, "title": r.title, "major_formats": ["Vinyl"],
        "format": short_format(r), "catno": r.catno(), "released": r.released.clone().unwrap_or_default(),
        "status": "Accepted", "resource_url": format!("{base}/releases/{}", r.id), "thumb": images::cover_url(base, r.id, true),
        "stats": {"community": {"in_wantlist": r.want, "in_collection": r.have},
                  "user": {"in_wantlist": u32::from(user && c.is_wanted(r.id)), "in_collection": u32::from(user && c.is_owned(r.id))}},
    })
}

/// A marketplace listing as `users/{name}/inventory` and `marketplace/listings/{id}` return it.
pub fn listing(r: &Release, l: &DiscogsListing, s: &DiscogsSeller, base: &str) -> Value {
    let artist = r.artists.iter().map(|a| display_name(&a.name)).collect::<Vec<_>>().join(", ");
    let format = short_format(r);
    let mut listing = json!({
        "id": l.id, "resource_url": format!("{base}/marketplace/listings/{}", l.id),
        "uri": format!("https://www.discogs.com/sell/item/{}", l.id), "status": "For Sale",
        "condition": l.condition, "sleeve_condition": l.sleeve_condition, "comments": l.comments,
        "ships_from": s.ships_from, "posted": l.posted, "allow_offers": l.allow_offers, "offer_submitted": false,
        "audio": false, "price": price(l.price), "original_price": original_price(l.price),
        "seller": {
            "id": s.id, "username": s.username, "resource_url": format!("{base}/users/{}", s.username),
            "avatar_url": images::named_url(base, &format!("U-{}", s.id)),
            "stats": {"rating": s.rating, "stars": s.stars, "total": s.total}, "min_order_total": s.min_order_total,
            "html_url": format!("https://www.discogs.com/seller/{}/profile", s.username), "uid": s.id,
            "url": format!("{base}/users/{}", s.username), "payment": s.payment, "shipping": s.shipping_terms,
        },
        "release": {
            "catalog_number": r.catno(), "resource_url": format!("{base}/releases/{}", r.id), "year": r.year.unwrap_or(0),
            "id": r.id, "description": format!("{artist} - {} ({format})", r.title), "images": [],
            "artist": artist, "title": r.title, "format": format, "thumbnail": images::cover_url(base, r.id, true),
            "stats": {"community": {"in_wantlist": r.want, "in_collection": r.have}},
        },
    });
    if let Some(shipping) = l.shipping {
        listing["shipping_price"] = price(shipping);
        listing["original_shipping_price"] = original_price(shipping);
    }
    listing
}

pub fn want(w: &Want, r: &Release, base: &str, username: &str) -> Value {
    json!({
        "rating": w.rating, "resource_url": format!("{base}/users/{username}/wants/{}", r.id), "id": r.id,
        "notes": w.notes, "date_added": w.date_added, "basic_information": basic_information(r, base),
    })
}

pub fn owned(o: &Owned, r: &Release, base: &str) -> Value {
    json!({
        "id": r.id, "instance_id": o.instance_id, "folder_id": o.folder_id, "rating": o.rating,
        "date_added": o.date_added, "basic_information": basic_information(r, base),
        "notes": o.notes.iter().map(|(field, value)| json!({"field_id": field, "value": value})).collect::<Vec<_>>(),
    })
}

/// Discogs' `pagination` object; `url` builds the address of another page.
pub fn pagination(page: usize, pages: usize, per_page: usize, items: usize, url: impl Fn(usize) -> String) -> Value {
    let mut urls = serde_json::Map::new();
    if page > 1 {
        urls.insert("first".into(), json!(url(1)));
        urls.insert("prev".into(), json!(url(page - 1)));
    }
    if page < pages {
        urls.insert("next".into(), json!(url(page + 1)));
        urls.insert("last".into(), json!(url(pages)));
    }
    json!({"page": page, "pages": pages, "per_page": per_page, "items": items, "urls": urls})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms() {
        assert_eq!(slug("Miles Davis - 'Round About Midnight"), "Miles-Davis-Round-About-Midnight");
        assert_eq!(display_name("Nirvana (2)"), "Nirvana");
        assert_eq!(display_name("Earth (Live)"), "Earth (Live)");
        assert_eq!(amount(Price::new(4154, Currency::JPY)), json!(4154));
        assert_eq!(amount(Price::new(2157, Currency::USD)), json!(21.57));
        let p = pagination(2, 3, 100, 240, |n| format!("x?page={n}"));
        assert_eq!(p["urls"]["next"], "x?page=3");
        assert_eq!(p["urls"]["prev"], "x?page=1");
    }
}
