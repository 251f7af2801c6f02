//! What the result writer costs in DynamoDB requests (docs/performance.md#large-searches): a
//! generated search (`scripts/lib/gen_results.py`, the benchmark's generator) delivered chunk by
//! chunk to the writer's own handler, every request counted by operation. Chunks are written
//! with batched requests whose number grows with the chunk's bytes, never one per result; the
//! completion reads packs, not results; a redelivered run writes nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::Utc;
use vinyldigger::config::Config;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::lists::ListKind;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::queue::ResultBatch;
use vinyldigger::store::Store;
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_local::request_count::RequestCount;
use vinyldigger_local::seed::{Generated, read_generated, run_batches};

const RESULTS: usize = 2_000;

/// The generator's search of `n` results, seed 42 (its output depends only on both).
fn generated(n: usize) -> Generated {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let file = std::env::temp_dir().join(format!("vd-writer-requests-{}-{n}.json", uuid::Uuid::new_v4()));
    let status = std::process::Command::new("python3")
        .arg(root.join("scripts/lib/gen_results.py"))
        .args([n.to_string().as_str(), "--seed", "42", "-o"])
        .arg(&file)
        .status()
        .expect("python3 runs the generator");
    assert!(status.success(), "gen_results.py failed");
    let input = read_generated(&file).expect("a generated search");
    let _ = std::fs::remove_file(&file);
    input
}

fn count(counts: &BTreeMap<String, u64>, operation: &str) -> u64 {
    counts.get(operation).copied().unwrap_or(0)
}

fn total(counts: &BTreeMap<String, u64>) -> u64 {
    counts.values().sum()
}

async fn deliver(writer: &result_writer::Deps, batches: &[ResultBatch]) {
    for batch in batches {
        result_writer::handle(writer, batch.clone(), Utc::now(), Deadline::unbounded()).await.unwrap();
    }
}

#[tokio::test]
async fn a_large_run_costs_a_few_batched_requests_per_chunk_and_nothing_on_redelivery() {
    let env = TestEnv::new().await;
    let config = Config::from_lookup(|n| env.env(n)).unwrap();
    let input = generated(RESULTS);
    assert_eq!(input.listings.len(), RESULTS);
    let counter = RequestCount::default();
    let mut writer = result_writer::Deps::new(&config, &env.sdk);
    writer.store = Store::new(counter.client(&env.sdk), &config.table_name);
    let setup = Store::new(aws_sdk_dynamodb::Client::new(&env.sdk), &config.table_name);

    let now = Utc::now();
    let new = NewSearch {
        name: "large".into(),
        query: "vinyl".into(),
        platform: SearchPlatform::Both,
        filters: Default::default(),
        check_interval_hours: 24,
        min_record_condition: None,
        min_sleeve_condition: None,
        seller_location_preference: Some("US".into()),
    };
    let search = SavedSearch::create(UserId::new(), new, now);
    setup.create_search(&search).await.unwrap();
    setup.replace_list_items(search.user_id, ListKind::Wantlist, &input.wanted).await.unwrap();
    setup.replace_list_items(search.user_id, ListKind::Collection, &input.owned).await.unwrap();
    let run = Run::queued(search.id, search.user_id, &Platform::ALL, now);
    setup.create_run(&run).await.unwrap();
    let mut batches = run_batches(&search, &run, &input.listings);
    let last = batches.pop().unwrap();
    let chunks = batches.iter().filter(|b| !b.listings.is_empty()).count() as u64;
    assert!(chunks >= 5, "a run of many chunks: {chunks}");

    // The store phase: every chunk with listings, and each marketplace's empty last chunk.
    counter.take();
    deliver(&writer, &batches).await;
    let store = counter.take();
    let per_result = total(&store) as f64 / RESULTS as f64;
    assert!(per_result <= 0.3, "{per_result:.3} requests per result: {store:?}");
    assert_eq!(count(&store, "Scan"), 0, "{store:?}");
    // Results, price points, packs, sellers and release rollups go out 25 to a request; what is
    // not batched is per chunk: the run and the search read, the chunk recorded on the run.
    let batched = count(&store, "BatchWriteItem") + count(&store, "BatchGetItem");
    assert!(batched <= RESULTS as u64 * 15 / 100, "{store:?}");
    let single = count(&store, "GetItem") + count(&store, "PutItem") + count(&store, "UpdateItem");
    assert!(single <= 4 * batches.len() as u64, "{} chunks: {store:?}", batches.len());
    // The want list and collection (hundreds of items) are read once for the whole run.
    assert!(count(&store, "Query") <= 6, "{store:?}");

    // The completion reads the packs of the run, not its thousands of results.
    deliver(&writer, std::slice::from_ref(&last)).await;
    let completion = counter.take();
    let done = setup.get_run(search.id, run.id).await.unwrap().unwrap();
    assert_eq!(done.status, RunStatus::Completed);
    assert_eq!(done.new_results as usize, RESULTS);
    let analysis = setup.get_analysis(search.id).await.unwrap().unwrap();
    assert_eq!(analysis.analysis.summary.total_results as usize, RESULTS);
    assert!(analysis.analysis.summary.wantlist_matches > 0, "the lists flagged results");
    assert!(total(&completion) as usize <= RESULTS / 20, "{completion:?}");
    // The run, the search and the analysis header read; the packs and the list snapshot queried.
    assert!(count(&completion, "GetItem") + count(&completion, "BatchGetItem") <= 4, "{completion:?}");
    assert!(count(&completion, "Query") <= 4, "{completion:?}");

    // Every chunk again (SQS redelivers): the run is over, nothing is written.
    deliver(&writer, &batches).await;
    deliver(&writer, std::slice::from_ref(&last)).await;
    let again = counter.take();
    let writes = ["BatchWriteItem", "PutItem", "UpdateItem", "DeleteItem"].map(|op| count(&again, op));
    assert_eq!(writes, [0; 4], "{again:?}");
    assert!(total(&again) <= 2 * (batches.len() as u64 + 1), "two reads per chunk: {again:?}");
    let after = setup.get_analysis(search.id).await.unwrap().unwrap();
    assert_eq!(after.id, analysis.id, "the stored analysis is the completion's");
    assert_eq!(setup.get_run(search.id, run.id).await.unwrap().unwrap().new_results, done.new_results);
}
