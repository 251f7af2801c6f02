//! Where each marketplace lives. Production, eBay's sandbox, or everything at one local base URL
//! (the sandbox marketplace of `infra/local/sandbox`, or a mock server in tests).

/// Base URLs without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Discogs REST API (`https://api.discogs.com`).
    pub discogs_api: String,
    /// Discogs website: the OAuth authorize page and the links listings point at.
    pub discogs_web: String,
    /// eBay REST APIs: Browse and the OAuth token endpoint.
    pub ebay_api: String,
    /// eBay's consent page (`/oauth2/authorize`).
    pub ebay_auth: String,
    /// eBay's `apiz` host, which serves the Commerce Identity API.
    pub ebay_apiz: String,
}

impl Endpoints {
    pub fn production() -> Self {
        Self {
            discogs_api: "https://api.discogs.com".into(),
            discogs_web: "https://www.discogs.com".into(),
            ebay_api: "https://api.ebay.com".into(),
            ebay_auth: "https://auth.ebay.com".into(),
            ebay_apiz: "https://apiz.ebay.com".into(),
        }
    }

    /// Production Discogs with eBay's sandbox hosts (docs/behaviour.md#linking-marketplace-accounts table).
    pub fn sandbox_ebay() -> Self {
        Self {
            ebay_api: "https://api.sandbox.ebay.com".into(),
            ebay_auth: "https://auth.sandbox.ebay.com".into(),
            ebay_apiz: "https://apiz.sandbox.ebay.com".into(),
            ..Self::production()
        }
    }

    /// Every marketplace at one base, as the local sandbox server (and the tests' mock) serve them.
    pub fn local(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/').to_string();
        Self {
            discogs_api: base.clone(),
            discogs_web: base.clone(),
            ebay_api: base.clone(),
            ebay_auth: base.clone(),
            ebay_apiz: base,
        }
    }

    /// Production or eBay's sandbox, chosen from the eBay client id (docs/architecture.md#ebay).
    pub fn for_ebay_client_id(client_id: &str) -> Self {
        match crate::market::ebay::EbayEnvironment::detect(client_id) {
            crate::market::ebay::EbayEnvironment::Sandbox => Self::sandbox_ebay(),
            crate::market::ebay::EbayEnvironment::Production => Self::production(),
        }
    }

    /// Whether these endpoints are on this machine (the sandbox marketplace or a test mock).
    pub fn is_local(&self) -> bool {
        self.discogs_api.starts_with("http://127.") || self.discogs_api.starts_with("http://localhost")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_points_everything_at_one_base() {
        let e = Endpoints::local("http://127.0.0.1:9100/");
        assert_eq!(e.discogs_api, "http://127.0.0.1:9100");
        assert_eq!(e.ebay_apiz, "http://127.0.0.1:9100");
        assert!(e.is_local());
        assert!(!Endpoints::production().is_local());
    }

    #[test]
    fn ebay_environment_follows_the_client_id() {
        assert_eq!(
            Endpoints::for_ebay_client_id("Acme-VinylDig-SBX-1a2b3c4d5-6e7f8a9b").ebay_api,
            "https://api.sandbox.ebay.com"
        );
        assert_eq!(
            Endpoints::for_ebay_client_id("Acme-VinylDig-PRD-1a2b3c4d5-6e7f8a9b").ebay_auth,
            "https://auth.ebay.com"
        );
        assert_eq!(Endpoints::sandbox_ebay().discogs_api, "https://api.discogs.com");
    }
}
