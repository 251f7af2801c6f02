//! The clients against the sandbox marketplace (infra/local/sandbox): the flows the local stack
//! runs without credentials, and the sandbox's failure switches.

mod market_support;

use std::time::Duration;

use market_support::{Table, cipher, fast_retry, http, sandbox};
use vinyldigger::domain::listing::ListingKind;
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::discogs::{self, ConsumerCredentials, DiscogsAuth, DiscogsClient, DiscogsSource, TokenPair};
use vinyldigger::market::ebay::{self, AppTokenCache, EbayAppCredentials, EbayClient, EbaySource};
use vinyldigger::market::{ListingSource, MarketError, SearchRequest};
use vinyldigger_sandbox::Fault;

fn consumer() -> ConsumerCredentials {
    ConsumerCredentials::new("sandbox-key", "sandbox-secret")
}

#[tokio::test]
async fn discogs_oob_flow_sync_and_search() {
    let (endpoints, _switches, _) = sandbox().await;
    let request = discogs::request_token(&http(), &endpoints, &consumer(), "oob").await.unwrap();
    let page =
        reqwest::get(discogs::authorize_url(&endpoints, &request.token, "st")).await.unwrap().text().await.unwrap();
    assert!(page.contains("sbxverifier"), "{page}");
    let access = discogs::access_token(&http(), &endpoints, &consumer(), &request, "sbxverifier").await.unwrap();
    let who = discogs::identity(&http(), &endpoints, &consumer(), &access).await.unwrap();
    assert_eq!(who.username, "sandbox_digger");

    let client = DiscogsClient::unthrottled(http(), endpoints, DiscogsAuth::User { consumer: consumer(), access });
    let wants = client.all_wants(&who.username).await.unwrap();
    let collection = client.all_collection(&who.username).await.unwrap();
    assert!(wants.len() >= 4 && collection.len() >= 3);
    let wanted: Vec<u64> = wants.iter().map(|w| w.release.release_id).collect();
    let listings = client.inventory_page("crate_diggers_berlin", 1, 100).await.unwrap().items;
    assert!(listings.len() >= 5);
    let held = listings.iter().filter(|l| l.release_id.is_some_and(|id| wanted.contains(&id))).count();
    assert!(held >= 2, "the fixture seller holds several wanted releases");
    let countries: std::collections::BTreeSet<_> = ["crate_diggers_berlin", "londonwax", "tokyo_vinyl_house"]
        .iter()
        .map(|s| async { client.inventory_page(s, 1, 100).await.unwrap().items[0].seller.clone().unwrap().location })
        .collect::<futures::future::JoinAll<_>>()
        .await
        .into_iter()
        .collect();
    assert_eq!(countries.len(), 3);

    let source = DiscogsSource::new(client);
    let offers = source.search(&SearchRequest::new("kind of blue", Default::default())).await.unwrap();
    assert_eq!(offers.len(), 1);
    assert!(matches!(offers[0].kind, ListingKind::ReleaseOffer { for_sale } if for_sale >= 3));
    assert_eq!(offers[0].release_title.as_deref(), Some("Kind Of Blue"));
}

#[tokio::test]
async fn discogs_redirect_flow_carries_the_state() {
    let (endpoints, _switches, _) = sandbox().await;
    let callback = discogs::callback_with_state("http://127.0.0.1:9/oauth/callback", "st4te");
    let request = discogs::request_token(&http(), &endpoints, &consumer(), &callback).await.unwrap();
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = no_redirects.get(discogs::authorize_url(&endpoints, &request.token, "st4te")).send().await.unwrap();
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("http://127.0.0.1:9/oauth/callback?state=st4te&oauth_token="), "{location}");
    assert!(location.ends_with("&oauth_verifier=sbxverifier"));
    let wrong = discogs::access_token(&http(), &endpoints, &consumer(), &request, "guess").await;
    assert!(matches!(wrong, Err(MarketError::Unauthorized)));
}

#[tokio::test]
async fn ebay_search_and_user_oauth() {
    let table = Table::new().await;
    let (endpoints, _switches, _) = sandbox().await;
    let credentials = EbayAppCredentials::new("Sandbox-VinylDig-PRD-1", "secret");
    let client = EbayClient::new(
        http(),
        endpoints.clone(),
        credentials,
        AppTokenCache::new(table.store.clone(), cipher()),
        table.limiter(),
    );
    let listings =
        EbaySource::new(client).search(&SearchRequest::new("kind of blue", Default::default())).await.unwrap();
    assert_eq!(listings.len(), 2, "the same record under two eBay titles");
    assert!(
        listings
            .iter()
            .all(|l| l.platform == Platform::Ebay && l.seller.as_ref().is_some_and(|s| s.feedback_count.is_some()))
    );

    let url = ebay::authorize_url(&endpoints, "Sandbox-VinylDig-PRD-1", "", "", "s1");
    let page = reqwest::get(url).await.unwrap().text().await.unwrap();
    let code = page.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).unwrap().to_string();
    let secret = vinyldigger::secrets::Secret::new("secret");
    let tokens = ebay::exchange_code(&http(), &endpoints, "Sandbox-VinylDig-PRD-1", &secret, &code, "").await.unwrap();
    let refreshed = ebay::refresh(
        &http(),
        &endpoints,
        "Sandbox-VinylDig-PRD-1",
        &secret,
        tokens.refresh_token.as_ref().unwrap(),
        "",
    )
    .await
    .unwrap();
    let who = ebay::user_info(&http(), &endpoints, &refreshed.access_token).await.unwrap();
    assert_eq!(who.username, "sandbox_buyer");
}

#[tokio::test]
async fn the_switches_produce_each_failure() {
    let (endpoints, switches, _) = sandbox().await;
    let auth = DiscogsAuth::User { consumer: consumer(), access: TokenPair::new("sbx-access-1", "sbx-access-secret") };
    let client = DiscogsClient::unthrottled(http(), endpoints, auth).with_retry(fast_retry());
    switches.set(Fault::RateLimited { retry_after_secs: 1 });
    assert!(
        matches!(client.all_wants("sandbox_digger").await, Err(MarketError::RateLimited { retry_after: Some(d) }) if d == Duration::from_secs(1))
    );
    switches.set(Fault::ServerError);
    assert!(matches!(client.all_collection("sandbox_digger").await, Err(MarketError::Transient(_))));
    switches.set(Fault::Slow(Duration::from_secs(2)));
    assert!(
        matches!(client.all_wants("sandbox_digger").await, Err(MarketError::Transient(m)) if m.contains("timed out"))
    );
    switches.set(Fault::None);
    assert!(client.all_wants("sandbox_digger").await.is_ok());
}
