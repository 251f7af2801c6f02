//! Alerts end to end on the local stack with the sandbox marketplace: a run's `RunCompleted` goes
//! over the emulated bus to the notifier's queue, which the runner consumes; the alerts land in the
//! notification centre (read through the API), in the SES emulator (read back) and at a webhook
//! receiver on 127.0.0.1 (signature checked).

mod local_stack;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderMap;
use chrono::{DateTime, Timelike, Utc};
use local_stack::{Stack, stack};
use serde_json::{Value, json};
use vinyldigger::notify::webhook::{SIGNATURE_HEADER, sign};
use vinyldigger::secrets::Secret;
use vinyldigger_bootstrap::testing::sent_emails;

/// One webhook POST as received: when, its signature header and its body.
#[derive(Clone)]
struct Post {
    at: DateTime<Utc>,
    signature: String,
    body: Bytes,
}

/// A webhook receiver on 127.0.0.1 (the local runner allows loopback webhooks).
async fn receiver() -> (String, Arc<Mutex<Vec<Post>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let posts: Arc<Mutex<Vec<Post>>> = Arc::default();
    let sink = posts.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let sink = sink.clone();
            async move {
                let signature =
                    headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                sink.lock().unwrap().push(Post { at: Utc::now(), signature, body });
                "ok"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, posts)
}

async fn put(s: &Stack, path: &str, body: Value) -> Value {
    let response = s.http.put(format!("{}{path}", s.base)).bearer_auth(&s.token).json(&body).send().await.unwrap();
    assert!(response.status().is_success(), "PUT {path}: {}", response.status());
    response.json().await.unwrap()
}

/// Waits until `count()` reaches `want` (or 15 s pass), then a moment more so that anything
/// beyond it would show too.
async fn settle<F: AsyncFn() -> usize>(count: F, want: usize) -> usize {
    let started = Instant::now();
    while count().await < want && started.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    count().await
}

async fn notifications(s: &Stack) -> Vec<Value> {
    s.get("/api/v1/notifications").await["notifications"].as_array().unwrap().clone()
}

async fn run_again(s: &Stack, id: &str) -> Value {
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    // The run just queued is not final yet; wait for a final one newer than the previous.
    tokio::time::sleep(Duration::from_millis(200)).await;
    s.final_run(id, Duration::from_secs(30)).await.0
}

#[tokio::test]
async fn wanted_records_and_their_price_drops_alert_once_on_every_channel_and_the_email_link_unsubscribes() {
    let s = stack(|_| {}).await;
    let (hook, posts) = receiver().await;
    let settings = put(
        &s,
        "/api/v1/notifications/settings",
        json!({"email_enabled": true, "daily_cap": 100, "webhook": {"url": hook, "format": "json"}}),
    )
    .await;
    let secret = Secret::new(settings["webhook_secret"].as_str().expect("the secret, shown once").to_owned());
    s.sync_lists().await;

    let id = s.paused_search(json!({"name": "miles davis", "query": "miles davis", "platform": "both"})).await;
    // Wanted records and drops only: bundles depend on how the catalogue spreads over sellers.
    put(&s, &format!("/api/v1/searches/{id}/alerts"), json!({"bundle": false})).await;
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    let (run, _) = s.final_run(&id, Duration::from_secs(30)).await;
    assert_eq!(run["status"], "completed", "{run}");
    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    let wanted_results: Vec<&Value> =
        results.as_array().unwrap().iter().filter(|r| r["is_in_wantlist"] == true).collect();
    let wanted: Vec<String> = wanted_results.iter().map(|r| r["item_id"].as_str().unwrap().to_owned()).collect();
    assert!(!wanted.is_empty() && wanted.len() + 2 <= 100, "wanted listings within the daily cap: {wanted:?}");

    // One in-app alert per wanted listing, one e-mail and one signed webhook POST each.
    let n = wanted.len();
    assert_eq!(settle(async || notifications(&s).await.len(), n).await, n);
    let notes = notifications(&s).await;
    let mut alerted: Vec<String> =
        notes.iter().map(|n| n["listings"][0]["listing_id"].as_str().unwrap().to_owned()).collect();
    alerted.sort();
    let mut expected = wanted.clone();
    expected.sort();
    assert_eq!(alerted, expected);
    assert!(notes.iter().all(|n| n["kind"] == "wanted" && n["search_id"] == id.as_str()));
    assert_eq!(s.get("/api/v1/notifications").await["unread_count"], n);
    assert_eq!(settle(async || posts.lock().unwrap().len(), n).await, n);
    for post in posts.lock().unwrap().iter() {
        assert_eq!(post.signature, sign(&secret, &post.body), "a valid HMAC-SHA256 signature");
        let body: Value = serde_json::from_slice(&post.body).unwrap();
        assert_eq!(body["alerts"][0]["kind"], "wanted");
    }
    let email = s.get("/api/v1/auth/me").await["email"].as_str().unwrap().to_owned();
    let count_emails = async || sent_emails(&email).await.len();
    assert_eq!(settle(count_emails, n).await, n);
    let mails = sent_emails(&email).await;
    // The parts' content (links, seller, price) is checked decoded in the notifier's own tests.
    assert!(mails.iter().all(|m| m.contains("List-Unsubscribe: <")));

    // The time from the run's completion to the first alert's arrival at the webhook: the
    // notifier's added latency (docs/performance.md#alerts).
    let completed: DateTime<Utc> = run["completed_at"].as_str().unwrap().parse().unwrap();
    let first = posts.lock().unwrap().iter().map(|p| p.at).min().unwrap();
    eprintln!("alert latency: run completed -> webhook received: {} ms", (first - completed).num_milliseconds());

    // The same run again: the same listings, nothing new anywhere.
    let again = run_again(&s, &id).await;
    assert_eq!(again["status"], "completed", "{again}");
    assert_eq!(settle(async || notifications(&s).await.len(), n + 1).await, n, "no alert twice");
    assert_eq!(posts.lock().unwrap().len(), n);
    assert_eq!(sent_emails(&email).await.len(), n);

    // A sandbox price cut of 20 % on a wanted listing (a Discogs release offer): one price-drop
    // alert on every channel.
    let priced: Vec<String> = wanted_results
        .iter()
        .filter(|r| r["platform"] == "discogs" && r["item_data"]["price"].as_f64().is_some_and(|p| p > 0.0))
        .map(|r| r["item_id"].as_str().unwrap().to_owned())
        .collect();
    let [cut, later_cut, ..] = priced.as_slice() else {
        panic!("two wanted Discogs listings with a price: {priced:?}")
    };
    cut_price(&s, cut, 20).await;
    assert_eq!(run_again(&s, &id).await["status"], "completed");
    let drops = async || notifications(&s).await.into_iter().filter(|n| n["kind"] == "price_drop").count();
    assert_eq!(settle(drops, 1).await, 1, "one price-drop alert");
    let drop = notifications(&s).await.into_iter().find(|n| n["kind"] == "price_drop").unwrap();
    assert_eq!(drop["listings"][0]["listing_id"], cut.as_str());
    assert_eq!(settle(async || posts.lock().unwrap().len(), n + 1).await, n + 1);
    assert_eq!(settle(count_emails, n + 1).await, n + 1);

    // Unsubscribe through the e-mail's link (no login): the next drop alerts in the app only.
    let link = mails[0]
        .split("List-Unsubscribe: <")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap()
        .replace("\r\n ", "")
        .to_owned();
    let page = reqwest::Client::new().post(&link).send().await.unwrap();
    assert!(page.status().is_success(), "{link}: {}", page.status());
    assert_eq!(s.get("/api/v1/notifications/settings").await["email_enabled"], false);
    cut_price(&s, later_cut, 20).await;
    assert_eq!(run_again(&s, &id).await["status"], "completed");
    assert_eq!(settle(drops, 2).await, 2, "the next drop alerts in the app");
    assert_eq!(settle(async || posts.lock().unwrap().len(), n + 2).await, n + 2);
    assert_eq!(sent_emails(&email).await.len(), n + 1, "no e-mail after unsubscribing");
}

/// Lowers the sandbox's price of a listing to `percent` below its original.
async fn cut_price(s: &Stack, item: &str, percent: u8) {
    let response = s
        .http
        .post(format!("{}/_sandbox/price-cut", s.sandbox))
        .query(&[("item", item), ("percent", &percent.to_string())])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "price cut: {}", response.status());
}

#[tokio::test]
async fn over_the_cap_alerts_wait_for_one_digest_a_day() {
    let s = stack(|f| f.digest_period = Duration::from_millis(300)).await;
    let (hook, posts) = receiver().await;
    // A zone where it is noon now, so an evening digest hour is hours away and hour 0 is past.
    let offset = 12 - i64::from(Utc::now().hour());
    let zone = match offset {
        0 => "Etc/GMT".to_owned(),
        o if o > 0 => format!("Etc/GMT-{o}"),
        o => format!("Etc/GMT+{}", -o),
    };
    let hygiene = json!({"email_enabled": true, "daily_cap": 1, "time_zone": zone, "digest_hour": 23,
        "webhook": {"url": hook, "format": "json"}});
    put(&s, "/api/v1/notifications/settings", hygiene).await;
    s.sync_lists().await;
    let id = s.paused_search(json!({"name": "miles davis", "query": "miles davis", "platform": "both"})).await;
    put(&s, &format!("/api/v1/searches/{id}/alerts"), json!({"bundle": false})).await;
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    assert_eq!(s.final_run(&id, Duration::from_secs(30)).await.0["status"], "completed");
    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    let n = results.as_array().unwrap().iter().filter(|r| r["is_in_wantlist"] == true).count();
    assert!(n >= 2, "several wanted listings: {n}");

    // All in the app; one pushed at once (the cap); the rest wait for the digest hour.
    assert_eq!(settle(async || notifications(&s).await.len(), n).await, n);
    let email = s.get("/api/v1/auth/me").await["email"].as_str().unwrap().to_owned();
    assert_eq!(settle(async || sent_emails(&email).await.len(), 1).await, 1, "the cap of one instant e-mail");
    assert_eq!(posts.lock().unwrap().len(), 1);

    // The digest hour comes: one digest with the rest, on both channels, and only one that day.
    put(&s, "/api/v1/notifications/settings", json!({"digest_hour": 0})).await;
    assert_eq!(settle(async || sent_emails(&email).await.len(), 2).await, 2, "one digest e-mail");
    let digest = sent_emails(&email).await.into_iter().find(|m| m.contains("alerts today")).expect("the digest");
    assert!(digest.contains(&format!("VinylDigger: {} alerts today", n - 1)), "{digest:.400}");
    assert_eq!(settle(async || posts.lock().unwrap().len(), 2).await, 2);
    let body: Value = serde_json::from_slice(&posts.lock().unwrap()[1].body).unwrap();
    assert_eq!(body["type"], "digest");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!((sent_emails(&email).await.len(), posts.lock().unwrap().len()), (2, 2), "one digest a day");
}
