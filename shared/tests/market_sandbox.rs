//! The clients against the sandbox marketplace (infra/local/sandbox): the flows the local stack
//! runs without credentials, the searches a person tries first on its generated catalogue, and the
//! sandbox's failure switches and call counters.

mod market_support;

use std::time::Duration;

use market_support::{Table, cipher, fast_retry, http, sandbox};
use vinyldigger::domain::listing::ListingKind;
use vinyldigger::domain::money::Currency;
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::discogs::{self, ConsumerCredentials, DiscogsAuth, DiscogsClient, DiscogsSource, TokenPair};
use vinyldigger::market::ebay::{self, AppTokenCache, EbayAppCredentials, EbayClient, EbaySource};
use vinyldigger::market::{ListingSource, MarketError, SearchRequest};
use vinyldigger_sandbox::{Fault, Market};

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

/// The searches a person tries first.
const FIRST_SEARCHES: [&str; 5] = ["jazz", "blue note", "techno 12\"", "beatles", "miles davis"];

#[tokio::test]
async fn the_first_searches_find_records_on_both_marketplaces_and_every_call_is_counted() {
    let table = Table::new().await;
    let (endpoints, switches, _) = sandbox().await;
    // The production timeout: a call retried because a loaded machine was slow would be counted twice.
    let http = || vinyldigger::market::http_client().unwrap();
    let discogs =
        DiscogsSource::new(DiscogsClient::unthrottled(http(), endpoints.clone(), DiscogsAuth::App(consumer())));
    let app = EbayAppCredentials::new("Counted-VinylDig-PRD-1", "secret");
    let tokens = AppTokenCache::new(table.store.clone(), cipher());
    let ebay = EbaySource::new(EbayClient::new(http(), endpoints, app, tokens, table.limiter()));
    let mut ebay_currencies = std::collections::BTreeSet::new();
    for q in FIRST_SEARCHES {
        let request = SearchRequest::new(q, Default::default());
        let offers = discogs.search(&request).await.unwrap();
        assert!(offers.len() >= 3, "Discogs {q:?}: {offers:?}");
        assert!(offers.iter().all(|o| matches!(o.kind, ListingKind::ReleaseOffer { for_sale } if for_sale > 0)
            && !o.price.is_zero()
            && o.image_url.as_deref().is_some_and(|u| u.ends_with(".svg"))));
        let items = ebay.search(&request).await.unwrap();
        assert!(items.len() >= 10, "eBay {q:?}: {} items", items.len());
        assert!(items.iter().all(|i| i.platform == Platform::Ebay && i.seller.is_some()));
        ebay_currencies.extend(items.iter().map(|i| i.price.currency));
    }
    for (q, artist) in [("miles davis", "Miles Davis"), ("beatles", "The Beatles")] {
        let offers = discogs.search(&SearchRequest::new(q, Default::default())).await.unwrap();
        assert!(offers.iter().all(|o| o.artist.as_deref() == Some(artist)), "{q:?}: {offers:?}");
    }
    assert!(ebay_currencies.len() >= 3, "{ebay_currencies:?}");

    let calls = switches.calls();
    assert_eq!(calls.discogs.identities.get("key:sandbox-key"), Some(&calls.discogs.total), "{calls:?}");
    assert_eq!(calls.discogs.endpoints["/database/search"], 7);
    let stats_calls = calls.discogs.endpoints["/marketplace/stats/{release_id}"];
    assert!(stats_calls >= 7 * 3, "a statistics call per candidate: {stats_calls}");
    assert_eq!(calls.discogs.total, 7 + stats_calls);
    assert_eq!(calls.ebay.endpoints["/buy/browse/v1/item_summary/search"], 5);
    assert_eq!(calls.ebay.endpoints["/identity/v1/oauth2/token"], 1, "the app token is minted once and cached");
    assert_eq!(calls.ebay.identities["app:Counted-VinylDig-PRD-1"], 6);
}

#[tokio::test]
async fn statistics_convert_and_inventories_page_in_the_sellers_currencies() {
    let (endpoints, _switches, _) = sandbox().await;
    let client = DiscogsClient::unthrottled(http(), endpoints, DiscogsAuth::App(consumer()));
    let usd = client.release_stats(3863517, Currency::USD).await.unwrap();
    assert_eq!((usd.lowest_price.map(|m| m.minor), usd.num_for_sale), (Some(1952), 4));
    let yen = client.release_stats(3863517, Currency::JPY).await.unwrap().lowest_price.unwrap();
    assert_eq!(yen.currency, Currency::JPY);
    assert_eq!(yen.minor, 2928, "19.52 USD at 150 yen to the dollar");
    assert!(matches!(client.release_stats(1, Currency::USD).await, Err(MarketError::Permanent(_))), "no such release");

    let mut listings = Vec::new();
    let mut page = 1;
    let total = loop {
        let p = client.inventory_page("bop_city_records", page, 100).await.unwrap();
        listings.extend(p.items.clone());
        if p.is_last() {
            break p.total;
        }
        page += 1;
    };
    assert!(page >= 2, "the inventory spans pages");
    assert_eq!(listings.len() as u64, total);
    let ids: std::collections::BTreeSet<_> = listings.iter().map(|l| l.listing_id.clone()).collect();
    assert_eq!(ids.len(), listings.len(), "no listing twice");
    assert!(listings.iter().all(|l| l.seller.as_ref().is_some_and(|s| s.id == "bop_city_records")
        && l.price.currency == Currency::USD
        && l.shipping.is_some()
        && l.media_grade.is_some()));
    let tokyo = client.inventory_page("shibuya_jazz_kissa", 1, 100).await.unwrap();
    assert!(!tokyo.items.is_empty() && tokyo.items.iter().all(|l| l.price.currency == Currency::JPY));
    let london = client.inventory_page("soho_vinyl_exchange", 1, 100).await.unwrap();
    assert!(london.items.iter().all(|l| l.price.currency == Currency::GBP
        && l.seller.as_ref().unwrap().location.as_deref() == Some("United Kingdom")));
}

#[tokio::test]
async fn a_garbled_answer_is_a_malformed_error_and_the_next_one_works() {
    let table = Table::new().await;
    let (endpoints, switches, _) = sandbox().await;
    let discogs =
        DiscogsClient::unthrottled(http(), endpoints.clone(), DiscogsAuth::App(consumer())).with_retry(fast_retry());
    let ebay = EbayClient::new(
        http(),
        endpoints,
        EbayAppCredentials::new("Sandbox-VinylDig-PRD-1", "secret"),
        AppTokenCache::new(table.store.clone(), cipher()),
        table.limiter(),
    )
    .with_retry(fast_retry());
    let request = SearchRequest::new("miles davis", Default::default());
    switches.set_for(Market::Discogs, Fault::Garbled);
    let garbled = discogs.release_stats(3863517, Currency::USD).await;
    assert!(matches!(garbled, Err(MarketError::Malformed(_))), "{garbled:?}");
    assert!(matches!(DiscogsSource::new(discogs.clone()).search(&request).await, Err(MarketError::Malformed(_))));
    assert!(ebay.search(&request).await.is_ok(), "only Discogs is switched");
    switches.set_for(Market::Ebay, Fault::Garbled);
    let garbled = ebay.search(&request).await;
    assert!(matches!(garbled, Err(MarketError::Malformed(_))), "{garbled:?}");
    switches.set(Fault::None);
    assert!(discogs.release_stats(3863517, Currency::USD).await.is_ok());
    assert!(!ebay.search(&request).await.unwrap().is_empty());
}
