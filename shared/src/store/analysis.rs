//! The stored analysis of a search: a header item with the summary, and its ranked sellers and
//! recommendations packed in a few parts (a few items however many sellers: one item each made
//! the completion of a large search write and read hundreds). A new analysis replaces the old one
//! as a whole: the parts first, the header last (which returns the header it replaced), then the
//! parts it no longer has. Each part names its analysis, so a reader that meets parts of a newer
//! analysis than its header reads again.
//!
//! Analyses stored before packing kept one item per seller and recommendation; they are read as
//! they are until the search's next completed run replaces them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::packed::{DATA, data_attribute, item_data, pack_parts};
use super::{Item, Store, StoreError, from_item, item_with_key, key_attrs, keys, s};
use crate::domain::analysis::SearchAnalysis;
use crate::domain::ids::{RunId, SearchId};
use crate::domain::sellers::SellerAnalysis;
use crate::domain::summary::AnalysisSummary;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnalysis {
    pub id: Uuid,
    pub run_id: Option<RunId>,
    pub completed_at: DateTime<Utc>,
    pub analysis: SearchAnalysis,
}

const SELLERS: &str = "SELLERS";
const RECOMMENDATIONS: &str = "RECOS";
/// The attribute naming a part's analysis.
const ANALYSIS: &str = "analysis";

#[derive(Serialize, Deserialize)]
struct Header {
    id: Uuid,
    run_id: Option<RunId>,
    completed_at: DateTime<Utc>,
    summary: AnalysisSummary,
    sellers: usize,
    recommendations: usize,
    /// How many packed parts each list has; `None` for an analysis stored one item per entry.
    #[serde(default)]
    parts: Option<Parts>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Parts {
    sellers: u32,
    recommendations: u32,
}

impl Store {
    pub async fn put_analysis(&self, search: SearchId, stored: &StoredAnalysis) -> Result<(), StoreError> {
        let analysis = &stored.analysis;
        let mut items = part_items(search, SELLERS, stored.id, &analysis.seller_analyses)?;
        let sellers = count(items.len());
        items.extend(part_items(search, RECOMMENDATIONS, stored.id, &analysis.recommendations)?);
        let parts = Parts { sellers, recommendations: count(items.len()) - sellers };
        self.put_items(items).await?;
        let header = Header {
            id: stored.id,
            run_id: stored.run_id,
            completed_at: stored.completed_at,
            summary: analysis.summary.clone(),
            sellers: analysis.seller_analyses.len(),
            recommendations: analysis.recommendations.len(),
            parts: Some(parts),
        };
        let replaced = self.put_replacing(item_with_key(&header, &keys::analysis(search))?).await?;
        let old = match replaced {
            Some(item) => from_item::<Header>(item)?.parts.unwrap_or_default(),
            None => Parts::default(),
        };
        let stale = (parts.sellers..old.sellers)
            .map(|i| keys::analysis_part(search, SELLERS, i))
            .chain(
                (parts.recommendations..old.recommendations).map(|i| keys::analysis_part(search, RECOMMENDATIONS, i)),
            )
            .map(|key| key_attrs(&key))
            .collect();
        self.delete_keys(stale).await
    }

    pub async fn get_analysis(&self, search: SearchId) -> Result<Option<StoredAnalysis>, StoreError> {
        for attempt in 0..2 {
            let Some(header) = self.get::<Header>(&keys::analysis(search)).await? else {
                return Ok(None);
            };
            let (seller_analyses, recommendations) = match header.parts {
                Some(parts) => match self.read_parts(search, header.id, parts).await? {
                    Some((sellers, recommendations)) => (unpack_all(&sellers)?, unpack_all(&recommendations)?),
                    None if attempt == 0 => continue,
                    // Analyses are being stored back to back; the next read will see one whole.
                    None => return Err(StoreError::Contended),
                },
                None => (
                    self.ranked(search, "SELLER#", header.sellers).await?,
                    self.ranked(search, "RECO#", header.recommendations).await?,
                ),
            };
            return Ok(Some(StoredAnalysis {
                id: header.id,
                run_id: header.run_id,
                completed_at: header.completed_at,
                analysis: SearchAnalysis { summary: header.summary, seller_analyses, recommendations },
            }));
        }
        unreachable!("the second attempt returns")
    }

    /// Only the seller scores of the search's latest analysis (the Discogs fetcher's follow list).
    pub async fn seller_analyses(&self, search: SearchId) -> Result<Vec<SellerAnalysis>, StoreError> {
        Ok(self.get_analysis(search).await?.map(|a| a.analysis.seller_analyses).unwrap_or_default())
    }

    /// The sellers' and the recommendations' parts of analysis `id`, in order; `None` when a
    /// part is missing or belongs to another analysis (one being replaced while this reads).
    async fn read_parts(
        &self,
        search: SearchId,
        id: Uuid,
        parts: Parts,
    ) -> Result<Option<(Vec<Item>, Vec<Item>)>, StoreError> {
        let sellers = (0..parts.sellers).map(|i| keys::analysis_part(search, SELLERS, i));
        let recommendations = (0..parts.recommendations).map(|i| keys::analysis_part(search, RECOMMENDATIONS, i));
        let keys: Vec<keys::Key> = sellers.chain(recommendations).collect();
        let mut found: HashMap<String, Item> = HashMap::new();
        for item in self.batch_get(keys.iter().map(key_attrs).collect(), None).await? {
            if item.get(ANALYSIS).and_then(|v| v.as_s().ok()) != Some(&id.to_string()) {
                return Ok(None);
            }
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            found.insert(sk, item);
        }
        let Some(mut items) = keys.iter().map(|k| found.remove(&k.sk)).collect::<Option<Vec<Item>>>() else {
            return Ok(None);
        };
        let recommendations = items.split_off(parts.sellers as usize);
        Ok(Some((items, recommendations)))
    }

    async fn ranked<T: serde::de::DeserializeOwned>(
        &self,
        search: SearchId,
        prefix: &str,
        count: usize,
    ) -> Result<Vec<T>, StoreError> {
        let mut found: Vec<T> = self.query_prefix(&keys::search_pk(search), prefix).await?;
        found.truncate(count);
        Ok(found)
    }
}

/// `values` packed in as few items as fit, each naming analysis `id`.
fn part_items<T: Serialize>(search: SearchId, list: &str, id: Uuid, values: &[T]) -> Result<Vec<Item>, StoreError> {
    pack_parts(values)?
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let key = keys::analysis_part(search, list, count(i));
            Ok(Item::from([
                (keys::PK.into(), s(key.pk)),
                (keys::SK.into(), s(key.sk)),
                (ANALYSIS.into(), s(id.to_string())),
                (DATA.into(), data_attribute(part.bytes)),
            ]))
        })
        .collect()
}

fn unpack_all<T: serde::de::DeserializeOwned>(items: &[Item]) -> Result<Vec<T>, StoreError> {
    let mut values = Vec::new();
    for item in items {
        values.extend(item_data::<Vec<T>>(item)?);
    }
    Ok(values)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
