use aws_lambda_events::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use scheduler::{Deps, tick};

#[tokio::main]
async fn main() -> Result<(), Error> {
    vinyldigger::telemetry::init();
    let deps = Deps::from_env().await.map_err(vinyldigger::telemetry::startup_failed)?;
    let deps = &deps;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<EventBridgeEvent>| async move {
        let report = tick(deps, chrono::Utc::now()).await?;
        Ok::<_, Error>(serde_json::json!({ "due": report.due, "started": report.started }))
    }))
    .await
}
