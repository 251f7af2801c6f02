//! The endpoints, shaped like Discogs', eBay's and the ECB's answers, and the middleware every
//! marketplace route passes through: the call counter, then the fault switch.

mod control;
mod discogs;
mod ebay;
mod oauth;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{MatchedPath, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{Value, json};

use crate::{Catalogue, Fault, Market, Switches};

#[derive(Clone)]
pub(crate) struct App {
    catalogue: Arc<Catalogue>,
    switches: Switches,
    /// Discogs request token → the callback it was requested with.
    callbacks: Arc<Mutex<HashMap<String, String>>>,
    /// eBay access token → the client id of the application it was minted for.
    ebay_tokens: Arc<Mutex<HashMap<String, String>>>,
    counter: Arc<AtomicU64>,
    /// The sandbox's own address, for links when a request names no `Host`.
    own_base: String,
}

impl App {
    fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The base URL links in answers use: the host the client reached the sandbox at.
    fn base(&self, headers: &HeaderMap) -> String {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| {
            !h.is_empty()
                && h.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'-' | b'[' | b']'))
        });
        host.map_or_else(|| self.own_base.clone(), |h| format!("http://{h}"))
    }
}

type Params = Query<HashMap<String, String>>;

pub(crate) fn router(catalogue: Arc<Catalogue>, switches: Switches, own_base: String) -> Router {
    let app = App {
        catalogue,
        switches,
        callbacks: Arc::default(),
        ebay_tokens: Arc::default(),
        counter: Arc::default(),
        own_base,
    };
    let services = Router::new()
        .route("/oauth/request_token", post(oauth::discogs_request_token))
        .route("/oauth/authorize", get(oauth::discogs_authorize))
        .route("/oauth/access_token", post(oauth::discogs_access_token))
        .route("/oauth/identity", get(oauth::discogs_identity))
        .route("/database/search", get(discogs::search))
        .route("/marketplace/stats/{release_id}", get(discogs::stats))
        .route("/marketplace/listings/{listing_id}", get(discogs::listing))
        .route("/releases/{release_id}", get(discogs::release))
        .route("/masters/{master_id}", get(discogs::master))
        .route("/masters/{master_id}/versions", get(discogs::versions))
        .route("/users/{name}/inventory", get(discogs::inventory))
        .route("/users/{name}/wants", get(discogs::wants))
        .route("/users/{name}/collection/folders/{folder}/releases", get(discogs::collection))
        .route("/identity/v1/oauth2/token", post(oauth::ebay_token))
        .route("/oauth2/authorize", get(oauth::ebay_authorize))
        .route("/buy/browse/v1/item_summary/search", get(ebay::search))
        .route("/commerce/identity/v1/user/", get(ebay::user))
        .route("/ecb/eurofxref-daily.xml", get(control::ecb_daily))
        .route("/stats/eurofxref/eurofxref-daily.xml", get(control::ecb_daily))
        .layer(middleware::from_fn_with_state(app.clone(), count_and_fault));
    Router::new()
        .route("/_sandbox/health", get(control::health))
        .route("/_sandbox/catalogue", get(control::catalogue))
        .route("/_sandbox/fault/{mode}", post(control::set_fault))
        .route("/_sandbox/calls", get(control::calls).delete(control::reset_calls))
        .route("/_sandbox/calls/reset", post(control::reset_calls))
        .route("/_sandbox/price-cut", post(control::cut_price))
        .route("/images/{file}", get(control::image))
        .merge(services)
        .with_state(app)
}

// --- counting and faults ----------------------------------------------------------------------

/// `name="value"` pairs of an `OAuth …` or `Discogs …` authorization header.
fn auth_param(value: &str, name: &str) -> Option<String> {
    value.split(',').find_map(|field| {
        let (k, v) = field.trim().split_once('=')?;
        (k.trim() == name)
            .then(|| percent_encoding::percent_decode_str(v.trim().trim_matches('"')).decode_utf8_lossy().into_owned())
    })
}

/// Who a call counts against: Discogs' OAuth token or personal token, else its consumer key;
/// eBay's application (whose token it is); the ECB counts everyone together.
fn identity(app: &App, market: Market, headers: &HeaderMap, query: Option<&str>) -> String {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    match market {
        Market::Discogs => {
            let scheme = authorization.strip_prefix("OAuth ").or_else(|| authorization.strip_prefix("Discogs "));
            let query: HashMap<String, String> =
                query.map(|q| form_urlencoded_pairs(q).into_iter().collect()).unwrap_or_default();
            let token = scheme.and_then(|s| auth_param(s, "oauth_token").or_else(|| auth_param(s, "token")));
            let key = scheme.and_then(|s| auth_param(s, "oauth_consumer_key").or_else(|| auth_param(s, "key")));
            match (token.or_else(|| query.get("token").cloned()), key.or_else(|| query.get("key").cloned())) {
                (Some(token), _) if !token.is_empty() => format!("token:{token}"),
                (_, Some(key)) if !key.is_empty() => format!("key:{key}"),
                _ => "anonymous".to_string(),
            }
        }
        Market::Ebay => {
            if let Some(basic) = authorization.strip_prefix("Basic ") {
                return basic_client_id(basic).map_or_else(|| "anonymous".to_string(), |id| format!("app:{id}"));
            }
            let app_id = authorization
                .strip_prefix("Bearer ")
                .and_then(|token| app.ebay_tokens.lock().ok()?.get(token.trim()).cloned());
            match app_id {
                Some(id) => format!("app:{id}"),
                None if authorization.starts_with("Bearer ") => "token:unknown".to_string(),
                None => "anonymous".to_string(),
            }
        }
        Market::Ecb => "anonymous".to_string(),
    }
}

/// The client id of `Basic base64(client_id:secret)`.
fn basic_client_id(encoded: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(text.split_once(':')?.0.to_string())
}

fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            let decode =
                |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
            Some((decode(k), decode(v)))
        })
        .collect()
}

async fn count_and_fault(
    State(app): State<App>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let market = Market::of_path(&path);
    let who = identity(&app, market, request.headers(), request.uri().query());
    let endpoint = matched.as_ref().map_or(path.as_str(), MatchedPath::as_str);
    app.switches.record_call(market, &who, endpoint);
    match app.switches.get_for(market) {
        Fault::None => next.run(request).await,
        Fault::RateLimited { retry_after_secs } => {
            let body = match market {
                Market::Ebay => json!({"errors": [{"errorId": 2001, "domain": "ACCESS", "category": "REQUEST",
                    "message": "Too many requests. The request limit has been reached for the resource."}]}),
                _ => json!({"message": "You are making requests too quickly."}),
            };
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            let h = response.headers_mut();
            h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            h.insert("x-discogs-ratelimit", HeaderValue::from_static("60"));
            h.insert("x-discogs-ratelimit-used", HeaderValue::from_static("60"));
            h.insert("x-discogs-ratelimit-remaining", HeaderValue::from_static("0"));
            response
        }
        Fault::ServerError => {
            (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"message": "Internal server error"}))).into_response()
        }
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::Garbled => garble(next.run(request).await).await,
    }
}

/// The answer with its body cut in half, as a dropped connection or a broken proxy leaves it:
/// still 200, no longer parseable.
async fn garble(response: Response) -> Response {
    if !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let cut = bytes.len() / 2;
    let mut garbled = bytes.slice(..cut).to_vec();
    // Even an empty body becomes something no parser accepts.
    garbled.extend_from_slice(b"\x00\xff");
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(garbled))
}

// --- helpers ----------------------------------------------------------------------------------

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

/// A positive number parameter, else `default`.
fn number(params: &HashMap<String, String>, key: &str, default: usize) -> usize {
    params.get(key).and_then(|v| v.trim().parse().ok()).filter(|n| *n > 0).unwrap_or(default)
}

fn json_response(body: Value) -> Response {
    Json(body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_come_from_the_credentials() {
        let app = App {
            catalogue: Arc::new(Catalogue::load(&crate::default_fixtures_dir(), 1).unwrap()),
            switches: Switches::default(),
            callbacks: Arc::default(),
            ebay_tokens: Arc::new(Mutex::new(HashMap::from([("v^1.1#t".to_string(), "My-App-PRD".to_string())]))),
            counter: Arc::default(),
            own_base: "http://127.0.0.1:1".into(),
        };
        let headers = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            h
        };
        let oauth = headers(r#"OAuth oauth_consumer_key="ck", oauth_token="tok%2B1", oauth_signature="s""#);
        assert_eq!(identity(&app, Market::Discogs, &oauth, None), "token:tok+1");
        assert_eq!(identity(&app, Market::Discogs, &headers("Discogs key=ck, secret=cs"), None), "key:ck");
        assert_eq!(identity(&app, Market::Discogs, &headers("Discogs token=pt"), None), "token:pt");
        assert_eq!(identity(&app, Market::Discogs, &HeaderMap::new(), Some("key=qk&secret=x")), "key:qk");
        assert_eq!(identity(&app, Market::Discogs, &HeaderMap::new(), None), "anonymous");
        let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("My-App-PRD:secret"));
        assert_eq!(identity(&app, Market::Ebay, &headers(&basic), None), "app:My-App-PRD");
        assert_eq!(identity(&app, Market::Ebay, &headers("Bearer v^1.1#t"), None), "app:My-App-PRD");
        assert_eq!(identity(&app, Market::Ebay, &headers("Bearer other"), None), "token:unknown");
    }
}
