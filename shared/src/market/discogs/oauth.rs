//! Discogs OAuth 1.0a (docs/behaviour.md#linking-marketplace-accounts): request token, the authorize page, access token, identity.
//! Callers store the tokens (the API's OAuth module); these functions only talk to Discogs.

use std::fmt;

use chrono::Utc;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Client, Method, RequestBuilder, Url};
use serde::Deserialize;

use super::signing::{OAuthParams, authorization_header, nonce, percent_encode};
use crate::market::endpoints::Endpoints;
use crate::market::error::MarketError;
use crate::market::http::{self, Retry};
use crate::secrets::Secret;

/// Discogs' media type for API answers (plain-text formatting of notes and comments).
pub const ACCEPT_DISCOGS: &str = "application/vnd.discogs.v2.plaintext+json";

/// The application's consumer key and secret (admin app config).
#[derive(Clone, PartialEq, Eq)]
pub struct ConsumerCredentials {
    pub key: String,
    pub secret: Secret,
}

impl ConsumerCredentials {
    pub fn new(key: impl Into<String>, secret: impl Into<String>) -> Self {
        Self { key: key.into(), secret: Secret::new(secret) }
    }
}

impl fmt::Debug for ConsumerCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsumerCredentials").field("key", &self.key).finish_non_exhaustive()
    }
}

/// An OAuth 1.0a token and its secret: a request token during the handshake, then the user's
/// access token. Debug output shows neither.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenPair {
    pub token: String,
    pub secret: Secret,
}

impl TokenPair {
    pub fn new(token: impl Into<String>, secret: impl Into<String>) -> Self {
        Self { token: token.into(), secret: Secret::new(secret) }
    }
}

impl fmt::Debug for TokenPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenPair(***)")
    }
}

/// `GET /oauth/identity`: who the access token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DiscogsIdentity {
    pub id: u64,
    #[serde(default)]
    pub username: String,
}

/// A request signed with HMAC-SHA1 (fresh nonce and timestamp on every call).
pub(crate) fn signed(
    client: &Client,
    method: Method,
    url: &Url,
    consumer: &ConsumerCredentials,
    token: Option<&TokenPair>,
    callback: Option<&str>,
    verifier: Option<&str>,
) -> RequestBuilder {
    let nonce = nonce();
    let timestamp = Utc::now().timestamp().to_string();
    let oauth = OAuthParams {
        consumer_key: &consumer.key,
        consumer_secret: consumer.secret.expose(),
        token: token.map(|t| (t.token.as_str(), t.secret.expose())),
        nonce: &nonce,
        timestamp: &timestamp,
        callback,
        verifier,
        version: Some("1.0"),
    };
    let header = authorization_header(method.as_str(), url, &[], &oauth);
    client.request(method, url.clone()).header(reqwest::header::AUTHORIZATION, header).header(ACCEPT, ACCEPT_DISCOGS)
}

pub(crate) fn api_url(endpoints: &Endpoints, path: &str) -> Result<Url, MarketError> {
    Url::parse(&format!("{}{path}", endpoints.discogs_api))
        .map_err(|e| MarketError::Permanent(format!("invalid Discogs URL for {path}: {e}")))
}

fn token_pair(pairs: Vec<(String, String)>, label: &str) -> Result<TokenPair, MarketError> {
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    match (get("oauth_token"), get("oauth_token_secret")) {
        (Some(token), Some(secret)) => Ok(TokenPair::new(token, secret)),
        _ => Err(MarketError::Malformed(format!("{label}: oauth_token or oauth_token_secret missing"))),
    }
}

/// Step 1: a request token. `callback` is the app's callback URL (use [`callback_with_state`]
/// so the redirect can find its handshake) or `oob` for the copy-the-code flow.
pub async fn request_token(
    client: &Client,
    endpoints: &Endpoints,
    consumer: &ConsumerCredentials,
    callback: &str,
) -> Result<TokenPair, MarketError> {
    let url = api_url(endpoints, "/oauth/request_token")?;
    let label = "discogs request_token";
    let response = http::send(&Retry::default(), None, label, || {
        signed(client, Method::POST, &url, consumer, None, Some(callback), None)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
    })
    .await?;
    token_pair(http::form(response, label).await?, label)
}

/// docs/behaviour.md#linking-marketplace-accounts and docs/spec-deviations.md: the callback URL with the handshake's `state` appended, because OAuth 1.0a
/// providers do not pass back the `state` of the authorize URL.
pub fn callback_with_state(callback_url: &str, state: &str) -> String {
    let separator = if callback_url.contains('?') { '&' } else { '?' };
    format!("{callback_url}{separator}state={}", percent_encode(state))
}

/// Step 2: where the user approves the app (docs/behaviour.md#linking-marketplace-accounts), on Discogs' website.
pub fn authorize_url(endpoints: &Endpoints, request_token: &str, state: &str) -> String {
    format!(
        "{}/oauth/authorize?oauth_token={}&state={}",
        endpoints.discogs_web,
        percent_encode(request_token),
        percent_encode(state)
    )
}

/// Step 3: the access token for the verifier Discogs gave the user (redirect or copied code).
/// Sent once: a verifier is single-use, so a retry could only fail.
pub async fn access_token(
    client: &Client,
    endpoints: &Endpoints,
    consumer: &ConsumerCredentials,
    request: &TokenPair,
    verifier: &str,
) -> Result<TokenPair, MarketError> {
    let url = api_url(endpoints, "/oauth/access_token")?;
    let label = "discogs access_token";
    let response = http::send(&Retry::once(), None, label, || {
        signed(client, Method::POST, &url, consumer, Some(request), None, Some(verifier.trim()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
    })
    .await?;
    token_pair(http::form(response, label).await?, label)
}

/// Step 4: the Discogs account behind an access token.
pub async fn identity(
    client: &Client,
    endpoints: &Endpoints,
    consumer: &ConsumerCredentials,
    access: &TokenPair,
) -> Result<DiscogsIdentity, MarketError> {
    let url = api_url(endpoints, "/oauth/identity")?;
    let label = "discogs identity";
    let response = http::send(&Retry::default(), None, label, || {
        signed(client, Method::GET, &url, consumer, Some(access), None, None)
    })
    .await?;
    http::json(response, label).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_carries_the_state() {
        assert_eq!(
            callback_with_state("https://vd.example/oauth/callback", "a-b_c"),
            "https://vd.example/oauth/callback?state=a-b_c"
        );
        assert_eq!(
            callback_with_state("https://vd.example/cb?p=discogs", "x y"),
            "https://vd.example/cb?p=discogs&state=x%20y"
        );
    }

    #[test]
    fn authorize_url_encodes_its_values() {
        let e = Endpoints::production();
        assert_eq!(
            authorize_url(&e, "tok/1", "st"),
            "https://www.discogs.com/oauth/authorize?oauth_token=tok%2F1&state=st"
        );
    }

    #[test]
    fn debug_output_hides_secrets() {
        let pair = TokenPair::new("token", "secret");
        assert_eq!(format!("{pair:?}"), "TokenPair(***)");
        let consumer = ConsumerCredentials::new("key", "shh");
        assert!(!format!("{consumer:?}").contains("shh"));
    }
}
