use std::sync::Arc;

use api::{Deps, app};
use lambda_http::Error;

#[tokio::main]
async fn main() -> Result<(), Error> {
    vinyldigger::telemetry::init();
    let deps = Deps::from_env().await.map_err(vinyldigger::telemetry::startup_failed)?;
    lambda_http::run(app(Arc::new(deps))).await
}
