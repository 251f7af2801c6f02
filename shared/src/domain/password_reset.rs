//! Password-reset links (docs/security.md#password-reset): a random token e-mailed once, kept
//! only as its digest, valid for a short time and for one use, and only while the password it
//! was issued for is still the account's.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// How long a link works unless configured otherwise.
pub const DEFAULT_LIFETIME_SECONDS: u32 = 30 * 60;

/// Reset e-mails one address may receive per clock hour, whoever asks: the form cannot be used
/// to flood a mailbox.
pub const MAILS_PER_ADDRESS_PER_HOUR: u32 = 3;

/// Longest token the API looks up (ours are 43 characters).
pub const MAX_TOKEN_LEN: usize = 128;

/// A new unguessable token (256 random bits), as it appears in the link.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What is stored of a token: its SHA-256. The token has 256 bits of entropy, so a fast hash
/// is enough; someone who reads the table still cannot build a working link.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A short digest of the password hash a link was issued under: once the password changes (by
/// this link, another one or the settings page), every earlier link stops working.
pub fn password_fingerprint(password_hash: &str) -> String {
    hex::encode(&Sha256::digest(password_hash.as_bytes())[..8])
}

/// The page of the web app that sets the new password. The token travels in the fragment, which
/// browsers never send to a server or in a `Referer`.
pub fn link(app_url: &str, token: &str) -> String {
    format!("{}/reset-password#token={token}", app_url.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_digests() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a.len() <= MAX_TOKEN_LEN);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'), "{a}");
        assert_eq!(digest(&a), digest(&a));
        assert_ne!(digest(&a), digest(&b));
        assert_eq!(digest(&a).len(), 64);
        assert!(!digest(&a).contains(&a));
        assert_ne!(password_fingerprint("$argon2id$one"), password_fingerprint("$argon2id$two"));
        assert_eq!(link("https://app.example/", "t0k"), "https://app.example/reset-password#token=t0k");
    }
}
