mod support;

use chrono::{Duration, Utc};
use support::Fixture;
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::store::results::RESULT_PAGE;

fn listing(id: &str) -> Listing {
    Listing::new(Platform::Ebay, id, format!("Record {id}"), Money::usd_cents(1000))
}

async fn page(f: &Fixture, search: SearchId) -> Vec<String> {
    f.store.results_page(search).await.unwrap().into_iter().map(|r| r.listing.listing_id).collect()
}

#[tokio::test]
async fn the_results_page_follows_flag_changes_and_keeps_first_seen_order() {
    let f = Fixture::new().await;
    let search = SearchId::new();
    let t0 = Utc::now();
    let at = |minutes| t0 + Duration::minutes(minutes);
    f.store.upsert_result(search, &listing("a"), false, false, at(0)).await.unwrap();
    f.store.upsert_result(search, &listing("b"), true, false, at(1)).await.unwrap();
    f.store.upsert_result(search, &listing("c"), false, false, at(2)).await.unwrap();
    assert_eq!(page(&f, search).await, ["b", "c", "a"], "wanted first, then newest first");

    // A later run: nothing changed for c, a is now wanted; both keep their first-seen time.
    f.store.upsert_result(search, &listing("c"), false, false, at(3)).await.unwrap();
    f.store.upsert_result(search, &listing("a"), true, false, at(3)).await.unwrap();
    assert_eq!(page(&f, search).await, ["b", "a", "c"]);

    f.store.upsert_result(search, &listing("c"), false, true, at(4)).await.unwrap();
    assert_eq!(page(&f, search).await, ["b", "a"], "owned records are hidden");
    f.store.upsert_result(search, &listing("c"), true, false, at(5)).await.unwrap();
    assert_eq!(page(&f, search).await, ["c", "b", "a"], "wanted again, c keeps its first-seen time");
    assert_eq!(f.store.list_results(search).await.unwrap().len(), 3);
}

#[tokio::test]
async fn the_results_page_holds_at_most_a_page() {
    let f = Fixture::new().await;
    let search = SearchId::new();
    let t0 = Utc::now();
    for i in 0..RESULT_PAGE + 5 {
        let at = t0 + Duration::seconds(i as i64);
        f.store.upsert_result(search, &listing(&format!("{i:03}")), false, false, at).await.unwrap();
    }
    let ids = page(&f, search).await;
    assert_eq!(ids.len(), RESULT_PAGE);
    assert_eq!(ids.first().map(String::as_str), Some("104"), "newest first");
    assert_eq!(ids.last().map(String::as_str), Some("005"));
}
