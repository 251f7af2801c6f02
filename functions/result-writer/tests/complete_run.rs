use chrono::Utc;
use result_writer::{Deps, handle};
use serde_json::Map;
use vinyldigger::config::Config;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::queue::{ResultBatch, V1};
use vinyldigger_bootstrap::testing::TestEnv;

fn batch(run: &Run, platform: Platform, last: bool, error: Option<&str>) -> ResultBatch {
    ResultBatch {
        v: V1,
        run_id: run.id,
        user_id: run.user_id,
        search_id: run.search_id,
        platform,
        listings: Vec::new(),
        last,
        error: error.map(str::to_owned),
    }
}

#[tokio::test]
async fn the_last_marketplace_completes_the_run_once_and_stamps_the_search() {
    let env = TestEnv::new().await;
    let deps = Deps::new(&Config::from_lookup(|n| env.env(n)).unwrap(), &env.sdk);
    let now = Utc::now();
    let search = SavedSearch::create(
        UserId::new(),
        NewSearch {
            name: "n".into(),
            query: "q".into(),
            platform: SearchPlatform::Both,
            filters: Map::new(),
            check_interval_hours: 24,
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: None,
        },
        now,
    );
    deps.store.create_search(&search).await.unwrap();
    let run = Run::queued(search.id, search.user_id, &Platform::ALL, now);
    deps.store.create_run(&run).await.unwrap();

    handle(&deps, batch(&run, Platform::Discogs, false, None), now).await.unwrap();
    handle(&deps, batch(&run, Platform::Ebay, true, Some("eBay answered 500")), now).await.unwrap();
    handle(&deps, batch(&run, Platform::Ebay, true, Some("eBay answered 500")), now).await.unwrap();
    let midway = deps.store.get_run(search.id, run.id).await.unwrap().unwrap();
    assert_eq!(midway.status, RunStatus::Running);
    assert_eq!(midway.pending.iter().copied().collect::<Vec<_>>(), [Platform::Discogs]);
    assert!(deps.store.get_search(search.user_id, search.id).await.unwrap().unwrap().last_run_at.is_none());

    let done_at = now + chrono::Duration::seconds(5);
    handle(&deps, batch(&run, Platform::Discogs, true, None), done_at).await.unwrap();
    handle(&deps, batch(&run, Platform::Discogs, true, None), done_at).await.unwrap();
    let done = deps.store.get_run(search.id, run.id).await.unwrap().unwrap();
    assert_eq!(done.status, RunStatus::Completed, "one marketplace delivered, so the run completed");
    assert_eq!(done.errors[&Platform::Ebay], "eBay answered 500");
    assert_eq!(done.completed_at, Some(done_at));
    let stamped = deps.store.get_search(search.user_id, search.id).await.unwrap().unwrap();
    assert_eq!(stamped.last_run_at, Some(done_at));
}

#[tokio::test]
async fn a_batch_for_a_deleted_search_is_dropped_without_error() {
    let env = TestEnv::new().await;
    let deps = Deps::new(&Config::from_lookup(|n| env.env(n)).unwrap(), &env.sdk);
    let run = Run::queued(vinyldigger::domain::ids::SearchId::new(), UserId::new(), &[Platform::Ebay], Utc::now());
    handle(&deps, batch(&run, Platform::Ebay, true, None), Utc::now()).await.unwrap();
    assert!(deps.store.latest_run(run.search_id).await.unwrap().is_none());
}
