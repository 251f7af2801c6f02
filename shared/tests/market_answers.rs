//! The shared marketplace answers against DynamoDB Local and the sandbox: one marketplace call
//! serves every asker while fresh, concurrent askers from two "Lambdas" coalesce on one call, a
//! kind's freshness ends on time, and an answer too large for one item even compressed is stored
//! in parts and read back whole.

mod market_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use futures::future::join_all;
use market_support::{Table, sandbox};
use vinyldigger::domain::money::Currency;
use vinyldigger::market::discogs::{ConsumerCredentials, DiscogsAuth, DiscogsClient, ReleaseStats};
use vinyldigger::market::{AnswerKind, MarketError, SharedAnswers};
use vinyldigger::store::keys;

fn t(h: u32, m: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
}

#[tokio::test]
async fn one_sandbox_call_serves_every_asker_until_the_kind_s_freshness_ends() {
    let table = Table::new().await;
    let (endpoints, switches, _) = sandbox().await;
    let client = DiscogsClient::unthrottled(
        reqwest::Client::new(),
        endpoints,
        DiscogsAuth::App(ConsumerCredentials::new("sandbox", "sandbox")),
    );
    let answers = SharedAnswers::new(table.store.clone());
    let other = SharedAnswers::new(table.other_store());
    let ask = |answers: SharedAnswers, at| {
        let client = client.clone();
        async move {
            answers
                .get_or_fetch(AnswerKind::ReleaseStats, "3863517|USD", at, || {
                    client.release_stats(3863517, Currency::USD)
                })
                .await
                .expect("the sandbox answers")
        }
    };
    switches.reset_calls();
    let first: ReleaseStats = ask(answers.clone(), t(10, 0)).await;
    let again: ReleaseStats = ask(other.clone(), t(10, 59)).await;
    assert_eq!(first, again);
    assert_eq!(switches.calls().discogs.total, 1, "the second user's ask is served from the table");
    // Statistics are fresh for an hour: at 11:01 the marketplace is asked again.
    ask(other.clone(), t(11, 1)).await;
    assert_eq!(switches.calls().discogs.total, 2);
    assert_eq!(answers.counts().snapshot()[3], 1);
    assert_eq!(other.counts().snapshot()[..1], [1], "one hit");

    // A want-list run every six hours accepts a five-hour-old answer: no call. A query search's
    // reader (one hour) asks again; nobody accepts more than six hours.
    let within = |age_hours: i64, at| {
        let (answers, client) = (answers.clone(), client.clone());
        async move {
            let hours = chrono::Duration::hours(age_hours);
            let stats: ReleaseStats = answers
                .get_or_fetch_within(AnswerKind::ReleaseStats, "3863517|USD", at, hours, || {
                    client.release_stats(3863517, Currency::USD)
                })
                .await
                .unwrap();
            stats
        }
    };
    within(6, t(16, 0)).await;
    assert_eq!(switches.calls().discogs.total, 2, "fetched at 11:01, five hours ago");
    within(1, t(16, 0)).await;
    assert_eq!(switches.calls().discogs.total, 3);
    within(48, t(22, 30)).await;
    assert_eq!(switches.calls().discogs.total, 4, "six hours at most");
}

#[tokio::test]
async fn concurrent_askers_on_two_lambdas_make_one_call() {
    let table = Table::new().await;
    let calls = Arc::new(AtomicU64::new(0));
    let stores = [table.store.clone(), table.other_store()];
    let askers = (0..12).map(|i| {
        let answers = SharedAnswers::new(stores[i % 2].clone()).with_wait(40, Duration::from_millis(50));
        let calls = calls.clone();
        async move {
            answers
                .get_or_fetch(AnswerKind::EbayBrowse, "q=kind of blue&category_ids=176985", t(12, 0), || async move {
                    calls.fetch_add(1, Ordering::SeqCst);
                    // A marketplace call takes a while: the others find the claim taken.
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    Ok::<_, MarketError>(vec![format!("answer {i}")])
                })
                .await
                .expect("answered")
        }
    });
    let answers: Vec<Vec<String>> = join_all(askers).await;
    assert_eq!(calls.load(Ordering::SeqCst), 1, "one claim, one marketplace call");
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "everyone got the one answer: {answers:?}");
}

#[tokio::test]
async fn a_failed_fetch_is_the_askers_error_and_a_large_answer_is_stored_compressed() {
    let table = Table::new().await;
    let answers = SharedAnswers::new(table.store.clone());
    let failed = answers
        .get_or_fetch(AnswerKind::ReleaseStats, "9|USD", t(9, 0), || async {
            Err::<String, _>(MarketError::Transient("503".into()))
        })
        .await;
    assert!(matches!(failed, Err(MarketError::Transient(_))));
    // The claim was released: the next asker fetches at once instead of waiting it out.
    let fresh = answers.get_or_fetch(AnswerKind::ReleaseStats, "9|USD", t(9, 0), || async { Ok("ok".to_string()) });
    assert_eq!(tokio::time::timeout(Duration::from_secs(1), fresh).await.expect("no wait").unwrap(), "ok");

    // A large answer that compresses well is stored in one item and served to the next asker.
    let huge = "x".repeat(500 * 1024);
    let got: String = answers
        .get_or_fetch(AnswerKind::SellerInventory, "big|1|100", t(9, 0), || async { Ok(huge.clone()) })
        .await
        .unwrap();
    assert_eq!(got.len(), huge.len(), "the asker gets its answer");
    let key = keys::shared_answer(AnswerKind::SellerInventory.name(), "big|1|100");
    let stored = table.store.shared_answer(&key, t(9, 0).timestamp()).await.unwrap().expect("stored");
    assert_eq!(stored.json, serde_json::to_vec(&huge).unwrap());
}

/// A string of `len` characters that gzip cannot shrink much (64 symbols: six bits each).
fn noise(len: usize, seed: u64) -> String {
    const SYMBOLS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            // xorshift64: enough noise for a compressor, no dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            SYMBOLS[(state % 64) as usize] as char
        })
        .collect()
}

/// A noise answer whose compressed body is between `target` and `target + 512` bytes.
fn compressing_to(target: usize, seed: u64) -> String {
    use vinyldigger::store::packed::gzip;
    let mut len = target * 4 / 3;
    for _ in 0..8 {
        let value = noise(len, seed);
        let size = gzip(&serde_json::to_vec(&value).unwrap()).unwrap().len();
        if (target..target + 512).contains(&size) {
            return value;
        }
        len = (len as i64 + (target as i64 + 256 - size as i64) * 4 / 3) as usize;
    }
    panic!("no noise of {target} compressed bytes");
}

#[tokio::test]
async fn an_answer_just_over_one_item_s_limit_is_stored_in_parts_and_read_back_whole() {
    use vinyldigger::store::item_size::MAX_ITEM_BYTES;
    let table = Table::new().await;
    let key = keys::shared_answer(AnswerKind::EbayBrowse.name(), "edge");
    let at = t(9, 0).timestamp();

    // Just under the limit with its key and attributes: one item.
    let under = compressing_to(MAX_ITEM_BYTES - 1024, 7);
    let parts = table.store.put_shared_answer(&key, &serde_json::to_vec(&under).unwrap(), at, at + 3600).await.unwrap();
    assert_eq!(parts, 1);
    // Just over: two parts, read back whole.
    let over = compressing_to(MAX_ITEM_BYTES + 1, 11);
    let json = serde_json::to_vec(&over).unwrap();
    assert_eq!(table.store.put_shared_answer(&key, &json, at, at + 3600).await.unwrap(), 2);
    let stored = table.store.shared_answer(&key, at).await.unwrap().expect("stored");
    assert_eq!((stored.json == json, stored.fetched_at), (true, at));

    // A newer version replaces it whole; a reader never joins parts of two versions.
    let newer = compressing_to(MAX_ITEM_BYTES + 100_000, 13);
    let newer_json = serde_json::to_vec(&newer).unwrap();
    assert_eq!(table.store.put_shared_answer(&key, &newer_json, at + 60, at + 3600).await.unwrap(), 2);
    let stored = table.store.shared_answer(&key, at + 60).await.unwrap().expect("stored");
    assert_eq!((stored.json == newer_json, stored.fetched_at), (true, at + 60));

    // Through the shared answers: the second asker is served the parts, no fetch.
    let answers = SharedAnswers::new(table.store.clone());
    let fetched = |value: String| move || async move { Ok::<_, MarketError>(value) };
    let first: String =
        answers.get_or_fetch(AnswerKind::EbayBrowse, "edge 2", t(10, 0), fetched(over.clone())).await.unwrap();
    let again: String = SharedAnswers::new(table.other_store())
        .get_or_fetch(AnswerKind::EbayBrowse, "edge 2", t(10, 1), fetched("not asked".into()))
        .await
        .unwrap();
    assert_eq!((first == over, again == over), (true, true));
}
