//! Application credentials as administrators see them: keys masked, secrets never.

use serde::Serialize;
use utoipa::ToSchema;
use vinyldigger::domain::oauth::AppConfig;
use vinyldigger::domain::platform::Platform;

#[derive(Serialize, ToSchema)]
pub struct AppConfigResponse {
    pub provider: Platform,
    /// The first 10 characters followed by `...`.
    pub consumer_key: String,
    #[schema(required = true)]
    pub callback_url: Option<String>,
    #[schema(required = true)]
    pub redirect_uri: Option<String>,
    #[schema(required = true)]
    pub scope: Option<String>,
    pub is_configured: bool,
}

fn mask(key: &str) -> String {
    if key.is_empty() {
        return String::new();
    }
    format!("{}...", key.chars().take(10).collect::<String>())
}

impl From<&AppConfig> for AppConfigResponse {
    fn from(c: &AppConfig) -> Self {
        Self {
            provider: c.provider,
            consumer_key: mask(&c.consumer_key),
            callback_url: c.callback_url.clone(),
            redirect_uri: c.redirect_uri.clone(),
            scope: c.scope.clone(),
            is_configured: true,
        }
    }
}
