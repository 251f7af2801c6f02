//! A fetch job: search, post-filter, send the answer in numbered chunks.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use tracing::Instrument;
use vinyldigger::domain::filters::{Filtered, PostFilter, loosely_matches};
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::lists::{ListItem, ListKind};
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::discogs::{DiscogsClient, DiscogsSource, ReleaseInfo};
use vinyldigger::market::{ListingSource, MarketError, SearchRequest};
use vinyldigger::queue::{FetchJob, ResultBatch};

use crate::{Credentials, Deps, FetchError, inventory};

/// The error a run shows when no Discogs app keys exist (and no sandbox stands in).
pub const NOT_CONFIGURED: &str = "Discogs is not configured";

/// Searches Discogs for a job and sends the result batches; see the crate docs for the
/// failure rules.
pub async fn fetch(deps: &Deps, job: &FetchJob, now: DateTime<Utc>) -> Result<(), FetchError> {
    let span =
        tracing::info_span!("discogs_fetch", user_id = %job.user_id, search_id = %job.search_id, run_id = %job.run_id);
    async {
        if job.platform != Platform::Discogs {
            tracing::error!(platform = %job.platform, "fetch job for another platform on the Discogs queue");
            return Err(FetchError::WrongPlatform(job.platform));
        }
        let (listings, error) = match deps.credentials(job.user_id).await? {
            None => {
                tracing::warn!("{NOT_CONFIGURED}: the Discogs part of the run ends with an error");
                (Vec::new(), Some(NOT_CONFIGURED.to_owned()))
            }
            Some(credentials) => {
                let wanted = deps.store.list_items(job.user_id, ListKind::Wantlist).await?;
                let wanted_ids: HashSet<u64> = wanted.iter().map(|w| w.release_id).collect();
                let analysed = deps.store.seller_analyses(job.search_id).await?;
                let sellers = inventory::sellers(&job.filters, &analysed);
                let last_attempt = deps.gave_up(job.requested_at, now);
                let found = search(deps, &credentials, job, (&wanted, &wanted_ids), &sellers, last_attempt).await;
                match found {
                    Ok(listings) => (post_filter(job, listings, &wanted_ids), None),
                    Err(error) if error.is_transient() && !last_attempt => {
                        tracing::warn!(%error, "Discogs search failed for now; SQS will redeliver the job");
                        return Err(error.into());
                    }
                    Err(error) => {
                        tracing::warn!(%error, "Discogs search failed; the Discogs part of the run ends with an error");
                        (Vec::new(), Some(describe(&error)))
                    }
                }
            }
        };
        send(deps, job, listings, error).await
    }
    .instrument(span)
    .await
}

/// What the run shows when the search failed for good.
fn describe(error: &MarketError) -> String {
    match error {
        MarketError::Unauthorized => "Discogs refused the credentials".to_owned(),
        MarketError::RateLimited { .. } => "Discogs kept rate-limiting the search; try again later".to_owned(),
        MarketError::Transient(_) => format!("Discogs did not answer: {error}"),
        _ => format!("Discogs search failed: {error}"),
    }
}

async fn send(deps: &Deps, job: &FetchJob, listings: Vec<Listing>, error: Option<String>) -> Result<(), FetchError> {
    let found = listings.len();
    let batches = ResultBatch::chunked(job, listings, error);
    for batch in &batches {
        deps.queues.send_result_batch(batch).await?;
    }
    tracing::info!(listings = found, chunks = batches.len(), "Discogs results sent");
    Ok(())
}

/// The search's release offers, then those of wanted releases the query names, then the
/// relevant listings of the sellers' inventories. On the last attempt, inventories that still
/// fail cost only their own listings.
async fn search(
    deps: &Deps,
    credentials: &Credentials,
    job: &FetchJob,
    (wanted, wanted_ids): (&[ListItem], &HashSet<u64>),
    sellers: &[String],
    last_attempt: bool,
) -> Result<Vec<Listing>, MarketError> {
    let request = SearchRequest::new(job.query.clone(), job.filters.clone());
    let client = deps.client(credentials.best());
    let (client, mut listings) = match DiscogsSource::new(client.clone()).search(&request).await {
        Err(MarketError::Unauthorized) if credentials.linked.is_some() => {
            tracing::warn!("Discogs refused the user's token; searching with the app keys");
            let app = deps.client(credentials.app());
            let listings = DiscogsSource::new(app.clone()).search(&request).await?;
            (app, listings)
        }
        other => (client, other?),
    };
    listings.extend(wanted_offers(deps, &client, job, wanted, &listings).await);
    match inventory::listings(&client, sellers, &job.query, wanted_ids).await {
        Ok(found) => listings.extend(found),
        Err(error) if last_attempt => {
            tracing::warn!(%error, "seller inventories still unavailable; the run keeps the other listings");
        }
        Err(error) => return Err(error),
    }
    Ok(listings)
}

/// Release offers of up to [`Deps::wanted_lookups`] wanted releases whose artist and title
/// contain every word of the query and that the search did not already find. Optional: a
/// failure here is logged and costs only these extras.
async fn wanted_offers(
    deps: &Deps,
    client: &DiscogsClient,
    job: &FetchJob,
    wanted: &[ListItem],
    found: &[Listing],
) -> Vec<Listing> {
    let have: HashSet<u64> = found.iter().filter_map(|l| l.release_id).collect();
    let releases: Vec<ReleaseInfo> = wanted
        .iter()
        .filter(|w| !have.contains(&w.release_id))
        .filter(|w| loosely_matches(&job.query, &format!("{} {}", w.artist.as_deref().unwrap_or_default(), w.title)))
        .take(deps.wanted_lookups)
        .map(release_info)
        .collect();
    if releases.is_empty() {
        return Vec::new();
    }
    let currency = PostFilter::from_search(&job.filters, None, None, None).currency;
    match client.release_offers(&releases, currency).await {
        Ok(offers) => {
            tracing::info!(wanted = releases.len(), offers = offers.len(), "offers of wanted releases added");
            offers
        }
        Err(error) => {
            tracing::warn!(%error, "statistics of wanted releases unavailable; skipped");
            Vec::new()
        }
    }
}

fn release_info(item: &ListItem) -> ReleaseInfo {
    ReleaseInfo {
        release_id: item.release_id,
        title: item.title.clone(),
        artists: item.artist.iter().cloned().collect(),
        year: item.year,
        formats: item.format.iter().cloned().collect(),
        catalog_number: item.catalog_number.clone(),
        ..ReleaseInfo::default()
    }
}

/// Applies the search's filters; wanted releases that fail them are kept and logged.
fn post_filter(job: &FetchJob, listings: Vec<Listing>, wanted: &HashSet<u64>) -> Vec<Listing> {
    let filter = PostFilter::from_search(
        &job.filters,
        job.min_record_condition.as_deref(),
        job.min_sleeve_condition.as_deref(),
        job.seller_location_preference.as_deref(),
    );
    let Filtered { kept, dropped, kept_wanted } = filter.apply(listings, wanted);
    log_filtered(&dropped, &kept_wanted, kept.len());
    kept
}

pub(crate) fn log_filtered(
    dropped: &[vinyldigger::domain::filters::Rejected],
    kept_wanted: &[vinyldigger::domain::filters::Rejected],
    kept: usize,
) {
    for r in kept_wanted {
        tracing::info!(listing_id = %r.listing_id, release_id = ?r.release_id, reason = %r.reason, "kept a want-list item that fails the search's filters");
    }
    for r in dropped {
        tracing::debug!(listing_id = %r.listing_id, reason = %r.reason, "listing dropped by the search's filters");
    }
    if !dropped.is_empty() || !kept_wanted.is_empty() {
        tracing::info!(kept, dropped = dropped.len(), kept_wanted = kept_wanted.len(), "post-filter applied");
    }
}
