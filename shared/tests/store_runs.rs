mod support;

use chrono::Utc;
use support::Fixture;
use vinyldigger::domain::ids::{SearchId, UserId};
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::run::{Run, RunStatus};

#[tokio::test]
async fn each_marketplace_finishes_once_and_the_last_one_completes_the_run() {
    let f = Fixture::new().await;
    let now = Utc::now();
    let run = Run::queued(SearchId::new(), UserId::new(), &Platform::ALL, now);
    f.store.create_run(&run).await.unwrap();
    assert_eq!(f.store.get_run(run.search_id, run.id).await.unwrap().unwrap(), run);

    let after_ebay = f.store.finish_run_platform(&run, Platform::Ebay, Some("HTTP 500"), now).await.unwrap().unwrap();
    assert_eq!(after_ebay.status, RunStatus::Running);
    assert_eq!(after_ebay.pending.iter().copied().collect::<Vec<_>>(), [Platform::Discogs]);
    assert_eq!(after_ebay.errors[&Platform::Ebay], "HTTP 500");
    assert!(
        f.store.finish_run_platform(&run, Platform::Ebay, None, now).await.unwrap().is_none(),
        "redelivery is a no-op"
    );

    let after_discogs = f.store.finish_run_platform(&run, Platform::Discogs, None, now).await.unwrap().unwrap();
    assert!(after_discogs.pending.is_empty());
    assert_eq!(after_discogs.outcome(), RunStatus::Completed);
    assert!(f.store.complete_run(&after_discogs, RunStatus::Completed, now).await.unwrap());
    assert!(!f.store.complete_run(&after_discogs, RunStatus::Failed, now).await.unwrap(), "only once");

    let stored = f.store.latest_run(run.search_id).await.unwrap().unwrap();
    assert_eq!(stored.status, RunStatus::Completed);
    assert!(stored.completed_at.is_some());
    assert_eq!(stored.errors.len(), 1);
}

#[tokio::test]
async fn the_latest_run_is_the_newest() {
    let f = Fixture::new().await;
    let search = SearchId::new();
    let user = UserId::new();
    let mut newest = None;
    for _ in 0..3 {
        let run = Run::queued(search, user, &[Platform::Ebay], Utc::now());
        f.store.create_run(&run).await.unwrap();
        newest = Some(run.id);
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    assert_eq!(f.store.latest_run(search).await.unwrap().unwrap().id, newest.unwrap());
    assert!(f.store.latest_run(SearchId::new()).await.unwrap().is_none());
}
