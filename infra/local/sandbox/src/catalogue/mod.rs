//! The sandbox's catalogue: the hand-written fixtures, the followed-seller archive and a generated
//! catalogue of a few thousand releases, built once at start from a seed and indexed for the
//! searches both marketplaces answer.

pub mod ebay_titles;
pub mod generate;
pub mod index;
pub mod model;
pub mod search;
pub mod text;
pub mod words;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::fixtures::{self, FixtureError};
use crate::generated;
use crate::rates::{Currency, Price};
use index::{Index, field};
use model::{DiscogsListing, DiscogsSeller, EbayItem, EbaySeller, Master, Owned, Release, Size, Want};
use search::{DiscogsQuery, EbayQuery, EbaySort, SearchType, same_market};

/// The seed of the catalogue the sandbox serves unless told otherwise.
pub const DEFAULT_SEED: u64 = 1959;

/// Everything the catalogue holds, before indexing.
#[derive(Debug, Default)]
pub struct Data {
    pub releases: Vec<Release>,
    pub masters: Vec<Master>,
    pub discogs_sellers: Vec<DiscogsSeller>,
    pub listings: Vec<DiscogsListing>,
    pub ebay_sellers: Vec<EbaySeller>,
    pub items: Vec<EbayItem>,
    pub wants: Vec<Want>,
    pub collection: Vec<Owned>,
    /// `GET /oauth/identity` as Discogs answers it.
    pub identity: Value,
    /// `GET /commerce/identity/v1/user/` as eBay answers it.
    pub ebay_user: Value,
}

impl Data {
    pub fn release(&self, id: u64) -> Option<&Release> {
        self.releases.iter().find(|r| r.id == id)
    }
}

/// Marketplace statistics of one release.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub lowest: Option<Price>,
    pub for_sale: usize,
    pub blocked: bool,
}

/// How a seller's inventory is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventorySort {
    Listed,
    Price,
}

#[derive(Debug)]
pub struct Catalogue {
    seed: u64,
    data: Data,
    release_at: HashMap<u64, usize>,
    master_at: HashMap<u64, usize>,
    seller_at: HashMap<String, usize>,
    /// Per Discogs seller: listing indices, newest first.
    inventories: Vec<Vec<usize>>,
    listings_of: HashMap<u64, Vec<usize>>,
    items_of: HashMap<u64, Vec<usize>>,
    item_at: HashMap<u64, usize>,
    listing_at: HashMap<u64, usize>,
    wanted: HashSet<u64>,
    owned: HashSet<u64>,
    discogs_index: Index,
    ebay_index: Index,
}

impl Catalogue {
    /// The fixtures in `fixtures_dir`, the archive, and the catalogue generated from `seed`.
    pub fn load(fixtures_dir: &Path, seed: u64) -> Result<Self, FixtureError> {
        let mut data = Data::default();
        fixtures::load(fixtures_dir, &mut data)?;
        generated::add_archive(&mut data);
        generate::generate(&mut data, seed);
        Ok(Self::index(data, seed))
    }

    fn index(data: Data, seed: u64) -> Self {
        let release_at = data.releases.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let master_at = data.masters.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        let seller_at = data.discogs_sellers.iter().enumerate().map(|(i, s)| (s.username.to_lowercase(), i)).collect();
        let mut inventories = vec![Vec::new(); data.discogs_sellers.len()];
        let mut listings_of: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, listing) in data.listings.iter().enumerate() {
            if let Some(inventory) = inventories.get_mut(listing.seller) {
                inventory.push(i);
            }
            listings_of.entry(listing.release_id).or_default().push(i);
        }
        for inventory in &mut inventories {
            // RFC 3339 times of one offset sort as text.
            inventory.sort_by(|a, b| data.listings[*b].posted.cmp(&data.listings[*a].posted).then(a.cmp(b)));
        }
        let mut items_of: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, item) in data.items.iter().enumerate() {
            if let Some(release) = item.release_id {
                items_of.entry(release).or_default().push(i);
            }
        }
        let mut discogs_index = Index::default();
        for (i, r) in data.releases.iter().enumerate().filter(|(_, r)| r.searchable) {
            let doc = i as u32;
            discogs_index.add(doc, &r.title, field::TITLE);
            for artist in &r.artists {
                discogs_index.add(doc, &artist.name, field::ARTIST);
            }
            for label in &r.labels {
                discogs_index.add(doc, &label.name, field::LABEL);
                discogs_index.add(doc, &label.catno, field::CATNO);
            }
            for genre in &r.genres {
                discogs_index.add(doc, genre, field::GENRE);
            }
            for style in &r.styles {
                discogs_index.add(doc, style, field::STYLE);
            }
            discogs_index.add(doc, "Vinyl", field::FORMAT);
            for f in &r.formats {
                discogs_index.add(doc, &f.descriptions.join(" "), field::FORMAT);
            }
            discogs_index.add(doc, &r.country, field::COUNTRY);
            if let Some(year) = r.year {
                discogs_index.add(doc, &year.to_string(), field::YEAR);
            }
            if let Some(barcode) = &r.barcode {
                discogs_index.add(doc, barcode, field::BARCODE);
            }
        }
        let mut ebay_index = Index::default();
        for (i, item) in data.items.iter().enumerate() {
            ebay_index.add(i as u32, &item.title, field::TITLE);
            ebay_index.add(i as u32, &item.aspects.join(" "), field::ASPECT);
        }
        let item_at = data.items.iter().enumerate().map(|(i, item)| (item.legacy_id, i)).collect();
        let listing_at = data.listings.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
        let wanted = data.wants.iter().map(|w| w.release_id).collect();
        let owned = data.collection.iter().map(|c| c.release_id).collect();
        Self {
            seed,
            data,
            release_at,
            master_at,
            seller_at,
            inventories,
            listings_of,
            items_of,
            item_at,
            listing_at,
            wanted,
            owned,
            discogs_index,
            ebay_index,
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn data(&self) -> &Data {
        &self.data
    }

    pub fn release(&self, id: u64) -> Option<&Release> {
        self.release_at.get(&id).map(|i| &self.data.releases[*i])
    }

    pub fn master(&self, id: u64) -> Option<&Master> {
        self.master_at.get(&id).map(|i| &self.data.masters[*i])
    }

    pub fn is_wanted(&self, release_id: u64) -> bool {
        self.wanted.contains(&release_id)
    }

    pub fn is_owned(&self, release_id: u64) -> bool {
        self.owned.contains(&release_id)
    }

    /// Releases a database search finds, most relevant first.
    pub fn search_releases(&self, query: &DiscogsQuery) -> Vec<&Release> {
        if query.kind == SearchType::Other {
            return Vec::new();
        }
        let hits = self.discogs_index.search(&query.terms, &[], search::discogs_weight).unwrap_or_else(|| {
            self.data.releases.iter().enumerate().filter(|(_, r)| r.searchable).map(|(i, _)| (i as u32, 0)).collect()
        });
        let mut ranked: Vec<(&Release, u32)> =
            hits.into_iter().map(|(doc, score)| (&self.data.releases[doc as usize], score)).collect();
        ranked.sort_by(|(a, sa), (b, sb)| {
            sb.cmp(sa).then(b.featured.cmp(&a.featured)).then(b.have.cmp(&a.have)).then(a.id.cmp(&b.id))
        });
        ranked.into_iter().map(|(r, _)| r).collect()
    }

    /// Masters a database search with `type=master` finds: those of the releases found, in order.
    pub fn search_masters(&self, query: &DiscogsQuery) -> Vec<&Master> {
        let releases = self.search_releases(&DiscogsQuery { terms: query.terms.clone(), kind: SearchType::Release });
        let mut seen = HashSet::new();
        releases
            .into_iter()
            .filter_map(|r| r.master_id)
            .filter(|id| seen.insert(*id))
            .filter_map(|id| self.master(id))
            .collect()
    }

    /// Copies for sale of a release, in the order they were listed.
    pub fn listings_of(&self, release_id: u64) -> impl Iterator<Item = &DiscogsListing> {
        self.listings_of.get(&release_id).into_iter().flatten().map(|i| &self.data.listings[*i])
    }

    /// eBay items of a release.
    pub fn items_of(&self, release_id: u64) -> impl Iterator<Item = &EbayItem> {
        self.items_of.get(&release_id).into_iter().flatten().map(|i| &self.data.items[*i])
    }

    /// `GET /marketplace/stats/{id}` in `currency`; `None` for an unknown release.
    pub fn stats(&self, release_id: u64, currency: Currency) -> Option<Stats> {
        let release = self.release(release_id)?;
        if release.blocked_from_sale {
            return Some(Stats { lowest: None, for_sale: 0, blocked: true });
        }
        let prices: Vec<Price> = self.listings_of(release_id).map(|l| l.price.convert(currency)).collect();
        let lowest = prices.iter().min_by_key(|p| p.minor).copied();
        Some(Stats { lowest, for_sale: prices.len(), blocked: false })
    }

    pub fn discogs_seller(&self, username: &str) -> Option<(usize, &DiscogsSeller)> {
        let at = *self.seller_at.get(&username.to_lowercase())?;
        Some((at, &self.data.discogs_sellers[at]))
    }

    pub fn discogs_seller_at(&self, index: usize) -> Option<&DiscogsSeller> {
        self.data.discogs_sellers.get(index)
    }

    /// A seller's listings for sale in the order asked for.
    pub fn inventory(&self, seller: usize, sort: InventorySort, descending: bool) -> Vec<&DiscogsListing> {
        let mut listings: Vec<&DiscogsListing> =
            self.inventories.get(seller).into_iter().flatten().map(|i| &self.data.listings[*i]).collect();
        match sort {
            InventorySort::Listed if !descending => listings.reverse(),
            InventorySort::Listed => {}
            InventorySort::Price => {
                listings.sort_by_key(|l| (l.price.convert(Currency::USD).minor, l.id));
                if descending {
                    listings.reverse();
                }
            }
        }
        listings
    }

    pub fn ebay_seller_at(&self, index: usize) -> Option<&EbaySeller> {
        self.data.ebay_sellers.get(index)
    }

    /// What sending `item` to `buyer` (ISO country) costs, in the item's currency; `None` when
    /// the seller does not ship there.
    pub fn shipping_to(&self, item: &EbayItem, buyer: &str) -> Option<Price> {
        let seller = self.ebay_seller_at(item.seller)?;
        let minor = if seller.country.eq_ignore_ascii_case(buyer) {
            item.shipping.domestic
        } else if seller.domestic_only {
            return None;
        } else if same_market(&seller.country, buyer) {
            (item.shipping.domestic + item.shipping.international) / 2
        } else {
            item.shipping.international
        };
        Some(Price::new(minor, item.price.currency))
    }

    /// Items an eBay search finds for a buyer in `buyer`, in the order asked for.
    pub fn search_items(&self, query: &EbayQuery, buyer: &str) -> Vec<&EbayItem> {
        if !query.in_category() {
            return Vec::new();
        }
        let hits = self.ebay_index.search(&query.terms, &query.excluded, search::ebay_weight).unwrap_or_else(|| {
            (0..self.data.items.len() as u32)
                .filter(|i| query.excluded.iter().all(|w| !self.ebay_index.holds(w, *i)))
                .map(|i| (i, 0))
                .collect()
        });
        let f = &query.filter;
        let mut found: Vec<(usize, u32)> = hits
            .into_iter()
            .map(|(doc, score)| (doc as usize, score))
            .filter(|(i, _)| {
                let item = &self.data.items[*i];
                let Some(seller) = self.ebay_seller_at(item.seller) else {
                    return false;
                };
                f.admits_condition(&item.condition_id)
                    && f.admits_price(item.price)
                    && f.item_location_country.as_ref().is_none_or(|c| seller.country.eq_ignore_ascii_case(c))
                    && f.delivery_country.as_ref().is_none_or(|c| self.shipping_to(item, c).is_some())
                    && f.sellers.as_ref().is_none_or(|s| s.contains(&seller.username))
                    && f.exclude_sellers.as_ref().is_none_or(|s| !s.contains(&seller.username))
                    && f.buying_options.as_ref().is_none_or(|options| {
                        options.iter().any(|o| match o.as_str() {
                            "AUCTION" => item.auction,
                            "FIXED_PRICE" => !item.auction,
                            "BEST_OFFER" => item.best_offer,
                            _ => false,
                        })
                    })
            })
            .collect();
        let items = &self.data.items;
        let landed = |i: usize| {
            let item = &items[i];
            let shipping = self.shipping_to(item, buyer).map_or(0, |s| s.convert(Currency::USD).minor);
            item.price.convert(Currency::USD).minor + shipping
        };
        match query.sort {
            EbaySort::BestMatch => found.sort_by(|(a, sa), (b, sb)| {
                sb.cmp(sa).then(items[*b].popularity.cmp(&items[*a].popularity)).then(a.cmp(b))
            }),
            EbaySort::Price => found.sort_by_cached_key(|(i, _)| (landed(*i), *i)),
            EbaySort::PriceDescending => found.sort_by_cached_key(|(i, _)| (std::cmp::Reverse(landed(*i)), *i)),
            EbaySort::NewlyListed => {
                found.sort_by(|(a, _), (b, _)| items[*b].created.cmp(&items[*a].created).then(a.cmp(b)))
            }
        }
        found.into_iter().map(|(i, _)| &items[i]).collect()
    }

    pub fn item(&self, legacy_id: u64) -> Option<&EbayItem> {
        self.item_at.get(&legacy_id).map(|i| &self.data.items[*i])
    }

    pub fn listing(&self, id: u64) -> Option<&DiscogsListing> {
        self.listing_at.get(&id).map(|i| &self.data.listings[*i])
    }

    /// How many of each thing the catalogue holds.
    pub fn counts(&self) -> Counts {
        let d = &self.data;
        let currencies = |it: &mut dyn Iterator<Item = Currency>| it.collect::<HashSet<_>>().len();
        Counts {
            releases: d.releases.len(),
            searchable_releases: d.releases.iter().filter(|r| r.searchable).count(),
            masters: d.masters.len(),
            discogs_sellers: d.discogs_sellers.len(),
            listings: d.listings.len(),
            listing_currencies: currencies(&mut d.listings.iter().map(|l| l.price.currency)),
            ebay_sellers: d.ebay_sellers.len(),
            items: d.items.len(),
            item_currencies: currencies(&mut d.items.iter().map(|i| i.price.currency)),
            wants: d.wants.len(),
            collection: d.collection.len(),
            twelve_inches: d.releases.iter().filter(|r| r.size == Size::Twelve).count(),
        }
    }
}

/// Sizes of the catalogue, as `GET /_sandbox/catalogue` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub releases: usize,
    pub searchable_releases: usize,
    pub masters: usize,
    pub discogs_sellers: usize,
    pub listings: usize,
    pub listing_currencies: usize,
    pub ebay_sellers: usize,
    pub items: usize,
    pub item_currencies: usize,
    pub wants: usize,
    pub collection: usize,
    pub twelve_inches: usize,
}

#[cfg(test)]
mod tests;
