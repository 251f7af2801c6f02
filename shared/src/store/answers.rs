//! Store operations of the shared marketplace answers (`SHARED#<kind>#<digest>`,
//! [`crate::market::answers`]): the answer with when it was fetched, and the claim of the one
//! fetcher asking the marketplace for it now.

use super::keys::{self, Key};
use super::{Store, StoreError, applied, dynamo, key_attrs, n, s};

const VALUE: &str = "value";
const FETCHED_AT: &str = "fetched_at";
const CLAIM_UNTIL: &str = "claim_until";

/// A stored answer and when it was fetched (epoch seconds); how old an answer may be is the
/// reader's to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub value: String,
    pub fetched_at: i64,
}

impl Store {
    pub async fn shared_answer(&self, key: &Key, now: i64) -> Result<Option<StoredAnswer>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(dynamo)?;
        let Some(item) = out.item else { return Ok(None) };
        let number = |name: &str| item.get(name).and_then(|v| v.as_n().ok()).and_then(|v| v.parse::<i64>().ok());
        // TTL deletion is lazy: an expired item may still be there.
        if number(keys::EXPIRES_AT).is_some_and(|at| at <= now) {
            return Ok(None);
        }
        let value = item.get(VALUE).and_then(|v| v.as_s().ok()).cloned();
        Ok(value.map(|value| StoredAnswer { value, fetched_at: number(FETCHED_AT).unwrap_or(0) }))
    }

    /// Stores an answer fetched at `fetched_at`, kept until `expires_at`, the TTL.
    pub async fn put_shared_answer(
        &self,
        key: &Key,
        value: &str,
        fetched_at: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mut item = key_attrs(key);
        item.insert(VALUE.into(), s(value));
        item.insert(FETCHED_AT.into(), n(fetched_at));
        item.insert(keys::EXPIRES_AT.into(), n(expires_at));
        self.put(item).await
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
