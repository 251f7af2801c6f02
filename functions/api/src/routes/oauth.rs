//! Linking a user's Discogs and eBay accounts: the handshake lives in
//! [`vinyldigger::linking`]; these handlers translate it to HTTP with the contract's messages.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
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
use crate::error::{ApiError, ApiResult, Detail, FieldError};
use crate::extract::{AuthUser, Body, Validate};
use crate::views::{AuthorizeResponse, Authorized, Message, OAuthStatus, ebay_redirect_page as page};

const EXPIRED: &str = "Invalid or expired OAuth state.";
const EXPIRED_RESTART: &str = "Invalid or expired OAuth state. Please restart the authorization process.";
const OTHER_USER: &str = "This authorization request belongs to a different user.";
const EBAY_CODE_INVALID: &str = "Authorization code is invalid or expired. Please restart the authorization process.";
const EBAY_FAILED: &str = "Failed to complete authorization. Please try again.";

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
            ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, EBAY_FAILED)
        }
        LinkError::DiscogsFailed(error) => {
            tracing::error!(%error, "Discogs handshake failed");
            let detail = match step {
                Step::Callback => "Failed to complete OAuth flow. Please try again.",
                Step::Verify => "Failed to verify authorization code. Please try again.",
            };
            ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, detail)
        }
        LinkError::NotStarted(error) => {
            tracing::error!(%error, "request token failed");
            ApiError::status(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Failed to initiate OAuth flow. Please try again later.",
            )
        }
        LinkError::Store(error) => error.into(),
    }
}

fn required_query(query: &HashMap<String, String>, names: &[&str]) -> ApiResult<()> {
    let missing: Vec<FieldError> = names
        .iter()
        .filter(|n| query.get(**n).is_none_or(String::is_empty))
        .map(|n| FieldError::new("missing", "query", n, "Field required", Value::Null))
        .collect();
    if missing.is_empty() { Ok(()) } else { Err(ApiError::Validation(missing)) }
}

fn linked(provider: Platform, username: String) -> Json<Authorized> {
    Json(Authorized { message: format!("Successfully authorized {} access!", provider.display_name()), username })
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
    let status = linking(&deps).status(user.id, provider).await?;
    Ok(Json(OAuthStatus {
        provider: provider.as_str().to_owned(),
        is_configured: status.is_configured,
        is_authorized: status.username.is_some(),
        username: status.username,
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
    match linking(&deps).authorize(user.id, provider, Utc::now()).await {
        Ok(started) => Ok(Json(AuthorizeResponse { authorization_url: started.url, state: started.state })),
        Err(LinkError::NotConfigured(provider)) => Err(ApiError::status(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{provider} OAuth is not configured. Please contact an administrator."),
        )),
        Err(error) => Err(failure(error, Step::Verify)),
    }
}

#[utoipa::path(get, path = "/api/v1/oauth/callback/discogs", tag = "oauth",
    params(("oauth_token" = String, Query), ("oauth_verifier" = String, Query), ("state" = Option<String>, Query)),
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 422), (status = 500, body = Detail), (status = 503, body = Detail)))]
pub async fn discogs_callback(
    State(deps): State<Arc<Deps>>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Authorized>> {
    required_query(&query, &["oauth_token", "oauth_verifier"])?;
    let (token, verifier, state) = (&query["oauth_token"], &query["oauth_verifier"], query.get("state"));
    let username = linking(&deps)
        .discogs_callback(token, verifier, state.map(String::as_str), Utc::now())
        .await
        .map_err(|e| failure(e, Step::Callback))?;
    Ok(linked(Platform::Discogs, username))
}

#[utoipa::path(post, path = "/api/v1/oauth/verify/discogs", tag = "oauth", security(("bearer" = [])), request_body = DiscogsVerify,
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 403, body = Detail), (status = 500, body = Detail), (status = 503, body = Detail)))]
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

#[utoipa::path(get, path = "/api/v1/oauth/callback/ebay", tag = "oauth",
    params(("code" = String, Query), ("state" = String, Query)),
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 422), (status = 500, body = Detail), (status = 503, body = Detail)))]
pub async fn ebay_callback(
    State(deps): State<Arc<Deps>>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Authorized>> {
    required_query(&query, &["code", "state"])?;
    let username = linking(&deps)
        .ebay_callback(&query["code"], &query["state"], Utc::now())
        .await
        .map_err(|e| failure(e, Step::Callback))?;
    Ok(linked(Platform::Ebay, username))
}

#[utoipa::path(post, path = "/api/v1/oauth/verify/ebay", tag = "oauth", security(("bearer" = [])), request_body = EbayVerify,
    responses((status = 200, body = Authorized), (status = 400, body = Detail), (status = 403, body = Detail), (status = 500, body = Detail), (status = 503, body = Detail)))]
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
    params(("provider" = String, Path, description = "discogs or ebay")),
    responses((status = 200, body = Message), (status = 404, body = Detail), (status = 422, body = Detail)))]
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
pub async fn ebay_redirect_page(Query(query): Query<HashMap<String, String>>) -> Html<String> {
    let get = |k: &str| query.get(k).map(String::as_str);
    Html(page(get("code"), get("state"), get("error"), get("error_description")))
}
