//! One alert from candidate to delivered: stored where absent, routed once (instant, digest or
//! in-app only), then pushed on each channel not yet done.

use chrono::{DateTime, Utc};
use vinyldigger::domain::alerts::schedule::{is_quiet, local_day};
use vinyldigger::domain::alerts::settings::{AlertRule, Delivery, NotifySettings};
use vinyldigger::domain::alerts::{Alert, Channel, Notification, Route};
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::user::User;
use vinyldigger::notify::email::Email;
use vinyldigger::notify::render;
use vinyldigger::notify::webhook::{Push, PushKind};

use crate::{Deps, NotifyError};

/// Stores the alert (once), routes it and pushes it where it is due now.
pub async fn alert(
    deps: &Deps,
    user: &User,
    settings: &NotifySettings,
    rule: &AlertRule,
    alert: Alert,
    now: DateTime<Utc>,
) -> Result<(), NotifyError> {
    let store = &deps.store;
    let new = Notification::new(user.id, alert, now);
    let mut note = match store.create_notification(&new).await? {
        None => {
            tracing::info!(user_id = %user.id, notification_id = %new.id, kind = new.alert.kind.as_str(), "alert stored");
            new
        }
        Some(existing) => existing,
    };
    if note.route == Route::Undecided {
        note = route(deps, user.id, settings, rule, &note, now).await?;
    }
    for channel in note.pending() {
        push(deps, user, settings, &note, channel, now).await?;
    }
    Ok(())
}

/// Decides once how the alert leaves the app: in-app only without a channel; into the digest in
/// digest mode, in quiet hours or over the day's cap; else at once.
async fn route(
    deps: &Deps,
    user: UserId,
    settings: &NotifySettings,
    rule: &AlertRule,
    note: &Notification,
    now: DateTime<Utc>,
) -> Result<Notification, NotifyError> {
    let store = &deps.store;
    let channels = settings.channels();
    let route = if channels.is_empty() {
        Route::InApp
    } else if rule.delivery == Delivery::Digest || is_quiet(settings, now) {
        Route::Digest
    } else if store.take_alert_slot(user, local_day(settings, now), settings.daily_cap).await? {
        Route::Instant
    } else {
        tracing::info!(user_id = %user, cap = settings.daily_cap, "daily cap reached; the alert waits for the digest");
        Route::Digest
    };
    if route == Route::Digest {
        store.queue_for_digest(user, &note.id).await?;
    }
    let kept = if route == Route::Instant { channels } else { Vec::new() };
    let routed = store.route_notification(user, &note.id, route, &kept).await?;
    Ok(routed.unwrap_or_else(|| Notification { route, channels: kept, ..note.clone() }))
}

/// Pushes one alert on one channel and records it; a final refusal is recorded too (and
/// logged), a passing failure is returned for SQS to retry.
async fn push(
    deps: &Deps,
    user: &User,
    settings: &NotifySettings,
    note: &Notification,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<(), NotifyError> {
    let alerts = [&note.alert];
    let error = send(deps, user, settings, channel, &alerts, &note.alert.headline(), PushKind::Alert).await?;
    deps.store.mark_notification_delivered(user.id, &note.id, channel, error.as_deref(), now).await?;
    Ok(())
}

/// Sends alerts on a channel: `Ok(None)` when delivered, `Ok(Some(why))` when refused for good.
pub(crate) async fn send(
    deps: &Deps,
    user: &User,
    settings: &NotifySettings,
    channel: Channel,
    alerts: &[&Alert],
    subject: &str,
    kind: PushKind,
) -> Result<Option<String>, NotifyError> {
    let started = std::time::Instant::now();
    let outcome = match channel {
        Channel::Email => {
            if !settings.email_enabled {
                // Unsubscribed since the alert was routed.
                return Ok(Some("e-mail switched off".to_owned()));
            }
            let unsubscribe = deps.unsubscribe.url(&deps.links.app_url, user.id);
            let email = Email {
                to: user.email.clone(),
                subject: subject.to_owned(),
                text: render::text(alerts, &deps.links, Some(&unsubscribe)),
                html: render::html(alerts, &deps.links, Some(&unsubscribe)),
                unsubscribe_url: Some(unsubscribe),
            };
            match deps.mailer.send(&email).await {
                Ok(_) => None,
                Err(e) if e.is_transient() => return Err(e.into()),
                Err(e) => Some(e.to_string()),
            }
        }
        Channel::Webhook => {
            let Some(hook) = settings.webhook.as_ref().filter(|w| w.enabled) else {
                return Ok(Some("webhook switched off".to_owned()));
            };
            let Some(secret) = deps.store.get_webhook_secret(&deps.cipher, user.id).await? else {
                return Ok(Some("no webhook secret".to_owned()));
            };
            let push = Push { kind, title: subject.to_owned(), alerts, links: &deps.links };
            match deps.webhooks.send(&hook.url, hook.format, &secret, &push).await {
                Ok(_) => None,
                Err(e) if e.is_transient() => return Err(e.into()),
                Err(e) => Some(e.to_string()),
            }
        }
    };
    let channel_name = match channel {
        Channel::Email => "email",
        Channel::Webhook => "webhook",
    };
    match &outcome {
        None => {
            tracing::info!(user_id = %user.id, channel = channel_name, alerts = alerts.len(), send_ms = started.elapsed().as_millis() as u64, "alert sent")
        }
        Some(error) => tracing::error!(user_id = %user.id, channel = channel_name, %error, "alert refused for good"),
    }
    Ok(outcome)
}
