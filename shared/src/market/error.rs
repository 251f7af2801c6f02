//! What can go wrong talking to a marketplace, classified so callers know whether to retry.

use std::time::Duration;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum MarketError {
    /// 401: the token or the app credentials were refused (revoked, expired, wrong secret).
    #[error("the marketplace refused the credentials")]
    Unauthorized,
    /// 429 from the marketplace, or our shared budget is spent for longer than a call may wait.
    #[error("rate limited{}", retry_after.map(|d| format!("; retry after {} s", d.as_secs())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    /// Timeouts, connection failures and 5xx: worth another try later.
    #[error("transient marketplace failure: {0}")]
    Transient(String),
    /// Any other refusal (4xx): retrying the same request cannot help.
    #[error("marketplace request failed: {0}")]
    Permanent(String),
    /// The answer was not what the API documents (bad JSON, missing fields).
    #[error("unexpected marketplace answer: {0}")]
    Malformed(String),
    /// Too little of the invocation is left to start (or wait for) another call.
    #[error("{0}: no time left in this invocation")]
    OutOfTime(String),
    /// The shared rate limiter or the token cache could not reach the table.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl MarketError {
    /// Whether the whole job is worth retrying later (SQS redelivery).
    pub fn is_transient(&self) -> bool {
        match self {
            MarketError::RateLimited { .. } | MarketError::Transient(_) => true,
            MarketError::Store(e) => e.is_transient(),
            MarketError::Unauthorized
            | MarketError::Permanent(_)
            | MarketError::Malformed(_)
            | MarketError::OutOfTime(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_and_messages() {
        let limited = MarketError::RateLimited { retry_after: Some(Duration::from_secs(7)) };
        assert!(limited.is_transient());
        assert_eq!(limited.to_string(), "rate limited; retry after 7 s");
        assert_eq!(MarketError::RateLimited { retry_after: None }.to_string(), "rate limited");
        assert!(MarketError::Transient("timeout".into()).is_transient());
        assert!(!MarketError::Unauthorized.is_transient());
        assert!(!MarketError::Malformed("x".into()).is_transient());
        assert!(!MarketError::Permanent("404".into()).is_transient());
    }
}
