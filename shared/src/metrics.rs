//! Metrics in CloudWatch's embedded metric format (EMF, docs/observability.md): each measurement
//! is one JSON line on stdout, which CloudWatch Logs turns into metrics under [`NAMESPACE`] (no
//! API call, nothing to batch or lose). Locally the same lines appear in the runner's log.
//!
//! Written here rather than taken from a crate: the maintained EMF crate
//! (`metrics_cloudwatch_embedded`) is a recorder for the process-wide `metrics` facade, flushed
//! per Lambda invocation by its own layer. The local runner hosts every function in one process,
//! where one global recorder would mix their dimensions, and a line per run or fetch job (not per
//! invocation) is what the dashboard shows. EMF itself is one `serde_json` object.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

/// The CloudWatch namespace of every metric.
pub const NAMESPACE: &str = "VinylDigger";

/// The metric names, as the template's dashboard reads them.
pub mod names {
    pub const RUNS: &str = "Runs";
    pub const RUN_DURATION: &str = "RunDuration";
    pub const LISTINGS_WRITTEN: &str = "ListingsWritten";
    pub const LISTINGS_FETCHED: &str = "ListingsFetched";
    pub const FETCH_FAILED: &str = "FetchFailed";
    pub const DYNAMODB_REQUESTS: &str = "DynamoDBRequests";
    pub const MARKETPLACE_CALLS: &str = "MarketplaceCalls";
    pub const MARKETPLACE_429S: &str = "Marketplace429s";
    pub const MARKETPLACE_QUOTA_LEFT: &str = "MarketplaceQuotaLeft";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Milliseconds,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Milliseconds => "Milliseconds",
        }
    }
}

/// One EMF line: values under one set of dimensions, with properties that are logged but are no
/// metrics (ids to find the run in the log).
#[derive(Debug, Clone)]
pub struct MetricLine {
    dimensions: Vec<(&'static str, String)>,
    values: Vec<(&'static str, Unit, f64)>,
    properties: Map<String, Value>,
}

impl MetricLine {
    /// A line of `function` (the `Function` dimension).
    pub fn new(function: &str) -> Self {
        Self { dimensions: vec![("Function", function.to_owned())], values: Vec::new(), properties: Map::new() }
    }

    pub fn dimension(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.dimensions.push((name, value.into()));
        self
    }

    pub fn count(mut self, name: &'static str, value: u64) -> Self {
        self.values.push((name, Unit::Count, value as f64));
        self
    }

    pub fn millis(mut self, name: &'static str, value: u64) -> Self {
        self.values.push((name, Unit::Milliseconds, value as f64));
        self
    }

    pub fn property(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.properties.insert(name.to_owned(), value.into());
        self
    }

    /// Adds the DynamoDB requests this process sent since its previous line.
    pub fn with_dynamodb_requests(self) -> Self {
        let requests = DYNAMODB_REQUESTS.swap(0, Ordering::Relaxed);
        self.count(names::DYNAMODB_REQUESTS, requests)
    }

    /// The EMF document.
    pub fn to_json(&self, at: DateTime<Utc>) -> Value {
        let mut root = self.properties.clone();
        for (name, value) in &self.dimensions {
            root.insert((*name).to_owned(), json!(value));
        }
        for (name, _, value) in &self.values {
            root.insert((*name).to_owned(), json!(value));
        }
        let dimensions: Vec<&str> = self.dimensions.iter().map(|(name, _)| *name).collect();
        let metrics: Vec<Value> =
            self.values.iter().map(|(name, unit, _)| json!({"Name": name, "Unit": unit.as_str()})).collect();
        root.insert(
            "_aws".to_owned(),
            json!({
                "Timestamp": at.timestamp_millis(),
                "CloudWatchMetrics": [{"Namespace": NAMESPACE, "Dimensions": [dimensions], "Metrics": metrics}],
            }),
        );
        Value::Object(root)
    }

    /// Writes the line to stdout (where Lambda's log capture reads it), whole.
    pub fn emit(self) {
        let line = self.to_json(Utc::now()).to_string();
        if let Ok(mut captured) = CAPTURED.lock()
            && let Some(lines) = captured.as_mut()
        {
            lines.push(line.clone());
        }
        let mut out = std::io::stdout().lock();
        // A lost metric line must never fail the work it measures.
        let _ = writeln!(out, "{line}");
    }
}

static CAPTURED: Mutex<Option<Vec<String>>> = Mutex::new(None);

/// Keeps a copy of every line emitted from now on in this process (tests read them back with
/// [`captured`]; they still go to stdout).
pub fn capture() {
    if let Ok(mut captured) = CAPTURED.lock() {
        captured.get_or_insert_with(Vec::new);
    }
}

/// The lines emitted since [`capture`], parsed.
pub fn captured() -> Vec<Value> {
    let lines = CAPTURED.lock().map(|c| c.clone().unwrap_or_default()).unwrap_or_default();
    lines.iter().filter_map(|line| serde_json::from_str(line).ok()).collect()
}

static DYNAMODB_REQUESTS: AtomicU64 = AtomicU64::new(0);

/// Counts every DynamoDB request (retries included) the store's client sends.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountDynamoRequests;

impl Intercept for CountDynamoRequests {
    fn name(&self) -> &'static str {
        "CountDynamoRequests"
    }

    fn read_before_transmit(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        DYNAMODB_REQUESTS.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// What one marketplace's calls did since its last line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarketplaceCounts {
    pub calls: u64,
    pub throttled: u64,
    /// What is left of its quota, as last learned (Discogs says it in each answer; eBay's daily
    /// budget is counted in the table).
    pub quota_left: Option<i64>,
}

static MARKETPLACES: Mutex<BTreeMap<String, MarketplaceCounts>> = Mutex::new(BTreeMap::new());

fn with_marketplace(source: &str, update: impl FnOnce(&mut MarketplaceCounts)) {
    if let Ok(mut all) = MARKETPLACES.lock() {
        update(all.entry(source.to_owned()).or_default());
    }
}

/// One answered call to `source`; `throttled` when it was a 429.
pub fn marketplace_call(source: &str, throttled: bool) {
    with_marketplace(source, |c| {
        c.calls += 1;
        c.throttled += u64::from(throttled);
    });
}

pub fn marketplace_quota_left(source: &str, left: i64) {
    with_marketplace(source, |c| c.quota_left = Some(left.max(0)));
}

/// The counts of `source` since the last take (which starts new ones; the quota left stays known).
pub fn take_marketplace(source: &str) -> MarketplaceCounts {
    let mut taken = MarketplaceCounts::default();
    with_marketplace(source, |c| {
        taken = *c;
        *c = MarketplaceCounts { quota_left: c.quota_left, ..MarketplaceCounts::default() };
    });
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_an_emf_document_with_its_dimensions_metrics_and_properties() {
        let at = DateTime::from_timestamp_millis(1_764_612_000_123).unwrap();
        let line = MetricLine::new("result-writer")
            .dimension("Outcome", "completed")
            .millis(names::RUN_DURATION, 1234)
            .count(names::RUNS, 1)
            .property("run_id", "r-1")
            .to_json(at);
        assert_eq!(
            line,
            json!({
                "_aws": {"Timestamp": 1_764_612_000_123_i64, "CloudWatchMetrics": [{
                    "Namespace": "VinylDigger",
                    "Dimensions": [["Function", "Outcome"]],
                    "Metrics": [{"Name": "RunDuration", "Unit": "Milliseconds"}, {"Name": "Runs", "Unit": "Count"}],
                }]},
                "Function": "result-writer", "Outcome": "completed",
                "RunDuration": 1234.0, "Runs": 1.0, "run_id": "r-1",
            })
        );
    }

    #[test]
    fn the_templates_dashboard_shows_every_metric_under_the_namespace() {
        let template = include_str!("../../template.yaml");
        for name in [
            names::RUNS,
            names::RUN_DURATION,
            names::LISTINGS_WRITTEN,
            names::LISTINGS_FETCHED,
            names::FETCH_FAILED,
            names::DYNAMODB_REQUESTS,
            names::MARKETPLACE_CALLS,
            names::MARKETPLACE_429S,
            names::MARKETPLACE_QUOTA_LEFT,
        ] {
            assert!(template.contains(&format!("[\"{NAMESPACE}\", \"{name}\", ")), "{name} is on the dashboard");
        }
    }

    #[test]
    fn marketplace_counts_are_taken_per_source_and_the_quota_left_is_kept() {
        marketplace_call("unit-test-source", false);
        marketplace_call("unit-test-source", true);
        marketplace_quota_left("unit-test-source", 57);
        let taken = take_marketplace("unit-test-source");
        assert_eq!(taken, MarketplaceCounts { calls: 2, throttled: 1, quota_left: Some(57) });
        assert_eq!(
            take_marketplace("unit-test-source"),
            MarketplaceCounts { calls: 0, throttled: 0, quota_left: Some(57) }
        );
    }
}
