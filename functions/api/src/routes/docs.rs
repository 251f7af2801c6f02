//! The project's markdown documentation, embedded at build time (docs/behaviour.md#endpoints).

use axum::Json;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::error::{ApiError, ApiResult, Detail};
use crate::extract::Path;
use crate::views::DocumentList;

include!(concat!(env!("OUT_DIR"), "/docs.rs"));

/// A document's name, with or without its `.md`: the document lists exactly the embedded ones.
pub struct DocName;

impl utoipa::PartialSchema for DocName {
    fn schema() -> RefOr<Schema> {
        let names = DOCS.iter().flat_map(|(name, _)| [(*name).to_owned(), name.trim_end_matches(".md").to_owned()]);
        ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)).into()
    }
}

impl utoipa::ToSchema for DocName {}

#[utoipa::path(get, path = "/api/v1/docs", tag = "docs", operation_id = "list_docs",
    responses((status = 200, body = DocumentList)))]
pub async fn list() -> Json<DocumentList> {
    Json(DocumentList { documents: DOCS.iter().map(|(name, _)| *name).collect() })
}

/// Names are looked up in the embedded list, never on a file system, so no path can escape it.
#[utoipa::path(get, path = "/api/v1/docs/{doc_name}", tag = "docs", operation_id = "get_doc",
    params(("doc_name" = DocName, Path)),
    responses(
        (status = 200, content_type = "text/markdown", body = String),
        (status = 400, description = "A name with `..`, `/` or `\\`", body = Detail),
        (status = 404, body = Detail),
        (status = 422, body = crate::error::ValidationError),
    ))]
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
