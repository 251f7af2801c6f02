use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::Deps;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `healthy`: liveness only, it must answer even when a dependency is down.
    pub status: &'static str,
    /// `sandbox` when marketplace calls go to the local sandbox marketplace (fixture data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marketplace: Option<&'static str>,
}

#[utoipa::path(get, path = "/health", tag = "health", responses((status = 200, body = Health)))]
pub async fn health(State(deps): State<Arc<Deps>>) -> Json<Health> {
    let sandbox = deps.config.marketplace_base_url.is_some();
    Json(Health { status: "healthy", marketplace: sandbox.then_some("sandbox") })
}
