use aws_lambda_events::sqs::SqsEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use result_writer::{Deps, handle};
use vinyldigger::batch::handle_sqs_event;

#[tokio::main]
async fn main() -> Result<(), Error> {
    vinyldigger::telemetry::init();
    let deps = Deps::from_env().await.map_err(vinyldigger::telemetry::startup_failed)?;
    let deps = &deps;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        let response = handle_sqs_event(event.payload, |batch| handle(deps, batch, chrono::Utc::now())).await;
        Ok::<_, Error>(response)
    }))
    .await
}
