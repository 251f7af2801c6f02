//! The real router over a fresh table, queues and secrets on the emulator, per test.
#![allow(dead_code)] // each test binary uses its own subset

use std::sync::Arc;

use api::{Deps, app};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use vinyldigger::config::Config;
use vinyldigger_bootstrap::testing::{TestEnv, drain};

pub struct TestApi {
    pub env: TestEnv,
    pub deps: Arc<Deps>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
    /// The body as sent (compressed when the response says so).
    pub bytes: Vec<u8>,
}

impl TestApi {
    pub async fn new() -> Self {
        Self::with_admins("").await
    }

    pub async fn with_admins(admins: &str) -> Self {
        Self::build(admins, None).await
    }

    /// With the marketplaces at `marketplace` (a mock server), and the given admin list.
    pub async fn build(admins: &str, marketplace: Option<&str>) -> Self {
        match marketplace {
            // The mock stands in whatever credentials a test stores.
            Some(base) => {
                Self::configured(&[
                    ("ADMIN_EMAILS", admins),
                    ("MARKETPLACE_BASE_URL", base),
                    ("VD_MARKETPLACE", "sandbox"),
                ])
                .await
            }
            None => Self::configured(&[("ADMIN_EMAILS", admins)]).await,
        }
    }

    /// With these environment variables set on top of the emulator's resources.
    pub async fn configured(variables: &[(&str, &str)]) -> Self {
        let env = TestEnv::new().await;
        let config = Config::from_lookup(|name| match variables.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => Some((*value).to_owned()),
            // What the template gives the API function (its own variables, then the globals).
            None => env.resources.function_env("api", name),
        })
        .expect("complete environment");
        let deps = Arc::new(Deps::new(config, &env.sdk).await.expect("deps from the emulator"));
        Self { env, deps }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = app(self.deps.clone()).oneshot(request).await.expect("the router always answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, body, text, bytes: bytes.to_vec() }
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.expect("valid request")).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    pub async fn raw_post(&self, path: &str, content_type: &str, body: impl Into<Body>) -> Reply {
        self.raw(Method::POST, path, None, Some(content_type), body).await
    }

    /// A request with any body and content type (or none).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(content_type) = content_type {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(builder.body(body.into()).expect("valid request")).await
    }

    /// Registers an account and returns an access token for it.
    pub async fn user(&self, email: &str) -> String {
        let reply = self
            .call(Method::POST, "/api/v1/auth/register", None, Some(json!({"email": email, "password": "s3cret-pass"})))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "register {email}: {}", reply.text);
        self.login(email, "s3cret-pass").await["access_token"].as_str().expect("token").to_owned()
    }

    pub async fn login(&self, username: &str, password: &str) -> Value {
        let form = format!("username={}&password={}", urlencode(username), urlencode(password));
        let reply = self.raw_post("/api/v1/auth/login", "application/x-www-form-urlencoded", form).await;
        assert_eq!(reply.status, StatusCode::OK, "login {username}: {}", reply.text);
        reply.body
    }

    /// A search created through the API; returns its id.
    pub async fn search(&self, token: &str, body: Value) -> String {
        let reply = self.post("/api/v1/searches", token, body).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.body["id"].as_str().expect("id").to_owned()
    }

    pub async fn drain(&self, url: &str) -> Vec<Value> {
        let sqs = aws_sdk_sqs::Client::new(&self.env.sdk);
        drain(&sqs, url).await.iter().map(|b| serde_json::from_str(b).expect("JSON message")).collect()
    }
}

pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Asserts a validation answer: 422 with a `detail` list.
pub fn assert_422(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.body["detail"].is_array() || reply.body["detail"].is_string(), "{}", reply.text);
}
