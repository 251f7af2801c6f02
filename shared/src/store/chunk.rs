//! Writing one chunk of a run's results with a few batched requests (docs/performance.md#result-writer):
//! one pack of the chunk's results, each result's price point when its price is new, each seller
//! once per run, and per release one part of the day's price rollup aggregated over the chunk, all
//! as `BatchWriteItem` puts (25 items a request). Nothing is read per result: what the search held
//! before the run (`Priors`, from the packs other runs wrote) is read once per run by the caller.
//!
//! Redelivery: a chunk's decisions depend only on the priors (fixed while the run is open), its
//! listings and its time — the fetch time its fetcher stamped on it (or, for a chunk without one,
//! the time its first delivery's pack records) — and a new result's id is derived from the
//! search and the listing, so a chunk delivered again decides exactly what its first delivery
//! decided and overwrites its own pack, price points and rollup parts with the same items.
//!
//! Sellers: a Lambda writing a run's chunks writes each seller once per run; the caller passes
//! the ones it wrote for earlier chunks.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::packed::item_data;
use super::prices::{add_price, price_point_item, release_part_item};
use super::results::{PackedResult, Priors, pack_items};
use super::run_lists::ReleaseSets;
use super::runs::ChunkStats;
use super::sellers::seller_item;
use super::{Item, Store, StoreError, keys};
use crate::domain::ids::{RunId, SearchId};
use crate::domain::listing::{Listing, StoredResult};
use crate::domain::money::Currency;
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
    /// What the search held before the run.
    pub priors: &'a Priors,
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

/// A new result's id: the same for a listing however often, and in however many chunks, a run
/// sees it.
fn new_result_id(search: SearchId, platform: Platform, listing_id: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("{search}#{platform}#{listing_id}").as_bytes()).to_string()
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
        let seen = match chunk.fetched_at {
            Some(at) => at,
            None => self.own_pack_time(search, &writer).await?.unwrap_or(now),
        };

        let mut stats = ChunkStats::default();
        let mut items = Vec::with_capacity(listings.len() * 2);
        let mut packed = Vec::with_capacity(listings.len());
        // Per release and currency: a day's rollup never adds prices of two currencies.
        let mut days: BTreeMap<(u64, Currency), Option<DayPrices>> = BTreeMap::new();
        let mut sellers: HashMap<String, Item> = HashMap::new();
        for listing in listings {
            let prior = chunk.priors.get(&(listing.platform, listing.listing_id.clone()));
            let previous = prior.map(|p| p.price);
            let is_wanted = listing.want.is_some() || listing.release_id.is_some_and(|r| sets.wanted.contains(&r));
            let is_owned = listing.release_id.is_some_and(|r| sets.owned.contains(&r));
            let result = StoredResult {
                id: prior
                    .map_or_else(|| new_result_id(search, listing.platform, &listing.listing_id), |p| p.id.clone()),
                listing: listing.clone(),
                is_in_wantlist: is_wanted,
                is_in_collection: is_owned,
                created_at: Some(prior.and_then(|p| p.created_at).unwrap_or(seen)),
                item_match: None,
            };
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

    /// When this chunk's first delivery saw its listings, from the pack it wrote (chunks from
    /// before fetchers stamped their time).
    async fn own_pack_time(&self, search: SearchId, writer: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let prefix = format!("{}{writer}#", keys::RESULT_PACK_PREFIX);
        let items = self.query_prefix_items(&keys::search_pk(search), &prefix).await?;
        let Some(item) = items.first() else { return Ok(None) };
        Ok(item_data::<Vec<PackedResult>>(item)?.first().map(|e| e.seen))
    }
}
