//! Store operations for the marketplace clients: the shared rate buckets (`RATE#<source>#<identity>`)
//! and the marketplace cache (`CACHE#<source>#<hash>`), which holds eBay's application token.
//!
//! Every bucket write is conditional, so concurrent Lambdas can never spend the same token twice:
//! taking a token is an atomic decrement that requires a whole token to be left, and a refill only
//! lands if nobody refilled since it read the bucket (its `updated` stamp is unchanged).

use aws_sdk_dynamodb::types::AttributeValue;

use super::keys::{self, Key};
use super::{Store, StoreError, applied, dynamo, key_attrs, n, s};

const TOKENS: &str = "tokens";
const UPDATED: &str = "updated_ms";
const BLOCKED: &str = "blocked_until_ms";
const WINDOW: &str = "window";
const USED: &str = "used";
const VALUE: &str = "value";

/// A rate bucket as stored. Tokens are counted in thousandths, so refills can be fractional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BucketState {
    pub tokens_milli: i64,
    pub updated_ms: i64,
    pub blocked_until_ms: i64,
    /// Fixed-window budgets: the window index and the calls made in it.
    pub window: i64,
    pub used: i64,
}

fn number(item: &super::Item, name: &str) -> i64 {
    item.get(name).and_then(|v| v.as_n().ok()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

impl Store {
    pub async fn rate_bucket(&self, key: &Key) -> Result<Option<BucketState>, StoreError> {
        Ok(self.get_item(key).await?.map(|item| BucketState {
            tokens_milli: number(&item, TOKENS),
            updated_ms: number(&item, UPDATED),
            blocked_until_ms: number(&item, BLOCKED),
            window: number(&item, WINDOW),
            used: number(&item, USED),
        }))
    }

    /// Takes one whole token if one is left and the bucket is not blocked at `now_ms`.
    pub async fn rate_take_token(&self, key: &Key, now_ms: i64) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .update_expression("SET #t = #t - :one")
            .condition_expression("#t >= :one AND (attribute_not_exists(#b) OR #b <= :now)")
            .expression_attribute_names("#t", TOKENS)
            .expression_attribute_names("#b", BLOCKED)
            .expression_attribute_values(":one", n(1000))
            .expression_attribute_values(":now", n(now_ms))
            .send()
            .await;
        applied(result)
    }

    /// Creates a bucket holding `tokens_milli` (the caller's token already taken out).
    pub async fn rate_create_bucket(
        &self,
        key: &Key,
        tokens_milli: i64,
        now_ms: i64,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let mut item = key_attrs(key);
        item.insert(TOKENS.into(), n(tokens_milli));
        item.insert(UPDATED.into(), n(now_ms));
        item.insert(keys::EXPIRES_AT.into(), n(expires_at));
        self.put_new(item).await
    }

    /// Adds `add_milli` tokens for the time up to `now_ms`, only if the bucket was not refilled
    /// since the caller read it at `seen_updated_ms`. `ADD` keeps concurrent takes counted.
    pub async fn rate_refill(
        &self,
        key: &Key,
        seen_updated_ms: i64,
        add_milli: i64,
        now_ms: i64,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .update_expression("SET #u = :now, #exp = :exp ADD #t :add")
            .condition_expression("#u = :seen")
            .expression_attribute_names("#u", UPDATED)
            .expression_attribute_names("#t", TOKENS)
            .expression_attribute_names("#exp", keys::EXPIRES_AT)
            .expression_attribute_values(":now", n(now_ms))
            .expression_attribute_values(":exp", n(expires_at))
            .expression_attribute_values(":add", n(add_milli))
            .expression_attribute_values(":seen", n(seen_updated_ms))
            .send()
            .await;
        applied(result)
    }

    /// Lowers the tokens to at most `max_milli` (what the marketplace says is left).
    pub async fn rate_clamp_tokens(&self, key: &Key, max_milli: i64) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .update_expression("SET #t = :max")
            .condition_expression("#t > :max")
            .expression_attribute_names("#t", TOKENS)
            .expression_attribute_values(":max", n(max_milli))
            .send()
            .await;
        applied(result)
    }

    /// Blocks an existing bucket until `until_ms` (never shortens an existing block).
    pub async fn rate_block_until(&self, key: &Key, until_ms: i64) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .update_expression("SET #b = :until")
            .condition_expression("attribute_exists(#pk) AND (attribute_not_exists(#b) OR #b < :until)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#b", BLOCKED)
            .expression_attribute_values(":until", n(until_ms))
            .send()
            .await;
        applied(result)
    }

    /// Counts one call in the current fixed window if fewer than `limit` were made in it.
    pub async fn rate_take_in_window(
        &self,
        key: &Key,
        window: i64,
        limit: i64,
        now_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .update_expression("ADD #used :one")
            .condition_expression("#w = :w AND #used < :limit AND (attribute_not_exists(#b) OR #b <= :now)")
            .expression_attribute_names("#used", USED)
            .expression_attribute_names("#w", WINDOW)
            .expression_attribute_names("#b", BLOCKED)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":w", n(window))
            .expression_attribute_values(":limit", n(limit))
            .expression_attribute_values(":now", n(now_ms))
            .send()
            .await;
        // The calls used in the window once this one is counted.
        Ok(super::conditional(result)?.map(|out| {
            out.attributes.as_ref().and_then(|a| a.get(USED)).and_then(|v| v.as_n().ok()?.parse().ok()).unwrap_or(limit)
        }))
    }

    /// Starts window `window` with the caller's call counted, if the bucket is missing or older.
    pub async fn rate_start_window(&self, key: &Key, window: i64, expires_at: i64) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .update_expression("SET #w = :w, #used = :one, #exp = :exp")
            .condition_expression("attribute_not_exists(#pk) OR #w < :w")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#w", WINDOW)
            .expression_attribute_names("#used", USED)
            .expression_attribute_names("#exp", keys::EXPIRES_AT)
            .expression_attribute_values(":w", n(window))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":exp", n(expires_at))
            .send()
            .await;
        applied(result)
    }

    /// A cached marketplace value that has not expired at `now` (epoch seconds), with its expiry.
    pub async fn market_cache_get(&self, key: &Key, now: i64) -> Result<Option<(String, i64)>, StoreError> {
        let Some(item) = self.get_item(key).await? else { return Ok(None) };
        let expires_at = number(&item, keys::EXPIRES_AT);
        // TTL deletion is lazy: an expired item may still be there.
        if expires_at <= now {
            return Ok(None);
        }
        Ok(item.get(VALUE).and_then(|v| v.as_s().ok()).map(|v| (v.clone(), expires_at)))
    }

    /// Stores a value until `expires_at` (epoch seconds; also the TTL).
    pub async fn market_cache_put(&self, key: &Key, value: &str, expires_at: i64) -> Result<(), StoreError> {
        let mut item = key_attrs(key);
        item.insert(VALUE.into(), s(value));
        item.insert(keys::EXPIRES_AT.into(), n(expires_at));
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(dynamo)?;
        Ok(())
    }

    /// Drops a cached value, but only if it still is `value` (a newer one written meanwhile stays).
    pub async fn market_cache_delete(&self, key: &Key, value: &str) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .condition_expression("#v = :v")
            .expression_attribute_names("#v", VALUE)
            .expression_attribute_values(":v", AttributeValue::S(value.to_owned()))
            .send()
            .await;
        applied(result).map(|_| ())
    }
}
