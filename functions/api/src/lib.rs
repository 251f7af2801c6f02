//! The HTTP API: one axum router, served by `lambda_http` in Lambda and by `axum::serve` in the
//! local runner. Every route is registered together with its OpenAPI description, so the document
//! at `/api/openapi.json` lists exactly what the router serves.

mod deps;
mod error;
mod extract;
pub mod limits;
mod openapi;
mod routes;
mod validate;
mod views;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode};
use axum::{Json, Router};
use tower::Layer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};
use tower_http::normalize_path::NormalizePathLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use deps::{Deps, InitError};
use error::ApiError;
use routes::{
    admin, analysis, auth, collections, docs, health, notifications, oauth, password_reset, preferences, price_history,
    search_wants, searches,
};

/// Largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 1 << 20;

/// The routes with their OpenAPI document, before state and middleware.
pub fn routes() -> (Router<Arc<Deps>>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::refresh))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::change_password))
        .routes(routes!(password_reset::request))
        .routes(routes!(password_reset::confirm))
        .routes(routes!(auth::me, auth::update_me))
        .routes(routes!(preferences::get, preferences::update))
        .routes(routes!(admin::list))
        .routes(routes!(admin::put, admin::delete))
        .routes(routes!(oauth::status))
        .routes(routes!(oauth::authorize))
        .routes(routes!(oauth::discogs_callback))
        .routes(routes!(oauth::discogs_verify))
        .routes(routes!(oauth::ebay_callback))
        .routes(routes!(oauth::ebay_verify))
        .routes(routes!(oauth::revoke))
        .routes(routes!(oauth::ebay_redirect_page))
        .routes(routes!(searches::create, searches::list))
        .routes(routes!(searches::get, searches::update, searches::delete))
        .routes(routes!(searches::run))
        .routes(routes!(searches::results))
        .routes(routes!(search_wants::wants))
        .routes(routes!(search_wants::update_want))
        .routes(routes!(searches::latest_run))
        .routes(routes!(analysis::analysis))
        .routes(routes!(analysis::multi_item_deals))
        .routes(routes!(analysis::price_comparison_view))
        .routes(routes!(collections::sync_both))
        .routes(routes!(collections::sync_collection))
        .routes(routes!(collections::sync_wantlist))
        .routes(routes!(collections::collection_status))
        .routes(routes!(collections::wantlist_status))
        .routes(routes!(docs::list))
        .routes(routes!(docs::get))
        .routes(routes!(price_history::listing))
        .routes(routes!(price_history::release))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(notifications::mark_all_read))
        .routes(routes!(notifications::get_settings, notifications::update_settings))
        .routes(routes!(notifications::rotate_secret))
        .routes(routes!(notifications::test_webhook))
        .routes(routes!(notifications::unsubscribe, notifications::unsubscribe_one_click))
        .routes(routes!(notifications::get_rule, notifications::update_rule))
        .split_for_parts();
    openapi::add_shared_responses(&mut openapi);
    openapi::describe_free_form_filters(&mut openapi);
    (router, openapi)
}

/// The whole API as one service. Trailing slashes are trimmed (`/api/v1/searches/` is
/// `/api/v1/searches`). Swagger UI is a page of the web app (`/swagger/`, docs/behaviour.md),
/// so its assets stay out of the API's Lambda; the document it shows is `/api/openapi.json`.
/// Responses are gzip-compressed when the client accepts it (API Gateway passes the binary body
/// base64-encoded, which `lambda_http` does for any `content-encoding`).
pub fn app(deps: Arc<Deps>) -> Router {
    let (routes, openapi) = routes();
    let openapi = Arc::new(openapi);
    let cors = cors(&deps.config.cors_origins);
    let api = routes
        .fallback(|| async { ApiError::not_found("Not Found") })
        .method_not_allowed_fallback(|| async {
            ApiError::status(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(deps);
    Router::new()
        .route("/api/openapi.json", axum::routing::get(move || async move { Json(openapi.as_ref().clone()) }))
        .fallback_service(NormalizePathLayer::trim_trailing_slash().layer(api))
        // The fastest level: JSON still shrinks about eightfold, at a fraction of the default's
        // CPU time, and large pages are CPU-bound on a Lambda's share of a core.
        .layer(CompressionLayer::new().gzip(true).quality(CompressionLevel::Fastest))
        .layer(cors)
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods(AllowMethods::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
}
