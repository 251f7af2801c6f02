//! The sandbox's own routes: health and catalogue sizes, the fault switches, the call counters,
//! cover images, and the ECB's exchange-rate document.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{App, error};
use crate::{Fault, Market, images, rates};

pub(super) async fn health(State(app): State<App>) -> Response {
    Json(json!({"status": "ok", "sandbox": true, "seed": app.catalogue.seed()})).into_response()
}

pub(super) async fn catalogue(State(app): State<App>) -> Response {
    Json(json!({"seed": app.catalogue.seed(), "counts": app.catalogue.counts()})).into_response()
}

pub(super) async fn set_fault(
    State(app): State<App>,
    Path(mode): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let market = params.get("market").map(|m| Market::parse(m).ok_or(m));
    match (Fault::parse(&mode), market) {
        (Some(fault), None) => app.switches.set(fault),
        (Some(fault), Some(Ok(market))) => app.switches.set_for(market, fault),
        _ => {
            let message = "mode is none, 429, 500, slow, slow:<ms> or garbled; market is discogs, ebay or ecb";
            return error(StatusCode::BAD_REQUEST, message);
        }
    }
    tracing::info!(%mode, market = ?params.get("market"), "sandbox fault switched");
    Json(json!({"fault": mode})).into_response()
}

/// `?item=<listing id>&percent=20`: that listing costs 20 % less from now on: an eBay item
/// (`v1|<id>|0`) or a Discogs release offer (the release id).
pub(super) async fn cut_price(State(app): State<App>, Query(params): Query<HashMap<String, String>>) -> Response {
    let item = params.get("item").map(|i| i.trim()).filter(|i| !i.is_empty());
    let percent = params.get("percent").and_then(|p| p.trim().parse::<u8>().ok()).filter(|p| *p < 100);
    let (Some(item), Some(percent)) = (item, percent) else {
        return error(StatusCode::BAD_REQUEST, "item is an eBay item id or a Discogs release id; percent is 0 to 99");
    };
    app.switches.cut_price(item, percent);
    tracing::info!(item, percent, "sandbox price cut");
    Json(json!({"item": item, "percent": percent})).into_response()
}

pub(super) async fn calls(State(app): State<App>) -> Response {
    Json(app.switches.calls()).into_response()
}

pub(super) async fn reset_calls(State(app): State<App>) -> Response {
    app.switches.reset_calls();
    Json(json!({"reset": true})).into_response()
}

pub(super) async fn image(State(app): State<App>, Path(file): Path<String>) -> Response {
    let Some(svg) = file.strip_suffix(".svg").and_then(|name| images::svg(&app.catalogue, name)) else {
        return error(StatusCode::NOT_FOUND, "No such image.");
    };
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg).into_response()
}

/// The day's euro reference rates, dated today (the rates themselves are fixed).
pub(super) async fn ecb_daily() -> Response {
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    ([(header::CONTENT_TYPE, "text/xml; charset=UTF-8")], rates::ecb_daily_xml(&today)).into_response()
}
