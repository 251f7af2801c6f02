//! Discogs' OAuth 1.0a and eBay's OAuth 2.0 flows, with codes and tokens the sandbox recognises.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::json;

use super::discogs::answer;
use super::{App, Params, json_response};

/// What a query component may hold unencoded (RFC 3986 unreserved characters).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub(super) fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

fn form_body(pairs: &[(&str, &str)]) -> Response {
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    ([(header::CONTENT_TYPE, "application/x-www-form-urlencoded")], body.join("&")).into_response()
}

/// `oauth_callback` / `oauth_verifier` from an `Authorization: OAuth …` header.
fn oauth_param(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("OAuth ")?;
    value.split(',').find_map(|field| {
        let (k, v) = field.trim().split_once('=')?;
        (k == name).then(|| percent_decode_str(v.trim_matches('"')).decode_utf8_lossy().into_owned())
    })
}

pub(super) fn requires_oauth(headers: &HeaderMap) -> Option<Response> {
    let signed = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("OAuth ") && v.contains("oauth_signature="));
    (!signed).then(|| {
        (StatusCode::UNAUTHORIZED, axum::Json(json!({"message": "You must authenticate to access this resource."})))
            .into_response()
    })
}

pub(super) async fn discogs_request_token(State(app): State<App>, headers: HeaderMap) -> Response {
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

pub(super) async fn discogs_authorize(State(app): State<App>, Query(params): Params) -> Response {
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

pub(super) async fn discogs_access_token(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some(denied) = requires_oauth(&headers) {
        return denied;
    }
    if oauth_param(&headers, "oauth_verifier").as_deref() != Some(VERIFIER) {
        return (StatusCode::UNAUTHORIZED, "Invalid verifier").into_response();
    }
    let token = format!("sbx-access-{}", app.next());
    form_body(&[("oauth_token", &token), ("oauth_token_secret", "sbx-access-secret")])
}

pub(super) async fn discogs_identity(State(app): State<App>, headers: HeaderMap) -> Response {
    requires_oauth(&headers).unwrap_or_else(|| answer(app.catalogue.data().identity.clone()))
}

fn ebay_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, axum::Json(json!({"error": error, "error_description": description}))).into_response()
}

/// Remembers which application a token belongs to, for the call counter.
fn minted(app: &App, token: &str, client_id: &str) {
    if let Ok(mut tokens) = app.ebay_tokens.lock() {
        tokens.insert(token.to_string(), client_id.to_string());
    }
}

pub(super) async fn ebay_token(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let client_id = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(super::basic_client_id);
    let Some(client_id) = client_id else {
        return ebay_error(StatusCode::UNAUTHORIZED, "invalid_client", "client authentication failed");
    };
    let n = app.next();
    let (token, body) = match form.get("grant_type").map(String::as_str) {
        Some("client_credentials") => {
            let token = format!("v^1.1#i^1#sbx-app-{n}");
            let body = json!({"access_token": token, "expires_in": 7200, "token_type": "Application Access Token"});
            (token, body)
        }
        Some("authorization_code") if form.get("code").is_some_and(|c| c.starts_with("sbx-code")) => {
            let token = format!("v^1.1#i^1#sbx-user-{n}");
            let body = json!({
                "access_token": token, "expires_in": 7200, "refresh_token": "v^1.1#i^1#sbx-refresh",
                "refresh_token_expires_in": 47304000, "token_type": "User Access Token"
            });
            (token, body)
        }
        Some("refresh_token") if form.get("refresh_token").is_some_and(|t| t == "v^1.1#i^1#sbx-refresh") => {
            let token = format!("v^1.1#i^1#sbx-user-{n}");
            let body = json!({"access_token": token, "expires_in": 7200, "token_type": "User Access Token"});
            (token, body)
        }
        _ => {
            return ebay_error(StatusCode::BAD_REQUEST, "invalid_grant", "the provided authorization grant is invalid");
        }
    };
    minted(&app, &token, &client_id);
    json_response(body)
}

pub(super) async fn ebay_authorize(State(app): State<App>, Query(params): Params) -> Response {
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
