use aws_lambda_events::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use rates::{Deps, tick};
use vinyldigger::market::ecb::Refreshed;

#[tokio::main]
async fn main() -> Result<(), Error> {
    vinyldigger::telemetry::init();
    let deps = Deps::from_env().await.map_err(vinyldigger::telemetry::startup_failed)?;
    let deps = &deps;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<EventBridgeEvent>| async move {
        let (stored, date) = match tick(deps, chrono::Utc::now()).await? {
            Refreshed::Stored { date } => (true, date),
            Refreshed::Fresh { date } => (false, date),
        };
        Ok::<_, Error>(serde_json::json!({ "stored": stored, "date": date.to_string() }))
    }))
    .await
}
