//! The shared outbound rate limiter (docs/architecture.md#overview, docs/architecture.md#rate-limits-and-retries): one budget per (source, identity)
//! kept in DynamoDB, so every concurrent Lambda draws from the same one.
//!
//! Two kinds of budget:
//! * a **token bucket** (Discogs): `capacity` tokens, refilled continuously. Discogs counts a
//!   moving 60 s window, so the burst plus one minute of refill never exceeds its limit;
//! * a **fixed window** (eBay's daily call quota): at most `limit` calls per UTC-aligned window.
//!
//! Marketplace feedback tightens the bucket: Discogs' `X-Discogs-Ratelimit-Remaining` lowers the
//! tokens to what Discogs says is left, and a 429 blocks the bucket for its `Retry-After`.

use std::time::Duration;

use chrono::Utc;

use super::error::MarketError;
use crate::store::market::BucketState;
use crate::store::{Store, StoreError, keys};

/// Which budget: the marketplace and whose calls (an account, an app), e.g. `discogs` / `user:…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BucketId {
    source: String,
    identity: String,
}

impl BucketId {
    /// `identity` must not be a secret; hash tokens before using them here.
    pub fn new(source: impl Into<String>, identity: impl Into<String>) -> Self {
        Self { source: source.into(), identity: identity.into() }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn identity(&self) -> &str {
        &self.identity
    }

    fn key(&self) -> keys::Key {
        keys::rate_bucket(&self.source, &self.identity)
    }
}

/// How much a budget allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatePolicy {
    /// Up to `capacity` calls at once, then `refill` calls per `per`.
    TokenBucket { capacity: u32, refill: u32, per: Duration },
    /// At most `limit` calls per window; windows start at multiples of `window` since the epoch,
    /// so a one-day window resets at 00:00 UTC.
    Window { limit: u32, window: Duration },
}

/// eBay's default Browse quota (docs/architecture.md#rate-limits-and-retries).
pub const EBAY_DAILY_DEFAULT: u32 = 5_000;

impl RatePolicy {
    /// Discogs, authenticated: 60 requests per moving minute. A burst of 5 plus 55 per minute
    /// keeps every 60 s window at or under 60.
    pub const fn discogs_authenticated() -> Self {
        RatePolicy::TokenBucket { capacity: 5, refill: 55, per: Duration::from_secs(60) }
    }

    /// Discogs, unauthenticated: 25 per moving minute (burst 3 + 22 per minute).
    pub const fn discogs_anonymous() -> Self {
        RatePolicy::TokenBucket { capacity: 3, refill: 22, per: Duration::from_secs(60) }
    }

    /// eBay: a daily call budget.
    pub const fn ebay_daily(limit: u32) -> Self {
        RatePolicy::Window { limit, window: Duration::from_secs(86_400) }
    }

    /// How long to stop after a 429 without `Retry-After`, or when Discogs reports 0 left.
    pub fn pause_when_exhausted(&self) -> Duration {
        match *self {
            RatePolicy::TokenBucket { refill, per, .. } => {
                per.checked_div(refill.max(1)).unwrap_or(per).max(Duration::from_secs(1)) * 5
            }
            RatePolicy::Window { .. } => Duration::from_secs(60),
        }
    }
}

/// The answer to one attempt at taking a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permit {
    Granted,
    /// No token now; the earliest time one can be expected.
    Wait(Duration),
}

/// A handful of rounds is enough: each lost round means another caller made progress.
const MAX_ROUNDS: u32 = 64;

/// Buckets nobody used for this long are left to DynamoDB's TTL.
const IDLE_TTL_SECS: i64 = 2 * 86_400;

#[derive(Debug, Clone)]
pub struct RateLimiter {
    store: Store,
}

impl RateLimiter {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Takes a token, sleeping (with jitter) while the budget refills, for at most `max_wait`.
    /// A longer wait fails with [`MarketError::RateLimited`] carrying the expected wait, so the
    /// job can be retried later instead of holding a Lambda.
    pub async fn acquire(&self, bucket: &BucketId, policy: RatePolicy, max_wait: Duration) -> Result<(), MarketError> {
        let mut waited = Duration::ZERO;
        loop {
            match self.try_acquire(bucket, policy).await? {
                Permit::Granted => return Ok(()),
                Permit::Wait(wait) => {
                    if waited + wait > max_wait {
                        tracing::info!(source = %bucket.source, wait_ms = wait.as_millis() as u64, "rate budget exhausted");
                        return Err(MarketError::RateLimited { retry_after: Some(wait) });
                    }
                    let pause = wait + Duration::from_millis(rand::random::<u64>() % 50);
                    tokio::time::sleep(pause).await;
                    waited += pause;
                }
            }
        }
    }

    /// One attempt: a token now, or how long until one can be expected.
    pub async fn try_acquire(&self, bucket: &BucketId, policy: RatePolicy) -> Result<Permit, StoreError> {
        let key = bucket.key();
        for _ in 0..MAX_ROUNDS {
            let now = Utc::now().timestamp_millis();
            let round = match policy {
                RatePolicy::TokenBucket { capacity, refill, per } => {
                    self.bucket_round(&key, now, i64::from(capacity) * 1000, i64::from(refill), duration_ms(per))
                        .await?
                }
                RatePolicy::Window { limit, window } => {
                    self.window_round(bucket, &key, now, i64::from(limit), duration_ms(window)).await?
                }
            };
            if let Some(permit) = round {
                return Ok(permit);
            }
        }
        // Heavy contention: every round lost to other callers that did get tokens.
        Ok(Permit::Wait(Duration::from_millis(50)))
    }

    /// `None` means "lost a race, try again".
    async fn bucket_round(
        &self,
        key: &keys::Key,
        now: i64,
        capacity_milli: i64,
        refill: i64,
        per_ms: i64,
    ) -> Result<Option<Permit>, StoreError> {
        if self.store.rate_take_token(key, now).await? {
            return Ok(Some(Permit::Granted));
        }
        let expires_at = now / 1000 + IDLE_TTL_SECS;
        let Some(state) = self.store.rate_bucket(key).await? else {
            let created = self.store.rate_create_bucket(key, capacity_milli - 1000, now, expires_at).await?;
            return Ok(created.then_some(Permit::Granted));
        };
        if let Some(wait) = blocked(&state, now) {
            return Ok(Some(Permit::Wait(wait)));
        }
        let elapsed = (now - state.updated_ms).max(0);
        // Milli-tokens earned since the last refill, capped at the room left in the bucket.
        let earned = i128::from(elapsed) * i128::from(refill) * 1000 / i128::from(per_ms.max(1));
        let room = (capacity_milli - state.tokens_milli).max(0);
        let add = i64::try_from(earned.min(i128::from(room))).unwrap_or(room);
        if state.tokens_milli + add >= 1000 {
            if add > 0 {
                self.store.rate_refill(key, state.updated_ms, add, now, expires_at).await?;
            }
            return Ok(None);
        }
        let missing = 1000 - (state.tokens_milli + add);
        let per_token = i128::from(refill.max(1)) * 1000;
        let wait_ms = (i128::from(missing) * i128::from(per_ms) + per_token - 1) / per_token;
        Ok(Some(Permit::Wait(Duration::from_millis(u64::try_from(wait_ms).unwrap_or(u64::MAX)))))
    }

    async fn window_round(
        &self,
        bucket: &BucketId,
        key: &keys::Key,
        now: i64,
        limit: i64,
        window_ms: i64,
    ) -> Result<Option<Permit>, StoreError> {
        let window = now / window_ms.max(1);
        if let Some(used) = self.store.rate_take_in_window(key, window, limit, now).await? {
            crate::metrics::marketplace_quota_left(bucket.source(), limit - used);
            return Ok(Some(Permit::Granted));
        }
        let state = self.store.rate_bucket(key).await?;
        if let Some(wait) = state.as_ref().and_then(|s| blocked(s, now)) {
            return Ok(Some(Permit::Wait(wait)));
        }
        match state {
            Some(s) if s.window >= window && s.used >= limit => {
                let until_next = (window + 1) * window_ms - now;
                Ok(Some(Permit::Wait(Duration::from_millis(u64::try_from(until_next).unwrap_or(0)))))
            }
            Some(s) if s.window >= window => Ok(None),
            _ => {
                let expires_at = (window + 1) * window_ms / 1000 + IDLE_TTL_SECS;
                let started = self.store.rate_start_window(key, window, expires_at).await?;
                if started {
                    crate::metrics::marketplace_quota_left(bucket.source(), limit - 1);
                }
                Ok(started.then_some(Permit::Granted))
            }
        }
    }

    /// Discogs said `remaining` calls are left in its window: never believe we have more, and
    /// pause the bucket when nothing is left.
    pub async fn observe_remaining(
        &self,
        bucket: &BucketId,
        policy: RatePolicy,
        remaining: u32,
    ) -> Result<(), StoreError> {
        if !matches!(policy, RatePolicy::TokenBucket { .. }) {
            return Ok(());
        }
        let key = bucket.key();
        self.store.rate_clamp_tokens(&key, i64::from(remaining) * 1000).await?;
        if remaining == 0 {
            tracing::info!(source = %bucket.source, "marketplace reports its rate budget spent; pausing");
            self.block_for(bucket, policy.pause_when_exhausted()).await?;
        }
        Ok(())
    }

    /// Stops every caller of this bucket for `pause` (a 429's `Retry-After`).
    pub async fn block_for(&self, bucket: &BucketId, pause: Duration) -> Result<(), StoreError> {
        let until = Utc::now().timestamp_millis() + duration_ms(pause);
        self.store.rate_block_until(&bucket.key(), until).await.map(|_| ())
    }
}

fn blocked(state: &BucketState, now: i64) -> Option<Duration> {
    (state.blocked_until_ms > now)
        .then(|| Duration::from_millis(u64::try_from(state.blocked_until_ms - now).unwrap_or(0)))
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discogs_policies_never_exceed_the_window() {
        for (policy, limit) in [(RatePolicy::discogs_authenticated(), 60), (RatePolicy::discogs_anonymous(), 25)] {
            let RatePolicy::TokenBucket { capacity, refill, per } = policy else { panic!("token bucket") };
            assert_eq!(per, Duration::from_secs(60));
            assert!(capacity + refill <= limit, "{policy:?}");
        }
        assert_eq!(
            RatePolicy::ebay_daily(EBAY_DAILY_DEFAULT),
            RatePolicy::Window { limit: 5000, window: Duration::from_secs(86_400) }
        );
        assert!(RatePolicy::discogs_authenticated().pause_when_exhausted() >= Duration::from_secs(5));
    }
}
