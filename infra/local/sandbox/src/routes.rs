//! The endpoints, shaped like Discogs' and eBay's answers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::{Value, json};

use crate::{Fault, Fixtures, Market, Switches};

#[derive(Clone)]
struct App {
    fixtures: Arc<Fixtures>,
    switches: Switches,
    /// Discogs request token → the callback it was requested with.
    callbacks: Arc<Mutex<HashMap<String, String>>>,
    counter: Arc<AtomicU64>,
}

impl App {
    fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }
}

type Params = Query<HashMap<String, String>>;

pub(crate) fn router(fixtures: Arc<Fixtures>, switches: Switches) -> Router {
    let app = App { fixtures, switches, callbacks: Arc::default(), counter: Arc::default() };
    let marketplace = Router::new()
        .route("/oauth/request_token", post(discogs_request_token))
        .route("/oauth/authorize", get(discogs_authorize))
        .route("/oauth/access_token", post(discogs_access_token))
        .route("/oauth/identity", get(discogs_identity))
        .route("/database/search", get(discogs_search))
        .route("/marketplace/stats/{release_id}", get(discogs_stats))
        .route("/users/{name}/inventory", get(discogs_inventory))
        .route("/users/{name}/wants", get(discogs_wants))
        .route("/users/{name}/collection/folders/{folder}/releases", get(discogs_collection))
        .route("/identity/v1/oauth2/token", post(ebay_token))
        .route("/oauth2/authorize", get(ebay_authorize))
        .route("/buy/browse/v1/item_summary/search", get(ebay_search))
        .route("/commerce/identity/v1/user/", get(ebay_user))
        .layer(middleware::from_fn_with_state(app.clone(), faults));
    Router::new()
        .route("/_sandbox/health", get(|| async { Json(json!({"status": "ok", "sandbox": true})) }))
        .route("/_sandbox/fault/{mode}", post(set_fault))
        .merge(marketplace)
        .with_state(app)
}

// --- switches ---------------------------------------------------------------------------------

async fn faults(State(app): State<App>, request: Request, next: Next) -> Response {
    match app.switches.get_for(Market::of_path(request.uri().path())) {
        Fault::None => {}
        Fault::RateLimited { retry_after_secs } => {
            let mut response =
                (StatusCode::TOO_MANY_REQUESTS, Json(json!({"message": "You are making requests too quickly."})))
                    .into_response();
            let h = response.headers_mut();
            h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            h.insert("x-discogs-ratelimit", HeaderValue::from_static("60"));
            h.insert("x-discogs-ratelimit-used", HeaderValue::from_static("60"));
            h.insert("x-discogs-ratelimit-remaining", HeaderValue::from_static("0"));
            return response;
        }
        Fault::ServerError => {
            return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"message": "Internal server error"})))
                .into_response();
        }
        Fault::Slow(delay) => tokio::time::sleep(delay).await,
    }
    next.run(request).await
}

async fn set_fault(
    State(app): State<App>,
    Path(mode): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let market = params.get("market").map(|m| Market::parse(m).ok_or(m));
    match (Fault::parse(&mode), market) {
        (Some(fault), None) => app.switches.set(fault),
        (Some(fault), Some(Ok(market))) => app.switches.set_for(market, fault),
        _ => {
            let message = "mode is none, 429, 500, slow or slow:<ms>; market is discogs or ebay";
            return (StatusCode::BAD_REQUEST, Json(json!({ "message": message }))).into_response();
        }
    }
    tracing::info!(%mode, market = ?params.get("market"), "sandbox fault switched");
    Json(json!({"fault": mode})).into_response()
}

// --- helpers ----------------------------------------------------------------------------------

fn encode(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Discogs answers with its rate-limit headers.
fn discogs(body: Value) -> Response {
    let mut response = Json(body).into_response();
    let h = response.headers_mut();
    h.insert("x-discogs-ratelimit", HeaderValue::from_static("60"));
    h.insert("x-discogs-ratelimit-used", HeaderValue::from_static("1"));
    h.insert("x-discogs-ratelimit-remaining", HeaderValue::from_static("59"));
    response
}

fn form_body(pairs: &[(&str, &str)]) -> Response {
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    ([(header::CONTENT_TYPE, "application/x-www-form-urlencoded")], body.join("&")).into_response()
}

fn number(params: &HashMap<String, String>, key: &str, default: usize) -> usize {
    params.get(key).and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(default)
}

/// Discogs paging: `page` (1-based) and `per_page` (≤ 100).
fn paged(items: Vec<Value>, params: &HashMap<String, String>, key: &str) -> Value {
    let per_page = number(params, "per_page", 50).min(100);
    let page = number(params, "page", 1);
    let pages = items.len().div_ceil(per_page).max(1);
    let slice: Vec<Value> = items.iter().skip((page - 1) * per_page).take(per_page).cloned().collect();
    json!({"pagination": {"page": page, "pages": pages, "per_page": per_page, "items": items.len(), "urls": {}}, key: slice})
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Every word of the query appears in the text.
fn matches(query: Option<&String>, text: &str) -> bool {
    let haystack = words(text);
    query.map(|q| words(q)).unwrap_or_default().iter().all(|w| haystack.contains(w))
}

/// `oauth_callback` / `oauth_verifier` from an `Authorization: OAuth …` header.
fn oauth_param(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("OAuth ")?;
    value.split(',').find_map(|field| {
        let (k, v) = field.trim().split_once('=')?;
        (k == name).then(|| percent_decode_str(v.trim_matches('"')).decode_utf8_lossy().into_owned())
    })
}

fn requires_oauth(headers: &HeaderMap) -> Option<Response> {
    let signed = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("OAuth ") && v.contains("oauth_signature="));
    (!signed).then(|| {
        (StatusCode::UNAUTHORIZED, Json(json!({"message": "You must authenticate to access this resource."})))
            .into_response()
    })
}

// --- Discogs ----------------------------------------------------------------------------------

async fn discogs_request_token(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some(denied) = requires_oauth(&headers) {
        return denied;
    }
    let token = format!("sbx-request-{}", app.next());
    let callback = oauth_param(&headers, "oauth_callback").unwrap_or_else(|| "oob".into());
    if let Ok(mut callbacks) = app.callbacks.lock() {
        callbacks.insert(token.clone(), callback);
    }
    form_body(&[
        ("oauth_token", &token),
        ("oauth_token_secret", "sbx-request-secret"),
        ("oauth_callback_confirmed", "true"),
    ])
}

const VERIFIER: &str = "sbxverifier";

async fn discogs_authorize(State(app): State<App>, Query(params): Params) -> Response {
    let token = params.get("oauth_token").cloned().unwrap_or_default();
    let callback = app.callbacks.lock().ok().and_then(|c| c.get(&token).cloned());
    match callback.filter(|c| c.starts_with("http")) {
        Some(callback) => {
            let sep = if callback.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{callback}{sep}oauth_token={}&oauth_verifier={VERIFIER}", encode(&token)))
                .into_response()
        }
        None => Html(format!(
            "<!doctype html><title>Sandbox Discogs</title><h1>Sandbox Discogs</h1>\
             <p>VinylDigger (sandbox) was authorized. Enter this code in VinylDigger: <code>{VERIFIER}</code></p>"
        ))
        .into_response(),
    }
}

async fn discogs_access_token(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some(denied) = requires_oauth(&headers) {
        return denied;
    }
    if oauth_param(&headers, "oauth_verifier").as_deref() != Some(VERIFIER) {
        return (StatusCode::UNAUTHORIZED, "Invalid verifier").into_response();
    }
    let token = format!("sbx-access-{}", app.next());
    form_body(&[("oauth_token", &token), ("oauth_token_secret", "sbx-access-secret")])
}

async fn discogs_identity(State(app): State<App>, headers: HeaderMap) -> Response {
    requires_oauth(&headers).unwrap_or_else(|| discogs(app.fixtures.identity.clone()))
}

fn search_hit(release: &Value) -> Value {
    let artist = release["artists"][0]["name"].as_str().unwrap_or_default().to_string();
    let id = release["id"].as_u64().unwrap_or_default();
    let title = release["title"].as_str().unwrap_or_default();
    let format = release["formats"][0]["descriptions"].as_array().cloned().unwrap_or_default();
    let mut format_list = vec![json!("Vinyl")];
    format_list.extend(format);
    json!({
        "country": release["country"], "year": release["year"].as_i64().map(|y| y.to_string()),
        "format": format_list, "label": release["labels"].as_array().map(|l| l.iter().map(|x| x["name"].clone()).collect::<Vec<_>>()),
        "type": "release", "genre": release["genres"], "style": release["styles"], "id": id,
        "barcode": [], "user_data": {"in_wantlist": false, "in_collection": false},
        "master_id": release["master_id"], "master_url": release["master_url"],
        "uri": format!("/release/{id}"), "catno": release["labels"][0]["catno"],
        "title": format!("{artist} - {title}"), "thumb": release["thumb"], "cover_image": release["cover_image"],
        "resource_url": release["resource_url"], "community": {"want": 120, "have": 340},
        "format_quantity": 1, "formats": release["formats"],
    })
}

async fn discogs_search(State(app): State<App>, headers: HeaderMap, Query(params): Params) -> Response {
    let authed = headers.contains_key(header::AUTHORIZATION);
    if !authed {
        return (StatusCode::UNAUTHORIZED, Json(json!({"message": "You must authenticate to access this resource."})))
            .into_response();
    }
    let hits: Vec<Value> = app
        .fixtures
        .releases
        .iter()
        .filter(|r| {
            let text = format!(
                "{} {}",
                r["artists"][0]["name"].as_str().unwrap_or_default(),
                r["title"].as_str().unwrap_or_default()
            );
            matches(params.get("q"), &text)
                && params
                    .get("genre")
                    .is_none_or(|g| r["genres"].as_array().is_some_and(|l| l.iter().any(|x| x == g.as_str())))
                && params.get("year").is_none_or(|y| r["year"].as_i64().map(|v| v.to_string()).as_ref() == Some(y))
        })
        .map(search_hit)
        .collect();
    discogs(paged(hits, &params, "results"))
}

/// Units of each currency per US dollar, for the statistics' lowest price.
fn per_usd(currency: &str) -> Option<f64> {
    Some(match currency {
        "USD" => 1.0,
        "EUR" => 0.92,
        "GBP" => 0.79,
        "JPY" => 150.0,
        "CAD" => 1.36,
        "AUD" => 1.52,
        _ => return None,
    })
}

async fn discogs_stats(State(app): State<App>, Path(release_id): Path<u64>, Query(params): Params) -> Response {
    let currency = params.get("curr_abbr").map(|c| c.to_uppercase()).unwrap_or_else(|| "USD".into());
    let Some(target) = per_usd(&currency) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({"message": "Invalid currency"}))).into_response();
    };
    let copies: Vec<&Value> =
        app.fixtures.inventory.iter().filter(|l| l["release"]["id"].as_u64() == Some(release_id)).collect();
    let lowest = copies
        .iter()
        .filter_map(|l| Some(l["price"]["value"].as_f64()? / per_usd(l["price"]["currency"].as_str()?)? * target))
        .fold(None, |min: Option<f64>, p| Some(min.map_or(p, |m| m.min(p))));
    let lowest = lowest.map(|v| if currency == "JPY" { v.round() } else { (v * 100.0).round() / 100.0 });
    discogs(json!({
        "lowest_price": lowest.map(|value| json!({"currency": currency, "value": value})),
        "num_for_sale": copies.len(),
        "blocked_from_sale": false,
    }))
}

async fn discogs_inventory(State(app): State<App>, Path(name): Path<String>, Query(params): Params) -> Response {
    let listings: Vec<Value> = app
        .fixtures
        .inventory
        .iter()
        .filter(|l| l["seller"]["username"].as_str() == Some(name.as_str()))
        .cloned()
        .collect();
    if listings.is_empty() {
        return (StatusCode::NOT_FOUND, Json(json!({"message": "User does not exist or may have been deleted."})))
            .into_response();
    }
    discogs(paged(listings, &params, "listings"))
}

async fn discogs_wants(State(app): State<App>, headers: HeaderMap, Query(params): Params) -> Response {
    requires_oauth(&headers).unwrap_or_else(|| discogs(paged(app.fixtures.wants.clone(), &params, "wants")))
}

async fn discogs_collection(State(app): State<App>, headers: HeaderMap, Query(params): Params) -> Response {
    requires_oauth(&headers).unwrap_or_else(|| discogs(paged(app.fixtures.collection.clone(), &params, "releases")))
}

// --- eBay -------------------------------------------------------------------------------------

fn ebay_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({"error": error, "error_description": description}))).into_response()
}

async fn ebay_token(State(app): State<App>, headers: HeaderMap, Form(form): Form<HashMap<String, String>>) -> Response {
    let basic =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Basic "));
    if !basic {
        return ebay_error(StatusCode::UNAUTHORIZED, "invalid_client", "client authentication failed");
    }
    let n = app.next();
    match form.get("grant_type").map(String::as_str) {
        Some("client_credentials") => Json(json!({
            "access_token": format!("v^1.1#i^1#sbx-app-{n}"), "expires_in": 7200, "token_type": "Application Access Token"
        }))
        .into_response(),
        Some("authorization_code") if form.get("code").is_some_and(|c| c.starts_with("sbx-code")) => Json(json!({
            "access_token": format!("v^1.1#i^1#sbx-user-{n}"), "expires_in": 7200,
            "refresh_token": "v^1.1#i^1#sbx-refresh", "refresh_token_expires_in": 47304000, "token_type": "User Access Token"
        }))
        .into_response(),
        Some("refresh_token") if form.get("refresh_token").is_some_and(|t| t == "v^1.1#i^1#sbx-refresh") => Json(json!({
            "access_token": format!("v^1.1#i^1#sbx-user-{n}"), "expires_in": 7200, "token_type": "User Access Token"
        }))
        .into_response(),
        _ => ebay_error(StatusCode::BAD_REQUEST, "invalid_grant", "the provided authorization grant is invalid"),
    }
}

async fn ebay_authorize(State(app): State<App>, Query(params): Params) -> Response {
    let code = format!("sbx-code-{}", app.next());
    let state = params.get("state").cloned().unwrap_or_default();
    match params.get("redirect_uri").filter(|r| r.starts_with("http")) {
        Some(redirect) => {
            let sep = if redirect.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{redirect}{sep}code={}&state={}&expires_in=299", encode(&code), encode(&state)))
                .into_response()
        }
        None => Html(format!(
            "<!doctype html><title>Sandbox eBay</title><h1>Sandbox eBay</h1>\
             <p>Authorization code: <code>{code}</code></p><p>State: <code>{}</code></p>",
            encode(&state)
        ))
        .into_response(),
    }
}

fn bearer(headers: &HeaderMap) -> bool {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer v^1.1#"))
}

async fn ebay_search(State(app): State<App>, headers: HeaderMap, Query(params): Params) -> Response {
    if !bearer(&headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"errors": [{"errorId": 1001, "domain": "OAuth", "category": "REQUEST", "message": "Invalid access token"}]}))).into_response();
    }
    let found: Vec<Value> = app
        .fixtures
        .ebay_items
        .iter()
        .filter(|i| matches(params.get("q"), i["title"].as_str().unwrap_or_default()))
        .cloned()
        .collect();
    let limit = number(&params, "limit", 50).min(200);
    let offset = params.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0usize);
    let page: Vec<Value> = found.iter().skip(offset).take(limit).cloned().collect();
    let mut body = json!({
        "href": format!("https://api.ebay.com/buy/browse/v1/item_summary/search?q={}&limit={limit}&offset={offset}", encode(params.get("q").map(String::as_str).unwrap_or(""))),
        "total": found.len(), "limit": limit, "offset": offset,
    });
    if !page.is_empty() {
        body["itemSummaries"] = Value::Array(page);
    }
    Json(body).into_response()
}

async fn ebay_user(State(app): State<App>, headers: HeaderMap) -> Response {
    if !bearer(&headers) {
        return ebay_error(StatusCode::UNAUTHORIZED, "invalid_token", "Invalid access token");
    }
    Json(app.fixtures.ebay_user.clone()).into_response()
}
