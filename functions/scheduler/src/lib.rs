//! The scheduler: every tick, claims each due search in the sharded due index and starts a run,
//! and fails the runs that stayed open longer than the configured bound (a killed invocation
//! whose redelivery never came, a lost message), so no run stays `running`. The claim is a
//! conditional update, so overlapping ticks never start one search twice.

use std::time::Duration;

use chrono::{DateTime, Utc};
use vinyldigger::aws::load_sdk_config;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::domain::search::{SavedSearch, fair_order};
use vinyldigger::pipeline::start_run;
use vinyldigger::queue::Queues;
use vinyldigger::store::keys::DUE_SHARDS;
use vinyldigger::store::{Store, StoreError};

pub struct Deps {
    pub store: Store,
    pub queues: Queues,
    /// How long a run may stay open.
    pub run_timeout: Duration,
}

/// What a run the scheduler ends shows for each marketplace that never answered.
pub const TIMED_OUT: &str = "timed out";

impl Deps {
    pub async fn from_env() -> Result<Self, ConfigError> {
        let config = Config::from_env()?;
        Ok(Self::new(&config, &load_sdk_config().await))
    }

    pub fn new(config: &Config, sdk: &aws_config::SdkConfig) -> Self {
        Self {
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name),
            queues: Queues::new(aws_sdk_sqs::Client::new(sdk), config.queues.clone()),
            run_timeout: config.run_timeout,
        }
    }
}

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TickReport {
    /// Due searches found in the index.
    pub due: usize,
    /// Of those, the ones this tick claimed and started a run for.
    pub started: usize,
    /// Runs this tick failed for staying open too long.
    pub timed_out: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("{failed_parts} parts of the tick failed; first error: {first}")]
pub struct TickError {
    /// Due-index shards and the timed-out run sweep.
    pub failed_parts: usize,
    pub first: StoreError,
    pub report: TickReport,
}

/// Works through every shard; a failing shard does not stop the others, but fails the tick so the
/// invocation is retried.
pub async fn tick(deps: &Deps, now: DateTime<Utc>) -> Result<TickReport, TickError> {
    let mut report = TickReport::default();
    let mut errors = Vec::new();
    let mut due = Vec::new();
    for shard in 0..DUE_SHARDS {
        match deps.store.due_searches(shard, now).await {
            Ok(found) => due.extend(found),
            Err(error) => {
                tracing::error!(shard, %error, "due-index shard failed");
                errors.push(error);
            }
        }
    }
    // Every user's first due search starts before anyone's second, so the marketplace budgets
    // the fetchers draw from are shared round-robin by user.
    if let Err(error) = start_due(deps, fair_order(due), now, &mut report).await {
        tracing::error!(%error, "starting due searches failed");
        errors.push(error);
    }
    match reap(deps, now).await {
        Ok(timed_out) => report.timed_out = timed_out,
        Err(error) => {
            tracing::error!(%error, "cannot end timed-out runs");
            errors.push(error);
        }
    }
    tracing::info!(due = report.due, started = report.started, timed_out = report.timed_out, "scheduler tick");
    let failed_parts = errors.len();
    match errors.into_iter().next() {
        None => Ok(report),
        Some(first) => Err(TickError { failed_parts, first, report }),
    }
}

async fn start_due(
    deps: &Deps,
    due: Vec<SavedSearch>,
    now: DateTime<Utc>,
    report: &mut TickReport,
) -> Result<(), StoreError> {
    for due in due {
        report.due += 1;
        let Some(claim) = deps.store.claim_due_search(&due, now).await? else {
            tracing::debug!(search_id = %due.id, "claimed by another tick");
            continue;
        };
        match start_run(&deps.store, &deps.queues, &claim.search, now).await {
            Ok(run) => {
                report.started += 1;
                tracing::info!(search_id = %due.id, user_id = %due.user_id, run_id = %run.id, "run started");
            }
            Err(error) => {
                tracing::error!(search_id = %due.id, %error, "cannot start run; giving the slot back");
                deps.store.release_claim(&claim).await?;
            }
        }
    }
    Ok(())
}

/// Fails every run open longer than the bound; returns how many.
async fn reap(deps: &Deps, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let bound = chrono::Duration::from_std(deps.run_timeout).ok().and_then(|bound| now.checked_sub_signed(bound));
    let Some(started_before) = bound else {
        return Ok(0);
    };
    let mut ended = 0;
    for run in deps.store.open_runs_started_before(started_before).await? {
        if deps.store.fail_open_run(&run, TIMED_OUT, now).await? {
            ended += 1;
            tracing::warn!(run_id = %run.id, search_id = %run.search_id, pending = ?run.pending, started = %run.created_at, "run timed out");
        }
    }
    Ok(ended)
}
