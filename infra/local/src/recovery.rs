//! Runs a stopped stack left unfinished. The bundled SQS emulator keeps nothing across a
//! restart, so their fetch jobs and result batches are gone and they would stay `queued` or
//! `running` for ever. At start-up the runner sends, for each such run, an error batch per
//! unfinished marketplace part to the results queue: the result writer then finishes the run as
//! for any failed marketplace (results written before the stop stay, the analysis is refreshed,
//! `RunCompleted` goes out). A run some marketplace finished before the stop still completes.
//! On an endpoint that keeps its queues (LocalStack with persistence) a job may still be there:
//! its listings are still written when it arrives; only the run's outcome was settled first.

use vinyldigger::domain::run::Run;
use vinyldigger::queue::{QueueError, Queues, ResultBatch, V1};
use vinyldigger::store::{Store, StoreError};

/// What an interrupted marketplace part shows as its error.
pub const INTERRUPTED: &str = "interrupted by a restart";

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("cannot look for interrupted runs: {0}")]
    Store(#[from] StoreError),
    #[error("cannot finish an interrupted run: {0}")]
    Queue(#[from] QueueError),
}

/// Finishes every run left `queued` or `running` (the open-run index, at start-up); returns how
/// many there were.
pub async fn finish_interrupted_runs(store: &Store, queues: &Queues) -> Result<usize, RecoveryError> {
    let runs = store.open_runs_started_before(chrono::Utc::now()).await?;
    for run in &runs {
        tracing::warn!(run_id = %run.id, search_id = %run.search_id, pending = ?run.pending, "run {INTERRUPTED}: finishing it");
        for batch in closing_batches(run) {
            queues.send_result_batch(&batch).await?;
        }
    }
    Ok(runs.len())
}

/// An error batch per unfinished part (chunk 0 of 1: the part ends whatever chunks it had
/// written). A run whose parts all finished but which was not completed gets one empty batch of
/// its first marketplace, which makes the writer complete it.
fn closing_batches(run: &Run) -> Vec<ResultBatch> {
    let batch = |platform, error: Option<&str>| ResultBatch {
        v: V1,
        run_id: run.id,
        user_id: run.user_id,
        search_id: run.search_id,
        platform,
        listings: Vec::new(),
        last: true,
        error: error.map(str::to_owned),
        chunk: 0,
        chunks: 1,
        fetched_at: None,
    };
    if run.pending.is_empty() {
        return run.platforms.first().map(|&p| batch(p, None)).into_iter().collect();
    }
    run.pending.iter().map(|&p| batch(p, Some(INTERRUPTED))).collect()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use vinyldigger::domain::ids::{SearchId, UserId};
    use vinyldigger::domain::platform::Platform;

    use super::*;

    #[test]
    fn each_unfinished_part_gets_an_error_and_a_finished_run_a_nudge() {
        let mut run = Run::queued(SearchId::new(), UserId::new(), &Platform::ALL, Utc::now());
        let batches = closing_batches(&run);
        assert_eq!(batches.iter().map(|b| b.platform).collect::<Vec<_>>(), Platform::ALL);
        assert!(batches.iter().all(|b| b.error.as_deref() == Some(INTERRUPTED) && b.last && b.chunks == 1));
        assert!(batches.iter().all(|b| b.run_id == run.id && b.search_id == run.search_id));

        run.pending.remove(&Platform::Discogs);
        let batches = closing_batches(&run);
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].platform, Platform::Ebay);

        run.pending.clear();
        let batches = closing_batches(&run);
        assert_eq!(batches.len(), 1);
        assert_eq!((batches[0].platform, batches[0].error.as_deref()), (Platform::Discogs, None));
    }
}
