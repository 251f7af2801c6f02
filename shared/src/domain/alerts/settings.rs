//! What a user chose: per saved search, which triggers alert and how (instant or daily digest);
//! per user, the channels, the daily cap, quiet hours and the digest's time.

use serde::{Deserialize, Serialize};

use super::Channel;

/// Instant messages, or one digest a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    #[default]
    Instant,
    Digest,
}

/// Default price-drop threshold, in percent.
pub const DEFAULT_DROP_PERCENT: u8 = 10;

/// A saved search's alert rule; a search without one has the default (every trigger on, a 10 %
/// threshold, instant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertRule {
    pub wanted: bool,
    pub price_drop: bool,
    pub bundle: bool,
    /// A drop alerts when the new price is at least this many percent below the old (1–90).
    pub price_drop_percent: u8,
    pub delivery: Delivery,
}

impl Default for AlertRule {
    fn default() -> Self {
        Self {
            wanted: true,
            price_drop: true,
            bundle: true,
            price_drop_percent: DEFAULT_DROP_PERCENT,
            delivery: Delivery::Instant,
        }
    }
}

impl AlertRule {
    pub fn any(&self) -> bool {
        self.wanted || self.price_drop || self.bundle
    }
}

/// How a webhook's body is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookFormat {
    /// VinylDigger's own JSON document.
    #[default]
    Json,
    /// A Discord webhook message (`content` and an embed).
    Discord,
    /// A Slack incoming-webhook message (`text`).
    Slack,
    /// An ntfy publish: the text as body, title and link in headers.
    Ntfy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSettings {
    pub url: String,
    pub format: WebhookFormat,
    pub enabled: bool,
}

/// Local hours during which nothing is pushed: from `start` up to (not including) `end`; a
/// start after the end wraps midnight (22 → 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuietHours {
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 23))]
    pub start_hour: u8,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 23))]
    pub end_hour: u8,
}

impl QuietHours {
    pub fn contains(&self, hour: u32) -> bool {
        let (start, end) = (u32::from(self.start_hour), u32::from(self.end_hour));
        if start == end {
            false
        } else if start < end {
            (start..end).contains(&hour)
        } else {
            hour >= start || hour < end
        }
    }
}

/// Default number of instant alerts a user gets per local day.
pub const DEFAULT_DAILY_CAP: u32 = 20;
/// Default local hour of the daily digest.
pub const DEFAULT_DIGEST_HOUR: u8 = 8;

/// A user's alert channels and hygiene. The in-app centre is always on; e-mail is opt-in, and
/// the webhook needs a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotifySettings {
    pub email_enabled: bool,
    pub webhook: Option<WebhookSettings>,
    /// Instant alerts per local day; beyond it they fold into the next digest.
    pub daily_cap: u32,
    pub quiet_hours: Option<QuietHours>,
    /// IANA name (`Europe/Berlin`).
    pub time_zone: String,
    /// Local hour (0–23) of the daily digest.
    pub digest_hour: u8,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self {
            email_enabled: false,
            webhook: None,
            daily_cap: DEFAULT_DAILY_CAP,
            quiet_hours: None,
            time_zone: "UTC".to_owned(),
            digest_hour: DEFAULT_DIGEST_HOUR,
        }
    }
}

impl NotifySettings {
    /// The push channels switched on.
    pub fn channels(&self) -> Vec<Channel> {
        let mut channels = Vec::new();
        if self.email_enabled {
            channels.push(Channel::Email);
        }
        if self.webhook.as_ref().is_some_and(|w| w.enabled && !w.url.is_empty()) {
            channels.push(Channel::Webhook);
        }
        channels
    }

    /// The time zone, UTC if the stored name is not one (it is checked when saved).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }
}

/// Whether `name` is an IANA time zone.
pub fn is_time_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_wrap_midnight() {
        let night = QuietHours { start_hour: 22, end_hour: 7 };
        assert!(night.contains(23) && night.contains(0) && night.contains(6));
        assert!(!night.contains(7) && !night.contains(12) && !night.contains(21));
        let lunch = QuietHours { start_hour: 12, end_hour: 14 };
        assert!(lunch.contains(12) && lunch.contains(13) && !lunch.contains(14) && !lunch.contains(11));
        assert!(!QuietHours { start_hour: 5, end_hour: 5 }.contains(5), "an empty range is no quiet time");
    }

    #[test]
    fn channels_follow_the_switches_and_stored_settings_fill_defaults() {
        let mut s = NotifySettings::default();
        assert!(s.channels().is_empty(), "e-mail is opt-in; no webhook without a URL");
        s.email_enabled = true;
        s.webhook =
            Some(WebhookSettings { url: "https://example.com/h".into(), format: WebhookFormat::Slack, enabled: true });
        assert_eq!(s.channels(), vec![Channel::Email, Channel::Webhook]);
        let partial: NotifySettings = serde_json::from_value(serde_json::json!({"email_enabled": false})).unwrap();
        assert_eq!(partial.daily_cap, DEFAULT_DAILY_CAP);
        assert_eq!(partial.tz(), chrono_tz::UTC);
        assert!(is_time_zone("Europe/Berlin") && !is_time_zone("Mars/Olympus"));
        let rule: AlertRule = serde_json::from_value(serde_json::json!({"bundle": false})).unwrap();
        assert!(rule.wanted && !rule.bundle && rule.price_drop_percent == DEFAULT_DROP_PERCENT);
    }
}
