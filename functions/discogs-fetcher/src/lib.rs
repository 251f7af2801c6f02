//! The Discogs fetcher: turns a fetch job into result batches for the result writer.
//!
//! The Discogs client arrives with the marketplace issue; until then every job ends its part of the
//! run with an explicit error, so runs complete and say why they found nothing.

use chrono::{DateTime, Utc};
use vinyldigger::aws::load_sdk_config;
use vinyldigger::batch::Failure;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::queue::{FetchJob, QueueError, Queues, ResultBatch};

pub struct Deps {
    pub queues: Queues,
}

impl Deps {
    pub async fn from_env() -> Result<Self, ConfigError> {
        let config = Config::from_env()?;
        Ok(Self::new(&config, &load_sdk_config().await))
    }

    pub fn new(config: &Config, sdk: &aws_config::SdkConfig) -> Self {
        Self { queues: Queues::new(aws_sdk_sqs::Client::new(sdk), config.queues.clone()) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Queue(#[from] QueueError),
}

impl Failure for FetchError {
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Queue(e) => e.is_transient(),
        }
    }
}

pub const UNAVAILABLE: &str = "the Discogs client is not available yet";

pub async fn handle(deps: &Deps, job: FetchJob, _now: DateTime<Utc>) -> Result<(), FetchError> {
    tracing::warn!(run_id = %job.run_id, search_id = %job.search_id, "{UNAVAILABLE}");
    for batch in ResultBatch::chunked(&job, Vec::new(), Some(UNAVAILABLE.to_owned())) {
        deps.queues.send_result_batch(&batch).await?;
    }
    Ok(())
}
