mod support;

use std::collections::HashSet;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Duration, Utc};
use support::Fixture;
use vinyldigger::domain::ids::{RunId, SearchId};
use vinyldigger::domain::listing::{Listing, SellerInfo};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::store::chunk::Chunk;
use vinyldigger::store::results::{RESULT_PAGE, page_of};
use vinyldigger::store::run_lists::ReleaseSets;
use vinyldigger::store::runs::ChunkStats;

fn listing(id: &str) -> Listing {
    Listing::new(Platform::Ebay, id, format!("Record {id}"), Money::usd_cents(1000))
}

async fn page(f: &Fixture, search: SearchId) -> Vec<String> {
    f.store.results_page(search).await.unwrap().into_iter().map(|r| r.listing.listing_id).collect()
}

/// Writes `listings` as chunk `chunk` of `run`, with the given release ids (wanted, owned).
async fn write(
    f: &Fixture,
    search: SearchId,
    run: RunId,
    chunk: u32,
    listings: &[Listing],
    (wanted, owned): (&[u64], &[u64]),
    at: DateTime<Utc>,
) -> ChunkStats {
    let sets = ReleaseSets {
        wanted: wanted.iter().copied().collect::<HashSet<_>>(),
        owned: owned.iter().copied().collect::<HashSet<_>>(),
    };
    let none = HashSet::new();
    let priors = f.store.run_priors(search, run).await.unwrap();
    let chunk = Chunk {
        search,
        run,
        platform: Platform::Discogs,
        chunk,
        listings,
        fetched_at: None,
        sellers_written: &none,
        priors: &priors,
    };
    let stats = f.store.write_chunk(&chunk, &sets, at).await.unwrap().stats;
    // As the run's completion does.
    let all = f.store.list_results(search).await.unwrap();
    f.store.put_results_page(search, &page_of(&all)).await.unwrap();
    stats
}

fn discogs(id: &str, release: u64, cents: i64) -> Listing {
    let mut l = Listing::new(Platform::Discogs, id, format!("Record {id}"), Money::usd_cents(cents));
    l.release_id = Some(release);
    l.seller = Some(SellerInfo {
        id: "alpha".into(),
        name: "Alpha".into(),
        location: Some("US".into()),
        feedback_percentage: Some(99.0),
        feedback_count: Some(5),
        estimated_shipping: None,
        url: None,
    });
    l
}

#[tokio::test]
async fn the_results_page_follows_flag_changes_and_keeps_first_seen_order() {
    let f = Fixture::new().await;
    let search = SearchId::new();
    let t0 = Utc::now();
    let at = |minutes| t0 + Duration::minutes(minutes);
    let (a, b, c) = (discogs("a", 1, 100), discogs("b", 2, 100), discogs("c", 3, 100));
    write(&f, search, RunId::new(), 0, std::slice::from_ref(&a), (&[], &[]), at(0)).await;
    write(&f, search, RunId::new(), 0, std::slice::from_ref(&b), (&[2], &[]), at(1)).await;
    write(&f, search, RunId::new(), 0, std::slice::from_ref(&c), (&[2], &[]), at(2)).await;
    assert_eq!(page(&f, search).await, ["b", "c", "a"], "wanted first, then newest first");

    // A later run: nothing changed for c, a is now wanted; both keep their first-seen time.
    let later = RunId::new();
    write(&f, search, later, 0, &[c.clone(), a.clone()], (&[1, 2], &[]), at(3)).await;
    assert_eq!(page(&f, search).await, ["b", "a", "c"]);

    write(&f, search, RunId::new(), 0, std::slice::from_ref(&c), (&[1, 2], &[3]), at(4)).await;
    assert_eq!(page(&f, search).await, ["b", "a"], "owned records are hidden");
    write(&f, search, RunId::new(), 0, std::slice::from_ref(&c), (&[1, 2, 3], &[]), at(5)).await;
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
        write(&f, search, RunId::new(), 0, &[listing(&format!("{i:03}"))], (&[], &[]), at).await;
    }
    let ids = page(&f, search).await;
    assert_eq!(ids.len(), RESULT_PAGE);
    assert_eq!(ids.first().map(String::as_str), Some("104"), "newest first");
    assert_eq!(ids.last().map(String::as_str), Some("005"));
}

/// A chunk delivered twice decides the same and adds nothing twice; a later chunk that sees a
/// lower price records a drop, keeping the result's id and first-seen time.
#[tokio::test]
async fn a_redelivered_chunk_changes_nothing_and_a_later_lower_price_is_a_drop() {
    let f = Fixture::new().await;
    let search = SearchId::new();
    let run = RunId::new();
    // Midday, so the later chunk an hour on is on the same day (the day rollup is asserted below).
    let t0 = Utc::now().date_naive().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let listings = [discogs("d1", 7, 3000), discogs("d2", 7, 2000), discogs("d3", 8, 1500)];
    let first = write(&f, search, run, 0, &listings, (&[7], &[]), t0).await;
    let before = f.store.list_results(search).await.unwrap();
    let again = write(&f, search, run, 0, &listings, (&[7], &[]), t0 + Duration::minutes(3)).await;
    assert_eq!(again, first, "the same decisions on redelivery");
    assert_eq!((first.new_results, first.wanted.len()), (3, 2));
    assert_eq!(f.store.list_results(search).await.unwrap().len(), 3);
    let after = f.store.list_results(search).await.unwrap();
    let ids = |rs: &[vinyldigger::domain::listing::StoredResult]| {
        let mut v: Vec<(String, String, Option<DateTime<Utc>>)> =
            rs.iter().map(|r| (r.listing.listing_id.clone(), r.id.clone(), r.created_at)).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&after), ids(&before), "ids and first-seen times kept");
    assert_eq!(f.store.price_points(Platform::Discogs, "d1").await.unwrap().len(), 1, "one price point");
    let days = f.store.release_price_days("7").await.unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!((days[0].count, days[0].min.minor, days[0].max.minor, days[0].total_minor), (2, 2000, 3000, 5000));
    assert!(f.store.get_seller(Platform::Discogs, "alpha").await.unwrap().is_some(), "the seller is recorded");
    let packed = f.store.packed_results(search, Some(run)).await.unwrap();
    assert_eq!(packed.results.len(), 3);
    assert!(!packed.worth_consolidating, "one chunk of the run, written over itself");

    let next = RunId::new();
    let cheaper = [discogs("d1", 7, 2500)];
    let stats = write(&f, search, next, 0, &cheaper, (&[7], &[]), t0 + Duration::hours(1)).await;
    assert_eq!(stats.new_results, 0);
    assert_eq!(stats.price_drops, ["discogs#d1#3000#2500"]);
    let prices: Vec<i64> =
        f.store.price_points(Platform::Discogs, "d1").await.unwrap().iter().map(|p| p.price.minor).collect();
    assert_eq!(prices, [3000, 2500]);
    let day = &f.store.release_price_days("7").await.unwrap()[0];
    assert_eq!((day.count, day.min.minor), (3, 2000), "the later chunk adds its own part to the day");

    // The packs now hold d1 twice: the newer copy wins, and consolidating leaves one pack.
    let packed = f.store.packed_results(search, Some(next)).await.unwrap();
    assert!(packed.worth_consolidating);
    let d1 = packed.results.iter().find(|r| r.listing.listing_id == "d1").unwrap();
    assert_eq!(d1.listing.price.minor, 2500);
    assert_eq!(packed.results.len(), 3);
    f.store.consolidate_packs(search, &packed.results, &packed.packs, t0 + Duration::hours(2)).await.unwrap();
    let consolidated = f.store.packed_results(search, None).await.unwrap();
    assert_eq!(consolidated.packs.len(), 1);
    assert_eq!(consolidated.results, packed.results);
}

#[tokio::test]
async fn a_stamped_chunk_prices_at_its_fetch_time_and_skips_sellers_the_run_wrote() {
    let f = Fixture::new().await;
    let (search, run) = (SearchId::new(), RunId::new());
    let fetched = Utc::now() - Duration::minutes(10);
    let listings = [discogs("s1", 9, 1200)];
    let sets = ReleaseSets { wanted: HashSet::new(), owned: HashSet::new() };
    let written = HashSet::from([vinyldigger::store::chunk::seller_memo_key(Platform::Discogs, "alpha")]);
    let chunk = Chunk {
        search,
        run,
        platform: Platform::Discogs,
        chunk: 0,
        listings: &listings,
        fetched_at: Some(fetched),
        sellers_written: &written,
        priors: &Default::default(),
    };
    let first = f.store.write_chunk(&chunk, &sets, Utc::now()).await.unwrap();
    // As if the first delivery's pack never landed (its writes go out in any order), so the
    // redelivery finds nothing of it: the fetch time still keys the price point.
    let writer = vinyldigger::store::keys::chunk_writer(run, Platform::Discogs, 0);
    let key = vinyldigger::store::keys::result_pack(search, &format!("{writer}#000"));
    let table = &f.config.table_name;
    f.dynamodb()
        .delete_item()
        .table_name(table)
        .key(vinyldigger::store::keys::PK, AttributeValue::S(key.pk))
        .key(vinyldigger::store::keys::SK, AttributeValue::S(key.sk))
        .send()
        .await
        .unwrap();
    f.store.write_chunk(&chunk, &sets, Utc::now() + Duration::minutes(5)).await.unwrap();
    let points = f.store.price_points(Platform::Discogs, "s1").await.unwrap();
    assert_eq!(points.iter().map(|p| p.at).collect::<Vec<_>>(), [fetched]);
    assert!(first.sellers.is_empty(), "the run's Lambda wrote the seller before");
    assert!(f.store.get_seller(Platform::Discogs, "alpha").await.unwrap().is_none());
}

/// Results stored one item each before packs (here the oldest form, the listing a map of its
/// attributes) are still read by the results page and the results list, and a later chunk sees
/// their price.
#[tokio::test]
async fn a_result_stored_as_an_item_is_still_read() {
    use vinyldigger::store::keys;
    let f = Fixture::new().await;
    let (search, run) = (SearchId::new(), RunId::new());
    let t0 = Utc::now() - Duration::hours(1);
    let old = discogs("m1", 5, 4000);
    let key = keys::search_result(search, Platform::Discogs, "m1");
    let open = keys::open_result(search, false, t0, Platform::Discogs, "m1");
    let item = serde_json::json!({
        "PK": key.pk, "SK": key.sk, "GSI2PK": open.pk, "GSI2SK": open.sk,
        "id": "old-id", "listing": old, "is_in_wantlist": false, "is_in_collection": false, "created_at": t0,
    });
    let item: std::collections::HashMap<String, AttributeValue> = serde_dynamo::to_item(item).unwrap();
    f.dynamodb().put_item().table_name(&f.config.table_name).set_item(Some(item)).send().await.unwrap();

    assert_eq!(page(&f, search).await, ["m1"]);
    let listed = f.store.list_results(search).await.unwrap();
    assert_eq!((listed[0].id.as_str(), &listed[0].listing), ("old-id", &old));

    // Another chunk of the run landed first: its pack is not what the search held before.
    write(&f, search, run, 1, &[discogs("m2", 6, 900)], (&[], &[]), Utc::now()).await;
    let stats = write(&f, search, run, 0, &[discogs("m1", 5, 3500)], (&[], &[]), Utc::now()).await;
    assert_eq!((stats.new_results, stats.price_drops.as_slice()), (0, ["discogs#m1#4000#3500".to_owned()].as_slice()));
    let rewritten = f.store.list_results(search).await.unwrap();
    let m1 = rewritten.iter().find(|r| r.listing.listing_id == "m1").unwrap();
    assert_eq!((m1.id.as_str(), m1.listing.price.minor), ("old-id", 3500));
    assert_eq!(page(&f, search).await, ["m2", "m1"], "now in packs, and on the page its completion wrote");
}
