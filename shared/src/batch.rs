//! Per-message processing of an SQS batch, shared by the Lambda entrypoints and the local runner
//! so both have the same semantics: each message is decoded and handled on its own; a message
//! that fails is reported by id, so SQS redelivers only that one, and after the queue's
//! `maxReceiveCount` the redrive policy moves it to the dead-letter queue. A bad message never
//! fails the rest of its batch, and neither does the invocation's deadline: a message is only
//! started with enough time left, and those left unstarted are reported for redelivery, so the
//! finished ones are never retried with them.

use std::fmt::Display;
use std::future::Future;

use futures::StreamExt;

use aws_lambda_events::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use chrono::{DateTime, Utc};
use lambda_runtime::{LambdaEvent, service_fn};
use serde::de::DeserializeOwned;

use crate::deadline::Deadline;
use crate::telemetry;

/// For functions whose messages must not overlap (the fetchers pace one marketplace identity).
pub const ONE_AT_A_TIME: usize = 1;

/// A message is started only with at least this much of the invocation left.
pub const START_RESERVE: std::time::Duration = std::time::Duration::from_secs(10);

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

/// Handles the messages of a batch, up to `in_flight` at once (1: one after the other, in
/// order), each with the invocation's deadline; returns the ids of those that failed or were not
/// started.
pub async fn process<M, E, F, Fut>(
    messages: Vec<RawMessage>,
    deadline: Deadline,
    in_flight: usize,
    handler: F,
) -> Vec<String>
where
    M: DeserializeOwned,
    E: Failure,
    F: Fn(M, Deadline) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    let handler = &handler;
    let outcomes: Vec<(String, Outcome)> = futures::stream::iter(messages)
        .map(|message| async move {
            let outcome = handle_one(&message, deadline, handler).await;
            (message.id, outcome)
        })
        .buffered(in_flight.max(1))
        .collect()
        .await;
    let unstarted = outcomes.iter().filter(|(_, o)| *o == Outcome::NotStarted).count();
    if unstarted > 0 {
        tracing::warn!(
            messages = unstarted,
            remaining_ms = deadline.remaining().as_millis() as u64,
            "too little time left to start; these are left for redelivery"
        );
    }
    outcomes.into_iter().filter(|(_, o)| *o != Outcome::Done).map(|(id, _)| id).collect()
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Done,
    Failed,
    NotStarted,
}

async fn handle_one<M, E, F, Fut>(message: &RawMessage, deadline: Deadline, handler: &F) -> Outcome
where
    M: DeserializeOwned,
    E: Failure,
    F: Fn(M, Deadline) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    if deadline.remaining() < START_RESERVE {
        return Outcome::NotStarted;
    }
    let decoded = match serde_json::from_str::<M>(&message.body) {
        Ok(decoded) => decoded,
        Err(error) => {
            tracing::error!(message_id = %message.id, %error, "undecodable message; it goes to the DLQ after its retries");
            return Outcome::Failed;
        }
    };
    match handler(decoded, deadline).await {
        Ok(()) => Outcome::Done,
        Err(error) => {
            if error.is_transient() {
                tracing::warn!(message_id = %message.id, %error, "transient failure; SQS will retry");
            } else {
                tracing::error!(message_id = %message.id, %error, "permanent failure; it goes to the DLQ after its retries");
            }
            Outcome::Failed
        }
    }
}

/// The Lambda form of [`process`]: an SQS event in, a partial batch response out.
pub async fn handle_sqs_event<M, E, F, Fut>(
    event: SqsEvent,
    deadline: Deadline,
    in_flight: usize,
    handler: F,
) -> SqsBatchResponse
where
    M: DeserializeOwned,
    E: Failure,
    F: Fn(M, Deadline) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    let messages = event
        .records
        .into_iter()
        .map(|record| RawMessage { id: record.message_id.unwrap_or_default(), body: record.body.unwrap_or_default() })
        .collect();
    let failed = process(messages, deadline, in_flight, handler).await;
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
/// then every event's messages handed to `handler`, `in_flight` at once, with partial batch
/// failures.
pub async fn run_sqs<D, I, M, E, F, Fut>(
    deps: impl Future<Output = Result<D, I>>,
    in_flight: usize,
    handler: F,
) -> Result<(), lambda_runtime::Error>
where
    D: 'static,
    I: std::error::Error + Send + Sync + 'static,
    M: DeserializeOwned,
    E: Failure,
    F: Fn(&'static D, M, DateTime<Utc>, Deadline) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    telemetry::init();
    // The dependencies live as long as the process, as the runtime's own examples keep them;
    // leaking them once lets every handler future borrow them.
    let deps: &'static D = Box::leak(Box::new(deps.await.map_err(telemetry::startup_failed)?));
    let handler = &handler;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let deadline = Deadline::of_invocation(event.context.deadline());
        let response = handle_sqs_event(event.payload, deadline, in_flight, |message, deadline| {
            handler(deps, message, Utc::now(), deadline)
        })
        .await;
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
        let failed = process(batch, Deadline::unbounded(), 1, |n: u32, _| async move {
            match n {
                2 => Err(Boom(true)),
                3 => Err(Boom(false)),
                _ => Ok(()),
            }
        })
        .await;
        assert_eq!(failed, vec!["garbage", "transient", "permanent"]);
    }

    #[tokio::test]
    async fn messages_are_not_started_without_time_and_finished_ones_stay_finished() {
        let started = std::sync::Mutex::new(Vec::new());
        let deadline = Deadline::after(START_RESERVE + std::time::Duration::from_millis(300));
        let failed = process(vec![msg("a", "1"), msg("b", "2"), msg("c", "3")], deadline, 1, |n: u32, _| {
            started.lock().unwrap().push(n);
            async move {
                tokio::time::sleep(std::time::Duration::from_millis(400)).await;
                Ok::<_, Boom>(())
            }
        })
        .await;
        assert_eq!(*started.lock().unwrap(), vec![1], "only the first had time to start");
        assert_eq!(failed, vec!["b", "c"], "the finished message is not reported; the unstarted ones are");
    }

    #[tokio::test]
    async fn up_to_in_flight_messages_run_at_once_and_failures_keep_their_ids() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let batch = (1..=7).map(|n| msg(&format!("m{n}"), &n.to_string())).collect();
        let failed = process(batch, Deadline::unbounded(), 3, |n: u32, _| {
            let (running, most) = (&running, &most);
            async move {
                most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                if n.is_multiple_of(2) { Err(Boom(true)) } else { Ok(()) }
            }
        })
        .await;
        assert_eq!(most.load(Ordering::SeqCst), 3);
        assert_eq!(failed, vec!["m2", "m4", "m6"]);
    }
}
