mod support;

use axum::http::{Method, StatusCode, header};
use base64::Engine;
use serde_json::json;
use support::{TestApi, assert_422};

#[tokio::test]
async fn register_normalises_the_domain_and_refuses_duplicates_in_any_case() {
    let api = TestApi::new().await;
    let reply = api
        .call(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "Test@EXAMPLE.com", "password": "eight ch", "username": "ignored"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let mut keys: Vec<_> = reply.body.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["created_at", "email", "id", "is_admin", "updated_at"]);
    assert_eq!(reply.body["email"], "Test@example.com");
    assert_eq!(reply.body["is_admin"], false);
    assert!(reply.body["created_at"].as_str().unwrap().ends_with('Z'));

    for duplicate in ["Test@example.com", "test@Example.COM"] {
        let again = api
            .call(
                Method::POST,
                "/api/v1/auth/register",
                None,
                Some(json!({"email": duplicate, "password": "x-x-x-x-x"})),
            )
            .await;
        assert_eq!(again.status, StatusCode::BAD_REQUEST);
        assert_eq!(again.body, json!({"detail": "Email already registered"}));
    }
}

#[tokio::test]
async fn register_rejects_bad_bodies_with_422() {
    let api = TestApi::new().await;
    for body in [
        json!({"email": "not-an-email", "password": "x"}),
        json!({"email": "a@localhost", "password": "x"}),
        json!({"email": "a@b.test", "password": "x"}),
        json!({"password": "x"}),
        json!({"email": "a@example.com"}),
        json!({"email": 42, "password": "x"}),
        json!({"email": null, "password": "x"}),
        json!([1, 2]),
    ] {
        assert_422(&api.call(Method::POST, "/api/v1/auth/register", None, Some(body)).await);
    }
    let malformed = api.raw_post("/api/v1/auth/register", "application/json", "{\"email\": ").await;
    assert_422(&malformed);
    assert_eq!(malformed.body["detail"][0]["type"], "json_invalid");
    let empty = api.raw_post("/api/v1/auth/register", "application/json", "").await;
    assert_422(&empty);
    let missing = api.call(Method::POST, "/api/v1/auth/register", None, Some(json!({"password": "x"}))).await;
    assert_eq!(missing.body["detail"][0]["type"], "missing");
    assert_eq!(missing.body["detail"][0]["loc"], json!(["body", "email"]));
}

#[tokio::test]
async fn login_accepts_urlencoded_and_multipart_and_refuses_wrong_credentials() {
    let api = TestApi::new().await;
    api.user("ann@example.com").await;
    let tokens = api.login("ann@example.com", "s3cret-pass").await;
    assert_eq!(tokens["token_type"], "bearer");
    assert!(tokens["access_token"].as_str().unwrap().split('.').count() == 3);

    let boundary = "XyZ";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nann@example.com\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\ns3cret-pass\r\n--{boundary}--\r\n"
    );
    let reply =
        api.raw_post("/api/v1/auth/login", &format!("multipart/form-data; boundary={boundary}"), multipart).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);

    for form in ["username=ann%40example.com&password=wrong", "username=nobody%40example.com&password=s3cret-pass"] {
        let reply = api.raw_post("/api/v1/auth/login", "application/x-www-form-urlencoded", form).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.body, json!({"detail": "Incorrect email or password"}));
        assert!(reply.headers.get(header::WWW_AUTHENTICATE).is_none());
    }
    for form in [
        "password=x",
        "username=ann%40example.com",
        "",
        "username=ann%40example.com&password=s3cret-pass&grant_type=client",
    ] {
        assert_422(&api.raw_post("/api/v1/auth/login", "application/x-www-form-urlencoded", form).await);
    }
    let granted = "username=ann%40example.com&password=s3cret-pass&grant_type=password&scope=&client_id=x";
    assert_eq!(
        api.raw_post("/api/v1/auth/login", "application/x-www-form-urlencoded", granted).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn refresh_issues_a_new_pair_and_keeps_the_old_refresh_token_valid() {
    let api = TestApi::new().await;
    api.user("ann@example.com").await;
    let tokens = api.login("ann@example.com", "s3cret-pass").await;
    let refresh = tokens["refresh_token"].as_str().unwrap();

    let reply = api.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": refresh}))).await;
    assert_eq!(reply.status, StatusCode::OK);
    let access = reply.body["access_token"].as_str().unwrap();
    assert_eq!(api.get("/api/v1/auth/me", access).await.status, StatusCode::OK);
    let again = api.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": refresh}))).await;
    assert_eq!(again.status, StatusCode::OK, "no rotation: the old refresh token still works");

    let access_as_refresh = api
        .call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": tokens["access_token"]})))
        .await;
    assert_eq!(access_as_refresh.body, json!({"detail": "Invalid refresh token"}));
    for bad in ["garbage", "a.b.c", ""] {
        let reply = api.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": bad}))).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    assert_422(&api.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({}))).await);
}

#[tokio::test]
async fn bearer_authentication_follows_the_spec() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;

    let none = api.call(Method::GET, "/api/v1/auth/me", None, None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.body, json!({"detail": "Not authenticated"}));
    assert_eq!(none.headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");

    let basic = api
        .send(
            axum::http::Request::builder()
                .uri("/api/v1/auth/me")
                .header(header::AUTHORIZATION, "Basic YTpi")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(basic.body, json!({"detail": "Not authenticated"}));

    let lower = api
        .send(
            axum::http::Request::builder()
                .uri("/api/v1/auth/me")
                .header(header::AUTHORIZATION, format!("bEaReR {token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(lower.status, StatusCode::OK, "the scheme is case-insensitive");

    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims = token.split('.').nth(1).unwrap();
    let unsigned = format!("{}.{claims}.", b64.encode(r#"{"alg":"none","typ":"JWT"}"#));
    let mut tampered = token.clone();
    tampered.pop();
    tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
    for bad in [unsigned.as_str(), tampered.as_str(), "garbage", "a.b.c"] {
        let reply = api.get("/api/v1/auth/me", bad).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(reply.body, json!({"detail": "Invalid authentication credentials"}));
        assert!(reply.headers.get(header::WWW_AUTHENTICATE).is_none());
    }

    let tokens = api.login("ann@example.com", "s3cret-pass").await;
    let refresh_as_access = api.get("/api/v1/auth/me", tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(refresh_as_access.body, json!({"detail": "Invalid authentication credentials"}));

    let user = api.deps.store.find_user_by_email("ann@example.com").await.unwrap().unwrap();
    api.deps.store.delete_user(&user).await.unwrap();
    let gone = api.get("/api/v1/auth/me", &token).await;
    assert_eq!(gone.body, json!({"detail": "User not found"}));
    let refresh_gone = api
        .call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": tokens["refresh_token"]})))
        .await;
    assert_eq!(refresh_gone.body, json!({"detail": "User not found"}));
}

#[tokio::test]
async fn the_profile_email_can_change_but_not_to_a_taken_one() {
    let api = TestApi::new().await;
    let ann = api.user("ann@example.com").await;
    api.user("bob@example.com").await;

    let me = api.get("/api/v1/auth/me", &ann).await;
    assert_eq!(me.body["email"], "ann@example.com");

    let same = api.put("/api/v1/auth/me", &ann, json!({"email": "ann@example.com"})).await;
    assert_eq!(same.status, StatusCode::OK);
    let clash = api.put("/api/v1/auth/me", &ann, json!({"email": "BOB@example.com"})).await;
    assert_eq!(clash.status, StatusCode::BAD_REQUEST);
    assert_eq!(clash.body, json!({"detail": "Email already registered"}));
    for bad in [json!({"email": ""}), json!({"email": "nope"}), json!({}), json!({"email": null})] {
        assert_422(&api.put("/api/v1/auth/me", &ann, bad).await);
    }

    let moved = api.put("/api/v1/auth/me", &ann, json!({"email": "Anne@Example.com", "is_admin": true})).await;
    assert_eq!(moved.status, StatusCode::OK);
    assert_eq!(moved.body["email"], "Anne@example.com");
    assert_eq!(moved.body["is_admin"], false, "a client cannot make itself an admin");
    assert!(moved.body["updated_at"].as_str().unwrap() >= me.body["updated_at"].as_str().unwrap());
    api.login("Anne@example.com", "s3cret-pass").await;
}
