//! Quota counters: per user (`QUOTA#<kind>#<window>` under the user), per client address and
//! per login address. One atomic, conditional increment per use, so concurrent requests can
//! never count past the limit; each counter expires (TTL) after its window.

use chrono::{DateTime, Duration, Utc};

use super::keys::Key;
use super::{Store, StoreError, applied, dynamo, key_attrs, keys, n};
use crate::domain::ids::UserId;
use crate::domain::quota::{ClientAction, QuotaKind, QuotaWindow};

/// How long a window's counter is kept after the window ends (DynamoDB deletes it then).
const KEEP_AFTER: Duration = Duration::hours(1);

impl Store {
    /// Counts one use of `kind` by `user` in `window` if fewer than `limit` were counted in it;
    /// `false` when the limit is reached (nothing is counted then).
    pub async fn take_quota(
        &self,
        user: UserId,
        kind: QuotaKind,
        window: QuotaWindow,
        limit: u32,
    ) -> Result<bool, StoreError> {
        self.take_counter(&keys::quota(user, kind.as_str(), window.start), Some(limit), window.end).await
    }

    /// [`Store::take_quota`] for an unauthenticated action of one client address.
    pub async fn take_client_quota(
        &self,
        client: &str,
        action: ClientAction,
        window: QuotaWindow,
        limit: u32,
    ) -> Result<bool, StoreError> {
        self.take_counter(&keys::client_quota(client, action.as_str(), window.start), Some(limit), window.end).await
    }

    /// Counts one reset e-mail to `email` in `window` if fewer than `limit` went out in it.
    pub async fn take_reset_mail(&self, email: &str, window: QuotaWindow, limit: u32) -> Result<bool, StoreError> {
        self.take_counter(&keys::reset_mails(email, window.start), Some(limit), window.end).await
    }

    /// Failed logins counted for `email` in `window`.
    pub async fn login_failures(&self, email: &str, window: QuotaWindow) -> Result<u32, StoreError> {
        self.counter(&keys::login_failures(email, window.start)).await
    }

    /// Counts one failed login for `email` in `window`.
    pub async fn count_login_failure(&self, email: &str, window: QuotaWindow) -> Result<(), StoreError> {
        self.take_counter(&keys::login_failures(email, window.start), None, window.end).await.map(drop)
    }

    /// Adds one to the counter under `key` if it is below `limit` (always without one); `false`
    /// when the limit is reached (nothing is counted then).
    async fn take_counter(&self, key: &Key, limit: Option<u32>, ends: DateTime<Utc>) -> Result<bool, StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .update_expression("ADD #used :one SET #expires = :expires")
            .expression_attribute_names("#used", USED)
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":expires", n((ends + KEEP_AFTER).timestamp()));
        if let Some(limit) = limit {
            update = update
                .condition_expression("attribute_not_exists(#used) OR #used < :limit")
                .expression_attribute_values(":limit", n(limit));
        }
        applied(update.send().await)
    }

    /// The counter under `key` (0 when there is none).
    async fn counter(&self, key: &Key) -> Result<u32, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .consistent_read(true)
            .projection_expression("#used")
            .expression_attribute_names("#used", USED)
            .send()
            .await
            .map_err(dynamo)?;
        let used = out.item.as_ref().and_then(|item| item.get(USED)).and_then(|v| v.as_n().ok());
        Ok(used.and_then(|v| v.parse().ok()).unwrap_or(0))
    }
}

const USED: &str = "used";
