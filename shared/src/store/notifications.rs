//! Alerts as stored for their users: written only where absent (the "never twice" rule), listed
//! newest first (GSI1), counted while unread (GSI2, sparse), with how far their delivery got;
//! the daily cap's counter; the digest queue (sharded, like the due index) and each local day's
//! digest, claimed once.

use aws_sdk_dynamodb::types::{AttributeValue, Select};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, applied, conditional, dynamo, from_item, item_with_key, key_attrs, keys, n, names, s};
use crate::domain::alerts::{Channel, Notification, Route};
use crate::domain::ids::UserId;

/// The most alerts one page of the notification centre shows.
pub const NOTIFICATION_PAGE: usize = 50;
/// The unread count stops here (the bell shows "99+").
pub const UNREAD_COUNT_LIMIT: usize = 100;

/// Days an alert stays, after which TTL removes it.
const NOTIFICATION_DAYS: i64 = 90;

/// One local day's digest: what it covers and where it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub user_id: UserId,
    pub day: NaiveDate,
    pub notification_ids: Vec<String>,
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub email_done_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub webhook_done_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub webhook_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Digest {
    pub fn pending(&self) -> Vec<Channel> {
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

/// An alert waiting for a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestEntry {
    pub user_id: UserId,
    pub notification_id: String,
}

fn expires_at(created: DateTime<Utc>, days: i64) -> AttributeValue {
    n((created + chrono::Duration::days(days)).timestamp())
}

fn done_attr(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => keys::attr::EMAIL_DONE_AT,
        Channel::Webhook => keys::attr::WEBHOOK_DONE_AT,
    }
}

impl Store {
    /// Stores a new alert unless one with its id exists: `Ok(None)` for a new one, else the
    /// stored one (to resume its delivery).
    pub async fn create_notification(&self, note: &Notification) -> Result<Option<Notification>, StoreError> {
        let key = keys::notification(note.user_id, &note.id);
        let mut item = item_with_key(note, &key)?;
        let by_time = keys::notification_by_time(note.user_id, note.created_at, &note.id);
        let unread = keys::unread_notification(note.user_id, note.created_at, &note.id);
        item.insert(keys::GSI1PK.into(), s(by_time.pk));
        item.insert(keys::GSI1SK.into(), s(by_time.sk));
        item.insert(keys::GSI2PK.into(), s(unread.pk));
        item.insert(keys::GSI2SK.into(), s(unread.sk));
        item.insert(keys::EXPIRES_AT.into(), expires_at(note.created_at, NOTIFICATION_DAYS));
        if self.put_new(item).await? {
            return Ok(None);
        }
        self.get_notification(note.user_id, &note.id).await
    }

    pub async fn get_notification(&self, user: UserId, id: &str) -> Result<Option<Notification>, StoreError> {
        self.get(&keys::notification(user, id)).await
    }

    /// Routes an undecided alert (a redelivery that finds it routed keeps what was decided);
    /// returns the alert as stored afterwards.
    pub async fn route_notification(
        &self,
        user: UserId,
        id: &str,
        route: Route,
        channels: &[Channel],
    ) -> Result<Option<Notification>, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::notification(user, id))))
            .update_expression("SET #route = :route, #channels = :channels")
            .condition_expression("#route = :undecided")
            .set_expression_attribute_names(Some(names(&[keys::attr::ROUTE, keys::attr::CHANNELS])))
            .expression_attribute_values(":route", serde_dynamo::to_attribute_value(route)?)
            .expression_attribute_values(":undecided", serde_dynamo::to_attribute_value(Route::Undecided)?)
            .expression_attribute_values(":channels", serde_dynamo::to_attribute_value(channels)?)
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllNew)
            .send()
            .await;
        match conditional(result)? {
            Some(out) => out.attributes.map(from_item).transpose(),
            None => self.get_notification(user, id).await,
        }
    }

    /// Records a channel's delivery (or its final refusal) of an alert.
    pub async fn mark_notification_delivered(
        &self,
        user: UserId,
        id: &str,
        channel: Channel,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.mark_done(&keys::notification(user, id), channel, error, now).await
    }

    async fn mark_done(
        &self,
        key: &keys::Key,
        channel: Channel,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .expression_attribute_names("#done", done_attr(channel))
            .expression_attribute_values(":now", serde_dynamo::to_attribute_value(now)?);
        update = match error {
            Some(error) => update
                .update_expression("SET #done = :now, #err = :err")
                .expression_attribute_names("#err", keys::attr::WEBHOOK_ERROR)
                .expression_attribute_values(":err", s(error)),
            None => update.update_expression("SET #done = :now"),
        };
        update.send().await.map_err(dynamo)?;
        Ok(())
    }

    /// The user's newest alerts, at most [`NOTIFICATION_PAGE`].
    pub async fn list_notifications(&self, user: UserId) -> Result<Vec<Notification>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::GSI1)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", keys::GSI1PK)
            .expression_attribute_values(":pk", s(keys::notifications_pk(user)))
            .scan_index_forward(false);
        self.collect_query(query, Some(NOTIFICATION_PAGE)).await
    }

    /// How many alerts are unread, up to [`UNREAD_COUNT_LIMIT`].
    pub async fn count_unread(&self, user: UserId) -> Result<usize, StoreError> {
        let pk = keys::unread_notifications_pk(user);
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::GSI2)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", keys::GSI2PK)
            .expression_attribute_values(":pk", s(pk))
            .select(Select::Count)
            .limit(i32::try_from(UNREAD_COUNT_LIMIT).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(dynamo)?;
        Ok(usize::try_from(out.count).unwrap_or(0))
    }

    /// Marks one alert read; `false` if the user has no such alert.
    pub async fn mark_notification_read(&self, user: UserId, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::notification(user, id))))
            .update_expression("SET #read = :now REMOVE #g2pk, #g2sk")
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#read", keys::attr::READ_AT)
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#g2pk", keys::GSI2PK)
            .expression_attribute_names("#g2sk", keys::GSI2SK)
            .expression_attribute_values(":now", serde_dynamo::to_attribute_value(now)?)
            .send()
            .await;
        applied(result)
    }

    /// Marks every unread alert read; returns how many.
    pub async fn mark_all_notifications_read(&self, user: UserId, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let pk = keys::unread_notifications_pk(user);
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::GSI2)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", keys::GSI2PK)
            .expression_attribute_values(":pk", s(pk));
        let unread: Vec<Notification> = self.collect_query(query, None).await?;
        let mut marked = 0;
        for note in &unread {
            marked += usize::from(self.mark_notification_read(user, &note.id, now).await?);
        }
        Ok(marked)
    }

    /// Takes one of the day's instant slots if fewer than `cap` were taken; `false` over the cap.
    pub async fn take_alert_slot(&self, user: UserId, day: NaiveDate, cap: u32) -> Result<bool, StoreError> {
        let expires = day.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp()) + 3 * 86_400;
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::alerts_sent(user, day))))
            .update_expression("ADD #sent :one SET #exp = :exp")
            .condition_expression("attribute_not_exists(#sent) OR #sent < :cap")
            .expression_attribute_names("#sent", keys::attr::SENT)
            .expression_attribute_names("#exp", keys::EXPIRES_AT)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":cap", n(cap))
            .expression_attribute_values(":exp", n(expires))
            .send()
            .await;
        applied(result)
    }

    /// Queues an alert for the user's next digest (idempotent).
    pub async fn queue_for_digest(&self, user: UserId, notification_id: &str) -> Result<(), StoreError> {
        let entry = DigestEntry { user_id: user, notification_id: notification_id.to_owned() };
        self.put(item_with_key(&entry, &keys::digest_entry(user, notification_id))?).await
    }

    /// Every alert waiting for a digest, all users (one query per shard).
    pub async fn digest_queue(&self) -> Result<Vec<DigestEntry>, StoreError> {
        let mut entries = Vec::new();
        for shard in 0..keys::DIGEST_SHARDS {
            let query = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk")
                .expression_attribute_names("#pk", keys::PK)
                .expression_attribute_values(":pk", s(keys::digest_queue_pk(shard)))
                .consistent_read(true);
            entries.extend(self.collect_query::<DigestEntry>(query, None).await?);
        }
        Ok(entries)
    }

    pub async fn remove_digest_entry(&self, user: UserId, notification_id: &str) -> Result<(), StoreError> {
        self.delete_returning(&keys::digest_entry(user, notification_id)).await.map(drop)
    }

    /// Claims the user's digest of `digest.day`; the stored one if it was claimed before.
    pub async fn claim_digest(&self, digest: &Digest) -> Result<Digest, StoreError> {
        let key = keys::digest(digest.user_id, digest.day);
        let mut item = item_with_key(digest, &key)?;
        item.insert(keys::EXPIRES_AT.into(), expires_at(digest.created_at, 3));
        if self.put_new(item).await? {
            return Ok(digest.clone());
        }
        self.get(&key).await?.ok_or(StoreError::Contended)
    }

    pub async fn mark_digest_delivered(
        &self,
        user: UserId,
        day: NaiveDate,
        channel: Channel,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.mark_done(&keys::digest(user, day), channel, error, now).await
    }

    /// Alerts by id (missing ones left out), in no particular order.
    pub async fn get_notifications(&self, user: UserId, ids: &[String]) -> Result<Vec<Notification>, StoreError> {
        let keys = ids.iter().map(|id| key_attrs(&keys::notification(user, id))).collect();
        self.batch_get(keys, None).await?.into_iter().map(from_item).collect()
    }
}
