//! Collection and want-list sync and status (docs/behaviour.md#collections-and-want-lists).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use vinyldigger::domain::lists::ListKind;
use vinyldigger::domain::quota::QuotaKind;
use vinyldigger::domain::user::User;
use vinyldigger::queue::{SyncJob, SyncKind};

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail};
use crate::extract::AuthUser;
use crate::limits;
use crate::views::{CollectionStatus, Message};

/// Counts against the user's hourly sync quota (both lists at once count once).
async fn queue_sync(deps: &Deps, user: &User, kind: SyncKind, message: &str) -> ApiResult<Json<Message>> {
    let now = Utc::now();
    limits::admit(deps, user, QuotaKind::Sync, now).await?;
    let lists: &[ListKind] = match kind {
        SyncKind::Both => &[ListKind::Collection, ListKind::Wantlist],
        SyncKind::Collection => &[ListKind::Collection],
        SyncKind::Wantlist => &[ListKind::Wantlist],
    };
    for list in lists {
        deps.store.mark_list_queued(user.id, *list, now).await?;
    }
    let job = SyncJob::new(user.id, kind);
    deps.queues.send_sync_job(&job).await.map_err(|e| {
        tracing::error!(user_id = %user.id, error = %e, "cannot queue sync job");
        ApiError::status(axum::http::StatusCode::SERVICE_UNAVAILABLE, "The sync could not be queued. Please try again.")
    })?;
    tracing::info!(user_id = %user.id, job_id = %job.job_id, ?kind, "sync queued");
    Ok(Json(Message::new(message)))
}

#[utoipa::path(post, path = "/api/v1/collections/sync", tag = "collections", security(("bearer" = [])),
    responses((status = 200, body = Message), (status = 429, description = "The user's syncs of this hour are spent", body = Detail,
        headers(("Retry-After" = u64, description = "Seconds until the hour's quota renews")))))]
pub async fn sync_both(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> ApiResult<Json<Message>> {
    queue_sync(&deps, &user, SyncKind::Both, "Collection and want list sync queued successfully").await
}

#[utoipa::path(post, path = "/api/v1/collections/sync/collection", tag = "collections", security(("bearer" = [])),
    responses((status = 200, body = Message), (status = 429, description = "The user's syncs of this hour are spent", body = Detail,
        headers(("Retry-After" = u64, description = "Seconds until the hour's quota renews")))))]
pub async fn sync_collection(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> ApiResult<Json<Message>> {
    queue_sync(&deps, &user, SyncKind::Collection, "Collection sync queued successfully").await
}

#[utoipa::path(post, path = "/api/v1/collections/sync/wantlist", tag = "collections", security(("bearer" = [])),
    responses((status = 200, body = Message), (status = 429, description = "The user's syncs of this hour are spent", body = Detail,
        headers(("Retry-After" = u64, description = "Seconds until the hour's quota renews")))))]
pub async fn sync_wantlist(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> ApiResult<Json<Message>> {
    queue_sync(&deps, &user, SyncKind::Wantlist, "Want list sync queued successfully").await
}

#[utoipa::path(get, path = "/api/v1/collections/status", tag = "collections", security(("bearer" = [])),
    responses((status = 200, body = CollectionStatus)))]
pub async fn collection_status(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
) -> ApiResult<Json<CollectionStatus>> {
    Ok(Json(deps.store.get_list_header(user.id, ListKind::Collection).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/collections/wantlist/status", tag = "collections", security(("bearer" = [])),
    responses((status = 200, body = CollectionStatus)))]
pub async fn wantlist_status(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
) -> ApiResult<Json<CollectionStatus>> {
    Ok(Json(deps.store.get_list_header(user.id, ListKind::Wantlist).await?.into()))
}
