//! The DynamoDB single-table adapter. Key formats live in [`keys`]; each entity family has its
//! own module of operations on [`Store`].

pub mod alerts;
pub mod analysis;
pub mod answers;
pub mod chunk;
pub mod comparison;
pub mod credentials;
pub mod item_size;
pub mod keys;
pub mod list_items;
pub mod lists;
pub mod market;
pub mod notifications;
pub mod packed;
pub mod password_resets;
pub mod preferences;
pub mod prices;
pub mod quotas;
pub mod rates;
pub mod results;
pub mod run_lists;
pub mod runs;
pub mod searches;
pub mod sellers;
pub mod sessions;
pub mod users;
pub mod want_checks;
pub mod want_pressings;

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, KeysAndAttributes, Put, TransactWriteItem, WriteRequest};
use futures::{StreamExt, TryStreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;

use keys::Key;

pub type Item = HashMap<String, AttributeValue>;

/// The table every entity lives in.
#[derive(Clone, Debug)]
pub struct Store {
    client: Client,
    table: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DynamoDB request failed: {source}")]
    Dynamo {
        #[source]
        source: Box<aws_sdk_dynamodb::Error>,
        transient: bool,
    },
    #[error("stored item does not match its type: {0}")]
    Corrupt(#[from] serde_dynamo::Error),
    #[error("invalid DynamoDB request: {0}")]
    Request(#[from] aws_sdk_dynamodb::error::BuildError),
    #[error("DynamoDB kept items unprocessed after {0} attempts")]
    Unprocessed(u32),
    #[error("the item kept changing under a read-modify-write")]
    Contended,
    #[error("an item with this key exists already")]
    Exists,
    #[error("a sealed secret cannot be opened: {0}")]
    Sealed(crate::auth::cipher::CipherError),
    #[error("a packed item cannot be read or written: {0}")]
    Packed(#[from] packed::PackError),
}

impl StoreError {
    /// Throttling, timeouts and server-side hiccups are worth a retry; everything else is not.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Dynamo { transient, .. } => *transient,
            StoreError::Unprocessed(_) | StoreError::Contended => true,
            StoreError::Corrupt(_)
            | StoreError::Request(_)
            | StoreError::Sealed(_)
            | StoreError::Exists
            | StoreError::Packed(_) => false,
        }
    }
}

/// Converts any DynamoDB operation error into [`StoreError`], deciding there whether a retry
/// can help (the connection-level detail is lost once the error is converted).
pub(crate) fn dynamo<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
    aws_sdk_dynamodb::Error: From<SdkError<E, R>>,
{
    const RETRYABLE_CODES: [&str; 5] = [
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "ThrottlingException",
        "InternalServerError",
        "ServiceUnavailable",
    ];
    let transient = match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => true,
        SdkError::ServiceError(e) => e.err().code().is_some_and(|code| RETRYABLE_CODES.contains(&code)),
        _ => false,
    };
    StoreError::Dynamo { source: Box::new(err.into()), transient }
}

/// True when a single-item write was refused by its condition expression.
fn is_condition_failure<E, R>(err: &SdkError<E, R>) -> bool
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
{
    err.as_service_error().and_then(|e| e.code()).is_some_and(|code| code == "ConditionalCheckFailedException")
}

/// A conditional write's output, or `None` when its condition refused it.
pub(crate) fn conditional<T, E, R>(result: Result<T, SdkError<E, R>>) -> Result<Option<T>, StoreError>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
    aws_sdk_dynamodb::Error: From<SdkError<E, R>>,
{
    match result {
        Ok(out) => Ok(Some(out)),
        Err(e) if is_condition_failure(&e) => Ok(None),
        Err(e) => Err(dynamo(e)),
    }
}

/// Whether a conditional write was applied.
pub(crate) fn applied<T, E, R>(result: Result<T, SdkError<E, R>>) -> Result<bool, StoreError>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
    aws_sdk_dynamodb::Error: From<SdkError<E, R>>,
{
    Ok(conditional(result)?.is_some())
}

/// The `#name → name` map of every attribute an expression refers to as `#name`.
pub(crate) fn names(attributes: &[&str]) -> HashMap<String, String> {
    attributes.iter().map(|a| (format!("#{a}"), (*a).to_owned())).collect()
}

pub(crate) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub(crate) fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// An entity's attributes plus its primary key.
pub(crate) fn item_with_key<T: Serialize>(entity: &T, key: &Key) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(entity)?;
    item.insert(keys::PK.into(), s(&key.pk));
    item.insert(keys::SK.into(), s(&key.sk));
    Ok(item)
}

pub(crate) fn from_item<T: DeserializeOwned>(item: Item) -> Result<T, StoreError> {
    Ok(serde_dynamo::from_item(item)?)
}

pub(crate) fn key_attrs(key: &Key) -> Item {
    HashMap::from([(keys::PK.into(), s(&key.pk)), (keys::SK.into(), s(&key.sk))])
}

impl Store {
    /// Every request of the store is counted for the functions' metrics ([`crate::metrics`]).
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        let config = client.config().to_builder().interceptor(crate::metrics::CountDynamoRequests).build();
        Self { client: Client::from_conf(config), table: table.into() }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// Writes an item, replacing any with its key.
    pub(crate) async fn put(&self, item: Item) -> Result<(), StoreError> {
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(dynamo)?;
        Ok(())
    }

    /// Writes an item and returns the one it replaced, if any (no read before the write).
    pub(crate) async fn put_replacing(&self, item: Item) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(dynamo)?;
        Ok(out.attributes.filter(|old| !old.is_empty()))
    }

    /// Writes an item only where none has its key; `false` when one has.
    pub(crate) async fn put_new(&self, item: Item) -> Result<bool, StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .send()
            .await;
        applied(result)
    }

    /// [`Store::put_new`] as a part of a transaction.
    pub(crate) fn put_new_in_transaction(&self, item: Item) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .build()?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, key: &Key) -> Result<Option<T>, StoreError> {
        self.get_item(key).await?.map(from_item).transpose()
    }

    /// The item with `key` as stored (consistent read).
    pub(crate) async fn get_item(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(dynamo)?;
        Ok(out.item)
    }

    /// Every item of a partition whose sort key starts with `prefix`, in sort-key order.
    pub(crate) async fn query_prefix<T: DeserializeOwned>(&self, pk: &str, prefix: &str) -> Result<Vec<T>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#sk", keys::SK)
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(prefix));
        self.collect_query(query, None).await
    }

    /// The entities a query finds, following pagination to its end or until `limit` of them.
    pub(crate) async fn collect_query<T: DeserializeOwned>(
        &self,
        query: QueryFluentBuilder,
        limit: Option<usize>,
    ) -> Result<Vec<T>, StoreError> {
        self.collect_query_items(query, limit).await?.into_iter().map(from_item).collect()
    }

    /// The items a query finds, as stored, following pagination to its end or until `limit` items.
    pub(crate) async fn collect_query_items(
        &self,
        query: QueryFluentBuilder,
        limit: Option<usize>,
    ) -> Result<Vec<Item>, StoreError> {
        let mut found = Vec::new();
        let mut start = None;
        loop {
            let mut page = query.clone().set_exclusive_start_key(start);
            if let Some(limit) = limit {
                page = page.limit(i32::try_from(limit - found.len()).unwrap_or(i32::MAX));
            }
            let out = page.send().await.map_err(dynamo)?;
            found.extend(out.items.unwrap_or_default());
            start = out.last_evaluated_key;
            if start.is_none() || limit.is_some_and(|limit| found.len() >= limit) {
                return Ok(found);
            }
        }
    }

    /// Every key of one partition, following pagination.
    pub(crate) async fn partition_keys(&self, pk: &str) -> Result<Vec<Item>, StoreError> {
        let mut keys = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk")
                .expression_attribute_names("#pk", keys::PK)
                .expression_attribute_names("#sk", keys::SK)
                .expression_attribute_values(":pk", s(pk))
                .projection_expression("#pk, #sk")
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(dynamo)?;
            keys.extend(out.items.unwrap_or_default());
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(keys);
            }
        }
    }

    /// Deletes items by key in batches of 25, retrying what DynamoDB leaves unprocessed.
    pub(crate) async fn delete_keys(&self, keys: Vec<Item>) -> Result<(), StoreError> {
        let requests = keys
            .into_iter()
            .map(|key| {
                let delete = DeleteRequest::builder().set_key(Some(key)).build()?;
                Ok(WriteRequest::builder().delete_request(delete).build())
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.write_batches(requests).await
    }

    /// Writes items in batches of 25, retrying what DynamoDB leaves unprocessed.
    pub(crate) async fn put_items(&self, items: Vec<Item>) -> Result<(), StoreError> {
        let requests = items
            .into_iter()
            .map(|item| {
                let put = aws_sdk_dynamodb::types::PutRequest::builder().set_item(Some(item)).build()?;
                Ok(aws_sdk_dynamodb::types::WriteRequest::builder().put_request(put).build())
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.write_batches(requests).await
    }

    /// Reads items by key, 100 keys per `BatchGetItem` (its limit), retrying what DynamoDB leaves
    /// unprocessed; `projection` names the attributes to read (`#name` placeholders of `names`).
    /// Items that do not exist are simply absent from the answer, which is in no particular order.
    pub(crate) async fn batch_get(
        &self,
        keys: Vec<Item>,
        projection: Option<(&str, HashMap<String, String>)>,
    ) -> Result<Vec<Item>, StoreError> {
        const BATCH: usize = 100;
        const MAX_ATTEMPTS: u32 = 8;
        let mut found = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(BATCH) {
            let mut request = KeysAndAttributes::builder().set_keys(Some(chunk.to_vec())).consistent_read(true);
            if let Some((expression, names)) = &projection {
                request =
                    request.projection_expression(*expression).set_expression_attribute_names(Some(names.clone()));
            }
            let mut pending = Some(request.build()?);
            let mut attempt = 0;
            while let Some(request) = pending.take() {
                let out =
                    self.client.batch_get_item().request_items(&self.table, request).send().await.map_err(dynamo)?;
                found.extend(out.responses.and_then(|mut r| r.remove(&self.table)).unwrap_or_default());
                pending = out
                    .unprocessed_keys
                    .and_then(|mut left| left.remove(&self.table))
                    .filter(|left| !left.keys().is_empty());
                attempt += 1;
                if pending.is_some() {
                    if attempt >= MAX_ATTEMPTS {
                        return Err(StoreError::Unprocessed(attempt));
                    }
                    tokio::time::sleep(Duration::from_millis(50 << attempt)).await;
                }
            }
        }
        Ok(found)
    }

    /// Every item of a partition whose sort key starts with `prefix`, as stored.
    pub(crate) async fn query_prefix_items(&self, pk: &str, prefix: &str) -> Result<Vec<Item>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#sk", keys::SK)
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(prefix))
            .consistent_read(true);
        self.collect_query_items(query, None).await
    }

    /// Writes in batches of 25 (`BatchWriteItem`'s limit), a few batches in flight at once, each
    /// retrying what DynamoDB leaves unprocessed with a growing pause.
    pub(crate) async fn write_batches(&self, requests: Vec<WriteRequest>) -> Result<(), StoreError> {
        const BATCH: usize = 25;
        /// Enough to keep one table partition busy without tripping its throttling.
        const IN_FLIGHT: usize = 8;
        // Built eagerly: a lazily mapped stream of borrowing futures is not provably `Send`.
        let batches: Vec<_> = requests.chunks(BATCH).map(|chunk| self.write_batch(chunk.to_vec())).collect();
        futures::stream::iter(batches).buffer_unordered(IN_FLIGHT).try_collect::<()>().await
    }

    async fn write_batch(&self, mut pending: Vec<WriteRequest>) -> Result<(), StoreError> {
        const MAX_ATTEMPTS: u32 = 8;
        let mut attempt = 0;
        while !pending.is_empty() {
            let out =
                self.client.batch_write_item().request_items(&self.table, pending).send().await.map_err(dynamo)?;
            pending = out.unprocessed_items.and_then(|mut left| left.remove(&self.table)).unwrap_or_default();
            attempt += 1;
            if !pending.is_empty() {
                if attempt >= MAX_ATTEMPTS {
                    return Err(StoreError::Unprocessed(attempt));
                }
                tokio::time::sleep(Duration::from_millis(50 << attempt)).await;
            }
        }
        Ok(())
    }
}
