//! The local stack as `scripts/dev` runs it, as processes: `scripts/lib/emulators.sh` starts the
//! AWS emulators (or points at a given endpoint) and the runner binary serves the API, in a
//! process group of their own that the test stops as Ctrl-C would, and restarts.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository")
}

/// A fresh directory under the target directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = repo().join("target/tmp").join(format!("{name}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Which AWS endpoint the stack uses.
#[derive(Clone)]
pub enum Aws {
    /// `start_emulators`: its own DynamoDB Local (on `--data` when given) and moto.
    Bundled { data: Option<PathBuf> },
    /// `VD_AWS_ENDPOINT`: an endpoint started elsewhere, nothing started by the script.
    Endpoint(String),
    /// The emulators `scripts/test` started for every test (the variables the test inherited).
    Inherited,
}

pub struct StackOptions {
    pub aws: Aws,
    pub prefix: String,
    /// Extra arguments of `vinyldigger-local serve`.
    pub args: Vec<String>,
    /// Extra environment of the runner (and the script).
    pub env: Vec<(String, String)>,
}

impl StackOptions {
    pub fn new(aws: Aws) -> Self {
        let prefix = format!("p{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
        Self { aws, prefix, args: Vec::new(), env: Vec::new() }
    }

    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn env(mut self, name: &str, value: impl Into<String>) -> Self {
        self.env.push((name.to_owned(), value.into()));
        self
    }
}

/// A running stack: the script's shell, its emulators and the runner, one process group.
pub struct LocalStack {
    shell: Child,
    pub base: String,
    pub log: PathBuf,
    /// `AWS_ENDPOINT_URL*` the stack uses, as the script exported them.
    pub aws_env: Vec<(String, String)>,
    logs: TempDir,
    stopped: bool,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

impl LocalStack {
    pub async fn start(options: &StackOptions) -> Self {
        let logs = TempDir::new("stack-logs");
        let log = logs.0.join("stack.log");
        let aws_env_file = logs.0.join("aws.env");
        let addr = format!("127.0.0.1:{}", free_port());
        let start_aws = match &options.aws {
            Aws::Bundled { data: Some(dir) } => format!("start_emulators --data '{}'", dir.display()),
            Aws::Bundled { data: None } | Aws::Endpoint(_) => "start_emulators".to_owned(),
            Aws::Inherited => "true".to_owned(),
        };
        let script = format!(
            "set -euo pipefail\nsource scripts/lib/emulators.sh\n{start_aws}\n\
             env | grep '^AWS_ENDPOINT_URL' > '{}' || true\n\
             '{}' serve --prefix '{}' --addr {addr} \"$@\"",
            aws_env_file.display(),
            env!("CARGO_BIN_EXE_vinyldigger-local"),
            options.prefix,
        );
        let mut command = Command::new("bash");
        command.arg("-c").arg(script).arg("stack").args(&options.args).current_dir(repo());
        if !matches!(options.aws, Aws::Inherited) {
            command.env_remove("AWS_ENDPOINT_URL").env_remove("AWS_ENDPOINT_URL_DYNAMODB");
        }
        command.env_remove("VD_AWS_ENDPOINT").env_remove("VD_MARKETPLACE").env_remove("CORS_ORIGINS");
        if let Aws::Endpoint(url) = &options.aws {
            command.env("VD_AWS_ENDPOINT", url);
        }
        command
            .env("EMU_DIR", &logs.0)
            .env("NO_COLOR", "1")
            .envs(options.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::from(std::fs::File::create(&log).expect("log file")))
            .stderr(Stdio::from(std::fs::File::create(logs.0.join("stack.err")).expect("log file")));
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let shell = command.spawn().expect("bash runs");
        let mut stack = Self { shell, base: format!("http://{addr}"), log, aws_env: Vec::new(), logs, stopped: false };
        stack.wait_until_up().await;
        stack.aws_env = std::fs::read_to_string(&aws_env_file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
            .collect();
        stack
    }

    async fn wait_until_up(&mut self) {
        let http = reqwest::Client::new();
        for _ in 0..1200 {
            if http.get(format!("{}/health", self.base)).send().await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            if let Ok(Some(status)) = self.shell.try_wait() {
                panic!("the stack exited ({status}) before answering:\n{}", self.output());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the stack did not answer within 120 s:\n{}", self.output());
    }

    /// Everything the stack has logged so far (the runner's log and the script's errors).
    pub fn output(&self) -> String {
        let read = |name: &str| std::fs::read_to_string(self.logs.0.join(name)).unwrap_or_default();
        format!("{}{}", read("stack.log"), read("stack.err"))
    }

    fn aws_var(&self, name: &str) -> Option<String> {
        self.aws_env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    async fn sdk(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new("test", "test", None, None, "tests"))
            .load()
            .await
    }

    /// A DynamoDB client of the stack's endpoint (DynamoDB Local when the script started one);
    /// the endpoint is set on the client, over the test's own emulator variables.
    pub async fn dynamodb(&self) -> aws_sdk_dynamodb::Client {
        let endpoint = self.aws_var("AWS_ENDPOINT_URL_DYNAMODB").or_else(|| self.aws_var("AWS_ENDPOINT_URL"));
        let mut config = aws_sdk_dynamodb::config::Builder::from(&self.sdk().await);
        config.set_endpoint_url(endpoint);
        let config = config.build();
        aws_sdk_dynamodb::Client::from_conf(config)
    }

    /// An SQS client of the stack's endpoint.
    pub async fn sqs(&self) -> aws_sdk_sqs::Client {
        let mut config = aws_sdk_sqs::config::Builder::from(&self.sdk().await);
        config.set_endpoint_url(self.aws_var("AWS_ENDPOINT_URL"));
        let config = config.build();
        aws_sdk_sqs::Client::from_conf(config)
    }

    /// The stack's store (its table is `<prefix>-Table`).
    pub async fn store(&self, prefix: &str) -> vinyldigger::store::Store {
        vinyldigger::store::Store::new(self.dynamodb().await, format!("{prefix}-Table"))
    }

    /// Stops every process of the stack as Ctrl-C in a terminal would (the whole group).
    pub fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let group = format!("-{}", self.shell.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.shell.wait();
        for _ in 0..100 {
            let alive = Command::new("kill").args(["-0", "--", &group]).stderr(Stdio::null()).status();
            if !alive.is_ok_and(|s| s.success()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    }
}

impl Drop for LocalStack {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A signed-in user of a stack's API.
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub token: String,
}

impl Client {
    pub async fn register(base: &str, email: &str) -> Self {
        let http = reqwest::Client::new();
        let registered = http
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": "pw-123456"}))
            .send()
            .await
            .unwrap();
        assert!(registered.status().is_success(), "register: {}", registered.status());
        Self::log_in(base, email).await.expect("the new account logs in")
    }

    /// `None` when the credentials are refused.
    pub async fn log_in(base: &str, email: &str) -> Option<Self> {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("{base}/api/v1/auth/login"))
            .form(&[("username", email), ("password", "pw-123456")])
            .send()
            .await
            .unwrap();
        if response.status() == 401 {
            return None;
        }
        let tokens: Value = response.json().await.unwrap();
        let token = tokens["access_token"].as_str().expect("an access token").to_owned();
        Some(Self { base: base.to_owned(), http, token })
    }

    /// The same session against another base URL (the restarted stack).
    pub fn at(&self, base: &str) -> Self {
        Self { base: base.to_owned(), http: self.http.clone(), token: self.token.clone() }
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn get(&self, path: &str) -> Value {
        let (status, body) = self.send(reqwest::Method::GET, path, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    pub async fn health(&self) -> Value {
        self.get("/health").await
    }

    /// A paused search (so only explicit runs start it); returns its id.
    pub async fn create_search(&self, query: &str, platform: &str) -> String {
        let body = json!({"name": query, "query": query, "platform": platform});
        let (status, search) = self.send(reqwest::Method::POST, "/api/v1/searches", Some(body)).await;
        assert_eq!(status, 200, "{search}");
        let id = search["id"].as_str().unwrap().to_owned();
        let pause = Some(json!({"is_active": false}));
        assert_eq!(self.send(reqwest::Method::PUT, &format!("/api/v1/searches/{id}"), pause).await.0, 200);
        id
    }

    /// Runs a search now and waits for the run to be final; returns the run.
    pub async fn run(&self, search: &str) -> Value {
        let (status, body) =
            self.send(reqwest::Method::POST, &format!("/api/v1/searches/{search}/run"), Some(json!({}))).await;
        assert!(status < 300, "run: {status} {body}");
        self.final_run(search).await
    }

    /// Waits (up to 60 s) until the search's latest run is final.
    pub async fn final_run(&self, search: &str) -> Value {
        for _ in 0..600 {
            let run = self.get(&format!("/api/v1/searches/{search}/runs/latest")).await;
            if run["status"] == "completed" || run["status"] == "failed" {
                return run;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the latest run of {search} did not finish within 60 s");
    }

    pub async fn results(&self, search: &str) -> Vec<Value> {
        self.get(&format!("/api/v1/searches/{search}/results")).await.as_array().cloned().unwrap_or_default()
    }
}
