//! The notification centre's and the alert settings' bodies.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use vinyldigger::domain::alerts::settings::{AlertRule, Delivery, NotifySettings, QuietHours, WebhookFormat};
use vinyldigger::domain::alerts::{AlertKind, AlertListing, Notification, Route};
use vinyldigger::domain::platform::Platform;

/// A price as the app shows it: major units for display, minor units and currency exactly.
#[derive(Serialize, ToSchema)]
pub struct PriceView {
    pub amount: f64,
    pub minor: i64,
    pub currency: String,
}

impl From<vinyldigger::domain::money::Money> for PriceView {
    fn from(m: vinyldigger::domain::money::Money) -> Self {
        Self { amount: m.to_f64(), minor: m.minor, currency: m.currency.to_string() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AlertSellerView {
    pub name: String,
    pub feedback_percentage: Option<f64>,
    pub feedback_count: Option<u64>,
    pub location: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AlertListingView {
    pub platform: Platform,
    pub listing_id: String,
    pub title: String,
    pub price: PriceView,
    pub shipping: Option<PriceView>,
    pub condition: Option<String>,
    pub seller: Option<AlertSellerView>,
    /// The listing on its marketplace.
    pub url: Option<String>,
    pub image_url: Option<String>,
}

impl From<&AlertListing> for AlertListingView {
    fn from(l: &AlertListing) -> Self {
        Self {
            platform: l.platform,
            listing_id: l.listing_id.clone(),
            title: l.title.clone(),
            price: l.price.into(),
            shipping: l.shipping.map(Into::into),
            condition: l.condition(),
            seller: l.seller.as_ref().map(|s| AlertSellerView {
                name: s.name.clone(),
                feedback_percentage: s.feedback_percentage,
                feedback_count: s.feedback_count,
                location: s.location.clone(),
            }),
            url: l.url.clone(),
            image_url: l.image_url.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BundleView {
    pub items_total: PriceView,
    pub shipping: PriceView,
    pub shipping_saved: PriceView,
}

/// One alert of the notification centre.
#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    pub id: String,
    pub kind: AlertKind,
    pub headline: String,
    pub search_id: Uuid,
    pub search_name: String,
    pub listings: Vec<AlertListingView>,
    pub previous_price: Option<PriceView>,
    pub bundle: Option<BundleView>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// `instant`, `digest` (waits for the daily digest) or `in_app`.
    pub delivery: String,
}

impl From<&Notification> for NotificationView {
    fn from(n: &Notification) -> Self {
        let a = &n.alert;
        Self {
            id: n.id.clone(),
            kind: a.kind,
            headline: a.headline(),
            search_id: a.search_id.as_uuid(),
            search_name: a.search_name.clone(),
            listings: a.listings.iter().map(Into::into).collect(),
            previous_price: a.previous_price.map(Into::into),
            bundle: a.bundle.as_ref().map(|b| BundleView {
                items_total: b.items_total.into(),
                shipping: b.shipping.into(),
                shipping_saved: b.shipping_saved.into(),
            }),
            created_at: n.created_at,
            read_at: n.read_at,
            delivery: match n.route {
                Route::Instant => "instant",
                Route::Digest => "digest",
                Route::InApp | Route::Undecided => "in_app",
            }
            .to_owned(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NotificationsResponse {
    /// Unread alerts, counted up to 100.
    pub unread_count: usize,
    /// The newest alerts, at most 50.
    pub notifications: Vec<NotificationView>,
}

#[derive(Serialize, ToSchema)]
pub struct MarkedRead {
    pub marked: usize,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookView {
    pub url: String,
    pub format: WebhookFormat,
    pub enabled: bool,
    /// Whether a signing secret exists (it is shown only once, when made).
    pub has_secret: bool,
}

#[derive(Serialize, ToSchema)]
pub struct NotifySettingsView {
    pub email_enabled: bool,
    /// Where alert e-mails go: the account's address.
    pub email: String,
    pub webhook: Option<WebhookView>,
    pub daily_cap: u32,
    pub quiet_hours: Option<QuietHours>,
    pub time_zone: String,
    pub digest_hour: u8,
    /// The webhook's signing secret, only in the answer that created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
}

impl NotifySettingsView {
    pub fn new(settings: &NotifySettings, email: &str, has_secret: bool) -> Self {
        Self {
            email_enabled: settings.email_enabled,
            email: email.to_owned(),
            webhook: settings.webhook.as_ref().map(|w| WebhookView {
                url: w.url.clone(),
                format: w.format,
                enabled: w.enabled,
                has_secret,
            }),
            daily_cap: settings.daily_cap,
            quiet_hours: settings.quiet_hours,
            time_zone: settings.time_zone.clone(),
            digest_hour: settings.digest_hour,
            webhook_secret: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookSecretView {
    /// Shown once: the receiver checks `X-VinylDigger-Signature: sha256=<HMAC-SHA256 of the body>`.
    pub webhook_secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookTestView {
    pub delivered: bool,
    /// The receiver's status, when it answered.
    pub status: Option<u16>,
    pub error: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AlertRuleView {
    pub wanted: bool,
    pub price_drop: bool,
    pub bundle: bool,
    pub price_drop_percent: u8,
    pub delivery: Delivery,
}

impl From<&AlertRule> for AlertRuleView {
    fn from(r: &AlertRule) -> Self {
        Self {
            wanted: r.wanted,
            price_drop: r.price_drop,
            bundle: r.bundle,
            price_drop_percent: r.price_drop_percent,
            delivery: r.delivery,
        }
    }
}

/// The page the unsubscribe link opens (no login, no script).
pub fn unsubscribe_page(done: bool) -> String {
    let (title, text) = if done {
        (
            "Unsubscribed",
            "You will get no more alert e-mails. Alerts stay in the app, and you can switch e-mail on again in Settings.",
        )
    } else {
        (
            "Link not valid",
            "This unsubscribe link is not valid. Switch alert e-mails off in the app's Settings instead.",
        )
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{title} – VinylDigger</title></head><body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem\">\
         <h1>{title}</h1><p>{text}</p><p><a href=\"/settings\">Open VinylDigger</a></p></body></html>"
    )
}
