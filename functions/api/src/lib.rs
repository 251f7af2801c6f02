//! The HTTP API: one axum router, served by `lambda_http` in Lambda and by `axum::serve` in the
//! local runner.

mod deps;
mod health;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::json;

pub use deps::{Deps, InitError};

pub fn router(deps: Arc<Deps>) -> Router {
    Router::new().route("/health", get(health::health)).fallback(not_found).with_state(deps)
}

async fn not_found() -> (StatusCode, axum::Json<serde_json::Value>) {
    (StatusCode::NOT_FOUND, axum::Json(json!({ "detail": "Not Found" })))
}
