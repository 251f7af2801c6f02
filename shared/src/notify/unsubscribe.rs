//! The signed one-click unsubscribe link of alert e-mails: it names the user and carries an
//! HMAC-SHA256 tag under a key derived from the data key, so it works without logging in, for as
//! long as the data key stays (and through a rotation, while the previous key is configured), and
//! cannot be made for another user.

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
    previous: Option<[u8; 32]>,
}

impl UnsubscribeSigner {
    pub fn new(cipher: &FieldCipher) -> Self {
        Self { key: cipher.derived_key(PURPOSE), previous: cipher.previous_derived_key(PURPOSE) }
    }

    fn mac(key: &[u8; 32], user: UserId) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(user.to_string().as_bytes());
        mac
    }

    /// `<user id>.<tag>`, safe in a URL query.
    pub fn token(&self, user: UserId) -> String {
        format!("{user}.{}", B64.encode(Self::mac(&self.key, user).finalize().into_bytes()))
    }

    /// The user a token was made for; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<UserId> {
        let (user, tag) = token.trim().split_once('.')?;
        let user: UserId = user.parse().ok()?;
        let tag = B64.decode(tag).ok()?;
        // Constant-time comparison (`verify_slice`).
        let signed = |key: &[u8; 32]| Self::mac(key, user).verify_slice(&tag).is_ok();
        (signed(&self.key) || self.previous.as_ref().is_some_and(signed)).then_some(user)
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

    #[test]
    fn links_signed_before_a_key_rotation_still_work_during_it() {
        let user = UserId::new();
        let old = signer(1).token(user);
        let key = |b: u8| base64::engine::general_purpose::STANDARD.encode([b; 32]);
        let rotating =
            UnsubscribeSigner::new(&FieldCipher::from_base64_key(&key(2)).unwrap().with_previous_key(&key(1)).unwrap());
        assert_eq!(rotating.verify(&old), Some(user), "signed with the previous key");
        assert_eq!(rotating.verify(&rotating.token(user)), Some(user));
        assert_eq!(signer(2).verify(&old), None, "once the previous key is gone, so are its links");
    }
}
