//! Access and refresh tokens: JWT signed with HMAC-SHA256, claims `sub`, `exp`, `type` and `sid`,
//! the session the token belongs to (docs/security.md). Only `HS256` is accepted, so `alg: none`
//! and algorithm confusion are impossible.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::ids::UserId;

pub const ACCESS_LIFETIME: Duration = Duration::minutes(30);
pub const REFRESH_LIFETIME: Duration = Duration::days(7);
/// Shortest signing key accepted: HS256's own strength (RFC 7518 §3.2).
pub const MIN_KEY_LEN: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenType {
    Access,
    Refresh,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Claims {
    sub: String,
    exp: i64,
    #[serde(rename = "type")]
    kind: TokenType,
    /// Tokens issued before sessions existed have none; they are refused at refresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<String>,
}

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub user: UserId,
    pub session: Option<String>,
}

/// A new session id: 16 random bytes, URL-safe base64 (22 characters).
pub fn new_session_id() -> String {
    B64.encode(rand::random::<[u8; 16]>())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("unsupported algorithm")]
    Algorithm,
    #[error("bad signature")]
    Signature,
    #[error("token expired")]
    Expired,
    #[error("wrong token type")]
    WrongType,
    #[error("subject is not a user id")]
    Subject,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the JWT signing key must be at least {MIN_KEY_LEN} bytes (it has {0}); store a longer secret")]
pub struct WeakKey(pub usize);

/// Signs and verifies tokens with one key.
#[derive(Clone)]
pub struct TokenSigner {
    key: Vec<u8>,
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

impl TokenSigner {
    /// Refuses keys shorter than [`MIN_KEY_LEN`]: a short HMAC key can be brute-forced from
    /// any one token.
    pub fn new(key: &[u8]) -> Result<Self, WeakKey> {
        if key.len() < MIN_KEY_LEN {
            return Err(WeakKey(key.len()));
        }
        Ok(Self { key: key.to_vec() })
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
    }

    pub fn issue(&self, user: UserId, session: &str, kind: TokenType, now: DateTime<Utc>) -> String {
        let lifetime = match kind {
            TokenType::Access => ACCESS_LIFETIME,
            TokenType::Refresh => REFRESH_LIFETIME,
        };
        let claims =
            Claims { sub: user.to_string(), exp: (now + lifetime).timestamp(), kind, sid: Some(session.to_owned()) };
        // Serialising this plain struct cannot fail.
        let payload = serde_json::to_vec(&claims).unwrap_or_default();
        let signing_input = format!("{}.{}", B64.encode(HEADER), B64.encode(payload));
        let mut mac = self.mac();
        mac.update(signing_input.as_bytes());
        format!("{signing_input}.{}", B64.encode(mac.finalize().into_bytes()))
    }

    /// The user a valid, unexpired token of the expected type was issued to.
    pub fn verify(&self, token: &str, expected: TokenType, now: DateTime<Utc>) -> Result<Verified, TokenError> {
        let (signing_input, signature) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let (header, payload) = signing_input.split_once('.').ok_or(TokenError::Malformed)?;
        if payload.contains('.') {
            return Err(TokenError::Malformed);
        }
        let header: serde_json::Value = serde_json::from_slice(&B64.decode(header).map_err(|_| TokenError::Malformed)?)
            .map_err(|_| TokenError::Malformed)?;
        if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
            return Err(TokenError::Algorithm);
        }
        let signature = B64.decode(signature).map_err(|_| TokenError::Malformed)?;
        let mut mac = self.mac();
        mac.update(signing_input.as_bytes());
        mac.verify_slice(&signature).map_err(|_| TokenError::Signature)?;
        let claims: Claims = serde_json::from_slice(&B64.decode(payload).map_err(|_| TokenError::Malformed)?)
            .map_err(|_| TokenError::Malformed)?;
        if claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        if claims.kind != expected {
            return Err(TokenError::WrongType);
        }
        let user = claims.sub.parse().map_err(|_| TokenError::Subject)?;
        Ok(Verified { user, session: claims.sid })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"test-key-of-some-length-32-bytes";

    fn signer() -> TokenSigner {
        TokenSigner::new(KEY).unwrap()
    }

    fn ok(user: UserId) -> Result<Verified, TokenError> {
        Ok(Verified { user, session: Some("s1".into()) })
    }

    #[test]
    fn short_keys_are_refused() {
        assert_eq!(TokenSigner::new(&[7; 31]).err(), Some(WeakKey(31)));
        assert!(TokenSigner::new(&[7; 32]).is_ok());
        assert!(WeakKey(5).to_string().contains("at least 32 bytes"));
    }

    fn forge(header: &str, claims: serde_json::Value, key: &[u8]) -> String {
        let input = format!("{}.{}", B64.encode(header), B64.encode(claims.to_string()));
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", B64.encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn matches_the_rfc_7519_hs256_construction() {
        // jwt.io's canonical HS256 example, recomputed with the same primitives.
        let token = forge(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            serde_json::json!({"sub":"1234567890","name":"John Doe","iat":1516239022}),
            b"your-256-bit-secret",
        );
        assert!(token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
    }

    #[test]
    fn tokens_round_trip_with_exactly_the_four_claims() {
        let user = UserId::new();
        let now = Utc::now();
        let token = signer().issue(user, "s1", TokenType::Access, now);
        assert_eq!(signer().verify(&token, TokenType::Access, now), ok(user));
        let payload: serde_json::Value =
            serde_json::from_slice(&B64.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap();
        let mut keys: Vec<_> = payload.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["exp", "sid", "sub", "type"]);
        assert_eq!(payload["exp"], (now + ACCESS_LIFETIME).timestamp());
    }

    #[test]
    fn refresh_tokens_are_not_access_tokens_and_vice_versa() {
        let user = UserId::new();
        let now = Utc::now();
        let refresh = signer().issue(user, "s1", TokenType::Refresh, now);
        assert_eq!(signer().verify(&refresh, TokenType::Access, now), Err(TokenError::WrongType));
        assert_eq!(signer().verify(&refresh, TokenType::Refresh, now + Duration::days(6)), ok(user));
        assert_eq!(signer().verify(&refresh, TokenType::Refresh, now + Duration::days(7)), Err(TokenError::Expired));
    }

    #[test]
    fn expired_tampered_foreign_and_unsigned_tokens_are_refused() {
        let user = UserId::new();
        let now = Utc::now();
        let token = signer().issue(user, "s1", TokenType::Access, now);
        assert_eq!(signer().verify(&token, TokenType::Access, now + ACCESS_LIFETIME), Err(TokenError::Expired));
        let other = TokenSigner::new(&[1; 32]).unwrap();
        assert_eq!(other.verify(&token, TokenType::Access, now), Err(TokenError::Signature));
        let legacy = forge(
            HEADER,
            serde_json::json!({"sub": user.to_string(), "exp": now.timestamp() + 600, "type": "refresh"}),
            KEY,
        );
        assert_eq!(signer().verify(&legacy, TokenType::Refresh, now), Ok(Verified { user, session: None }));

        let mut tampered = token.clone();
        tampered.insert(tampered.find('.').unwrap() + 2, 'x');
        assert!(signer().verify(&tampered, TokenType::Access, now).is_err());

        let claims = serde_json::json!({"sub": user.to_string(), "exp": now.timestamp() + 600, "type": "access"});
        let unsigned = format!("{}.{}.", B64.encode(r#"{"alg":"none","typ":"JWT"}"#), B64.encode(claims.to_string()));
        assert_eq!(signer().verify(&unsigned, TokenType::Access, now), Err(TokenError::Algorithm));

        let not_a_uuid =
            forge(HEADER, serde_json::json!({"sub": "42", "exp": now.timestamp() + 600, "type": "access"}), KEY);
        assert_eq!(signer().verify(&not_a_uuid, TokenType::Access, now), Err(TokenError::Subject));
        let no_sub = forge(HEADER, serde_json::json!({"exp": now.timestamp() + 600, "type": "access"}), KEY);
        assert_eq!(signer().verify(&no_sub, TokenType::Access, now), Err(TokenError::Malformed));

        for garbage in ["", "abc", "a.b.c", "a.b.c.d", "....", "eyJ.eyJ.sig"] {
            assert!(signer().verify(garbage, TokenType::Access, now).is_err(), "{garbage}");
        }
    }
}
