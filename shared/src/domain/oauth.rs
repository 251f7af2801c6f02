//! Marketplace credentials: the application's (set by an admin) and each user's linked account.

use chrono::{DateTime, Duration, Utc};

use super::ids::UserId;
use super::platform::Platform;
use crate::secrets::Secret;

/// How long an authorization handshake may take (docs/behaviour.md#linking-marketplace-accounts).
pub const STATE_LIFETIME: Duration = Duration::minutes(10);

/// The application's OAuth client registration with a marketplace.
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    pub provider: Platform,
    /// Discogs consumer key / eBay client id.
    pub consumer_key: String,
    pub consumer_secret: Secret,
    /// Discogs OAuth 1.0a callback; empty means out-of-band.
    pub callback_url: Option<String>,
    /// eBay redirect URI (RuName).
    pub redirect_uri: Option<String>,
    /// eBay scopes, space separated; empty means the default scope.
    pub scope: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A user's linked marketplace account.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthToken {
    pub provider: Platform,
    pub access_token: Secret,
    /// OAuth 1.0a token secret (Discogs).
    pub access_token_secret: Option<Secret>,
    /// OAuth 2.0 refresh token (eBay).
    pub refresh_token: Option<Secret>,
    /// When the access token expires (eBay); Discogs tokens do not.
    pub expires_at: Option<DateTime<Utc>>,
    pub provider_user_id: String,
    pub provider_username: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An authorization handshake in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthState {
    pub state: String,
    pub user_id: UserId,
    pub provider: Platform,
    /// OAuth 1.0a request token (Discogs); empty for eBay.
    pub request_token: String,
    pub request_token_secret: Secret,
    pub expires_at: DateTime<Utc>,
}

impl OAuthState {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.expires_at > now
    }
}
