//! Per-user quota counters (`QUOTA#<kind>#<window>` under the user): one atomic, conditional
//! increment per use, so concurrent requests can never count past the limit.

use chrono::Duration;

use super::{Store, StoreError, applied, key_attrs, keys, n};
use crate::domain::ids::UserId;
use crate::domain::quota::{QuotaKind, QuotaWindow};

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
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::quota(user, kind.as_str(), window.start))))
            .update_expression("ADD #used :one SET #expires = :expires")
            .condition_expression("attribute_not_exists(#used) OR #used < :limit")
            .expression_attribute_names("#used", "used")
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":limit", n(limit))
            .expression_attribute_values(":expires", n((window.end + KEEP_AFTER).timestamp()))
            .send()
            .await;
        applied(result)
    }
}
