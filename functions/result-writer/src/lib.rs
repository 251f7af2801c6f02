//! The result writer: persists each chunk of a marketplace's results for a run, and the writer
//! that completes the run computes the search's analysis, stores it whole, stamps the search and
//! publishes `RunCompleted`. Every step is idempotent or conditional, so SQS redeliveries and
//! out-of-order chunks change nothing.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use futures::{StreamExt, stream};
use uuid::Uuid;
use vinyldigger::aws::load_sdk_config;
use vinyldigger::batch::Failure;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::analysis::{AnalysisParams, analyze};
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::lists::ListKind;
use vinyldigger::domain::matching::link_records;
use vinyldigger::domain::price_history::PricePoint;
use vinyldigger::domain::run::Run;
use vinyldigger::domain::search::SavedSearch;
use vinyldigger::events::{EventError, Events, PriceDrop, RunCompleted};
use vinyldigger::queue::{ResultBatch, V1};
use vinyldigger::store::analysis::StoredAnalysis;
use vinyldigger::store::runs::ChunkStats;
use vinyldigger::store::{Store, StoreError};

pub struct Deps {
    pub store: Store,
    pub events: Events,
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

/// Writes one result batch. Its work is a few table requests per listing, far inside any
/// invocation, so the deadline only matters to the batch as a whole (see [`vinyldigger::batch`]).
pub async fn handle(deps: &Deps, batch: ResultBatch, now: DateTime<Utc>, _: Deadline) -> Result<(), WriterError> {
    let store = &deps.store;
    let (Some(run), Some(search)) =
        (store.get_run(batch.search_id, batch.run_id).await?, store.get_search(batch.user_id, batch.search_id).await?)
    else {
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
    let stats = write_results(store, &search, &batch, now).await?;
    let run = store.record_chunk(&run, batch.platform, batch.chunk, &stats, now).await?;
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

/// Listings of one chunk written at the same time: each touches its own items, and the shared
/// ones (sellers, release rollups) are overwritten or updated atomically.
const WRITE_CONCURRENCY: usize = 16;

/// What writing one listing added to the run.
#[derive(Default)]
struct Written {
    new_result: bool,
    wanted_id: Option<String>,
    price_drop: Option<String>,
}

/// Upserts the chunk's listings with their want-list and collection flags, sellers and price
/// history; returns what the chunk added.
async fn write_results(
    store: &Store,
    search: &SavedSearch,
    batch: &ResultBatch,
    now: DateTime<Utc>,
) -> Result<ChunkStats, StoreError> {
    let mut stats =
        ChunkStats { listings: u32::try_from(batch.listings.len()).unwrap_or(u32::MAX), ..ChunkStats::default() };
    if batch.listings.is_empty() {
        return Ok(stats);
    }
    let wanted: HashSet<u64> = store.list_release_ids(search.user_id, ListKind::Wantlist).await?;
    let owned: HashSet<u64> = store.list_release_ids(search.user_id, ListKind::Collection).await?;
    let (wanted, owned) = (&wanted, &owned);
    // Built eagerly: a lazily mapped stream of borrowing futures is not provably `Send`.
    let writes: Vec<_> =
        batch.listings.iter().map(|listing| write_listing(store, search, listing, wanted, owned, now)).collect();
    let mut writes = stream::iter(writes).buffer_unordered(WRITE_CONCURRENCY);
    while let Some(written) = writes.next().await {
        let written = written?;
        stats.new_results += u32::from(written.new_result);
        stats.wanted.extend(written.wanted_id);
        stats.price_drops.extend(written.price_drop);
    }
    Ok(stats)
}

async fn write_listing(
    store: &Store,
    search: &SavedSearch,
    listing: &Listing,
    wanted: &HashSet<u64>,
    owned: &HashSet<u64>,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let is_wanted = listing.release_id.is_some_and(|r| wanted.contains(&r));
    let is_owned = listing.release_id.is_some_and(|r| owned.contains(&r));
    let upserted = store.upsert_result(search.id, listing, is_wanted, is_owned, now).await?;
    if let Some(seller) = &listing.seller {
        store.upsert_seller(listing.platform, seller, now).await?;
    }
    let price = listing.price;
    if upserted.previous_price.is_none_or(|old| old != price) && !price.is_zero() {
        store.put_price_point(listing.platform, &listing.listing_id, &PricePoint { at: now, price }).await?;
        if let Some(release) = listing.release_id {
            store.record_release_price(&release.to_string(), price, now).await?;
        }
    }
    let drop = upserted.previous_price.filter(|old| old.currency == price.currency && price.minor < old.minor);
    Ok(Written {
        new_result: upserted.is_new,
        wanted_id: (upserted.is_new && is_wanted).then(|| upserted.id.clone()),
        price_drop: drop
            .map(|old| format!("{}#{}#{}#{}", listing.platform, listing.listing_id, old.minor, price.minor)),
    })
}

/// Analyses all of the search's results, stores the analysis whole, finishes the run and
/// publishes `RunCompleted` (at least once: a failed publish is retried with the message).
async fn complete(deps: &Deps, search: &SavedSearch, run: &Run, now: DateTime<Utc>) -> Result<(), WriterError> {
    let store = &deps.store;
    if run.status.is_final() {
        return notify(deps, run, run.status, run.completed_at.unwrap_or(now)).await;
    }
    let mut results = store.list_results(search.id).await?;
    // The want list and collection name records the search's Discogs listings may not include.
    let references = store.reference_records(search.user_id).await?;
    link_records(&mut results, &references);
    let params =
        AnalysisParams { location_preference: search.seller_location_preference.clone(), ..AnalysisParams::default() };
    let analysis = analyze(&results, &params);
    store
        .put_analysis(
            search.id,
            &StoredAnalysis { id: Uuid::new_v4(), run_id: Some(run.id), completed_at: now, analysis },
        )
        .await?;
    store.set_last_run(search.user_id, search.id, now).await?;
    let outcome = run.outcome();
    if store.complete_run(run, outcome, now).await? {
        tracing::info!(run_id = %run.id, search_id = %search.id, user_id = %search.user_id, status = ?outcome, results = results.len(), "run completed");
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
