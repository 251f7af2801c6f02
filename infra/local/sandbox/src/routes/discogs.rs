//! Discogs' data endpoints: database search, releases, masters and their versions, marketplace
//! statistics and listings, seller inventories, and the user's want list and collection.

use std::collections::HashMap;
use std::ops::Range;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::oauth::{encode, requires_oauth};
use super::{App, Params, error, number};
use crate::catalogue::search::{DiscogsQuery, SearchType};
use crate::catalogue::{InventorySort, Stats};
use crate::json::discogs as shape;
use crate::rates::Currency;

/// Discogs' largest page.
const MAX_PER_PAGE: usize = 100;
/// Discogs serves at most this many results of a search (and of another user's inventory).
const MAX_RESULTS: usize = 10_000;
/// The currencies Discogs prices in (`curr_abbr`).
const DISCOGS_CURRENCIES: [&str; 12] =
    ["USD", "GBP", "EUR", "CAD", "AUD", "JPY", "CHF", "MXN", "BRL", "NZD", "SEK", "ZAR"];

/// A Discogs answer, with its rate-limit headers.
pub(super) fn answer(body: Value) -> Response {
    let mut response = axum::Json(body).into_response();
    let h = response.headers_mut();
    h.insert("x-discogs-ratelimit", HeaderValue::from_static("60"));
    h.insert("x-discogs-ratelimit-used", HeaderValue::from_static("1"));
    h.insert("x-discogs-ratelimit-remaining", HeaderValue::from_static("59"));
    response
}

fn not_found(what: &str) -> Response {
    error(StatusCode::NOT_FOUND, &format!("{what} not found."))
}

/// One page of `total` items: its index range and the `pagination` object.
struct Paged {
    range: Range<usize>,
    pagination: Value,
}

/// `page` (1-based) and `per_page` (at most 100) of `total` items, of which at most `cap` are
/// served; a page beyond the cap is refused.
fn paged(params: &HashMap<String, String>, total: usize, cap: usize, url: &str) -> Result<Paged, usize> {
    let per_page = number(params, "per_page", 50).min(MAX_PER_PAGE);
    let page = number(params, "page", 1);
    let start = (page - 1).saturating_mul(per_page);
    if start >= cap {
        return Err(cap);
    }
    let servable = total.min(cap);
    let pages = servable.div_ceil(per_page).max(1);
    let mut others: Vec<(&String, &String)> =
        params.iter().filter(|(k, _)| k.as_str() != "page" && k.as_str() != "per_page").collect();
    others.sort();
    let query: String = others.iter().map(|(k, v)| format!("&{}={}", encode(k), encode(v))).collect();
    let pagination =
        shape::pagination(page, pages, per_page, total, |n| format!("{url}?page={n}&per_page={per_page}{query}"));
    Ok(Paged { range: start.min(servable)..(start + per_page).min(servable), pagination })
}

/// Whether the request is authenticated: OAuth, a consumer key and secret or a personal token,
/// in the header or the query.
fn authenticated(headers: &HeaderMap, params: &HashMap<String, String>) -> bool {
    headers.contains_key(header::AUTHORIZATION) || params.contains_key("token") || params.contains_key("key")
}

/// On behalf of the sandbox user (an OAuth token), whose want list and collection `user_data` shows.
fn as_user(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("OAuth ") && v.contains("oauth_token="))
}

/// `curr_abbr`, US dollars by default; `None` for a currency Discogs does not price in.
fn currency(params: &HashMap<String, String>) -> Option<Currency> {
    let code = params.get("curr_abbr").map(|c| c.trim().to_ascii_uppercase()).unwrap_or_else(|| "USD".into());
    DISCOGS_CURRENCIES.contains(&code.as_str()).then(|| Currency::parse(&code)).flatten()
}

fn invalid_currency() -> Response {
    error(StatusCode::UNPROCESSABLE_ENTITY, "Invalid currency")
}

pub(super) async fn search(State(app): State<App>, headers: HeaderMap, Query(params): Params) -> Response {
    if !authenticated(&headers, &params) {
        return error(StatusCode::UNAUTHORIZED, "You must authenticate to access this resource.");
    }
    let base = app.base(&headers);
    let query = DiscogsQuery::from_params(&params);
    let c = &app.catalogue;
    let user = as_user(&headers);
    let hits: Vec<Value> = match query.kind {
        SearchType::Master => {
            c.search_masters(&query).into_iter().map(|m| shape::master_hit(c, m, &base, user)).collect()
        }
        _ => {
            let releases = c.search_releases(&query);
            let Ok(page) = paged(&params, releases.len(), MAX_RESULTS, &format!("{base}/database/search")) else {
                return error(
                    StatusCode::NOT_FOUND,
                    "Search results beyond 10,000 items are not available; narrow the search.",
                );
            };
            let results: Vec<Value> =
                releases[page.range].iter().map(|r| shape::search_hit(c, r, &base, user)).collect();
            return answer(json!({"pagination": page.pagination, "results": results}));
        }
    };
    match paged(&params, hits.len(), MAX_RESULTS, &format!("{base}/database/search")) {
        Ok(page) => answer(json!({"pagination": page.pagination, "results": hits[page.range].to_vec()})),
        Err(_) => {
            error(StatusCode::NOT_FOUND, "Search results beyond 10,000 items are not available; narrow the search.")
        }
    }
}

fn stats_body(stats: &Stats, currency: Currency) -> Value {
    json!({
        "lowest_price": stats.lowest.map(|p| json!({"currency": currency.as_str(), "value": shape::amount(p)})),
        "num_for_sale": stats.for_sale,
        "blocked_from_sale": stats.blocked,
    })
}

pub(super) async fn stats(State(app): State<App>, Path(release_id): Path<String>, Query(params): Params) -> Response {
    let Some(currency) = currency(&params) else {
        return invalid_currency();
    };
    match release_id.parse().ok().and_then(|id| release_stats(&app, id, currency)) {
        Some(stats) => answer(stats_body(&stats, currency)),
        None => not_found("Release"),
    }
}

pub(super) async fn release(
    State(app): State<App>,
    headers: HeaderMap,
    Path(release_id): Path<String>,
    Query(params): Params,
) -> Response {
    let Some(currency) = currency(&params) else {
        return invalid_currency();
    };
    let c = &app.catalogue;
    let Some((release, stats)) =
        release_id.parse().ok().and_then(|id| Some((c.release(id)?, release_stats(&app, id, currency)?)))
    else {
        return not_found("Release");
    };
    answer(shape::release(release, &app.base(&headers), &stats))
}

/// A release's copies for sale, its lowest price lowered by a price cut of the release (a test's
/// price drop of a Discogs release offer, whose listing id is the release id).
fn release_stats(app: &App, release_id: u64, currency: Currency) -> Option<Stats> {
    let mut stats = app.catalogue.stats(release_id, currency)?;
    if let (Some(percent), Some(lowest)) = (app.switches.price_cut(&release_id.to_string()), stats.lowest.as_mut()) {
        lowest.minor = lowest.minor * i64::from(100 - percent) / 100;
    }
    Some(stats)
}

/// Copies for sale of all a master's versions: the count and the lowest price.
fn master_stats(app: &App, versions: &[u64], currency: Currency) -> Stats {
    let all: Vec<Stats> = versions.iter().filter_map(|v| app.catalogue.stats(*v, currency)).collect();
    Stats {
        lowest: all.iter().filter_map(|s| s.lowest).min_by_key(|p| p.minor),
        for_sale: all.iter().map(|s| s.for_sale).sum(),
        blocked: false,
    }
}

pub(super) async fn master(
    State(app): State<App>,
    headers: HeaderMap,
    Path(master_id): Path<String>,
    Query(params): Params,
) -> Response {
    let Some(currency) = currency(&params) else {
        return invalid_currency();
    };
    let Some(master) = master_id.parse().ok().and_then(|id| app.catalogue.master(id)) else {
        return not_found("Master");
    };
    let stats = master_stats(&app, &master.versions, currency);
    answer(shape::master(&app.catalogue, master, &app.base(&headers), &stats))
}

/// `GET /masters/{id}/versions`: filterable by `format`, `label`, `released` and `country`,
/// sortable by `released`, `title`, `format`, `label`, `catno` or `country`.
pub(super) async fn versions(
    State(app): State<App>,
    headers: HeaderMap,
    Path(master_id): Path<String>,
    Query(params): Params,
) -> Response {
    let c = &app.catalogue;
    let Some(master) = master_id.parse().ok().and_then(|id| c.master(id)) else {
        return not_found("Master");
    };
    let base = app.base(&headers);
    let all: Vec<_> = master.versions.iter().filter_map(|id| c.release(*id)).collect();
    let field = |r: &crate::catalogue::model::Release, name: &str| -> String {
        match name {
            "format" => shape::short_format(r),
            "label" => r.label().to_string(),
            "released" => r.year.map(|y| y.to_string()).unwrap_or_default(),
            "country" => r.country.clone(),
            "title" => r.title.clone(),
            "catno" => r.catno().to_string(),
            _ => String::new(),
        }
    };
    let filters = ["format", "label", "released", "country"];
    let applied: Vec<(&str, &String)> = filters.iter().filter_map(|f| params.get(*f).map(|v| (*f, v))).collect();
    let mut shown: Vec<_> = all
        .iter()
        .filter(|r| applied.iter().all(|(f, v)| field(r, f).to_lowercase().contains(&v.to_lowercase())))
        .copied()
        .collect();
    let sort = params.get("sort").map(String::as_str).unwrap_or("released");
    shown.sort_by(|a, b| {
        let key = |r: &crate::catalogue::model::Release| match sort {
            "released" => format!("{:04}", r.year.unwrap_or(0)),
            other => field(r, other),
        };
        key(a).cmp(&key(b)).then(a.id.cmp(&b.id))
    });
    if params.get("sort_order").is_some_and(|o| o == "desc") {
        shown.reverse();
    }
    let available: serde_json::Map<String, Value> = filters
        .iter()
        .map(|f| {
            let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
            for r in &all {
                *counts.entry(field(r, f)).or_default() += 1;
            }
            (f.to_string(), json!(counts))
        })
        .collect();
    let Ok(page) = paged(&params, shown.len(), MAX_RESULTS, &format!("{base}/masters/{}/versions", master.id)) else {
        return not_found("Page");
    };
    let user = as_user(&headers);
    let versions: Vec<Value> = shown[page.range].iter().map(|r| shape::version(c, r, &base, user)).collect();
    let applied: serde_json::Map<String, Value> = applied.iter().map(|(f, v)| (f.to_string(), json!(v))).collect();
    answer(json!({
        "pagination": page.pagination,
        "filters": {"applied": applied, "available": available},
        "filter_facets": [],
        "versions": versions,
    }))
}

pub(super) async fn listing(State(app): State<App>, headers: HeaderMap, Path(listing_id): Path<String>) -> Response {
    let c = &app.catalogue;
    let found = listing_id.parse::<u64>().ok().and_then(|id| {
        let l = c.listing(id)?;
        Some((c.release(l.release_id)?, l, c.discogs_seller_at(l.seller)?))
    });
    match found {
        Some((r, l, s)) => answer(shape::listing(r, l, s, &app.base(&headers))),
        None => not_found("Listing"),
    }
}

/// `GET /users/{name}/inventory`: `status`, `sort` (`listed`, `price`; others as `listed`),
/// `sort_order`, paged. Another user's inventory is served up to 10 000 listings.
pub(super) async fn inventory(
    State(app): State<App>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(params): Params,
) -> Response {
    let c = &app.catalogue;
    let Some((seller_at, seller)) = c.discogs_seller(&name) else {
        return error(StatusCode::NOT_FOUND, "User does not exist or may have been deleted.");
    };
    if params.get("status").is_some_and(|s| s != "For Sale" && s != "All") {
        return answer(json!({"pagination": shape::pagination(1, 1, 50, 0, |_| String::new()), "listings": []}));
    }
    let sort = match params.get("sort").map(String::as_str) {
        Some("price") => InventorySort::Price,
        _ => InventorySort::Listed,
    };
    let descending = params.get("sort_order").is_none_or(|o| o != "asc");
    let listings = c.inventory(seller_at, sort, descending);
    let base = app.base(&headers);
    let Ok(page) = paged(&params, listings.len(), MAX_RESULTS, &format!("{base}/users/{}/inventory", seller.username))
    else {
        return error(StatusCode::FORBIDDEN, "Pagination above 100 disabled for inventories besides your own");
    };
    let shown: Vec<Value> = listings[page.range]
        .iter()
        .filter_map(|l| Some(shape::listing(c.release(l.release_id)?, l, seller, &base)))
        .collect();
    answer(json!({"pagination": page.pagination, "listings": shown}))
}

pub(super) async fn wants(
    State(app): State<App>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(params): Params,
) -> Response {
    if let Some(denied) = requires_oauth(&headers) {
        return denied;
    }
    let c = &app.catalogue;
    let base = app.base(&headers);
    let wants = &c.data().wants;
    let Ok(page) = paged(&params, wants.len(), usize::MAX, &format!("{base}/users/{name}/wants")) else {
        return not_found("Page");
    };
    let shown: Vec<Value> =
        wants[page.range].iter().filter_map(|w| Some(shape::want(w, c.release(w.release_id)?, &base, &name))).collect();
    answer(json!({"pagination": page.pagination, "wants": shown}))
}

pub(super) async fn collection(
    State(app): State<App>,
    headers: HeaderMap,
    Path((name, folder)): Path<(String, String)>,
    Query(params): Params,
) -> Response {
    if let Some(denied) = requires_oauth(&headers) {
        return denied;
    }
    // Folder 0 is everything; the sandbox user keeps everything in folder 1, "Uncategorized".
    if folder != "0" && folder != "1" {
        return not_found("Folder");
    }
    let c = &app.catalogue;
    let base = app.base(&headers);
    let owned = &c.data().collection;
    let url = format!("{base}/users/{name}/collection/folders/{folder}/releases");
    let Ok(page) = paged(&params, owned.len(), usize::MAX, &url) else {
        return not_found("Page");
    };
    let shown: Vec<Value> =
        owned[page.range].iter().filter_map(|o| Some(shape::owned(o, c.release(o.release_id)?, &base))).collect();
    answer(json!({"pagination": page.pagination, "releases": shown}))
}
