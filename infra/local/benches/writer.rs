//! The result writer's own handler on a generated search (run by `./scripts/bench writer`, which
//! starts the emulators and writes the inputs with `scripts/lib/gen_results.py`, the generator
//! of the original system's figures): for each size, a new search's first run is delivered as
//! the fetchers would send it, in SQS batches of the writer's `BatchSize` handled as its Lambda
//! handles them (one Lambda, batch after batch), with the user's want list and collection synced
//! before. Prints the store phase (every chunk with listings) and the completion (the run's last,
//! empty chunk: analysis, price comparison, run completed) in time and DynamoDB requests by
//! operation, median of `REPEAT` runs (default 3).
//!
//! Usage: `cargo bench -p vinyldigger-local --bench writer -- FILE...` (one generated file each).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use vinyldigger::batch::{RawMessage, process};
use vinyldigger::config::Config;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::lists::ListKind;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::store::Store;
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_local::request_count::{RequestCount, describe};
use vinyldigger_local::seed::{Generated, read_generated, run_batches};

/// The result writer's `BatchSize` in template.yaml: messages per invocation.
const SQS_BATCH: usize = 10;

struct Measured {
    store: Duration,
    store_requests: BTreeMap<String, u64>,
    chunks: usize,
    completion: Duration,
    completion_requests: BTreeMap<String, u64>,
}

async fn measure(env: &TestEnv, config: &Config, input: &Generated, n: usize) -> Measured {
    let counter = RequestCount::default();
    let mut writer = result_writer::Deps::new(config, &env.sdk);
    writer.store = Store::new(counter.client(&env.sdk), &config.table_name);
    let setup = Store::new(aws_sdk_dynamodb::Client::new(&env.sdk), &config.table_name);
    let now = Utc::now();
    let search = SavedSearch::create(
        UserId::new(),
        NewSearch {
            name: format!("bench {n}"),
            query: "vinyl bench".into(),
            platform: SearchPlatform::Both,
            filters: Default::default(),
            check_interval_hours: 24,
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: Some("US".into()),
        },
        now,
    );
    setup.create_search(&search).await.expect("search");
    setup.replace_list_items(search.user_id, ListKind::Wantlist, &input.wanted).await.expect("want list");
    setup.replace_list_items(search.user_id, ListKind::Collection, &input.owned).await.expect("collection");
    let run = Run::queued(search.id, search.user_id, &Platform::ALL, now);
    setup.create_run(&run).await.expect("run");
    let mut chunks = run_batches(&search, &run, &input.listings);
    let last = chunks.pop().expect("the completing chunk");
    let count = chunks.len();

    let deliveries: Vec<Vec<RawMessage>> = chunks
        .chunks(SQS_BATCH)
        .map(|batch| {
            batch
                .iter()
                .enumerate()
                .map(|(i, b)| RawMessage {
                    id: i.to_string(),
                    body: serde_json::to_string(b).expect("a batch encodes"),
                })
                .collect()
        })
        .collect();

    // `IN_FLIGHT` compares other settings than the writer's own.
    let in_flight =
        std::env::var("IN_FLIGHT").ok().and_then(|n| n.parse().ok()).unwrap_or(result_writer::MESSAGES_IN_FLIGHT);
    counter.take();
    let started = Instant::now();
    for messages in deliveries {
        let failed = process(messages, Deadline::unbounded(), in_flight, |b, d| {
            result_writer::handle(&writer, b, Utc::now(), d)
        })
        .await;
        assert!(failed.is_empty(), "chunks failed: {failed:?}");
    }
    let store = started.elapsed();
    let store_requests = counter.take();
    let started = Instant::now();
    result_writer::handle(&writer, last, Utc::now(), Deadline::unbounded()).await.expect("completion");
    let completion = started.elapsed();
    let completion_requests = counter.take();

    let done = setup.get_run(search.id, run.id).await.expect("run").expect("run exists");
    assert_eq!(done.status, RunStatus::Completed);
    assert_eq!(done.new_results as usize, input.listings.len());
    let analysis = setup.get_analysis(search.id).await.expect("analysis").expect("analysis stored");
    assert_eq!(analysis.analysis.summary.total_results as usize, input.listings.len());
    Measured { store, store_requests, chunks: count, completion, completion_requests }
}

#[tokio::main]
async fn main() {
    let files: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    assert!(!files.is_empty(), "usage: writer FILE... (scripts/bench writer generates them)");
    let repeat: usize = std::env::var("REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let env = TestEnv::new().await;
    let config = Config::from_lookup(|n| env.env(n)).expect("config");
    for file in files {
        let input = read_generated(std::path::Path::new(&file)).expect("a generated search");
        let n = input.listings.len();
        let mut runs = Vec::new();
        for _ in 0..repeat {
            runs.push(measure(&env, &config, &input, n).await);
        }
        runs.sort_by_key(|m| m.store);
        let median_store = &runs[runs.len() / 2];
        let per_result = median_store.store_requests.values().sum::<u64>() as f64 / n as f64;
        println!(
            "{n} results ({} want-list + collection items), {} chunks: store phase {:.2} s (median of {repeat}; {:.0} results/s), {} = {per_result:.3} per result",
            input.wanted.len() + input.owned.len(),
            median_store.chunks,
            median_store.store.as_secs_f64(),
            n as f64 / median_store.store.as_secs_f64(),
            describe(&median_store.store_requests),
        );
        runs.sort_by_key(|m| m.completion);
        let median = &runs[runs.len() / 2];
        println!(
            "{n} results: completion {:.3} s (median of {repeat}), {}",
            median.completion.as_secs_f64(),
            describe(&median.completion_requests)
        );
    }
}
