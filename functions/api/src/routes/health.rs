use std::sync::Arc;

use axum::Json;
use axum::extract::State;

use crate::Deps;
use crate::views::Health;

#[utoipa::path(get, path = "/health", tag = "health", responses((status = 200, body = Health)))]
pub async fn health(State(deps): State<Arc<Deps>>) -> Json<Health> {
    let sandbox = deps.config.marketplace_base_url.is_some();
    Json(Health { status: "healthy", marketplace: sandbox.then_some("sandbox") })
}
