//! eBay's Browse `item_summary/search` and the Commerce Identity user.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::oauth::encode;
use super::{App, Params, json_response};
use crate::catalogue::search::{EbayQuery, buyer_country};
use crate::json::ebay::item_summary;

/// Browse's largest page.
const MAX_LIMIT: usize = 200;
/// Browse serves at most this many items of one search (`offset + limit`).
const MAX_RESULTS: usize = 10_000;

fn bearer(headers: &HeaderMap) -> bool {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer v^1.1#"))
}

fn errors(status: StatusCode, id: u32, category: &str, message: &str) -> Response {
    let body = json!({"errors": [{"errorId": id, "domain": "API_BROWSE", "category": category, "message": message}]});
    (status, Json(body)).into_response()
}

pub(super) async fn search(State(app): State<App>, headers: HeaderMap, Query(params): Params) -> Response {
    if !bearer(&headers) {
        let body = json!({"errors": [{"errorId": 1001, "domain": "OAuth", "category": "REQUEST", "message": "Invalid access token"}]});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    let limit = match params.get("limit").map(|l| l.trim().parse::<usize>()) {
        None => 50,
        Some(Ok(l)) if (1..=MAX_LIMIT).contains(&l) => l,
        Some(_) => {
            return errors(StatusCode::BAD_REQUEST, 12_006, "REQUEST", "The 'limit' value must be between 1 and 200.");
        }
    };
    let offset = match params.get("offset").map(|o| o.trim().parse::<usize>()) {
        None => 0,
        Some(Ok(o)) if o + limit <= MAX_RESULTS => o,
        Some(_) => {
            let message = "The 'offset' value must be 0 or more, and 'offset' plus 'limit' at most 10000.";
            return errors(StatusCode::BAD_REQUEST, 12_007, "REQUEST", message);
        }
    };
    let query = match EbayQuery::from_params(&params) {
        Ok(q) => q,
        Err(e) => return errors(StatusCode::BAD_REQUEST, e.error_id(), "REQUEST", &e.to_string()),
    };
    let context = headers.get("x-ebay-c-enduserctx").and_then(|v| v.to_str().ok());
    let marketplace = headers.get("x-ebay-c-marketplace-id").and_then(|v| v.to_str().ok());
    let buyer = buyer_country(context, marketplace);
    let c = &app.catalogue;
    let found = c.search_items(&query, &buyer);
    let base = app.base(&headers);
    let mut others: Vec<(&String, &String)> =
        params.iter().filter(|(k, _)| k.as_str() != "limit" && k.as_str() != "offset").collect();
    others.sort();
    let query_text: String = others.iter().map(|(k, v)| format!("{}={}&", encode(k), encode(v))).collect();
    let href =
        |offset: usize| format!("{base}/buy/browse/v1/item_summary/search?{query_text}limit={limit}&offset={offset}");
    let page: Vec<Value> = found
        .iter()
        .skip(offset)
        .take(limit)
        .map(|item| match app.switches.price_cut(&format!("v1|{}|0", item.legacy_id)) {
            None => item_summary(c, item, &base, &buyer),
            Some(percent) => {
                let mut cut = (*item).clone();
                cut.price.minor = cut.price.minor * i64::from(100 - percent) / 100;
                item_summary(c, &cut, &base, &buyer)
            }
        })
        .collect();
    let mut body = json!({"href": href(offset), "total": found.len(), "limit": limit, "offset": offset});
    if offset + limit < found.len().min(MAX_RESULTS) {
        body["next"] = json!(href(offset + limit));
    }
    if offset > 0 {
        body["prev"] = json!(href(offset.saturating_sub(limit)));
    }
    if !page.is_empty() {
        body["itemSummaries"] = Value::Array(page);
    }
    json_response(body)
}

pub(super) async fn user(State(app): State<App>, headers: HeaderMap) -> Response {
    if !bearer(&headers) {
        let body = json!({"error": "invalid_token", "error_description": "Invalid access token"});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    json_response(app.catalogue.data().ebay_user.clone())
}
