//! Alerts (docs/alerts.md): what a finished run tells a collector, decided without
//! I/O. [`settings`] holds a search's rule and a user's channels; [`triggers`] turns a run's
//! facts into [`Alert`]s; [`schedule`] answers the clock questions (quiet hours, the local day,
//! when a digest is due).

pub mod schedule;
pub mod settings;
pub mod triggers;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ids::{SearchId, UserId};
use super::listing::Listing;
use super::money::Money;
use super::platform::Platform;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A listing of a want-list record, seen for the first time.
    Wanted,
    /// A want-list listing already seen got cheaper by at least the search's threshold.
    PriceDrop,
    /// A seller newly holds at least two want-list records of one search.
    Bundle,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Wanted => "wanted",
            AlertKind::PriceDrop => "price_drop",
            AlertKind::Bundle => "bundle",
        }
    }
}

/// A seller as an alert shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSeller {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub feedback_percentage: Option<f64>,
    #[serde(default)]
    pub feedback_count: Option<u64>,
    #[serde(default)]
    pub location: Option<String>,
}

/// One listing of an alert: the record, its price (in the currency the marketplace listed it
/// in), condition, seller and the marketplace's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertListing {
    pub platform: Platform,
    pub listing_id: String,
    pub title: String,
    #[serde(default)]
    pub artist: Option<String>,
    #[serde(default)]
    pub release_id: Option<u64>,
    pub price: Money,
    #[serde(default)]
    pub shipping: Option<Money>,
    #[serde(default)]
    pub media_condition: Option<String>,
    #[serde(default)]
    pub sleeve_condition: Option<String>,
    #[serde(default)]
    pub seller: Option<AlertSeller>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub image_url: Option<String>,
}

impl AlertListing {
    pub fn of(listing: &Listing) -> Self {
        Self {
            platform: listing.platform,
            listing_id: listing.listing_id.clone(),
            title: listing.title.clone(),
            artist: listing.artist.clone(),
            release_id: listing.release_id,
            price: listing.price,
            shipping: listing.shipping,
            media_condition: listing.media_condition.clone(),
            sleeve_condition: listing.sleeve_condition.clone(),
            seller: listing.scored_seller().filter(|s| !s.id.is_empty()).map(|s| AlertSeller {
                id: s.id.clone(),
                name: s.name.clone(),
                feedback_percentage: s.feedback_percentage,
                feedback_count: s.feedback_count,
                location: s.location.clone(),
            }),
            url: listing.web_url.clone(),
            image_url: listing.image_url.clone(),
        }
    }

    /// `NM / VG+`, the grades as the marketplace wrote them.
    pub fn condition(&self) -> Option<String> {
        match (&self.media_condition, &self.sleeve_condition) {
            (Some(m), Some(s)) => Some(format!("{m} / sleeve {s}")),
            (Some(m), None) => Some(m.clone()),
            (None, Some(s)) => Some(format!("sleeve {s}")),
            (None, None) => None,
        }
    }
}

/// A bundle's money: what the records cost together and what one shipment saves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleTotals {
    /// The records' prices added up (in their currency; listings in another one are left out).
    pub items_total: Money,
    /// The estimated shipping of one parcel with all of them.
    pub shipping: Money,
    /// Separate parcels minus one parcel.
    pub shipping_saved: Money,
}

/// One alert: what happened, to which search, with the listings it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub kind: AlertKind,
    pub search_id: SearchId,
    pub search_name: String,
    /// What the "never twice" rule keys on besides the user and the kind: `<platform>#<listing
    /// id>`, or `<platform>#<seller id>` for a bundle.
    pub subject: String,
    pub listings: Vec<AlertListing>,
    /// A price drop's price before the run.
    #[serde(default)]
    pub previous_price: Option<Money>,
    #[serde(default)]
    pub bundle: Option<BundleTotals>,
}

/// The namespace of alert ids (UUID v5 of user, kind and subject).
const ALERT_NAMESPACE: Uuid = Uuid::from_u128(0x5d1c_9a44_7f0e_4b8e_9c0a_2f6b_8a71_d3e5);

impl Alert {
    /// The alert's id: the same for the same (user, kind, subject) however often a run repeats
    /// or a message is redelivered, so storing it only where absent sends it once.
    pub fn id(&self, user: UserId) -> String {
        let name = format!("{user}#{}#{}", self.kind.as_str(), self.subject);
        Uuid::new_v5(&ALERT_NAMESPACE, name.as_bytes()).to_string()
    }

    /// One line, the subject of an e-mail and the title of a push.
    pub fn headline(&self) -> String {
        let first = self.listings.first();
        let title = first.map_or("a record", |l| l.title.as_str());
        match self.kind {
            AlertKind::Wanted => {
                let price = first.map(|l| format!(" for {}", l.price.format_with_symbol())).unwrap_or_default();
                format!("Wanted: {title}{price}")
            }
            AlertKind::PriceDrop => {
                let price = match (self.previous_price, first) {
                    (Some(old), Some(l)) => {
                        format!(": {} → {}", old.format_with_symbol(), l.price.format_with_symbol())
                    }
                    _ => String::new(),
                };
                format!("Price drop: {title}{price}")
            }
            AlertKind::Bundle => {
                let seller = first.and_then(|l| l.seller.as_ref()).map_or("A seller", |s| s.name.as_str());
                format!("{seller} has {} of your wanted records", self.listings.len())
            }
        }
    }
}

/// An alert as stored for its user, with how far its delivery got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: String,
    pub user_id: UserId,
    pub alert: Alert,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub read_at: Option<DateTime<Utc>>,
    /// How the alert leaves the app (the in-app centre shows every alert at once).
    #[serde(default)]
    pub route: Route,
    /// The channels an instant alert goes to, chosen when it was routed.
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub email_done_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub webhook_done_at: Option<DateTime<Utc>>,
    /// Why the webhook refused it for good (a 4xx, a forbidden address).
    #[serde(default)]
    pub webhook_error: Option<String>,
}

impl Notification {
    pub fn new(user_id: UserId, alert: Alert, now: DateTime<Utc>) -> Self {
        Self {
            id: alert.id(user_id),
            user_id,
            alert,
            created_at: now,
            read_at: None,
            route: Route::Undecided,
            channels: Vec::new(),
            email_done_at: None,
            webhook_done_at: None,
            webhook_error: None,
        }
    }

    /// The channels of an instant alert still to deliver.
    pub fn pending(&self) -> Vec<Channel> {
        if self.route != Route::Instant {
            return Vec::new();
        }
        self.channels
            .iter()
            .copied()
            .filter(|c| match c {
                Channel::Email => self.email_done_at.is_none(),
                Channel::Webhook => self.webhook_done_at.is_none(),
            })
            .collect()
    }
}

/// Where an alert goes beyond the in-app centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Just stored; the notifier has not decided yet (or crashed before it did).
    #[default]
    Undecided,
    /// Pushed at once on its channels.
    Instant,
    /// Folded into the user's next daily digest (digest mode, quiet hours or over the cap).
    Digest,
    /// In-app only: the user has no push channel.
    InApp,
}

/// A push channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Webhook,
}
