//! A fetch job: search, post-filter, send the answer in numbered chunks.

use std::collections::HashSet;

use tracing::Instrument;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::filters::loosely_matches;
use vinyldigger::domain::listing::Listing;
use vinyldigger::domain::lists::{ListItem, ListKind};
use vinyldigger::fetcher::{FetchError, Found};
use vinyldigger::market::discogs::{DiscogsClient, DiscogsSource, ReleaseInfo};
use vinyldigger::market::{ListingSource, MarketError, SearchRequest};
use vinyldigger::queue::FetchJob;

use chrono::Utc;
use vinyldigger::domain::wantlist::WantSlice;

use crate::{Credentials, Deps, WANTED_LOOKUPS, client, credentials, inventory, wantlist};

/// The error a run shows when no Discogs app keys exist (and no sandbox stands in).
pub const NOT_CONFIGURED: &str = "Discogs is not configured";

/// Searches Discogs for a job and sends the result batches; see the crate docs for the
/// failure rules.
pub async fn fetch(deps: &Deps, job: &FetchJob, deadline: Deadline) -> Result<(), FetchError> {
    let span =
        tracing::info_span!("discogs_fetch", user_id = %job.user_id, search_id = %job.search_id, run_id = %job.run_id);
    async {
        deps.check_queue(job)?;
        if !deps.run_is_open(job).await? {
            return Ok(());
        }
        let Some(credentials) = credentials(deps, job.user_id).await? else {
            tracing::warn!("{NOT_CONFIGURED}: the Discogs part of the run ends with an error");
            return deps.send_results(job, Vec::new(), Some(NOT_CONFIGURED.to_owned())).await;
        };
        let wanted = deps.store.list_items(job.user_id, ListKind::Wantlist).await?;
        let wanted_ids: HashSet<u64> = wanted.iter().map(|w| w.release_id).collect();
        let analysed = deps.store.seller_analyses(job.search_id).await?;
        let sellers = inventory::sellers(&job.filters, &analysed);
        if let Some(slice) = &job.wantlist {
            let found = watch_wants(deps, &credentials, job, slice, &sellers, deadline).await;
            let mut kept = wanted_ids;
            kept.extend(wantlist::wanted_ids(&slice.wants, &found.listings));
            return deps.finish(job, found, &kept).await;
        }
        let found = search(deps, &credentials, job, (&wanted, &wanted_ids), &sellers, deadline).await;
        deps.finish(job, found, &wanted_ids).await
    }
    .instrument(span)
    .await
}

/// The search's release offers (with the user's token when linked, never shared), then those of
/// wanted releases the query names, then the relevant listings of the sellers' inventories
/// (public, through the shared answers); a failure of a later step keeps what the
/// earlier ones found.
async fn search(
    deps: &Deps,
    credentials: &Credentials,
    job: &FetchJob,
    (wanted, wanted_ids): (&[ListItem], &HashSet<u64>),
    sellers: &[String],
    deadline: Deadline,
) -> Found {
    let request = SearchRequest::new(job.query.clone(), job.filters.clone());
    let best = client(deps, &credentials.endpoints, credentials.best(), deadline);
    let searched = match DiscogsSource::new(best.clone()).search(&request).await {
        Err(MarketError::Unauthorized) if credentials.linked.is_some() => {
            tracing::warn!("Discogs refused the user's token; searching with the app keys");
            let app = client(deps, &credentials.endpoints, credentials.app(), deadline);
            DiscogsSource::new(app.clone()).search(&request).await.map(|listings| (app, listings))
        }
        other => other.map(|listings| (best, listings)),
    };
    let (client, listings) = match searched {
        Ok(searched) => searched,
        Err(failure) => return Found { listings: Vec::new(), failure: Some(failure) },
    };
    let mut found = Found { listings, failure: None };
    let extra = wanted_offers(&client, job, wanted, &found.listings).await;
    found.listings.extend(extra);
    // Sellers' inventory pages are public: read with the app's keys, they are the same for every
    // user and come from the shared answers. The search itself stays the user's own.
    let app = self::client(deps, &credentials.endpoints, credentials.app(), deadline);
    let shared = (&deps.market.answers, Utc::now());
    inventory::listings(&app, shared, sellers, &job.query, wanted_ids, &mut found).await;
    found
}

/// A want-list run: the slice's offers, then the sellers' inventories, all with the app's keys
/// and through the shared answers.
async fn watch_wants(
    deps: &Deps,
    credentials: &Credentials,
    job: &FetchJob,
    slice: &WantSlice,
    sellers: &[String],
    deadline: Deadline,
) -> Found {
    let app = client(deps, &credentials.endpoints, credentials.app(), deadline);
    let answers = &deps.market.answers;
    let now = Utc::now();
    let mut found = Found::default();
    let wants = &slice.wants;
    let asked = wantlist::Asked { answers, now, max_age: slice.answer_max_age() };
    let checked = wantlist::want_offers(&app, &asked, wants, job.filters.currency(), &mut found).await;
    tracing::info!(wants = wants.len(), checked = checked.len(), offers = found.listings.len(), counts = ?answers.counts().snapshot(), "wanted releases checked");
    deps.mark_wants_checked(job, &checked, now).await;
    if found.failure.is_none() {
        let ids = wantlist::wanted_ids(wants, &found.listings);
        inventory::listings(&app, (answers, now), sellers, "", &ids, &mut found).await;
    }
    found
}

/// Release offers of up to [`WANTED_LOOKUPS`] wanted releases whose artist and title
/// contain every word of the query and that the search did not already find. Optional: a
/// failure here is logged and costs only these extras.
async fn wanted_offers(client: &DiscogsClient, job: &FetchJob, wanted: &[ListItem], found: &[Listing]) -> Vec<Listing> {
    let have: HashSet<u64> = found.iter().filter_map(|l| l.release_id).collect();
    let releases: Vec<ReleaseInfo> = wanted
        .iter()
        .filter(|w| !have.contains(&w.release_id))
        .filter(|w| loosely_matches(&job.query, &format!("{} {}", w.artist.as_deref().unwrap_or_default(), w.title)))
        .take(WANTED_LOOKUPS)
        .map(release_info)
        .collect();
    if releases.is_empty() {
        return Vec::new();
    }
    let currency = job.filters.currency();
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
