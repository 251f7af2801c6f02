//! The results of a saved search, kept in packs under the search's partition: each chunk of a
//! run writes one pack of its results (a few items however many results), the completion reads
//! them all and, when they span runs, replaces them by one. A listing in several packs is the
//! newest entry. The completion also writes the results page (S7's first page, in its order), so
//! reading it is one item. No item per result: on DynamoDB every item written is billed and
//! (locally) costs the emulator a fixed time, and results were half the writer's items
//! (docs/performance.md#result-writer).
//!
//! Searches written before packs-only kept one item per result (`RESULT#<platform>#<listing>`,
//! GSI2 open results): they are read until the search's next completed run writes its page.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::packed::{DATA, PackError, data_attribute, item_data, pack_parts, unpack};
use super::{Item, Store, StoreError, from_item, key_attrs, keys, s};
use crate::domain::ids::{RunId, SearchId};
use crate::domain::listing::{ItemMatchRef, StoredResult};
use crate::domain::money::Money;
use crate::domain::platform::Platform;

/// Most results S7 returns.
pub const RESULT_PAGE: usize = 100;

/// One result as a pack holds it, with when it was written, so the newest wins when a listing
/// is in several packs (a later run saw it again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackedResult {
    pub seen: DateTime<Utc>,
    pub result: StoredResult,
}

/// What the search held of a listing before a run: its id, first sighting and price.
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub id: String,
    pub created_at: Option<DateTime<Utc>>,
    pub price: Money,
}

/// The search's listings before a run, by (platform, listing id).
pub type Priors = ByListing<Prior>;

/// The items of a pack of results written by `writer`.
pub(crate) fn pack_items(search: SearchId, writer: &str, results: &[PackedResult]) -> Result<Vec<Item>, StoreError> {
    Ok(pack_parts(results)?
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let key = keys::result_pack(search, &format!("{writer}#{i:03}"));
            Item::from([
                (keys::PK.into(), s(key.pk)),
                (keys::SK.into(), s(key.sk)),
                (DATA.into(), data_attribute(part.bytes)),
            ])
        })
        .collect())
}

/// S7's first page of `results`: those the user does not own, want-list items first, then newest
/// first (ties: platform, then listing id, both descending), at most [`RESULT_PAGE`].
pub fn page_of(results: &[StoredResult]) -> Vec<StoredResult> {
    let mut open: Vec<&StoredResult> = results.iter().filter(|r| !r.is_in_collection).collect();
    let order = |r: &StoredResult| {
        (r.is_in_wantlist, r.created_at, r.listing.platform.to_string(), r.listing.listing_id.clone())
    };
    open.sort_by_cached_key(|r| std::cmp::Reverse(order(r)));
    open.into_iter().take(RESULT_PAGE).cloned().collect()
}

/// Every result of a search as its packs hold them, and the sort keys of the packs read.
pub struct PackedResults {
    pub results: Vec<StoredResult>,
    pub packs: Vec<String>,
    /// Whether a listing was in more than one pack, or a pack was not a chunk of `run`.
    pub worth_consolidating: bool,
}

/// Results by (platform, listing id).
type ByListing<T> = HashMap<(Platform, String), T>;

/// The newest entry of each listing in `items` (packs), and how many entries they held.
fn newest_entries<'a>(items: impl Iterator<Item = &'a Item>) -> Result<(ByListing<PackedResult>, usize), StoreError> {
    let mut newest: ByListing<PackedResult> = HashMap::new();
    let mut total = 0;
    for item in items {
        for entry in item_data::<Vec<PackedResult>>(item)? {
            total += 1;
            let key = (entry.result.listing.platform, entry.result.listing.listing_id.clone());
            match newest.get(&key) {
                Some(kept) if kept.seen >= entry.seen => {}
                _ => {
                    newest.insert(key, entry);
                }
            }
        }
    }
    Ok((newest, total))
}

fn sort_key(item: &Item) -> &str {
    item.get(keys::SK).and_then(|v| v.as_s().ok()).map_or("", String::as_str)
}

impl Store {
    /// Writes results as they are (tests, tools and the benchmarks' seeding): one pack, as a
    /// chunk of a run writes them, and the results page of all the search's results, as the
    /// completion writes it.
    pub async fn put_results(&self, search: SearchId, results: &[StoredResult]) -> Result<(), StoreError> {
        let now = Utc::now();
        let packed: Vec<PackedResult> = results.iter().map(|r| PackedResult { seen: now, result: r.clone() }).collect();
        self.put_items(pack_items(search, &format!("put-{}", Uuid::new_v4()), &packed)?).await?;
        let all = self.packed_results(search, None).await?.results;
        self.put_results_page(search, &page_of(&all)).await
    }

    pub async fn put_result(&self, search: SearchId, result: &StoredResult) -> Result<(), StoreError> {
        self.put_results(search, std::slice::from_ref(result)).await
    }

    /// What the search held before `run`: the newest entry of each listing in the packs other
    /// runs wrote (they do not change while `run` is open), or for a search from before packs,
    /// its result items.
    pub async fn run_priors(&self, search: SearchId, run: RunId) -> Result<Priors, StoreError> {
        let items = self.query_prefix_items(&keys::search_pk(search), keys::RESULT_PACK_PREFIX).await?;
        let own = format!("{}{run}#", keys::RESULT_PACK_PREFIX);
        // This run's packs (other chunks, written already) say nothing of what came before it.
        let others: Vec<&Item> = items.iter().filter(|i| !sort_key(i).starts_with(&own)).collect();
        if others.is_empty() {
            let legacy = self.legacy_results(search).await?;
            return Ok(legacy.into_iter().map(|r| prior_of(&r)).collect());
        }
        let (newest, _) = newest_entries(others.into_iter())?;
        Ok(newest.into_values().map(|e| prior_of(&e.result)).collect())
    }

    /// Every result of the search from its packs, newest of each listing: a few large items
    /// instead of one per result.
    pub async fn packed_results(&self, search: SearchId, run: Option<RunId>) -> Result<PackedResults, StoreError> {
        let items = self.query_prefix_items(&keys::search_pk(search), keys::RESULT_PACK_PREFIX).await?;
        let run_prefix = run.map(|r| format!("{}{r}#", keys::RESULT_PACK_PREFIX));
        let packs: Vec<String> = items.iter().map(|i| sort_key(i).to_owned()).collect();
        let worth_consolidating =
            packs.iter().any(|sk| run_prefix.as_ref().is_none_or(|p| !sk.starts_with(p.as_str())));
        let (newest, total) = newest_entries(items.iter())?;
        let worth_consolidating = worth_consolidating || total != newest.len();
        let mut results: Vec<StoredResult> = newest.into_values().map(|e| e.result).collect();
        // The packs' order depends on keys and hashing; the analysis' ties follow input order.
        results.sort_by(|a, b| {
            (a.created_at, a.listing.platform, &a.listing.listing_id).cmp(&(
                b.created_at,
                b.listing.platform,
                &b.listing.listing_id,
            ))
        });
        Ok(PackedResults { results, packs, worth_consolidating })
    }

    /// Replaces the packs read by one pack of their union, so reads stay a few items however
    /// many runs saw the search: the new pack is written before the old ones go, and the newest
    /// entry of a listing wins, so a crash in between loses nothing.
    pub async fn consolidate_packs(
        &self,
        search: SearchId,
        results: &[StoredResult],
        read: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let packed: Vec<PackedResult> = results.iter().map(|r| PackedResult { seen: now, result: r.clone() }).collect();
        let writer = format!("base-{}", Uuid::new_v4());
        self.put_items(pack_items(search, &writer, &packed)?).await?;
        let pk = keys::search_pk(search);
        let old = read.iter().map(|sk| key_attrs(&keys::Key { pk: pk.clone(), sk: sk.clone() })).collect();
        self.delete_keys(old).await
    }

    /// Every result of the search (for a search from before packs, its result items).
    pub async fn list_results(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let packed = self.packed_results(search, None).await?;
        if packed.packs.is_empty() {
            return self.legacy_results(search).await;
        }
        Ok(packed.results)
    }

    /// Stores the results page (see [`page_of`]): one packed item. A page too large for an item
    /// keeps the results that fit (a hundred listings are a few dozen KB compressed).
    pub async fn put_results_page(&self, search: SearchId, page: &[StoredResult]) -> Result<(), StoreError> {
        let first = pack_parts(page)?.into_iter().next().ok_or(PackError::Missing)?;
        let key = keys::results_page(search);
        self.put(Item::from([
            (keys::PK.into(), s(key.pk)),
            (keys::SK.into(), s(key.sk)),
            (DATA.into(), data_attribute(first.bytes)),
        ]))
        .await
    }

    /// docs/behaviour.md#saved-searches: results the user does not own, want-list items first,
    /// then newest first, at most [`RESULT_PAGE`]: the page the last completed run stored (one
    /// item), or for a search from before packs, the first page of its open-results index.
    pub async fn results_page(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        if let Some(item) = self.get_item(&keys::results_page(search)).await? {
            return item_data(&item);
        }
        let query = self.open_results(search).key_condition_expression("#pk = :pk").scan_index_forward(false);
        let items = self.collect_query_items(query, Some(RESULT_PAGE)).await?;
        items.into_iter().map(legacy_result).collect()
    }

    /// The search's results on the want list and not owned, from its packs.
    pub async fn open_wanted_results(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let results = self.packed_results(search, None).await?.results;
        Ok(results.into_iter().filter(|r| r.is_in_wantlist && !r.is_in_collection).collect())
    }

    /// The result items of a search from before packs.
    async fn legacy_results(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let items = self.query_prefix_items(&keys::search_pk(search), keys::RESULT_SK_PREFIX).await?;
        items.into_iter().map(legacy_result).collect()
    }

    /// A query of the search's partition of the open-results index (`#pk = :pk` is bound).
    fn open_results(&self, search: SearchId) -> QueryFluentBuilder {
        self.client
            .query()
            .table_name(&self.table)
            .index_name(keys::GSI2)
            .expression_attribute_names("#pk", keys::GSI2PK)
            .expression_attribute_values(":pk", s(keys::open_results_pk(search)))
    }
}

fn prior_of(result: &StoredResult) -> ((Platform, String), Prior) {
    let listing = &result.listing;
    let prior = Prior { id: result.id.clone(), created_at: result.created_at, price: listing.price };
    ((listing.platform, listing.listing_id.clone()), prior)
}

/// A result item from before packs: its listing packed in `data` with the other fields as
/// attributes, or (earlier still) the whole result as attributes.
fn legacy_result(mut item: Item) -> Result<StoredResult, StoreError> {
    #[derive(Deserialize)]
    struct Attributes {
        id: String,
        #[serde(default)]
        is_in_wantlist: bool,
        #[serde(default)]
        is_in_collection: bool,
        #[serde(default)]
        created_at: Option<DateTime<Utc>>,
        #[serde(default)]
        item_match: Option<ItemMatchRef>,
    }
    let Some(packed) = item.remove(DATA) else {
        return from_item(item);
    };
    let listing = unpack(packed.as_b().map_err(|_| PackError::Missing)?.as_ref())?;
    let attributes: Attributes = from_item(item)?;
    Ok(StoredResult {
        id: attributes.id,
        listing,
        is_in_wantlist: attributes.is_in_wantlist,
        is_in_collection: attributes.is_in_collection,
        created_at: attributes.created_at,
        item_match: attributes.item_match,
    })
}
