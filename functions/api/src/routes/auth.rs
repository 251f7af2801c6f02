//! Accounts: register, log in, refresh, log out, read and change the profile and the password.
//! Sessions and the protections around them are described in docs/security.md.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use vinyldigger::auth::jwt::{REFRESH_LIFETIME, TokenType, new_session_id};
use vinyldigger::auth::password;
use vinyldigger::domain::email;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::quota::ClientAction;
use vinyldigger::domain::user::User;
use vinyldigger::store::users::EmailError;

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError, ValidationError};
use crate::extract::{AuthSession, AuthUser, Body, ClientAddr, FormFields, Validate};
use crate::limits;
use crate::validate::{too_long, too_short};
use crate::views::{Message, TokenResponse, UserResponse};

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

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    #[schema(min_length = 1, max_length = 1024)]
    pub current_password: String,
    #[schema(min_length = 8, max_length = 1024)]
    pub new_password: String,
}

impl Validate for PasswordChange {
    fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        errors.extend(too_short("body", "current_password", &self.current_password, 1));
        errors.extend(too_long("body", "current_password", &self.current_password, MAX_PASSWORD));
        errors.extend(too_short("body", "new_password", &self.new_password, MIN_PASSWORD));
        errors.extend(too_long("body", "new_password", &self.new_password, MAX_PASSWORD));
        errors
    }
}

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
    responses(
        (status = 200, body = UserResponse),
        (status = 400, description = "Email already registered", body = Detail),
        (status = 429, description = "Too many registrations from this client address", body = Detail,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ))]
pub async fn register(
    State(deps): State<Arc<Deps>>,
    client: ClientAddr,
    Body(req): Body<RegisterRequest>,
) -> ApiResult<Json<UserResponse>> {
    limits::admit_client(&deps, &client, ClientAction::Register, Utc::now()).await?;
    let address = email::normalize(&req.email).map_err(|e| ApiError::Internal(e.to_string()))?;
    if deps.store.find_user_by_email(&address).await?.is_some() {
        return Err(taken());
    }
    let hash = hash_password(req.password).await?;
    let user = User::new(address, hash, Utc::now());
    match deps.store.create_user(&user).await {
        Ok(()) => Ok(Json(UserResponse::new(&user, deps.is_admin(&user)))),
        Err(EmailError::EmailTaken) => Err(taken()),
        Err(EmailError::UserNotFound) => Err(ApiError::Internal("user vanished during registration".into())),
        Err(EmailError::Store(e)) => Err(e.into()),
    }
}

async fn verify_password(candidate: String, stored: String) -> ApiResult<bool> {
    tokio::task::spawn_blocking(move || password::verify(&candidate, &stored))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))
}

pub(crate) async fn hash_password(password: String) -> ApiResult<String> {
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
        (status = 429, description = "Too many failed logins for the account, or too many logins from this client address", body = Detail,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ))]
pub async fn login(
    State(deps): State<Arc<Deps>>,
    client: ClientAddr,
    FormFields(form): FormFields,
) -> ApiResult<Json<TokenResponse>> {
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
    let now = Utc::now();
    limits::admit_client(&deps, &client, ClientAction::Login, now).await?;
    let window = limits::login_window(&deps, username, now).await?;
    let user = deps.store.find_user_by_email(username).await?;
    // The same work whether or not the account exists: an unknown address verifies a decoy.
    let stored = user.as_ref().map_or_else(|| password::decoy_hash().to_owned(), |u| u.password_hash.clone());
    let valid = verify_password(password.clone(), stored).await?;
    match user {
        Some(user) if valid => Ok(Json(open_session(&deps, user.id, now).await?)),
        _ => {
            deps.store.count_login_failure(username, window).await?;
            Err(wrong())
        }
    }
}

/// A new session and its first tokens.
async fn open_session(deps: &Deps, user: UserId, now: DateTime<Utc>) -> ApiResult<TokenResponse> {
    let session = new_session_id();
    deps.store.create_session(user, &session, now, now + REFRESH_LIFETIME).await?;
    Ok(tokens(deps, user, &session, now))
}

fn tokens(deps: &Deps, user: UserId, session: &str, now: DateTime<Utc>) -> TokenResponse {
    TokenResponse {
        access_token: deps.signer.issue(user, session, TokenType::Access, now),
        refresh_token: deps.signer.issue(user, session, TokenType::Refresh, now),
        token_type: "bearer",
    }
}

/// A refresh token is honoured while its session lasts; each refresh extends the session. The
/// old refresh token stays valid with the session: the web app keeps using it (docs/behaviour.md#authentication).
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = 401, description = "Invalid refresh token, or its session has ended", body = Detail)))]
pub async fn refresh(State(deps): State<Arc<Deps>>, Body(req): Body<RefreshRequest>) -> ApiResult<Json<TokenResponse>> {
    let now = Utc::now();
    let verified = deps
        .signer
        .verify(&req.refresh_token, TokenType::Refresh, now)
        .map_err(|_| ApiError::unauthorized("Invalid refresh token"))?;
    // Tokens from before sessions existed name none: they end at their first refresh.
    let ended = || ApiError::unauthorized("Session has ended. Please log in again.");
    let session = verified.session.ok_or_else(ended)?;
    if !deps.store.extend_session(verified.user, &session, now, now + REFRESH_LIFETIME).await? {
        return Err(ended());
    }
    deps.store.get_user(verified.user).await?.ok_or_else(|| ApiError::unauthorized("User not found"))?;
    Ok(Json(tokens(&deps, verified.user, &session, now)))
}

/// Ends the refresh token's session on the server. An invalid token or an ended session changes
/// nothing, and gets the same answer: logging out twice is not an error.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204, description = "The session is over")))]
pub async fn logout(State(deps): State<Arc<Deps>>, Body(req): Body<RefreshRequest>) -> ApiResult<StatusCode> {
    if let Ok(verified) = deps.signer.verify(&req.refresh_token, TokenType::Refresh, Utc::now())
        && let Some(session) = verified.session
    {
        deps.store.end_session(verified.user, &session).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the caller's password; every other session ends (this one stays signed in). A wrong
/// current password counts as a failed login of the account.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", security(("bearer" = [])), request_body = PasswordChange,
    responses(
        (status = 200, body = Message),
        (status = 400, description = "Incorrect current password", body = Detail),
        (status = 429, description = "Too many failed logins for the account", body = Detail,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ))]
pub async fn change_password(
    State(deps): State<Arc<Deps>>,
    auth: AuthSession,
    Body(req): Body<PasswordChange>,
) -> ApiResult<Json<Message>> {
    let now = Utc::now();
    let user = auth.user;
    let window = limits::login_window(&deps, &user.email, now).await?;
    if !verify_password(req.current_password, user.password_hash.clone()).await? {
        deps.store.count_login_failure(&user.email, window).await?;
        return Err(ApiError::bad_request("Incorrect current password"));
    }
    let hash = hash_password(req.new_password).await?;
    if !deps.store.set_password_hash(user.id, &hash, now).await? {
        return Err(ApiError::unauthorized("User not found"));
    }
    let ended = deps.store.end_other_sessions(user.id, auth.session.as_deref()).await?;
    tracing::info!(user_id = %user.id, ended, "password changed");
    Ok(Json(Message::new("Password changed.")))
}

#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", operation_id = "get_me", security(("bearer" = [])),
    responses((status = 200, body = UserResponse)))]
pub async fn me(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> Json<UserResponse> {
    Json(UserResponse::new(&user, deps.is_admin(&user)))
}

#[utoipa::path(put, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])), request_body = EmailRequest,
    responses((status = 200, body = UserResponse), (status = 400, description = "Email already registered", body = Detail)))]
pub async fn update_me(
    State(deps): State<Arc<Deps>>,
    auth: AuthSession,
    Body(req): Body<EmailRequest>,
) -> ApiResult<Json<UserResponse>> {
    let user = auth.user;
    let address = email::normalize(&req.email).map_err(|e| ApiError::Internal(e.to_string()))?;
    if address == user.email {
        return Ok(Json(UserResponse::new(&user, deps.is_admin(&user))));
    }
    match deps.store.change_email(user.id, &address, Utc::now()).await {
        Ok(updated) => {
            // Whoever took over the account must not keep it through another session.
            let ended = deps.store.end_other_sessions(updated.id, auth.session.as_deref()).await?;
            tracing::info!(user_id = %updated.id, ended, "e-mail changed");
            Ok(Json(UserResponse::new(&updated, deps.is_admin(&updated))))
        }
        Err(EmailError::EmailTaken) => Err(taken()),
        Err(EmailError::UserNotFound) => Err(ApiError::unauthorized("User not found")),
        Err(EmailError::Store(e)) => Err(e.into()),
    }
}
