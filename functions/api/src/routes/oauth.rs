//! Linking a user's Discogs and eBay accounts: the handshake lives in
//! [`vinyldigger::linking`]; these handlers translate it to HTTP with the contract's messages.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Html;
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use vinyldigger::domain::platform::Platform;
use vinyldigger::linking::{LinkError, Linking};

use super::admin::provider;
use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError, ValidationError};
use crate::extract::{AuthUser, Body, Path, QueryParams, Validate};
use crate::validate::{too_long, too_short};
use crate::views::{AuthorizeResponse, Authorized, Message, OAuthStatus, ebay_redirect_page as page};

/// Longest handshake state or Discogs request token: both become part of a storage key (ours are
/// 43 characters, Discogs' about 40).
const MAX_HANDSHAKE_KEY: usize = 256;
/// Longest verifier or authorization code passed on to a marketplace (eBay's are a few hundred).
const MAX_CODE: usize = 2048;

const EXPIRED: &str = "Invalid or expired OAuth state.";
const EXPIRED_RESTART: &str = "Invalid or expired OAuth state. Please restart the authorization process.";
const OTHER_USER: &str = "This authorization request belongs to a different user.";
const EBAY_CODE_INVALID: &str = "Authorization code is invalid or expired. Please restart the authorization process.";
const EBAY_FAILED: &str = "Failed to complete authorization. Please try again.";

#[derive(Deserialize, ToSchema)]
pub struct DiscogsVerify {
    /// The `state` the authorize call returned.
    #[schema(min_length = 1, max_length = 256)]
    pub state: String,
    #[schema(min_length = 1, max_length = 2048)]
    pub verification_code: String,
}

impl Validate for DiscogsVerify {
    fn validate(&self) -> Vec<FieldError> {
        handshake_errors(
            "body",
            &[("state", &self.state, MAX_HANDSHAKE_KEY), ("verification_code", &self.verification_code, MAX_CODE)],
        )
    }
}

#[derive(Deserialize, ToSchema)]
pub struct EbayVerify {
    /// The `state` the authorize call returned.
    #[schema(min_length = 1, max_length = 256)]
    pub state: String,
    #[schema(min_length = 1, max_length = 2048)]
    pub authorization_code: String,
}

impl Validate for EbayVerify {
    fn validate(&self) -> Vec<FieldError> {
        handshake_errors(
            "body",
            &[("state", &self.state, MAX_HANDSHAKE_KEY), ("authorization_code", &self.authorization_code, MAX_CODE)],
        )
    }
}

/// Every handshake value is required and bounded: (name, value, longest).
fn handshake_errors(location: &str, fields: &[(&str, &str, usize)]) -> Vec<FieldError> {
    fields
        .iter()
        .flat_map(|(name, value, max)| {
            let missing =
                value.is_empty().then(|| FieldError::new("missing", location, name, "Field required", Value::Null));
            missing.or_else(|| too_long(location, name, value, *max)).or_else(|| too_short(location, name, value, 1))
        })
        .collect()
}

fn linking(deps: &Deps) -> Linking<'_> {
    Linking { store: &deps.store, cipher: &deps.cipher, http: &deps.http, config: &deps.config }
}

/// Which step failed, for the contract's wording of the same failure.
#[derive(Clone, Copy)]
enum Step {
    Callback,
    Verify,
}

impl Step {
    fn unknown_state(self) -> &'static str {
        match self {
            Step::Callback => EXPIRED,
            Step::Verify => EXPIRED_RESTART,
        }
    }
}

/// The contract's answer to a failed handshake step; what went wrong in detail goes to the log.
/// A marketplace or the store failing on our side is a 503 (try again later), never a 500.
fn failure(error: LinkError, step: Step) -> ApiError {
    match error {
        LinkError::NotConfigured(provider) => ApiError::status(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{} OAuth is not configured.", provider.display_name()),
        ),
        LinkError::UnknownState => ApiError::bad_request(step.unknown_state()),
        LinkError::OtherUser => ApiError::status(StatusCode::FORBIDDEN, OTHER_USER),
        LinkError::TokenMismatch => ApiError::bad_request("OAuth token mismatch."),
        LinkError::CodeRefused(error) => {
            tracing::warn!(%error, "eBay code exchange refused");
            ApiError::bad_request(EBAY_CODE_INVALID)
        }
        LinkError::NotStored(error) => {
            tracing::error!(%error, "cannot store the eBay token");
            ApiError::status(StatusCode::SERVICE_UNAVAILABLE, EBAY_FAILED)
        }
        LinkError::DiscogsFailed(error) => {
            let detail = match step {
                Step::Callback => "Failed to complete OAuth flow. Please try again.",
                Step::Verify => "Failed to verify authorization code. Please try again.",
            };
            if error.is_transient() {
                tracing::error!(%error, "Discogs handshake failed");
                ApiError::status(StatusCode::SERVICE_UNAVAILABLE, detail)
            } else {
                tracing::warn!(%error, "Discogs refused the handshake");
                ApiError::bad_request(detail)
            }
        }
        LinkError::NotStarted(error) => {
            tracing::error!(%error, "request token failed");
            ApiError::status(StatusCode::SERVICE_UNAVAILABLE, "Failed to initiate OAuth flow. Please try again later.")
        }
        LinkError::Store(error) => error.into(),
    }
}

/// The query's handshake parameters: `required` ones present and every one bounded, (name, longest).
fn check_query(query: &QueryParams, required: &[(&str, usize)], optional: &[(&str, usize)]) -> ApiResult<()> {
    let value = |name: &str| query.0.get(name).map_or("", String::as_str);
    let required: Vec<_> = required.iter().map(|&(name, max)| (name, value(name), max)).collect();
    let mut errors = handshake_errors("query", &required);
    errors.extend(optional.iter().filter_map(|&(name, max)| too_long("query", name, value(name), max)));
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

fn linked(provider: Platform, username: String) -> Json<Authorized> {
    Json(Authorized { message: format!("Successfully authorized {} access!", provider.display_name()), username })
}

#[utoipa::path(get, path = "/api/v1/oauth/status/{provider}", tag = "oauth", operation_id = "get_oauth_status",
    security(("bearer" = [])),
    params(("provider" = Platform, Path, description = "Any case is accepted.")),
    responses((status = 200, body = OAuthStatus), (status = 422, body = ValidationError)))]
pub async fn status(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<OAuthStatus>> {
    let provider = provider(&raw)?;
    let status = linking(&deps).status(user.id, provider).await?;
    Ok(Json(OAuthStatus {
        provider,
        is_configured: status.is_configured,
        is_authorized: status.username.is_some(),
        username: status.username,
    }))
}

#[utoipa::path(post, path = "/api/v1/oauth/authorize/{provider}", tag = "oauth", security(("bearer" = [])),
    params(("provider" = Platform, Path, description = "Any case is accepted.")),
    responses(
        (status = 200, body = AuthorizeResponse),
        (status = 422, body = ValidationError),
        (status = 503, description = "The provider's app credentials are not configured, or the marketplace cannot start a handshake", body = Detail),
    ))]
pub async fn authorize(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<AuthorizeResponse>> {
    let provider = provider(&raw)?;
    match linking(&deps).authorize(user.id, provider, Utc::now()).await {
        Ok(started) => Ok(Json(AuthorizeResponse { authorization_url: started.url, state: started.state })),
        Err(LinkError::NotConfigured(provider)) => Err(ApiError::status(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{provider} OAuth is not configured. Please contact an administrator."),
        )),
        Err(error) => Err(failure(error, Step::Verify)),
    }
}

/// The provider's redirect parameters, handed on by the signed-in app: only the user who
/// started the handshake can complete it (docs/security.md).
#[utoipa::path(get, path = "/api/v1/oauth/callback/discogs", tag = "oauth", security(("bearer" = [])),
    params(
        ("oauth_token" = String, Query, min_length = 1, max_length = 256),
        ("oauth_verifier" = String, Query, min_length = 1, max_length = 2048),
        ("state" = Option<String>, Query, max_length = 256),
    ),
    responses(
        (status = 200, body = Authorized),
        (status = 400, description = "Unknown or expired handshake, or Discogs refused it", body = Detail),
        (status = 403, description = "The handshake belongs to another user", body = Detail),
        (status = 422, body = ValidationError),
        (status = 503, description = "Discogs app credentials not configured, or Discogs unreachable", body = Detail),
    ))]
pub async fn discogs_callback(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Authorized>> {
    check_query(
        &query,
        &[("oauth_token", MAX_HANDSHAKE_KEY), ("oauth_verifier", MAX_CODE)],
        &[("state", MAX_HANDSHAKE_KEY)],
    )?;
    let get = |name: &str| query.0.get(name).map(String::as_str);
    let (token, verifier) = (get("oauth_token").unwrap_or_default(), get("oauth_verifier").unwrap_or_default());
    let username = linking(&deps)
        .discogs_callback(user.id, token, verifier, get("state"), Utc::now())
        .await
        .map_err(|e| failure(e, Step::Callback))?;
    Ok(linked(Platform::Discogs, username))
}

#[utoipa::path(post, path = "/api/v1/oauth/verify/discogs", tag = "oauth", security(("bearer" = [])), request_body = DiscogsVerify,
    responses(
        (status = 200, body = Authorized),
        (status = 400, description = "Unknown or expired handshake, or Discogs refused the code", body = Detail),
        (status = 403, description = "The handshake belongs to another user", body = Detail),
        (status = 503, description = "Discogs app credentials not configured, or Discogs unreachable", body = Detail),
    ))]
pub async fn discogs_verify(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<DiscogsVerify>,
) -> ApiResult<Json<Authorized>> {
    let username = linking(&deps)
        .verify(user.id, Platform::Discogs, &req.state, &req.verification_code, Utc::now())
        .await
        .map_err(|e| failure(e, Step::Verify))?;
    Ok(linked(Platform::Discogs, username))
}

/// As the Discogs callback: only the user who started the handshake can complete it.
#[utoipa::path(get, path = "/api/v1/oauth/callback/ebay", tag = "oauth", security(("bearer" = [])),
    params(("code" = String, Query, min_length = 1, max_length = 2048), ("state" = String, Query, min_length = 1, max_length = 256)),
    responses(
        (status = 200, body = Authorized),
        (status = 400, description = "Unknown or expired handshake, or eBay refused the code", body = Detail),
        (status = 403, description = "The handshake belongs to another user", body = Detail),
        (status = 422, body = ValidationError),
        (status = 503, description = "eBay app credentials not configured, or the link could not be stored", body = Detail),
    ))]
pub async fn ebay_callback(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Authorized>> {
    check_query(&query, &[("code", MAX_CODE), ("state", MAX_HANDSHAKE_KEY)], &[])?;
    let get = |name: &str| query.0.get(name).map_or("", String::as_str);
    let username = linking(&deps)
        .ebay_callback(user.id, get("code"), get("state"), Utc::now())
        .await
        .map_err(|e| failure(e, Step::Callback))?;
    Ok(linked(Platform::Ebay, username))
}

#[utoipa::path(post, path = "/api/v1/oauth/verify/ebay", tag = "oauth", security(("bearer" = [])), request_body = EbayVerify,
    responses(
        (status = 200, body = Authorized),
        (status = 400, description = "Unknown or expired handshake, or eBay refused the code", body = Detail),
        (status = 403, description = "The handshake belongs to another user", body = Detail),
        (status = 503, description = "eBay app credentials not configured, or the link could not be stored", body = Detail),
    ))]
pub async fn ebay_verify(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<EbayVerify>,
) -> ApiResult<Json<Authorized>> {
    let username = linking(&deps)
        .verify(user.id, Platform::Ebay, &req.state, &req.authorization_code, Utc::now())
        .await
        .map_err(|e| failure(e, Step::Verify))?;
    Ok(linked(Platform::Ebay, username))
}

#[utoipa::path(delete, path = "/api/v1/oauth/revoke/{provider}", tag = "oauth", security(("bearer" = [])),
    params(("provider" = Platform, Path, description = "Any case is accepted.")),
    responses((status = 200, body = Message), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn revoke(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Message>> {
    let provider = provider(&raw)?;
    if linking(&deps).revoke(user.id, provider).await? {
        Ok(Json(Message::new(format!("Successfully revoked {provider} access."))))
    } else {
        Err(ApiError::not_found(format!("No authorization found for {provider}.")))
    }
}

/// The page eBay can redirect to when the app's own callback cannot be used: it shows the code
/// and state to paste into Settings.
#[utoipa::path(get, path = "/api/v1/oauth/redirect/ebay", tag = "oauth",
    params(("code" = Option<String>, Query), ("state" = Option<String>, Query), ("error" = Option<String>, Query), ("error_description" = Option<String>, Query)),
    responses((status = 200, content_type = "text/html", body = String)))]
pub async fn ebay_redirect_page(query: QueryParams) -> Html<String> {
    let get = |k: &str| query.0.get(k).map(String::as_str);
    Html(page(get("code"), get("state"), get("error"), get("error_description")))
}
