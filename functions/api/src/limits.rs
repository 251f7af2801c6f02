//! The per-user limits (`MAX_SAVED_SEARCHES`, `MAX_MANUAL_RUNS_PER_HOUR`, `MAX_SYNCS_PER_HOUR`) as
//! the API enforces them: over one, a 429 with `Retry-After` and a `detail` saying which limit it
//! is and when to try again.

use chrono::{DateTime, Utc};
use vinyldigger::domain::quota::{QuotaKind, QuotaWindow};
use vinyldigger::domain::user::User;
use vinyldigger::store::StoreError;

use crate::Deps;
use crate::error::{ApiError, ApiResult};

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
    }
}

/// The 429 of a spent hourly quota.
pub fn spent(deps: &Deps, kind: QuotaKind, now: DateTime<Utc>) -> ApiError {
    let retry_after = QuotaWindow::containing(now).retry_after(now);
    let minutes = retry_after.div_ceil(60);
    let wait = if minutes == 1 { "1 minute".to_owned() } else { format!("{minutes} minutes") };
    let limit = per_hour(deps, kind);
    let detail = match kind {
        QuotaKind::ManualRun => format!("You can start at most {limit} runs per hour. Try again in {wait}."),
        QuotaKind::Sync => format!("You can sync at most {limit} times per hour. Try again in {wait}."),
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
