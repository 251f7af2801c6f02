//! Starting a run of a saved search: shared by the scheduler and the API's "run now".

use chrono::{DateTime, Utc};

use crate::domain::run::Run;
use crate::domain::search::SavedSearch;
use crate::queue::{FetchJob, QueueError, Queues, V1};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum StartRunError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no fetch job could be queued: {0}")]
    Queue(#[from] QueueError),
}

impl StartRunError {
    pub fn is_transient(&self) -> bool {
        match self {
            StartRunError::Store(e) => e.is_transient(),
            StartRunError::Queue(e) => e.is_transient(),
        }
    }
}

/// Creates a queued run and sends one fetch job per marketplace of the search. A marketplace
/// whose job cannot be queued is recorded as failed on the run; if none could be queued the
/// run is failed and the error returned, so a scheduler can give the slot back.
pub async fn start_run(
    store: &Store,
    queues: &Queues,
    search: &SavedSearch,
    now: DateTime<Utc>,
) -> Result<Run, StartRunError> {
    let run = Run::queued(search.id, search.user_id, search.platform.platforms(), now);
    store.create_run(&run).await?;
    let mut last_error = None;
    let mut queued = 0;
    for &platform in &run.platforms {
        let job = FetchJob {
            v: V1,
            run_id: run.id,
            user_id: search.user_id,
            search_id: search.id,
            platform,
            query: search.query.clone(),
            filters: search.filters.clone(),
            min_record_condition: search.min_record_condition.clone(),
            min_sleeve_condition: search.min_sleeve_condition.clone(),
            seller_location_preference: search.seller_location_preference.clone(),
            requested_at: now,
        };
        match queues.send_fetch_job(&job).await {
            Ok(()) => queued += 1,
            Err(error) => {
                tracing::error!(run_id = %run.id, search_id = %search.id, %platform, %error, "cannot queue fetch job");
                let after = store.finish_run_platform(&run, platform, Some("could not be queued"), now).await?;
                if let Some(after) = after.filter(|a| a.pending.is_empty()) {
                    store.complete_run(&after, after.outcome(), now).await?;
                }
                last_error = Some(error);
            }
        }
    }
    match last_error {
        Some(error) if queued == 0 => Err(error.into()),
        _ => Ok(run),
    }
}
