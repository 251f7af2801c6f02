//! No response of any read route outgrows what Lambda can return (6 MB behind API Gateway):
//! a search with 10 000 results, written by the result writer's own handler as a run delivers
//! them, then every GET route the OpenAPI document lists is asked, and each body measured
//! uncompressed (a client that does not accept gzip).

mod support;

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use chrono::Utc;
use serde_json::json;
use support::TestApi;
use vinyldigger::config::Config;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::{SearchId, UserId};
use vinyldigger::domain::listing::{Listing, SellerInfo};
use vinyldigger::domain::lists::{ListItem, ListKind};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::run::Run;
use vinyldigger::queue::{FetchJob, ResultBatch, V1};

const RESULTS: usize = 10_000;
const MAX_BODY: usize = 5 * 1024 * 1024;
const MAX_PAGE: usize = 1024 * 1024;

/// A large search shaped like real ones: 2 000 records (a few listed hundreds of times), 500
/// sellers with a long tail, 60 % Discogs with releases, 40 % eBay titles.
fn listing(i: usize) -> Listing {
    let record = (i * i + 7 * i) % 2_000 / (1 + i % 7);
    let seller = (i * 31) % 500 / (1 + i % 3);
    let (artist, album) = (
        format!("Artist {} {}", record % 400, ["Quartet", "Band", "Trio"][record % 3]),
        format!("Album Number {record}"),
    );
    let platform = if i % 5 < 3 { Platform::Discogs } else { Platform::Ebay };
    let title = match platform {
        Platform::Discogs => format!("{artist} - {album} (LP, Album, RE)"),
        Platform::Ebay => format!("{} {album} LP Vinyl Record 180g NM", artist.to_uppercase()),
    };
    let mut l = Listing::new(platform, format!("{i:08}"), title, Money::usd_cents(500 + (i as i64 * 37) % 9_000))
        .with_conditions(Some("Very Good Plus (VG+)"), Some("Near Mint (NM or M-)"));
    if platform == Platform::Discogs {
        l.artist = Some(artist);
        l.release_title = Some(album);
        l.release_id = Some(1_000_000 + (record * 3 + i % 2) as u64);
        l.catalog_number = Some(format!("HR {}", 1000 + record));
        l.label = Some("Harbour Records".into());
        l.format = Some("LP, Album, RE".into());
    }
    l.shipping = Some(Money::usd_cents(600));
    l.web_url = Some(format!("https://www.example.com/sell/item/{i}000000"));
    l.image_url = Some(format!("https://img.example.com/images/{i:016x}/R-{record}-s-l500.jpeg"));
    l.seller = Some(SellerInfo {
        id: format!("seller_{seller}"),
        name: format!("Seller Number {seller}"),
        location: Some(["United States", "Germany", "London, UK", "Japan"][seller % 4].into()),
        feedback_percentage: Some(95.0 + (seller % 50) as f64 / 10.0),
        feedback_count: Some(seller as u64 * 17),
        estimated_shipping: None,
        url: Some(format!("https://www.example.com/seller/seller_{seller}/profile")),
    });
    l
}

/// Writes the search's run through the result writer's handler, chunk by chunk.
async fn run_search(api: &TestApi, user: UserId, search: SearchId) {
    let config = Config::from_lookup(|n| api.env.env(n)).unwrap();
    let writer = result_writer::Deps::new(&config, &api.env.sdk);
    let wanted: Vec<ListItem> = (0..300)
        .map(|r| ListItem {
            item_id: (1_000_000 + r * 9).to_string(),
            release_id: (1_000_000 + r * 9) as u64,
            master_id: None,
            title: format!("Album Number {}", r * 3),
            artist: None,
            year: None,
            format: None,
            catalog_number: None,
            added_at: None,
        })
        .collect();
    api.deps.store.replace_list_items(user, ListKind::Wantlist, &wanted).await.unwrap();
    let now = Utc::now();
    let run = Run::queued(search, user, &Platform::ALL, now);
    api.deps.store.create_run(&run).await.unwrap();
    let listings: Vec<Listing> = (0..RESULTS).map(listing).collect();
    for platform in Platform::ALL {
        let job = FetchJob {
            v: V1,
            run_id: run.id,
            user_id: user,
            search_id: search,
            platform,
            query: "q".into(),
            filters: Default::default(),
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: None,
            requested_at: now,
            wantlist: None,
        };
        let mine = listings.iter().filter(|l| l.platform == platform).cloned().collect();
        for batch in ResultBatch::chunked(&job, mine, None) {
            result_writer::handle(&writer, batch, Utc::now(), Deadline::unbounded()).await.unwrap();
        }
    }
    let done = api.deps.store.get_run(search, run.id).await.unwrap().unwrap();
    assert!(done.notified, "the run completed: {done:?}");
}

#[tokio::test]
async fn no_read_route_answers_more_than_5_mb_for_a_search_of_10_000_results() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, json!({"name": "large", "query": "album", "platform": "both"})).await;
    let search: SearchId = id.parse().unwrap();
    let user: UserId = api.get("/api/v1/auth/me", &token).await.body["id"].as_str().unwrap().parse().unwrap();
    run_search(&api, user, search).await;

    let document = api.call(Method::GET, "/api/openapi.json", None, None).await;
    let mut sizes = BTreeMap::new();
    sizes.insert("/api/openapi.json".to_owned(), document.text.len());
    for (path, item) in document.body["paths"].as_object().unwrap() {
        if item.get("get").is_none() {
            continue;
        }
        let concrete = path
            .replace("{search_id}", &id)
            .replace("{provider}", "discogs")
            .replace("{doc_name}", "performance")
            .replace("{platform}", "discogs")
            .replace("{listing_id}", &format!("{:08}", 0))
            .replace("{release_id}", "1000000");
        let reply = api.get(&concrete, &token).await;
        // A route that reads query parameters (an OAuth callback, an unsubscribe link) answers
        // their absence with an error it documents.
        let takes_query = item["get"]["parameters"].as_array().is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
        let documented = item["get"]["responses"].get(reply.status.as_str()).is_some();
        let expected = reply.status.is_success()
            || reply.status == StatusCode::FORBIDDEN
            || (takes_query && reply.status.is_client_error() && documented);
        assert!(expected, "GET {concrete}: {}", reply.status);
        sizes.insert(path.clone(), reply.text.len());
    }

    // Every page of the price comparison, to its end.
    let base = format!("/api/v1/analysis/search/{id}/price-comparison");
    let (mut pages, mut groups, mut cursor) = (0, 0, None::<String>);
    loop {
        let path = cursor.as_ref().map_or(base.clone(), |c| format!("{base}?cursor={c}&limit=200"));
        let page = api.get(&path, &token).await;
        assert!(page.text.len() <= MAX_PAGE, "a page of {} bytes", page.text.len());
        pages += 1;
        groups += page.body["price_comparisons"].as_array().unwrap().len();
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        sizes.insert(format!("{base} page {pages}"), page.text.len());
    }
    let total = api.get(&base, &token).await.body["total_groups"].as_u64().unwrap() as usize;
    assert_eq!(groups, total, "the pages hold every group");
    let results = api.get(&format!("/api/v1/analysis/search/{id}/analysis"), &token).await;
    assert_eq!(results.body["analysis"]["total_results"], RESULTS);

    for (route, bytes) in &sizes {
        println!("{bytes:>9} bytes  GET {route}");
        assert!(*bytes <= MAX_BODY, "GET {route} answered {bytes} bytes");
    }
    assert!(sizes.len() >= 20, "every read route was asked: {sizes:?}");
}
