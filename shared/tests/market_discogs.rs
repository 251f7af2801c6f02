//! The Discogs client against a mock server: OAuth 1.0a flow, every data call, and each failure
//! class (401, 429 with Discogs' headers, 5xx, timeout, malformed JSON).

mod market_support;

use std::time::Duration;

use market_support::{Table, fast_retry, http};
use serde_json::json;
use vinyldigger::domain::listing::ListingKind;
use vinyldigger::domain::money::{Currency, Money};
use vinyldigger::market::discogs::{self, ConsumerCredentials, DiscogsAuth, DiscogsClient, ReleaseFilters, TokenPair};
use vinyldigger::market::{Endpoints, MarketError, USER_AGENT};
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn consumer() -> ConsumerCredentials {
    ConsumerCredentials::new("ckey", "csecret")
}

fn user_client(server: &MockServer) -> DiscogsClient {
    let auth = DiscogsAuth::User { consumer: consumer(), access: TokenPair::new("atoken", "asecret") };
    DiscogsClient::unthrottled(http(), Endpoints::local(&server.uri()), auth).with_retry(fast_retry())
}

fn auth_header(request: &Request) -> String {
    request.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

fn basic(id: u64, artist: &str, title: &str) -> serde_json::Value {
    json!({"id": id, "master_id": 0, "title": title, "year": 1971, "thumb": "", "cover_image": "https://i.discogs.com/x.jpg",
           "formats": [{"name": "Vinyl", "qty": "1", "descriptions": ["LP", "Album"]}],
           "labels": [{"name": "Reprise Records", "catno": "MS 2038", "id": 1}],
           "artists": [{"name": artist, "anv": "", "join": "", "id": 2}], "genres": ["Rock"], "styles": ["Folk Rock"]})
}

#[tokio::test]
async fn oauth_flow_signs_every_step() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/request_token"))
        .and(header("user-agent", USER_AGENT))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(|r: &Request| {
            let h = auth_header(r);
            assert!(h.starts_with("OAuth "), "{h}");
            assert!(h.contains("oauth_callback=\"https%3A%2F%2Fvd.example%2Foauth%2Fcallback%3Fstate%3Dabc\""), "{h}");
            assert!(h.contains("oauth_signature_method=\"HMAC-SHA1\"") && h.contains("oauth_signature=\""), "{h}");
            assert!(!h.contains("oauth_token="), "{h}");
            ResponseTemplate::new(200)
                .set_body_string("oauth_token=req1&oauth_token_secret=reqsecret&oauth_callback_confirmed=true")
        })
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(|r: &Request| {
            let h = auth_header(r);
            assert!(h.contains("oauth_token=\"req1\"") && h.contains("oauth_verifier=\"V3R1F\""), "{h}");
            ResponseTemplate::new(200).set_body_string("oauth_token=acc1&oauth_token_secret=accsecret")
        })
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/oauth/identity"))
        .and(header("accept", "application/vnd.discogs.v2.plaintext+json"))
        .respond_with(|r: &Request| {
            assert!(auth_header(r).contains("oauth_token=\"acc1\""));
            ResponseTemplate::new(200).set_body_json(json!({"id": 1234, "username": "digger", "resource_url": "https://api.discogs.com/users/digger", "consumer_name": "VinylDigger"}))
        })
        .mount(&server)
        .await;

    let e = Endpoints::local(&server.uri());
    let callback = discogs::callback_with_state("https://vd.example/oauth/callback", "abc");
    let request = discogs::request_token(&http(), &e, &consumer(), &callback).await.unwrap();
    assert_eq!(request.token, "req1");
    assert_eq!(request.secret.expose(), "reqsecret");
    assert_eq!(
        discogs::authorize_url(&e, &request.token, "abc"),
        format!("{}/oauth/authorize?oauth_token=req1&state=abc", server.uri())
    );
    let access = discogs::access_token(&http(), &e, &consumer(), &request, " V3R1F ").await.unwrap();
    assert_eq!((access.token.as_str(), access.secret.expose()), ("acc1", "accsecret"));
    let who = discogs::identity(&http(), &e, &consumer(), &access).await.unwrap();
    assert_eq!((who.id, who.username.as_str()), (1234, "digger"));
}

#[tokio::test]
async fn token_answers_without_a_secret_are_malformed_and_refusals_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/request_token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("oauth_token=only"))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/access_token"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Invalid verifier"))
        .expect(1)
        .mount(&server)
        .await;
    let e = Endpoints::local(&server.uri());
    assert!(matches!(discogs::request_token(&http(), &e, &consumer(), "oob").await, Err(MarketError::Malformed(_))));
    let request = TokenPair::new("r", "s");
    assert!(matches!(
        discogs::access_token(&http(), &e, &consumer(), &request, "x").await,
        Err(MarketError::Unauthorized)
    ));
}

#[tokio::test]
async fn database_search_and_stats_become_release_offers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/database/search"))
        .and(query_param("q", "joni blue"))
        .and(query_param("type", "release"))
        .and(query_param("format", "Vinyl"))
        .and(query_param("genre", "Rock"))
        .and(query_param("per_page", "5"))
        .and(header("user-agent", USER_AGENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"page": 1, "pages": 1, "per_page": 5, "items": 2, "urls": {}},
            "results": [
                {"id": 1417645, "type": "release", "title": "Joni Mitchell - Blue", "year": "1971", "country": "US",
                 "format": ["Vinyl", "LP", "Album"], "label": ["Reprise Records"], "catno": "MS 2038",
                 "genre": ["Rock"], "style": ["Folk Rock"], "master_id": 33393, "cover_image": "https://i.discogs.com/blue.jpg"},
                {"id": 99, "type": "release", "title": "Joni Mitchell - Blue (Live)", "year": "1980", "format": ["Vinyl"]}
            ]})))
        .mount(&server)
        .await;
    Mock::given(path("/marketplace/stats/1417645"))
        .and(query_param("curr_abbr", "USD"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"lowest_price": {"currency": "USD", "value": 27.5}, "num_for_sale": 14, "blocked_from_sale": false}),
        ))
        .mount(&server)
        .await;
    let client = user_client(&server);
    let filters =
        ReleaseFilters { genre: Some("Rock".into()), year_from: Some(1970), year_to: Some(1975), ..Default::default() };
    let page = client.search_releases("joni blue", &filters, 1, 5).await.unwrap();
    assert_eq!(page.items.len(), 1, "the 1980 release is outside the year range");
    let stats = client.release_stats(1417645, Currency::USD).await.unwrap();
    assert_eq!((stats.lowest_price, stats.num_for_sale), (Some(Money::usd_cents(2750)), 14));
    let offers = client.release_offers(&page.items, Currency::USD).await.unwrap();
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].kind, ListingKind::ReleaseOffer { for_sale: 14 });
    assert_eq!(offers[0].title, "Joni Mitchell - Blue");
    assert_eq!(offers[0].release_id, Some(1417645));
}

#[tokio::test]
async fn inventory_pages_are_normalised() {
    let server = MockServer::start().await;
    Mock::given(path("/users/londonwax/inventory"))
        .and(query_param("status", "For Sale"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"page": 2, "pages": 2, "per_page": 50, "items": 51, "urls": {}},
            "listings": [{
                "id": 172723812, "status": "For Sale", "price": {"currency": "GBP", "value": 31.99},
                "shipping_price": {"currency": "GBP", "value": 4.5},
                "condition": "Near Mint (NM or M-)", "sleeve_condition": "Very Good Plus (VG+)", "ships_from": "United Kingdom",
                "posted": "2026-10-14T08:10:00-07:00", "uri": "https://www.discogs.com/sell/item/172723812",
                "seller": {"id": 1187223, "username": "londonwax", "stats": {"rating": "99.9", "stars": 5.0, "total": 8715}},
                "release": {"id": 2587869, "description": "The Beatles - Abbey Road (LP, Album)", "artist": "The Beatles",
                            "title": "Abbey Road", "year": 1969, "format": "LP, Album", "catalog_number": "PCS 7088"}
            }]})))
        .mount(&server)
        .await;
    let page = user_client(&server).inventory_page("londonwax", 2, 50).await.unwrap();
    assert!(page.is_last());
    let l = &page.items[0];
    assert_eq!(l.price, Money::new(3199, Currency::GBP));
    assert_eq!(l.shipping, Some(Money::new(450, Currency::GBP)));
    assert_eq!(l.seller.as_ref().map(|s| s.id.as_str()), Some("londonwax"));
    assert_eq!(l.kind, ListingKind::Listing);
}

#[tokio::test]
async fn want_lists_and_collections_are_read_page_by_page() {
    let server = MockServer::start().await;
    for page in 1..=2u64 {
        Mock::given(path("/users/digger/wants"))
            .and(query_param("page", page.to_string()))
            .and(query_param("per_page", "100"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "pagination": {"page": page, "pages": 2, "per_page": 100, "items": 2, "urls": {}},
                "wants": [{"id": page, "rating": 3, "notes": "want", "date_added": "2026-01-02T03:04:05-08:00",
                           "basic_information": basic(page, "Nirvana (2)", "Nevermind")}]})))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(path("/users/digger/collection/folders/0/releases"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"page": 1, "pages": 1, "per_page": 100, "items": 1, "urls": {}},
            "releases": [{"id": 7, "instance_id": 555, "folder_id": 1, "rating": 5, "date_added": "2025-05-06T07:08:09-07:00",
                          "basic_information": basic(7, "Joni Mitchell", "Blue"), "notes": [{"field_id": 1, "value": "Mint"}]}]})))
        .mount(&server)
        .await;
    let client = user_client(&server);
    let wants = client.all_wants("digger").await.unwrap();
    assert_eq!(wants.len(), 2);
    assert_eq!(wants[1].release.release_id, 2);
    assert_eq!(wants[0].release.artist(), "Nirvana");
    assert_eq!(wants[0].release.catalog_number.as_deref(), Some("MS 2038"));
    assert_eq!(wants[0].release.formats, vec!["Vinyl", "LP", "Album"]);
    assert_eq!(wants[0].notes, "want");
    assert_eq!(wants[0].date_added.unwrap().to_rfc3339(), "2026-01-02T11:04:05+00:00");
    let collection = client.all_collection("digger").await.unwrap();
    assert_eq!((collection[0].instance_id, collection[0].release.release_id, collection[0].rating), (555, 7, 5));
    assert_eq!(collection[0].basic_information["title"], "Blue");
}

#[tokio::test]
async fn failures_are_typed_and_retried_only_when_it_can_help() {
    let server = MockServer::start().await;
    Mock::given(path("/marketplace/stats/1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"message": "You must authenticate to access this resource."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/marketplace/stats/2"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .insert_header("x-discogs-ratelimit", "60")
                .insert_header("x-discogs-ratelimit-used", "60")
                .insert_header("x-discogs-ratelimit-remaining", "0")
                .set_body_json(json!({"message": "You are making requests too quickly."})),
        )
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(path("/marketplace/stats/3")).respond_with(ResponseTemplate::new(503)).expect(3).mount(&server).await;
    Mock::given(path("/marketplace/stats/4"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"lowest_price\": "))
        .mount(&server)
        .await;
    Mock::given(path("/marketplace/stats/5"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    Mock::given(path("/marketplace/stats/6"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Release not found."})))
        .expect(1)
        .mount(&server)
        .await;

    let client = user_client(&server);
    assert!(matches!(client.release_stats(1, Currency::USD).await, Err(MarketError::Unauthorized)));
    match client.release_stats(2, Currency::USD).await {
        Err(MarketError::RateLimited { retry_after }) => assert_eq!(retry_after, Some(Duration::from_secs(1))),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    let err = client.release_stats(3, Currency::USD).await.unwrap_err();
    assert!(matches!(err, MarketError::Transient(_)) && err.is_transient(), "{err:?}");
    assert!(matches!(client.release_stats(4, Currency::USD).await, Err(MarketError::Malformed(_))));
    let timeout = client.release_stats(5, Currency::USD).await.unwrap_err();
    assert!(matches!(&timeout, MarketError::Transient(m) if m.contains("timed out")), "{timeout:?}");
    let missing = client.release_stats(6, Currency::USD).await.unwrap_err();
    assert!(matches!(missing, MarketError::Permanent(_)) && !missing.is_transient());
}

#[tokio::test]
async fn a_server_error_then_success_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/marketplace/stats/9"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/marketplace/stats/9"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"lowest_price": null, "num_for_sale": 0, "blocked_from_sale": false})),
        )
        .mount(&server)
        .await;
    let stats = user_client(&server).release_stats(9, Currency::USD).await.unwrap();
    assert_eq!((stats.lowest_price, stats.num_for_sale), (None, 0));
}

#[tokio::test]
async fn app_and_anonymous_auth_headers() {
    let server = MockServer::start().await;
    // (wiremock's `header` matcher splits values at commas, so the value is checked here)
    Mock::given(path("/marketplace/stats/1"))
        .respond_with(|r: &Request| {
            assert_eq!(auth_header(r), "Discogs key=ckey, secret=csecret");
            ResponseTemplate::new(200).set_body_json(json!({"num_for_sale": 0}))
        })
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/marketplace/stats/2"))
        .respond_with(|r: &Request| {
            assert!(!r.headers.contains_key("authorization"));
            ResponseTemplate::new(200).set_body_json(json!({"num_for_sale": 0}))
        })
        .expect(1)
        .mount(&server)
        .await;
    let e = Endpoints::local(&server.uri());
    DiscogsClient::unthrottled(http(), e.clone(), DiscogsAuth::App(consumer()))
        .release_stats(1, Currency::USD)
        .await
        .unwrap();
    DiscogsClient::unthrottled(http(), e, DiscogsAuth::Anonymous).release_stats(2, Currency::USD).await.unwrap();
}

/// With the shared limiter: Discogs reporting 0 remaining pauses the bucket, so the next call
/// waits (here: fails fast with `RateLimited`) without reaching Discogs.
#[tokio::test]
async fn discogs_remaining_header_pauses_the_shared_bucket() {
    let table = Table::new().await;
    let server = MockServer::start().await;
    Mock::given(path("/marketplace/stats/1"))
        .and(header_exists("authorization"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-discogs-ratelimit-remaining", "0")
                .set_body_json(json!({"num_for_sale": 0})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let auth = DiscogsAuth::User { consumer: consumer(), access: TokenPair::new("atoken", "asecret") };
    let client = DiscogsClient::new(http(), Endpoints::local(&server.uri()), auth, table.limiter())
        .with_retry(fast_retry())
        .with_max_wait(Duration::from_millis(200));
    client.release_stats(1, Currency::USD).await.unwrap();
    match client.release_stats(1, Currency::USD).await {
        Err(MarketError::RateLimited { retry_after: Some(wait) }) => assert!(wait > Duration::from_secs(1), "{wait:?}"),
        other => panic!("expected the shared bucket to hold the call, got {other:?}"),
    }
}
