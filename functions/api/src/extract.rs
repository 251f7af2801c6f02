//! Request extractors whose rejections speak the API's error language: JSON bodies and path ids
//! that fail to parse are 422 with a FastAPI-shaped `detail` list, a body of another media type
//! is 415, an oversized body is 413, and a missing or bad bearer token is the original API's 401.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use chrono::Utc;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use vinyldigger::auth::jwt::TokenType;
use vinyldigger::domain::user::User;

use crate::Deps;
use crate::error::{ApiError, FieldError};

/// Checks a decoded request body beyond what its type says (lengths, ranges, formats).
pub trait Validate {
    fn validate(&self) -> Vec<FieldError> {
        Vec::new()
    }
}

/// A JSON body of type `T`, validated.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Validate> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = is_json(req.headers());
        let bytes = read_body(req, state).await?;
        if !json && !is_blank(&bytes) {
            return Err(unsupported("application/json"));
        }
        let value = decode_json::<T>(&bytes)?;
        let errors = value.validate();
        if errors.is_empty() { Ok(Body(value)) } else { Err(ApiError::Validation(errors)) }
    }
}

/// The request's media type, lower case, without parameters (`application/json`).
fn media_type(headers: &HeaderMap) -> String {
    let value = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// `application/json` or a structured `+json` type (`application/merge-patch+json`).
fn is_json(headers: &HeaderMap) -> bool {
    let media = media_type(headers);
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

fn unsupported(expected: &str) -> ApiError {
    ApiError::status(StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("Unsupported media type: send {expected}"))
}

async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::status(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large")
        } else {
            ApiError::bad_request("Cannot read the request body")
        }
    })
}

/// Every body the API reads is a JSON object. serde would also build a struct from an array of
/// its fields in order (`[null, null]`), which no client means; anything but an object is refused
/// before decoding, as FastAPI refuses it.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let body_error = |kind, msg: &str| {
        ApiError::field(FieldError { kind, loc: vec![json!("body")], msg: msg.into(), input: Value::Null })
    };
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(body_error("missing", "Field required")),
        Some(b'{') => {}
        Some(_) if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() => {
            return Err(body_error(
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
            ));
        }
        Some(_) => {}
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let inner = error.inner();
        let message = inner.to_string();
        if !inner.is_data() {
            return ApiError::field(FieldError {
                kind: "json_invalid",
                loc: vec![json!("body"), json!(inner.column())],
                msg: "JSON decode error".into(),
                input: json!({}),
            });
        }
        let mut loc = vec![json!("body")];
        loc.extend(error.path().iter().filter_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(json!(key)),
            serde_path_to_error::Segment::Seq { index } => Some(json!(index)),
            _ => None,
        }));
        let mut msg = message.split(" at line ").next().unwrap_or(&message).to_owned();
        let kind = if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
            loc.push(json!(field));
            "missing"
        } else if message.starts_with("invalid type: null") {
            "null_not_allowed"
        } else if let Some(expected) = msg.strip_prefix("unknown variant `").and_then(|m| m.split_once(", expected ")) {
            msg = enum_message(expected.1);
            "enum"
        } else {
            "value_error"
        };
        ApiError::field(FieldError { kind, loc, msg, input: Value::Null })
    })
}

/// serde's "`a`, `b`, `c`" (or "one of …") as FastAPI words it: "Input should be 'a', 'b' or 'c'".
fn enum_message(expected: &str) -> String {
    let names: Vec<String> = expected
        .trim_start_matches("one of ")
        .split(['`', ','])
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "or")
        .map(|n| format!("'{n}'"))
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("Input should be {} or {last}", rest.join(", ")),
        Some((only, _)) => format!("Input should be {only}"),
        None => format!("Input should be one of {expected}"),
    }
}

/// The login form, sent either url-encoded or as multipart form data (docs/behaviour.md#authentication A2).
pub struct FormFields(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let media = media_type(req.headers());
        if media == "multipart/form-data" {
            let mut multipart = Multipart::from_request(req, state)
                .await
                .map_err(|_| ApiError::bad_request("Malformed multipart form"))?;
            let mut fields = HashMap::new();
            while let Some(field) =
                multipart.next_field().await.map_err(|_| ApiError::bad_request("Malformed multipart form"))?
            {
                let name = field.name().unwrap_or_default().to_owned();
                let value = field.text().await.map_err(|_| ApiError::bad_request("Malformed multipart form"))?;
                fields.insert(name, value);
            }
            Ok(FormFields(fields))
        } else {
            let bytes = read_body(req, state).await?;
            if media != "application/x-www-form-urlencoded" && !is_blank(&bytes) {
                return Err(unsupported("application/x-www-form-urlencoded or multipart/form-data"));
            }
            Ok(FormFields(form_urlencoded::parse(&bytes).into_owned().collect()))
        }
    }
}

/// Path parameters as text. axum's own extractor answers a path that is not UTF-8 once decoded
/// with a plain-text 400; this one answers as every other malformed parameter does.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(ApiError::field(FieldError {
                kind: "string_unicode",
                loc: vec![json!("path")],
                msg: format!("Input should be a valid path: {}", rejection.body_text()),
                input: Value::Null,
            })),
        }
    }
}

/// The query string's parameters (the last of repeated ones), decoded leniently.
pub struct QueryParams(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(QueryParams(form_urlencoded::parse(query.as_bytes()).into_owned().collect()))
    }
}

/// Parses a path parameter, answering 422 like a framework would for a malformed one.
pub fn path_param<T: std::str::FromStr>(name: &str, raw: &str, kind: &'static str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| {
        ApiError::field(FieldError::new(
            kind,
            "path",
            name,
            format!("Input should be a valid {}", kind.replace('_', " ")),
            json!(crate::validate::truncated(raw)),
        ))
    })
}

/// The authenticated caller (docs/behaviour.md#conventions Authentication).
pub struct AuthUser(pub User);

impl FromRequestParts<Arc<Deps>> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, deps: &Arc<Deps>) -> Result<Self, ApiError> {
        AuthSession::from_request_parts(parts, deps).await.map(|auth| AuthUser(auth.user))
    }
}

/// The authenticated caller and the session its access token belongs to (`None` for a token
/// issued before sessions existed).
pub struct AuthSession {
    pub user: User,
    pub session: Option<String>,
}

impl FromRequestParts<Arc<Deps>> for AuthSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, deps: &Arc<Deps>) -> Result<Self, ApiError> {
        let header = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let (scheme, token) = header.split_once(' ').unwrap_or((header, ""));
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(ApiError::NotAuthenticated);
        }
        let invalid = || ApiError::unauthorized("Invalid authentication credentials");
        let verified = deps.signer.verify(token.trim(), TokenType::Access, Utc::now()).map_err(|_| invalid())?;
        let user = deps.store.get_user(verified.user).await?.ok_or_else(|| ApiError::unauthorized("User not found"))?;
        Ok(AuthSession { user, session: verified.session })
    }
}

/// The caller's network address, for per-client limits: API Gateway's source IP in Lambda, the
/// peer's address when served with connect info; `None` when neither is known (then no
/// per-client limit applies).
pub struct ClientAddr(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        use lambda_http::request::RequestContext;
        // The HTTP API's (v2) context: the only API Gateway in front of this function.
        let gateway = match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
            _ => None,
        };
        let peer =
            || parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientAddr(gateway.or_else(peer)))
    }
}
