//! The one place that sends marketplace requests: identifying `User-Agent`, 30 s timeouts, the
//! shared rate limiter before every attempt, and at most three attempts with jittered backoff on
//! 429, 5xx and timeouts. Answers become typed [`MarketError`]s.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;

use super::error::MarketError;
use super::rate::{BucketId, RateLimiter, RatePolicy};
use crate::deadline::Deadline;

/// Sent on every request (docs/behaviour.md#linking-marketplace-accounts); Discogs requires an identifying agent.
pub const USER_AGENT: &str = "VinylDigger/1.0 +https://github.com/SimplicityGuy/vinyldigger";

/// docs/architecture.md#rate-limits-and-retries: 30 s on all outbound HTTP.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Kept back from an invocation's deadline for what follows the last call (sending the results).
pub const CALL_RESERVE: Duration = Duration::from_secs(5);
/// No call is started with less time than this for it.
const MIN_CALL_TIME: Duration = Duration::from_secs(1);

/// Discogs reports what is left of its moving 60 s window in this header.
pub const DISCOGS_REMAINING: &str = "x-discogs-ratelimit-remaining";

/// The client every marketplace call uses (rustls, [`USER_AGENT`], [`TIMEOUT`]).
pub fn http_client() -> Result<Client, MarketError> {
    http_client_with_timeout(TIMEOUT)
}

/// The same client with another timeout (tests use a short one).
pub fn http_client_with_timeout(timeout: Duration) -> Result<Client, MarketError> {
    Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .build()
        .map_err(|e| MarketError::Permanent(format!("cannot build the HTTP client: {e}")))
}

/// How often and how patiently a call is retried, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in total, the first included.
    pub attempts: u32,
    /// Backoff before the second attempt; doubled for each later one, then jittered.
    pub base_delay: Duration,
    /// The longest a call sleeps between attempts. A `Retry-After` longer than this is not
    /// waited out: the call fails with [`MarketError::RateLimited`].
    pub max_delay: Duration,
    /// The invocation's end: no attempt, wait or backoff runs into its last [`CALL_RESERVE`].
    pub deadline: Option<Deadline>,
}

impl Default for Retry {
    fn default() -> Self {
        Self { attempts: 3, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(10), deadline: None }
    }
}

impl Retry {
    /// One attempt only: for requests that must not be repeated (OAuth code exchanges).
    pub const fn once() -> Self {
        Self { attempts: 1, base_delay: Duration::ZERO, max_delay: Duration::ZERO, deadline: None }
    }

    /// The same policy, within an invocation that ends at `deadline`.
    pub fn until(self, deadline: Deadline) -> Self {
        Self { deadline: Some(deadline), ..self }
    }

    /// What a call may still spend; `None` when no deadline applies.
    fn time_left(&self) -> Option<Duration> {
        self.deadline.map(|d| d.left_after(CALL_RESERVE))
    }

    /// Exponential backoff with jitter in [½, 1] of the step, never shorter than `retry_after`.
    fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let step = self.base_delay.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(self.max_delay);
        let jittered = step.mul_f64(0.5 + rand::random::<f64>() / 2.0);
        jittered.max(retry_after.unwrap_or(Duration::ZERO))
    }
}

/// The shared budget a call draws from, and how long it may wait for a token.
#[derive(Debug, Clone, Copy)]
pub struct Throttle<'a> {
    pub limiter: &'a RateLimiter,
    pub bucket: &'a BucketId,
    pub policy: RatePolicy,
    pub max_wait: Duration,
}

impl Throttle<'_> {
    /// Feeds what the marketplace said about its own budget back into the shared bucket.
    async fn observe(&self, status: StatusCode, headers: &HeaderMap, retry_after: Option<Duration>) {
        let source = self.bucket.source();
        crate::metrics::marketplace_call(source, status == StatusCode::TOO_MANY_REQUESTS);
        if let Some(remaining) = header_u32(headers, DISCOGS_REMAINING) {
            crate::metrics::marketplace_quota_left(source, i64::from(remaining));
        }
        let result = if status == StatusCode::TOO_MANY_REQUESTS {
            self.limiter.block_for(self.bucket, retry_after.unwrap_or(self.policy.pause_when_exhausted())).await
        } else if let Some(remaining) = header_u32(headers, DISCOGS_REMAINING) {
            self.limiter.observe_remaining(self.bucket, self.policy, remaining).await
        } else {
            Ok(())
        };
        if let Err(error) = result {
            // The marketplace answered; losing one bucket update only makes the budget less exact.
            tracing::warn!(source = %self.bucket.source(), %error, "cannot update the rate bucket");
        }
    }
}

/// Sends the request `build` makes (called again for each attempt, so signatures and nonces are
/// fresh) and returns the successful response. `label` names the call in logs and errors; it must
/// not contain secrets.
pub async fn send<F>(
    retry: &Retry,
    throttle: Option<&Throttle<'_>>,
    label: &str,
    mut build: F,
) -> Result<Response, MarketError>
where
    F: FnMut() -> RequestBuilder,
{
    let attempts = retry.attempts.max(1);
    let out_of_time = || MarketError::OutOfTime(label.to_owned());
    let mut attempt = 0;
    loop {
        attempt += 1;
        let time_left = retry.time_left();
        if time_left.is_some_and(|left| left < MIN_CALL_TIME) {
            tracing::warn!(call = label, attempt, "no time left for the call");
            return Err(out_of_time());
        }
        if let Some(t) = throttle {
            let max_wait = time_left.map_or(t.max_wait, |left| t.max_wait.min(left.saturating_sub(MIN_CALL_TIME)));
            t.limiter.acquire(t.bucket, t.policy, max_wait).await?;
        }
        let mut request = build();
        if let Some(left) = retry.time_left() {
            request = request.timeout(left.min(TIMEOUT));
        }
        let (error, retry_after) = match request.send().await {
            Ok(response) => {
                let status = response.status();
                let retry_after = retry_after(response.headers());
                if let Some(t) = throttle {
                    t.observe(status, response.headers(), retry_after).await;
                }
                match classify(status, retry_after, label) {
                    None => return Ok(response),
                    Some(error) => (error, retry_after),
                }
            }
            Err(e) => (transport_error(&e, label), None),
        };
        let retryable = matches!(error, MarketError::Transient(_) | MarketError::RateLimited { .. });
        let waits_too_long = retry_after.is_some_and(|d| d > retry.max_delay);
        if !retryable || attempt >= attempts || waits_too_long {
            tracing::warn!(call = label, attempt, %error, "marketplace call failed");
            return Err(error);
        }
        let delay = retry.delay(attempt, retry_after);
        if retry.time_left().is_some_and(|left| left < delay + MIN_CALL_TIME) {
            tracing::warn!(call = label, attempt, %error, "no time left to retry the call");
            return Err(error);
        }
        tracing::info!(call = label, attempt, %error, delay_ms = delay.as_millis() as u64, "retrying marketplace call");
        tokio::time::sleep(delay).await;
    }
}

/// Reads a JSON body; a body that does not match the expected shape is [`MarketError::Malformed`].
pub async fn json<T: DeserializeOwned>(response: Response, label: &str) -> Result<T, MarketError> {
    let bytes = response.bytes().await.map_err(|e| transport_error(&e, label))?;
    serde_json::from_slice(&bytes).map_err(|e| MarketError::Malformed(format!("{label}: {e}")))
}

/// Reads an `application/x-www-form-urlencoded` body (OAuth 1.0a token answers).
pub async fn form(response: Response, label: &str) -> Result<Vec<(String, String)>, MarketError> {
    let bytes = response.bytes().await.map_err(|e| transport_error(&e, label))?;
    serde_urlencoded_pairs(&bytes).ok_or_else(|| MarketError::Malformed(format!("{label}: body is not form-encoded")))
}

fn serde_urlencoded_pairs(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let url = reqwest::Url::parse(&format!("http://x/?{}", text.trim())).ok()?;
    Some(url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

fn classify(status: StatusCode, retry_after: Option<Duration>, label: &str) -> Option<MarketError> {
    if status.is_success() {
        return None;
    }
    Some(match status {
        StatusCode::UNAUTHORIZED => MarketError::Unauthorized,
        StatusCode::TOO_MANY_REQUESTS => MarketError::RateLimited { retry_after },
        StatusCode::REQUEST_TIMEOUT => MarketError::Transient(format!("{label}: HTTP {status}")),
        s if s.is_server_error() => MarketError::Transient(format!("{label}: HTTP {status}")),
        _ => MarketError::Permanent(format!("{label}: HTTP {status}")),
    })
}

fn transport_error(e: &reqwest::Error, label: &str) -> MarketError {
    // reqwest's messages carry the URL; ours never carry credentials, but keep them short anyway.
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_builder() {
        return MarketError::Permanent(format!("{label}: invalid request"));
    } else if e.is_decode() || e.is_body() {
        "body could not be read"
    } else {
        "request failed"
    };
    MarketError::Transient(format!("{label}: {what}"))
}

/// `Retry-After` in seconds (the form Discogs and eBay send); HTTP dates are ignored.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_u32(headers, RETRY_AFTER.as_str()).map(|s| Duration::from_secs(u64::from(s)))
}

fn header_u32(headers: &HeaderMap, name: &str) -> Option<u32> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_jittered_and_honours_retry_after() {
        let r = Retry {
            attempts: 3,
            base_delay: Duration::from_millis(400),
            max_delay: Duration::from_secs(5),
            deadline: None,
        };
        for _ in 0..50 {
            let first = r.delay(1, None);
            assert!(first >= Duration::from_millis(200) && first <= Duration::from_millis(400), "{first:?}");
            let second = r.delay(2, None);
            assert!(second >= Duration::from_millis(400) && second <= Duration::from_millis(800), "{second:?}");
        }
        assert_eq!(r.delay(1, Some(Duration::from_secs(3))), Duration::from_secs(3));
        assert!(r.delay(40, None) <= Duration::from_secs(5));
    }

    #[test]
    fn statuses_are_classified() {
        assert!(classify(StatusCode::OK, None, "x").is_none());
        assert!(matches!(classify(StatusCode::UNAUTHORIZED, None, "x"), Some(MarketError::Unauthorized)));
        assert!(matches!(
            classify(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(2)), "x"),
            Some(MarketError::RateLimited { retry_after: Some(d) }) if d == Duration::from_secs(2)
        ));
        assert!(matches!(classify(StatusCode::BAD_GATEWAY, None, "x"), Some(MarketError::Transient(_))));
        assert!(matches!(classify(StatusCode::NOT_FOUND, None, "x"), Some(MarketError::Permanent(_))));
    }

    #[test]
    fn form_bodies_decode() {
        let pairs = serde_urlencoded_pairs(b"oauth_token=abc&oauth_token_secret=d%2Be+f&oauth_callback_confirmed=true")
            .unwrap();
        assert_eq!(pairs[1], ("oauth_token_secret".to_string(), "d+e f".to_string()));
        assert_eq!(pairs.len(), 3);
    }
}
