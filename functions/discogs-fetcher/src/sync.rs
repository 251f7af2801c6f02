//! A sync job: the user's Discogs collection and/or want list, fetched completely and stored as
//! the new lists (docs/behaviour.md#collections-and-want-lists and docs/spec-deviations.md: removed items are deleted, a failed fetch leaves
//! the stored items and marks the list `failed`).
//!
//! Pages are stored as they arrive, each item stamped with the job; once the whole list is in,
//! what the job did not write is removed. A list too long for one invocation goes on in the next
//! (the job is sent again with where to resume), so lists of any size finish. A marketplace failure
//! marks the list `failed` at once (the items stay; the user syncs again); only a failure of our
//! own storage or queues fails the message for SQS to retry.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tracing::Instrument;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::lists::{ListHeader, ListItem, ListKind, SyncStatus};
use vinyldigger::fetcher::{FetchError, SANDBOX_PLACEHOLDER};
use vinyldigger::market::MarketError;
use vinyldigger::market::discogs::{CollectionItem, DiscogsAuth, DiscogsClient, ReleaseInfo, TokenPair, WantItem};
use vinyldigger::queue::{SyncJob, SyncKind, SyncResume};

use crate::{Deps, NOT_CONFIGURED, client, credentials};

/// The list's error when the user has no usable Discogs link.
pub const NOT_LINKED: &str = "Link your Discogs account first";

/// The sandbox marketplace's user, synced in sandbox mode when no account is linked.
pub const SANDBOX_USERNAME: &str = "sandbox_digger";

fn kinds(kind: SyncKind) -> &'static [ListKind] {
    match kind {
        SyncKind::Both => &[ListKind::Collection, ListKind::Wantlist],
        SyncKind::Collection => &[ListKind::Collection],
        SyncKind::Wantlist => &[ListKind::Wantlist],
    }
}

/// Kept back from the invocation's end for storing a page and sending a continuation.
const PAGE_RESERVE: Duration = Duration::from_secs(15);

/// Syncs the lists a job names; see the module docs for the failure rules.
pub async fn sync(deps: &Deps, job: &SyncJob, now: DateTime<Utc>, deadline: Deadline) -> Result<(), FetchError> {
    let span = tracing::info_span!("discogs_sync", user_id = %job.user_id, job_id = %job.job_id, kind = ?job.kind);
    async {
        let (client, username) = match account(deps, job.user_id, deadline).await? {
            Ok(account) => account,
            Err(reason) => {
                tracing::warn!(reason, "sync cannot start");
                for kind in kinds(job.kind) {
                    mark_failed(deps, job.user_id, *kind, reason, now).await?;
                }
                return Ok(());
            }
        };
        let lists = kinds(job.kind);
        let first = job.resume.and_then(|r| lists.iter().position(|k| *k == r.list)).unwrap_or(0);
        for &kind in &lists[first..] {
            let start = job.resume.filter(|r| r.list == kind).map_or(1, |r| r.page);
            if let Some(page) = sync_list(deps, &client, &username, job, kind, start, now, deadline).await? {
                let next = SyncJob { resume: Some(SyncResume { list: kind, page }), ..job.clone() };
                deps.queues.send_sync_job(&next).await?;
                tracing::info!(list = ?kind, page, "sync continues in another invocation");
                return Ok(());
            }
        }
        Ok(())
    }
    .instrument(span)
    .await
}

/// The client and Discogs username to sync with, or why there is none.
async fn account(
    deps: &Deps,
    user: UserId,
    deadline: Deadline,
) -> Result<Result<(DiscogsClient, String), &'static str>, FetchError> {
    let Some(credentials) = credentials(deps, user).await? else {
        return Ok(Err(NOT_CONFIGURED));
    };
    let (access, username) = match credentials.linked {
        Some(linked) if !linked.username.is_empty() => (linked.access, linked.username),
        Some(linked) if credentials.sandbox => (linked.access, SANDBOX_USERNAME.to_owned()),
        None if credentials.sandbox => {
            (TokenPair::new(SANDBOX_PLACEHOLDER, SANDBOX_PLACEHOLDER), SANDBOX_USERNAME.to_owned())
        }
        _ => return Ok(Err(NOT_LINKED)),
    };
    let client =
        client(deps, &credentials.endpoints, DiscogsAuth::User { consumer: credentials.consumer, access }, deadline);
    Ok(Ok((client, username)))
}

/// Stores the list page by page from `start`; `Some(page)` when the invocation ends before the
/// list does, naming the page to go on with.
#[allow(clippy::too_many_arguments)]
async fn sync_list(
    deps: &Deps,
    client: &DiscogsClient,
    username: &str,
    job: &SyncJob,
    kind: ListKind,
    start: u32,
    now: DateTime<Utc>,
    deadline: Deadline,
) -> Result<Option<u32>, FetchError> {
    let user = job.user_id;
    let mut page = start;
    loop {
        if deadline.left_after(PAGE_RESERVE).is_zero() {
            return Ok(Some(page));
        }
        let fetched = match kind {
            ListKind::Collection => client
                .collection_page(username, page)
                .await
                .map(|p| (p.is_last(), p.items.iter().map(collection_item).collect())),
            ListKind::Wantlist => {
                client.wants_page(username, page).await.map(|p| (p.is_last(), p.items.iter().map(want_item).collect()))
            }
        };
        let (last, items): (bool, Vec<ListItem>) = match fetched {
            Ok(fetched) => fetched,
            Err(MarketError::OutOfTime(_)) => return Ok(Some(page)),
            Err(MarketError::Store(error)) if error.is_transient() => return Err(FetchError::Store(error)),
            Err(error) => {
                tracing::warn!(list = ?kind, page, %error, "sync failed");
                mark_failed(deps, user, kind, &describe(&error), now).await?;
                return Ok(None);
            }
        };
        deps.store.put_synced_items(user, kind, &items, job.job_id).await?;
        if last {
            break;
        }
        page += 1;
    }
    let count = deps.store.prune_unsynced_items(user, kind, job.job_id).await?;
    let mut header = header(deps, user, kind, now).await?;
    header.item_count = count;
    header.last_sync_at = Some(now);
    header.sync_status = SyncStatus::Succeeded;
    header.sync_error = None;
    header.updated_at = now;
    deps.store.put_list_header(user, &header).await?;
    tracing::info!(list = ?kind, items = count, pages = page, "list synced");
    Ok(None)
}

/// What the dashboard shows about a failed sync.
fn describe(error: &MarketError) -> String {
    match error {
        MarketError::Unauthorized => "Discogs refused the linked account; link it again".to_owned(),
        MarketError::RateLimited { .. } => "Discogs kept rate-limiting the sync; try again later".to_owned(),
        MarketError::Transient(_) => format!("Discogs did not answer: {error}"),
        _ => format!("Discogs sync failed: {error}"),
    }
}

async fn header(deps: &Deps, user: UserId, kind: ListKind, now: DateTime<Utc>) -> Result<ListHeader, FetchError> {
    Ok(deps.store.get_list_header(user, kind).await?.unwrap_or_else(|| ListHeader::new(kind, now)))
}

/// Items, count and last successful sync stay as they were.
async fn mark_failed(
    deps: &Deps,
    user: UserId,
    kind: ListKind,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), FetchError> {
    let mut header = header(deps, user, kind, now).await?;
    header.sync_status = SyncStatus::Failed;
    header.sync_error = Some(reason.to_owned());
    header.updated_at = now;
    deps.store.put_list_header(user, &header).await?;
    Ok(())
}

fn list_item(item_id: String, release: &ReleaseInfo, added_at: Option<DateTime<Utc>>) -> ListItem {
    ListItem {
        item_id,
        release_id: release.release_id,
        master_id: release.master_id,
        title: if release.title.trim().is_empty() { "Unknown".to_owned() } else { release.title.clone() },
        artist: Some(release.artist()).filter(|a| !a.is_empty()),
        year: release.year.filter(|y| *y != 0),
        format: Some(release.formats.join(", ")).filter(|f| !f.is_empty()),
        catalog_number: release.catalog_number.clone().filter(|c| !c.trim().is_empty()),
        added_at,
    }
}

fn want_item(want: &WantItem) -> ListItem {
    list_item(want.release.release_id.to_string(), &want.release, want.date_added)
}

fn collection_item(item: &CollectionItem) -> ListItem {
    list_item(item.instance_id.to_string(), &item.release, item.date_added)
}
