//! The shared token bucket against DynamoDB Local: many concurrent callers, from two separate
//! clients as two Lambdas would be, never get more tokens than the budget holds.

mod market_support;

use std::time::Duration;

use futures::future::join_all;
use market_support::Table;
use vinyldigger::market::rate::Permit;
use vinyldigger::market::{BucketId, RateLimiter, RatePolicy};

async fn grants(limiters: &[RateLimiter], bucket: &BucketId, policy: RatePolicy, callers: usize) -> usize {
    let attempts = (0..callers).map(|i| {
        let limiter = limiters[i % limiters.len()].clone();
        let bucket = bucket.clone();
        async move { limiter.try_acquire(&bucket, policy).await.expect("the emulator answers") }
    });
    join_all(attempts).await.into_iter().filter(|p| *p == Permit::Granted).count()
}

#[tokio::test]
async fn concurrent_acquisitions_never_exceed_the_bucket() {
    let table = Table::new().await;
    let limiters = [table.limiter(), RateLimiter::new(table.other_store())];
    // Ten tokens and a refill far too slow to add one during the test.
    let policy = RatePolicy::TokenBucket { capacity: 10, refill: 1, per: Duration::from_secs(3600) };
    let bucket = BucketId::new("discogs", "user:concurrency");
    assert_eq!(grants(&limiters, &bucket, policy, 48).await, 10);
    // Spent: the next caller is told to wait for the refill.
    match limiters[0].try_acquire(&bucket, policy).await.unwrap() {
        Permit::Wait(d) => assert!(d > Duration::from_secs(3000), "{d:?}"),
        Permit::Granted => panic!("the bucket was empty"),
    }
    // Another identity has its own budget.
    assert_eq!(grants(&limiters, &BucketId::new("discogs", "user:other"), policy, 4).await, 4);
}

#[tokio::test]
async fn a_daily_window_admits_exactly_its_limit() {
    let table = Table::new().await;
    let limiters = [table.limiter(), RateLimiter::new(table.other_store())];
    let bucket = BucketId::new("ebay", "app-id");
    assert_eq!(grants(&limiters, &bucket, RatePolicy::ebay_daily(7), 30).await, 7);
    match limiters[1].try_acquire(&bucket, RatePolicy::ebay_daily(7)).await.unwrap() {
        Permit::Wait(d) => assert!(d <= Duration::from_secs(86_400)),
        Permit::Granted => panic!("the day's budget was spent"),
    }
}

#[tokio::test]
async fn the_bucket_refills_and_blocks() {
    let table = Table::new().await;
    let limiter = table.limiter();
    let bucket = BucketId::new("discogs", "user:refill");
    let policy = RatePolicy::TokenBucket { capacity: 1, refill: 20, per: Duration::from_secs(1) };
    assert_eq!(limiter.try_acquire(&bucket, policy).await.unwrap(), Permit::Granted);
    match limiter.try_acquire(&bucket, policy).await.unwrap() {
        Permit::Wait(d) => assert!(d <= Duration::from_millis(50), "{d:?}"),
        Permit::Granted => {} // the machine was slow enough for the refill to land
    }
    // `acquire` sleeps through short waits.
    limiter.acquire(&bucket, policy, Duration::from_secs(2)).await.unwrap();
    // A 429's Retry-After blocks every caller.
    limiter.block_for(&bucket, Duration::from_secs(30)).await.unwrap();
    match limiter.try_acquire(&bucket, policy).await.unwrap() {
        Permit::Wait(d) => assert!(d > Duration::from_secs(25), "{d:?}"),
        Permit::Granted => panic!("the bucket is blocked"),
    }
    let err = limiter.acquire(&bucket, policy, Duration::from_millis(100)).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");
}

#[tokio::test]
async fn waiting_callers_share_a_refilling_bucket_fairly() {
    let table = Table::new().await;
    let limiter = table.limiter();
    let bucket = BucketId::new("discogs", "user:waiters");
    // Burst 2, then 50 per second: 8 waiting callers all get through within their budget.
    let policy = RatePolicy::TokenBucket { capacity: 2, refill: 50, per: Duration::from_secs(1) };
    let calls = (0..8).map(|_| limiter.acquire(&bucket, policy, Duration::from_secs(10)));
    let results = join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}
