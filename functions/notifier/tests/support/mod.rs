//! A notifier over a fresh table on the emulators, a webhook receiver on 127.0.0.1 and the SES
//! emulator's sent messages read back.
#![allow(dead_code)] // each test binary uses its own subset

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use serde_json::Value;
use vinyldigger::config::Config;
use vinyldigger::domain::ids::{RunId, SearchId};
use vinyldigger::domain::listing::{Listing, SellerInfo, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::RunStatus;
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::domain::user::User;
use vinyldigger::events::{PriceDrop, RunCompleted};
use vinyldigger::queue::V1;
use vinyldigger_bootstrap::testing::{TestEnv, sent_emails};

pub struct Harness {
    pub env: TestEnv,
    pub deps: notifier::Deps,
    pub user: User,
    pub hook: Receiver,
}

/// What the webhook receiver got: headers and body of each POST.
#[derive(Clone, Default)]
pub struct Receiver {
    pub url: String,
    pub posts: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
}

impl Receiver {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let receiver = Receiver { url, posts: Arc::default() };
        let posts = receiver.posts.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let posts = posts.clone();
                async move {
                    posts.lock().unwrap().push((headers, body));
                    "ok"
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    pub fn bodies(&self) -> Vec<Value> {
        self.posts.lock().unwrap().iter().map(|(_, b)| serde_json::from_slice(b).unwrap_or(Value::Null)).collect()
    }

    pub fn count(&self) -> usize {
        self.posts.lock().unwrap().len()
    }
}

/// `sha256=<hex>` of the body under the secret, as a receiver checks it.
pub fn expected_signature(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A sent message: its headers as written and its two parts decoded.
#[derive(Debug, Clone)]
pub struct SentEmail {
    pub raw: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl SentEmail {
    pub fn parse(raw: &str) -> Self {
        let message = mail_parser::MessageParser::default().parse(raw.as_bytes()).expect("a MIME message");
        Self {
            raw: raw.to_owned(),
            subject: message.subject().unwrap_or_default().to_owned(),
            text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
            html: message.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        }
    }

    /// Whether either part says `needle`.
    pub fn says(&self, needle: &str) -> bool {
        self.text.contains(needle) || self.html.contains(needle)
    }
}

impl Harness {
    pub async fn new() -> Self {
        let env = TestEnv::new().await;
        let hook = Receiver::start().await;
        let config = Config::from_lookup(|name| match name {
            "APP_URL" => Some("http://127.0.0.1:8000".into()),
            "WEBHOOK_ALLOW_LOOPBACK" => Some("true".into()),
            _ => env.resources.function_env("notifier", name),
        })
        .expect("complete environment");
        let deps = notifier::Deps::new(&config, &env.sdk).await.expect("deps from the emulator");
        let now = Utc::now();
        let user = User {
            id: Default::default(),
            email: format!("digger-{}@example.com", uuid::Uuid::new_v4().simple()),
            password_hash: String::new(),
            created_at: now,
            updated_at: now,
            email_changed: false,
        };
        deps.store.create_user(&user).await.unwrap();
        Self { env, deps, user, hook }
    }

    pub async fn search(&self, name: &str) -> SavedSearch {
        let search = SavedSearch::create(
            self.user.id,
            NewSearch {
                name: name.into(),
                query: name.into(),
                platform: SearchPlatform::Ebay,
                filters: Default::default(),
                check_interval_hours: 24,
                min_record_condition: None,
                min_sleeve_condition: None,
                seller_location_preference: None,
            },
            Utc::now(),
        );
        self.deps.store.create_search(&search).await.unwrap();
        search
    }

    /// A wanted eBay listing written as the result writer writes it; returns its result id.
    pub async fn wanted(&self, search: SearchId, item: &str, release: u64, seller: &str, cents: i64) -> String {
        let mut l =
            Listing::new(Platform::Ebay, item, format!("Miles Davis - Record {release}"), Money::usd_cents(cents))
                .with_conditions(Some("Near Mint (NM or M-)"), None)
                .with_seller(SellerInfo {
                    id: seller.into(),
                    name: seller.into(),
                    location: Some("US".into()),
                    feedback_percentage: Some(99.8),
                    feedback_count: Some(512),
                    estimated_shipping: None,
                    url: None,
                });
        l.release_id = Some(release);
        l.web_url = Some(format!("https://www.ebay.com/itm/{item}"));
        let id = uuid::Uuid::new_v4().to_string();
        let result = StoredResult { created_at: Some(Utc::now()), ..StoredResult::new(id.clone(), l) }.wanted(true);
        self.deps.store.put_result(search, &result).await.unwrap();
        id
    }

    pub fn event(&self, search: SearchId, new: &[&str], drops: Vec<PriceDrop>) -> notifier::RunCompletedEvent {
        notifier::RunCompletedEvent {
            detail_type: "RunCompleted".into(),
            source: "vinyldigger".into(),
            detail: RunCompleted {
                v: V1,
                run_id: RunId::new(),
                user_id: self.user.id,
                search_id: search,
                status: RunStatus::Completed,
                new_results: u32::try_from(new.len()).unwrap(),
                new_wantlist_matches: new.iter().map(|s| (*s).to_owned()).collect(),
                price_drops: drops,
                completed_at: Utc::now(),
            },
        }
    }

    pub async fn handle(&self, event: notifier::RunCompletedEvent, now: DateTime<Utc>) {
        notifier::handle(&self.deps, event, now, vinyldigger::deadline::Deadline::unbounded()).await.unwrap();
    }

    /// E-mail on, and a JSON webhook to the receiver; returns the webhook secret.
    pub async fn all_channels(
        &self,
        tune: impl FnOnce(&mut vinyldigger::domain::alerts::settings::NotifySettings),
    ) -> String {
        use vinyldigger::domain::alerts::settings::{NotifySettings, WebhookFormat, WebhookSettings};
        let mut settings = NotifySettings {
            email_enabled: true,
            webhook: Some(WebhookSettings { url: self.hook.url.clone(), format: WebhookFormat::Json, enabled: true }),
            ..NotifySettings::default()
        };
        tune(&mut settings);
        self.deps.store.put_notify_settings(self.user.id, &settings).await.unwrap();
        let secret = vinyldigger::notify::webhook::new_secret();
        self.deps.store.put_webhook_secret(&self.deps.cipher, self.user.id, &secret).await.unwrap();
        secret.expose().to_owned()
    }

    pub async fn emails(&self) -> Vec<SentEmail> {
        sent_emails(&self.user.email).await.iter().map(|raw| SentEmail::parse(raw)).collect()
    }
}
