//! Encryption of secrets at rest (OAuth tokens, app consumer secrets): AES-256-GCM with a random
//! nonce per value. The stored form names the key it was sealed with, so a rotated key is
//! detected instead of producing garbage: `v1:<key id>:<base64(nonce ‖ ciphertext)>`.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};

const NONCE_LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CipherError {
    #[error("the data key must be base64 of exactly 32 bytes")]
    BadKey,
    #[error("the value was sealed with key {0}, which is not the current key")]
    UnknownKey(String),
    #[error("the sealed value is malformed")]
    Malformed,
    #[error("the sealed value failed authentication")]
    Tampered,
}

#[derive(Clone)]
pub struct FieldCipher {
    cipher: Aes256Gcm,
    key_id: String,
    /// The root of keys derived for other purposes (signing unsubscribe links), so the data
    /// key itself only ever encrypts.
    derivation_root: [u8; 32],
}

impl FieldCipher {
    /// From the data key as stored in the secret: base64 of 32 random bytes.
    pub fn from_base64_key(encoded: &str) -> Result<Self, CipherError> {
        let bytes = B64.decode(encoded.trim()).map_err(|_| CipherError::BadKey)?;
        if bytes.len() != 32 {
            return Err(CipherError::BadKey);
        }
        let key_id = hex(&Sha256::digest(&bytes)[..4]);
        let derivation_root = Sha256::new().chain_update(b"vinyldigger/derived-keys/").chain_update(&bytes).finalize();
        Ok(Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes)),
            key_id,
            derivation_root: derivation_root.into(),
        })
    }

    pub fn seal(&self, plaintext: &str) -> String {
        let nonce_bytes = rand::random::<[u8; NONCE_LEN]>();
        // Encryption with a valid key and nonce size only fails on absurd lengths (> 64 GiB).
        let ciphertext = self.cipher.encrypt(Nonce::from_slice(&nonce_bytes), plaintext.as_bytes()).unwrap_or_default();
        let mut sealed = nonce_bytes.to_vec();
        sealed.extend(ciphertext);
        format!("v1:{}:{}", self.key_id, B64.encode(sealed))
    }

    pub fn open(&self, sealed: &str) -> Result<String, CipherError> {
        let mut parts = sealed.splitn(3, ':');
        let (Some("v1"), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CipherError::Malformed);
        };
        if key_id != self.key_id {
            return Err(CipherError::UnknownKey(key_id.to_owned()));
        }
        let bytes = B64.decode(body).map_err(|_| CipherError::Malformed)?;
        if bytes.len() < NONCE_LEN {
            return Err(CipherError::Malformed);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), ciphertext).map_err(|_| CipherError::Tampered)?;
        String::from_utf8(plain).map_err(|_| CipherError::Malformed)
    }
}

impl FieldCipher {
    /// A 32-byte key for `purpose`, derived from the data key (HMAC-SHA256 of the purpose under a
    /// hash of the key): stable while the data key is, different for every purpose.
    pub fn derived_key(&self, purpose: &str) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.derivation_root).expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> String {
        B64.encode([byte; 32])
    }

    #[test]
    fn sealed_values_open_with_the_same_key_only() {
        let cipher = FieldCipher::from_base64_key(&key(7)).unwrap();
        let sealed = cipher.seal("oauth-token-secret");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("oauth-token-secret"));
        assert_eq!(cipher.open(&sealed).unwrap(), "oauth-token-secret");
        assert_ne!(sealed, cipher.seal("oauth-token-secret"), "fresh nonce per value");

        let other = FieldCipher::from_base64_key(&key(8)).unwrap();
        assert!(matches!(other.open(&sealed), Err(CipherError::UnknownKey(_))));

        assert_eq!(cipher.derived_key("a"), FieldCipher::from_base64_key(&key(7)).unwrap().derived_key("a"));
        assert_ne!(cipher.derived_key("a"), cipher.derived_key("b"));
        assert_ne!(cipher.derived_key("a"), other.derived_key("a"));
    }

    #[test]
    fn tampering_and_garbage_are_errors() {
        let cipher = FieldCipher::from_base64_key(&key(7)).unwrap();
        let sealed = cipher.seal("x");
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 3;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(cipher.open(&String::from_utf8(bytes).unwrap()), Err(CipherError::Tampered));
        for garbage in ["", "v1", "v2:a:b", "v1:zz:!!!"] {
            assert!(cipher.open(garbage).is_err(), "{garbage}");
        }
        assert_eq!(FieldCipher::from_base64_key("c2hvcnQ=").err(), Some(CipherError::BadKey));
    }
}
