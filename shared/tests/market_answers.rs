//! The shared marketplace answers against DynamoDB Local and the sandbox: one marketplace call
//! serves every asker while fresh, concurrent askers from two "Lambdas" coalesce on one call, a
//! kind's freshness ends on time, and an oversize answer is used but never stored.

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
async fn a_failed_fetch_is_the_askers_error_and_an_oversize_answer_is_not_stored() {
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

    let huge = "x".repeat(500 * 1024);
    let got: String = answers
        .get_or_fetch(AnswerKind::SellerInventory, "big|1|100", t(9, 0), || async { Ok(huge.clone()) })
        .await
        .unwrap();
    assert_eq!(got.len(), huge.len(), "the asker still gets its answer");
    let key = keys::shared_answer(AnswerKind::SellerInventory.name(), "big|1|100");
    assert_eq!(table.store.shared_answer(&key, t(9, 0).timestamp()).await.unwrap(), None);
}
