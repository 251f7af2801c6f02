//! The local runner's API allows the browser origins of the template's `CorsOrigins` (the API
//! function's `CORS_ORIGINS`), or those of `CORS_ORIGINS` in the environment instead: a front end
//! on another origin (a Vite dev server) can then call it. Checked with browsers' preflights.

mod support;

use reqwest::Method;
use support::{Aws, LocalStack, StackOptions};

const VITE: &str = "http://127.0.0.1:5173";
/// The template's default `CorsOrigins`.
const TEMPLATE_ORIGIN: &str = "http://localhost:3000";

/// The preflight a browser on `origin` sends before a JSON POST with a bearer token; returns the
/// status and the allowed origin, if any.
async fn preflight(base: &str, origin: &str) -> (u16, Option<String>, Option<String>) {
    let response = reqwest::Client::new()
        .request(Method::OPTIONS, format!("{base}/api/v1/searches"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization,content-type")
        .send()
        .await
        .unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    let allowed = header("access-control-allow-origin");
    let methods = header("access-control-allow-methods");
    (response.status().as_u16(), allowed, methods)
}

#[tokio::test]
async fn cors_origins_from_the_environment_replace_the_templates() {
    let options = StackOptions::new(Aws::Inherited).env("CORS_ORIGINS", format!("{VITE}, https://app.example"));
    let stack = LocalStack::start(&options).await;

    let (status, allowed, methods) = preflight(&stack.base, VITE).await;
    assert_eq!((status, allowed.as_deref()), (200, Some(VITE)), "{}", stack.output());
    assert!(methods.is_some_and(|m| m.contains("POST")));
    let (_, allowed, _) = preflight(&stack.base, "https://app.example").await;
    assert_eq!(allowed.as_deref(), Some("https://app.example"));
    let (_, allowed, _) = preflight(&stack.base, TEMPLATE_ORIGIN).await;
    assert_eq!(allowed, None, "the template's origin is replaced, not added to");

    // The request itself, from the allowed origin, carries the header the browser checks.
    let health =
        reqwest::Client::new().get(format!("{}/health", stack.base)).header("origin", VITE).send().await.unwrap();
    assert_eq!(health.headers()["access-control-allow-origin"], VITE);
    assert_eq!(health.headers()["access-control-allow-credentials"], "true");
}

#[tokio::test]
async fn without_an_override_the_template_value_applies() {
    let stack = LocalStack::start(&StackOptions::new(Aws::Inherited)).await;
    let (status, allowed, _) = preflight(&stack.base, TEMPLATE_ORIGIN).await;
    assert_eq!((status, allowed.as_deref()), (200, Some(TEMPLATE_ORIGIN)));
    let (_, allowed, _) = preflight(&stack.base, VITE).await;
    assert_eq!(allowed, None);
}
