//! Application credentials per marketplace, for administrators (docs/behaviour.md#endpoints). Secrets are written,
//! never read back; keys are masked.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use vinyldigger::domain::oauth::AppConfig;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::user::User;
use vinyldigger::secrets::Secret;

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError, ValidationError};
use crate::extract::{AuthUser, Body, Path, Validate};
use crate::validate::Checks;
use crate::views::{AppConfigResponse, Message};

const MAX_FIELD: usize = 500;

#[derive(Deserialize, ToSchema)]
pub struct AppConfigRequest {
    /// The same provider as the path's; any case is accepted.
    #[schema(value_type = Platform)]
    pub provider: String,
    #[schema(max_length = 500)]
    pub consumer_key: String,
    #[schema(max_length = 500)]
    pub consumer_secret: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub callback_url: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub redirect_uri: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub scope: Option<String>,
}

impl Validate for AppConfigRequest {
    fn validate(&self) -> Vec<FieldError> {
        let mut checks = Checks::default();
        if self.provider.parse::<Platform>().is_err() {
            checks.push(FieldError::body(
                "provider",
                "enum",
                "Input should be 'discogs' or 'ebay'",
                json!(crate::validate::truncated(&self.provider)),
            ));
        }
        checks.max_len("consumer_key", Some(&self.consumer_key), MAX_FIELD);
        checks.max_len("consumer_secret", Some(&self.consumer_secret), MAX_FIELD);
        checks.max_len("callback_url", self.callback_url.as_deref(), MAX_FIELD);
        checks.max_len("redirect_uri", self.redirect_uri.as_deref(), MAX_FIELD);
        checks.max_len("scope", self.scope.as_deref(), MAX_FIELD);
        checks.0
    }
}

fn require_admin(deps: &Deps, user: &User) -> ApiResult<()> {
    if deps.is_admin(user) {
        Ok(())
    } else {
        Err(ApiError::status(StatusCode::FORBIDDEN, "You don't have permission to access this resource."))
    }
}

/// A provider path parameter (case-insensitive), or the original API's string-detail 422.
pub(crate) fn provider(raw: &str) -> ApiResult<Platform> {
    raw.parse().map_err(|_| {
        ApiError::status(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Invalid provider: {}. Must be one of: discogs, ebay", crate::validate::truncated(raw)),
        )
    })
}

#[utoipa::path(get, path = "/api/v1/admin/app-config", tag = "admin", operation_id = "list_app_configs",
    security(("bearer" = [])),
    responses((status = 200, body = [AppConfigResponse]), (status = 403, body = Detail)))]
pub async fn list(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> ApiResult<Json<Vec<AppConfigResponse>>> {
    require_admin(&deps, &user)?;
    let configs = deps.store.list_app_configs(&deps.cipher).await?;
    Ok(Json(configs.iter().map(AppConfigResponse::from).collect()))
}

#[utoipa::path(put, path = "/api/v1/admin/app-config/{provider}", tag = "admin", operation_id = "put_app_config",
    security(("bearer" = [])),
    params(("provider" = Platform, Path, description = "Any case is accepted.")), request_body = AppConfigRequest,
    responses(
        (status = 200, body = AppConfigResponse),
        (status = 400, description = "The body's provider is not the path's", body = Detail),
        (status = 403, body = Detail),
        (status = 422, body = ValidationError),
    ))]
pub async fn put(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
    Body(req): Body<AppConfigRequest>,
) -> ApiResult<Json<AppConfigResponse>> {
    require_admin(&deps, &user)?;
    let provider = provider(&raw)?;
    if req.provider.parse::<Platform>().ok() != Some(provider) {
        return Err(ApiError::bad_request("Provider in URL must match provider in body."));
    }
    let now = Utc::now();
    let created_at =
        deps.store.get_app_config(&deps.cipher, provider).await.ok().flatten().map_or(now, |c| c.created_at);
    let config = AppConfig {
        provider,
        consumer_key: req.consumer_key,
        consumer_secret: Secret::new(req.consumer_secret),
        callback_url: req.callback_url,
        redirect_uri: req.redirect_uri,
        scope: req.scope,
        created_at,
        updated_at: now,
    };
    deps.store.put_app_config(&deps.cipher, &config).await?;
    tracing::info!(%provider, admin = %user.id, "app configuration saved");
    Ok(Json(AppConfigResponse::from(&config)))
}

#[utoipa::path(delete, path = "/api/v1/admin/app-config/{provider}", tag = "admin", operation_id = "delete_app_config",
    security(("bearer" = [])),
    params(("provider" = Platform, Path, description = "Any case is accepted.")),
    responses(
        (status = 200, body = Message),
        (status = 403, body = Detail),
        (status = 404, body = Detail),
        (status = 422, body = ValidationError),
    ))]
pub async fn delete(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Message>> {
    require_admin(&deps, &user)?;
    let provider = provider(&raw)?;
    if deps.store.delete_app_config(provider).await? {
        Ok(Json(Message::new(format!("Configuration for {provider} deleted successfully."))))
    } else {
        Err(ApiError::not_found(format!("Configuration for {provider} not found.")))
    }
}
