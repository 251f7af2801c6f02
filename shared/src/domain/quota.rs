//! Per-user quotas of the actions that cost the shared marketplace budgets: manual runs and
//! collection syncs, each counted in fixed clock-hour windows (see docs/behaviour.md#limits).

use chrono::{DateTime, Duration, DurationRound, Utc};

/// An action counted against a user's quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaKind {
    /// "Run now" of a saved search.
    ManualRun,
    /// A collection or want-list sync (both lists at once count once).
    Sync,
    /// A webhook's "send test": each one makes the API call a user-given URL.
    WebhookTest,
}

impl QuotaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuotaKind::ManualRun => "run",
            QuotaKind::Sync => "sync",
            QuotaKind::WebhookTest => "webhook-test",
        }
    }
}

/// The clock hour (UTC) a use is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaWindow {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl QuotaWindow {
    pub const LENGTH: Duration = Duration::hours(1);

    pub fn containing(now: DateTime<Utc>) -> Self {
        Self::of_length(now, Self::LENGTH)
    }

    /// The window of `length` (a divisor of a day) that `now` falls in.
    pub fn of_length(now: DateTime<Utc>, length: Duration) -> Self {
        // Rounding a UTC time down to a whole window cannot fail; the fallback keeps `now`.
        let start = now.duration_trunc(length).unwrap_or(now);
        Self { start, end: start + length }
    }

    /// Whole seconds until the window ends (at least 1): a client's `Retry-After`.
    pub fn retry_after(&self, now: DateTime<Utc>) -> u64 {
        let left = (self.end - now).num_milliseconds().max(0);
        u64::try_from((left + 999) / 1000).unwrap_or(1).max(1)
    }
}

/// Failed logins one address may have in a [`LOGIN_FAILURE_WINDOW`]; the next attempt is refused
/// until the window ends (see docs/security.md).
pub const LOGIN_FAILURES_ALLOWED: u32 = 10;
pub const LOGIN_FAILURE_WINDOW: Duration = Duration::minutes(15);

/// An unauthenticated action counted per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAction {
    Login,
    Register,
    /// Asking for a password-reset e-mail.
    PasswordReset,
}

impl ClientAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAction::Login => "login",
            ClientAction::Register => "register",
            ClientAction::PasswordReset => "password-reset",
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_window_is_the_clock_hour_and_retry_after_counts_to_its_end() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 59, 30).unwrap();
        let window = QuotaWindow::containing(now);
        assert_eq!(window.start, Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
        assert_eq!(window.end, Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap());
        assert_eq!(window.retry_after(now), 30);
        assert_eq!(window.retry_after(window.end), 1, "never 0");
        assert_eq!(QuotaWindow::containing(window.end).start, window.end);
        let quarter = QuotaWindow::of_length(now, LOGIN_FAILURE_WINDOW);
        assert_eq!(quarter.start, Utc.with_ymd_and_hms(2026, 11, 25, 9, 45, 0).unwrap());
        assert_eq!(quarter.retry_after(now), 30);
    }
}
