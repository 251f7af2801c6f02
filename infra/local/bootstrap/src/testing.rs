//! Test support: every test gets its own table, queues, bus and secrets under a unique prefix on
//! the emulators started by `scripts/test`, so tests run in parallel and re-run cleanly.

use aws_config::{BehaviorVersion, SdkConfig};

use crate::template::Template;
use crate::{LocalResources, bootstrap};

pub struct TestEnv {
    pub sdk: SdkConfig,
    pub resources: LocalResources,
}

impl TestEnv {
    /// Bootstraps fresh resources. Panics with a hint when the emulators are not running,
    /// which is a broken test set-up, not a test failure.
    pub async fn new() -> Self {
        assert!(
            std::env::var_os("AWS_ENDPOINT_URL").is_some(),
            "AWS_ENDPOINT_URL is not set: run the tests with ./scripts/test, which starts the emulators"
        );
        let sdk = aws_config::defaults(BehaviorVersion::latest()).load().await;
        let template = Template::repository().expect("template.yaml parses");
        let prefix = format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let resources = bootstrap(&sdk, &template, &prefix).await.expect("bootstrap on the emulators");
        Self { sdk, resources }
    }

    /// The functions' environment, as a lookup for `Config::from_lookup`.
    pub fn env(&self, name: &str) -> Option<String> {
        self.resources.env(name)
    }
}

/// Runs a function's real `main` with the functions' environment minus one variable and checks
/// that it exits with a failure naming that variable.
pub fn assert_main_names_missing_variable(binary: &str, complete_env: &[(&str, &str)], missing: &str) {
    let output = std::process::Command::new(binary)
        .env_clear()
        .envs(complete_env.iter().filter(|(name, _)| *name != missing).copied())
        .env("AWS_REGION", "us-east-1")
        .output()
        .expect("the function binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{binary} started without {missing}");
    assert!(
        stderr.contains(&format!("missing required environment variable {missing}")),
        "{binary} did not name {missing}: {stderr}"
    );
}

/// A complete set of the functions' variables with placeholder values.
pub const PLACEHOLDER_ENV: [(&str, &str); 7] = [
    ("TABLE_NAME", "table"),
    ("FETCH_DISCOGS_QUEUE_URL", "http://127.0.0.1:1/q/discogs"),
    ("FETCH_EBAY_QUEUE_URL", "http://127.0.0.1:1/q/ebay"),
    ("RESULTS_QUEUE_URL", "http://127.0.0.1:1/q/results"),
    ("EVENT_BUS_NAME", "bus"),
    ("JWT_SECRET_PARAM", "/p/jwt"),
    ("DATA_KEY_PARAM", "/p/data"),
];

/// Receives (and deletes) every message currently on a queue; returns their bodies.
pub async fn drain(sqs: &aws_sdk_sqs::Client, url: &str) -> Vec<String> {
    let mut bodies = Vec::new();
    loop {
        let out = sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .wait_time_seconds(1)
            .send()
            .await
            .expect("receive from the emulator");
        let messages = out.messages.unwrap_or_default();
        if messages.is_empty() {
            return bodies;
        }
        for message in messages {
            if let Some(receipt) = message.receipt_handle {
                sqs.delete_message().queue_url(url).receipt_handle(receipt).send().await.expect("delete");
            }
            bodies.extend(message.body);
        }
    }
}

/// The raw MIME messages the SES emulator accepted for `to`.
///
/// moto serialises every model of every service for this dump, so a request that meets another
/// test's write mid-serialisation gets a 500; those are retried rather than read as "no mail".
pub async fn sent_emails(to: &str) -> Vec<String> {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").expect("the emulators run");
    let url = format!("{endpoint}/moto-api/data.json");
    let mut attempt = 0;
    let data: serde_json::Value = loop {
        attempt += 1;
        let response = reqwest::get(&url).await.expect("the emulator answers");
        let status = response.status();
        let body = response.text().await.expect("the emulator sends a body");
        match serde_json::from_str(&body) {
            Ok(data) if status.is_success() => break data,
            _ if attempt < 10 => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
            _ => panic!("moto's data dump failed {attempt} times, last {status}: {body:.300}"),
        }
    };
    data["ses"]["RawMessage"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| {
            m["destinations"].as_array().is_some_and(|d| d.iter().any(|a| a.as_str().is_some_and(|a| a.contains(to))))
        })
        .filter_map(|m| m["raw_data"].as_str().map(str::to_owned))
        .collect()
}
