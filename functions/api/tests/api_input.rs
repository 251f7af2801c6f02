//! No input a client can send, logged in or not, yields a 5xx: every text that becomes part of a
//! storage key is bounded (with a 4xx naming it), bodies must be JSON objects of the JSON media
//! type, passwords have a minimum length, and amounts that would overflow are left out.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::{TestApi, assert_422};
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::listing::{Listing, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;

/// The `loc` of each field error of a 422.
fn locations(body: &Value) -> Vec<Value> {
    body["detail"].as_array().map(|d| d.iter().map(|e| e["loc"].clone()).collect()).unwrap_or_default()
}

#[tokio::test]
async fn a_login_username_of_any_length_is_a_failed_login() {
    let api = TestApi::new().await;
    api.user("ann@example.com").await;
    for length in [256, 2_100, 100_000] {
        let form = format!("username={}&password=s3cret-pass", "a".repeat(length));
        let reply = api.raw_post("/api/v1/auth/login", "application/x-www-form-urlencoded", form).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{length}: {}", reply.text);
        assert_eq!(reply.body, json!({"detail": "Incorrect email or password"}), "nothing revealed");
    }
}

#[tokio::test]
async fn oauth_states_and_tokens_of_any_length_are_refused_naming_the_field() {
    let api = TestApi::new().await;
    let long = "s".repeat(3_000);
    // Callbacks answer only the signed-in user who started the link (docs/security.md).
    let token = api.user("ann@example.com").await;
    let callbacks = [
        (format!("/api/v1/oauth/callback/discogs?oauth_token={long}&oauth_verifier=v"), "oauth_token"),
        (format!("/api/v1/oauth/callback/discogs?oauth_token=t&oauth_verifier=v&state={long}"), "state"),
        (format!("/api/v1/oauth/callback/ebay?code=c&state={long}"), "state"),
        (format!("/api/v1/oauth/callback/ebay?code={}&state=s", "c".repeat(5_000)), "code"),
    ];
    for (path, field) in callbacks {
        let reply = api.call(Method::GET, &path, Some(&token), None).await;
        assert_422(&reply);
        assert_eq!(locations(&reply.body), [json!(["query", field])], "{field}");
        assert_eq!(reply.body["detail"][0]["type"], "string_too_long");
    }
    for (path, body, field) in [
        ("/api/v1/oauth/verify/discogs", json!({"state": long, "verification_code": "v"}), "state"),
        (
            "/api/v1/oauth/verify/ebay",
            json!({"state": "s", "authorization_code": "c".repeat(5_000)}),
            "authorization_code",
        ),
        ("/api/v1/oauth/verify/ebay", json!({"state": "", "authorization_code": "c"}), "state"),
    ] {
        let reply = api.post(path, &token, body).await;
        assert_422(&reply);
        assert_eq!(locations(&reply.body), [json!(["body", field])], "{path} {field}");
    }
    // Within the bounds, an unknown handshake is the contract's 400, as before.
    let unknown = api.call(Method::GET, "/api/v1/oauth/callback/ebay?code=c&state=nope", Some(&token), None).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn price_history_ids_are_bounded_and_release_ids_are_numbers() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let long = api.get(&format!("/api/v1/price-history/ebay/{}", "1".repeat(3_000)), &token).await;
    assert_422(&long);
    assert_eq!(locations(&long.body), [json!(["path", "listing_id"])]);
    assert_eq!(api.get("/api/v1/price-history/EBAY/v1%7C1%7C0", &token).await.status, StatusCode::OK);
    for bad in ["abc", "%2B7", "-1", "12345678901234567890"] {
        let reply = api.get(&format!("/api/v1/price-history/releases/{bad}"), &token).await;
        assert_422(&reply);
        assert_eq!(locations(&reply.body), [json!(["path", "release_id"])], "{bad}");
    }
    assert_eq!(api.get("/api/v1/price-history/releases/249504", &token).await.status, StatusCode::OK);
    // A path that is not UTF-8 once decoded is a 422 in JSON too, not the framework's plain text.
    let garbled = api.get("/api/v1/searches/%FF%FE", &token).await;
    assert_422(&garbled);
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_refused() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    for body in ["[null,null]", "[]", "null", "1", "\"text\"", "true"] {
        let reply =
            api.raw(Method::PUT, "/api/v1/config/preferences", Some(&token), Some("application/json"), body).await;
        assert_422(&reply);
        assert_eq!(reply.body["detail"][0]["type"], "model_attributes_type", "{body}");
        assert_eq!(reply.body["detail"][0]["loc"], json!(["body"]));
    }
    let search = api
        .raw(Method::POST, "/api/v1/searches", Some(&token), Some("application/json"), "[\"n\",\"q\",\"ebay\"]")
        .await;
    assert_422(&search);
    let prefs = api.get("/api/v1/config/preferences", &token).await;
    assert_eq!(prefs.body["check_interval_hours"], 24, "nothing was stored");
}

#[tokio::test]
async fn a_json_body_of_another_media_type_is_415() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let body = r#"{"name": "n", "query": "q", "platform": "ebay"}"#;
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let reply = api.raw(Method::POST, "/api/v1/searches", Some(&token), content_type, body).await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type:?}: {}", reply.text);
        assert!(reply.body["detail"].as_str().unwrap().contains("application/json"));
    }
    for content_type in ["application/json; charset=utf-8", "application/merge-patch+json"] {
        let reply = api.raw(Method::POST, "/api/v1/searches", Some(&token), Some(content_type), body).await;
        assert_eq!(reply.status, StatusCode::OK, "{content_type}: {}", reply.text);
    }
    let register =
        api.raw_post("/api/v1/auth/register", "text/plain", r#"{"email":"x@y.com","password":"12345678"}"#).await;
    assert_eq!(register.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The login form stays a form: JSON is the wrong media type there.
    let login = api.raw_post("/api/v1/auth/login", "application/json", r#"{"username":"a","password":"b"}"#).await;
    assert_eq!(login.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn register_asks_for_a_password_of_8_to_1024_characters() {
    let api = TestApi::new().await;
    for password in ["", "1234567", &"p".repeat(1025)] {
        let reply = api
            .call(
                Method::POST,
                "/api/v1/auth/register",
                None,
                Some(json!({"email": "a@example.com", "password": password})),
            )
            .await;
        assert_422(&reply);
        assert_eq!(locations(&reply.body), [json!(["body", "password"])], "{}", password.len());
    }
    let ok = api
        .call(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "a@example.com", "password": "12345678"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    api.login("a@example.com", "12345678").await;
}

#[tokio::test]
async fn the_search_list_pages_with_a_link_to_the_next_page() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let mut created = Vec::new();
    for i in 0..5 {
        created.push(api.search(&token, json!({"name": format!("s{i}"), "query": "q", "platform": "ebay"})).await);
    }
    let all = api.get("/api/v1/searches", &token).await;
    assert_eq!(all.body.as_array().unwrap().len(), 5);
    assert!(all.headers.get("link").is_none(), "one page: no link");

    let mut seen = Vec::new();
    let mut next = Some("/api/v1/searches?limit=2".to_owned());
    while let Some(path) = next.take() {
        let page = api.get(&path, &token).await;
        assert_eq!(page.status, StatusCode::OK);
        let items = page.body.as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|s| s["id"].as_str().unwrap().to_owned()));
        next = page.headers.get("link").map(|link| {
            let link = link.to_str().unwrap();
            assert!(link.ends_with(">; rel=\"next\""), "{link}");
            link.trim_start_matches('<').split('>').next().unwrap().to_owned()
        });
    }
    assert_eq!(seen, created, "every search once, oldest first");

    for query in ["limit=0", "limit=101", "limit=x", "limit=", "cursor=nope"] {
        let reply = api.get(&format!("/api/v1/searches?{query}"), &token).await;
        assert_422(&reply);
        let field = query.split('=').next().unwrap();
        assert_eq!(locations(&reply.body), [json!(["query", field])], "{query}");
    }
}

#[tokio::test]
async fn an_absurd_stored_amount_cannot_overflow_a_total() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, json!({"name": "n", "query": "q", "platform": "ebay"})).await;
    let search: SearchId = id.parse().unwrap();
    // Normalisation refuses such amounts now; results stored before could still hold them.
    let mut listing = Listing::new(Platform::Ebay, "huge", "Miles Davis - Kind of Blue", Money::usd_cents(i64::MAX));
    listing.shipping = Some(Money::usd_cents(500));
    api.deps.store.put_result(search, &StoredResult::new("r-huge", listing)).await.unwrap();
    let reply = api.get(&format!("/api/v1/searches/{id}/results"), &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body[0]["item_data"]["total_price"], Value::Null);
    assert_eq!(api.get(&format!("/api/v1/analysis/search/{id}/price-comparison"), &token).await.status, StatusCode::OK);
}
