//! Encryption of secrets at rest (OAuth tokens, app consumer secrets): AES-256-GCM with a random
//! nonce per value and, as associated data, the value's place (its item and field), so a sealed
//! value moved to another user's item or another field does not open. The stored form names the
//! key it was sealed with: `v2:<key id>:<base64(nonce ‖ ciphertext)>`. `v1` values, sealed before
//! values were bound to their place, still open. During a key rotation the previous key opens
//! what it sealed (docs/security.md#rotating-the-data-key).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};

const NONCE_LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CipherError {
    #[error("the data key must be base64 of exactly 32 bytes")]
    BadKey,
    #[error("the value was sealed with key {0}, which is neither the current nor the previous key")]
    UnknownKey(String),
    #[error("the sealed value is malformed")]
    Malformed,
    #[error("the sealed value failed authentication (tampered, or moved from another item)")]
    Tampered,
}

#[derive(Clone)]
struct DataKey {
    cipher: Aes256Gcm,
    id: String,
    /// The root of keys derived for other purposes (signing unsubscribe links), so the data
    /// key itself only ever encrypts.
    derivation_root: [u8; 32],
}

impl DataKey {
    fn from_base64(encoded: &str) -> Result<Self, CipherError> {
        let bytes = B64.decode(encoded.trim()).map_err(|_| CipherError::BadKey)?;
        if bytes.len() != 32 {
            return Err(CipherError::BadKey);
        }
        let id = hex(&Sha256::digest(&bytes)[..4]);
        let derivation_root = Sha256::new().chain_update(b"vinyldigger/derived-keys/").chain_update(&bytes).finalize();
        Ok(Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes)),
            id,
            derivation_root: derivation_root.into(),
        })
    }
}

#[derive(Clone)]
pub struct FieldCipher {
    current: DataKey,
    previous: Option<DataKey>,
}

impl FieldCipher {
    /// From the data key as stored in the secret: base64 of 32 random bytes.
    pub fn from_base64_key(encoded: &str) -> Result<Self, CipherError> {
        Ok(Self { current: DataKey::from_base64(encoded)?, previous: None })
    }

    /// Also opens what `encoded`, the key being rotated out, sealed.
    pub fn with_previous_key(mut self, encoded: &str) -> Result<Self, CipherError> {
        self.previous = Some(DataKey::from_base64(encoded)?);
        Ok(self)
    }

    /// Seals `plaintext` for the place `context` names (e.g. the item's key and the field).
    pub fn seal(&self, plaintext: &str, context: &str) -> String {
        let nonce_bytes = rand::random::<[u8; NONCE_LEN]>();
        let payload = Payload { msg: plaintext.as_bytes(), aad: context.as_bytes() };
        // Encryption with a valid key and nonce size only fails on absurd lengths (> 64 GiB).
        let ciphertext = self.current.cipher.encrypt(Nonce::from_slice(&nonce_bytes), payload).unwrap_or_default();
        let mut sealed = nonce_bytes.to_vec();
        sealed.extend(ciphertext);
        format!("v2:{}:{}", self.current.id, B64.encode(sealed))
    }

    /// Opens a value sealed for `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<String, CipherError> {
        let mut parts = sealed.splitn(3, ':');
        let (Some(version), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CipherError::Malformed);
        };
        let aad = match version {
            "v2" => context.as_bytes(),
            // Sealed before values were bound to their place.
            "v1" => b"".as_slice(),
            _ => return Err(CipherError::Malformed),
        };
        let key = [Some(&self.current), self.previous.as_ref()]
            .into_iter()
            .flatten()
            .find(|k| k.id == key_id)
            .ok_or_else(|| CipherError::UnknownKey(key_id.to_owned()))?;
        let bytes = B64.decode(body).map_err(|_| CipherError::Malformed)?;
        if bytes.len() < NONCE_LEN {
            return Err(CipherError::Malformed);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let plain = key
            .cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad })
            .map_err(|_| CipherError::Tampered)?;
        String::from_utf8(plain).map_err(|_| CipherError::Malformed)
    }
}

impl FieldCipher {
    /// A 32-byte key for `purpose`, derived from the current data key (HMAC-SHA256 of the purpose
    /// under a hash of the key): stable while the data key is, different for every purpose.
    pub fn derived_key(&self, purpose: &str) -> [u8; 32] {
        self.current.derive(purpose)
    }

    /// The key for `purpose` derived from the previous data key, during a rotation: what was
    /// signed before it still verifies.
    pub fn previous_derived_key(&self, purpose: &str) -> Option<[u8; 32]> {
        self.previous.as_ref().map(|k| k.derive(purpose))
    }
}

impl DataKey {
    fn derive(&self, purpose: &str) -> [u8; 32] {
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
    fn sealed_values_open_with_the_same_key_and_place_only() {
        let cipher = FieldCipher::from_base64_key(&key(7)).unwrap();
        let sealed = cipher.seal("oauth-token-secret", "USER#a|OAUTH#discogs|access_token");
        assert!(sealed.starts_with("v2:"));
        assert!(!sealed.contains("oauth-token-secret"));
        assert_eq!(cipher.open(&sealed, "USER#a|OAUTH#discogs|access_token").unwrap(), "oauth-token-secret");
        assert_ne!(sealed, cipher.seal("oauth-token-secret", "USER#a|OAUTH#discogs|access_token"), "fresh nonce");

        assert_eq!(cipher.open(&sealed, "USER#b|OAUTH#discogs|access_token"), Err(CipherError::Tampered));
        assert_eq!(cipher.open(&sealed, "USER#a|OAUTH#discogs|refresh_token"), Err(CipherError::Tampered));
        let other = FieldCipher::from_base64_key(&key(8)).unwrap();
        assert!(matches!(other.open(&sealed, "USER#a|OAUTH#discogs|access_token"), Err(CipherError::UnknownKey(_))));

        assert_eq!(cipher.derived_key("a"), FieldCipher::from_base64_key(&key(7)).unwrap().derived_key("a"));
        assert_ne!(cipher.derived_key("a"), cipher.derived_key("b"));
        assert_ne!(cipher.derived_key("a"), other.derived_key("a"));
    }

    #[test]
    fn the_previous_key_opens_what_it_sealed_during_a_rotation() {
        let old = FieldCipher::from_base64_key(&key(7)).unwrap();
        let sealed = old.seal("secret", "place");
        let rotated = FieldCipher::from_base64_key(&key(8)).unwrap().with_previous_key(&key(7)).unwrap();
        assert_eq!(rotated.open(&sealed, "place").unwrap(), "secret");
        let resealed = rotated.seal("secret", "place");
        assert_eq!(FieldCipher::from_base64_key(&key(8)).unwrap().open(&resealed, "place").unwrap(), "secret");
        assert!(old.open(&resealed, "place").is_err(), "new values use the new key");
    }

    #[test]
    fn values_sealed_before_binding_still_open() {
        let raw = [7u8; 32];
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&raw));
        let nonce = [1u8; NONCE_LEN];
        let mut body = nonce.to_vec();
        body.extend(cipher.encrypt(Nonce::from_slice(&nonce), b"legacy".as_slice()).unwrap());
        let id = hex(&Sha256::digest(raw)[..4]);
        let legacy = format!("v1:{id}:{}", B64.encode(body));
        assert_eq!(FieldCipher::from_base64_key(&key(7)).unwrap().open(&legacy, "any place").unwrap(), "legacy");
    }

    #[test]
    fn tampering_and_garbage_are_errors() {
        let cipher = FieldCipher::from_base64_key(&key(7)).unwrap();
        let sealed = cipher.seal("x", "p");
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 3;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(cipher.open(&String::from_utf8(bytes).unwrap(), "p"), Err(CipherError::Tampered));
        for garbage in ["", "v1", "v3:a:b", "v2:zz:!!!"] {
            assert!(cipher.open(garbage, "p").is_err(), "{garbage}");
        }
        assert_eq!(FieldCipher::from_base64_key("c2hvcnQ=").err(), Some(CipherError::BadKey));
    }
}
