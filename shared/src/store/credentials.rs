//! App configurations, users' OAuth tokens and OAuth handshake states. Every secret is sealed
//! with the data key before it is written and opened after it is read.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, dynamo, from_item, item_with_key, key_attrs, keys, s};
use crate::auth::cipher::FieldCipher;
use crate::domain::ids::UserId;
use crate::domain::oauth::{AppConfig, OAuthState, OAuthToken};
use crate::domain::platform::Platform;
use crate::secrets::Secret;

/// The attribute naming an app configuration's marketplace (a field of [`StoredAppConfig`]).
const PROVIDER: &str = "provider";

#[derive(Serialize, Deserialize)]
struct StoredAppConfig {
    provider: Platform,
    consumer_key: String,
    consumer_secret: String,
    callback_url: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct StoredToken {
    provider: Platform,
    access_token: String,
    access_token_secret: Option<String>,
    refresh_token: Option<String>,
    token_expires_at: Option<DateTime<Utc>>,
    provider_user_id: String,
    provider_username: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct StoredState {
    state: String,
    user_id: UserId,
    provider: Platform,
    request_token: String,
    request_token_secret: String,
    /// Epoch seconds: DynamoDB's TTL deletes the item some time after this.
    expires_at: i64,
}

/// Where a sealed value lives: its item's key and its field, the associated data that binds it
/// there (a value copied to another item or field does not open).
/// Where a sealed value lives (its item and field): the associated data that binds it there.
pub(crate) fn place(key: &keys::Key, field: &str) -> String {
    format!("{}|{}|{field}", key.pk, key.sk)
}

fn open(cipher: &FieldCipher, sealed: &str, context: &str) -> Result<Secret, StoreError> {
    cipher.open(sealed, context).map(Secret::new).map_err(StoreError::Sealed)
}

fn open_opt(cipher: &FieldCipher, sealed: Option<&String>, context: &str) -> Result<Option<Secret>, StoreError> {
    sealed.map(|v| open(cipher, v, context)).transpose()
}

impl Store {
    pub async fn put_app_config(&self, cipher: &FieldCipher, config: &AppConfig) -> Result<(), StoreError> {
        let key = keys::app_config(config.provider);
        let stored = StoredAppConfig {
            provider: config.provider,
            consumer_key: config.consumer_key.clone(),
            consumer_secret: cipher.seal(config.consumer_secret.expose(), &place(&key, "consumer_secret")),
            callback_url: config.callback_url.clone(),
            redirect_uri: config.redirect_uri.clone(),
            scope: config.scope.clone(),
            created_at: config.created_at,
            updated_at: config.updated_at,
        };
        self.put(item_with_key(&stored, &key)?).await
    }

    pub async fn get_app_config(
        &self,
        cipher: &FieldCipher,
        provider: Platform,
    ) -> Result<Option<AppConfig>, StoreError> {
        let stored: Option<StoredAppConfig> = self.get(&keys::app_config(provider)).await?;
        stored.map(|c| app_config(cipher, c)).transpose()
    }

    /// Every provider's configuration, in provider order.
    pub async fn list_app_configs(&self, cipher: &FieldCipher) -> Result<Vec<AppConfig>, StoreError> {
        let mut configs = Vec::new();
        for provider in Platform::ALL {
            configs.extend(self.get_app_config(cipher, provider).await?);
        }
        Ok(configs)
    }

    /// The marketplaces an admin has stored app credentials for (no secret is opened): one query
    /// of the app configurations' partition.
    pub async fn configured_platforms(&self) -> Result<BTreeSet<Platform>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk")
            .projection_expression("#provider")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#provider", PROVIDER)
            .expression_attribute_values(":pk", s(keys::APP_CONFIG_PK))
            .send()
            .await
            .map_err(dynamo)?;
        Ok(out
            .items
            .unwrap_or_default()
            .iter()
            .filter_map(|item| item.get(PROVIDER)?.as_s().ok()?.parse().ok())
            .collect())
    }

    /// `false` when there was nothing to delete.
    pub async fn delete_app_config(&self, provider: Platform) -> Result<bool, StoreError> {
        self.delete_returning(&keys::app_config(provider)).await
    }

    pub async fn put_oauth_token(
        &self,
        cipher: &FieldCipher,
        user: UserId,
        token: &OAuthToken,
    ) -> Result<(), StoreError> {
        let key = keys::user_oauth_token(user, token.provider);
        let seal = |value: &Secret, field: &str| cipher.seal(value.expose(), &place(&key, field));
        let stored = StoredToken {
            provider: token.provider,
            access_token: seal(&token.access_token, "access_token"),
            access_token_secret: token.access_token_secret.as_ref().map(|v| seal(v, "access_token_secret")),
            refresh_token: token.refresh_token.as_ref().map(|v| seal(v, "refresh_token")),
            token_expires_at: token.expires_at,
            provider_user_id: token.provider_user_id.clone(),
            provider_username: token.provider_username.clone(),
            created_at: token.created_at,
            updated_at: token.updated_at,
        };
        self.put(item_with_key(&stored, &key)?).await
    }

    pub async fn get_oauth_token(
        &self,
        cipher: &FieldCipher,
        user: UserId,
        provider: Platform,
    ) -> Result<Option<OAuthToken>, StoreError> {
        let key = keys::user_oauth_token(user, provider);
        let stored: Option<StoredToken> = self.get(&key).await?;
        stored
            .map(|t| {
                Ok(OAuthToken {
                    provider: t.provider,
                    access_token: open(cipher, &t.access_token, &place(&key, "access_token"))?,
                    access_token_secret: open_opt(
                        cipher,
                        t.access_token_secret.as_ref(),
                        &place(&key, "access_token_secret"),
                    )?,
                    refresh_token: open_opt(cipher, t.refresh_token.as_ref(), &place(&key, "refresh_token"))?,
                    expires_at: t.token_expires_at,
                    provider_user_id: t.provider_user_id,
                    provider_username: t.provider_username,
                    created_at: t.created_at,
                    updated_at: t.updated_at,
                })
            })
            .transpose()
    }

    /// `false` when the user had no such token.
    pub async fn delete_oauth_token(&self, user: UserId, provider: Platform) -> Result<bool, StoreError> {
        self.delete_returning(&keys::user_oauth_token(user, provider)).await
    }

    pub async fn put_oauth_state(&self, cipher: &FieldCipher, state: &OAuthState) -> Result<(), StoreError> {
        let stored = StoredState {
            state: state.state.clone(),
            user_id: state.user_id,
            provider: state.provider,
            request_token: state.request_token.clone(),
            request_token_secret: cipher.seal(
                state.request_token_secret.expose(),
                &place(&keys::oauth_state(&state.state), "request_token_secret"),
            ),
            expires_at: state.expires_at.timestamp(),
        };
        let mut item = item_with_key(&stored, &keys::oauth_state(&state.state))?;
        if !state.request_token.is_empty() {
            item.insert(keys::GSI1PK.into(), s(keys::oauth_state_by_request_token(&state.request_token)));
            item.insert(keys::GSI1SK.into(), s("STATE"));
        }
        self.put(item).await
    }

    /// A live handshake state; an expired one is treated as absent (TTL deletion is lazy).
    pub async fn get_oauth_state(
        &self,
        cipher: &FieldCipher,
        state: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<OAuthState>, StoreError> {
        let stored: Option<StoredState> = self.get(&keys::oauth_state(state)).await?;
        self.live_state(cipher, stored, now)
    }

    /// The state of a Discogs handshake, found from the request token Discogs redirects back with.
    pub async fn find_oauth_state_by_request_token(
        &self,
        cipher: &FieldCipher,
        request_token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<OAuthState>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::GSI1)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", keys::GSI1PK)
            .expression_attribute_values(":pk", s(keys::oauth_state_by_request_token(request_token)))
            .limit(1)
            .send()
            .await
            .map_err(dynamo)?;
        let stored = out.items.unwrap_or_default().into_iter().next().map(from_item::<StoredState>).transpose()?;
        self.live_state(cipher, stored, now)
    }

    pub async fn delete_oauth_state(&self, state: &str) -> Result<(), StoreError> {
        self.delete_returning(&keys::oauth_state(state)).await.map(drop)
    }

    fn live_state(
        &self,
        cipher: &FieldCipher,
        stored: Option<StoredState>,
        now: DateTime<Utc>,
    ) -> Result<Option<OAuthState>, StoreError> {
        let Some(stored) = stored.filter(|s| s.expires_at > now.timestamp()) else {
            return Ok(None);
        };
        let secret_place = place(&keys::oauth_state(&stored.state), "request_token_secret");
        Ok(Some(OAuthState {
            state: stored.state,
            user_id: stored.user_id,
            provider: stored.provider,
            request_token: stored.request_token,
            request_token_secret: open(cipher, &stored.request_token_secret, &secret_place)?,
            expires_at: DateTime::from_timestamp(stored.expires_at, 0).unwrap_or(now),
        }))
    }

    /// Deletes one item; `true` if it existed.
    pub(crate) async fn delete_returning(&self, key: &keys::Key) -> Result<bool, StoreError> {
        let out = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(dynamo)?;
        Ok(out.attributes.is_some_and(|a| a.contains_key(keys::PK)))
    }
}

fn app_config(cipher: &FieldCipher, c: StoredAppConfig) -> Result<AppConfig, StoreError> {
    Ok(AppConfig {
        provider: c.provider,
        consumer_key: c.consumer_key,
        consumer_secret: open(cipher, &c.consumer_secret, &place(&keys::app_config(c.provider), "consumer_secret"))?,
        callback_url: c.callback_url,
        redirect_uri: c.redirect_uri,
        scope: c.scope,
        created_at: c.created_at,
        updated_at: c.updated_at,
    })
}
