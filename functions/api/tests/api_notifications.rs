//! Alerts through the API: settings and their checks (webhooks only to public https addresses in
//! production), the secret shown once, the test push, search rules, the notification centre and
//! the signed unsubscribe link.

mod support;

use std::sync::{Arc, Mutex};

use api::Deps;
use axum::http::{Method, StatusCode};
use chrono::Utc;
use serde_json::{Value, json};
use support::{TestApi, assert_422};
use vinyldigger::config::Config;
use vinyldigger::domain::alerts::{Alert, AlertKind, AlertListing, Notification};
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger_bootstrap::testing::TestEnv;

/// The API as the local stack runs it: webhooks to loopback allowed.
async fn local_api() -> TestApi {
    let env = TestEnv::new().await;
    let config = Config::from_lookup(|name| match name {
        "WEBHOOK_ALLOW_LOOPBACK" => Some("true".to_owned()),
        _ => env.env(name),
    })
    .unwrap();
    let deps = Arc::new(Deps::new(config, &env.sdk).await.unwrap());
    TestApi { env, deps }
}

async fn user_id(api: &TestApi, token: &str) -> UserId {
    api.get("/api/v1/auth/me", token).await.body["id"].as_str().unwrap().parse().unwrap()
}

/// The webhook POSTs received: (signature header, body).
type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A receiver of webhook POSTs on 127.0.0.1.
async fn receiver() -> (String, Received) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let got: Received = Arc::default();
    let sink = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let sink = sink.clone();
            async move {
                let signature = headers.get("x-vinyldigger-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
                sink.lock().unwrap().push((signature.to_owned(), body.to_vec()));
                "ok"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

#[tokio::test]
async fn settings_have_defaults_and_checked_fields() {
    let api = TestApi::new().await;
    let token = api.user("alerts@example.com").await;
    let reply = api.get("/api/v1/notifications/settings", &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.body,
        json!({"email_enabled": false, "email": "alerts@example.com", "webhook": null, "daily_cap": 20,
               "quiet_hours": null, "time_zone": "UTC", "digest_hour": 8})
    );
    let update = json!({"email_enabled": true, "daily_cap": 5, "time_zone": "Europe/Berlin", "digest_hour": 7,
                        "quiet_hours": {"start_hour": 22, "end_hour": 7}});
    let reply = api.put("/api/v1/notifications/settings", &token, update).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        (reply.body["email_enabled"].as_bool(), reply.body["time_zone"].as_str()),
        (Some(true), Some("Europe/Berlin"))
    );
    let reply = api.put("/api/v1/notifications/settings", &token, json!({"quiet_hours": null})).await;
    assert_eq!(reply.body["quiet_hours"], Value::Null);
    assert_eq!(reply.body["daily_cap"], 5, "absent fields stay");
    for bad in [
        json!({"time_zone": "Mars/Olympus"}),
        json!({"daily_cap": 501}),
        json!({"digest_hour": 24}),
        json!({"quiet_hours": {"start_hour": 25, "end_hour": 1}}),
        json!({"email_enabled": "yes"}),
    ] {
        assert_422(&api.put("/api/v1/notifications/settings", &token, bad).await);
    }
}

#[tokio::test]
async fn in_production_a_webhook_to_a_private_or_metadata_address_is_refused() {
    let api = TestApi::new().await;
    let token = api.user("ssrf@example.com").await;
    for url in [
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/",
        "https://10.0.0.5/hook",
        "https://192.168.1.10/hook",
        "https://localhost/hook",
        "https://127.0.0.1:8000/hook",
        "http://example.com/hook",
        "https://user:pw@example.com/hook",
        "ftp://example.com/hook",
    ] {
        let reply = api.put("/api/v1/notifications/settings", &token, json!({"webhook": {"url": url}})).await;
        assert_422(&reply);
        assert_eq!(reply.body["detail"][0]["loc"], json!(["body", "webhook.url"]), "{url}: {}", reply.text);
    }
    let settings = api.get("/api/v1/notifications/settings", &token).await;
    assert_eq!(settings.body["webhook"], Value::Null, "nothing was stored");
}

#[tokio::test]
async fn the_secret_is_shown_once_and_signs_the_test_push() {
    let api = local_api().await;
    let token = api.user("hook@example.com").await;
    let (url, got) = receiver().await;
    let reply =
        api.put("/api/v1/notifications/settings", &token, json!({"webhook": {"url": url, "format": "discord"}})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let secret = reply.body["webhook_secret"].as_str().expect("shown when made").to_owned();
    assert_eq!(reply.body["webhook"]["has_secret"], true);
    let again =
        api.put("/api/v1/notifications/settings", &token, json!({"webhook": {"url": url, "format": "slack"}})).await;
    assert!(again.body.get("webhook_secret").is_none(), "never again: {}", again.text);
    assert!(!api.get("/api/v1/notifications/settings", &token).await.text.contains(&secret));

    let test = api.call(Method::POST, "/api/v1/notifications/webhook/test", Some(&token), None).await;
    assert_eq!(test.body, json!({"delivered": true, "status": 200, "error": null}), "{}", test.text);
    let posts = got.lock().unwrap().clone();
    assert_eq!(posts.len(), 1);
    let body: Value = serde_json::from_slice(&posts[0].1).unwrap();
    assert!(body["text"].as_str().unwrap().contains("VinylDigger test alert"), "slack's shape: {body}");
    assert_eq!(
        posts[0].0,
        vinyldigger::notify::webhook::sign(&vinyldigger::secrets::Secret::new(secret.clone()), &posts[0].1)
    );

    let rotated = api.call(Method::POST, "/api/v1/notifications/webhook/secret", Some(&token), None).await;
    let new_secret = rotated.body["webhook_secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    api.call(Method::POST, "/api/v1/notifications/webhook/test", Some(&token), None).await;
    let posts = got.lock().unwrap().clone();
    assert_eq!(
        posts[1].0,
        vinyldigger::notify::webhook::sign(&vinyldigger::secrets::Secret::new(new_secret), &posts[1].1)
    );

    let off = api.put("/api/v1/notifications/settings", &token, json!({"webhook": null})).await;
    assert_eq!(off.body["webhook"], Value::Null);
    let none = api.call(Method::POST, "/api/v1/notifications/webhook/test", Some(&token), None).await;
    assert_eq!(none.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn test_pushes_are_limited_per_user_and_hour() {
    let api = local_api().await;
    let token = api.user("tests@example.com").await;
    let (url, got) = receiver().await;
    api.put("/api/v1/notifications/settings", &token, json!({"webhook": {"url": url, "format": "json"}})).await;
    for _ in 0..api::limits::WEBHOOK_TESTS_PER_HOUR {
        let test = api.call(Method::POST, "/api/v1/notifications/webhook/test", Some(&token), None).await;
        assert_eq!(test.status, StatusCode::OK, "{}", test.text);
    }
    let over = api.call(Method::POST, "/api/v1/notifications/webhook/test", Some(&token), None).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.text);
    assert!(over.headers.contains_key("retry-after"));
    assert!(over.body["detail"].as_str().unwrap().contains("test alerts per hour"));
    assert_eq!(got.lock().unwrap().len(), api::limits::WEBHOOK_TESTS_PER_HOUR as usize, "the refused one sent nothing");
    let other = api.user("tests-other@example.com").await;
    api.put("/api/v1/notifications/settings", &other, json!({"webhook": {"url": url, "format": "json"}})).await;
    let theirs = api.call(Method::POST, "/api/v1/notifications/webhook/test", Some(&other), None).await;
    assert_eq!(theirs.status, StatusCode::OK, "another user's quota is their own");
}

#[tokio::test]
async fn a_search_has_a_rule_with_defaults_only_its_owner_changes() {
    let api = TestApi::new().await;
    let token = api.user("rule@example.com").await;
    let other = api.user("other@example.com").await;
    let id = api.search(&token, json!({"name": "Blue", "query": "kind of blue", "platform": "ebay"})).await;
    let path = format!("/api/v1/searches/{id}/alerts");
    let rule = api.get(&path, &token).await;
    assert_eq!(
        rule.body,
        json!({"wanted": true, "price_drop": true, "bundle": true, "price_drop_percent": 10, "delivery": "instant"})
    );
    let changed =
        api.put(&path, &token, json!({"bundle": false, "delivery": "digest", "price_drop_percent": 25})).await;
    assert_eq!(
        changed.body,
        json!({"wanted": true, "price_drop": true, "bundle": false, "price_drop_percent": 25, "delivery": "digest"})
    );
    assert_eq!(api.get(&path, &token).await.body, changed.body);
    assert_eq!(api.get(&path, &other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.put(&path, &other, json!({"bundle": true})).await.status, StatusCode::NOT_FOUND);
    assert_422(&api.put(&path, &token, json!({"price_drop_percent": 0})).await);
    assert_422(&api.put(&path, &token, json!({"delivery": "weekly"})).await);
    assert_422(&api.get("/api/v1/searches/not-a-uuid/alerts", &token).await);
}

fn alert(search: vinyldigger::domain::ids::SearchId, item: &str) -> Alert {
    let listing = Listing::new(Platform::Ebay, item, format!("Record {item}"), Money::usd_cents(1500));
    Alert {
        kind: AlertKind::Wanted,
        search_id: search,
        search_name: "Blue".into(),
        subject: format!("ebay#{item}"),
        listings: vec![AlertListing::of(&listing)],
        previous_price: None,
        bundle: None,
    }
}

#[tokio::test]
async fn the_notification_centre_lists_counts_and_marks_read() {
    let api = TestApi::new().await;
    let token = api.user("centre@example.com").await;
    let user = user_id(&api, &token).await;
    let search: vinyldigger::domain::ids::SearchId =
        api.search(&token, json!({"name": "Blue", "query": "blue", "platform": "ebay"})).await.parse().unwrap();
    let now = Utc::now();
    for (i, item) in ["a", "b", "c"].iter().enumerate() {
        let note = Notification::new(user, alert(search, item), now + chrono::Duration::seconds(i as i64));
        assert!(api.deps.store.create_notification(&note).await.unwrap().is_none());
    }
    let list = api.get("/api/v1/notifications", &token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["unread_count"], 3);
    let items = list.body["notifications"].as_array().unwrap();
    let titles: Vec<_> = items.iter().map(|n| n["listings"][0]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Record c", "Record b", "Record a"], "newest first");
    assert_eq!(items[0]["headline"], "Wanted: Record c for $15.00");
    assert_eq!(items[0]["listings"][0]["price"], json!({"amount": 15.0, "minor": 1500, "currency": "USD"}));

    let first = items[0]["id"].as_str().unwrap();
    let read = api.call(Method::POST, &format!("/api/v1/notifications/{first}/read"), Some(&token), None).await;
    assert_eq!(read.status, StatusCode::OK);
    let list = api.get("/api/v1/notifications", &token).await;
    assert_eq!(list.body["unread_count"], 2);
    assert!(list.body["notifications"][0]["read_at"].is_string());
    let missing = api.call(Method::POST, "/api/v1/notifications/nope/read", Some(&token), None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let stranger = api.user("stranger@example.com").await;
    let theirs = api.call(Method::POST, &format!("/api/v1/notifications/{first}/read"), Some(&stranger), None).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "another user's alert is not found");

    let all = api.call(Method::POST, "/api/v1/notifications/read-all", Some(&token), None).await;
    assert_eq!(all.body["marked"], 2);
    assert_eq!(api.get("/api/v1/notifications", &token).await.body["unread_count"], 0);
    assert_eq!(api.call(Method::GET, "/api/v1/notifications", None, None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_signed_link_unsubscribes_without_login_and_a_forged_one_does_not() {
    let api = TestApi::new().await;
    let token = api.user("unsub@example.com").await;
    let user = user_id(&api, &token).await;
    api.put("/api/v1/notifications/settings", &token, json!({"email_enabled": true})).await;
    let other = api.user("keep@example.com").await;
    api.put("/api/v1/notifications/settings", &other, json!({"email_enabled": true})).await;

    let forged = format!("{user}.AAAA");
    let reply = api.call(Method::GET, &format!("/api/v1/notifications/unsubscribe?token={forged}"), None, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text.contains("not valid"));
    assert_eq!(api.get("/api/v1/notifications/settings", &token).await.body["email_enabled"], true);

    let link = api.deps.unsubscribe.token(user);
    // RFC 8058: the mail client POSTs; a person clicking the link GETs. Both work, no login.
    let reply = api.call(Method::POST, &format!("/api/v1/notifications/unsubscribe?token={link}"), None, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(reply.text.contains("Unsubscribed"));
    assert_eq!(api.get("/api/v1/notifications/settings", &token).await.body["email_enabled"], false);
    let again = api.call(Method::GET, &format!("/api/v1/notifications/unsubscribe?token={link}"), None, None).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(api.get("/api/v1/notifications/settings", &other).await.body["email_enabled"], true, "only that user");
}
