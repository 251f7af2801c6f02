//! The catalogue's records: releases grouped under masters, Discogs sellers and their listings,
//! eBay sellers and their items, and the sandbox user's want list and collection. Typed here;
//! `crate::json` writes them in the marketplaces' own shapes.

use super::text::words;
use crate::rates::{Currency, Price};

#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabelCredit {
    pub id: u64,
    pub name: String,
    pub catno: String,
}

/// One Discogs format entry: `Vinyl`, its quantity and descriptions (`LP`, `Album`, `12"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    pub qty: u8,
    pub descriptions: Vec<String>,
    /// Free text such as `180g` or `Gatefold`.
    pub text: Option<String>,
}

/// The physical kind of a release, which drives formats, eBay titles and prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Lp,
    DoubleLp,
    Twelve,
    Seven,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub id: u64,
    pub master_id: Option<u64>,
    pub title: String,
    pub artists: Vec<Credit>,
    pub labels: Vec<LabelCredit>,
    pub year: Option<u16>,
    /// `1959-08-17`, or just the year.
    pub released: Option<String>,
    /// Discogs' country names: `US`, `UK`, `Germany`, `Europe`, `Japan`.
    pub country: String,
    pub size: Size,
    pub formats: Vec<Format>,
    pub genres: Vec<String>,
    pub styles: Vec<String>,
    pub want: u32,
    pub have: u32,
    /// The first pressing of its master.
    pub original: bool,
    /// EAN-13 of pressings from the 1980s on.
    pub barcode: Option<String>,
    /// Discogs answers database searches with it. The followed-seller archive is the exception:
    /// its records are only ever found through that seller's inventory.
    pub searchable: bool,
    pub blocked_from_sale: bool,
    /// A hand-written fixture: first among equally relevant search hits, so the searches the
    /// fixtures were written for keep finding them on the first page.
    pub featured: bool,
}

impl Release {
    pub fn artist(&self) -> String {
        self.artists.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// `Miles Davis - Kind Of Blue`, as Discogs titles search hits.
    pub fn full_title(&self) -> String {
        format!("{} - {}", self.artist(), self.title)
    }

    pub fn label(&self) -> &str {
        self.labels.first().map_or("Not On Label", |l| l.name.as_str())
    }

    pub fn catno(&self) -> &str {
        self.labels.first().map_or("none", |l| l.catno.as_str())
    }

    /// Descriptions of every format, in order (`LP, Album, Reissue`).
    pub fn format_descriptions(&self) -> Vec<&str> {
        self.formats.iter().flat_map(|f| f.descriptions.iter().map(String::as_str)).collect()
    }

    pub fn format_quantity(&self) -> u32 {
        self.formats.iter().map(|f| u32::from(f.qty)).sum()
    }

    /// The words of the item specifics eBay sellers fill in for a copy: artist, album, label,
    /// catalogue number, genres, styles, size and year.
    pub fn aspect_words(&self) -> Vec<String> {
        let size = match self.size {
            Size::Lp | Size::DoubleLp => "LP 12\" Record",
            Size::Twelve => "12\" Single",
            Size::Seven => "7\" Single",
        };
        let year = self.year.map(|y| y.to_string()).unwrap_or_default();
        let mut all: Vec<String> = [self.artist().as_str(), &self.title, self.label(), self.catno(), size, &year]
            .into_iter()
            .chain(self.genres.iter().chain(&self.styles).map(String::as_str))
            .flat_map(words)
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Master {
    pub id: u64,
    pub title: String,
    pub artists: Vec<Credit>,
    pub year: Option<u16>,
    pub genres: Vec<String>,
    pub styles: Vec<String>,
    pub main_release: u64,
    /// Release ids, oldest pressing first.
    pub versions: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiscogsSeller {
    pub id: u64,
    pub username: String,
    /// Where listings ship from, as Discogs names it (`Germany`, `United States`).
    pub ships_from: String,
    pub currency: Currency,
    pub rating: String,
    pub stars: f64,
    pub total: u32,
    pub shipping_terms: String,
    pub payment: String,
    pub min_order_total: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiscogsListing {
    pub id: u64,
    pub release_id: u64,
    /// Index into the catalogue's Discogs sellers.
    pub seller: usize,
    pub price: Price,
    /// `None`: the seller quotes shipping at checkout.
    pub shipping: Option<Price>,
    pub condition: String,
    pub sleeve_condition: String,
    pub comments: String,
    /// RFC 3339, as Discogs writes it.
    pub posted: String,
    pub allow_offers: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EbaySeller {
    pub username: String,
    pub feedback_percentage: String,
    pub feedback_score: u64,
    /// ISO 3166 alpha-2.
    pub country: String,
    pub city: String,
    pub postal_code: Option<String>,
    pub state: Option<String>,
    /// Does not ship abroad.
    pub domestic_only: bool,
}

/// What one item costs to send, in the item's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipping {
    pub domestic: i64,
    pub international: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EbayItem {
    pub legacy_id: u64,
    /// The catalogue record the item sells, when known.
    pub release_id: Option<u64>,
    pub title: String,
    /// Index into the catalogue's eBay sellers.
    pub seller: usize,
    /// Buy It Now price, or the current bid of an auction.
    pub price: Price,
    pub auction: bool,
    pub best_offer: bool,
    pub condition: String,
    pub condition_id: String,
    /// RFC 3339 with milliseconds, as eBay writes it.
    pub created: String,
    pub marketplace: String,
    pub shipping: Shipping,
    /// Words the item's aspects add to title words in searches (artist, album, label, genre…).
    pub aspects: Vec<String>,
    /// Ranks equally relevant items: the record's popularity (highest for hand-written fixtures,
    /// like [`Release::featured`]).
    pub popularity: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Want {
    pub release_id: u64,
    pub notes: String,
    pub date_added: String,
    pub rating: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Owned {
    pub release_id: u64,
    pub instance_id: u64,
    pub folder_id: u64,
    pub rating: u8,
    pub date_added: String,
    /// Collection notes as `(field_id, value)`: media and sleeve grades.
    pub notes: Vec<(u8, String)>,
}
