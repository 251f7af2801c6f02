mod support;

use std::collections::HashSet;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::json;
use support::Fixture;
use vinyldigger::domain::ids::{SearchId, UserId};
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::Run;
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::store::keys::{self, DUE_SHARDS};

fn now() -> DateTime<Utc> {
    Utc::now().duration_trunc(Duration::seconds(1)).unwrap()
}

fn new_search(name: &str, interval: u32) -> NewSearch {
    // Known keys and a client's own key both survive the round trip through the table.
    let filters =
        serde_json::from_value(json!({"min_price": 10.5, "style": ["Hard Bop", "Modal"], "theme": {"shelf": 3}}))
            .expect("filters");
    NewSearch {
        name: name.into(),
        query: "kind of blue".into(),
        platform: SearchPlatform::Both,
        filters,
        check_interval_hours: interval,
        min_record_condition: Some("VG+".into()),
        min_sleeve_condition: None,
        seller_location_preference: Some("US".into()),
    }
}

async fn due_ids(f: &Fixture, at: DateTime<Utc>) -> HashSet<SearchId> {
    let mut ids = HashSet::new();
    for shard in 0..DUE_SHARDS {
        ids.extend(f.store.due_searches(shard, at).await.unwrap().into_iter().map(|s| s.id));
    }
    ids
}

#[tokio::test]
async fn searches_are_private_listed_in_creation_order_and_round_trip() {
    let f = Fixture::new().await;
    let (ann, bob) = (UserId::new(), UserId::new());
    let t0 = now();
    let first = SavedSearch::create(ann, new_search("first", 24), t0);
    let second = SavedSearch::create(ann, new_search("second", 12), t0 + Duration::seconds(1));
    f.store.create_search(&second).await.unwrap();
    f.store.create_search(&first).await.unwrap();

    assert_eq!(f.store.get_search(ann, first.id).await.unwrap().unwrap(), first);
    assert_eq!(f.store.get_search(bob, first.id).await.unwrap(), None, "another user's search is absent");
    let (listed, more) = f.store.list_searches(ann, None, 50).await.unwrap();
    assert_eq!(listed.into_iter().map(|s| s.name).collect::<Vec<_>>(), ["first", "second"]);
    assert!(!more);
    assert!(f.store.list_searches(bob, None, 50).await.unwrap().0.is_empty());
    assert_eq!(f.store.update_search(bob, first.id, |s| s.name = "stolen".into()).await.unwrap(), None);
}

#[tokio::test]
async fn searches_page_in_creation_order_after_any_id() {
    let f = Fixture::new().await;
    let ann = UserId::new();
    let t0 = now();
    let searches: Vec<_> = (0..5).map(|i| SavedSearch::create(ann, new_search(&format!("s{i}"), 24), t0)).collect();
    for search in searches.iter().rev() {
        f.store.create_search(search).await.unwrap();
    }
    let names = |page: &[SavedSearch]| page.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    let (first, more) = f.store.list_searches(ann, None, 2).await.unwrap();
    assert_eq!((names(&first), more), (vec!["s0".to_owned(), "s1".to_owned()], true));
    let (second, more) = f.store.list_searches(ann, Some(first[1].id), 2).await.unwrap();
    assert_eq!((names(&second), more), (vec!["s2".to_owned(), "s3".to_owned()], true));
    let (last, more) = f.store.list_searches(ann, Some(second[1].id), 2).await.unwrap();
    assert_eq!((names(&last), more), (vec!["s4".to_owned()], false), "no empty page after the last");

    // A deleted search still marks its place.
    assert!(f.store.delete_search(ann, searches[2].id).await.unwrap());
    let (after_deleted, _) = f.store.list_searches(ann, Some(searches[2].id), 10).await.unwrap();
    assert_eq!(names(&after_deleted), ["s3", "s4"]);
    assert_eq!(f.store.count_searches(ann).await.unwrap(), 4);
}

#[tokio::test]
async fn two_concurrent_claims_of_one_due_search_start_it_once_and_move_it_by_its_interval() {
    let f = Fixture::new().await;
    let t0 = now();
    let search = SavedSearch::create(UserId::new(), new_search("due", 6), t0);
    f.store.create_search(&search).await.unwrap();

    let shard = keys::due_shard(search.id);
    let due = f.store.due_searches(shard, t0).await.unwrap();
    assert_eq!(due.len(), 1, "a new active search is due at once");
    let (a, b) = tokio::join!(f.store.claim_due_search(&due[0], t0), f.store.claim_due_search(&due[0], t0));
    let claims: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(claims.len(), 1, "exactly one claim succeeds");

    let stored = f.store.get_search(search.user_id, search.id).await.unwrap().unwrap();
    assert_eq!(stored.next_run_at, t0 + Duration::hours(6));
    assert_eq!(claims[0].search, stored);
    assert!(!due_ids(&f, t0).await.contains(&search.id), "no longer due now");
    assert!(due_ids(&f, t0 + Duration::hours(6)).await.contains(&search.id), "due again one interval later");

    // A stale read of the old slot can no longer claim it.
    assert!(f.store.claim_due_search(&due[0], t0).await.unwrap().is_none());
}

#[tokio::test]
async fn a_paused_search_leaves_the_due_index_and_resuming_puts_it_back() {
    let f = Fixture::new().await;
    let t0 = now();
    let search = SavedSearch::create(UserId::new(), new_search("pausable", 24), t0);
    f.store.create_search(&search).await.unwrap();
    assert!(due_ids(&f, t0).await.contains(&search.id));

    let paused = f.store.update_search(search.user_id, search.id, |s| s.is_active = false).await.unwrap().unwrap();
    assert!(!paused.is_active);
    assert!(!due_ids(&f, t0 + Duration::days(365)).await.contains(&search.id));

    f.store.update_search(search.user_id, search.id, |s| s.is_active = true).await.unwrap();
    assert!(due_ids(&f, t0).await.contains(&search.id));
}

#[tokio::test]
async fn an_edit_racing_a_claim_keeps_both_changes() {
    let f = Fixture::new().await;
    let t0 = now();
    let search = SavedSearch::create(UserId::new(), new_search("raced", 2), t0);
    f.store.create_search(&search).await.unwrap();
    let due = f.store.due_searches(keys::due_shard(search.id), t0).await.unwrap();

    let (claim, edit) = tokio::join!(
        f.store.claim_due_search(&due[0], t0),
        f.store.update_search(search.user_id, search.id, |s| s.name = "renamed".into())
    );
    assert!(claim.unwrap().is_some());
    edit.unwrap().unwrap();
    let stored = f.store.get_search(search.user_id, search.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "renamed");
    assert_eq!(stored.next_run_at, t0 + Duration::hours(2), "the claim's new slot survived the edit");
}

#[tokio::test]
async fn a_released_claim_is_due_again() {
    let f = Fixture::new().await;
    let t0 = now();
    let search = SavedSearch::create(UserId::new(), new_search("released", 24), t0);
    f.store.create_search(&search).await.unwrap();
    let due = f.store.due_searches(keys::due_shard(search.id), t0).await.unwrap();
    let claim = f.store.claim_due_search(&due[0], t0).await.unwrap().unwrap();
    f.store.release_claim(&claim).await.unwrap();
    let stored = f.store.get_search(search.user_id, search.id).await.unwrap().unwrap();
    assert_eq!(stored.next_run_at, t0);
    assert!(due_ids(&f, t0).await.contains(&search.id));
}

async fn put_raw(f: &Fixture, key: &keys::Key) {
    f.dynamodb()
        .put_item()
        .table_name(&f.config.table_name)
        .item(keys::PK, AttributeValue::S(key.pk.clone()))
        .item(keys::SK, AttributeValue::S(key.sk.clone()))
        .item("payload", AttributeValue::S("x".repeat(2000)))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn deleting_a_search_removes_its_whole_partition_and_nothing_else() {
    let f = Fixture::new().await;
    let t0 = now();
    let user = UserId::new();
    let doomed = SavedSearch::create(user, new_search("doomed", 24), t0);
    let kept = SavedSearch::create(user, new_search("kept", 24), t0);
    f.store.create_search(&doomed).await.unwrap();
    f.store.create_search(&kept).await.unwrap();

    for search in [&doomed, &kept] {
        f.store.create_run(&Run::queued(search.id, user, &Platform::ALL, t0)).await.unwrap();
        // More than one batch of 25 and more than one query page of results.
        for i in 0..60 {
            put_raw(&f, &keys::search_result(search.id, Platform::Ebay, &format!("item-{i}"))).await;
        }
        put_raw(&f, &keys::analysis(search.id)).await;
        put_raw(&f, &keys::seller_analysis(search.id, 1)).await;
        put_raw(&f, &keys::recommendation(search.id, 1)).await;
    }
    put_raw(&f, &keys::seller(Platform::Ebay, "global-seller")).await;

    assert!(f.store.delete_search(user, doomed.id).await.unwrap());
    assert!(f.store.get_search(user, doomed.id).await.unwrap().is_none());
    assert!(f.store.latest_run(doomed.id).await.unwrap().is_none());
    let left = f
        .dynamodb()
        .query()
        .table_name(&f.config.table_name)
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::search_pk(doomed.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(left.count, 0, "every item of the partition is gone");
    assert!(!due_ids(&f, t0).await.contains(&doomed.id));

    // The other search, its partition and global items are untouched.
    assert!(f.store.get_search(user, kept.id).await.unwrap().is_some());
    assert!(f.store.latest_run(kept.id).await.unwrap().is_some());
    let kept_items = f
        .dynamodb()
        .query()
        .table_name(&f.config.table_name)
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::search_pk(kept.id)))
        .select(aws_sdk_dynamodb::types::Select::Count)
        .send()
        .await
        .unwrap();
    assert_eq!(kept_items.count, 64);
    let seller = keys::seller(Platform::Ebay, "global-seller");
    let seller_item = f
        .dynamodb()
        .get_item()
        .table_name(&f.config.table_name)
        .key(keys::PK, AttributeValue::S(seller.pk))
        .key(keys::SK, AttributeValue::S(seller.sk))
        .send()
        .await
        .unwrap();
    assert!(seller_item.item.is_some());

    assert!(!f.store.delete_search(user, doomed.id).await.unwrap(), "a second delete finds nothing");
    assert!(!f.store.delete_search(UserId::new(), kept.id).await.unwrap(), "another user cannot delete it");
}
