use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::mode::note_mode;

use crate::Deps;
use crate::views::Health;

/// Liveness, and where each marketplace's calls go: the local sandbox marketplace or the real
/// Discogs and eBay. Always 200.
#[utoipa::path(get, path = "/health", tag = "health", responses((status = 200, body = Health)))]
pub async fn health(State(deps): State<Arc<Deps>>) -> Json<Health> {
    // When the mode follows the stored app credentials (the local runner without
    // `VD_MARKETPLACE`) they are read, one query; a failed read still answers, mode `unknown`.
    let setting = &deps.config.marketplace;
    let configured = if setting.follows_credentials() {
        match deps.store.configured_platforms().await {
            Ok(configured) => configured,
            Err(error) => {
                tracing::warn!(%error, "health: the stored app credentials could not be read");
                return Json(Health::unknown_marketplaces());
            }
        }
    } else {
        BTreeSet::new()
    };
    let [discogs, ebay] = [Platform::Discogs, Platform::Ebay].map(|platform| {
        let mode = setting.mode(configured.contains(&platform));
        note_mode(platform, mode);
        mode
    });
    Json(Health::new(discogs, ebay))
}
