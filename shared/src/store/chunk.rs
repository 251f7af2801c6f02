//! Writing one chunk of a run's results with a few batched requests (docs/performance.md#result-writer):
//! the chunk's existing results are read with `BatchGetItem` (100 keys a request), and
//! everything it writes goes out as `BatchWriteItem` puts (25 items a request): each result
//! whole, its price point, one pack of the chunk's results for the completion analysis, each
//! seller once, and per release one part of the day's price rollup aggregated over the chunk.
//!
//! Redelivery: every result item remembers the chunk that wrote it last (`written_by`), when
//! (`observed_at`) and the price it had before (`previous_price`). A chunk delivered again after
//! a crash finds its own mark on what it already wrote and reuses that state, so it decides
//! exactly what the first delivery decided: the same new results, drops and price points, and it
//! overwrites its own pack and rollup parts rather than adding to them. The chunk's time is the
//! one its fetcher stamped on it (or, for a chunk without one, the first delivery's, read from
//! its mark), so price points are keyed by the same time however often it is delivered, and
//! everything of a chunk is written at once, in any order.
//!
//! Sellers: a Lambda writing a run's chunks writes each seller once per run; the caller passes
//! the ones it wrote for earlier chunks.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::keys::attr;
use super::prices::{add_price, price_point_item, release_part_item};
use super::results::{PackedResult, pack_items, result_item};
use super::run_lists::ReleaseSets;
use super::runs::ChunkStats;
use super::sellers::seller_item;
use super::{Item, Store, StoreError, from_item, key_attrs, keys, names, s};
use crate::domain::ids::{RunId, SearchId};
use crate::domain::listing::{Listing, StoredResult};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;
use crate::domain::price_history::{DayPrices, PricePoint};

/// One chunk of one marketplace's listings for a run.
pub struct Chunk<'a> {
    pub search: SearchId,
    pub run: RunId,
    pub platform: Platform,
    pub chunk: u32,
    pub listings: &'a [Listing],
    /// When the fetcher had the listings (`None` in messages from before it stamped them).
    pub fetched_at: Option<DateTime<Utc>>,
    /// Sellers (by [`seller_memo_key`]) written for this run already: not written again.
    pub sellers_written: &'a HashSet<String>,
}

/// What a chunk wrote.
#[derive(Debug, Default)]
pub struct ChunkWritten {
    pub stats: ChunkStats,
    /// The sellers written, by [`seller_memo_key`].
    pub sellers: Vec<String>,
}

/// How a writer remembers a seller it wrote.
pub fn seller_memo_key(platform: Platform, seller: &str) -> String {
    format!("{platform}#{seller}")
}

/// What a result item says about its previous writes (the attributes the chunk reads back).
#[derive(Deserialize)]
struct Prior {
    #[serde(rename = "SK")]
    sk: String,
    id: String,
    #[serde(default)]
    created_at: Option<DateTime<Utc>>,
    /// Beside the packed listing; items from before it was packed have only the listing's.
    #[serde(default)]
    price: Option<Money>,
    #[serde(default)]
    listing: Option<PriorListing>,
    #[serde(default)]
    written_by: Option<String>,
    #[serde(default)]
    observed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    previous_price: Option<Money>,
}

#[derive(Deserialize)]
struct PriorListing {
    price: Money,
}

impl Prior {
    fn price(&self) -> Option<Money> {
        self.price.or(self.listing.as_ref().map(|l| l.price))
    }
}

impl Store {
    /// Writes the chunk; returns what it added to the run (new results, new want-list matches,
    /// price drops), the same however often it is delivered, and the sellers it wrote.
    pub async fn write_chunk(
        &self,
        chunk: &Chunk<'_>,
        sets: &ReleaseSets,
        now: DateTime<Utc>,
    ) -> Result<ChunkWritten, StoreError> {
        let search = chunk.search;
        let writer = keys::chunk_writer(chunk.run, chunk.platform, chunk.chunk);
        // A marketplace can list one item twice in an answer; the last copy wins (and a batch
        // write refuses two requests for one key).
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut listings: Vec<&Listing> = Vec::with_capacity(chunk.listings.len());
        for listing in chunk.listings {
            match index.get(listing.listing_id.as_str()) {
                Some(&i) => listings[i] = listing,
                None => {
                    index.insert(&listing.listing_id, listings.len());
                    listings.push(listing);
                }
            }
        }
        let priors = self.prior_results(search, &listings).await?;
        // When an earlier delivery of this chunk wrote part of it, its time is the chunk's time.
        let seen = priors
            .values()
            .find(|p| p.written_by.as_deref() == Some(writer.as_str()))
            .and_then(|p| p.observed_at)
            .or(chunk.fetched_at)
            .unwrap_or(now);

        let mut stats = ChunkStats::default();
        let mut items = Vec::with_capacity(listings.len() * 2);
        let mut packed = Vec::with_capacity(listings.len());
        // Per release and currency: a day's rollup never adds prices of two currencies.
        let mut days: BTreeMap<(u64, Currency), Option<DayPrices>> = BTreeMap::new();
        let mut sellers: HashMap<String, Item> = HashMap::new();
        for listing in listings {
            let sk = keys::search_result(search, listing.platform, &listing.listing_id).sk;
            let prior = priors.get(&sk);
            let previous = match prior {
                Some(p) if p.written_by.as_deref() == Some(writer.as_str()) => p.previous_price,
                Some(p) => p.price(),
                None => None,
            };
            let is_wanted = listing.want.is_some() || listing.release_id.is_some_and(|r| sets.wanted.contains(&r));
            let is_owned = listing.release_id.is_some_and(|r| sets.owned.contains(&r));
            let result = StoredResult {
                id: prior.map_or_else(|| Uuid::new_v4().to_string(), |p| p.id.clone()),
                listing: listing.clone(),
                is_in_wantlist: is_wanted,
                is_in_collection: is_owned,
                created_at: Some(prior.and_then(|p| p.created_at).unwrap_or(seen)),
                item_match: None,
            };
            let mut item = result_item(search, &result)?;
            item.insert(attr::WRITTEN_BY.into(), s(&writer));
            item.insert(attr::OBSERVED_AT.into(), serde_dynamo::to_attribute_value(seen)?);
            item.insert(attr::PREVIOUS_PRICE.into(), serde_dynamo::to_attribute_value(previous)?);
            items.push(item);

            let price = listing.price;
            if previous.is_none_or(|old| old != price) && !price.is_zero() {
                items.push(price_point_item(listing.platform, &listing.listing_id, &PricePoint { at: seen, price })?);
                if let Some(release) = listing.release_id {
                    add_price(days.entry((release, price.currency)).or_default(), seen.date_naive(), price);
                }
            }
            if let Some(old) = previous.filter(|old| old.currency == price.currency && price.minor < old.minor) {
                stats
                    .price_drops
                    .push(format!("{}#{}#{}#{}", listing.platform, listing.listing_id, old.minor, price.minor));
            }
            if previous.is_none() {
                stats.new_results += 1;
                if is_wanted {
                    stats.wanted.push(result.id.clone());
                }
            }
            if let Some(seller) = listing.seller.as_ref().filter(|s| !s.id.is_empty()) {
                let memo = seller_memo_key(listing.platform, &seller.id);
                if !chunk.sellers_written.contains(&memo) {
                    sellers.insert(memo, seller_item(listing.platform, seller, now)?);
                }
            }
            packed.push(PackedResult { seen, result });
        }
        items.extend(pack_items(search, &writer, &packed)?);
        for ((release, currency), day) in days {
            if let Some(day) = day {
                items.push(release_part_item(&release.to_string(), &format!("{writer}#{currency}"), &day)?);
            }
        }
        let sellers_written = sellers.keys().cloned().collect();
        items.extend(sellers.into_values());
        self.put_items(items).await?;
        Ok(ChunkWritten { stats, sellers: sellers_written })
    }

    /// The stored state of the listings' results that exist, by sort key.
    async fn prior_results(
        &self,
        search: SearchId,
        listings: &[&Listing],
    ) -> Result<HashMap<String, Prior>, StoreError> {
        let keys =
            listings.iter().map(|l| key_attrs(&keys::search_result(search, l.platform, &l.listing_id))).collect();
        let projection = "#SK, #id, #created_at, #price, #listing.#price, #written_by, #observed_at, #previous_price";
        let names = names(&[
            keys::SK,
            "id",
            "created_at",
            "listing",
            "price",
            attr::WRITTEN_BY,
            attr::OBSERVED_AT,
            attr::PREVIOUS_PRICE,
        ]);
        let items = self.batch_get(keys, Some((projection, names))).await?;
        items.into_iter().map(|item| from_item::<Prior>(item).map(|p| (p.sk.clone(), p))).collect()
    }
}
