//! No wasted runs: "run now" while a run is in flight returns that run, a manual run moves the
//! schedule by the search's interval, and per-user limits answer 429 with `Retry-After`.

mod support;

use axum::http::{StatusCode, header};
use chrono::Utc;
use futures::future::join_all;
use serde_json::json;
use support::TestApi;
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::run::RunStatus;
use vinyldigger::store::keys;

async fn both_search(api: &TestApi, token: &str) -> String {
    api.search(token, json!({"name": "n", "query": "kind of blue", "platform": "both", "check_interval_hours": 6}))
        .await
}

/// Fetch jobs queued so far, on both queues.
async fn queued_jobs(api: &TestApi) -> usize {
    let queues = &api.deps.config.queues;
    api.drain(&queues.fetch_discogs).await.len() + api.drain(&queues.fetch_ebay).await.len()
}

#[tokio::test]
async fn run_now_while_a_run_is_in_flight_returns_that_run() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = both_search(&api, &token).await;
    let search: SearchId = id.parse().unwrap();

    let first = api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["message"], "Search queued successfully");
    let run_id = first.body["run_id"].as_str().unwrap().to_owned();
    let latest = api.get(&format!("/api/v1/searches/{id}/runs/latest"), &token).await;
    assert_eq!(latest.body["id"], run_id.as_str());

    // Presses while it is queued, and while it is running, start nothing.
    let again = api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
    assert_eq!(again.body, json!({"message": "This search is already running", "run_id": run_id}));
    let run = api.deps.store.get_run(search, run_id.parse().unwrap()).await.unwrap().unwrap();
    let running = api.deps.store.finish_run_platform(&run, run.platforms[0], None, Utc::now()).await.unwrap().unwrap();
    assert_eq!(running.status, RunStatus::Running);
    let again = api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
    assert_eq!(again.body["run_id"], run_id.as_str());
    assert_eq!(queued_jobs(&api).await, 2, "one job per marketplace, once");

    // Once it is over, the next press starts a new run.
    api.deps.store.complete_run(&running, RunStatus::Completed, Utc::now()).await.unwrap();
    let next = api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
    assert_eq!(next.body["message"], "Search queued successfully");
    assert_ne!(next.body["run_id"], run_id.as_str());
    assert_eq!(queued_jobs(&api).await, 2);
}

#[tokio::test]
async fn concurrent_presses_start_one_run() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = both_search(&api, &token).await;
    let path = format!("/api/v1/searches/{id}/run");
    let presses = (0..10).map(|_| api.post(&path, &token, json!({})));
    let replies = join_all(presses).await;
    let ids: std::collections::BTreeSet<_> =
        replies.iter().map(|r| (r.status, r.body["run_id"].as_str().unwrap_or_default().to_owned())).collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(ids.first().unwrap().0, StatusCode::OK);
    assert_eq!(queued_jobs(&api).await, 2);
}

#[tokio::test]
async fn a_manual_run_moves_the_schedule_by_the_interval() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = both_search(&api, &token).await;
    let search: SearchId = id.parse().unwrap();
    let user = api.deps.store.find_user_by_email("ann@example.com").await.unwrap().unwrap();
    let before = api.deps.store.get_search(user.id, search).await.unwrap().unwrap();
    assert!(before.next_run_at <= Utc::now(), "a new search is due at once");

    let pressed = Utc::now();
    assert_eq!(api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await.status, StatusCode::OK);
    let after = api.deps.store.get_search(user.id, search).await.unwrap().unwrap();
    let moved = after.next_run_at - pressed;
    assert!(moved >= chrono::Duration::hours(6) - chrono::Duration::seconds(5), "{moved}");
    assert!(moved <= chrono::Duration::hours(6) + chrono::Duration::seconds(5), "{moved}");
    // So the scheduler does not find it due seconds later.
    let due = api.deps.store.due_searches(keys::due_shard(search), Utc::now()).await.unwrap();
    assert!(due.iter().all(|s| s.id != search));
}

#[tokio::test]
async fn manual_runs_over_the_hourly_limit_are_429_with_retry_after() {
    let api = TestApi::configured(&[("MAX_MANUAL_RUNS_PER_HOUR", "2")]).await;
    let token = api.user("ann@example.com").await;
    let user = api.deps.store.find_user_by_email("ann@example.com").await.unwrap().unwrap();
    for _ in 0..2 {
        let id = both_search(&api, &token).await;
        assert_eq!(api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await.status, StatusCode::OK);
        // A press on the same search while its run is in flight costs nothing.
        let again = api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
        assert_eq!(again.body["message"], "This search is already running");
    }
    let id = both_search(&api, &token).await;
    let refused = api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(detail.starts_with("You can start at most 2 runs per hour. Try again in "), "{detail}");
    let retry: u64 = refused.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    let search: SearchId = id.parse().unwrap();
    assert!(api.deps.store.latest_run(search).await.unwrap().is_none(), "nothing started");
    let untouched = api.deps.store.get_search(user.id, search).await.unwrap().unwrap();
    assert!(untouched.next_run_at <= Utc::now(), "a refused press leaves the schedule alone");
}

#[tokio::test]
async fn syncs_over_the_hourly_limit_are_429() {
    let api = TestApi::configured(&[("MAX_SYNCS_PER_HOUR", "2")]).await;
    let token = api.user("ann@example.com").await;
    for path in ["/api/v1/collections/sync", "/api/v1/collections/sync/wantlist"] {
        assert_eq!(api.post(path, &token, json!({})).await.status, StatusCode::OK);
    }
    let refused = api.post("/api/v1/collections/sync/collection", &token, json!({})).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body["detail"].as_str().unwrap().starts_with("You can sync at most 2 times per hour."));
    assert!(refused.headers.contains_key(header::RETRY_AFTER));
    assert_eq!(api.drain(&api.deps.config.queues.fetch_discogs).await.len(), 2, "only the admitted syncs");
    // Another user has a quota of their own.
    let bob = api.user("bob@example.com").await;
    assert_eq!(api.post("/api/v1/collections/sync", &bob, json!({})).await.status, StatusCode::OK);
}

#[tokio::test]
async fn saved_searches_over_the_limit_are_429() {
    let api = TestApi::configured(&[("MAX_SAVED_SEARCHES", "2")]).await;
    let token = api.user("ann@example.com").await;
    let first = both_search(&api, &token).await;
    both_search(&api, &token).await;
    let refused = api.post("/api/v1/searches", &token, json!({"name": "n", "query": "q", "platform": "ebay"})).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.body["detail"], "You can keep at most 2 saved searches. Delete one to create another.");
    assert!(refused.headers.contains_key(header::RETRY_AFTER));
    assert_eq!(api.delete(&format!("/api/v1/searches/{first}"), &token).await.status, StatusCode::OK);
    both_search(&api, &token).await;
}
