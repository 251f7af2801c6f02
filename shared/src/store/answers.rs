//! Store operations of the shared marketplace answers (`SHARED#<kind>#<digest>`,
//! [`crate::market::answers`]): the answer with when it was fetched, and the claim of the one
//! fetcher asking the marketplace for it now.
//!
//! An answer is stored gzip-compressed. One that does not fit one item even so is split into
//! parts: the parts are written first under a version of their own, then the head item naming that
//! version and the number of parts, in one write. A reader reads the head, then that version's
//! parts, so it never joins parts of two versions; the parts of a replaced version lapse with
//! their TTL.

use uuid::Uuid;

use super::item_size::{MAX_ITEM_BYTES, item_size};
use super::keys::{self, Key};
use super::packed::{data_attribute, gunzip, gzip};
use super::{Item, Store, StoreError, applied, dynamo, key_attrs, n, s};

const DATA: &str = "data";
/// Answers stored before compression: the JSON as a string.
const LEGACY_VALUE: &str = "value";
const FETCHED_AT: &str = "fetched_at";
const CLAIM_UNTIL: &str = "claim_until";
const VERSION: &str = "version";
const PARTS: &str = "parts";
/// Compressed bytes per part: with its key and attributes, well within an item.
const PART_BYTES: usize = MAX_ITEM_BYTES - 4 * 1024;
/// The most parts one answer may have (6 MB compressed); a larger answer is not shared.
pub const MAX_PARTS: usize = 16;

/// A stored answer (its JSON) and when it was fetched (epoch seconds); how old an answer may be
/// is the reader's to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub json: Vec<u8>,
    pub fetched_at: i64,
}

/// Why an answer is not stored.
#[derive(Debug, thiserror::Error)]
pub enum PutAnswerError {
    #[error("{compressed} bytes compressed: more than {MAX_PARTS} parts")]
    TooLarge { compressed: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    pub async fn shared_answer(&self, key: &Key, now: i64) -> Result<Option<StoredAnswer>, StoreError> {
        let Some(item) = self.get_item(key).await? else { return Ok(None) };
        let number = |name: &str| item.get(name).and_then(|v| v.as_n().ok()).and_then(|v| v.parse::<i64>().ok());
        // TTL deletion is lazy: an expired item may still be there.
        if number(keys::EXPIRES_AT).is_some_and(|at| at <= now) {
            return Ok(None);
        }
        let fetched_at = number(FETCHED_AT).unwrap_or(0);
        let compressed = match (item.get(DATA), item.get(VERSION), number(PARTS)) {
            (Some(data), _, _) => data.as_b().ok().map(|b| b.as_ref().to_vec()),
            (None, Some(version), Some(parts)) => match version.as_s() {
                Ok(version) => self.answer_parts(key, version, parts).await?,
                Err(_) => None,
            },
            _ => {
                let legacy = item.get(LEGACY_VALUE).and_then(|v| v.as_s().ok());
                return Ok(legacy.map(|json| StoredAnswer { json: json.clone().into_bytes(), fetched_at }));
            }
        };
        let json = compressed.and_then(|bytes| match gunzip(&bytes) {
            Ok(json) => Some(json),
            Err(error) => {
                tracing::warn!(%error, "a shared answer cannot be decompressed; fetched again");
                None
            }
        });
        Ok(json.map(|json| StoredAnswer { json, fetched_at }))
    }

    /// The parts of one version joined, or `None` when one is missing (lapsed before its head).
    async fn answer_parts(&self, key: &Key, version: &str, parts: i64) -> Result<Option<Vec<u8>>, StoreError> {
        let items = self.query_prefix_items(&key.pk, &keys::shared_answer_parts_prefix(version)).await?;
        if i64::try_from(items.len()).ok() != Some(parts) {
            return Ok(None);
        }
        // A query returns them in sort-key order, which is part order.
        let mut joined = Vec::new();
        for item in &items {
            match item.get(DATA).and_then(|v| v.as_b().ok()) {
                Some(bytes) => joined.extend_from_slice(bytes.as_ref()),
                None => return Ok(None),
            }
        }
        Ok(Some(joined))
    }

    /// Stores an answer (its JSON) fetched at `fetched_at`, kept until `expires_at`, the TTL:
    /// compressed in one item when it fits, else in parts; returns the number of parts (1 for
    /// one item).
    pub async fn put_shared_answer(
        &self,
        key: &Key,
        json: &[u8],
        fetched_at: i64,
        expires_at: i64,
    ) -> Result<usize, PutAnswerError> {
        let compressed = gzip(json).map_err(StoreError::from)?;
        let mut head = key_attrs(key);
        head.insert(FETCHED_AT.into(), n(fetched_at));
        head.insert(keys::EXPIRES_AT.into(), n(expires_at));
        let mut whole = head.clone();
        whole.insert(DATA.into(), data_attribute(compressed.clone()));
        if item_size(&whole) <= MAX_ITEM_BYTES {
            self.put(whole).await?;
            return Ok(1);
        }
        let pieces: Vec<&[u8]> = compressed.chunks(PART_BYTES).collect();
        if pieces.len() > MAX_PARTS {
            return Err(PutAnswerError::TooLarge { compressed: compressed.len() });
        }
        let version = Uuid::new_v4().simple().to_string();
        let parts: Vec<Item> = pieces
            .iter()
            .enumerate()
            .map(|(i, piece)| {
                let mut part = key_attrs(&keys::shared_answer_part(key, &version, i));
                part.insert(DATA.into(), data_attribute(piece.to_vec()));
                part.insert(keys::EXPIRES_AT.into(), n(expires_at));
                debug_assert!(item_size(&part) <= MAX_ITEM_BYTES);
                part
            })
            .collect();
        let count = parts.len();
        self.put_items(parts).await?;
        head.insert(VERSION.into(), s(version));
        head.insert(PARTS.into(), n(count));
        self.put(head).await?;
        Ok(count)
    }

    /// Claims the fetch of an answer until `until`, unless another claim holds at `now`.
    pub async fn claim_shared_answer(&self, key: &Key, now: i64, until: i64) -> Result<bool, StoreError> {
        let mut item = key_attrs(key);
        item.insert(CLAIM_UNTIL.into(), n(until));
        item.insert(keys::EXPIRES_AT.into(), n(until));
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(#pk) OR #c <= :now")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#c", CLAIM_UNTIL)
            .expression_attribute_values(":now", n(now))
            .send()
            .await;
        applied(result)
    }

    /// Gives a claim up (its fetch is over), so the next asker need not wait for it to lapse.
    pub async fn release_shared_answer(&self, key: &Key) -> Result<(), StoreError> {
        self.client.delete_item().table_name(&self.table).set_key(Some(key_attrs(key))).send().await.map_err(dynamo)?;
        Ok(())
    }
}
