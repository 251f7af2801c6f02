//! The exchange-rate function: once a day (an EventBridge schedule) fetches the ECB's euro
//! reference rates and stores that day's item; the analysis converts every amount with the newest
//! stored day, so when a fetch fails the last good day stays in use (docs/behaviour.md#money-and-currencies).

use chrono::{DateTime, Utc};
use vinyldigger::aws::load_sdk_config;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::market::ecb::{RefreshError, Refreshed, refresh};
use vinyldigger::market::http_client;
use vinyldigger::store::Store;

pub struct Deps {
    pub store: Store,
    pub http: reqwest::Client,
    /// The document's address (`Config::rates_url`).
    pub url: String,
}

impl Deps {
    pub async fn from_env() -> Result<Self, ConfigError> {
        let config = Config::from_env()?;
        Self::new(&config, &load_sdk_config().await)
    }

    pub fn new(config: &Config, sdk: &aws_config::SdkConfig) -> Result<Self, ConfigError> {
        let http = http_client()
            .map_err(|e| ConfigError::Invalid { name: vinyldigger::config::RATES_URL, reason: e.to_string() })?;
        Ok(Self {
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name),
            http,
            url: config.rates_url(),
        })
    }
}

/// One scheduled invocation. A failure is logged and returned (the invocation fails, its alarm
/// fires); the stored rates are untouched by it.
pub async fn tick(deps: &Deps, now: DateTime<Utc>) -> Result<Refreshed, RefreshError> {
    match refresh(&deps.store, &deps.http, &deps.url, now).await {
        Ok(done) => {
            match done {
                Refreshed::Stored { date } => tracing::info!(%date, url = %deps.url, "exchange rates stored"),
                Refreshed::Fresh { date } => tracing::debug!(%date, "exchange rates are fresh"),
            }
            Ok(done)
        }
        Err(error) => {
            tracing::error!(%error, url = %deps.url, "exchange rates not refreshed; the last good day stays in use");
            Err(error)
        }
    }
}
