//! Per-user preferences: one item, defaults until the user saves something.

use super::{Store, StoreError, item_with_key, keys};
use crate::domain::ids::UserId;
use crate::domain::preferences::Preferences;

impl Store {
    pub async fn get_preferences(&self, user: UserId) -> Result<Preferences, StoreError> {
        Ok(self.get(&keys::preferences(user)).await?.unwrap_or_default())
    }

    pub async fn put_preferences(&self, user: UserId, preferences: &Preferences) -> Result<(), StoreError> {
        self.put(item_with_key(preferences, &keys::preferences(user))?).await
    }
}
