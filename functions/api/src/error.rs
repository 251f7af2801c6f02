//! Every error the API answers with, rendered as `{"detail": ...}` with the SPEC's status codes
//! and strings (SPEC §2.0). A 500 never carries internals: they go to the log.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use vinyldigger::store::StoreError;

/// One entry of a 422 `detail` list, shaped like FastAPI's.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[schema(value_type = Vec<Object>)]
    pub loc: Vec<Value>,
    pub msg: String,
    #[schema(value_type = Object)]
    pub input: Value,
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
