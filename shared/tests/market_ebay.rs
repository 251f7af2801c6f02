//! The eBay client against a mock server: the application token shared through DynamoDB, Browse
//! search and its failures, the daily budget, and user OAuth (code exchange, refresh, identity).

mod market_support;

use std::time::Duration;

use market_support::{Table, cipher, fast_retry, http};
use serde_json::json;
use vinyldigger::domain::money::Money;
use vinyldigger::market::ebay::{self, AppTokenCache, EbayAppCredentials, EbayClient, EbaySource};
use vinyldigger::market::{Endpoints, ListingSource, MarketError, SearchRequest, USER_AGENT};
use vinyldigger::secrets::Secret;
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn credentials() -> EbayAppCredentials {
    EbayAppCredentials::new("Acme-VinylDig-PRD-1a2b3c", "client-secret")
}

fn client(server: &MockServer, table: &Table) -> EbayClient {
    EbayClient::new(
        http(),
        Endpoints::local(&server.uri()),
        credentials(),
        AppTokenCache::new(table.other_store(), cipher()),
        table.limiter(),
    )
    .with_retry(fast_retry())
}

fn summary(id: &str, price: &str) -> serde_json::Value {
    json!({
        "itemId": id, "title": "Joni Mitchell - Blue LP Reprise MS 2038", "price": {"value": price, "currency": "USD"},
        "condition": "Used", "conditionId": "3000",
        "seller": {"username": "groovecellar", "feedbackPercentage": "98.7", "feedbackScore": 1234},
        "shippingOptions": [{"shippingCostType": "FIXED", "shippingCost": {"value": "5.00", "currency": "USD"}}],
        "buyingOptions": ["FIXED_PRICE"], "itemLocation": {"postalCode": "606**", "country": "US"},
        "itemWebUrl": "https://www.ebay.com/itm/204512345678"
    })
}

async fn mount_token(server: &MockServer, token: &str, times: u64) {
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .and(header("authorization", "Basic QWNtZS1WaW55bERpZy1QUkQtMWEyYjNjOmNsaWVudC1zZWNyZXQ="))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": token, "expires_in": 7200, "token_type": "Application Access Token"}),
        ))
        .expect(times)
        .mount(server)
        .await;
}

fn request(filters: serde_json::Value) -> SearchRequest {
    SearchRequest::new("joni mitchell blue", serde_json::from_value(filters).expect("test filters"))
}

#[tokio::test]
async fn the_app_token_is_minted_once_and_shared_by_two_clients() {
    let table = Table::new().await;
    let server = MockServer::start().await;
    mount_token(&server, "v^1.1#app-token-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/buy/browse/v1/item_summary/search"))
        .and(header("authorization", "Bearer v^1.1#app-token-1"))
        .and(header("x-ebay-c-marketplace-id", "EBAY_US"))
        .and(header("user-agent", USER_AGENT))
        .and(query_param("q", "joni mitchell blue"))
        // The bounds are landed cost: only the maximum pre-filters item prices at eBay.
        .and(query_param("filter", "categoryIds:{176985},price:[..40.00],priceCurrency:USD"))
        .and(query_param("limit", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 2, "limit": 50, "offset": 0,
            "itemSummaries": [summary("v1|1|0", "24.99"), summary("v1|2|0", "19.00")]})))
        .expect(2)
        .mount(&server)
        .await;

    let filters = json!({"min_price": 10, "max_price": 40, "currency": "USD"});
    let first = EbaySource::new(client(&server, &table));
    let listings = first.search(&request(filters.clone())).await.unwrap();
    assert_eq!(listings.len(), 2);
    assert_eq!(listings[0].price, Money::usd_cents(2499));
    let seller = listings[0].seller.as_ref().unwrap();
    assert_eq!(
        (seller.id.as_str(), seller.feedback_percentage, seller.feedback_count),
        ("groovecellar", Some(98.7), Some(1234))
    );
    // A second client (another Lambda: its own memory) reads the token from the table.
    let second = client(&server, &table);
    assert_eq!(second.search(&request(filters)).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_refused_app_token_is_replaced_once() {
    let table = Table::new().await;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access_token": "v^1.1#stale", "expires_in": 7200})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_token(&server, "v^1.1#fresh", 1).await;
    Mock::given(path("/buy/browse/v1/item_summary/search"))
        .and(header("authorization", "Bearer v^1.1#stale"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"errors": [{"errorId": 1001, "message": "Invalid access token"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/buy/browse/v1/item_summary/search"))
        .and(header("authorization", "Bearer v^1.1#fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0, "limit": 50, "offset": 0})))
        .expect(1)
        .mount(&server)
        .await;
    assert!(client(&server, &table).search(&request(json!({}))).await.unwrap().is_empty());
}

#[tokio::test]
async fn search_failures_are_typed() {
    let table = Table::new().await;
    let server = MockServer::start().await;
    mount_token(&server, "v^1.1#t", 1).await;
    let search = |q: &str| Mock::given(path("/buy/browse/v1/item_summary/search")).and(query_param("q", q));
    search("limited")
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .expect(3)
        .mount(&server)
        .await;
    search("broken").respond_with(ResponseTemplate::new(500)).expect(3).mount(&server).await;
    search("garbled").respond_with(ResponseTemplate::new(200).set_body_string("<html>")).mount(&server).await;
    search("slow").respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).mount(&server).await;
    search("bad")
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": [{"errorId": 12001}]})))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server, &table);
    let run = |q: &'static str| {
        let c = c.clone();
        async move { c.search(&SearchRequest::new(q, Default::default())).await.unwrap_err() }
    };
    assert!(
        matches!(run("limited").await, MarketError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(1))
    );
    assert!(matches!(run("broken").await, MarketError::Transient(_)));
    assert!(matches!(run("garbled").await, MarketError::Malformed(_)));
    assert!(matches!(run("slow").await, MarketError::Transient(m) if m.contains("timed out")));
    assert!(matches!(run("bad").await, MarketError::Permanent(_)));
}

#[tokio::test]
async fn the_daily_budget_is_shared_and_enforced() {
    let table = Table::new().await;
    let server = MockServer::start().await;
    mount_token(&server, "v^1.1#t", 1).await;
    Mock::given(path("/buy/browse/v1/item_summary/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0})))
        .expect(2)
        .mount(&server)
        .await;
    let budgeted = || client(&server, &table).with_daily_budget(2);
    budgeted().search(&request(json!({}))).await.unwrap();
    budgeted().search(&request(json!({}))).await.unwrap();
    let spent = budgeted().search(&request(json!({}))).await.unwrap_err();
    assert!(matches!(spent, MarketError::RateLimited { retry_after: Some(_) }), "{spent:?}");
}

#[tokio::test]
async fn user_tokens_are_exchanged_refreshed_and_identified() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=v%5E1.1%23i%5E1%23code"))
        .and(body_string_contains("redirect_uri=Acme_Inc-AcmeVinyl-PRD-xyz"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "v^1.1#user-access", "expires_in": 7200, "refresh_token": "v^1.1#user-refresh",
            "refresh_token_expires_in": 47304000, "token_type": "User Access Token"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=v%5E1.1%23user-refresh"))
        .and(body_string_contains("scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope+https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fcommerce.identity.readonly"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "v^1.1#user-access-2", "expires_in": 7200, "token_type": "User Access Token"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .and(body_string_contains("code=expired"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant", "error_description": "the provided authorization grant code is invalid or was issued to another client"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/commerce/identity/v1/user/"))
        .and(header("authorization", "Bearer v^1.1#user-access"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"userId": "0a1b2c", "username": "vinyl_buyer", "accountType": "INDIVIDUAL"})),
        )
        .mount(&server)
        .await;

    let e = Endpoints::local(&server.uri());
    let secret = Secret::new("client-secret");
    let id = "Acme-VinylDig-PRD-1a2b3c";
    let tokens =
        ebay::exchange_code(&http(), &e, id, &secret, "v^1.1#i^1#code", "Acme_Inc-AcmeVinyl-PRD-xyz").await.unwrap();
    assert_eq!(tokens.access_token.expose(), "v^1.1#user-access");
    assert_eq!(tokens.refresh_token.as_ref().map(Secret::expose), Some("v^1.1#user-refresh"));
    assert_eq!((tokens.expires_in, tokens.refresh_token_expires_in), (7200, Some(47304000)));
    let scope = "https://api.ebay.com/oauth/api_scope https://api.ebay.com/oauth/api_scope/commerce.identity.readonly";
    let refreshed =
        ebay::refresh(&http(), &e, id, &secret, tokens.refresh_token.as_ref().unwrap(), scope).await.unwrap();
    assert_eq!(refreshed.access_token.expose(), "v^1.1#user-access-2");
    assert!(refreshed.refresh_token.is_none());
    let failed = ebay::exchange_code(&http(), &e, id, &secret, "expired", "").await.unwrap_err();
    assert!(matches!(failed, MarketError::Permanent(_)), "{failed:?}");
    let who = ebay::user_info(&http(), &e, &tokens.access_token).await.unwrap();
    assert_eq!((who.user_id.as_str(), who.username.as_str()), ("0a1b2c", "vinyl_buyer"));
    assert!(matches!(ebay::user_info(&http(), &e, &Secret::new("other")).await, Err(MarketError::Permanent(_))));
}
