//! eBay (docs/architecture.md#marketplaces): the Browse API with a cached application token, and OAuth 2.0 for linking
//! a user's account.

mod app_token;
mod client;
mod filters;
mod model;
mod normalise;
pub mod oauth;

pub use app_token::{AppToken, AppTokenCache, EbayAppCredentials, REFRESH_MARGIN, mint_app_token};
pub use client::{DEFAULT_MARKETPLACE, EbayClient, EbaySource};
pub use filters::{DEFAULT_CATEGORY, search_params};
pub use normalise::item_summary;
pub use oauth::{
    DEFAULT_SCOPE, EbayIdentity, EbayUserTokens, OOB_REDIRECT, authorize_url, exchange_code, needs_refresh, refresh,
    user_info,
};

/// Which eBay: production or the developer sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EbayEnvironment {
    Production,
    Sandbox,
}

impl EbayEnvironment {
    /// docs/architecture.md#ebay: a client id containing `SBX` is a sandbox app, `PRD` production; anything
    /// else is taken as production.
    pub fn detect(client_id: &str) -> Self {
        let upper = client_id.to_ascii_uppercase();
        if upper.contains("SBX") { EbayEnvironment::Sandbox } else { EbayEnvironment::Production }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_from_client_id() {
        assert_eq!(EbayEnvironment::detect("JohnDoe-VinylDig-SBX-2a5b8c1d4-9e8f7a6b"), EbayEnvironment::Sandbox);
        assert_eq!(EbayEnvironment::detect("johndoe-vinyldig-sbx-1"), EbayEnvironment::Sandbox);
        assert_eq!(EbayEnvironment::detect("JohnDoe-VinylDig-PRD-2a5b8c1d4-9e8f7a6b"), EbayEnvironment::Production);
        assert_eq!(EbayEnvironment::detect("whatever"), EbayEnvironment::Production);
    }
}
