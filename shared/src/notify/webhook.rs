//! Webhook pushes: the body in the user's chosen format (VinylDigger JSON, Discord, Slack, ntfy),
//! an HMAC-SHA256 signature of exactly that body under the user's secret, and a client that waits
//! at most 5 s, follows no redirect and connects only where the address policy allows.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::Url;
use serde_json::{Value, json};
use sha2::Sha256;

use super::address::{AddressPolicy, GuardedResolver, Refusal};
use super::render::{self, Links};
use crate::domain::alerts::Alert;
use crate::domain::alerts::settings::WebhookFormat;
use crate::secrets::Secret;

/// `sha256=<hex of HMAC-SHA256(secret, body)>`.
pub const SIGNATURE_HEADER: &str = "x-vinyldigger-signature";
/// Every request is given up after this long.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// Discord's and Slack's text limits, with room to spare.
const MAX_TEXT: usize = 1900;

/// What a push says: one alert, a day's digest, or the settings page's test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushKind {
    Alert,
    Digest,
    Test,
}

impl PushKind {
    fn as_str(self) -> &'static str {
        match self {
            PushKind::Alert => "alert",
            PushKind::Digest => "digest",
            PushKind::Test => "test",
        }
    }
}

/// One webhook request's content before it is shaped.
pub struct Push<'a> {
    pub kind: PushKind,
    pub title: String,
    pub alerts: &'a [&'a Alert],
    pub links: &'a Links,
}

impl Push<'_> {
    fn text(&self) -> String {
        if self.alerts.is_empty() {
            return "This is a test alert from VinylDigger: your webhook works.".to_owned();
        }
        render::text(self.alerts, self.links, None)
    }

    fn link(&self) -> String {
        match self.alerts {
            [one] => self.links.search(one.search_id),
            _ => self.links.notifications(),
        }
    }
}

/// A shaped request: body, content type and the URL (ntfy takes its title in the query).
pub struct Shaped {
    pub url: Url,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The request for `format`.
pub fn shape(format: WebhookFormat, url: &Url, push: &Push<'_>) -> Shaped {
    let (title, text, link) = (push.title.clone(), push.text(), push.link());
    let json_body = |value: Value| Shaped {
        url: url.clone(),
        content_type: "application/json",
        body: value.to_string().into_bytes(),
    };
    match format {
        WebhookFormat::Json => {
            let alerts: Vec<Value> = push
                .alerts
                .iter()
                .map(|a| {
                    let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("headline".into(), json!(a.headline()));
                        o.insert("search_url".into(), json!(push.links.search(a.search_id)));
                    }
                    v
                })
                .collect();
            json_body(json!({"type": push.kind.as_str(), "title": title, "url": link, "text": text, "alerts": alerts}))
        }
        WebhookFormat::Discord => json_body(json!({
            "username": "VinylDigger",
            "content": truncate(&title, 200),
            "embeds": [{"title": truncate(&title, 250), "url": link, "description": truncate(&text, MAX_TEXT)}],
        })),
        WebhookFormat::Slack => json_body(json!({"text": truncate(&format!("<{link}|{title}>\n{text}"), MAX_TEXT)})),
        WebhookFormat::Ntfy => {
            let mut url = url.clone();
            url.query_pairs_mut().append_pair("title", &title).append_pair("click", &link);
            Shaped { url, content_type: "text/plain; charset=utf-8", body: text.into_bytes() }
        }
    }
}

/// The signature header's value for `body`.
pub fn sign(secret: &Secret, body: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A new webhook secret: 32 random bytes, hex.
pub fn new_secret() -> Secret {
    Secret::new(hex::encode(rand::random::<[u8; 32]>()))
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// The URL points where webhooks may not go.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The receiver answered, and not with success: final unless it asked to come back later.
    #[error("the webhook answered HTTP {status}")]
    Rejected { status: u16 },
    /// No answer (timeout, connection) or a 5xx, 408 or 429: worth another try.
    #[error("the webhook did not take the request: {0}")]
    Failed(String),
}

impl WebhookError {
    pub fn is_transient(&self) -> bool {
        matches!(self, WebhookError::Failed(_))
    }
}

/// Sends pushes under one address policy.
#[derive(Clone, Debug)]
pub struct WebhookClient {
    http: reqwest::Client,
    pub policy: AddressPolicy,
}

impl WebhookClient {
    pub fn new(policy: AddressPolicy) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would connect on our behalf and bypass the resolver's check.
            .no_proxy()
            .dns_resolver(GuardedResolver::arc(policy))
            .user_agent("VinylDigger-Webhook/1.0")
            .build()?;
        Ok(Self { http, policy })
    }

    /// Posts `push` to `url` in `format`, signed with `secret`; the receiver's status on success.
    pub async fn send(
        &self,
        url: &str,
        format: WebhookFormat,
        secret: &Secret,
        push: &Push<'_>,
    ) -> Result<u16, WebhookError> {
        let url = self.policy.check_form(url)?;
        let shaped = shape(format, &url, push);
        let response = self
            .http
            .post(shaped.url)
            .header(reqwest::header::CONTENT_TYPE, shaped.content_type)
            .header(SIGNATURE_HEADER, sign(secret, &shaped.body))
            .body(shaped.body)
            .send()
            .await
            .map_err(|e| WebhookError::Failed(error_chain(&e)))?;
        let status = response.status().as_u16();
        match status {
            200..=299 => Ok(status),
            408 | 429 | 500..=599 => Err(WebhookError::Failed(format!("HTTP {status}"))),
            _ => Err(WebhookError::Rejected { status }),
        }
    }
}

/// The error with its causes: reqwest's own message hides the resolver's refusal.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2.
        let secret = Secret::new("Jefe");
        assert_eq!(
            sign(&secret, b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(new_secret().expose(), new_secret().expose());
        assert_eq!(new_secret().expose().len(), 64);
    }

    #[test]
    fn every_format_is_shaped_as_its_service_expects() {
        let links = Links { app_url: "https://app.example".into() };
        let push = Push { kind: PushKind::Test, title: "VinylDigger test".into(), alerts: &[], links: &links };
        let url: Url = "https://ntfy.example/topic".parse().unwrap();
        let json: Value = serde_json::from_slice(&shape(WebhookFormat::Json, &url, &push).body).unwrap();
        assert_eq!((json["type"].as_str(), json["alerts"].as_array().map(Vec::len)), (Some("test"), Some(0)));
        let discord: Value = serde_json::from_slice(&shape(WebhookFormat::Discord, &url, &push).body).unwrap();
        assert_eq!(discord["embeds"][0]["url"], "https://app.example/notifications");
        let slack: Value = serde_json::from_slice(&shape(WebhookFormat::Slack, &url, &push).body).unwrap();
        assert!(slack["text"].as_str().unwrap().starts_with("<https://app.example/notifications|VinylDigger test>"));
        let ntfy = shape(WebhookFormat::Ntfy, &url, &push);
        assert_eq!(ntfy.content_type, "text/plain; charset=utf-8");
        assert!(ntfy.url.as_str().contains("title=VinylDigger+test"), "{}", ntfy.url);
        assert!(String::from_utf8(ntfy.body).unwrap().contains("your webhook works"));
    }
}
