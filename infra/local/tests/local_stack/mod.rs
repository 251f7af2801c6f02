//! The whole local stack for a test: emulated table and queues of its own, the sandbox
//! marketplace, and the local runner (API, queue consumers, scheduler) on a free port, with a
//! user logged in.

#![allow(dead_code)] // Each test file uses its own part of the harness.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::{Value, json};
use vinyldigger_bootstrap::testing::{TestEnv, drain};
use vinyldigger_local::runner::{Functions, run, start_sandbox};

pub struct Stack {
    pub env: TestEnv,
    pub base: String,
    pub sandbox: String,
    pub http: reqwest::Client,
    pub token: String,
    functions: Arc<Functions>,
    runner: tokio::task::JoinHandle<()>,
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.runner.abort();
    }
}

async fn free_addr() -> SocketAddr {
    let probe = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    probe.local_addr().unwrap()
}

/// Runs the local runner on `addr` until aborted, and waits until it answers.
async fn start_runner(
    env: &TestEnv,
    functions: Arc<Functions>,
    addr: SocketAddr,
) -> (String, tokio::task::JoinHandle<()>) {
    let runner = tokio::spawn({
        let sdk = env.sdk.clone();
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
    (base, runner)
}

async fn redeliver_after(env: &TestEnv, seconds: u32) {
    let sqs = aws_sdk_sqs::Client::new(&env.sdk);
    for (id, url) in &env.resources.queue_urls {
        if id.ends_with("Dlq") {
            continue;
        }
        sqs.set_queue_attributes()
            .queue_url(url)
            .attributes(QueueAttributeName::VisibilityTimeout, seconds.to_string())
            .send()
            .await
            .unwrap();
    }
}

/// Starts the whole local stack; `tune` adjusts the functions before they run.
pub async fn stack(tune: impl FnOnce(&mut Functions)) -> Stack {
    stack_redelivering(None, tune).await
}

/// [`stack`] with queues that redeliver an unacknowledged message after `seconds` rather than
/// the template's minutes, so retries and dead-lettering happen within a test. Set before the
/// consumers start: a receive keeps the visibility timeout the queue had when it began.
pub async fn stack_redelivering(seconds: Option<u32>, tune: impl FnOnce(&mut Functions)) -> Stack {
    vinyldigger::telemetry::init();
    let env = TestEnv::new().await;
    if let Some(seconds) = seconds {
        redeliver_after(&env, seconds).await;
    }
    let sandbox = start_sandbox().await.unwrap();
    // Chosen first: links in alerts point at the app.
    let addr = free_addr().await;
    let mut functions =
        Functions::new_at(&env.sdk, &env.resources, Some(&sandbox), &format!("http://{addr}")).await.unwrap();
    tune(&mut functions);
    let functions = Arc::new(functions);
    let (base, runner) = start_runner(&env, functions.clone(), addr).await;
    let http = reqwest::Client::new();
    let health: Value = http.get(format!("{base}/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["marketplace"], "sandbox", "{health}");
    // Each stack's own address: the SES emulator's mailbox is shared by every test.
    let email = format!("digger-{}@example.com", uuid::Uuid::new_v4().simple());
    http.post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": "pw-123456"}))
        .send()
        .await
        .unwrap();
    let tokens: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .form(&[("username", email.as_str()), ("password", "pw-123456")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    Stack { env, base, sandbox, http, token, functions, runner }
}

impl Stack {
    pub async fn get(&self, path: &str) -> Value {
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

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let response =
            self.http.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body).send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("POST {path}: {status} {text:?}"))
    }

    pub async fn fault(&self, mode: &str, market: &str) {
        let url = format!("{}/_sandbox/fault/{mode}?market={market}", self.sandbox);
        assert!(self.http.post(url).send().await.unwrap().status().is_success());
    }

    /// Creates a paused search (so only explicit runs start it, not also the scheduler's first
    /// tick); returns its id.
    pub async fn paused_search(&self, body: Value) -> String {
        let search = self.post("/api/v1/searches", body).await;
        let id = search["id"].as_str().unwrap().to_owned();
        self.http
            .put(format!("{}/api/v1/searches/{id}", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"is_active": false}))
            .send()
            .await
            .unwrap();
        id
    }

    /// Creates a search and runs it now; returns its id once the run is final.
    pub async fn run_search(&self, query: &str, platform: &str) -> (String, Value) {
        self.run_new_search(json!({"name": query, "query": query, "platform": platform})).await
    }

    pub async fn run_new_search(&self, body: Value) -> (String, Value) {
        let id = self.paused_search(body).await;
        self.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
        let (run, _) = self.final_run(&id, Duration::from_secs(30)).await;
        (id, run)
    }

    /// The search's latest run once it is final, and how long that took from now; panics after
    /// `limit`.
    pub async fn final_run(&self, id: &str, limit: Duration) -> (Value, Duration) {
        let started = Instant::now();
        while started.elapsed() < limit {
            let run = self.get(&format!("/api/v1/searches/{id}/runs/latest")).await;
            if run["status"] == "completed" || run["status"] == "failed" {
                return (run, started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the run of search {id} did not finish within {limit:?}");
    }

    /// Runs the rates function once as its schedule would (the runner's first tick may still be
    /// under way), so runs from now on convert with today's sandbox rates.
    pub async fn rates_ready(&self) {
        let done = rates::tick(&self.functions.rates, chrono::Utc::now()).await;
        assert!(done.is_ok(), "{done:?}");
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        let response =
            self.http.put(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body).send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    pub async fn sync_lists(&self) {
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

    /// Stops the runner as a crash would (nothing finishes, nothing is acknowledged) and starts
    /// a new one against the same resources.
    pub async fn restart(&mut self) {
        self.runner.abort();
        let _ = (&mut self.runner).await;
        let (base, runner) = start_runner(&self.env, self.functions.clone(), free_addr().await).await;
        self.base = base;
        self.runner = runner;
    }

    /// The bodies on every dead-letter queue, emptied.
    pub async fn dead_letters(&self) -> Vec<String> {
        let sqs = aws_sdk_sqs::Client::new(&self.env.sdk);
        let mut bodies = Vec::new();
        for (id, url) in &self.env.resources.queue_urls {
            if id.ends_with("Dlq") {
                bodies.extend(drain(&sqs, url).await);
            }
        }
        bodies
    }

    /// Sends a raw message to one of the template's queues.
    pub async fn send(&self, queue: &str, body: &str) {
        let sqs = aws_sdk_sqs::Client::new(&self.env.sdk);
        sqs.send_message().queue_url(&self.env.resources.queue_urls[queue]).message_body(body).send().await.unwrap();
    }
}
