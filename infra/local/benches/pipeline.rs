//! The search pipeline on the local stack (run by `./scripts/bench pipeline`, which starts the
//! emulators): the time from `POST /run` to a completed run of a search with at least 200
//! listings per platform, with the sandbox marketplace (no injected latency), the notifier's
//! added latency (a run's completion to its first alert at a webhook on 127.0.0.1), and the
//! result writer's throughput in listings per second.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use vinyldigger::config::Config;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::listing::{Listing, SellerInfo};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::Run;
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::queue::{FetchJob, ResultBatch, V1};
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_local::runner::{Functions, run, start_sandbox};
use vinyldigger_sandbox::generated::{BULK_QUERY, BULK_SELLER};

const RUNS: usize = 20;
const LISTINGS_PER_PLATFORM: usize = 200;
/// Discogs runs start this far apart: four calls each, and the shared budget refills 55 a
/// minute, so closer runs would measure the rate limiter rather than the pipeline.
const DISCOGS_SPACING: Duration = Duration::from_secs(5);
/// Runs whose alert latency is measured; each is a new search, so its wanted records are new.
const ALERT_SAMPLES: usize = 15;

#[tokio::main]
async fn main() {
    let env = TestEnv::new().await;
    run_to_completion(&env).await;
    writer_throughput(&env).await;
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn run_to_completion(env: &TestEnv) {
    let sandbox = start_sandbox().await.expect("sandbox");
    let functions = Arc::new(Functions::new(&env.sdk, &env.resources, Some(&sandbox)).await.expect("functions"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    tokio::spawn({
        let (sdk, functions) = (env.sdk.clone(), functions.clone());
        async move {
            let _ = run(&sdk, functions, addr, None).await;
        }
    });
    // The generated catalogue: BULK_SIZE inventory listings of one followed Discogs seller (one
    // database search + three inventory pages of 100) and eBay's largest page of 200 items.
    let filters = json!({"discogs_sellers": [BULK_SELLER], "limit": LISTINGS_PER_PLATFORM});
    let base = format!("http://{addr}");
    alert_latency(&base).await;
    for (platform, spacing) in [("ebay", Duration::ZERO), ("both", DISCOGS_SPACING)] {
        // A user of its own per platform: RUNS presses each stay within a user's hourly quota.
        let api = Api::login(base.clone(), &format!("bench-{platform}@example.com")).await;
        let id = api
            .paused_search(json!({"name": platform, "query": BULK_QUERY, "platform": platform, "filters": filters}))
            .await;
        let mut times = Vec::new();
        let mut listings = Value::Null;
        for _ in 0..RUNS {
            let started = Instant::now();
            listings = api.run_to_completion(&id).await["listings"].take();
            times.push(started.elapsed());
            tokio::time::sleep(spacing.saturating_sub(started.elapsed())).await;
        }
        times.sort();
        println!(
            "POST /run -> completed, {platform} ({RUNS} runs, listings {listings}): p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
    }
}

/// A webhook POST: when it arrived, and its body.
type Arrival = (DateTime<Utc>, String);

/// From a run's `completed_at` to the first of its alerts at a webhook receiver: the bus, the
/// notifier's queue and the notifier (docs/performance.md#alerts).
async fn alert_latency(base: &str) {
    let api = Api::login(base.to_owned(), "bench-alerts@example.com").await;
    let arrivals: Arc<Mutex<Vec<Arrival>>> = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
    let hook = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let sink = arrivals.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: String| async move {
            sink.lock().expect("arrivals").push((Utc::now(), body));
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    api.send("PUT", "/api/v1/notifications/settings", json!({"daily_cap": 500, "webhook": {"url": hook}})).await;
    api.send("POST", "/api/v1/collections/sync", json!({})).await;
    while api.send("GET", "/api/v1/collections/wantlist/status", Value::Null).await["sync_status"] != "succeeded" {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut times = Vec::new();
    for i in 0..ALERT_SAMPLES {
        let id = api
            .paused_search(json!({"name": format!("alerts {i}"), "query": "miles davis", "platform": "discogs"}))
            .await;
        let completed: DateTime<Utc> =
            api.run_to_completion(&id).await["completed_at"].as_str().expect("completed_at").parse().expect("a time");
        let first = loop {
            let first = arrivals
                .lock()
                .expect("arrivals")
                .iter()
                .filter(|(_, body)| body.contains(&id))
                .map(|(at, _)| *at)
                .min();
            match first {
                Some(at) => break at,
                None => tokio::time::sleep(Duration::from_millis(5)).await,
            }
        };
        times.push((first - completed).to_std().unwrap_or_default());
    }
    times.sort();
    println!(
        "run completed -> first alert at the webhook ({ALERT_SAMPLES} runs): p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}

/// A logged-in client of the local stack's API.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn login(base: String, email: &str) -> Self {
        let http = reqwest::Client::new();
        while http.get(format!("{base}/health")).send().await.is_err() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        http.post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": "bench-password"}))
            .send()
            .await
            .expect("register");
        let tokens: Value = http
            .post(format!("{base}/api/v1/auth/login"))
            .form(&[("username", email), ("password", "bench-password")])
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("tokens");
        let token = tokens["access_token"].as_str().expect("token").to_owned();
        Self { http, base, token }
    }

    /// A search that only runs when asked (paused, so the scheduler leaves it alone).
    async fn paused_search(&self, body: Value) -> String {
        let search: Value = self
            .http
            .post(format!("{}/api/v1/searches", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("search")
            .json()
            .await
            .expect("search body");
        let id = search["id"].as_str().expect("id").to_owned();
        self.http
            .put(format!("{}/api/v1/searches/{id}", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"is_active": false}))
            .send()
            .await
            .expect("pause");
        id
    }

    /// A JSON call; its answer's body.
    async fn send(&self, method: &str, path: &str, body: Value) -> Value {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().await.expect("an answer");
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.expect("a JSON body")
    }

    /// Runs the search and polls `runs/latest` until the run is final; the run.
    async fn run_to_completion(&self, id: &str) -> Value {
        let started = self
            .http
            .post(format!("{}/api/v1/searches/{id}/run", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("run");
        assert_eq!(started.status(), reqwest::StatusCode::OK, "a run must start, or the numbers are not of runs");
        loop {
            let latest: Value = self
                .http
                .get(format!("{}/api/v1/searches/{id}/runs/latest", self.base))
                .bearer_auth(&self.token)
                .send()
                .await
                .expect("latest")
                .json()
                .await
                .expect("latest body");
            match latest["status"].as_str() {
                Some("completed") => return latest,
                Some("failed") => panic!("run failed: {latest}"),
                _ => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
    }
}

fn listing(platform: Platform, i: usize) -> Listing {
    let mut l = Listing::new(
        platform,
        format!("bench-{i}"),
        format!("Artist {} - Record {}", i % 40, i % 70),
        Money::usd_cents(900 + (i as i64 * 53) % 5000),
    );
    l.release_id = Some(1_000 + (i % 60) as u64);
    l.shipping = Some(Money::usd_cents(450));
    l.seller = Some(SellerInfo {
        id: format!("seller-{}", i % 25),
        name: format!("Seller {}", i % 25),
        location: Some("US".into()),
        feedback_percentage: Some(98.5),
        feedback_count: Some(800),
        estimated_shipping: None,
        url: None,
    });
    l
}

async fn writer_throughput(env: &TestEnv) {
    let config = Config::from_lookup(|n| env.env(n)).expect("config");
    let writer = result_writer::Deps::new(&config, &env.sdk);
    let now = Utc::now();
    let mut totals = Vec::new();
    for round in 0..3 {
        let search = SavedSearch::create(
            UserId::new(),
            NewSearch {
                name: format!("writer-{round}"),
                query: "q".into(),
                platform: SearchPlatform::Both,
                filters: Default::default(),
                check_interval_hours: 24,
                min_record_condition: None,
                min_sleeve_condition: None,
                seller_location_preference: None,
            },
            now,
        );
        writer.store.create_search(&search).await.expect("search");
        let run = Run::queued(search.id, search.user_id, &Platform::ALL, now);
        writer.store.create_run(&run).await.expect("run");
        let mut batches = Vec::new();
        for platform in Platform::ALL {
            let job = FetchJob {
                v: V1,
                run_id: run.id,
                user_id: search.user_id,
                search_id: search.id,
                platform,
                query: "q".into(),
                filters: Default::default(),
                min_record_condition: None,
                min_sleeve_condition: None,
                seller_location_preference: None,
                requested_at: now,
                wantlist: None,
            };
            let listings = (0..LISTINGS_PER_PLATFORM).map(|i| listing(platform, i)).collect();
            batches.extend(ResultBatch::chunked(&job, listings, None));
        }
        let started = Instant::now();
        for batch in batches {
            result_writer::handle(&writer, batch, Utc::now(), Deadline::unbounded()).await.expect("write");
        }
        totals.push(started.elapsed());
    }
    totals.sort();
    let median = totals[1];
    let listings = 2 * LISTINGS_PER_PLATFORM;
    println!(
        "result writer: {listings} listings (2 x {LISTINGS_PER_PLATFORM}) written and analysed in {:.0} ms (median of 3) = {:.0} listings/s",
        median.as_secs_f64() * 1e3,
        listings as f64 / median.as_secs_f64()
    );
}
