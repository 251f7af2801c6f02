//! Password-reset links (`RESET#<digest>`): stored by the digest of their token, never the token,
//! with the table's TTL; taken once by a conditional delete, so two uses of one link cannot both
//! succeed (docs/security.md#password-reset).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, conditional, from_item, item_with_key, key_attrs, keys, n};
use crate::domain::ids::UserId;

/// A link as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub user_id: UserId,
    /// [`crate::domain::password_reset::password_fingerprint`] of the password it may replace.
    pub password: String,
    pub created_at: DateTime<Utc>,
    /// Epoch seconds, the table's TTL attribute; the link is refused from then on.
    pub expires_at: i64,
}

impl Store {
    /// Stores a link under the digest of its token.
    pub async fn create_password_reset(&self, token_digest: &str, reset: &PasswordReset) -> Result<(), StoreError> {
        self.put(item_with_key(reset, &keys::password_reset(token_digest))?).await
    }

    /// Uses a link: deletes it if it exists and has not expired at `now`, and returns what it
    /// was; `None` for an unknown, used or expired link.
    pub async fn take_password_reset(
        &self,
        token_digest: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PasswordReset>, StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::password_reset(token_digest))))
            .condition_expression("#expires > :now")
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":now", n(now.timestamp()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await;
        match conditional(result)? {
            Some(out) => out.attributes.map(from_item).transpose(),
            None => Ok(None),
        }
    }
}
