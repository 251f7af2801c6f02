//! A forgotten password, reset through the e-mailed link (docs/security.md#password-reset): the
//! real router on the emulators, the e-mail read back from the SES emulator.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::{TestApi, assert_422, urlencode};
use vinyldigger_bootstrap::testing::sent_emails;

const PASSWORD: &str = "s3cret-pass";
const NEW_PASSWORD: &str = "brand-new-pass";
const APP_URL: &str = "http://127.0.0.1:8000";

/// An address no other test (sharing the SES emulator) writes to.
fn address(name: &str) -> String {
    format!("{name}-{}@example.com", &uuid::Uuid::new_v4().simple().to_string()[..10])
}

async fn api_with(link_seconds: &str) -> TestApi {
    TestApi::configured(&[("APP_URL", APP_URL), ("PASSWORD_RESET_LINK_SECONDS", link_seconds)]).await
}

async fn ask(api: &TestApi, email: &str) -> support::Reply {
    api.call(Method::POST, "/api/v1/auth/password-reset", None, Some(json!({"email": email}))).await
}

async fn confirm(api: &TestApi, token: &str, password: &str) -> support::Reply {
    let body = json!({"token": token, "new_password": password});
    api.call(Method::POST, "/api/v1/auth/password-reset/confirm", None, Some(body)).await
}

async fn login(api: &TestApi, email: &str, password: &str) -> support::Reply {
    let form = format!("username={}&password={}", urlencode(email), urlencode(password));
    api.raw_post("/api/v1/auth/login", "application/x-www-form-urlencoded", form).await
}

/// The link of each reset e-mail sent to `email`, as the text part says it.
async fn reset_links(email: &str) -> Vec<String> {
    sent_emails(email)
        .await
        .iter()
        .map(|raw| {
            let message = mail_parser::MessageParser::default().parse(raw.as_bytes()).expect("a MIME message");
            assert_eq!(message.subject(), Some("Reset your VinylDigger password"));
            assert!(message.header("List-Unsubscribe").is_none(), "an account e-mail has no unsubscribe");
            let text = message.body_text(0).expect("a text part").into_owned();
            let start = text.find(APP_URL).expect("the link is in the text");
            text[start..].split_whitespace().next().expect("the link").to_owned()
        })
        .collect()
}

fn token_of(link: &str) -> &str {
    link.strip_prefix(&format!("{APP_URL}/reset-password#token=")).expect("the app's reset page, token in the fragment")
}

#[tokio::test]
async fn the_emailed_link_sets_a_new_password_once_and_ends_every_session() {
    let api = api_with("1800").await;
    let email = address("ann");
    api.user(&email).await;
    let tokens = api.login(&email, PASSWORD).await;
    let other_device = api.login(&email, PASSWORD).await;

    let asked = ask(&api, &email.to_uppercase()).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text);
    let links = reset_links(&email).await;
    assert_eq!(links.len(), 1, "one e-mail: {links:?}");
    let token = token_of(&links[0]);
    let stored = api.deps.store.take_password_reset(token, chrono::Utc::now()).await.unwrap();
    assert_eq!(stored, None, "the table keys the link by its digest, never by the token");

    let done = confirm(&api, token, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(login(&api, &email, PASSWORD).await.status, StatusCode::UNAUTHORIZED, "the old password is gone");
    assert_eq!(login(&api, &email, NEW_PASSWORD).await.status, StatusCode::OK);
    for session in [&tokens, &other_device] {
        let refresh = api
            .call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": session["refresh_token"]})))
            .await;
        assert_eq!(refresh.status, StatusCode::UNAUTHORIZED, "every earlier session ended: {}", refresh.text);
    }

    let again = confirm(&api, token, "yet-another-pass").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "a link works once: {}", again.text);
    assert!(again.body["detail"].as_str().unwrap().contains("invalid, used or expired"));
    assert_eq!(login(&api, &email, NEW_PASSWORD).await.status, StatusCode::OK, "the second use changed nothing");
}

#[tokio::test]
async fn an_expired_link_or_one_from_before_a_password_change_is_refused() {
    // Links that have expired when they are made: expiry without waiting.
    let api = api_with("0").await;
    let email = address("bob");
    api.user(&email).await;
    assert_eq!(ask(&api, &email).await.status, StatusCode::ACCEPTED);
    let links = reset_links(&email).await;
    assert_eq!(links.len(), 1);
    let expired = confirm(&api, token_of(&links[0]), NEW_PASSWORD).await;
    assert_eq!(expired.status, StatusCode::BAD_REQUEST, "{}", expired.text);
    assert_eq!(login(&api, &email, PASSWORD).await.status, StatusCode::OK, "the password is unchanged");

    // Two links; the first one sets the password, the second went with the old password.
    let api = api_with("1800").await;
    let email = address("cid");
    api.user(&email).await;
    assert_eq!(ask(&api, &email).await.status, StatusCode::ACCEPTED);
    assert_eq!(ask(&api, &email).await.status, StatusCode::ACCEPTED);
    let links = reset_links(&email).await;
    assert_eq!(links.len(), 2);
    assert_ne!(links[0], links[1]);
    assert_eq!(confirm(&api, token_of(&links[1]), NEW_PASSWORD).await.status, StatusCode::OK);
    assert_eq!(confirm(&api, token_of(&links[0]), "another-pass-1").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(login(&api, &email, NEW_PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn every_address_gets_the_same_answer_and_a_mailbox_cannot_be_flooded() {
    let api = api_with("1800").await;
    let nobody = address("nobody");
    let unknown = ask(&api, &nobody).await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    let email = address("dee");
    api.user(&email).await;
    let known = ask(&api, &email).await;
    assert_eq!((known.status, &known.body), (StatusCode::ACCEPTED, &unknown.body), "nothing tells them apart");
    assert!(sent_emails(&nobody).await.is_empty(), "no account, no e-mail");

    for _ in 0..4 {
        assert_eq!(ask(&api, &email).await.status, StatusCode::ACCEPTED);
    }
    assert_eq!(sent_emails(&email).await.len(), 3, "three e-mails per address and hour, however often asked");

    // Bad input is refused before anything is looked up.
    assert_422(&ask(&api, "not an address").await);
    assert_422(&confirm(&api, "some-token", "short").await);
    assert_422(&confirm(&api, "", NEW_PASSWORD).await);
    assert_eq!(confirm(&api, "never-issued", NEW_PASSWORD).await.status, StatusCode::BAD_REQUEST);
    let value: Value = ask(&api, &email).await.body;
    assert!(value["message"].as_str().unwrap().starts_with("If an account has this address"));
}

#[tokio::test]
async fn reset_requests_per_client_are_a_setting() {
    use std::net::SocketAddr;

    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, header};

    let api = TestApi::configured(&[("APP_URL", APP_URL), ("PASSWORD_RESETS_PER_CLIENT_PER_HOUR", "2")]).await;
    let from = |ip: &str| {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/password-reset")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"email": address("eve")}).to_string()))
            .unwrap();
        let addr: SocketAddr = format!("{ip}:40000").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(addr));
        request
    };
    assert_eq!(api.send(from("203.0.113.8")).await.status, StatusCode::ACCEPTED);
    assert_eq!(api.send(from("203.0.113.8")).await.status, StatusCode::ACCEPTED);
    let third = api.send(from("203.0.113.8")).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS, "{}", third.text);
    assert!(third.headers.get(header::RETRY_AFTER).is_some());
    assert_eq!(api.send(from("198.51.100.10")).await.status, StatusCode::ACCEPTED, "another client has its own");
}
