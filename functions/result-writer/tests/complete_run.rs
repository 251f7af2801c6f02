use std::collections::BTreeMap;

use aws_sdk_sqs::types::QueueAttributeName;
use chrono::{Duration, Utc};
use result_writer::{Deps, WriterError, handle};
use serde_json::{Value, json};
use vinyldigger::config::Config;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::listing::{Listing, SellerInfo};
use vinyldigger::domain::lists::{ListItem, ListKind};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::queue::{ResultBatch, V1};
use vinyldigger_bootstrap::testing::{TestEnv, drain};

/// One batch through the handler, in an invocation with time to spare.
async fn write(deps: &Deps, batch: ResultBatch, now: chrono::DateTime<Utc>) -> Result<(), WriterError> {
    handle(deps, batch, now, Deadline::unbounded()).await
}

struct Fixture {
    env: TestEnv,
    config: Config,
    deps: Deps,
    search: SavedSearch,
    run: Run,
}

async fn fixture() -> Fixture {
    let env = TestEnv::new().await;
    let config = Config::from_lookup(|n| env.env(n)).unwrap();
    let deps = Deps::new(&config, &env.sdk);
    let now = Utc::now();
    let search = SavedSearch::create(
        UserId::new(),
        NewSearch {
            name: "n".into(),
            query: "kind of blue".into(),
            platform: SearchPlatform::Both,
            filters: Default::default(),
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
    Fixture { env, config, deps, search, run }
}

fn batch(
    f: &Fixture,
    platform: Platform,
    listings: Vec<Listing>,
    chunk: u32,
    chunks: u32,
    error: Option<&str>,
) -> ResultBatch {
    ResultBatch {
        v: V1,
        run_id: f.run.id,
        user_id: f.run.user_id,
        search_id: f.run.search_id,
        platform,
        listings,
        last: chunk + 1 == chunks,
        error: error.map(str::to_owned),
        chunk,
        chunks,
        fetched_at: None,
    }
}

fn listing(platform: Platform, id: &str, cents: i64, release: Option<u64>, seller: &str) -> Listing {
    let mut l = Listing::new(platform, id, format!("Miles Davis - Kind Of Blue #{id}"), Money::usd_cents(cents));
    l.release_id = release;
    l.seller = Some(SellerInfo {
        id: seller.into(),
        name: seller.into(),
        location: Some("US".into()),
        feedback_percentage: Some(99.0),
        feedback_count: Some(500),
        estimated_shipping: None,
        url: None,
    });
    l
}

/// Routes the bus's events to a fresh queue, as a notification consumer would subscribe.
async fn subscribe(f: &Fixture) -> String {
    let sqs = aws_sdk_sqs::Client::new(&f.env.sdk);
    let url = sqs
        .create_queue()
        .queue_name(format!("{}-events", f.env.resources.prefix))
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let arn = sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&QueueAttributeName::QueueArn]
        .clone();
    let events = aws_sdk_eventbridge::Client::new(&f.env.sdk);
    let rule = format!("{}-run-completed", f.env.resources.prefix);
    events
        .put_rule()
        .name(&rule)
        .event_bus_name(&f.config.event_bus_name)
        .event_pattern(json!({"source": ["vinyldigger"], "detail-type": ["RunCompleted"]}).to_string())
        .send()
        .await
        .unwrap();
    let target = aws_sdk_eventbridge::types::Target::builder().id("test-queue").arn(arn).build().unwrap();
    events.put_targets().rule(&rule).event_bus_name(&f.config.event_bus_name).targets(target).send().await.unwrap();
    url
}

#[tokio::test]
async fn chunks_in_any_order_and_twice_complete_the_run_once_with_analysis_and_an_event() {
    let f = fixture().await;
    let events_queue = subscribe(&f).await;
    let user = f.search.user_id;
    let wanted = ListItem {
        item_id: "1001".into(),
        release_id: 1001,
        master_id: None,
        title: "Kind of Blue".into(),
        artist: None,
        year: None,
        format: None,
        catalog_number: None,
        added_at: None,
    };
    f.deps.store.replace_list_items(user, ListKind::Wantlist, &[wanted]).await.unwrap();
    let owned = ListItem {
        item_id: "inst-9".into(),
        release_id: 2002,
        master_id: None,
        ..ListItem {
            item_id: String::new(),
            release_id: 0,
            master_id: None,
            title: "Owned".into(),
            artist: None,
            year: None,
            format: None,
            catalog_number: None,
            added_at: None,
        }
    };
    f.deps.store.replace_list_items(user, ListKind::Collection, &[owned]).await.unwrap();

    let now = Utc::now();
    let chunk0 = vec![
        listing(Platform::Discogs, "d1", 2500, Some(1001), "alpha"),
        listing(Platform::Discogs, "d2", 3000, Some(2002), "alpha"),
    ];
    let chunk1 = vec![listing(Platform::Discogs, "d3", 2800, Some(3003), "alpha")];
    // The last chunk first, then a duplicate, then the first chunk.
    write(&f.deps, batch(&f, Platform::Discogs, chunk1.clone(), 1, 2, None), now).await.unwrap();
    write(&f.deps, batch(&f, Platform::Discogs, chunk1.clone(), 1, 2, None), now).await.unwrap();
    let midway = f.deps.store.get_run(f.search.id, f.run.id).await.unwrap().unwrap();
    assert!(midway.pending.contains(&Platform::Discogs), "one chunk is still missing");
    write(&f.deps, batch(&f, Platform::Discogs, chunk0.clone(), 0, 2, None), now).await.unwrap();
    write(&f.deps, batch(&f, Platform::Ebay, Vec::new(), 0, 1, Some("eBay answered 500")), now).await.unwrap();
    let done_once = f.deps.store.get_run(f.search.id, f.run.id).await.unwrap().unwrap();
    let results_once = f.deps.store.list_results(f.search.id).await.unwrap();
    write(&f.deps, batch(&f, Platform::Discogs, chunk0, 0, 2, None), now + Duration::seconds(9)).await.unwrap();
    write(&f.deps, batch(&f, Platform::Ebay, Vec::new(), 0, 1, Some("eBay answered 500")), now + Duration::seconds(9))
        .await
        .unwrap();

    let run = f.deps.store.get_run(f.search.id, f.run.id).await.unwrap().unwrap();
    assert_eq!(run, done_once, "redeliveries change nothing");
    assert_eq!(run.status, RunStatus::Completed, "Discogs delivered, so the run completed despite eBay");
    assert_eq!(run.errors[&Platform::Ebay], "eBay answered 500");
    assert_eq!(run.listings, BTreeMap::from([(Platform::Discogs, 3), (Platform::Ebay, 0)]));
    assert_eq!(run.new_results, 3);
    assert!(run.notified);

    let results = f.deps.store.list_results(f.search.id).await.unwrap();
    assert_eq!(results, results_once);
    assert_eq!(results.len(), 3);
    let flags: BTreeMap<_, _> =
        results.iter().map(|r| (r.listing.listing_id.clone(), (r.is_in_wantlist, r.is_in_collection))).collect();
    assert_eq!(flags["d1"], (true, false));
    assert_eq!(flags["d2"], (false, true));
    assert_eq!(flags["d3"], (false, false));
    assert!(f.deps.store.get_seller(Platform::Discogs, "alpha").await.unwrap().is_some());
    assert_eq!(
        f.deps.store.price_points(Platform::Discogs, "d1").await.unwrap().len(),
        1,
        "one price point, not one per delivery"
    );

    let analysis = f.deps.store.get_analysis(f.search.id).await.unwrap().unwrap();
    assert_eq!(analysis.run_id, Some(f.run.id));
    assert_eq!(analysis.analysis.summary.total_results, 3);
    assert_eq!(analysis.analysis.summary.wantlist_matches, 1);
    assert_eq!(f.deps.store.get_search(user, f.search.id).await.unwrap().unwrap().last_run_at, run.completed_at);

    let sqs = aws_sdk_sqs::Client::new(&f.env.sdk);
    let delivered = drain(&sqs, &events_queue).await;
    assert_eq!(delivered.len(), 1, "exactly one RunCompleted");
    let event: Value = serde_json::from_str(&delivered[0]).unwrap();
    assert_eq!(event["detail-type"], "RunCompleted");
    assert_eq!(event["source"], "vinyldigger");
    let detail = &event["detail"];
    assert_eq!(detail["run_id"], f.run.id.to_string());
    assert_eq!(detail["status"], "completed");
    assert_eq!(detail["new_results"], 3);
    assert_eq!(detail["new_wantlist_matches"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_lower_price_in_a_later_run_is_recorded_as_a_drop() {
    let f = fixture().await;
    let now = Utc::now();
    write(
        &f.deps,
        batch(&f, Platform::Ebay, vec![listing(Platform::Ebay, "e1", 3000, None, "bravo")], 0, 1, None),
        now,
    )
    .await
    .unwrap();
    write(&f.deps, batch(&f, Platform::Discogs, Vec::new(), 0, 1, None), now).await.unwrap();

    let second = Run::queued(f.search.id, f.search.user_id, &[Platform::Ebay], now);
    f.deps.store.create_run(&second).await.unwrap();
    let later = now + Duration::hours(1);
    let mut cheaper = batch(&f, Platform::Ebay, vec![listing(Platform::Ebay, "e1", 2500, None, "bravo")], 0, 1, None);
    cheaper.run_id = second.id;
    write(&f.deps, cheaper, later).await.unwrap();

    let run = f.deps.store.get_run(f.search.id, second.id).await.unwrap().unwrap();
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(run.new_results, 0, "the listing was already known");
    assert_eq!(run.price_drops.iter().cloned().collect::<Vec<_>>(), ["ebay#e1#3000#2500"]);
    let prices: Vec<_> =
        f.deps.store.price_points(Platform::Ebay, "e1").await.unwrap().iter().map(|p| p.price.minor).collect();
    assert_eq!(prices, [3000, 2500]);
}

#[tokio::test]
async fn a_batch_for_a_deleted_search_is_dropped_without_error() {
    let f = fixture().await;
    assert!(f.deps.store.delete_search(f.search.user_id, f.search.id).await.unwrap());
    write(
        &f.deps,
        batch(&f, Platform::Ebay, vec![listing(Platform::Ebay, "e1", 100, None, "x")], 0, 1, None),
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(f.deps.store.list_results(f.search.id).await.unwrap().is_empty(), "nothing written into a deleted search");
}

#[tokio::test]
async fn a_chunk_for_a_run_that_is_over_changes_nothing() {
    let f = fixture().await;
    let now = Utc::now();
    // The run timed out (or failed) before this late, redelivered chunk arrived.
    f.deps.store.complete_run(&f.run, RunStatus::Failed, now).await.unwrap();
    let late =
        batch(&f, Platform::Discogs, vec![listing(Platform::Discogs, "late", 1500, Some(1), "alpha")], 0, 1, None);
    write(&f.deps, late, now).await.unwrap();
    assert!(f.deps.store.list_results(f.search.id).await.unwrap().is_empty(), "no result written");
    let run = f.deps.store.get_run(f.search.id, f.run.id).await.unwrap().unwrap();
    assert_eq!((run.status, run.listings.len()), (RunStatus::Failed, 0), "the run is as it was: {run:?}");
    assert!(f.deps.store.get_analysis(f.search.id).await.unwrap().is_none());
}

/// The EMF lines of this process's functions that name `run`.
fn metric_lines_of(run: &Run) -> Vec<Value> {
    vinyldigger::metrics::captured().into_iter().filter(|l| l["run_id"] == run.id.to_string()).collect()
}

#[tokio::test]
async fn a_completed_run_logs_one_emf_line_with_its_outcome_duration_and_listings() {
    vinyldigger::metrics::capture();
    let f = fixture().await;
    let started = f.run.created_at;
    let ebay =
        vec![listing(Platform::Ebay, "e1", 3000, None, "bravo"), listing(Platform::Ebay, "e2", 3100, None, "bravo")];
    let now = started + Duration::milliseconds(4_321);
    write(&f.deps, batch(&f, Platform::Ebay, ebay, 0, 1, None), now).await.unwrap();
    assert!(metric_lines_of(&f.run).is_empty(), "nothing until the run completes");
    let failed_part = batch(&f, Platform::Discogs, vec![listing(Platform::Discogs, "d1", 2000, None, "x")], 0, 1, None);
    write(&f.deps, failed_part, now).await.unwrap();

    let lines = metric_lines_of(&f.run);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    let directive = &line["_aws"]["CloudWatchMetrics"][0];
    assert_eq!(directive["Namespace"], vinyldigger::metrics::NAMESPACE);
    assert_eq!(directive["Dimensions"], json!([["Function", "Outcome"]]));
    let names: Vec<&str> =
        directive["Metrics"].as_array().unwrap().iter().map(|m| m["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Runs", "RunDuration", "ListingsWritten", "DynamoDBRequests"]);
    assert_eq!(directive["Metrics"][1]["Unit"], "Milliseconds");
    assert_eq!((line["Function"].as_str(), line["Outcome"].as_str()), (Some("result-writer"), Some("completed")));
    assert_eq!(line["Runs"], 1.0);
    assert_eq!(line["RunDuration"], 4_321.0, "from queued to completed");
    assert_eq!(line["ListingsWritten"], 3.0, "both marketplaces' listings");
    assert!(line["DynamoDBRequests"].as_f64().unwrap() > 0.0, "the writer's requests are counted");
    assert!(line["_aws"]["Timestamp"].as_i64().unwrap() > 0);

    // A redelivered last chunk completes nothing again, so it logs no second line.
    write(&f.deps, batch(&f, Platform::Discogs, Vec::new(), 0, 1, None), now).await.unwrap();
    assert_eq!(metric_lines_of(&f.run).len(), 1);
}

#[tokio::test]
async fn a_run_whose_every_part_failed_is_counted_as_failed() {
    vinyldigger::metrics::capture();
    let f = fixture().await;
    let now = Utc::now();
    write(&f.deps, batch(&f, Platform::Ebay, Vec::new(), 0, 1, Some("eBay is rate-limiting us")), now).await.unwrap();
    write(&f.deps, batch(&f, Platform::Discogs, Vec::new(), 0, 1, Some("Discogs answered 500")), now).await.unwrap();
    let lines = metric_lines_of(&f.run);
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0]["Outcome"].as_str(), &lines[0]["ListingsWritten"]), (Some("failed"), &json!(0.0)));
}
