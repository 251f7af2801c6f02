//! The price comparison as the completed run computed it, stored in order for paged reads: a
//! header (which comparison, how many groups, where each block starts) and blocks of consecutive
//! groups, each one packed item. A page is the header and the one or two blocks it spans, so
//! reading any page costs two requests however large the search is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::packed::{DATA, data_attribute, item_data, pack_parts};
use super::{Item, Store, StoreError, item_with_key, key_attrs, keys, n, s};
use crate::domain::compare::PriceGroup;
use crate::domain::ids::SearchId;
use crate::domain::landed::AmountBasis;

/// Groups per block before packing (a block too large for an item is halved).
const BLOCK_GROUPS: usize = 50;
const FIRST: &str = "first";
const COMPARISON: &str = "comparison";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    id: Uuid,
    completed_at: DateTime<Utc>,
    groups: u32,
    /// Index of the first group of each block.
    starts: Vec<u32>,
    /// What the amounts are in (comparisons stored before conversion existed are in dollars).
    #[serde(default)]
    basis: AmountBasis,
}

/// Some of a stored comparison's groups.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonPage {
    /// The groups from the asked index on, at most as many as asked.
    pub groups: Vec<PriceGroup>,
    /// How many groups the comparison has.
    pub total: u32,
    /// What the amounts are in.
    pub basis: AmountBasis,
}

impl Store {
    /// Replaces the search's stored comparison: blocks first, header last, then the blocks the
    /// new one no longer has.
    pub async fn put_price_comparison(
        &self,
        search: SearchId,
        id: Uuid,
        groups: &[PriceGroup],
        basis: &AmountBasis,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let old = self.get::<Header>(&keys::price_comparison(search)).await?;
        let mut starts = Vec::new();
        let mut items = Vec::new();
        let mut first = 0usize;
        for block in groups.chunks(BLOCK_GROUPS) {
            for part in pack_parts(block)? {
                let index = u32::try_from(starts.len()).unwrap_or(u32::MAX);
                let key = keys::price_comparison_block(search, index);
                items.push(Item::from([
                    (keys::PK.into(), s(key.pk)),
                    (keys::SK.into(), s(key.sk)),
                    (FIRST.into(), n(first)),
                    (COMPARISON.into(), s(id.to_string())),
                    (DATA.into(), data_attribute(part.bytes)),
                ]));
                starts.push(u32::try_from(first).unwrap_or(u32::MAX));
                first += part.values;
            }
        }
        self.put_items(items).await?;
        let blocks = starts.len();
        let header = Header {
            id,
            completed_at: now,
            groups: u32::try_from(groups.len()).unwrap_or(u32::MAX),
            starts,
            basis: basis.clone(),
        };
        self.put(item_with_key(&header, &keys::price_comparison(search))?).await?;
        let stale = old
            .map_or(0, |h| h.starts.len())
            .checked_sub(blocks)
            .map(|extra| {
                (blocks..blocks + extra)
                    .map(|b| key_attrs(&keys::price_comparison_block(search, u32::try_from(b).unwrap_or(u32::MAX))))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        self.delete_keys(stale).await
    }

    /// `limit` groups of the stored comparison from group `start` on; `None` before the search's
    /// first completed run.
    pub async fn price_comparison_page(
        &self,
        search: SearchId,
        start: usize,
        limit: usize,
    ) -> Result<Option<ComparisonPage>, StoreError> {
        // A reader that meets blocks of a newer comparison than its header reads again; a second
        // mismatch means comparisons are being written back to back, and the newest is as good.
        for attempt in 0..2 {
            let Some(header) = self.get::<Header>(&keys::price_comparison(search)).await? else {
                return Ok(None);
            };
            let end = start.saturating_add(limit).min(header.groups as usize);
            if start >= end {
                return Ok(Some(ComparisonPage { groups: Vec::new(), total: header.groups, basis: header.basis }));
            }
            let blocks: Vec<usize> = (0..header.starts.len())
                .filter(|&b| {
                    let from = header.starts[b] as usize;
                    let to = header.starts.get(b + 1).map_or(header.groups as usize, |&s| s as usize);
                    from < end && to > start
                })
                .collect();
            let keys = blocks
                .iter()
                .map(|&b| key_attrs(&keys::price_comparison_block(search, u32::try_from(b).unwrap_or(u32::MAX))))
                .collect();
            let mut items = self.batch_get(keys, None).await?;
            let current = header.id.to_string();
            if attempt == 0 && items.iter().any(|i| i.get(COMPARISON).and_then(|v| v.as_s().ok()) != Some(&current)) {
                continue;
            }
            let first = |i: &Item| i.get(FIRST).and_then(|v| v.as_n().ok()).and_then(|v| v.parse::<usize>().ok());
            items.sort_by_key(|i| first(i));
            let mut groups = Vec::with_capacity(end - start);
            for item in &items {
                let from = first(item).unwrap_or(0);
                let block: Vec<PriceGroup> = item_data(item)?;
                for (offset, group) in block.into_iter().enumerate() {
                    if (start..end).contains(&(from + offset)) {
                        groups.push(group);
                    }
                }
            }
            return Ok(Some(ComparisonPage { groups, total: header.groups, basis: header.basis }));
        }
        unreachable!("the second attempt returns")
    }
}
