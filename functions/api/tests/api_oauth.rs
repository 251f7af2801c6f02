mod support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use support::{TestApi, assert_422, urlencode};
use vinyldigger::domain::platform::Platform;
use wiremock::matchers::{body_string_contains, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn setup() -> (TestApi, MockServer, String, String) {
    let mock = MockServer::start().await;
    let api = TestApi::build("", Some(&mock.uri())).await;
    let admin = api.user("root@admin.com").await;
    let user = api.user("ann@example.com").await;
    (api, mock, admin, user)
}

async fn configure(api: &TestApi, admin: &str, provider: &str, extra: serde_json::Value) {
    let mut body =
        json!({"provider": provider, "consumer_key": "VinylDig-PRD-key123", "consumer_secret": "app-secret"});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let reply = api.put(&format!("/api/v1/admin/app-config/{provider}"), admin, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

async fn discogs_access_mocks(mock: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .and(header_exists("authorization"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("oauth_token=access-tok&oauth_token_secret=access-secret"),
        )
        .mount(mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/oauth/identity"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 4242, "username": "crate_digger", "resource_url": "https://api.discogs.com/users/crate_digger", "consumer_name": "VinylDigger"
        })))
        .mount(mock)
        .await;
}

#[tokio::test]
async fn status_and_authorize_need_an_app_configuration() {
    let (api, _mock, _admin, user) = setup().await;
    let status = api.get("/api/v1/oauth/status/DISCOGS", &user).await;
    assert_eq!(
        status.body,
        json!({"provider": "discogs", "is_configured": false, "is_authorized": false, "username": null})
    );
    let unconfigured = api.post("/api/v1/oauth/authorize/ebay", &user, json!({})).await;
    assert_eq!(unconfigured.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(unconfigured.body, json!({"detail": "ebay OAuth is not configured. Please contact an administrator."}));
    let invalid = api.get("/api/v1/oauth/status/myspace", &user).await;
    assert_eq!(
        (invalid.status, invalid.body),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"detail": "Invalid provider: myspace. Must be one of: discogs, ebay"})
        )
    );
    assert_eq!(
        api.call(Method::GET, "/api/v1/oauth/status/discogs", None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn discogs_out_of_band_flow_links_the_account() {
    let (api, mock, admin, user) = setup().await;
    configure(&api, &admin, "discogs", json!({})).await;
    Mock::given(method("POST"))
        .and(path("/oauth/request_token"))
        .and(header_exists("authorization"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("oauth_token=req-tok&oauth_token_secret=req-secret&oauth_callback_confirmed=true"),
        )
        .mount(&mock)
        .await;
    discogs_access_mocks(&mock).await;

    let started = api.post("/api/v1/oauth/authorize/discogs", &user, json!({})).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text);
    let state = started.body["state"].as_str().unwrap().to_owned();
    assert_eq!(state.len(), 43);
    let url = started.body["authorization_url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/oauth/authorize?oauth_token=req-tok&state=", mock.uri())), "{url}");

    let intruder = api.user("bob@example.com").await;
    let stolen =
        api.post("/api/v1/oauth/verify/discogs", &intruder, json!({"state": state, "verification_code": "v"})).await;
    assert_eq!(
        (stolen.status, stolen.body),
        (StatusCode::FORBIDDEN, json!({"detail": "This authorization request belongs to a different user."}))
    );
    let unknown =
        api.post("/api/v1/oauth/verify/discogs", &user, json!({"state": "nope", "verification_code": "v"})).await;
    assert_eq!(
        unknown.body,
        json!({"detail": "Invalid or expired OAuth state. Please restart the authorization process."})
    );
    let wrong_provider =
        api.post("/api/v1/oauth/verify/ebay", &user, json!({"state": state, "authorization_code": "c"})).await;
    assert_eq!(wrong_provider.status, StatusCode::BAD_REQUEST, "a Discogs handshake cannot finish an eBay link");
    assert_422(&api.post("/api/v1/oauth/verify/discogs", &user, json!({"state": state})).await);

    let verified =
        api.post("/api/v1/oauth/verify/discogs", &user, json!({"state": state, "verification_code": "ABCDEF"})).await;
    assert_eq!(
        verified.body,
        json!({"message": "Successfully authorized Discogs access!", "username": "crate_digger"})
    );
    let status = api.get("/api/v1/oauth/status/discogs", &user).await;
    assert_eq!(
        status.body,
        json!({"provider": "discogs", "is_configured": true, "is_authorized": true, "username": "crate_digger"})
    );

    let me = api.deps.store.find_user_by_email("ann@example.com").await.unwrap().unwrap();
    let token = api.deps.store.get_oauth_token(&api.deps.cipher, me.id, Platform::Discogs).await.unwrap().unwrap();
    assert_eq!(token.access_token.expose(), "access-tok");
    assert_eq!(token.access_token_secret.unwrap().expose(), "access-secret");
    assert_eq!(token.provider_user_id, "4242");

    let reused =
        api.post("/api/v1/oauth/verify/discogs", &user, json!({"state": state, "verification_code": "ABCDEF"})).await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST, "a state is used once");

    assert_eq!(
        api.delete("/api/v1/oauth/revoke/discogs", &user).await.body,
        json!({"message": "Successfully revoked discogs access."})
    );
    let again = api.delete("/api/v1/oauth/revoke/discogs", &user).await;
    assert_eq!(
        (again.status, again.body),
        (StatusCode::NOT_FOUND, json!({"detail": "No authorization found for discogs."}))
    );
}

#[tokio::test]
async fn discogs_redirect_callback_finds_its_handshake_by_request_token() {
    let (api, mock, admin, user) = setup().await;
    configure(&api, &admin, "discogs", json!({"callback_url": "https://app.example/oauth/callback"})).await;
    Mock::given(method("POST"))
        .and(path("/oauth/request_token"))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_string("oauth_token=redir-tok&oauth_token_secret=s"))
        .mount(&mock)
        .await;
    discogs_access_mocks(&mock).await;
    let started = api.post("/api/v1/oauth/authorize/discogs", &user, json!({})).await;
    assert_eq!(started.status, StatusCode::OK);
    let requests = mock.received_requests().await.unwrap();
    let signed = requests.iter().find(|r| r.url.path() == "/oauth/request_token").unwrap();
    let authorization = signed.headers.get("authorization").unwrap().to_str().unwrap();
    assert!(
        authorization.contains("oauth_callback=\"https%3A%2F%2Fapp.example%2Foauth%2Fcallback%3Fstate%3D"),
        "{authorization}"
    );

    let missing =
        api.call(Method::GET, "/api/v1/oauth/callback/discogs?oauth_token=redir-tok", Some(&user), None).await;
    assert_422(&missing);
    let mismatch = api
        .call(
            Method::GET,
            &format!(
                "/api/v1/oauth/callback/discogs?oauth_token=other&oauth_verifier=v&state={}",
                started.body["state"].as_str().unwrap()
            ),
            Some(&user),
            None,
        )
        .await;
    assert_eq!((mismatch.status, mismatch.body), (StatusCode::BAD_REQUEST, json!({"detail": "OAuth token mismatch."})));
    let unknown = api
        .call(
            Method::GET,
            "/api/v1/oauth/callback/discogs?oauth_token=never-issued&oauth_verifier=v",
            Some(&user),
            None,
        )
        .await;
    assert_eq!(unknown.body, json!({"detail": "Invalid or expired OAuth state."}));

    let done = api
        .call(Method::GET, "/api/v1/oauth/callback/discogs?oauth_token=redir-tok&oauth_verifier=v", Some(&user), None)
        .await;
    assert_eq!(done.body, json!({"message": "Successfully authorized Discogs access!", "username": "crate_digger"}));
    assert_eq!(api.get("/api/v1/oauth/status/discogs", &user).await.body["is_authorized"], true);
}

#[tokio::test]
async fn discogs_failures_are_reported_without_internals() {
    let (api, mock, admin, user) = setup().await;
    configure(&api, &admin, "discogs", json!({})).await;
    Mock::given(method("POST"))
        .and(path("/oauth/request_token"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Invalid consumer."))
        .mount(&mock)
        .await;
    let reply = api.post("/api/v1/oauth/authorize/discogs", &user, json!({})).await;
    assert_eq!(
        (reply.status, reply.body),
        (StatusCode::SERVICE_UNAVAILABLE, json!({"detail": "Failed to initiate OAuth flow. Please try again later."})),
        "the marketplace's failure is a 503, never a 500"
    );
}

#[tokio::test]
async fn ebay_flow_stores_expiry_and_refresh_token() {
    let (api, mock, admin, user) = setup().await;
    configure(&api, &admin, "ebay", json!({"redirect_uri": "Vinyl_Digger-RuName", "scope": "https://api.ebay.com/oauth/api_scope https://api.ebay.com/oauth/api_scope/commerce.identity.readonly"})).await;
    let started = api.post("/api/v1/oauth/authorize/ebay", &user, json!({})).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text);
    let url = started.body["authorization_url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/oauth2/authorize?client_id=VinylDig-PRD-key123&response_type=code&redirect_uri=Vinyl_Digger-RuName&scope=https%3A%2F%2F", mock.uri())), "{url}");
    assert!(!url.contains(' '), "scopes are percent-encoded");
    let state = started.body["state"].as_str().unwrap().to_owned();

    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=good-code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "v^1.1#i^1#user-access", "expires_in": 7200, "refresh_token": "v^1.1#r^1#refresh",
            "refresh_token_expires_in": 47304000, "token_type": "User Access Token"
        })))
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant", "error_description": "the provided authorization grant code is invalid or was issued to another client"})))
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/commerce/identity/v1/user/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"userId": "u-77", "username": "ebay_collector"})))
        .mount(&mock)
        .await;

    let linked = api
        .call(
            Method::GET,
            &format!("/api/v1/oauth/callback/ebay?code=good-code&state={}", urlencode(&state)),
            Some(&user),
            None,
        )
        .await;
    assert_eq!(
        linked.body,
        json!({"message": "Successfully authorized eBay access!", "username": "ebay_collector"}),
        "{}",
        linked.text
    );
    let me = api.deps.store.find_user_by_email("ann@example.com").await.unwrap().unwrap();
    let token = api.deps.store.get_oauth_token(&api.deps.cipher, me.id, Platform::Ebay).await.unwrap().unwrap();
    assert_eq!(token.refresh_token.unwrap().expose(), "v^1.1#r^1#refresh");
    let expires_in = token.expires_at.unwrap() - chrono::Utc::now();
    assert!(expires_in > chrono::Duration::minutes(115) && expires_in <= chrono::Duration::minutes(120));

    let second =
        api.post("/api/v1/oauth/authorize/ebay", &user, json!({})).await.body["state"].as_str().unwrap().to_owned();
    let refused =
        api.post("/api/v1/oauth/verify/ebay", &user, json!({"state": second, "authorization_code": "bad-code"})).await;
    assert_eq!(
        (refused.status, refused.body),
        (
            StatusCode::BAD_REQUEST,
            json!({"detail": "Authorization code is invalid or expired. Please restart the authorization process."})
        )
    );
    let after =
        api.post("/api/v1/oauth/verify/ebay", &user, json!({"state": second, "authorization_code": "good-code"})).await;
    assert_eq!(after.status, StatusCode::BAD_REQUEST, "the refused handshake is over");
    assert_422(&api.call(Method::GET, "/api/v1/oauth/callback/ebay?code=x", Some(&user), None).await);
}

#[tokio::test]
async fn the_ebay_helper_page_escapes_what_it_shows() {
    let api = TestApi::new().await;
    let page = api
        .call(
            Method::GET,
            "/api/v1/oauth/redirect/ebay?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=s%22t",
            None,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(page.text.contains("eBay Authorization Successful!"));
    assert!(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.text.contains("<script>alert"));
    assert!(page.text.contains("s&quot;t"));
    let failed = api.call(Method::GET, "/api/v1/oauth/redirect/ebay?error=access_denied", None, None).await;
    assert!(failed.text.contains("eBay Authorization Failed") && failed.text.contains("No description provided"));
    let empty = api.call(Method::GET, "/api/v1/oauth/redirect/ebay", None, None).await;
    assert!(empty.text.contains("eBay Authorization Error"));
}

/// The attack of docs/security.md: Mallory starts a link as herself and sends the authorisation
/// URL to Ann; when Ann approves, the redirect lands in Ann's browser. Handing the code on
/// must not link Ann's marketplace account to Mallory, and without a session nothing is linked.
#[tokio::test]
async fn a_callback_completes_only_the_handshake_of_the_signed_in_user_who_started_it() {
    let (api, mock, admin, ann) = setup().await;
    let mallory = api.user("mallory@example.com").await;
    configure(
        &api,
        &admin,
        "ebay",
        json!({"redirect_uri": "Vinyl_Digger-RuName", "scope": "https://api.ebay.com/oauth/api_scope"}),
    )
    .await;
    configure(&api, &admin, "discogs", json!({"callback_url": "https://app.example/oauth/callback"})).await;
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "v^1.1#i^1#ann-access", "expires_in": 7200, "refresh_token": "v^1.1#r^1#ann-refresh",
            "token_type": "User Access Token"
        })))
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/commerce/identity/v1/user/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"userId": "u-ann", "username": "ann_on_ebay"})))
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/request_token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("oauth_token=mallory-tok&oauth_token_secret=s"))
        .mount(&mock)
        .await;
    discogs_access_mocks(&mock).await;

    let ebay_state =
        api.post("/api/v1/oauth/authorize/ebay", &mallory, json!({})).await.body["state"].as_str().unwrap().to_owned();
    let ebay_callback = format!("/api/v1/oauth/callback/ebay?code=ann-approved&state={}", urlencode(&ebay_state));
    let anonymous = api.call(Method::GET, &ebay_callback, None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "the public redirect alone links nothing");
    let as_ann = api.call(Method::GET, &ebay_callback, Some(&ann), None).await;
    assert_eq!(
        (as_ann.status, as_ann.body),
        (StatusCode::FORBIDDEN, json!({"detail": "This authorization request belongs to a different user."}))
    );

    let discogs_started = api.post("/api/v1/oauth/authorize/discogs", &mallory, json!({})).await;
    assert_eq!(discogs_started.status, StatusCode::OK, "{}", discogs_started.text);
    let discogs_callback = "/api/v1/oauth/callback/discogs?oauth_token=mallory-tok&oauth_verifier=ann-approved";
    assert_eq!(api.call(Method::GET, discogs_callback, None, None).await.status, StatusCode::UNAUTHORIZED);
    let as_ann = api.call(Method::GET, discogs_callback, Some(&ann), None).await;
    assert_eq!(as_ann.status, StatusCode::FORBIDDEN);

    let requests = mock.received_requests().await.unwrap();
    assert!(
        !requests.iter().any(|r| r.url.path() == "/identity/v1/oauth2/token" || r.url.path() == "/oauth/access_token"),
        "no code was exchanged"
    );
    for (who, token) in [("mallory", &mallory), ("ann", &ann)] {
        for provider in ["ebay", "discogs"] {
            let status = api.get(&format!("/api/v1/oauth/status/{provider}"), token).await;
            assert_eq!(status.body["is_authorized"], false, "{who} has no {provider} link");
        }
    }

    // The user who started it still completes it.
    let own = api.call(Method::GET, &ebay_callback, Some(&mallory), None).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text);
}
