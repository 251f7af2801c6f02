//! Accounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::UserId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    /// As the user typed it, after normalisation of the domain part (docs/behaviour.md#authentication A1).
    pub email: String,
    /// PHC string (argon2id).
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The form under which e-mail addresses are unique: `Ann@x.com` and `ann@X.com` are one account.
pub fn email_identity(email: &str) -> String {
    email.trim().to_lowercase()
}
