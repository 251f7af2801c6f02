//! Accounts: register, log in, refresh, read and change the profile (SPEC §2.2).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use vinyldigger::auth::jwt::TokenType;
use vinyldigger::auth::password;
use vinyldigger::domain::email;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::user::User;
use vinyldigger::store::users::EmailError;

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError, ValidationError};
use crate::extract::{AuthUser, Body, FormFields, Validate};
use crate::validate::{too_long, too_short};
use crate::views::{TokenResponse, UserResponse};

/// Shortest password an account may have (the web app asks for as much).
pub const MIN_PASSWORD: usize = 8;
/// Longest password: hashing is deliberately slow, so its input is bounded.
pub const MAX_PASSWORD: usize = 1024;

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[schema(schema_with = email_schema)]
    pub email: String,
    #[schema(min_length = 8, max_length = 1024)]
    pub password: String,
}

impl Validate for RegisterRequest {
    fn validate(&self) -> Vec<FieldError> {
        let mut errors = email_errors(&self.email);
        errors.extend(too_short("body", "password", &self.password, MIN_PASSWORD));
        errors.extend(too_long("body", "password", &self.password, MAX_PASSWORD));
        errors
    }
}

#[derive(Deserialize, ToSchema)]
pub struct EmailRequest {
    #[schema(schema_with = email_schema)]
    pub email: String,
}

impl Validate for EmailRequest {
    fn validate(&self) -> Vec<FieldError> {
        email_errors(&self.email)
    }
}

/// An address as [`email::normalize`] takes it.
fn email_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(email::MAX_LEN))
        .pattern(Some(email::PATTERN))
        .build()
}

fn email_errors(value: &str) -> Vec<FieldError> {
    match email::normalize(value) {
        Ok(_) => Vec::new(),
        Err(e) => vec![FieldError::body(
            "email",
            "value_error",
            format!("value is not a valid email address: {e}"),
            json!(crate::validate::truncated(value)),
        )],
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

impl Validate for RefreshRequest {}

/// The fields of the OAuth2 password form (sent url-encoded or as multipart). Any username and
/// password are accepted as input; those of no account are a failed login (401). Other fields
/// are ignored (the document leaves them out: a multipart field name with control characters is
/// a malformed form, 400).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // documents the form for OpenAPI; the form is read field by field
pub struct LoginForm {
    /// The account's e-mail address.
    #[schema(min_length = 1)]
    username: String,
    #[schema(min_length = 1)]
    password: String,
    #[schema(nullable = false, pattern = "^password$")]
    grant_type: Option<String>,
}

fn taken() -> ApiError {
    ApiError::bad_request("Email already registered")
}

#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 200, body = UserResponse), (status = 400, description = "Email already registered", body = Detail)))]
pub async fn register(
    State(deps): State<Arc<Deps>>,
    Body(req): Body<RegisterRequest>,
) -> ApiResult<Json<UserResponse>> {
    let address = email::normalize(&req.email).map_err(|e| ApiError::Internal(e.to_string()))?;
    if deps.store.find_user_by_email(&address).await?.is_some() {
        return Err(taken());
    }
    let hash = hash_password(req.password).await?;
    let now = Utc::now();
    let user = User { id: UserId::new(), email: address, password_hash: hash, created_at: now, updated_at: now };
    match deps.store.create_user(&user).await {
        Ok(()) => Ok(Json(UserResponse::new(&user, deps.is_admin(&user.email)))),
        Err(EmailError::EmailTaken) => Err(taken()),
        Err(EmailError::UserNotFound) => Err(ApiError::Internal("user vanished during registration".into())),
        Err(EmailError::Store(e)) => Err(e.into()),
    }
}

async fn hash_password(password: String) -> ApiResult<String> {
    // Hashing is deliberately slow; keep it off the async workers.
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    request_body(content(
        (LoginForm = "application/x-www-form-urlencoded"),
        (LoginForm = "multipart/form-data"),
    )),
    responses(
        (status = 200, body = TokenResponse),
        (status = 400, description = "Malformed multipart form", body = Detail),
        (status = 401, description = "Incorrect email or password", body = Detail),
        (status = 415, body = Detail),
        (status = 422, body = ValidationError),
    ))]
pub async fn login(State(deps): State<Arc<Deps>>, FormFields(form): FormFields) -> ApiResult<Json<TokenResponse>> {
    let missing = |field: &str| FieldError::body(field, "missing", "Field required", serde_json::Value::Null);
    let mut errors = Vec::new();
    let username = form.get("username").filter(|v| !v.is_empty());
    let password = form.get("password").filter(|v| !v.is_empty());
    if username.is_none() {
        errors.push(missing("username"));
    }
    if password.is_none() {
        errors.push(missing("password"));
    }
    if let Some(grant) = form.get("grant_type").filter(|g| *g != "password") {
        errors.push(FieldError::body(
            "grant_type",
            "string_pattern_mismatch",
            "String should match pattern '^password$'",
            json!(grant),
        ));
    }
    let (Some(username), Some(password), true) = (username, password, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let wrong = || ApiError::unauthorized("Incorrect email or password");
    // No account has a longer address, and looking one up would exceed the store's key size.
    if username.chars().count() > email::MAX_LEN {
        return Err(wrong());
    }
    let user = deps.store.find_user_by_email(username).await?.ok_or_else(wrong)?;
    let (candidate, stored) = (password.clone(), user.password_hash.clone());
    let valid = tokio::task::spawn_blocking(move || password::verify(&candidate, &stored))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if !valid {
        return Err(wrong());
    }
    Ok(Json(tokens(&deps, user.id)))
}

fn tokens(deps: &Deps, user: UserId) -> TokenResponse {
    let now = Utc::now();
    TokenResponse {
        access_token: deps.signer.issue(user, TokenType::Access, now),
        refresh_token: deps.signer.issue(user, TokenType::Refresh, now),
        token_type: "bearer",
    }
}

/// The old refresh token stays valid until it expires: the web app keeps using it (SPEC A3).
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = Detail)))]
pub async fn refresh(State(deps): State<Arc<Deps>>, Body(req): Body<RefreshRequest>) -> ApiResult<Json<TokenResponse>> {
    let user = deps
        .signer
        .verify(&req.refresh_token, TokenType::Refresh, Utc::now())
        .map_err(|_| ApiError::unauthorized("Invalid refresh token"))?;
    deps.store.get_user(user).await?.ok_or_else(|| ApiError::unauthorized("User not found"))?;
    Ok(Json(tokens(&deps, user)))
}

#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", operation_id = "get_me", security(("bearer" = [])),
    responses((status = 200, body = UserResponse)))]
pub async fn me(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> Json<UserResponse> {
    Json(UserResponse::new(&user, deps.is_admin(&user.email)))
}

#[utoipa::path(put, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])), request_body = EmailRequest,
    responses((status = 200, body = UserResponse), (status = 400, description = "Email already registered", body = Detail)))]
pub async fn update_me(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<EmailRequest>,
) -> ApiResult<Json<UserResponse>> {
    let address = email::normalize(&req.email).map_err(|e| ApiError::Internal(e.to_string()))?;
    if address == user.email {
        return Ok(Json(UserResponse::new(&user, deps.is_admin(&user.email))));
    }
    match deps.store.change_email(user.id, &address, Utc::now()).await {
        Ok(updated) => Ok(Json(UserResponse::new(&updated, deps.is_admin(&updated.email)))),
        Err(EmailError::EmailTaken) => Err(taken()),
        Err(EmailError::UserNotFound) => Err(ApiError::unauthorized("User not found")),
        Err(EmailError::Store(e)) => Err(e.into()),
    }
}
