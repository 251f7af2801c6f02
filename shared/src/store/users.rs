//! Accounts. E-mail uniqueness is enforced by a second item written in the same transaction as
//! the profile, so two concurrent registrations of one address can never both succeed.

use aws_sdk_dynamodb::types::{Delete, TransactWriteItem, Update};
use chrono::{DateTime, Utc};

use super::keys::attr;
use super::{Store, StoreError, dynamo, item_with_key, key_attrs, keys, names, s};
use crate::domain::ids::UserId;
use crate::domain::user::{User, email_identity};

#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("email already registered")]
    EmailTaken,
    #[error("user not found")]
    UserNotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(serde::Serialize, serde::Deserialize)]
struct EmailOwner {
    user_id: UserId,
}

impl Store {
    /// Creates the profile and claims its e-mail atomically.
    pub async fn create_user(&self, user: &User) -> Result<(), EmailError> {
        let profile = self.put_new_in_transaction(item_with_key(user, &keys::user_profile(user.id))?)?;
        let result = self
            .client
            .transact_write_items()
            .transact_items(profile)
            .transact_items(self.claim_email(&user.email, user.id)?)
            .send()
            .await;
        result.map(drop).map_err(|e| transaction_error(e, EmailError::EmailTaken))
    }

    pub async fn get_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.get(&keys::user_profile(id)).await
    }

    pub async fn find_user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        match self.get::<EmailOwner>(&keys::email(email)).await? {
            Some(owner) => self.get_user(owner.user_id).await,
            None => Ok(None),
        }
    }

    /// Moves a user to a new address, releasing the old one, in one transaction.
    pub async fn change_email(&self, id: UserId, new_email: &str, now: DateTime<Utc>) -> Result<User, EmailError> {
        let mut user = self.get_user(id).await?.ok_or(EmailError::UserNotFound)?;
        let same_identity = email_identity(&user.email) == email_identity(new_email);
        let old_email = std::mem::replace(&mut user.email, new_email.to_owned());
        user.updated_at = now;
        // Another case of the same address is still the registered one.
        user.email_changed |= !same_identity;

        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::user_profile(id))))
            .update_expression("SET #email = :email, #updated_at = :now, #email_changed = :changed")
            .condition_expression("#email = :old")
            .set_expression_attribute_names(Some(names(&[attr::EMAIL, attr::UPDATED_AT, attr::EMAIL_CHANGED])))
            .expression_attribute_values(":changed", aws_sdk_dynamodb::types::AttributeValue::Bool(user.email_changed))
            .expression_attribute_values(":email", s(&user.email))
            .expression_attribute_values(":old", s(&old_email))
            .expression_attribute_values(":now", serde_dynamo::to_attribute_value(now).map_err(StoreError::from)?)
            .build()
            .map_err(StoreError::from)?;
        let mut tx =
            self.client.transact_write_items().transact_items(TransactWriteItem::builder().update(update).build());
        if !same_identity {
            let release = Delete::builder()
                .table_name(&self.table)
                .set_key(Some(key_attrs(&keys::email(&old_email))))
                .build()
                .map_err(StoreError::from)?;
            tx = tx
                .transact_items(self.claim_email(new_email, id)?)
                .transact_items(TransactWriteItem::builder().delete(release).build());
        }
        match tx.send().await {
            Ok(_) => Ok(user),
            // The profile condition fails only if a concurrent change won; report it as a clash.
            Err(e) => Err(transaction_error(e, EmailError::EmailTaken)),
        }
    }

    /// Replaces the password hash of an existing account; `false` when there is none.
    pub async fn set_password_hash(&self, id: UserId, hash: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::user_profile(id))))
            .update_expression("SET #password_hash = :hash, #updated_at = :now")
            .condition_expression("attribute_exists(#password_hash)")
            .set_expression_attribute_names(Some(names(&[attr::PASSWORD_HASH, attr::UPDATED_AT])))
            .expression_attribute_values(":hash", s(hash))
            .expression_attribute_values(":now", serde_dynamo::to_attribute_value(now)?)
            .send()
            .await;
        super::applied(result)
    }

    /// Deletes a user's profile and e-mail claim.
    pub async fn delete_user(&self, user: &User) -> Result<(), StoreError> {
        let profile =
            Delete::builder().table_name(&self.table).set_key(Some(key_attrs(&keys::user_profile(user.id)))).build()?;
        let email =
            Delete::builder().table_name(&self.table).set_key(Some(key_attrs(&keys::email(&user.email)))).build()?;
        self.client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().delete(profile).build())
            .transact_items(TransactWriteItem::builder().delete(email).build())
            .send()
            .await
            .map_err(dynamo)?;
        Ok(())
    }

    fn claim_email(&self, email: &str, user: UserId) -> Result<TransactWriteItem, StoreError> {
        self.put_new_in_transaction(item_with_key(&EmailOwner { user_id: user }, &keys::email(email))?)
    }
}

/// A cancelled transaction whose reason is a failed condition becomes `conflict`; anything else
/// is a store error.
fn transaction_error<R>(
    err: aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
        R,
    >,
    conflict: EmailError,
) -> EmailError
where
    aws_sdk_dynamodb::Error: From<
        aws_sdk_dynamodb::error::SdkError<
            aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
            R,
        >,
    >,
{
    use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError as TxError;
    let condition_failed = match err.as_service_error() {
        Some(TxError::TransactionCanceledException(cancelled)) => {
            cancelled.cancellation_reasons().iter().any(|r| r.code() == Some("ConditionalCheckFailed"))
        }
        _ => false,
    };
    if condition_failed { conflict } else { EmailError::Store(dynamo(err)) }
}
