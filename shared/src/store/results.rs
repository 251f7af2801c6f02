//! The results of a saved search, under the search's partition, one item per
//! (platform, listing): the natural de-duplication key.
//!
//! A result item holds its listing packed in one binary attribute, with the price beside it for
//! the writer's reads: as a map of ~25 attributes the listing made the item ~1.5 KB (two write
//! units, and two more for its copy in the open-results index) and cost the emulator a quarter
//! more to store (docs/performance.md#result-writer). Items stored with the listing as a map are
//! still read.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::packed::{DATA, PackError, data_attribute, item_data, pack, pack_parts, unpack};
use super::{Item, Store, StoreError, from_item, item_with_key, key_attrs, keys, s};
use crate::domain::ids::{RunId, SearchId};
use crate::domain::listing::{ItemMatchRef, StoredResult};
use crate::domain::money::Money;
use crate::domain::platform::Platform;

/// Most results S7 returns.
pub const RESULT_PAGE: usize = 100;

/// A result item's attributes besides its keys and its packed listing.
#[derive(Serialize, Deserialize)]
struct ResultAttributes {
    id: String,
    #[serde(default)]
    is_in_wantlist: bool,
    #[serde(default)]
    is_in_collection: bool,
    #[serde(default)]
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    item_match: Option<ItemMatchRef>,
    /// The listing's price, which the writer reads without unpacking the listing.
    price: Money,
}

/// A result's item: the result, and its open-results key unless owned.
pub(crate) fn result_item(search: SearchId, result: &StoredResult) -> Result<Item, StoreError> {
    let listing = &result.listing;
    let attributes = ResultAttributes {
        id: result.id.clone(),
        is_in_wantlist: result.is_in_wantlist,
        is_in_collection: result.is_in_collection,
        created_at: result.created_at,
        item_match: result.item_match.clone(),
        price: listing.price,
    };
    let mut item = item_with_key(&attributes, &keys::search_result(search, listing.platform, &listing.listing_id))?;
    item.insert(DATA.into(), data_attribute(pack(listing)?));
    if !result.is_in_collection {
        let created = result.created_at.unwrap_or(DateTime::UNIX_EPOCH);
        let open = keys::open_result(search, result.is_in_wantlist, created, listing.platform, &listing.listing_id);
        item.insert(keys::GSI2PK.into(), s(open.pk));
        item.insert(keys::GSI2SK.into(), s(open.sk));
    }
    Ok(item)
}

/// The result a result item holds, in either of the forms it was stored in.
fn stored_result(mut item: Item) -> Result<StoredResult, StoreError> {
    let Some(packed) = item.remove(DATA) else {
        return from_item(item);
    };
    let listing = unpack(packed.as_b().map_err(|_| PackError::Missing)?.as_ref())?;
    let attributes: ResultAttributes = from_item(item)?;
    Ok(StoredResult {
        id: attributes.id,
        listing,
        is_in_wantlist: attributes.is_in_wantlist,
        is_in_collection: attributes.is_in_collection,
        created_at: attributes.created_at,
        item_match: attributes.item_match,
    })
}

/// One result as a pack holds it, with when it was written, so the newest wins when a listing
/// is in several packs (a later run saw it again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackedResult {
    pub seen: DateTime<Utc>,
    pub result: StoredResult,
}

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

/// Every result of a search as its packs hold them, and the sort keys of the packs read.
pub struct PackedResults {
    pub results: Vec<StoredResult>,
    pub packs: Vec<String>,
    /// Whether a listing was in more than one pack, or a pack was not a chunk of `run`.
    pub worth_consolidating: bool,
}

impl Store {
    /// Writes results as they are (tests, tools and the benchmarks' seeding): their items and one
    /// pack, as a chunk of a run writes them.
    pub async fn put_results(&self, search: SearchId, results: &[StoredResult]) -> Result<(), StoreError> {
        let items = results.iter().map(|r| result_item(search, r)).collect::<Result<Vec<_>, _>>()?;
        self.put_items(items).await?;
        let now = Utc::now();
        let packed: Vec<PackedResult> = results.iter().map(|r| PackedResult { seen: now, result: r.clone() }).collect();
        self.put_items(pack_items(search, &format!("put-{}", Uuid::new_v4()), &packed)?).await
    }

    pub async fn put_result(&self, search: SearchId, result: &StoredResult) -> Result<(), StoreError> {
        self.put_results(search, std::slice::from_ref(result)).await
    }

    /// Every result of the search from its packs, newest of each listing: a few large items
    /// instead of one per result.
    pub async fn packed_results(&self, search: SearchId, run: Option<RunId>) -> Result<PackedResults, StoreError> {
        let items = self.query_prefix_items(&keys::search_pk(search), keys::RESULT_PACK_PREFIX).await?;
        let run_prefix = run.map(|r| format!("{}{r}#", keys::RESULT_PACK_PREFIX));
        let mut packs = Vec::with_capacity(items.len());
        let mut worth_consolidating = false;
        let mut newest: HashMap<(Platform, String), PackedResult> = HashMap::new();
        let mut total = 0;
        for item in &items {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            worth_consolidating |= run_prefix.as_ref().is_none_or(|p| !sk.starts_with(p.as_str()));
            packs.push(sk);
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
        worth_consolidating |= total != newest.len();
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

    /// Every result of the search.
    pub async fn list_results(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let items = self.query_prefix_items(&keys::search_pk(search), keys::RESULT_SK_PREFIX).await?;
        items.into_iter().map(stored_result).collect()
    }

    /// docs/behaviour.md#saved-searches: results the user does not own, want-list items first, then newest first, at most
    /// [`RESULT_PAGE`]: the first page of the open-results index, however many results there are.
    pub async fn results_page(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let query = self.open_results(search).key_condition_expression("#pk = :pk").scan_index_forward(false);
        let items = self.collect_query_items(query, Some(RESULT_PAGE)).await?;
        items.into_iter().map(stored_result).collect()
    }

    /// The search's results on the want list and not owned: the want-list part of the
    /// open-results index, whatever the search's size.
    pub async fn open_wanted_results(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let query = self
            .open_results(search)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :wanted)")
            .expression_attribute_names("#sk", keys::GSI2SK)
            .expression_attribute_values(":wanted", s(keys::OPEN_WANTED_PREFIX));
        let items = self.collect_query_items(query, None).await?;
        items.into_iter().map(stored_result).collect()
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
