//! Responses leave the Lambda compressed: API Gateway's HTTP API does not compress, so the router
//! gzips, and `lambda_http` must hand API Gateway the compressed bytes base64-encoded. This drives
//! the router through the same adapter `lambda_http::run` wraps it in (in `main.rs`), with an
//! HTTP API event as API Gateway sends it.

mod support;

use base64::Engine;
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use serde_json::{Value, json};
use support::TestApi;

/// The committed HTTP API (payload 2.0) event, asking for `path` with these extra headers.
fn event(path: &str, headers: &[(&str, &str)]) -> LambdaRequest {
    let text = include_str!("../../../events/apigw-v2-health.json");
    let mut event: Value = serde_json::from_str(text).unwrap();
    event["rawPath"] = json!(path);
    event["requestContext"]["http"]["path"] = json!(path);
    for (name, value) in headers {
        event["headers"][name] = json!(value);
    }
    serde_json::from_value(event).unwrap()
}

async fn invoke(api: &TestApi, request: LambdaRequest) -> Value {
    let mut adapter = Adapter::from(api::app(api.deps.clone()));
    let response = adapter.call(LambdaEvent::new(request, Context::default())).await.unwrap();
    serde_json::to_value(response).unwrap()
}

#[tokio::test]
async fn a_lambda_response_is_gzipped_and_base64_encoded_for_a_client_that_accepts_gzip() {
    let api = TestApi::new().await;
    let plain = invoke(&api, event("/api/openapi.json", &[])).await;
    assert_eq!(plain["statusCode"], 200);
    assert_eq!(plain["isBase64Encoded"], false, "text stays text without accept-encoding");
    let document: Value = serde_json::from_str(plain["body"].as_str().unwrap()).unwrap();
    assert!(document["paths"].is_object());

    let zipped = invoke(&api, event("/api/openapi.json", &[("accept-encoding", "gzip, deflate, br")])).await;
    assert_eq!(zipped["statusCode"], 200);
    assert_eq!(zipped["headers"]["content-encoding"], "gzip", "{}", zipped["headers"]);
    assert_eq!(zipped["isBase64Encoded"], true, "API Gateway needs binary bodies base64-encoded");
    let bytes = base64::engine::general_purpose::STANDARD.decode(zipped["body"].as_str().unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes.as_slice()), &mut text).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), document, "the same document, compressed");
    let sent = plain["body"].as_str().unwrap().len();
    assert!(bytes.len() * 4 < sent, "{} bytes gzipped of {sent}", bytes.len());
}
