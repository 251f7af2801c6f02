//! The signed one-click unsubscribe link of alert e-mails: it names the user and carries an
//! HMAC-SHA256 tag under a key derived from the data key, so it works without logging in, for as
//! long as the data key stays, and cannot be made for another user.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::cipher::FieldCipher;
use crate::domain::ids::UserId;

const PURPOSE: &str = "alerts/unsubscribe-email/v1";

/// Signs and checks unsubscribe tokens.
#[derive(Clone)]
pub struct UnsubscribeSigner {
    key: [u8; 32],
}

impl UnsubscribeSigner {
    pub fn new(cipher: &FieldCipher) -> Self {
        Self { key: cipher.derived_key(PURPOSE) }
    }

    fn mac(&self, user: UserId) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(user.to_string().as_bytes());
        mac
    }

    /// `<user id>.<tag>`, safe in a URL query.
    pub fn token(&self, user: UserId) -> String {
        format!("{user}.{}", B64.encode(self.mac(user).finalize().into_bytes()))
    }

    /// The user a token was made for; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<UserId> {
        let (user, tag) = token.trim().split_once('.')?;
        let user: UserId = user.parse().ok()?;
        let tag = B64.decode(tag).ok()?;
        // Constant-time comparison (`verify_slice`).
        self.mac(user).verify_slice(&tag).ok()?;
        Some(user)
    }

    /// The link in every alert e-mail (and its `List-Unsubscribe` header).
    pub fn url(&self, app_url: &str, user: UserId) -> String {
        format!("{}/api/v1/notifications/unsubscribe?token={}", app_url.trim_end_matches('/'), self.token(user))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(byte: u8) -> UnsubscribeSigner {
        UnsubscribeSigner::new(
            &FieldCipher::from_base64_key(&base64::engine::general_purpose::STANDARD.encode([byte; 32])).unwrap(),
        )
    }

    #[test]
    fn a_token_names_its_user_and_nothing_else_passes() {
        let (s, user) = (signer(1), UserId::new());
        let token = s.token(user);
        assert_eq!(s.verify(&token), Some(user));
        assert_eq!(signer(2).verify(&token), None, "another data key");
        let other = UserId::new();
        let forged = format!("{other}.{}", token.split_once('.').unwrap().1);
        assert_eq!(s.verify(&forged), None, "a tag is bound to its user");
        for garbage in ["", ".", "x.y", &format!("{user}."), &format!("{user}.!!!")] {
            assert_eq!(s.verify(garbage), None, "{garbage}");
        }
        assert!(
            s.url("https://app.example/", user)
                .starts_with("https://app.example/api/v1/notifications/unsubscribe?token=")
        );
    }
}
