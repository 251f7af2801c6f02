//! Alert settings: a search's rule (in the search's partition, deleted with it), a user's
//! channels and hygiene, and the user's webhook secret, sealed with the data key like the OAuth
//! tokens.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, dynamo, item_with_key, key_attrs, keys};
use crate::auth::cipher::FieldCipher;
use crate::domain::alerts::settings::{AlertRule, NotifySettings};
use crate::domain::ids::{SearchId, UserId};
use crate::secrets::Secret;

#[derive(Serialize, Deserialize)]
struct StoredSecret {
    secret: String,
}

impl Store {
    /// The search's rule; the default when the user never changed it.
    pub async fn get_alert_rule(&self, search: SearchId) -> Result<AlertRule, StoreError> {
        Ok(self.get(&keys::alert_rule(search)).await?.unwrap_or_default())
    }

    pub async fn put_alert_rule(&self, search: SearchId, rule: &AlertRule) -> Result<(), StoreError> {
        self.put(item_with_key(rule, &keys::alert_rule(search))?).await
    }

    pub async fn get_notify_settings(&self, user: UserId) -> Result<NotifySettings, StoreError> {
        Ok(self.get(&keys::notify_settings(user)).await?.unwrap_or_default())
    }

    pub async fn put_notify_settings(&self, user: UserId, settings: &NotifySettings) -> Result<(), StoreError> {
        self.put(item_with_key(settings, &keys::notify_settings(user))?).await
    }

    /// The unsubscribe link: e-mail off, whatever else the settings say (written even when the
    /// user never saved any, so the defaults stay).
    pub async fn disable_alert_email(&self, user: UserId) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::notify_settings(user))))
            .update_expression("SET #e = :off")
            .expression_attribute_names("#e", keys::attr::EMAIL_ENABLED)
            .expression_attribute_values(":off", aws_sdk_dynamodb::types::AttributeValue::Bool(false))
            .send()
            .await
            .map_err(dynamo)?;
        Ok(())
    }

    pub async fn get_webhook_secret(&self, cipher: &FieldCipher, user: UserId) -> Result<Option<Secret>, StoreError> {
        let key = keys::webhook_secret(user);
        let stored: Option<StoredSecret> = self.get(&key).await?;
        let place = super::credentials::place(&key, "secret");
        stored.map(|s| cipher.open(&s.secret, &place).map(Secret::new).map_err(StoreError::Sealed)).transpose()
    }

    pub async fn put_webhook_secret(
        &self,
        cipher: &FieldCipher,
        user: UserId,
        secret: &Secret,
    ) -> Result<(), StoreError> {
        let key = keys::webhook_secret(user);
        let stored = StoredSecret { secret: cipher.seal(secret.expose(), &super::credentials::place(&key, "secret")) };
        self.put(item_with_key(&stored, &key)?).await
    }
}
