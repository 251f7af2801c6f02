//! The result writer's own handler on a generated search (run by `./scripts/bench writer`, which
//! starts the emulators and writes the inputs with `scripts/lib/gen_results.py`, the generator
//! of the original system's figures): for each size, a new search's first run is delivered chunk
//! by chunk as the fetchers would send it, with the user's want list and collection synced
//! before. Prints the store phase (every chunk with listings) and the completion (the run's last,
//! empty chunk: analysis, price comparison, run completed) in time and DynamoDB requests by
//! operation, median of `REPEAT` runs (default 3).
//!
//! Usage: `cargo bench -p vinyldigger-local --bench writer -- FILE...` (one generated file each).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;
use vinyldigger::config::Config;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::listing::{Listing, SellerInfo};
use vinyldigger::domain::lists::{ListItem, ListKind};
use vinyldigger::domain::money::{Currency, Money};
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::queue::{FetchJob, ResultBatch, V1};
use vinyldigger::store::Store;
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_local::request_count::{RequestCount, describe};

struct Input {
    listings: Vec<Listing>,
    wanted: Vec<ListItem>,
    owned: Vec<ListItem>,
}

fn money(value: &Value, currency: &Value) -> Money {
    let currency = currency.as_str().and_then(|c| Currency::new(c).ok()).unwrap_or(Currency::USD);
    let amount = value.as_f64().unwrap_or(0.0);
    Money::new((amount * 100.0).round() as i64, currency)
}

/// A generated result's `item_data` as the fetchers normalise such a listing.
fn listing(result: &Value) -> Listing {
    let d = &result["item_data"];
    let text = |v: &Value| v.as_str().map(str::to_owned);
    if result["platform"] == "discogs" {
        let mut l = Listing::new(Platform::Discogs, d["id"].as_str().unwrap(), d["title"].as_str().unwrap(), money(&d["price"], &d["currency"]))
            .with_conditions(d["condition"].as_str(), d["sleeve_condition"].as_str());
        l.artist = text(&d["artist"]);
        l.release_title = text(&d["album"]);
        l.release_id = d["release_id"].as_str().and_then(|r| r.parse().ok());
        l.format = d["format"].as_array().map(|f| f.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
        l.label = d["label"][0].as_str().map(str::to_owned);
        l.catalog_number = text(&d["catno"]);
        l.shipping = (!d["shipping_price"].is_null()).then(|| money(&d["shipping_price"], &d["currency"]));
        l.web_url = text(&d["uri"]);
        l.image_url = text(&d["cover_image"]);
        let s = &d["seller"];
        l.seller = Some(SellerInfo {
            id: s["username"].as_str().unwrap_or_default().to_owned(),
            name: s["username"].as_str().unwrap_or_default().to_owned(),
            location: None,
            feedback_percentage: s["rating"].as_f64(),
            feedback_count: None,
            estimated_shipping: None,
            url: text(&s["url"]),
        });
        l
    } else {
        let mut l = Listing::new(Platform::Ebay, d["id"].as_str().unwrap(), d["title"].as_str().unwrap(), money(&d["price"], &d["currency"]))
            .with_conditions(d["condition"].as_str(), None);
        l.shipping = Some(money(&d["shipping_cost"], &d["currency"]));
        l.web_url = text(&d["item_web_url"]);
        l.image_url = text(&d["image_url"]);
        let s = &d["seller"];
        l.seller = Some(SellerInfo {
            id: s["username"].as_str().unwrap_or_default().to_owned(),
            name: s["username"].as_str().unwrap_or_default().to_owned(),
            location: text(&d["location"]["country"]),
            feedback_percentage: s["feedback_percentage"].as_str().and_then(|p| p.parse().ok()),
            feedback_count: s["feedback_score"].as_u64(),
            estimated_shipping: None,
            url: None,
        });
        l
    }
}

fn read_input(path: &str) -> Input {
    let json: Value = serde_json::from_slice(&std::fs::read(path).expect("input file")).expect("input JSON");
    let results = json["results"].as_array().expect("results");
    let listings: Vec<Listing> = results.iter().map(listing).collect();
    // The lists name their records as Discogs does; releases no result has get a placeholder.
    let known: HashMap<u64, &Listing> = listings.iter().filter_map(|l| Some((l.release_id?, l))).collect();
    let item = |id: &Value, instance: bool| {
        let release: u64 = id.as_str().and_then(|r| r.parse().ok()).expect("release id");
        let found = known.get(&release);
        ListItem {
            item_id: if instance { format!("inst-{release}") } else { release.to_string() },
            release_id: release,
            title: found.and_then(|l| l.release_title.clone()).unwrap_or_else(|| format!("Release {release}")),
            artist: found.and_then(|l| l.artist.clone()),
            year: None,
            format: None,
            catalog_number: found.and_then(|l| l.catalog_number.clone()),
            added_at: None,
        }
    };
    let list = |name: &str, instance: bool| -> Vec<ListItem> {
        json[name].as_array().expect("list").iter().map(|id| item(id, instance)).collect()
    };
    let (wanted, owned) = (list("wantlist_release_ids", false), list("collection_release_ids", true));
    Input { listings, wanted, owned }
}

/// The run's chunks as the two fetchers send them, and a last empty chunk that completes it.
fn batches(search: &SavedSearch, run: &Run, listings: &[Listing]) -> (Vec<ResultBatch>, ResultBatch) {
    let mut all = Vec::new();
    for platform in Platform::ALL {
        let job = FetchJob {
            v: V1,
            run_id: run.id,
            user_id: search.user_id,
            search_id: search.id,
            platform,
            query: search.query.clone(),
            filters: Default::default(),
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: search.seller_location_preference.clone(),
            requested_at: run.created_at,
        };
        let mine: Vec<Listing> = listings.iter().filter(|l| l.platform == platform).cloned().collect();
        let mut chunks = ResultBatch::chunked(&job, mine, None);
        let count = chunks.len() as u32 + 1;
        for c in &mut chunks {
            c.chunks = count;
            c.last = false;
        }
        let mut last = chunks[0].clone();
        (last.listings, last.chunk, last.last) = (Vec::new(), count - 1, true);
        all.push((chunks, last));
    }
    let (ebay, ebay_last) = all.pop().expect("eBay");
    let (mut chunks, discogs_last) = all.pop().expect("Discogs");
    chunks.extend(ebay);
    chunks.push(discogs_last);
    (chunks, ebay_last)
}

struct Measured {
    store: Duration,
    store_requests: BTreeMap<String, u64>,
    chunks: usize,
    completion: Duration,
    completion_requests: BTreeMap<String, u64>,
}

async fn measure(env: &TestEnv, config: &Config, input: &Input, n: usize) -> Measured {
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
    let (chunks, last) = batches(&search, &run, &input.listings);
    let count = chunks.len();

    counter.take();
    let started = Instant::now();
    for batch in chunks {
        result_writer::handle(&writer, batch, Utc::now(), Deadline::unbounded()).await.expect("chunk");
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
        let input = read_input(&file);
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
