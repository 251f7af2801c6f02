//! Counts the DynamoDB requests a client sends, by operation (benchmarks): an SDK interceptor
//! that reads the operation from each attempt's `x-amz-target` header, so retries count too.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;

/// Requests sent so far, by operation (`BatchWriteItem`, `Query`, …).
#[derive(Debug, Clone, Default)]
pub struct RequestCount(Arc<Mutex<BTreeMap<String, u64>>>);

impl RequestCount {
    /// A DynamoDB client for `sdk` whose every request is counted here.
    pub fn client(&self, sdk: &aws_config::SdkConfig) -> aws_sdk_dynamodb::Client {
        let config = aws_sdk_dynamodb::config::Builder::from(sdk).interceptor(self.clone()).build();
        aws_sdk_dynamodb::Client::from_conf(config)
    }

    /// The counts since the last take, which starts a new count.
    pub fn take(&self) -> BTreeMap<String, u64> {
        self.0.lock().map(|mut counts| std::mem::take(&mut *counts)).unwrap_or_default()
    }
}

impl Intercept for RequestCount {
    fn name(&self) -> &'static str {
        "RequestCount"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let target = context.request().headers().get("x-amz-target").unwrap_or("unknown");
        let operation = target.rsplit('.').next().unwrap_or(target).to_owned();
        if let Ok(mut counts) = self.0.lock() {
            *counts.entry(operation).or_default() += 1;
        }
        Ok(())
    }
}

/// `12 BatchWriteItem, 3 Query` style, with the total first.
pub fn describe(counts: &BTreeMap<String, u64>) -> String {
    let total: u64 = counts.values().sum();
    let each: Vec<String> = counts.iter().map(|(op, n)| format!("{n} {op}")).collect();
    format!("{total} requests ({})", each.join(", "))
}
