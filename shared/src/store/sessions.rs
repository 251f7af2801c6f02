//! Signed-in sessions (`SESSION#<id>` under the user): a refresh token is honoured only while its
//! session exists, so logging out, changing the password or the e-mail ends sessions on the
//! server (see docs/security.md). Each item expires (TTL) when its last refresh token does.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, applied, item_with_key, key_attrs, keys, n};
use crate::domain::ids::UserId;

#[derive(Serialize, Deserialize)]
struct Session {
    session_id: String,
    created_at: DateTime<Utc>,
    /// Epoch seconds, the table's TTL attribute.
    expires_at: i64,
}

impl Store {
    /// Opens a session that lasts until `expires` unless refreshed.
    pub async fn create_session(
        &self,
        user: UserId,
        session: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let item = Session { session_id: session.to_owned(), created_at: now, expires_at: expires.timestamp() };
        self.put(item_with_key(&item, &keys::session(user, session))?).await
    }

    /// Moves a live session's end to `expires`; `false` when the session is over (ended or
    /// expired: TTL deletion is lazy, so the expiry is checked too).
    pub async fn extend_session(
        &self,
        user: UserId,
        session: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::session(user, session))))
            .update_expression("SET #expires = :expires")
            .condition_expression("#expires > :now")
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":expires", n(expires.timestamp()))
            .expression_attribute_values(":now", n(now.timestamp()))
            .send()
            .await;
        applied(result)
    }

    /// Ends one session (nothing happens when it is already over).
    pub async fn end_session(&self, user: UserId, session: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::session(user, session))))
            .send()
            .await
            .map_err(super::dynamo)?;
        Ok(())
    }

    /// Ends every session of `user` but `keep`.
    pub async fn end_other_sessions(&self, user: UserId, keep: Option<&str>) -> Result<usize, StoreError> {
        let sessions: Vec<Session> = self.query_prefix(&keys::user_pk(user), keys::SESSION_SK_PREFIX).await?;
        let ended: Vec<_> = sessions
            .iter()
            .filter(|s| Some(s.session_id.as_str()) != keep)
            .map(|s| key_attrs(&keys::session(user, &s.session_id)))
            .collect();
        let count = ended.len();
        self.delete_keys(ended).await?;
        Ok(count)
    }
}
