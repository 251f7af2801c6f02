use axum::Json;
use serde_json::{Value, json};

/// Liveness only: it must answer even when a dependency is down (SPEC §2.1 H1).
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "healthy" }))
}
