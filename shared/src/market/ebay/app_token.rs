//! eBay's application token (client credentials), cached in DynamoDB until five minutes before
//! it expires, so all Lambdas share one token and a cold start does not mint a new one. The token
//! is stored sealed with the data key; each process also keeps it in memory.

use std::fmt;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Client, Url};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::oauth::DEFAULT_SCOPE;
use crate::auth::cipher::FieldCipher;
use crate::market::endpoints::Endpoints;
use crate::market::error::MarketError;
use crate::market::http::{self, Retry};
use crate::secrets::Secret;
use crate::store::{Store, keys};

/// A cached token is replaced this long before it expires.
pub const REFRESH_MARGIN: i64 = 5 * 60;

/// The app's eBay keys (admin app config).
#[derive(Clone, PartialEq, Eq)]
pub struct EbayAppCredentials {
    pub client_id: String,
    pub client_secret: Secret,
    /// Space-separated scopes for the application token.
    pub scope: String,
}

impl EbayAppCredentials {
    /// With the default scope (docs/architecture.md#ebay and docs/spec-deviations.md: the same URI in sandbox and production).
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            scope: DEFAULT_SCOPE.to_string(),
        }
    }

    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        let scope = scope.into();
        if !scope.trim().is_empty() {
            self.scope = scope.trim().to_string();
        }
        self
    }
}

impl fmt::Debug for EbayAppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EbayAppCredentials")
            .field("client_id", &self.client_id)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// A minted application token.
#[derive(Debug, Clone)]
pub struct AppToken {
    pub access_token: Secret,
    pub expires_in: i64,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
}

/// `POST {ebay_api}/identity/v1/oauth2/token` with `grant_type=client_credentials`.
pub async fn mint_app_token(
    client: &Client,
    endpoints: &Endpoints,
    credentials: &EbayAppCredentials,
    retry: &Retry,
) -> Result<AppToken, MarketError> {
    let url = token_url(endpoints)?;
    let label = "ebay client_credentials";
    let form = [("grant_type", "client_credentials"), ("scope", credentials.scope.as_str())];
    let response = http::send(retry, None, label, || {
        client
            .post(url.clone())
            .basic_auth(&credentials.client_id, Some(credentials.client_secret.expose()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .form(&form)
    })
    .await?;
    let answer: TokenAnswer = http::json(response, label).await?;
    match answer.access_token.filter(|t| !t.is_empty()) {
        Some(token) => Ok(AppToken { access_token: Secret::new(token), expires_in: answer.expires_in.unwrap_or(7200) }),
        None => Err(MarketError::Malformed(format!("{label}: no access_token"))),
    }
}

pub(crate) fn token_url(endpoints: &Endpoints) -> Result<Url, MarketError> {
    Url::parse(&format!("{}/identity/v1/oauth2/token", endpoints.ebay_api))
        .map_err(|e| MarketError::Permanent(format!("invalid eBay token URL: {e}")))
}

#[derive(Clone)]
struct Held {
    token: Secret,
    sealed: String,
    /// Epoch seconds after which the token is replaced.
    refresh_at: i64,
}

/// The shared cache. Clones share the in-memory copy.
#[derive(Clone)]
pub struct AppTokenCache {
    store: Store,
    cipher: FieldCipher,
    memory: Arc<Mutex<Option<Held>>>,
}

impl fmt::Debug for AppTokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppTokenCache")
    }
}

impl AppTokenCache {
    pub fn new(store: Store, cipher: FieldCipher) -> Self {
        Self { store, cipher, memory: Arc::new(Mutex::new(None)) }
    }

    /// One cache entry per eBay environment, app and scope.
    fn key(endpoints: &Endpoints, credentials: &EbayAppCredentials) -> keys::Key {
        let digest =
            Sha256::digest(format!("{}\n{}\n{}", endpoints.ebay_api, credentials.client_id, credentials.scope));
        let hash: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        keys::marketplace_cache("ebay_app_token", &hash)
    }

    /// A valid application token: from memory, else from the table, else freshly minted (and
    /// stored for every other Lambda), minting with the caller's `retry` policy.
    pub async fn token(
        &self,
        client: &Client,
        endpoints: &Endpoints,
        credentials: &EbayAppCredentials,
        retry: &Retry,
    ) -> Result<Secret, MarketError> {
        let now = Utc::now().timestamp();
        if let Some(held) = self.remembered().filter(|h| h.refresh_at > now) {
            return Ok(held.token);
        }
        let key = Self::key(endpoints, credentials);
        if let Some((sealed, expires_at)) = self.store.market_cache_get(&key, now).await?
            && expires_at - REFRESH_MARGIN > now
        {
            match self.cipher.open(&sealed, &sealed_place(&key)) {
                Ok(token) => {
                    let token = Secret::new(token);
                    self.remember(Held { token: token.clone(), sealed, refresh_at: expires_at - REFRESH_MARGIN });
                    tracing::debug!("eBay app token from the shared cache");
                    return Ok(token);
                }
                // Sealed with a rotated key: mint a new one.
                Err(error) => tracing::warn!(%error, "cached eBay app token cannot be opened"),
            }
        }
        let minted = mint_app_token(client, endpoints, credentials, retry).await?;
        let expires_at = now + minted.expires_in;
        let sealed = self.cipher.seal(minted.access_token.expose(), &sealed_place(&key));
        self.store.market_cache_put(&key, &sealed, expires_at).await?;
        tracing::info!(expires_in = minted.expires_in, "minted a new eBay app token");
        self.remember(Held { token: minted.access_token.clone(), sealed, refresh_at: expires_at - REFRESH_MARGIN });
        Ok(minted.access_token)
    }

    /// Drops a token eBay refused (401), here and in the table (unless replaced meanwhile).
    pub async fn invalidate(
        &self,
        endpoints: &Endpoints,
        credentials: &EbayAppCredentials,
        token: &Secret,
    ) -> Result<(), MarketError> {
        let held = self.remembered().filter(|h| h.token == *token);
        if let Ok(mut memory) = self.memory.lock()
            && memory.as_ref().is_some_and(|h| h.token == *token)
        {
            *memory = None;
        }
        if let Some(held) = held {
            self.store.market_cache_delete(&Self::key(endpoints, credentials), &held.sealed).await?;
        }
        Ok(())
    }

    fn remembered(&self) -> Option<Held> {
        self.memory.lock().ok().and_then(|m| m.clone())
    }

    fn remember(&self, held: Held) {
        if let Ok(mut memory) = self.memory.lock() {
            *memory = Some(held);
        }
    }
}

/// The associated data of a cached token: its cache entry, so it opens only there.
fn sealed_place(cache_key: &keys::Key) -> String {
    format!("{}|{}|token", cache_key.pk, cache_key.sk)
}
