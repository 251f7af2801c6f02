//! The OpenAPI document's frame, and the responses every operation of a kind shares, added in one
//! place so no handler can forget one: 401 on every authenticated operation; 413, 415 and 422 on
//! every one with a body; 503 (storage busy) on every one that reads or writes the table.

use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

use crate::error::{Detail, FieldError, ValidationError};
use crate::routes::docs::DocName;

#[derive(OpenApi)]
#[openapi(
    info(title = "VinylDigger API", description = "Saved searches across Discogs and eBay, with deal analysis."),
    components(schemas(Detail, FieldError, ValidationError, DocName)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// Operations that never touch the table (so never answer 503).
const WITHOUT_STORAGE: [&str; 4] = ["health", "list_docs", "get_doc", "ebay_redirect_page"];

/// What the derived schemas cannot say: the free-form keys of `filters`.
pub fn describe_free_form_filters(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{AdditionalProperties, Schema};
    use vinyldigger::domain::search_filters::openapi::{free_value_name, free_values, key_names};
    let components = openapi.components.get_or_insert_with(Default::default);
    if let Some(RefOr::T(Schema::Object(filters))) = components.schemas.get_mut("SearchFilters") {
        filters.property_names = Some(Box::new(key_names().build().into()));
        let value = Ref::from_schema_name(free_value_name(2));
        filters.additional_properties = Some(Box::new(AdditionalProperties::RefOr(RefOr::Ref(value))));
    }
    for (name, schema) in free_values() {
        components.schemas.insert(name, RefOr::T(schema));
    }
}

/// Adds the shared responses to every operation of the finished document (run after the routes
/// are collected, which `ApiDoc`'s own modifiers are not).
pub fn add_shared_responses(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.patch, &mut item.delete];
        for operation in operations.into_iter().flatten() {
            add_to(operation);
        }
    }
}

fn add_to(operation: &mut Operation) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let body = operation.request_body.as_ref().map(|b| match b {
        RefOr::T(body) => body.content.keys().any(|media| media == "application/json"),
        RefOr::Ref(_) => true,
    });
    let id = operation.operation_id.clone().unwrap_or_default();
    let responses = &mut operation.responses.responses;
    let mut add = |status: &str, response: fn() -> Response| {
        responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(response()));
    };
    if secured {
        add("401", || detail("Not authenticated, or the token is invalid, expired or of a deleted user"));
    }
    if let Some(json) = body {
        add("413", || detail("The body is over 1 MiB"));
        if json {
            add("415", || detail("The body is not `application/json`"));
            add("422", validation);
        }
    }
    if !WITHOUT_STORAGE.contains(&id.as_str()) {
        add("503", || detail("Storage is busy; try again in a moment"));
    }
    // OpenAPI requires every response to be described; the status's name says enough for most.
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response
            && response.description.is_empty()
        {
            let reason = status.parse::<u16>().ok().and_then(|s| axum::http::StatusCode::from_u16(s).ok());
            response.description = reason.and_then(|s| s.canonical_reason()).unwrap_or("Response").to_owned();
        }
    }
}

fn json_response(description: &str, schema: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name(schema))).build())
        .build()
}

fn detail(description: &str) -> Response {
    json_response(description, "Detail")
}

fn validation() -> Response {
    json_response("The request is not valid: a list of field errors", "ValidationError")
}
