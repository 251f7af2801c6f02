use std::collections::HashMap;

use chrono::{Duration, DurationRound, Utc};
use scheduler::{Deps, tick};
use vinyldigger::config::Config;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::queue::FetchJob;
use vinyldigger_bootstrap::testing::{TestEnv, drain};

fn new_search(name: &str, platform: SearchPlatform) -> NewSearch {
    NewSearch {
        name: name.into(),
        query: format!("{name} query"),
        platform,
        filters: Default::default(),
        check_interval_hours: 24,
        min_record_condition: None,
        min_sleeve_condition: None,
        seller_location_preference: None,
    }
}

#[tokio::test]
async fn overlapping_ticks_start_each_due_search_exactly_once() {
    let env = TestEnv::new().await;
    let config = Config::from_lookup(|n| env.env(n)).unwrap();
    let deps = Deps::new(&config, &env.sdk);
    let now = Utc::now().duration_trunc(Duration::seconds(1)).unwrap();
    let user = UserId::new();

    let both = SavedSearch::create(user, new_search("both", SearchPlatform::Both), now - Duration::minutes(3));
    let ebay = SavedSearch::create(user, new_search("ebay", SearchPlatform::Ebay), now);
    let mut paused = SavedSearch::create(user, new_search("paused", SearchPlatform::Both), now);
    paused.is_active = false;
    let mut later = SavedSearch::create(user, new_search("later", SearchPlatform::Discogs), now);
    later.next_run_at = now + Duration::hours(1);
    for s in [&both, &ebay, &paused, &later] {
        deps.store.create_search(s).await.unwrap();
    }

    let (a, b) = tokio::join!(tick(&deps, now), tick(&deps, now));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.started + b.started, 2, "two due searches, each started once: {a:?} {b:?}");

    let sqs = aws_sdk_sqs::Client::new(&env.sdk);
    let decode =
        |bodies: Vec<String>| -> Vec<FetchJob> { bodies.iter().map(|b| serde_json::from_str(b).unwrap()).collect() };
    let discogs_jobs = decode(drain(&sqs, &config.queues.fetch_discogs).await);
    let ebay_jobs = decode(drain(&sqs, &config.queues.fetch_ebay).await);
    assert_eq!(discogs_jobs.len(), 1);
    assert_eq!(discogs_jobs[0].search_id, both.id);
    assert_eq!(discogs_jobs[0].platform, Platform::Discogs);
    assert_eq!(discogs_jobs[0].query, "both query");
    let mut ebay_searches: Vec<_> = ebay_jobs.iter().map(|j| j.search_id).collect();
    ebay_searches.sort();
    let mut expected = vec![both.id, ebay.id];
    expected.sort();
    assert_eq!(ebay_searches, expected);

    let runs: HashMap<_, _> = ebay_jobs.iter().map(|j| (j.search_id, j.run_id)).collect();
    for search in [&both, &ebay] {
        let run = deps.store.latest_run(search.id).await.unwrap().unwrap();
        assert_eq!(run.id, runs[&search.id], "the job names the run that was created");
        assert_eq!(run.status, RunStatus::Queued);
        assert_eq!(run.platforms, search.platform.platforms());
        let stored = deps.store.get_search(user, search.id).await.unwrap().unwrap();
        assert_eq!(stored.next_run_at, search.next_run_at + Duration::hours(24));
    }
    assert!(deps.store.latest_run(paused.id).await.unwrap().is_none());
    assert!(deps.store.latest_run(later.id).await.unwrap().is_none());

    let again = tick(&deps, now).await.unwrap();
    assert_eq!(again.started, 0, "nothing is due any more");
}

#[tokio::test]
async fn runs_open_past_the_bound_are_failed_as_timed_out_once() {
    let env = TestEnv::new().await;
    let config = Config::from_lookup(|n| env.env(n)).unwrap();
    let deps = Deps { run_timeout: std::time::Duration::from_secs(600), ..Deps::new(&config, &env.sdk) };
    let now = Utc::now().duration_trunc(Duration::seconds(1)).unwrap();
    let user = UserId::new();
    let search = SavedSearch::create(user, new_search("stuck", SearchPlatform::Both), now);
    let stuck = Run::queued(search.id, user, &[Platform::Discogs, Platform::Ebay], now - Duration::minutes(11));
    let recent = Run::queued(search.id, user, &[Platform::Ebay], now - Duration::minutes(9));
    let done = Run::queued(search.id, user, &[Platform::Ebay], now - Duration::hours(2));
    for run in [&stuck, &recent, &done] {
        deps.store.create_run(run).await.unwrap();
    }
    // eBay answered for the stuck run before it hung on Discogs; the old run completed normally.
    let stuck_after = deps.store.finish_run_platform(&stuck, Platform::Ebay, None, now).await.unwrap().unwrap();
    deps.store.complete_run(&done, RunStatus::Completed, now).await.unwrap();

    let report = tick(&deps, now).await.unwrap();
    assert_eq!(report.timed_out, 1);
    let failed = deps.store.get_run(search.id, stuck.id).await.unwrap().unwrap();
    assert_eq!(failed.status, RunStatus::Failed);
    assert_eq!(failed.errors.get(&Platform::Discogs).map(String::as_str), Some(scheduler::TIMED_OUT));
    assert!(!failed.errors.contains_key(&Platform::Ebay), "the part that answered keeps no error");
    assert!(failed.pending.is_empty() && failed.completed_at == Some(now));
    assert_eq!(stuck_after.pending.len(), 1);
    assert_eq!(deps.store.get_run(search.id, recent.id).await.unwrap().unwrap().status, RunStatus::Queued);
    assert_eq!(deps.store.get_run(search.id, done.id).await.unwrap().unwrap().status, RunStatus::Completed);

    // Failed runs leave the open-run index: the next tick finds nothing more to end.
    assert_eq!(tick(&deps, now).await.unwrap().timed_out, 0);
}
