//! Structured logs: JSON inside Lambda (one event per line for CloudWatch), readable text locally.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    // A second initialisation (tests, the local runner hosting several handlers) is harmless.
    let _ = if std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some() {
        builder.json().with_current_span(false).without_time().try_init()
    } else {
        builder.try_init()
    };
}

/// Logs why a cold start failed, in words (the runtime only prints the error's debug form), and
/// hands the error on so the process exits with a failure.
pub fn startup_failed<E: std::error::Error + Send + Sync + 'static>(
    error: E,
) -> Box<dyn std::error::Error + Send + Sync> {
    tracing::error!(%error, "start-up failed");
    eprintln!("start-up failed: {error}");
    Box::new(error)
}
