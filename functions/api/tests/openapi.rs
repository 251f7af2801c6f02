mod support;

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::Value;
use support::TestApi;

/// Every route of the REST contract (docs/behaviour.md#the-rest-contract-in-brief) plus the additions (runs, price history).
const ROUTES: [(&str, &str); 37] = [
    ("get", "/health"),
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/refresh"),
    ("get", "/api/v1/auth/me"),
    ("put", "/api/v1/auth/me"),
    ("get", "/api/v1/config/preferences"),
    ("put", "/api/v1/config/preferences"),
    ("get", "/api/v1/admin/app-config"),
    ("put", "/api/v1/admin/app-config/{provider}"),
    ("delete", "/api/v1/admin/app-config/{provider}"),
    ("post", "/api/v1/searches"),
    ("get", "/api/v1/searches"),
    ("get", "/api/v1/searches/{search_id}"),
    ("put", "/api/v1/searches/{search_id}"),
    ("delete", "/api/v1/searches/{search_id}"),
    ("post", "/api/v1/searches/{search_id}/run"),
    ("get", "/api/v1/searches/{search_id}/results"),
    ("get", "/api/v1/searches/{search_id}/runs/latest"),
    ("get", "/api/v1/analysis/search/{search_id}/analysis"),
    ("get", "/api/v1/analysis/search/{search_id}/multi-item-deals"),
    ("get", "/api/v1/analysis/search/{search_id}/price-comparison"),
    ("post", "/api/v1/collections/sync"),
    ("post", "/api/v1/collections/sync/collection"),
    ("post", "/api/v1/collections/sync/wantlist"),
    ("get", "/api/v1/collections/status"),
    ("get", "/api/v1/collections/wantlist/status"),
    ("get", "/api/v1/docs"),
    ("get", "/api/v1/docs/{doc_name}"),
    ("get", "/api/v1/oauth/status/{provider}"),
    ("post", "/api/v1/oauth/authorize/{provider}"),
    ("get", "/api/v1/oauth/callback/discogs"),
    ("post", "/api/v1/oauth/verify/discogs"),
    ("get", "/api/v1/oauth/callback/ebay"),
    ("post", "/api/v1/oauth/verify/ebay"),
    ("delete", "/api/v1/oauth/revoke/{provider}"),
    ("get", "/api/v1/oauth/redirect/ebay"),
];
const ADDITIONS: [(&str, &str); 19] = [
    ("get", "/api/v1/price-history/{platform}/{listing_id}"),
    ("get", "/api/v1/price-history/releases/{release_id}"),
    ("get", "/api/v1/notifications"),
    ("post", "/api/v1/notifications/{notification_id}/read"),
    ("post", "/api/v1/notifications/read-all"),
    ("get", "/api/v1/notifications/settings"),
    ("put", "/api/v1/notifications/settings"),
    ("post", "/api/v1/notifications/webhook/secret"),
    ("post", "/api/v1/notifications/webhook/test"),
    ("get", "/api/v1/notifications/unsubscribe"),
    ("post", "/api/v1/notifications/unsubscribe"),
    ("get", "/api/v1/searches/{search_id}/alerts"),
    ("put", "/api/v1/searches/{search_id}/alerts"),
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/auth/password"),
    ("post", "/api/v1/auth/password-reset"),
    ("post", "/api/v1/auth/password-reset/confirm"),
    ("get", "/api/v1/searches/{search_id}/wants"),
    ("patch", "/api/v1/searches/{search_id}/wants/{release_id}"),
];

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_the_router_serves() {
    let api = TestApi::new().await;
    let reply = api.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body["openapi"].as_str().unwrap().starts_with("3.1"));

    let mut documented = BTreeSet::new();
    for (path, item) in reply.body["paths"].as_object().unwrap() {
        for method in
            item.as_object().unwrap().keys().filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
        {
            let operation = &item[method];
            assert!(
                operation["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} documents its responses"
            );
            documented.insert((method.clone(), path.clone()));
        }
    }
    let expected: BTreeSet<_> =
        ROUTES.iter().chain(ADDITIONS.iter()).map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(documented, expected);

    // And each documented route is served: neither 404 "Not Found" nor 405.
    for (method, path) in &expected {
        let concrete = path
            .replace("{provider}", "discogs")
            .replace("{search_id}", "00000000-0000-4000-8000-000000000000")
            .replace("{doc_name}", "performance")
            .replace("{platform}", "ebay")
            .replace("{listing_id}", "1")
            .replace("{release_id}", "1");
        let reply = api.call(method.to_uppercase().parse::<Method>().unwrap(), &concrete, None, None).await;
        assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_ne!(reply.body, serde_json::json!({"detail": "Not Found"}), "{method} {path}");
    }

    // Swagger UI is a page of the web app, reading this document (docs/behaviour.md#endpoints).
    let page = std::fs::read_to_string(SWAGGER_PAGE).expect("the web app's Swagger UI page");
    assert!(page.contains("/api/openapi.json") && page.contains("swagger-ui"), "{page}");
}

/// The web app's Swagger UI page (its assets are copied from `swagger-ui-dist` by the build).
const SWAGGER_PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/public/swagger/index.html");

/// What every client (and the contract test, scripts/contract) relies on: unique operation ids,
/// and the statuses every handler of a kind can answer, each with its body's schema.
#[tokio::test]
async fn every_operation_documents_the_statuses_it_can_answer() {
    let api = TestApi::new().await;
    let document = api.call(Method::GET, "/api/openapi.json", None, None).await.body;
    let mut ids = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let name = format!("{method} {path}");
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(ids.insert(id.to_owned()), "{name}: operationId {id} is used twice");
            let responses = operation["responses"].as_object().unwrap();
            let schema = |status: &str| responses[status]["content"]["application/json"]["schema"]["$ref"].clone();
            if operation["security"].as_array().is_some_and(|s| !s.is_empty()) {
                assert_eq!(schema("401"), "#/components/schemas/Detail", "{name}");
            }
            if operation["requestBody"]["content"].get("application/json").is_some() {
                for status in ["413", "415"] {
                    assert_eq!(schema(status), "#/components/schemas/Detail", "{name} {status}");
                }
                assert!(responses.contains_key("422"), "{name}");
            }
            if responses.contains_key("422") {
                assert_eq!(schema("422"), "#/components/schemas/ValidationError", "{name}");
            }
            if responses.contains_key("429") {
                assert!(responses["429"]["headers"].get("Retry-After").is_some(), "{name}");
            }
            if !["/health", "/api/v1/docs", "/api/v1/docs/{doc_name}", "/api/v1/oauth/redirect/ebay"]
                .contains(&path.as_str())
            {
                assert_eq!(schema("503"), "#/components/schemas/Detail", "{name}: storage can be busy");
            }
            assert!(!responses.contains_key("500"), "{name}: no input may cause a 500");
        }
    }
    let field_error = &document["components"]["schemas"]["ValidationError"]["properties"]["detail"]["oneOf"][0];
    assert_eq!(field_error["items"]["$ref"], "#/components/schemas/FieldError");
    // Every reference resolves.
    let text = document.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap_or_default();
        assert!(document["components"]["schemas"].get(name).is_some(), "{name} is referenced but not defined");
    }
}

/// The copy of the document the web app generates its API types from (`npm run gen:api`).
const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/src/api/openapi.json");

/// The served document drifting from the committed copy means the web app's types are stale.
/// `UPDATE_OPENAPI=1 cargo test -p api --test openapi` rewrites the copy instead of failing.
#[tokio::test]
async fn the_committed_openapi_document_is_the_one_served() {
    let api = TestApi::new().await;
    let reply = api.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let served = pretty(&reply.body);

    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(COMMITTED, &served).expect("web/src/api/openapi.json is writable");
        return;
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    if committed != served {
        let longest = committed.lines().count().max(served.lines().count());
        let (line, ours, theirs) = committed
            .lines()
            .chain(std::iter::repeat(""))
            .zip(served.lines().chain(std::iter::repeat("")))
            .take(longest)
            .enumerate()
            .find(|(_, (c, s))| c != s)
            .map_or((longest, "(the same lines: only line endings differ)", ""), |(i, (c, s))| (i + 1, c, s));
        panic!(
            "web/src/api/openapi.json is not the document the API serves (first difference at line {line}:\n  \
             committed: {ours}\n  served:    {theirs})\nRefresh it and the web app's types with\n  \
             UPDATE_OPENAPI=1 cargo test -p api --test openapi && (cd web && npm run gen:api)"
        );
    }
}

/// Two-space indented with every object's keys sorted, so the committed file diffs line by line
/// and does not depend on the order in which the routes register their schemas.
fn pretty(document: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<_> = map.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&map[k]))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    let mut text = serde_json::to_string_pretty(&sorted(document)).expect("a JSON value serialises");
    text.push('\n');
    text
}
