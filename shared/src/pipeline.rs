//! Starting a run of a saved search: shared by the scheduler and the API's "run now".

use std::future::Future;

use chrono::{DateTime, Duration, Utc};

use crate::domain::ids::RunId;
use crate::domain::lists::ListKind;
use crate::domain::run::Run;
use crate::domain::search::{SavedSearch, SearchSource};
use crate::domain::wantlist::{WantRef, WantSlice, pick_slice, slice_size};
use crate::queue::{FetchJob, QueueError, Queues, V1};
use crate::store::searches::RunNowClaim;
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
    launch(store, queues, search, Run::queued(search.id, search.user_id, search.platform.platforms(), now), now).await
}

async fn launch(
    store: &Store,
    queues: &Queues,
    search: &SavedSearch,
    run: Run,
    now: DateTime<Utc>,
) -> Result<Run, StartRunError> {
    store.create_run(&run).await?;
    let wantlist = want_slice(store, search).await?;
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
            wantlist: wantlist.clone(),
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

/// A want-list search's wants for this run: a slice of the synced list, never-checked and then
/// longest-unchecked first, sized so the whole list is checked about daily, each want with its own
/// "any pressing" switch or else the search's. The fetchers record each want's check once it
/// succeeded (a failed one leaves the want first in line). `None` for a query search.
async fn want_slice(store: &Store, search: &SavedSearch) -> Result<Option<WantSlice>, StoreError> {
    if search.source != SearchSource::Wantlist {
        return Ok(None);
    }
    let (wants, checked, pressings) = tokio::try_join!(
        store.list_items(search.user_id, ListKind::Wantlist),
        store.want_checks(search.id, search.platform.platforms()),
        store.want_pressings(search.id),
    )?;
    let slice = pick_slice(&wants, &checked, slice_size(wants.len(), search.check_interval_hours));
    tracing::info!(search_id = %search.id, wants = wants.len(), checking = slice.len(), "want-list slice chosen");
    Ok(Some(WantSlice {
        wants: slice
            .into_iter()
            .map(|w| WantRef::of(w, pressings.get(&w.release_id).copied().unwrap_or(search.any_pressing)))
            .collect(),
        answer_max_age_minutes: search.check_interval_hours.saturating_mul(60),
    }))
}

/// What a "run now" did.
#[derive(Debug)]
pub enum RunNow {
    /// A run of the search is queued or running already (either source): nothing new started.
    InFlight(RunId),
    /// A new run, queued.
    Started(RunId),
    /// The caller's admission (its quota) said no; nothing started.
    Refused,
}

/// A claim whose run does not exist yet is one being started, for this long; after it, one whose
/// start failed half-way.
const CLAIM_STARTING: Duration = Duration::minutes(1);
/// Concurrent presses that lose the claim look again this many times.
const CLAIM_ATTEMPTS: u32 = 5;

/// "Run now": the run in flight if the search has one, else, once `admit` agrees, a new run,
/// and the schedule moves one interval on so the scheduler does not run the search again
/// straight after. Concurrent presses start one run between them: each must replace the claim
/// it saw, and only one can. `admit` is awaited at most once, and only when a run would start.
pub async fn run_now(
    store: &Store,
    queues: &Queues,
    search: &SavedSearch,
    now: DateTime<Utc>,
    admit: impl Future<Output = Result<bool, StoreError>>,
) -> Result<RunNow, StartRunError> {
    let mut admit = Some(admit);
    for _ in 0..CLAIM_ATTEMPTS {
        let claim = store.run_now_claim(search.id).await?;
        if let Some(active) = in_flight(store, search, claim, now).await? {
            return Ok(RunNow::InFlight(active));
        }
        if let Some(admit) = admit.take()
            && !admit.await?
        {
            return Ok(RunNow::Refused);
        }
        let run = Run::queued(search.id, search.user_id, search.platform.platforms(), now);
        let mine = RunNowClaim { run_id: run.id, claimed_at: now };
        if !store.put_run_now_claim(search.id, claim.map(|c| c.run_id), mine).await? {
            continue; // another press won: its run is the one in flight
        }
        let run = match launch(store, queues, search, run, now).await {
            Ok(run) => run,
            Err(error) => {
                if let Err(release) = store.release_run_now_claim(search.id, mine.run_id).await {
                    tracing::warn!(search_id = %search.id, error = %release, "cannot withdraw a failed run-now claim");
                }
                return Err(error);
            }
        };
        let next = now + search.interval();
        store.update_search(search.user_id, search.id, |s| s.next_run_at = next).await?;
        return Ok(RunNow::Started(run.id));
    }
    Err(StoreError::Contended.into())
}

/// The search's run that is queued or running: the last "run now" (also while it is being
/// started) or the latest run of any source.
async fn in_flight(
    store: &Store,
    search: &SavedSearch,
    claim: Option<RunNowClaim>,
    now: DateTime<Utc>,
) -> Result<Option<RunId>, StoreError> {
    if let Some(claim) = claim {
        match store.get_run(search.id, claim.run_id).await? {
            Some(run) if !run.status.is_final() => return Ok(Some(run.id)),
            None if now - claim.claimed_at < CLAIM_STARTING => return Ok(Some(claim.run_id)),
            _ => {}
        }
    }
    Ok(store.latest_run(search.id).await?.filter(|run| !run.status.is_final()).map(|run| run.id))
}
