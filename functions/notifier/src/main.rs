//! The notifier's Lambda entrypoint. Two triggers reach it: the queue the bus feeds with
//! `RunCompleted` (a batch with partial failures, as every consumer) and the digest schedule.

// The handler futures nest deeply inside the runtime's service; the compiler needs room to lay them out.
#![recursion_limit = "256"]

use aws_lambda_events::sqs::SqsEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;
use vinyldigger::batch::handle_sqs_event;
use vinyldigger::deadline::Deadline;

#[tokio::main]
async fn main() -> Result<(), Error> {
    vinyldigger::telemetry::init();
    let deps = notifier::Deps::from_env().await.map_err(vinyldigger::telemetry::startup_failed)?;
    let deps = &deps;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let deadline = Deadline::of_invocation(event.context.deadline());
        // SQS events carry `Records`; the schedule's event is an EventBridge document.
        if event.payload.get("Records").is_some() {
            let sqs: SqsEvent = serde_json::from_value(event.payload)?;
            let response = handle_sqs_event(sqs, deadline, vinyldigger::batch::ONE_AT_A_TIME, |message, deadline| {
                notifier::handle(deps, message, chrono::Utc::now(), deadline)
            })
            .await;
            Ok::<_, Error>(serde_json::to_value(response)?)
        } else {
            let report = notifier::digest::tick(deps, chrono::Utc::now()).await?;
            Ok(serde_json::to_value(report)?)
        }
    }))
    .await
}
