//! Application credentials as administrators see them: keys masked, secrets never.

use serde::Serialize;
use utoipa::ToSchema;
use vinyldigger::domain::oauth::AppConfig;

#[derive(Serialize, ToSchema)]
pub struct AppConfigResponse {
    pub provider: String,
    /// The first 10 characters followed by `...`.
    pub consumer_key: String,
    pub callback_url: Option<String>,
    pub redirect_uri: Option<String>,
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
            provider: c.provider.as_str().to_owned(),
            consumer_key: mask(&c.consumer_key),
            callback_url: c.callback_url.clone(),
            redirect_uri: c.redirect_uri.clone(),
            scope: c.scope.clone(),
            is_configured: true,
        }
    }
}
