//! Every error the API answers with, rendered as `{"detail": ...}` with the REST contract's status
//! codes and strings (docs/behaviour.md#conventions). No client input leads to a 5xx other than
//! the documented 503s; a 500 never carries internals: they go to the log.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use vinyldigger::store::StoreError;

/// One entry of a 422 `detail` list, shaped like FastAPI's.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// What kind of problem (`missing`, `string_too_long`, `enum`, …).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Where: `body`, `query` or `path`, then the field's path (names and list indices).
    #[schema(schema_with = location_schema)]
    pub loc: Vec<Value>,
    /// The problem in words, naming the limit.
    pub msg: String,
    /// The offending value (long texts shortened), or `null`.
    #[schema(value_type = Value)]
    pub input: Value,
}

fn location_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Type};
    let part = OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String))
        .item(ObjectBuilder::new().schema_type(Type::Integer));
    ArrayBuilder::new().items(part).min_items(Some(1)).build()
}

/// A 422 answer: a list of field errors, or a sentence for a few path parameters whose wording
/// the REST contract fixes (an unknown provider or platform).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // documents the body for OpenAPI
pub struct ValidationError {
    #[schema(schema_with = validation_detail_schema)]
    detail: Value,
}

fn validation_detail_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Ref, Schema, Type};
    Schema::OneOf(
        OneOfBuilder::new()
            .item(ArrayBuilder::new().items(Ref::from_schema_name("FieldError")))
            .item(ObjectBuilder::new().schema_type(Type::String))
            .build(),
    )
}

impl FieldError {
    pub fn new(kind: &'static str, location: &str, field: &str, msg: impl Into<String>, input: Value) -> Self {
        Self { kind, loc: vec![json!(location), json!(field)], msg: msg.into(), input }
    }

    pub fn body(field: &str, kind: &'static str, msg: impl Into<String>, input: Value) -> Self {
        Self::new(kind, "body", field, msg, input)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No bearer credentials: the client should log in.
    #[error("Not authenticated")]
    NotAuthenticated,
    #[error("{1}")]
    Status(StatusCode, String),
    /// Over a per-user limit; the client may try again after `retry_after` seconds.
    #[error("{detail}")]
    TooManyRequests { detail: String, retry_after: u64 },
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("storage failure: {0}")]
    Store(#[from] StoreError),
    #[error("internal failure: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError::Status(status, detail.into())
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::status(StatusCode::NOT_FOUND, detail)
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::status(StatusCode::BAD_REQUEST, detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::status(StatusCode::UNAUTHORIZED, detail)
    }

    pub fn field(error: FieldError) -> Self {
        ApiError::Validation(vec![error])
    }
}

/// The `{"detail": "..."}` body every application error has.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Detail {
    pub detail: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::NotAuthenticated => {
                let mut response =
                    (StatusCode::UNAUTHORIZED, Json(json!({ "detail": "Not authenticated" }))).into_response();
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                response
            }
            ApiError::Status(status, detail) => (status, Json(json!({ "detail": detail }))).into_response(),
            ApiError::TooManyRequests { detail, retry_after } => {
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(json!({ "detail": detail }))).into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
                response
            }
            ApiError::Validation(errors) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "detail": errors }))).into_response()
            }
            ApiError::Store(error) if error.is_transient() => {
                tracing::warn!(%error, "storage throttled or unavailable");
                let detail = "The service is busy. Please try again in a moment.";
                (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "detail": detail }))).into_response()
            }
            ApiError::Store(error) => internal(&error),
            ApiError::Internal(error) => internal(&error),
        }
    }
}

fn internal(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "request failed");
    (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "detail": "Internal Server Error" }))).into_response()
}

pub type ApiResult<T> = Result<T, ApiError>;
