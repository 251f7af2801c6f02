//! The result writer: persists each chunk of a marketplace's results for a run, and the writer
//! that completes the run computes the search's analysis, stores it whole, stamps the search and
//! publishes `RunCompleted`. Every step is idempotent or conditional, so SQS redeliveries and
//! out-of-order chunks change nothing.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use vinyldigger::aws::load_sdk_config;
use vinyldigger::batch::Failure;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::analysis::{AnalysisParams, analyze};
use vinyldigger::domain::compare::{MAX_OFFERS_PER_GROUP, cap_offers, price_comparison_in};
use vinyldigger::domain::ids::RunId;
use vinyldigger::domain::landed::{Buyer, convert_results};
use vinyldigger::domain::matching::link_records;
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::SavedSearch;
use vinyldigger::events::{EventError, Events, PriceDrop, RunCompleted};
use vinyldigger::queue::{ResultBatch, V1};
use vinyldigger::store::analysis::StoredAnalysis;
use vinyldigger::store::chunk::Chunk;
use vinyldigger::store::results::{Priors, page_of};
use vinyldigger::store::run_lists::ReleaseSets;
use vinyldigger::store::runs::ChunkStats;
use vinyldigger::store::{Store, StoreError};

/// Chunks of one SQS batch written at once: their order does not matter (see
/// `vinyldigger::store::chunk`), and a run's chunks arrive together, so a Lambda keeps the table
/// busy with several while each waits on its requests.
pub const MESSAGES_IN_FLIGHT: usize = 4;

pub struct Deps {
    pub store: Store,
    pub events: Events,
    /// What this Lambda knows of the run it last wrote a chunk of: a run's chunks arrive
    /// together, often in one Lambda. Held while it is read, so chunks in flight read it once.
    memo: tokio::sync::Mutex<Option<RunMemo>>,
}

/// What a run's chunks share: the release-id sets and the search's results before the run (they
/// never change during the run), and the sellers written for it.
#[derive(Clone)]
struct RunMemo {
    run: RunId,
    sets: Arc<ReleaseSets>,
    priors: Arc<Priors>,
    sellers: Arc<HashSet<String>>,
}

impl Deps {
    pub async fn from_env() -> Result<Self, ConfigError> {
        let config = Config::from_env()?;
        Ok(Self::new(&config, &load_sdk_config().await))
    }

    pub fn new(config: &Config, sdk: &aws_config::SdkConfig) -> Self {
        Self {
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name),
            events: Events::new(aws_sdk_eventbridge::Client::new(sdk), &config.event_bus_name),
            memo: tokio::sync::Mutex::new(None),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriterError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Event(#[from] EventError),
}

impl Failure for WriterError {
    fn is_transient(&self) -> bool {
        match self {
            WriterError::Store(e) => e.is_transient(),
            // The run is complete and stored; only the notification is missing, so retry it.
            WriterError::Event(_) => true,
        }
    }
}

/// Writes one result batch: a few batched table requests per chunk (see
/// `vinyldigger::store::chunk`), so the deadline only matters to the batch as a whole (see
/// [`vinyldigger::batch`]).
pub async fn handle(deps: &Deps, batch: ResultBatch, now: DateTime<Utc>, _: Deadline) -> Result<(), WriterError> {
    let store = &deps.store;
    let (run, search) = futures::try_join!(
        store.get_run(batch.search_id, batch.run_id),
        store.get_search(batch.user_id, batch.search_id)
    )?;
    let (Some(run), Some(search)) = (run, search) else {
        // The search was deleted (with its runs) while the fetch was in flight.
        tracing::info!(run_id = %batch.run_id, search_id = %batch.search_id, "search or run gone; batch dropped");
        return Ok(());
    };
    if run.status.is_final() {
        // A late or redelivered chunk of a run that is over (completed, failed, timed out) would
        // change results its analysis no longer describes; the next run fetches them again.
        if !run.notified {
            complete(deps, &search, &run, now).await?;
        }
        tracing::info!(run_id = %run.id, platform = %batch.platform, chunk = batch.chunk, "the run is over; chunk dropped");
        return Ok(());
    }
    let run = if run.received.contains(&Run::chunk_marker(batch.platform, batch.chunk)) {
        // Recorded already: the chunk was written whole before (a redelivery).
        run
    } else {
        let stats = write_results(deps, &search, &run, &batch, now).await?;
        store.record_chunk(&run, batch.platform, batch.chunk, &stats, now).await?
    };
    if let Some(error) = &batch.error {
        tracing::warn!(run_id = %run.id, platform = %batch.platform, %error, "marketplace part failed");
    }
    let run = if run.has_all_chunks(batch.platform, batch.chunks) && run.pending.contains(&batch.platform) {
        let error = batch.error.as_deref();
        store.finish_run_platform(&run, batch.platform, error, now).await?.unwrap_or(run)
    } else {
        run
    };
    // Also reached on a redelivery after a crash between finishing, completing and notifying.
    if run.pending.is_empty() && !run.notified {
        complete(deps, &search, &run, now).await?;
    }
    Ok(())
}

/// Writes the chunk's listings with their want-list and collection flags, sellers and price
/// history; returns what the chunk added.
async fn write_results(
    deps: &Deps,
    search: &SavedSearch,
    run: &Run,
    batch: &ResultBatch,
    now: DateTime<Utc>,
) -> Result<ChunkStats, StoreError> {
    let listings = u32::try_from(batch.listings.len()).unwrap_or(u32::MAX);
    if batch.listings.is_empty() {
        return Ok(ChunkStats { listings, ..ChunkStats::default() });
    }
    let memo = run_memo(deps, search, run, now).await?;
    let chunk = Chunk {
        search: search.id,
        run: run.id,
        platform: batch.platform,
        chunk: batch.chunk,
        listings: &batch.listings,
        fetched_at: batch.fetched_at,
        sellers_written: &memo.sellers,
        priors: &memo.priors,
    };
    let written = deps.store.write_chunk(&chunk, &memo.sets, now).await?;
    remember_sellers(deps, run.id, written.sellers).await;
    Ok(ChunkStats { listings, ..written.stats })
}

/// What the run's chunks share: kept in this Lambda for the run whose chunks it is writing, else
/// read (the sets from the run's snapshot taken at its first chunk, the priors from the packs).
async fn run_memo(deps: &Deps, search: &SavedSearch, run: &Run, now: DateTime<Utc>) -> Result<RunMemo, StoreError> {
    let mut memo = deps.memo.lock().await;
    if let Some(kept) = memo.as_ref().filter(|m| m.run == run.id) {
        return Ok(kept.clone());
    }
    let store = &deps.store;
    let (sets, priors) = futures::try_join!(
        store.run_release_sets(search.id, run.id, search.user_id, now),
        store.run_priors(search.id, run.id)
    )?;
    let read = RunMemo { run: run.id, sets: Arc::new(sets), priors: Arc::new(priors), sellers: Arc::default() };
    *memo = Some(read.clone());
    Ok(read)
}

async fn remember_sellers(deps: &Deps, run: RunId, sellers: Vec<String>) {
    let mut memo = deps.memo.lock().await;
    if let Some(memo) = memo.as_mut().filter(|m| m.run == run)
        && !sellers.is_empty()
    {
        Arc::make_mut(&mut memo.sellers).extend(sellers);
    }
}

/// What analysing a search found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analysed {
    pub results: usize,
    pub groups: usize,
}

/// Analyses every result of the search from its packs (never the result items one by one) and
/// stores the analysis and the price comparison; `run` is the run that completes, whose list
/// snapshot names the known records. Shared with tests and benchmarks that seed results directly.
pub async fn analyse_search(
    store: &Store,
    search: &SavedSearch,
    run: Option<RunId>,
    now: DateTime<Utc>,
) -> Result<Analysed, StoreError> {
    let (packed, references, preferences, rates) = futures::try_join!(
        store.packed_results(search.id, run),
        store.run_references(search.id, run, search.user_id),
        store.get_preferences(search.user_id),
        store.latest_rates()
    )?;
    let mut results = packed.results;
    link_records(&mut results, &references);
    // Before the conversion below: the page keeps the amounts as listed (the API converts them).
    let page = page_of(&results);
    if packed.worth_consolidating {
        // Before the conversion below: the packs keep the amounts as listed.
        store.consolidate_packs(search.id, &results, &packed.packs, now).await?;
    }
    let rates = rates.map(|r| r.rates);
    let buyer = Buyer::new(preferences.currency, preferences.country.as_deref());
    let currency = buyer.analysis_currency(rates.as_ref());
    let basis = convert_results(&mut results, rates.as_ref(), currency, buyer.region);
    if currency != buyer.currency {
        tracing::warn!(search_id = %search.id, wanted = %buyer.currency, %currency, "no exchange rates for the user's currency yet");
    }
    let params = AnalysisParams {
        location_preference: search.seller_location_preference.clone(),
        buyer_region: buyer.region,
        currency,
        rates,
        basis: basis.clone(),
    };
    let analysis = analyze(&results, &params);
    let mut groups = price_comparison_in(&results, currency);
    cap_offers(&mut groups, MAX_OFFERS_PER_GROUP);
    let id = Uuid::new_v4();
    let stored = StoredAnalysis { id, run_id: run, completed_at: now, analysis };
    futures::try_join!(
        store.put_analysis(search.id, &stored),
        store.put_price_comparison(search.id, id, &groups, &basis, now),
        store.put_results_page(search.id, &page)
    )?;
    Ok(Analysed { results: results.len(), groups: groups.len() })
}

/// The completed run's line of metrics (docs/observability.md): how long it took from being
/// queued, how it ended, the listings written, and the DynamoDB requests since the previous line.
fn emit_run_metrics(run: &Run, outcome: RunStatus, now: DateTime<Utc>) {
    use vinyldigger::metrics::{MetricLine, names};
    let outcome = if outcome == RunStatus::Completed { "completed" } else { "failed" };
    let duration = u64::try_from((now - run.created_at).num_milliseconds()).unwrap_or(0);
    MetricLine::new("result-writer")
        .dimension("Outcome", outcome)
        .count(names::RUNS, 1)
        .millis(names::RUN_DURATION, duration)
        .count(names::LISTINGS_WRITTEN, run.listings.values().map(|n| u64::from(*n)).sum())
        .with_dynamodb_requests()
        .property("run_id", run.id.to_string())
        .property("search_id", run.search_id.to_string())
        .emit();
}

/// Analyses all of the search's results, stores the analysis whole, finishes the run and
/// publishes `RunCompleted` (at least once: a failed publish is retried with the message).
async fn complete(deps: &Deps, search: &SavedSearch, run: &Run, now: DateTime<Utc>) -> Result<(), WriterError> {
    let store = &deps.store;
    if run.status.is_final() {
        return notify(deps, run, run.status, run.completed_at.unwrap_or(now)).await;
    }
    let analysed = analyse_search(store, search, Some(run.id), now).await?;
    store.set_last_run(search.user_id, search.id, now).await?;
    let outcome = run.outcome();
    if store.complete_run(run, outcome, now).await? {
        tracing::info!(run_id = %run.id, search_id = %search.id, user_id = %search.user_id, status = ?outcome, results = analysed.results, groups = analysed.groups, "run completed");
        emit_run_metrics(run, outcome, now);
        notify(deps, run, outcome, now).await?;
    }
    Ok(())
}
async fn notify(
    deps: &Deps,
    run: &Run,
    status: vinyldigger::domain::run::RunStatus,
    completed_at: DateTime<Utc>,
) -> Result<(), WriterError> {
    let event = RunCompleted {
        v: V1,
        run_id: run.id,
        user_id: run.user_id,
        search_id: run.search_id,
        status,
        new_results: run.new_results,
        new_wantlist_matches: run.new_wantlist_matches.iter().cloned().collect(),
        price_drops: run.price_drops.iter().filter_map(|m| PriceDrop::parse(m)).collect(),
        completed_at,
    };
    deps.events.publish_run_completed(&event).await?;
    deps.store.mark_run_notified(run).await?;
    Ok(())
}
