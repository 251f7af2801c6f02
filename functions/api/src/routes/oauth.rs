//! Linking a user's Discogs (OAuth 1.0a) and eBay (OAuth 2.0) accounts (SPEC §2.5). Handshake
//! states live ten minutes, belong to one user and one provider, and are deleted once used.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Html;
use base64::Engine;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use vinyldigger::domain::oauth::{AppConfig, OAuthState, OAuthToken, STATE_LIFETIME};
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::user::User;
use vinyldigger::market::discogs::oauth::{self as discogs, ConsumerCredentials, TokenPair};
use vinyldigger::market::ebay::oauth as ebay;
use vinyldigger::secrets::Secret;

use super::admin::provider;
use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError};
use crate::extract::{AuthUser, Body, Validate};
use crate::views::Message;

const EXPIRED: &str = "Invalid or expired OAuth state.";
const EXPIRED_RESTART: &str = "Invalid or expired OAuth state. Please restart the authorization process.";
const OTHER_USER: &str = "This authorization request belongs to a different user.";
const EBAY_CODE_INVALID: &str = "Authorization code is invalid or expired. Please restart the authorization process.";
const EBAY_FAILED: &str = "Failed to complete authorization. Please try again.";
const EBAY_FALLBACK_NAME: &str = "eBay User";

#[derive(Serialize, ToSchema)]
pub struct OAuthStatus {
    pub provider: String,
    pub is_configured: bool,
    pub is_authorized: bool,
    pub username: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuthorizeResponse {
    pub authorization_url: String,
    pub state: String,
}

#[derive(Serialize, ToSchema)]
pub struct Authorized {
    pub message: String,
    pub username: String,
}

#[derive(Deserialize, ToSchema)]
pub struct DiscogsVerify {
    pub state: String,
    pub verification_code: String,
}

impl Validate for DiscogsVerify {}

#[derive(Deserialize, ToSchema)]
pub struct EbayVerify {
    pub state: String,
    pub authorization_code: String,
}

impl Validate for EbayVerify {}

fn unavailable(detail: impl Into<String>) -> ApiError {
    ApiError::status(StatusCode::SERVICE_UNAVAILABLE, detail)
}

fn failed(detail: &str) -> ApiError {
    ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, detail)
}

/// 32 random bytes, URL-safe base64 without padding (43 characters).
fn new_state() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

fn required_query(query: &HashMap<String, String>, names: &[&str]) -> ApiResult<()> {
    let missing: Vec<FieldError> = names
        .iter()
        .filter(|n| query.get(**n).is_none_or(String::is_empty))
        .map(|n| FieldError::new("missing", "query", n, "Field required", Value::Null))
        .collect();
    if missing.is_empty() { Ok(()) } else { Err(ApiError::Validation(missing)) }
}

async fn app_config(deps: &Deps, provider: Platform) -> ApiResult<Option<AppConfig>> {
    Ok(deps.store.get_app_config(&deps.cipher, provider).await?)
}

fn consumer(config: &AppConfig) -> ConsumerCredentials {
    ConsumerCredentials::new(config.consumer_key.clone(), config.consumer_secret.expose())
}

#[utoipa::path(get, path = "/api/v1/oauth/status/{provider}", tag = "oauth", security(("bearer" = [])),
    params(("provider" = String, Path, description = "discogs or ebay")),
    responses((status = 200, body = OAuthStatus), (status = 401, body = Detail), (status = 422, body = Detail)))]
pub async fn status(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<OAuthStatus>> {
    let provider = provider(&raw)?;
    let configured = app_config(&deps, provider).await?.is_some();
    let token = deps.store.get_oauth_token(&deps.cipher, user.id, provider).await?;
    Ok(Json(OAuthStatus {
        provider: provider.as_str().to_owned(),
        is_configured: configured,
        is_authorized: token.is_some(),
        username: token.map(|t| t.provider_username),
    }))
}

#[utoipa::path(post, path = "/api/v1/oauth/authorize/{provider}", tag = "oauth", security(("bearer" = [])),
    params(("provider" = String, Path, description = "discogs or ebay")),
    responses((status = 200, body = AuthorizeResponse), (status = 422, body = Detail), (status = 500, body = Detail), (status = 503, body = Detail)))]
pub async fn authorize(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<AuthorizeResponse>> {
    let provider = provider(&raw)?;
    let config = app_config(&deps, provider)
        .await?
        .ok_or_else(|| unavailable(format!("{provider} OAuth is not configured. Please contact an administrator.")))?;
    let state = new_state();
    let now = Utc::now();
    let mut handshake = OAuthState {
        state: state.clone(),
        user_id: user.id,
        provider,
        request_token: String::new(),
        request_token_secret: Secret::new(""),
        expires_at: now + STATE_LIFETIME,
    };
    let authorization_url = match provider {
        Platform::Discogs => {
            let endpoints = deps.config.endpoints(None);
            let callback = match config.callback_url.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                Some(url) => discogs::callback_with_state(url, &state),
                None => "oob".to_owned(),
            };
            let request =
                discogs::request_token(&deps.http, &endpoints, &consumer(&config), &callback).await.map_err(|e| {
                    tracing::error!(user_id = %user.id, error = %e, "Discogs request token failed");
                    failed("Failed to initiate OAuth flow. Please try again later.")
                })?;
            handshake.request_token.clone_from(&request.token);
            handshake.request_token_secret = request.secret;
            discogs::authorize_url(&endpoints, &handshake.request_token, &state)
        }
        Platform::Ebay => ebay::authorize_url(
            &deps.config.endpoints(Some(&config.consumer_key)),
            &config.consumer_key,
            config.redirect_uri.as_deref().unwrap_or_default(),
            config.scope.as_deref().unwrap_or_default(),
            &state,
        ),
    };
    deps.store.put_oauth_state(&deps.cipher, &handshake).await?;
    Ok(Json(AuthorizeResponse { authorization_url, state }))
}

/// Finishes a Discogs handshake: exchange the verifier, look up the account, store the token.
async fn complete_discogs(deps: &Deps, handshake: &OAuthState, verifier: &str) -> ApiResult<Result<String, String>> {
    let config =
        app_config(deps, Platform::Discogs).await?.ok_or_else(|| unavailable("Discogs OAuth is not configured."))?;
    let endpoints = deps.config.endpoints(None);
    let consumer = consumer(&config);
    let request = TokenPair { token: handshake.request_token.clone(), secret: handshake.request_token_secret.clone() };
    let exchanged = async {
        let access = discogs::access_token(&deps.http, &endpoints, &consumer, &request, verifier).await?;
        let identity = discogs::identity(&deps.http, &endpoints, &consumer, &access).await?;
        Ok::<_, vinyldigger::market::MarketError>((access, identity))
    }
    .await;
    let (access, identity) = match exchanged {
        Ok(pair) => pair,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let now = Utc::now();
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
    if let Err(e) = deps.store.put_oauth_token(&deps.cipher, handshake.user_id, &token).await {
        return Ok(Err(e.to_string()));
    }
    deps.store.delete_oauth_state(&handshake.state).await?;
    tracing::info!(user_id = %handshake.user_id, "Discogs account linked");
    Ok(Ok(identity.username))
}

fn linked(provider: &str, username: String) -> Json<Authorized> {
    Json(Authorized { message: format!("Successfully authorized {provider} access!"), username })
}

/// Discogs redirects here with `oauth_token` and `oauth_verifier`; `state` comes back only when
/// it was put into the callback URL, so the handshake is also found by its request token.
#[utoipa::path(get, path = "/api/v1/oauth/callback/discogs", tag = "oauth",
    params(("oauth_token" = String, Query), ("oauth_verifier" = String, Query), ("state" = Option<String>, Query)),
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 422), (status = 500, body = Detail), (status = 503, body = Detail)))]
pub async fn discogs_callback(
    State(deps): State<Arc<Deps>>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Authorized>> {
    required_query(&query, &["oauth_token", "oauth_verifier"])?;
    let (token, verifier) = (&query["oauth_token"], &query["oauth_verifier"]);
    let now = Utc::now();
    let handshake = match query.get("state").filter(|s| !s.is_empty()) {
        Some(state) => deps.store.get_oauth_state(&deps.cipher, state, now).await?,
        None => deps.store.find_oauth_state_by_request_token(&deps.cipher, token, now).await?,
    };
    let handshake =
        handshake.filter(|h| h.provider == Platform::Discogs).ok_or_else(|| ApiError::bad_request(EXPIRED))?;
    if &handshake.request_token != token {
        return Err(ApiError::bad_request("OAuth token mismatch."));
    }
    match complete_discogs(&deps, &handshake, verifier).await? {
        Ok(username) => Ok(linked("Discogs", username)),
        Err(error) => {
            tracing::error!(user_id = %handshake.user_id, %error, "Discogs callback failed");
            deps.store.delete_oauth_state(&handshake.state).await?;
            Err(failed("Failed to complete OAuth flow. Please try again."))
        }
    }
}

/// A live handshake of this provider started by this user.
async fn own_handshake(deps: &Deps, user: &User, state: &str, provider: Platform) -> ApiResult<OAuthState> {
    let handshake = deps
        .store
        .get_oauth_state(&deps.cipher, state, Utc::now())
        .await?
        .filter(|h| h.provider == provider)
        .ok_or_else(|| ApiError::bad_request(EXPIRED_RESTART))?;
    if handshake.user_id != user.id {
        return Err(ApiError::status(StatusCode::FORBIDDEN, OTHER_USER));
    }
    Ok(handshake)
}

#[utoipa::path(post, path = "/api/v1/oauth/verify/discogs", tag = "oauth", security(("bearer" = [])), request_body = DiscogsVerify,
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 403, body = Detail), (status = 500, body = Detail), (status = 503, body = Detail)))]
pub async fn discogs_verify(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<DiscogsVerify>,
) -> ApiResult<Json<Authorized>> {
    let handshake = own_handshake(&deps, &user, &req.state, Platform::Discogs).await?;
    match complete_discogs(&deps, &handshake, &req.verification_code).await? {
        Ok(username) => Ok(linked("Discogs", username)),
        Err(error) => {
            tracing::error!(user_id = %user.id, %error, "Discogs verification failed");
            deps.store.delete_oauth_state(&handshake.state).await?;
            Err(failed("Failed to verify authorization code. Please try again."))
        }
    }
}

/// Finishes an eBay handshake. A refused code ends the handshake (400); a failure on our side
/// keeps it so the user can retry the same code (500), as SPEC O5 [REC] says.
async fn complete_ebay(deps: &Deps, handshake: &OAuthState, code: &str) -> ApiResult<Json<Authorized>> {
    let config = app_config(deps, Platform::Ebay).await?.ok_or_else(|| unavailable("eBay OAuth is not configured."))?;
    let endpoints = deps.config.endpoints(Some(&config.consumer_key));
    let redirect = config.redirect_uri.as_deref().unwrap_or_default();
    let tokens = match ebay::exchange_code(
        &deps.http,
        &endpoints,
        &config.consumer_key,
        &config.consumer_secret,
        code,
        redirect,
    )
    .await
    {
        Ok(tokens) => tokens,
        Err(error) => {
            tracing::warn!(user_id = %handshake.user_id, %error, "eBay code exchange refused");
            deps.store.delete_oauth_state(&handshake.state).await?;
            return Err(ApiError::bad_request(EBAY_CODE_INVALID));
        }
    };
    // Best effort: the account links even when eBay will not say who it is.
    let identity = ebay::user_info(&deps.http, &endpoints, &tokens.access_token).await.unwrap_or_else(|error| {
        tracing::warn!(user_id = %handshake.user_id, %error, "eBay user info unavailable");
        ebay::EbayIdentity { user_id: String::new(), username: String::new() }
    });
    let now = Utc::now();
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
    if let Err(error) = deps.store.put_oauth_token(&deps.cipher, handshake.user_id, &token).await {
        tracing::error!(user_id = %handshake.user_id, %error, "cannot store the eBay token");
        return Err(failed(EBAY_FAILED));
    }
    deps.store.delete_oauth_state(&handshake.state).await?;
    tracing::info!(user_id = %handshake.user_id, "eBay account linked");
    let username = if identity.username.is_empty() { EBAY_FALLBACK_NAME.to_owned() } else { identity.username };
    Ok(linked("eBay", username))
}

#[utoipa::path(get, path = "/api/v1/oauth/callback/ebay", tag = "oauth",
    params(("code" = String, Query), ("state" = String, Query)),
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 422), (status = 500, body = Detail), (status = 503, body = Detail)))]
pub async fn ebay_callback(
    State(deps): State<Arc<Deps>>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Authorized>> {
    required_query(&query, &["code", "state"])?;
    let handshake = deps
        .store
        .get_oauth_state(&deps.cipher, &query["state"], Utc::now())
        .await?
        .filter(|h| h.provider == Platform::Ebay)
        .ok_or_else(|| ApiError::bad_request(EXPIRED))?;
    complete_ebay(&deps, &handshake, &query["code"]).await
}

#[utoipa::path(post, path = "/api/v1/oauth/verify/ebay", tag = "oauth", security(("bearer" = [])), request_body = EbayVerify,
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 403, body = Detail), (status = 500, body = Detail), (status = 503, body = Detail)))]
pub async fn ebay_verify(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<EbayVerify>,
) -> ApiResult<Json<Authorized>> {
    let handshake = own_handshake(&deps, &user, &req.state, Platform::Ebay).await?;
    complete_ebay(&deps, &handshake, &req.authorization_code).await
}

#[utoipa::path(delete, path = "/api/v1/oauth/revoke/{provider}", tag = "oauth", security(("bearer" = [])),
    params(("provider" = String, Path, description = "discogs or ebay")),
    responses((status = 200, body = Message), (status = 404, body = Detail), (status = 422, body = Detail)))]
pub async fn revoke(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Message>> {
    let provider = provider(&raw)?;
    if deps.store.delete_oauth_token(user.id, provider).await? {
        Ok(Json(Message::new(format!("Successfully revoked {provider} access."))))
    } else {
        Err(ApiError::not_found(format!("No authorization found for {provider}.")))
    }
}

/// The page eBay can redirect to when the app's own callback cannot be used: it shows the code
/// and state to paste into Settings. Everything shown is HTML-escaped (SPEC O8 [REC]).
#[utoipa::path(get, path = "/api/v1/oauth/redirect/ebay", tag = "oauth",
    params(("code" = Option<String>, Query), ("state" = Option<String>, Query), ("error" = Option<String>, Query), ("error_description" = Option<String>, Query)),
    responses((status = 200, content_type = "text/html", body = String)))]
pub async fn ebay_redirect_page(Query(query): Query<HashMap<String, String>>) -> Html<String> {
    let get = |k: &str| query.get(k).map(|v| escape(v));
    let (title, body) = if let Some(error) = get("error") {
        let description = get("error_description").unwrap_or_else(|| "No description provided".into());
        ("eBay Authorization Failed", format!("<p>Error: <strong>{error}</strong></p><p>{description}</p>"))
    } else if let Some(code) = get("code") {
        let state = get("state").unwrap_or_default();
        (
            "eBay Authorization Successful!",
            format!(
                "<p>Copy the code and the state below and paste both into VinylDigger (Settings → eBay).</p>\
                 <label>Authorization code<textarea id=\"code\" readonly>{code}</textarea></label>\
                 <button type=\"button\" onclick=\"navigator.clipboard.writeText(document.getElementById('code').value)\">Copy Code</button>\
                 <label>State<textarea id=\"state\" readonly>{state}</textarea></label>\
                 <button type=\"button\" onclick=\"navigator.clipboard.writeText(document.getElementById('state').value)\">Copy State</button>"
            ),
        )
    } else {
        ("eBay Authorization Error", "<p>No authorization code was received from eBay.</p>".to_owned())
    };
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{title}</title><style>body{{font-family:system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem}}\
         textarea{{display:block;width:100%;margin:.25rem 0 .5rem}}</style></head><body><h1>{title}</h1>{body}</body></html>"
    ))
}

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}
