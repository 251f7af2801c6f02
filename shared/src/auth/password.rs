//! Password hashing with argon2id (PHC strings, per-password random salt).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::from_b64(&base64_salt()).map_err(|e| HashError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// False for a wrong password and for a stored hash that cannot be parsed.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash of a random password with the same parameters as real ones: a login for an address of
/// no account verifies against it, so answering takes as long as for an existing account and
/// the timing does not tell which addresses have one.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let random = base64_salt();
        // Hashing with the default parameters only fails on an invalid salt, which ours never is;
        // an unparsable decoy still costs nothing but loses the equal timing.
        hash(&random).unwrap_or_default()
    })
}

fn base64_salt() -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(rand::random::<[u8; 16]>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let stored = hash("correct horse battery staple").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery staple", &stored));
        assert!(!verify("Correct horse battery staple", &stored));
        assert!(!verify("anything", "not a phc string"));
        assert_ne!(stored, hash("correct horse battery staple").unwrap(), "salted");
        assert!(decoy_hash().starts_with("$argon2id$"), "the decoy costs what a real hash costs");
        assert!(!verify("", decoy_hash()));
    }
}
