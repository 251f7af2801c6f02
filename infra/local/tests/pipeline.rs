//! The search pipeline end to end on the local stack with the sandbox marketplace: the API, the
//! scheduler, both fetchers and the result writer, over real queues and the emulated table.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::{Value, json};
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_local::runner::{Functions, run, start_sandbox};

struct Stack {
    /// Keeps the test's resources named for the stack's lifetime.
    _env: TestEnv,
    base: String,
    sandbox: String,
    http: reqwest::Client,
    token: String,
    runner: tokio::task::JoinHandle<()>,
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.runner.abort();
    }
}

/// Starts the whole local stack; `tune` adjusts the functions before they run.
async fn stack(tune: impl FnOnce(&mut Functions)) -> Stack {
    vinyldigger::telemetry::init();
    let env = TestEnv::new().await;
    let sandbox = start_sandbox().await.unwrap();
    let mut functions = Functions::new(&env.sdk, &env.resources, Some(&sandbox)).await.unwrap();
    tune(&mut functions);
    let addr: SocketAddr = {
        let probe = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        probe.local_addr().unwrap()
    };
    let runner = tokio::spawn({
        let (sdk, functions) = (env.sdk.clone(), Arc::new(functions));
        async move {
            let _ = run(&sdk, functions, addr, None).await;
        }
    });
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http.get(format!("{base}/health")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let health: Value = http.get(format!("{base}/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health, json!({"status": "healthy", "marketplace": "sandbox"}));
    http.post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "digger@example.com", "password": "pw-123456"}))
        .send()
        .await
        .unwrap();
    let tokens: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .form(&[("username", "digger@example.com"), ("password", "pw-123456")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    Stack { _env: env, base, sandbox, http, token, runner }
}

impl Stack {
    async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let response =
            self.http.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body).send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("POST {path}: {status} {text:?}"))
    }

    async fn fault(&self, mode: &str, market: &str) {
        let url = format!("{}/_sandbox/fault/{mode}?market={market}", self.sandbox);
        assert!(self.http.post(url).send().await.unwrap().status().is_success());
    }

    /// Creates a search and runs it now; returns its id once the run is final.
    async fn run_search(&self, query: &str, platform: &str) -> (String, Value) {
        self.run_new_search(json!({"name": query, "query": query, "platform": platform})).await
    }

    async fn run_new_search(&self, body: Value) -> (String, Value) {
        let query = body["query"].clone();
        let search = self.post("/api/v1/searches", body).await;
        let id = search["id"].as_str().unwrap().to_owned();
        // Paused, so only the explicit run below starts it (not also the scheduler's first tick).
        self.http
            .put(format!("{}/api/v1/searches/{id}", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"is_active": false}))
            .send()
            .await
            .unwrap();
        let started = self.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
        assert_eq!(started["message"], "Search queued successfully", "{started}");
        for _ in 0..300 {
            let run = self.get(&format!("/api/v1/searches/{id}/runs/latest")).await;
            if run["status"] == "completed" || run["status"] == "failed" {
                return (id, run);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the run of {query:?} did not finish within 30 s");
    }

    async fn sync_lists(&self) {
        self.post("/api/v1/collections/sync", json!({})).await;
        for _ in 0..200 {
            let want = self.get("/api/v1/collections/wantlist/status").await;
            let coll = self.get("/api/v1/collections/status").await;
            if want["sync_status"] == "succeeded" && coll["sync_status"] == "succeeded" {
                assert!(want["item_count"].as_u64().unwrap() > 0 && coll["item_count"].as_u64().unwrap() > 0);
                assert!(want["last_sync_at"].is_string());
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the sync did not finish within 20 s");
    }
}

fn ids(values: &Value) -> Vec<String> {
    values.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn sync_then_run_a_search_on_both_marketplaces_and_read_every_view() {
    let s = stack(|_| {}).await;
    s.sync_lists().await;

    let (id, run) = s.run_search("blue", "both").await;
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["errors"], json!({}));
    assert!(run["listings"]["discogs"].as_u64().unwrap() > 0 && run["listings"]["ebay"].as_u64().unwrap() > 0, "{run}");

    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    let results = results.as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["is_in_collection"] == false));
    let wanted = results.iter().take_while(|r| r["is_in_wantlist"] == true).count();
    assert!(wanted > 0, "Kind of Blue is on the sandbox want list");
    assert!(results[wanted..].iter().all(|r| r["is_in_wantlist"] == false), "want-list items come first");
    let platforms: Vec<_> = results.iter().map(|r| r["platform"].as_str().unwrap()).collect();
    assert!(platforms.contains(&"discogs") && platforms.contains(&"ebay"));

    let analysis = s.get(&format!("/api/v1/analysis/search/{id}/analysis")).await;
    assert_eq!(analysis["analysis_completed"], true, "{analysis}");
    assert_eq!(
        analysis["analysis"]["total_results"].as_u64().unwrap() as usize,
        results.len(),
        "nothing owned matched 'blue'"
    );
    assert_eq!(analysis["analysis"]["wantlist_matches"].as_u64().unwrap() as usize, wanted);

    let offers = s.get(&format!("/api/v1/analysis/search/{id}/price-comparison")).await;
    let listed: usize =
        offers["price_comparisons"].as_array().unwrap().iter().map(|g| g["listings"].as_array().unwrap().len()).sum();
    assert_eq!(listed, results.len());

    // A record on both the want list and in the collection: owned, so hidden from results but
    // shown, flagged, in the price comparison.
    let (moon, _) = s.run_search("moon", "both").await;
    let moon_results = s.get(&format!("/api/v1/searches/{moon}/results")).await;
    assert!(moon_results.as_array().unwrap().iter().all(|r| r["is_in_collection"] == false && r["platform"] == "ebay"));
    let moon_offers = s.get(&format!("/api/v1/analysis/search/{moon}/price-comparison")).await;
    let owned: Vec<_> = moon_offers["price_comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["listings"].as_array().unwrap().clone())
        .filter(|l| l["is_in_collection"] == true)
        .collect();
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0]["platform"], "discogs");

    // Many eBay records from few sellers: multi-item deals whose items are the search's results.
    let (lp, _) = s.run_search("lp", "ebay").await;
    let deals = s.get(&format!("/api/v1/analysis/search/{lp}/multi-item-deals")).await;
    let deals = deals["multi_item_deals"].as_array().unwrap();
    assert!(!deals.is_empty(), "several sellers hold several LPs");
    let result_ids: Vec<String> = s
        .get(&format!("/api/v1/searches/{lp}/results"))
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    for deal in deals {
        assert!(deal["total_items"].as_u64().unwrap() >= 2);
        assert!(ids(&deal["item_ids"]).iter().all(|i| result_ids.contains(i)));
        assert!(deal["potential_savings"].as_f64().unwrap() > 0.0);
    }
}

#[tokio::test]
async fn a_followed_sellers_inventory_feeds_results_bundles_and_offers() {
    use vinyldigger_sandbox::generated::{BULK_QUERY, BULK_SELLER, BULK_SIZE};
    let s = stack(|_| {}).await;
    let filters = json!({"discogs_sellers": [BULK_SELLER], "limit": 200});
    let body = json!({"name": "archive", "query": BULK_QUERY, "platform": "both", "filters": filters});
    let (id, run) = s.run_new_search(body).await;
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["errors"], json!({}));
    assert_eq!(
        run["listings"],
        json!({"discogs": BULK_SIZE, "ebay": 200}),
        "every inventory page, eBay's largest page"
    );

    let analysis = s.get(&format!("/api/v1/analysis/search/{id}/analysis")).await;
    assert_eq!(analysis["analysis"]["total_results"], BULK_SIZE + 200, "{analysis}");
    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    assert_eq!(results.as_array().unwrap().len(), 100, "S7 shows at most 100");
    let discogs: Vec<_> = results.as_array().unwrap().iter().filter(|r| r["platform"] == "discogs").collect();
    assert!(!discogs.is_empty());
    assert!(discogs.iter().all(|r| r["item_data"]["seller"]["username"] == BULK_SELLER), "{:?}", discogs[0]);

    let deals = s.get(&format!("/api/v1/analysis/search/{id}/multi-item-deals")).await;
    let bundle = deals["multi_item_deals"].as_array().unwrap().iter().find(|d| d["seller"]["name"] == BULK_SELLER);
    assert!(bundle.is_some_and(|d| d["total_items"].as_u64().unwrap() >= 2), "{deals}");

    let offers = s.get(&format!("/api/v1/analysis/search/{id}/price-comparison")).await;
    let across: Vec<_> = offers["price_comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|group| {
            let platforms: Vec<_> =
                group["listings"].as_array().unwrap().iter().map(|l| l["platform"].clone()).collect();
            platforms.contains(&json!("discogs")) && platforms.contains(&json!("ebay"))
        })
        .collect();
    assert!(!across.is_empty(), "the same record is offered on both marketplaces");
    for group in across {
        // "Archive Pressing No. 17" must not be grouped with No. 170.
        let title = group["item_match"]["canonical_title"].as_str().unwrap();
        let number: String = title.rsplit("No. ").next().unwrap().chars().take_while(char::is_ascii_digit).collect();
        for listing in group["listings"].as_array().unwrap() {
            let listed = listing["item_data"]["title"].as_str().unwrap();
            assert!(listed.contains(&format!("No. {number} ")), "{listed:?} grouped under {title:?}");
        }
    }
}

#[tokio::test]
async fn an_ebay_outage_still_completes_the_run_with_the_discogs_results() {
    // No retries for the test: the first 500 is final (in production after ~10 minutes).
    let s = stack(|f| f.ebay.give_up_after = chrono::Duration::zero()).await;
    s.fault("500", "ebay").await;
    let (id, run) = s.run_search("blue", "both").await;
    assert_eq!(run["status"], "completed", "{run}");
    assert!(run["errors"]["ebay"].as_str().unwrap().contains("500"), "{run}");
    assert!(run["errors"].get("discogs").is_none());
    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    assert!(!results.as_array().unwrap().is_empty());
    assert!(results.as_array().unwrap().iter().all(|r| r["platform"] == "discogs"));
}

#[tokio::test]
async fn discogs_rate_limiting_slows_the_run_down_but_it_completes() {
    let s = stack(|_| {}).await;
    s.fault("429", "discogs").await;
    let lift = {
        let (http, url) = (s.http.clone(), format!("{}/_sandbox/fault/none?market=discogs", s.sandbox));
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            http.post(url).send().await.unwrap();
        })
    };
    let started = std::time::Instant::now();
    let (_, run) = s.run_search("blue", "discogs").await;
    lift.await.unwrap();
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["errors"], json!({}));
    assert!(run["listings"]["discogs"].as_u64().unwrap() > 0);
    assert!(started.elapsed() >= Duration::from_millis(1500), "the fetcher waited out the rate limit (Retry-After)");
}

#[tokio::test]
async fn an_undecodable_message_goes_to_the_dlq_without_blocking_its_batch() {
    use chrono::Utc;
    use vinyldigger::batch::process;
    use vinyldigger::config::Config;
    use vinyldigger_local::runner::consume_once;

    let env = TestEnv::new().await;
    let config = Config::from_lookup(|n| env.env(n)).unwrap();
    let writer = result_writer::Deps::new(&config, &env.sdk);
    let sqs = aws_sdk_sqs::Client::new(&env.sdk);
    let results = &env.resources.queue_urls["ResultsQueue"];
    sqs.set_queue_attributes()
        .queue_url(results)
        .attributes(QueueAttributeName::VisibilityTimeout, "1")
        .send()
        .await
        .unwrap();
    let good = serde_json::json!({
        "v": 1, "run_id": "019abf2e-7c00-7000-8000-000000000001", "user_id": "3f1e2d4c-5b6a-4789-8abc-def012345678",
        "search_id": "7d9f8e6a-1b2c-4d3e-8f4a-5b6c7d8e9f01", "platform": "ebay", "listings": [], "last": true, "chunk": 0, "chunks": 1
    });
    sqs.send_message().queue_url(results).message_body("{\"v\": 1, \"run_id\": 42").send().await.unwrap();
    sqs.send_message().queue_url(results).message_body(good.to_string()).send().await.unwrap();

    // The local runner's consumer cycle with the writer's handler, as Lambda would run it.
    let handle = |batch| async { process(batch, |b| result_writer::handle(&writer, b, Utc::now())).await };
    let mut received = 0;
    for _ in 0..8 {
        received += consume_once(&sqs, results, 1, &handle).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    assert_eq!(received, 4, "the good message once (then deleted), the bad one three times");

    let dlq = &env.resources.queue_urls["ResultsDlq"];
    let out =
        sqs.receive_message().queue_url(dlq).max_number_of_messages(10).wait_time_seconds(1).send().await.unwrap();
    let dead: Vec<_> = out.messages.unwrap_or_default().into_iter().filter_map(|m| m.body).collect();
    assert_eq!(dead, ["{\"v\": 1, \"run_id\": 42"], "after maxReceiveCount (3) receives it is redriven to the DLQ");
}
