//! Linking a user's Discogs (OAuth 1.0a) and eBay (OAuth 2.0) account: the handshake's workflow,
//! without HTTP. Handshake states live ten minutes, belong to one user and one provider, and are
//! deleted once used (see docs/behaviour.md#account-linking).

use chrono::{DateTime, Utc};

use crate::auth::cipher::FieldCipher;
use crate::config::Config;
use crate::domain::ids::UserId;
use crate::domain::oauth::{AppConfig, OAuthState, OAuthToken, STATE_LIFETIME};
use crate::domain::platform::Platform;
use crate::market::discogs::oauth::{self as discogs, ConsumerCredentials, TokenPair};
use crate::market::ebay::oauth as ebay;
use crate::market::{Endpoints, MarketError};
use crate::secrets::Secret;
use crate::store::{Store, StoreError};

/// What a linked eBay account is called when eBay will not say who it is.
pub const EBAY_FALLBACK_NAME: &str = "eBay User";

/// The handshake's dependencies, borrowed from the API's.
pub struct Linking<'a> {
    pub store: &'a Store,
    pub cipher: &'a FieldCipher,
    pub http: &'a reqwest::Client,
    pub config: &'a Config,
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("{0} OAuth is not configured")]
    NotConfigured(Platform),
    #[error("the OAuth state is unknown, expired or of another provider")]
    UnknownState,
    #[error("the handshake belongs to another user")]
    OtherUser,
    #[error("the request token does not match the handshake")]
    TokenMismatch,
    #[error("the marketplace would not start a handshake: {0}")]
    NotStarted(MarketError),
    /// The handshake is over: its state was deleted.
    #[error("the Discogs handshake failed: {0}")]
    DiscogsFailed(MarketError),
    /// eBay refused the code; the handshake is over.
    #[error("eBay refused the authorization code: {0}")]
    CodeRefused(MarketError),
    /// The account was authorised but could not be stored; the handshake stays for a retry.
    #[error("the linked eBay token could not be stored: {0}")]
    NotStored(StoreError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A provider's link as the user sees it.
pub struct LinkStatus {
    pub is_configured: bool,
    /// The linked account's name; `None` when not linked.
    pub username: Option<String>,
}

/// Where to send the user to approve the link, and the handshake's state.
pub struct Authorization {
    pub url: String,
    pub state: String,
}

/// 32 random bytes, URL-safe base64 without padding (43 characters).
fn new_state() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

fn consumer(config: &AppConfig) -> ConsumerCredentials {
    ConsumerCredentials::new(config.consumer_key.clone(), config.consumer_secret.expose())
}

impl Linking<'_> {
    async fn app(&self, provider: Platform) -> Result<AppConfig, LinkError> {
        self.store.get_app_config(self.cipher, provider).await?.ok_or(LinkError::NotConfigured(provider))
    }

    /// Where the provider is: linking needs stored app credentials, which make a marketplace
    /// real unless the sandbox is forced (eBay's hosts also follow the client id).
    fn endpoints(&self, app: &AppConfig) -> Endpoints {
        let mode = self.config.marketplace.mode(true);
        let ebay_client_id = (app.provider == Platform::Ebay).then_some(app.consumer_key.as_str());
        self.config.marketplace.endpoints(mode, ebay_client_id)
    }

    pub async fn status(&self, user: UserId, provider: Platform) -> Result<LinkStatus, StoreError> {
        let is_configured = self.store.get_app_config(self.cipher, provider).await?.is_some();
        let token = self.store.get_oauth_token(self.cipher, user, provider).await?;
        Ok(LinkStatus { is_configured, username: token.map(|t| t.provider_username) })
    }

    /// Starts a handshake: for Discogs a request token first, for eBay just the consent URL.
    pub async fn authorize(
        &self,
        user: UserId,
        provider: Platform,
        now: DateTime<Utc>,
    ) -> Result<Authorization, LinkError> {
        let config = self.app(provider).await?;
        let state = new_state();
        let mut handshake = OAuthState {
            state: state.clone(),
            user_id: user,
            provider,
            request_token: String::new(),
            request_token_secret: Secret::new(""),
            expires_at: now + STATE_LIFETIME,
        };
        let url = match provider {
            Platform::Discogs => {
                let endpoints = self.endpoints(&config);
                let callback = match config.callback_url.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                    Some(url) => discogs::callback_with_state(url, &state),
                    None => "oob".to_owned(),
                };
                let request = discogs::request_token(self.http, &endpoints, &consumer(&config), &callback)
                    .await
                    .map_err(LinkError::NotStarted)?;
                handshake.request_token.clone_from(&request.token);
                handshake.request_token_secret = request.secret;
                discogs::authorize_url(&endpoints, &handshake.request_token, &state)
            }
            Platform::Ebay => ebay::authorize_url(
                &self.endpoints(&config),
                &config.consumer_key,
                config.redirect_uri.as_deref().unwrap_or_default(),
                config.scope.as_deref().unwrap_or_default(),
                &state,
            ),
        };
        self.store.put_oauth_state(self.cipher, &handshake).await?;
        Ok(Authorization { url, state })
    }

    /// A live handshake of `provider` by its state.
    async fn handshake(&self, state: &str, provider: Platform, now: DateTime<Utc>) -> Result<OAuthState, LinkError> {
        self.store
            .get_oauth_state(self.cipher, state, now)
            .await?
            .filter(|h| h.provider == provider)
            .ok_or(LinkError::UnknownState)
    }

    /// A live handshake of `provider` that `user` started.
    async fn own_handshake(
        &self,
        user: UserId,
        state: &str,
        provider: Platform,
        now: DateTime<Utc>,
    ) -> Result<OAuthState, LinkError> {
        let handshake = self.handshake(state, provider, now).await?;
        if handshake.user_id != user {
            return Err(LinkError::OtherUser);
        }
        Ok(handshake)
    }

    /// Discogs' redirect with `oauth_token` and `oauth_verifier`, handed on by the app of the
    /// signed-in `user`, who must be the one who started the handshake: otherwise anyone could
    /// send their own authorisation link to a victim and receive the victim's account (see
    /// docs/security.md). `state` comes back only when it was put into the callback URL, so the
    /// handshake is also found by its request token. Returns the linked account's name.
    pub async fn discogs_callback(
        &self,
        user: UserId,
        token: &str,
        verifier: &str,
        state: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<String, LinkError> {
        let handshake = match state.filter(|s| !s.is_empty()) {
            Some(state) => self.store.get_oauth_state(self.cipher, state, now).await?,
            None => self.store.find_oauth_state_by_request_token(self.cipher, token, now).await?,
        };
        let handshake = handshake.filter(|h| h.provider == Platform::Discogs).ok_or(LinkError::UnknownState)?;
        if handshake.user_id != user {
            return Err(LinkError::OtherUser);
        }
        if handshake.request_token != token {
            return Err(LinkError::TokenMismatch);
        }
        self.complete_discogs(&handshake, verifier, now).await
    }

    /// The code a user pasted from the marketplace's page, for a handshake they started.
    pub async fn verify(
        &self,
        user: UserId,
        provider: Platform,
        state: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<String, LinkError> {
        let handshake = self.own_handshake(user, state, provider, now).await?;
        match provider {
            Platform::Discogs => self.complete_discogs(&handshake, code, now).await,
            Platform::Ebay => self.complete_ebay(&handshake, code, now).await,
        }
    }

    /// eBay's redirect with `code` and `state`, handed on by the app of the signed-in `user`, who
    /// must be the one who started the handshake (as for Discogs).
    pub async fn ebay_callback(
        &self,
        user: UserId,
        code: &str,
        state: &str,
        now: DateTime<Utc>,
    ) -> Result<String, LinkError> {
        let handshake = self.own_handshake(user, state, Platform::Ebay, now).await?;
        self.complete_ebay(&handshake, code, now).await
    }

    pub async fn revoke(&self, user: UserId, provider: Platform) -> Result<bool, StoreError> {
        self.store.delete_oauth_token(user, provider).await
    }

    /// Exchanges the verifier, looks the account up, stores the token. Any failure ends the
    /// handshake.
    async fn complete_discogs(
        &self,
        handshake: &OAuthState,
        verifier: &str,
        now: DateTime<Utc>,
    ) -> Result<String, LinkError> {
        let config = self.app(Platform::Discogs).await?;
        let linked = async {
            let endpoints = self.endpoints(&config);
            let consumer = consumer(&config);
            let request =
                TokenPair { token: handshake.request_token.clone(), secret: handshake.request_token_secret.clone() };
            let access = discogs::access_token(self.http, &endpoints, &consumer, &request, verifier).await?;
            let identity = discogs::identity(self.http, &endpoints, &consumer, &access).await?;
            let token = OAuthToken {
                provider: Platform::Discogs,
                access_token: Secret::new(access.token),
                access_token_secret: Some(access.secret),
                refresh_token: None,
                expires_at: None,
                provider_user_id: identity.id.to_string(),
                provider_username: identity.username.clone(),
                created_at: now,
                updated_at: now,
            };
            self.store.put_oauth_token(self.cipher, handshake.user_id, &token).await?;
            Ok::<_, MarketError>(identity.username)
        }
        .await;
        self.store.delete_oauth_state(&handshake.state).await?;
        match linked {
            Ok(username) => {
                tracing::info!(user_id = %handshake.user_id, "Discogs account linked");
                Ok(username)
            }
            Err(reason) => Err(LinkError::DiscogsFailed(reason)),
        }
    }

    /// A refused code ends the handshake; a failure on our side keeps it, so the user can retry
    /// the same code.
    async fn complete_ebay(&self, handshake: &OAuthState, code: &str, now: DateTime<Utc>) -> Result<String, LinkError> {
        let config = self.app(Platform::Ebay).await?;
        let endpoints = self.endpoints(&config);
        let redirect = config.redirect_uri.as_deref().unwrap_or_default();
        let exchanged =
            ebay::exchange_code(self.http, &endpoints, &config.consumer_key, &config.consumer_secret, code, redirect)
                .await;
        let tokens = match exchanged {
            Ok(tokens) => tokens,
            Err(error) => {
                self.store.delete_oauth_state(&handshake.state).await?;
                return Err(LinkError::CodeRefused(error));
            }
        };
        // Best effort: the account links even when eBay will not say who it is.
        let identity = ebay::user_info(self.http, &endpoints, &tokens.access_token).await.unwrap_or_else(|error| {
            tracing::warn!(user_id = %handshake.user_id, %error, "eBay user info unavailable");
            ebay::EbayIdentity { user_id: String::new(), username: String::new() }
        });
        let token = OAuthToken {
            provider: Platform::Ebay,
            expires_at: Some(tokens.expires_at(now)),
            access_token: tokens.access_token,
            access_token_secret: None,
            refresh_token: tokens.refresh_token,
            provider_user_id: identity.user_id,
            provider_username: identity.username.clone(),
            created_at: now,
            updated_at: now,
        };
        self.store.put_oauth_token(self.cipher, handshake.user_id, &token).await.map_err(LinkError::NotStored)?;
        self.store.delete_oauth_state(&handshake.state).await?;
        tracing::info!(user_id = %handshake.user_id, "eBay account linked");
        Ok(if identity.username.is_empty() { EBAY_FALLBACK_NAME.to_owned() } else { identity.username })
    }
}
