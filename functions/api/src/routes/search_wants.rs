//! The wants a search watches (docs/architecture.md#want-list-searches): each with when the search last
//! checked it and whether any pressing satisfies it, and a want's own "any pressing" switch.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use vinyldigger::domain::lists::{ListItem, ListKind};
use vinyldigger::domain::search::SavedSearch;

use super::searches::owned_search;
use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, ValidationError};
use crate::extract::{AuthUser, Body, Path, Validate};
use crate::validate::nullable;

/// One want of the user's synced want list, when this search last checked it and whether any
/// pressing satisfies it.
#[derive(serde::Serialize, ToSchema)]
pub struct WantCheckResponse {
    /// The Discogs release id.
    pub release_id: String,
    #[schema(required = true)]
    pub master_id: Option<String>,
    #[schema(required = true)]
    pub artist: Option<String>,
    pub title: String,
    /// When a run of this search last checked the want on every marketplace of the search;
    /// `null` until one has.
    #[schema(required = true)]
    pub last_checked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether a run accepts any release of the want's master: the want's own switch, else the
    /// search's; never without a master.
    pub any_pressing: bool,
    /// The want's own switch, `null` when the search's applies.
    #[schema(required = true)]
    pub any_pressing_override: Option<bool>,
}

impl WantCheckResponse {
    fn new(
        want: &ListItem,
        search: &SavedSearch,
        checks: &HashMap<u64, chrono::DateTime<chrono::Utc>>,
        overrides: &HashMap<u64, bool>,
    ) -> Self {
        let own = overrides.get(&want.release_id).copied();
        Self {
            release_id: want.release_id.to_string(),
            master_id: want.master_id.map(|m| m.to_string()),
            artist: want.artist.clone(),
            title: want.title.clone(),
            last_checked_at: checks.get(&want.release_id).copied(),
            any_pressing: own.unwrap_or(search.any_pressing) && want.master_id.is_some(),
            any_pressing_override: own,
        }
    }
}

/// The wants a want-list search watches, each with when it was last checked: a long want list
/// is checked in slices across runs, longest-unchecked first. A query search lists the same
/// wants, never checked.
#[utoipa::path(get, path = "/api/v1/searches/{search_id}/wants", tag = "searches", operation_id = "list_search_wants",
    security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = [WantCheckResponse]), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn wants(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<WantCheckResponse>>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let (wants, checks, overrides) = tokio::try_join!(
        deps.store.list_items(user.id, ListKind::Wantlist),
        deps.store.want_checks(search.id, search.platform.platforms()),
        deps.store.want_pressings(search.id),
    )?;
    Ok(Json(wants.iter().map(|w| WantCheckResponse::new(w, &search, &checks, &overrides)).collect()))
}

/// A want's own "any pressing" switch in one search.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWant {
    /// `true` or `false` overrides the search's switch for this want; `null` removes the override.
    #[serde(deserialize_with = "nullable")]
    #[schema(value_type = Option<bool>, required = true)]
    pub any_pressing: Option<Option<bool>>,
}

impl Validate for UpdateWant {}

/// Sets (or with `null` removes) a want's own "any pressing" switch in this search; the next runs
/// accept any release of its master (or only the wanted release) whatever the search's switch.
#[utoipa::path(patch, path = "/api/v1/searches/{search_id}/wants/{release_id}", tag = "searches",
    operation_id = "update_search_want", security(("bearer" = [])),
    params(
        ("search_id" = Uuid, Path),
        ("release_id" = String, Path, description = "A Discogs release id of the user's want list.", pattern = "^[0-9]{1,19}$"),
    ),
    request_body = UpdateWant,
    responses(
        (status = 200, body = WantCheckResponse),
        (status = 404, description = "No such search, or the release is not in the want list", body = Detail),
        (status = 422, body = ValidationError),
    ))]
pub async fn update_want(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path((raw_search, raw_release)): Path<(String, String)>,
    Body(req): Body<UpdateWant>,
) -> ApiResult<Json<WantCheckResponse>> {
    let release_id = crate::validate::release_id(&raw_release)?;
    let search = owned_search(&deps, &user, &raw_search).await?;
    let wants = deps.store.list_items(user.id, ListKind::Wantlist).await?;
    let want =
        wants.iter().find(|w| w.release_id == release_id).ok_or_else(|| ApiError::not_found("Want not found"))?;
    let own = req.any_pressing.flatten();
    deps.store.set_want_pressing(search.id, release_id, own).await?;
    tracing::info!(search_id = %search.id, release_id, any_pressing = ?own, "want's own any-pressing switch set");
    let checks = deps.store.want_checks(search.id, search.platform.platforms()).await?;
    let overrides = own.map(|v| HashMap::from([(release_id, v)])).unwrap_or_default();
    Ok(Json(WantCheckResponse::new(want, &search, &checks, &overrides)))
}
