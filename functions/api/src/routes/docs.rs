//! The project's markdown documentation, embedded at build time (SPEC §2.9).

use axum::Json;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;

use crate::error::{ApiError, ApiResult, Detail};
use crate::views::DocumentList;

include!(concat!(env!("OUT_DIR"), "/docs.rs"));

#[utoipa::path(get, path = "/api/v1/docs", tag = "docs", responses((status = 200, body = DocumentList)))]
pub async fn list() -> Json<DocumentList> {
    Json(DocumentList { documents: DOCS.iter().map(|(name, _)| *name).collect() })
}

/// Names are looked up in the embedded list, never on a file system, so no path can escape it.
#[utoipa::path(get, path = "/api/v1/docs/{doc_name}", tag = "docs", params(("doc_name" = String, Path)),
    responses((status = 200, content_type = "text/markdown", body = String), (status = 400, body = Detail), (status = 404, body = Detail)))]
pub async fn get(Path(name): Path<String>) -> ApiResult<impl IntoResponse> {
    if name.contains("..") || name.contains('/') || name.contains('\\') {
        return Err(ApiError::bad_request("Invalid document name"));
    }
    let name = if name.ends_with(".md") { name } else { format!("{name}.md") };
    let (_, text) =
        DOCS.iter().find(|(n, _)| *n == name).ok_or_else(|| ApiError::not_found("Documentation not found"))?;
    Ok((
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        *text,
    ))
}
