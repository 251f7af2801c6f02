//! The protections of docs/security.md, through the real router on the emulators: admin rights
//! only from the settings, failed-login and per-client limits, sessions that end on the server.

mod support;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use support::{Reply, TestApi, assert_422, urlencode};

const PASSWORD: &str = "s3cret-pass";

fn form(username: &str, password: &str) -> String {
    format!("username={}&password={}", urlencode(username), urlencode(password))
}

async fn login_attempt(api: &TestApi, username: &str, password: &str) -> Reply {
    api.raw_post("/api/v1/auth/login", "application/x-www-form-urlencoded", form(username, password)).await
}

/// A request as the local server or Lambda sees it from client address `from`.
async fn from_client(api: &TestApi, from: &str, path: &str, content_type: &str, body: String) -> Reply {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    let addr: SocketAddr = format!("{from}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(addr));
    api.send(request).await
}

fn retry_after(reply: &Reply) -> u64 {
    reply.headers.get(header::RETRY_AFTER).expect("Retry-After").to_str().unwrap().parse().unwrap()
}

async fn refresh(api: &TestApi, token: &Value) -> Reply {
    api.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": token}))).await
}

async fn logout(api: &TestApi, token: &Value) -> Reply {
    api.call(Method::POST, "/api/v1/auth/logout", None, Some(json!({"refresh_token": token}))).await
}

#[tokio::test]
async fn admin_rights_come_only_from_the_settings_and_never_from_a_changed_email() {
    let api = TestApi::configured(&[("ADMIN_EMAILS", "boss@example.com"), ("ADMIN_EMAIL_DOMAINS", "")]).await;
    let chooser = api.user("someone@admin.com").await;
    assert_eq!(api.get("/api/v1/auth/me", &chooser).await.body["is_admin"], false, "the domain rule is off");
    assert_eq!(api.get("/api/v1/admin/app-config", &chooser).await.status, StatusCode::FORBIDDEN);
    let boss = api.user("Boss@Example.com").await;
    assert_eq!(api.get("/api/v1/auth/me", &boss).await.body["is_admin"], true);

    // The listed address of an admin who has not registered yet cannot be taken by a change.
    let api2 = TestApi::configured(&[("ADMIN_EMAILS", "ops@example.com")]).await;
    let taker2 = api2.user("mallory@example.com").await;
    let moved = api2.put("/api/v1/auth/me", &taker2, json!({"email": "ops@example.com"})).await;
    assert_eq!((moved.status, &moved.body["is_admin"]), (StatusCode::OK, &json!(false)), "{}", moved.text);
    assert_eq!(api2.get("/api/v1/admin/app-config", &taker2).await.status, StatusCode::FORBIDDEN);
    let body = json!({"provider": "ebay", "consumer_key": "attacker-app-key", "consumer_secret": "attacker"});
    assert_eq!(api2.put("/api/v1/admin/app-config/ebay", &taker2, body).await.status, StatusCode::FORBIDDEN);

    // The local stack keeps the original domains, but a change into one still grants nothing.
    let local = TestApi::new().await;
    let root = local.user("root@admin.com").await;
    assert_eq!(local.get("/api/v1/auth/me", &root).await.body["is_admin"], true);
    let ann = local.user("ann@example.com").await;
    let moved = local.put("/api/v1/auth/me", &ann, json!({"email": "ann@vinyldigger.com"})).await;
    assert_eq!((moved.status, &moved.body["is_admin"]), (StatusCode::OK, &json!(false)));
    assert_eq!(local.get("/api/v1/admin/app-config", &ann).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn ten_failed_logins_lock_the_address_for_the_rest_of_the_window() {
    let api = TestApi::new().await;
    api.user("ann@example.com").await;
    api.user("bob@example.com").await;
    for attempt in 1..=10 {
        let reply = login_attempt(&api, "ann@example.com", "wrong-password").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}: {}", reply.text);
    }
    let locked = login_attempt(&api, "ANN@example.com", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits: {}", locked.text);
    let wait = retry_after(&locked);
    assert!((1..=900).contains(&wait), "within the 15-minute window: {wait}");
    assert!(locked.body["detail"].as_str().unwrap().starts_with("Too many failed logins for this account."));
    assert_eq!(login_attempt(&api, "bob@example.com", PASSWORD).await.status, StatusCode::OK, "others unaffected");

    // An address of no account answers exactly as one of an account: nothing tells them apart.
    for _ in 1..=10 {
        let reply = login_attempt(&api, "nobody@example.com", "wrong-password").await;
        assert_eq!(reply.body, json!({"detail": "Incorrect email or password"}));
    }
    assert_eq!(login_attempt(&api, "nobody@example.com", "x").await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn per_client_limits_on_login_and_register_are_settings() {
    let api =
        TestApi::configured(&[("LOGINS_PER_CLIENT_PER_HOUR", "3"), ("REGISTRATIONS_PER_CLIENT_PER_HOUR", "2")]).await;
    let register = |email: &str| json!({"email": email, "password": PASSWORD}).to_string();
    for email in ["a@example.com", "b@example.com"] {
        let reply =
            from_client(&api, "203.0.113.7", "/api/v1/auth/register", "application/json", register(email)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    let third =
        from_client(&api, "203.0.113.7", "/api/v1/auth/register", "application/json", register("c@example.com")).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS, "{}", third.text);
    assert!((1..=3600).contains(&retry_after(&third)));
    assert!(api.deps.store.find_user_by_email("c@example.com").await.unwrap().is_none(), "nothing was created");
    let elsewhere =
        from_client(&api, "198.51.100.9", "/api/v1/auth/register", "application/json", register("c@example.com")).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "another address has its own count");

    let urlencoded = "application/x-www-form-urlencoded";
    for _ in 0..3 {
        let reply =
            from_client(&api, "203.0.113.7", "/api/v1/auth/login", urlencoded, form("a@example.com", PASSWORD)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    let fourth =
        from_client(&api, "203.0.113.7", "/api/v1/auth/login", urlencoded, form("a@example.com", PASSWORD)).await;
    assert_eq!(fourth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&fourth) >= 1);

    // Off in the local stack: every test comes from one address.
    let local = TestApi::new().await;
    for n in 0..12 {
        let reply = from_client(
            &local,
            "203.0.113.7",
            "/api/v1/auth/register",
            "application/json",
            register(&format!("u{n}@example.com")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server_and_only_that_one() {
    let api = TestApi::new().await;
    api.user("ann@example.com").await;
    let laptop = api.login("ann@example.com", PASSWORD).await;
    let phone = api.login("ann@example.com", PASSWORD).await;
    let renewed = refresh(&api, &laptop["refresh_token"]).await;
    assert_eq!(renewed.status, StatusCode::OK);

    let out = logout(&api, &laptop["refresh_token"]).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    let after = refresh(&api, &laptop["refresh_token"]).await;
    assert_eq!(
        (after.status, after.body),
        (StatusCode::UNAUTHORIZED, json!({"detail": "Session has ended. Please log in again."}))
    );
    let rotated = refresh(&api, &renewed.body["refresh_token"]).await;
    assert_eq!(rotated.status, StatusCode::UNAUTHORIZED, "every token of the session ends with it");
    assert_eq!(refresh(&api, &phone["refresh_token"]).await.status, StatusCode::OK, "the phone stays signed in");

    assert_eq!(logout(&api, &laptop["refresh_token"]).await.status, StatusCode::NO_CONTENT, "twice is fine");
    assert_eq!(logout(&api, &json!("not-a-token")).await.status, StatusCode::NO_CONTENT);
    assert_422(&api.call(Method::POST, "/api/v1/auth/logout", None, Some(json!({}))).await);
}

#[tokio::test]
async fn a_password_change_ends_every_other_session() {
    let api = TestApi::new().await;
    api.user("ann@example.com").await;
    let here = api.login("ann@example.com", PASSWORD).await;
    let stolen = api.login("ann@example.com", PASSWORD).await;
    let access = here["access_token"].as_str().unwrap();

    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let wrong = api.post("/api/v1/auth/password", access, change("not-it", "n3w-passw0rd")).await;
    assert_eq!((wrong.status, wrong.body), (StatusCode::BAD_REQUEST, json!({"detail": "Incorrect current password"})));
    assert_422(&api.post("/api/v1/auth/password", access, change(PASSWORD, "short")).await);
    assert_422(&api.post("/api/v1/auth/password", access, json!({"new_password": "n3w-passw0rd"})).await);
    assert_eq!(
        api.call(Method::POST, "/api/v1/auth/password", None, Some(change(PASSWORD, "n3w-passw0rd"))).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(refresh(&api, &stolen["refresh_token"]).await.status, StatusCode::OK, "nothing changed yet");

    let changed = api.post("/api/v1/auth/password", access, change(PASSWORD, "n3w-passw0rd")).await;
    assert_eq!((changed.status, changed.body), (StatusCode::OK, json!({"message": "Password changed."})));
    assert_eq!(
        refresh(&api, &stolen["refresh_token"]).await.status,
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    assert_eq!(refresh(&api, &here["refresh_token"]).await.status, StatusCode::OK, "this one stays signed in");
    assert_eq!(api.get("/api/v1/auth/me", access).await.status, StatusCode::OK);
    assert_eq!(login_attempt(&api, "ann@example.com", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(login_attempt(&api, "ann@example.com", "n3w-passw0rd").await.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_current_passwords_count_as_failed_logins() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let change = json!({"current_password": "guess", "new_password": "n3w-passw0rd"});
    for _ in 0..10 {
        assert_eq!(api.post("/api/v1/auth/password", &token, change.clone()).await.status, StatusCode::BAD_REQUEST);
    }
    let locked = api.post("/api/v1/auth/password", &token, change).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&locked) >= 1);
}

#[tokio::test]
async fn an_email_change_ends_every_other_session() {
    let api = TestApi::new().await;
    api.user("ann@example.com").await;
    let here = api.login("ann@example.com", PASSWORD).await;
    let other = api.login("ann@example.com", PASSWORD).await;
    let moved =
        api.put("/api/v1/auth/me", here["access_token"].as_str().unwrap(), json!({"email": "anne@example.com"})).await;
    assert_eq!(moved.status, StatusCode::OK);
    assert_eq!(refresh(&api, &other["refresh_token"]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refresh(&api, &here["refresh_token"]).await.status, StatusCode::OK);
}
