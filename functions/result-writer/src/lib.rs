//! The result writer: persists each marketplace's result batches for a run and completes the run
//! when its last marketplace reports in. Every step is conditional, so SQS redeliveries and
//! out-of-order messages change nothing.

use chrono::{DateTime, Utc};
use vinyldigger::aws::load_sdk_config;
use vinyldigger::batch::Failure;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::queue::ResultBatch;
use vinyldigger::store::{Store, StoreError};

pub struct Deps {
    pub store: Store,
}

impl Deps {
    pub async fn from_env() -> Result<Self, ConfigError> {
        let config = Config::from_env()?;
        Ok(Self::new(&config, &load_sdk_config().await))
    }

    pub fn new(config: &Config, sdk: &aws_config::SdkConfig) -> Self {
        Self { store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriterError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Failure for WriterError {
    fn is_transient(&self) -> bool {
        match self {
            WriterError::Store(e) => e.is_transient(),
        }
    }
}

pub async fn handle(deps: &Deps, batch: ResultBatch, now: DateTime<Utc>) -> Result<(), WriterError> {
    let store = &deps.store;
    let Some(run) = store.get_run(batch.search_id, batch.run_id).await? else {
        // The search was deleted with its runs while the fetch was in flight.
        tracing::info!(run_id = %batch.run_id, search_id = %batch.search_id, "run no longer exists; batch dropped");
        return Ok(());
    };
    if !batch.last {
        return Ok(());
    }
    if let Some(error) = &batch.error {
        tracing::warn!(run_id = %run.id, platform = %batch.platform, %error, "marketplace part failed");
    }
    let Some(after) = store.finish_run_platform(&run, batch.platform, batch.error.as_deref(), now).await? else {
        tracing::info!(run_id = %run.id, platform = %batch.platform, "platform already finished; duplicate batch");
        return Ok(());
    };
    if after.pending.is_empty() {
        let outcome = after.outcome();
        if store.complete_run(&after, outcome, now).await? {
            store.set_last_run(after.user_id, after.search_id, now).await?;
            tracing::info!(run_id = %run.id, search_id = %run.search_id, status = ?outcome, "run finished");
        }
    }
    Ok(())
}
