//! The per-user limits (`MAX_SAVED_SEARCHES`, `MAX_MANUAL_RUNS_PER_HOUR`, `MAX_SYNCS_PER_HOUR`) as
//! the API enforces them: over one, a 429 with `Retry-After` and a `detail` saying which limit it
//! is and when to try again.

use chrono::{DateTime, Utc};
use vinyldigger::domain::quota::{ClientAction, LOGIN_FAILURE_WINDOW, LOGIN_FAILURES_ALLOWED, QuotaKind, QuotaWindow};
use vinyldigger::domain::user::User;
use vinyldigger::store::StoreError;

use crate::Deps;
use crate::error::{ApiError, ApiResult};
use crate::extract::ClientAddr;

/// Test pushes per user and clock hour: enough to try a few receivers, too few to turn the API
/// into someone's request generator.
pub const WEBHOOK_TESTS_PER_HOUR: u32 = 10;

/// No time frees a saved-search slot; an hour is a polite pause for a client that retries blindly.
const SEARCHES_RETRY_AFTER: u64 = 3600;

/// Counts one use of `kind` by `user`; `false` when the user's hourly quota is spent.
pub async fn take(deps: &Deps, user: &User, kind: QuotaKind, now: DateTime<Utc>) -> Result<bool, StoreError> {
    deps.store.take_quota(user.id, kind, QuotaWindow::containing(now), per_hour(deps, kind)).await
}

fn per_hour(deps: &Deps, kind: QuotaKind) -> u32 {
    match kind {
        QuotaKind::ManualRun => deps.config.limits.manual_runs_per_hour,
        QuotaKind::Sync => deps.config.limits.syncs_per_hour,
        QuotaKind::WebhookTest => WEBHOOK_TESTS_PER_HOUR,
    }
}

/// The 429 of a spent hourly quota.
pub fn spent(deps: &Deps, kind: QuotaKind, now: DateTime<Utc>) -> ApiError {
    let retry_after = QuotaWindow::containing(now).retry_after(now);
    let wait = wait(retry_after);
    let limit = per_hour(deps, kind);
    let detail = match kind {
        QuotaKind::ManualRun => format!("You can start at most {limit} runs per hour. Try again in {wait}."),
        QuotaKind::Sync => format!("You can sync at most {limit} times per hour. Try again in {wait}."),
        QuotaKind::WebhookTest => format!("You can send at most {limit} test alerts per hour. Try again in {wait}."),
    };
    ApiError::TooManyRequests { detail, retry_after }
}

/// Counts one use of `kind`, or the 429 when the quota is spent.
pub async fn admit(deps: &Deps, user: &User, kind: QuotaKind, now: DateTime<Utc>) -> ApiResult<()> {
    if take(deps, user, kind, now).await? { Ok(()) } else { Err(spent(deps, kind, now)) }
}

/// Room for one more saved search, or the 429. Two concurrent creations may both pass at the
/// limit; one search over it costs nothing worth a lock.
pub async fn room_for_search(deps: &Deps, user: &User) -> ApiResult<()> {
    let limit = deps.config.limits.saved_searches;
    if deps.store.count_searches(user.id).await? < limit as usize {
        return Ok(());
    }
    Err(ApiError::TooManyRequests {
        detail: format!("You can keep at most {limit} saved searches. Delete one to create another."),
        retry_after: SEARCHES_RETRY_AFTER,
    })
}

/// Counts one login or registration by the calling address, or the 429 when its hourly limit
/// (a setting, off by default) is spent.
pub async fn admit_client(deps: &Deps, client: &ClientAddr, action: ClientAction, now: DateTime<Utc>) -> ApiResult<()> {
    let limits = deps.config.client_limits;
    let limit = match action {
        ClientAction::Login => limits.logins_per_hour,
        ClientAction::Register => limits.registrations_per_hour,
        ClientAction::PasswordReset => limits.password_resets_per_hour,
    };
    let (Some(limit), Some(address)) = (limit, client.0.as_deref()) else { return Ok(()) };
    let window = QuotaWindow::containing(now);
    if deps.store.take_client_quota(address, action, window, limit).await? {
        return Ok(());
    }
    tracing::warn!(client = address, action = action.as_str(), "client limit reached");
    let retry_after = window.retry_after(now);
    Err(ApiError::TooManyRequests {
        detail: format!("Too many attempts. Try again in {}.", wait(retry_after)),
        retry_after,
    })
}

/// The window failed logins of `email` are counted in, or the 429 when that address has had
/// too many in it: checked before any hashing, so guessing costs the attacker, not the server.
pub async fn login_window(deps: &Deps, email: &str, now: DateTime<Utc>) -> ApiResult<QuotaWindow> {
    let window = QuotaWindow::of_length(now, LOGIN_FAILURE_WINDOW);
    if deps.store.login_failures(email, window).await? < LOGIN_FAILURES_ALLOWED {
        return Ok(window);
    }
    tracing::warn!("login refused: too many failed attempts for one address");
    let retry_after = window.retry_after(now);
    Err(ApiError::TooManyRequests {
        detail: format!("Too many failed logins for this account. Try again in {}.", wait(retry_after)),
        retry_after,
    })
}

fn wait(retry_after: u64) -> String {
    let minutes = retry_after.div_ceil(60);
    if minutes == 1 { "1 minute".to_owned() } else { format!("{minutes} minutes") }
}
