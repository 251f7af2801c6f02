//! A sync job: the user's Discogs collection and/or want list, fetched completely and stored as
//! the new lists (SPEC §4.11 with its \[REC\]s: removed items are deleted, a failed fetch leaves
//! the stored items and marks the list `failed`).
//!
//! A transient failure keeps the list `queued` (as the API left it) and returns `Err`, so SQS
//! redelivers the job; once the list has been queued longer than `give_up_after` the
//! failure is final. The list header's `updated_at` while `queued` is that queue time: sync jobs
//! carry no timestamp of their own, and no `running` state is written so the time survives.

use chrono::{DateTime, Utc};
use tracing::Instrument;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::lists::{ListHeader, ListItem, ListKind, SyncStatus};
use vinyldigger::fetcher::{FetchError, SANDBOX_PLACEHOLDER};
use vinyldigger::market::MarketError;
use vinyldigger::market::discogs::{CollectionItem, DiscogsAuth, DiscogsClient, ReleaseInfo, TokenPair, WantItem};
use vinyldigger::queue::{SyncJob, SyncKind};

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

/// Syncs the lists a job names; see the module docs for the failure rules.
pub async fn sync(deps: &Deps, job: &SyncJob, now: DateTime<Utc>) -> Result<(), FetchError> {
    let span = tracing::info_span!("discogs_sync", user_id = %job.user_id, job_id = %job.job_id, kind = ?job.kind);
    async {
        let (client, username) = match account(deps, job.user_id).await? {
            Ok(account) => account,
            Err(reason) => {
                tracing::warn!(reason, "sync cannot start");
                for kind in kinds(job.kind) {
                    mark_failed(deps, job.user_id, *kind, reason, now).await?;
                }
                return Ok(());
            }
        };
        for kind in kinds(job.kind) {
            sync_list(deps, &client, &username, job.user_id, *kind, now).await?;
        }
        Ok(())
    }
    .instrument(span)
    .await
}

/// The client and Discogs username to sync with, or why there is none.
async fn account(deps: &Deps, user: UserId) -> Result<Result<(DiscogsClient, String), &'static str>, FetchError> {
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
    let client = client(deps, &credentials.endpoints, DiscogsAuth::User { consumer: credentials.consumer, access });
    Ok(Ok((client, username)))
}

async fn sync_list(
    deps: &Deps,
    client: &DiscogsClient,
    username: &str,
    user: UserId,
    kind: ListKind,
    now: DateTime<Utc>,
) -> Result<(), FetchError> {
    let fetched = match kind {
        ListKind::Collection => client.all_collection(username).await.map(|l| l.iter().map(collection_item).collect()),
        ListKind::Wantlist => client.all_wants(username).await.map(|l| l.iter().map(want_item).collect()),
    };
    let items: Vec<ListItem> = match fetched {
        Ok(items) => items,
        Err(error) if error.is_transient() => {
            let queued_at = keep_queued(deps, user, kind, now).await?;
            if !deps.gave_up(queued_at, now) {
                tracing::warn!(list = ?kind, %error, "sync failed for now; SQS will redeliver the job");
                return Err(error.into());
            }
            tracing::warn!(list = ?kind, %error, "sync kept failing; giving up");
            return mark_failed(deps, user, kind, &describe(&error), now).await;
        }
        Err(error) => {
            tracing::warn!(list = ?kind, %error, "sync failed");
            return mark_failed(deps, user, kind, &describe(&error), now).await;
        }
    };
    deps.store.replace_list_items(user, kind, &items).await?;
    let mut header = header(deps, user, kind, now).await?;
    header.item_count = u32::try_from(items.len()).unwrap_or(u32::MAX);
    header.last_sync_at = Some(now);
    header.sync_status = SyncStatus::Succeeded;
    header.sync_error = None;
    header.updated_at = now;
    deps.store.put_list_header(user, &header).await?;
    tracing::info!(list = ?kind, items = items.len(), "list synced");
    Ok(())
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

/// The time the list was queued; a list not marked queued (or without a header) is marked now.
async fn keep_queued(
    deps: &Deps,
    user: UserId,
    kind: ListKind,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FetchError> {
    let mut header = header(deps, user, kind, now).await?;
    if header.sync_status == SyncStatus::Queued && header.updated_at <= now {
        return Ok(header.updated_at);
    }
    header.sync_status = SyncStatus::Queued;
    header.updated_at = now;
    deps.store.put_list_header(user, &header).await?;
    Ok(now)
}

fn list_item(item_id: String, release: &ReleaseInfo, added_at: Option<DateTime<Utc>>) -> ListItem {
    ListItem {
        item_id,
        release_id: release.release_id,
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
