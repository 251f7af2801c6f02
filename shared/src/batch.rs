//! Per-message processing of an SQS batch, shared by the Lambda entrypoints and the local runner
//! so both have the same semantics: each message is decoded and handled on its own; a message
//! that fails is reported by id, so SQS redelivers only that one, and after the queue's
//! `maxReceiveCount` the redrive policy moves it to the dead-letter queue. A bad message never
//! fails the rest of its batch.

use std::fmt::Display;
use std::future::Future;

use aws_lambda_events::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use chrono::{DateTime, Utc};
use lambda_runtime::{LambdaEvent, service_fn};
use serde::de::DeserializeOwned;

use crate::telemetry;

/// Tells a failure worth retrying soon (throttling, timeouts) from one that needs a person.
pub trait Failure: Display {
    fn is_transient(&self) -> bool;
}

/// One received message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMessage {
    pub id: String,
    pub body: String,
}

/// Handles every message of a batch in order; returns the ids of those that failed.
pub async fn process<M, E, F, Fut>(messages: Vec<RawMessage>, handler: F) -> Vec<String>
where
    M: DeserializeOwned,
    E: Failure,
    F: Fn(M) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    let mut failed = Vec::new();
    for message in messages {
        let decoded = match serde_json::from_str::<M>(&message.body) {
            Ok(decoded) => decoded,
            Err(error) => {
                tracing::error!(message_id = %message.id, %error, "undecodable message; it goes to the DLQ after its retries");
                failed.push(message.id);
                continue;
            }
        };
        if let Err(error) = handler(decoded).await {
            if error.is_transient() {
                tracing::warn!(message_id = %message.id, %error, "transient failure; SQS will retry");
            } else {
                tracing::error!(message_id = %message.id, %error, "permanent failure; it goes to the DLQ after its retries");
            }
            failed.push(message.id);
        }
    }
    failed
}

/// The Lambda form of [`process`]: an SQS event in, a partial batch response out.
pub async fn handle_sqs_event<M, E, F, Fut>(event: SqsEvent, handler: F) -> SqsBatchResponse
where
    M: DeserializeOwned,
    E: Failure,
    F: Fn(M) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    let messages = event
        .records
        .into_iter()
        .map(|record| RawMessage { id: record.message_id.unwrap_or_default(), body: record.body.unwrap_or_default() })
        .collect();
    let failed = process(messages, handler).await;
    let mut response = SqsBatchResponse::default();
    response.batch_item_failures = failed
        .into_iter()
        .map(|id| {
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = id;
            failure
        })
        .collect();
    response
}

/// The whole `main` of an SQS-fed function: logging, its dependencies built once per cold start,
/// then every event's messages handed to `handler` with partial batch failures.
pub async fn run_sqs<D, I, M, E, F, Fut>(
    deps: impl Future<Output = Result<D, I>>,
    handler: F,
) -> Result<(), lambda_runtime::Error>
where
    D: 'static,
    I: std::error::Error + Send + Sync + 'static,
    M: DeserializeOwned,
    E: Failure,
    F: Fn(&'static D, M, DateTime<Utc>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    telemetry::init();
    // The dependencies live as long as the process, as the runtime's own examples keep them;
    // leaking them once lets every handler future borrow them.
    let deps: &'static D = Box::leak(Box::new(deps.await.map_err(telemetry::startup_failed)?));
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let response = handle_sqs_event(event.payload, |message| handler(deps, message, Utc::now())).await;
        Ok::<_, lambda_runtime::Error>(response)
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Boom(bool);

    impl Display for Boom {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("boom")
        }
    }

    impl Failure for Boom {
        fn is_transient(&self) -> bool {
            self.0
        }
    }

    fn msg(id: &str, body: &str) -> RawMessage {
        RawMessage { id: id.into(), body: body.into() }
    }

    #[tokio::test]
    async fn only_failed_and_undecodable_messages_are_reported() {
        let batch = vec![
            msg("ok", "1"),
            msg("garbage", "{not json"),
            msg("transient", "2"),
            msg("permanent", "3"),
            msg("ok2", "4"),
        ];
        let failed = process(batch, |n: u32| async move {
            match n {
                2 => Err(Boom(true)),
                3 => Err(Boom(false)),
                _ => Ok(()),
            }
        })
        .await;
        assert_eq!(failed, vec!["garbage", "transient", "permanent"]);
    }
}
