//! A forgotten password, reset through an e-mailed single-use link (docs/security.md#password-reset).
//! Asking always answers 202, after the same minimum time, whether or not the address has an
//! account; setting the new password ends every session of the account.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use vinyldigger::domain::email;
use vinyldigger::domain::password_reset::{self, MAILS_PER_ADDRESS_PER_HOUR, MAX_TOKEN_LEN};
use vinyldigger::domain::quota::{ClientAction, QuotaWindow};
use vinyldigger::notify::account;
use vinyldigger::store::password_resets::PasswordReset;

use super::auth::{EmailRequest, MAX_PASSWORD, MIN_PASSWORD, hash_password};
use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError};
use crate::extract::{Body, ClientAddr, Validate};
use crate::limits;
use crate::validate::{too_long, too_short};
use crate::views::Message;

/// The least time a reset request takes. Sending the e-mail is the one step an unknown address
/// skips; waiting out this floor in both cases keeps the answer's timing from telling them apart.
const RESPONSE_FLOOR: Duration = Duration::from_millis(300);

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetConfirm {
    /// The token from the e-mailed link.
    #[schema(min_length = 1, max_length = 128)]
    pub token: String,
    #[schema(min_length = 8, max_length = 1024)]
    pub new_password: String,
}

impl Validate for PasswordResetConfirm {
    fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        errors.extend(too_short("body", "token", &self.token, 1));
        errors.extend(too_long("body", "token", &self.token, MAX_TOKEN_LEN));
        errors.extend(too_short("body", "new_password", &self.new_password, MIN_PASSWORD));
        errors.extend(too_long("body", "new_password", &self.new_password, MAX_PASSWORD));
        errors
    }
}

/// E-mails a link that sets a new password, if the address has an account. At most
/// [`MAILS_PER_ADDRESS_PER_HOUR`] go to one address per hour, and a client address may ask a
/// configured number of times per hour (`PASSWORD_RESETS_PER_CLIENT_PER_HOUR`).
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", operation_id = "request_password_reset", request_body = EmailRequest,
    responses(
        (status = 202, description = "Accepted; if an account has the address, a link is on its way", body = Message),
        (status = 429, description = "Too many reset requests from this client address", body = Detail,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ))]
pub async fn request(
    State(deps): State<Arc<Deps>>,
    client: ClientAddr,
    Body(req): Body<EmailRequest>,
) -> ApiResult<(StatusCode, Json<Message>)> {
    let started = tokio::time::Instant::now();
    let now = Utc::now();
    limits::admit_client(&deps, &client, ClientAction::PasswordReset, now).await?;
    let address = email::normalize(&req.email).map_err(|e| ApiError::Internal(e.to_string()))?;
    let sent = send_link(&deps, &address, now).await;
    tokio::time::sleep_until(started + RESPONSE_FLOOR).await;
    sent?;
    let message = "If an account has this address, an e-mail with a link to reset its password is on its way.";
    Ok((StatusCode::ACCEPTED, Json(Message::new(message))))
}

/// Counts, looks up and sends. Only a failure before the account is looked up is an error: one
/// after it would tell that the account exists, so it is logged and the answer stays 202.
async fn send_link(deps: &Deps, address: &str, now: DateTime<Utc>) -> ApiResult<()> {
    let window = QuotaWindow::containing(now);
    if !deps.store.take_reset_mail(address, window, MAILS_PER_ADDRESS_PER_HOUR).await? {
        tracing::warn!("password reset: the address has had its e-mails for this hour; none sent");
        return Ok(());
    }
    let Some(user) = deps.store.find_user_by_email(address).await? else {
        tracing::info!("password reset asked for an address of no account; nothing sent");
        return Ok(());
    };
    let (Some(mailer), Some(app_url)) = (&deps.mailer, deps.config.alerts.app_url.as_deref()) else {
        tracing::error!(user_id = %user.id, "password reset e-mail not sent: ALERTS_FROM_ADDRESS and APP_URL must be set");
        return Ok(());
    };
    let token = password_reset::new_token();
    let lifetime = deps.config.reset_link_lifetime;
    let reset = PasswordReset {
        user_id: user.id,
        password: password_reset::password_fingerprint(&user.password_hash),
        created_at: now,
        expires_at: now.timestamp() + i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2),
    };
    if let Err(error) = deps.store.create_password_reset(&password_reset::digest(&token), &reset).await {
        tracing::error!(user_id = %user.id, %error, "password reset link not stored; no e-mail sent");
        return Ok(());
    }
    let mail =
        account::password_reset(&user.email, &password_reset::link(app_url, &token), lifetime.as_secs().div_ceil(60));
    match mailer.send(&mail).await {
        Ok(message_id) => tracing::info!(user_id = %user.id, message_id, "password reset e-mail sent"),
        Err(error) => tracing::error!(user_id = %user.id, %error, "password reset e-mail not sent"),
    }
    Ok(())
}

/// Sets a new password with an e-mailed link's token; the link is used up and every session of
/// the account ends (log in again with the new password).
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", operation_id = "confirm_password_reset", request_body = PasswordResetConfirm,
    responses(
        (status = 200, body = Message),
        (status = 400, description = "The link is unknown, used or expired", body = Detail),
    ))]
pub async fn confirm(State(deps): State<Arc<Deps>>, Body(req): Body<PasswordResetConfirm>) -> ApiResult<Json<Message>> {
    let invalid = || ApiError::bad_request("This reset link is invalid, used or expired. Ask for a new one.");
    let now = Utc::now();
    let reset = deps.store.take_password_reset(&password_reset::digest(&req.token), now).await?.ok_or_else(invalid)?;
    let user = deps.store.get_user(reset.user_id).await?.ok_or_else(invalid)?;
    if password_reset::password_fingerprint(&user.password_hash) != reset.password {
        // The password changed since the link was sent: the link went with the old one.
        return Err(invalid());
    }
    let hash = hash_password(req.new_password).await?;
    if !deps.store.set_password_hash(user.id, &hash, now).await? {
        return Err(invalid());
    }
    let ended = deps.store.end_other_sessions(user.id, None).await?;
    tracing::info!(user_id = %user.id, ended, "password reset");
    Ok(Json(Message::new("Password changed. Log in with your new password.")))
}
