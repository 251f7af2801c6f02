//! The daily digest, on a schedule: every alert waiting for one (digest mode, quiet hours, over
//! the cap) goes out in one message per user per local day, from the user's chosen hour on. The
//! day's digest is claimed once with what it covers, and records each channel's delivery, so a
//! tick that fails half-way is finished by the next; what arrives after the claim waits a day.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use vinyldigger::domain::alerts::schedule::digest_due;
use vinyldigger::domain::ids::UserId;
use vinyldigger::notify::render::digest_subject;
use vinyldigger::notify::webhook::PushKind;
use vinyldigger::store::notifications::{Digest, DigestEntry};

use crate::deliver::send;
use crate::{Deps, NotifyError};

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DigestReport {
    /// Users with alerts waiting.
    pub waiting: usize,
    /// Digests sent (on at least one channel).
    pub sent: usize,
    /// Users whose digest failed this time (tried again at the next tick).
    pub failed: usize,
}

/// Sends every digest that is due.
pub async fn tick(deps: &Deps, now: DateTime<Utc>) -> Result<DigestReport, NotifyError> {
    let mut by_user: BTreeMap<UserId, Vec<DigestEntry>> = BTreeMap::new();
    for entry in deps.store.digest_queue().await? {
        by_user.entry(entry.user_id).or_default().push(entry);
    }
    let mut report = DigestReport { waiting: by_user.len(), ..DigestReport::default() };
    for (user, entries) in by_user {
        match user_digest(deps, user, &entries, now).await {
            Ok(sent) => report.sent += usize::from(sent),
            Err(error) => {
                tracing::warn!(user_id = %user, %error, "digest failed; the next tick tries again");
                report.failed += 1;
            }
        }
    }
    if report.waiting > 0 {
        tracing::info!(waiting = report.waiting, sent = report.sent, failed = report.failed, "digest tick");
    }
    Ok(report)
}

/// The user's digest of today if it is due; `true` if something was sent.
async fn user_digest(
    deps: &Deps,
    user: UserId,
    entries: &[DigestEntry],
    now: DateTime<Utc>,
) -> Result<bool, NotifyError> {
    let store = &deps.store;
    let settings = store.get_notify_settings(user).await?;
    let Some(day) = digest_due(&settings, now) else {
        return Ok(false);
    };
    let Some(account) = store.get_user(user).await? else {
        return drop_entries(deps, user, entries, None).await.map(|()| false);
    };
    let channels = settings.channels();
    if channels.is_empty() {
        // The alerts are in the app; there is nowhere else to send them.
        return drop_entries(deps, user, entries, None).await.map(|()| false);
    }
    let wanted = Digest {
        user_id: user,
        day,
        notification_ids: entries.iter().map(|e| e.notification_id.clone()).collect(),
        channels,
        email_done_at: None,
        webhook_done_at: None,
        webhook_error: None,
        created_at: now,
    };
    let digest = store.claim_digest(&wanted).await?;
    let pending = digest.pending();
    let mut sent = false;
    if !pending.is_empty() {
        let mut notes = store.get_notifications(user, &digest.notification_ids).await?;
        notes.sort_by_key(|n| n.created_at);
        let alerts: Vec<_> = notes.iter().map(|n| &n.alert).collect();
        if !alerts.is_empty() {
            let subject = digest_subject(alerts.len());
            for channel in pending {
                let error = send(deps, &account, &settings, channel, &alerts, &subject, PushKind::Digest).await?;
                store.mark_digest_delivered(user, day, channel, error.as_deref(), now).await?;
                sent |= error.is_none();
            }
        }
    }
    let covered: HashSet<&String> = digest.notification_ids.iter().collect();
    drop_entries(deps, user, entries, Some(&covered)).await?;
    Ok(sent)
}

/// Removes the queue entries `covered` names (all of them with `None`).
async fn drop_entries(
    deps: &Deps,
    user: UserId,
    entries: &[DigestEntry],
    covered: Option<&HashSet<&String>>,
) -> Result<(), NotifyError> {
    for entry in entries.iter().filter(|e| covered.is_none_or(|c| c.contains(&e.notification_id))) {
        deps.store.remove_digest_entry(user, &entry.notification_id).await?;
    }
    Ok(())
}
