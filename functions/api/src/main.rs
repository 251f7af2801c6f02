use std::sync::Arc;

use api::{Deps, router};
use lambda_http::Error;

#[tokio::main]
async fn main() -> Result<(), Error> {
    vinyldigger::telemetry::init();
    let deps = Deps::from_env().await.map_err(vinyldigger::telemetry::startup_failed)?;
    lambda_http::run(router(Arc::new(deps))).await
}
