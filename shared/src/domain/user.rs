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
    /// Set once the address differs from the one the account registered with. Nothing verifies
    /// addresses, so a changed one never makes its account an admin.
    #[serde(default)]
    pub email_changed: bool,
}

impl User {
    pub fn new(email: String, password_hash: String, now: DateTime<Utc>) -> Self {
        Self { id: UserId::new(), email, password_hash, created_at: now, updated_at: now, email_changed: false }
    }

    /// Whether the account administers the app: its address is in `emails`, or its domain in
    /// `domains` (both compared without case), and it is the address it registered with.
    pub fn is_admin(&self, emails: &[String], domains: &[String]) -> bool {
        if self.email_changed {
            return false;
        }
        let identity = email_identity(&self.email);
        let domain = identity.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        emails.iter().any(|admin| email_identity(admin) == identity)
            || domains.iter().any(|d| d.eq_ignore_ascii_case(domain))
    }
}

/// The form under which e-mail addresses are unique: `Ann@x.com` and `ann@X.com` are one account.
pub fn email_identity(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_come_from_the_list_or_a_domain_and_only_under_the_registered_address() {
        let now = Utc::now();
        let list = vec!["Root@Example.com".to_owned()];
        let domains = vec!["admin.com".to_owned()];
        let user = |email: &str| User::new(email.to_owned(), String::new(), now);
        assert!(user("root@example.COM").is_admin(&list, &domains));
        assert!(user("someone@Admin.com").is_admin(&list, &domains));
        assert!(!user("someone@admin.com").is_admin(&list, &[]), "the domain rule is a setting");
        assert!(!user("someone@notadmin.com").is_admin(&list, &domains));
        assert!(!user("someone@sub.admin.com").is_admin(&list, &domains));
        assert!(!user("root@example.org").is_admin(&list, &domains));
        let mut changed = user("root@example.com");
        changed.email_changed = true;
        assert!(!changed.is_admin(&list, &domains), "a changed address never grants admin");
    }
}
