//! Which marketplaces answer: the real Discogs and eBay, or the local sandbox marketplace
//! (`infra/local/sandbox`, or a test's mock server) at one base URL. `VD_MARKETPLACE` forces one;
//! without it a marketplace is real once an admin has stored its app credentials, and the sandbox
//! until then, decided at each run (see docs/architecture.md#sandbox-marketplace).

use std::sync::atomic::{AtomicU8, Ordering};

use serde::Serialize;

use super::Endpoints;
use crate::domain::platform::Platform;

/// Where one marketplace's calls go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MarketplaceMode {
    /// The local sandbox marketplace: generated data, placeholder keys are enough.
    Sandbox,
    /// The real Discogs or eBay, with the app credentials an admin stored.
    Real,
}

impl MarketplaceMode {
    pub fn as_str(self) -> &'static str {
        match self {
            MarketplaceMode::Sandbox => "sandbox",
            MarketplaceMode::Real => "real",
        }
    }
}

impl std::fmt::Display for MarketplaceMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("{0:?} is neither `sandbox` nor `real`")]
    UnknownMode(String),
    #[error("`sandbox` needs the sandbox marketplace's base URL (MARKETPLACE_BASE_URL; the local runner sets it)")]
    NoSandbox,
}

/// How the mode is chosen, read once with the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarketplaceSetting {
    /// `VD_MARKETPLACE=sandbox`: every call goes to the sandbox, whatever is stored.
    Sandbox { base_url: String },
    /// `VD_MARKETPLACE=real`, or no sandbox at hand (as in AWS): the real marketplaces only.
    Real,
    /// No `VD_MARKETPLACE` and a sandbox at hand (the local runner): a marketplace is real once
    /// its app credentials are stored, the sandbox until then.
    FollowCredentials { sandbox_url: String },
}

impl MarketplaceSetting {
    /// From `VD_MARKETPLACE` and `MARKETPLACE_BASE_URL` (blank values count as unset).
    pub fn parse(mode: Option<&str>, sandbox_url: Option<&str>) -> Result<Self, SettingError> {
        let sandbox_url = sandbox_url.map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        let mode = mode.map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
        match (mode.as_deref(), sandbox_url) {
            (Some("sandbox"), Some(base_url)) => Ok(Self::Sandbox { base_url }),
            (Some("sandbox"), None) => Err(SettingError::NoSandbox),
            (Some("real"), _) | (None, None) => Ok(Self::Real),
            (None, Some(sandbox_url)) => Ok(Self::FollowCredentials { sandbox_url }),
            (Some(other), _) => Err(SettingError::UnknownMode(other.to_owned())),
        }
    }

    /// The mode of a marketplace whose app credentials are, or are not, stored.
    pub fn mode(&self, has_credentials: bool) -> MarketplaceMode {
        match self {
            Self::Sandbox { .. } => MarketplaceMode::Sandbox,
            Self::Real => MarketplaceMode::Real,
            Self::FollowCredentials { .. } if has_credentials => MarketplaceMode::Real,
            Self::FollowCredentials { .. } => MarketplaceMode::Sandbox,
        }
    }

    /// Whether the mode depends on the stored credentials (so a reader must look at them).
    pub fn follows_credentials(&self) -> bool {
        matches!(self, Self::FollowCredentials { .. })
    }

    fn sandbox_url(&self) -> Option<&str> {
        match self {
            Self::Sandbox { base_url } => Some(base_url),
            Self::FollowCredentials { sandbox_url } => Some(sandbox_url),
            Self::Real => None,
        }
    }

    /// Where a marketplace in `mode` is: the sandbox's one base URL, or the real hosts (eBay's
    /// sandbox or production chosen from the eBay client id, when there is one).
    pub fn endpoints(&self, mode: MarketplaceMode, ebay_client_id: Option<&str>) -> Endpoints {
        match (mode, self.sandbox_url(), ebay_client_id) {
            (MarketplaceMode::Sandbox, Some(base), _) => Endpoints::local(base),
            (_, _, Some(client_id)) => Endpoints::for_ebay_client_id(client_id),
            (_, _, None) => Endpoints::production(),
        }
    }
}

/// The mode each marketplace was last used in by this process: 0 unknown, else mode + 1.
static LAST_MODE: [AtomicU8; 2] = [AtomicU8::new(0), AtomicU8::new(0)];

/// Remembers the mode a marketplace is used in, logging the first one and every switch.
pub fn note_mode(platform: Platform, mode: MarketplaceMode) {
    let code = match mode {
        MarketplaceMode::Sandbox => 1,
        MarketplaceMode::Real => 2,
    };
    let slot = match platform {
        Platform::Discogs => &LAST_MODE[0],
        Platform::Ebay => &LAST_MODE[1],
    };
    match slot.swap(code, Ordering::Relaxed) {
        0 => tracing::info!(%platform, %mode, "marketplace mode"),
        previous if previous != code => {
            let from = if previous == 1 { MarketplaceMode::Sandbox } else { MarketplaceMode::Real };
            tracing::warn!(%platform, %from, to = %mode, "marketplace mode switched");
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://127.0.0.1:9100";

    #[test]
    fn the_setting_is_read_from_both_variables() {
        assert_eq!(
            MarketplaceSetting::parse(Some(" Sandbox "), Some(BASE)),
            Ok(MarketplaceSetting::Sandbox { base_url: BASE.into() })
        );
        assert_eq!(MarketplaceSetting::parse(Some("sandbox"), Some(" ")), Err(SettingError::NoSandbox));
        assert_eq!(MarketplaceSetting::parse(Some("real"), Some(BASE)), Ok(MarketplaceSetting::Real));
        assert_eq!(MarketplaceSetting::parse(None, None), Ok(MarketplaceSetting::Real));
        assert_eq!(MarketplaceSetting::parse(Some(""), None), Ok(MarketplaceSetting::Real));
        assert_eq!(
            MarketplaceSetting::parse(None, Some(BASE)),
            Ok(MarketplaceSetting::FollowCredentials { sandbox_url: BASE.into() })
        );
        assert_eq!(MarketplaceSetting::parse(Some("prod"), None), Err(SettingError::UnknownMode("prod".into())));
    }

    #[test]
    fn only_following_credentials_lets_them_choose() {
        let follow = MarketplaceSetting::FollowCredentials { sandbox_url: BASE.into() };
        assert_eq!(follow.mode(false), MarketplaceMode::Sandbox);
        assert_eq!(follow.mode(true), MarketplaceMode::Real);
        let sandbox = MarketplaceSetting::Sandbox { base_url: BASE.into() };
        assert_eq!(sandbox.mode(true), MarketplaceMode::Sandbox);
        assert_eq!(MarketplaceSetting::Real.mode(false), MarketplaceMode::Real);
        assert!(follow.follows_credentials() && !sandbox.follows_credentials());
    }

    #[test]
    fn endpoints_follow_the_mode() {
        let follow = MarketplaceSetting::FollowCredentials { sandbox_url: BASE.into() };
        assert_eq!(follow.endpoints(MarketplaceMode::Sandbox, Some("Acme-PRD-1")), Endpoints::local(BASE));
        assert_eq!(follow.endpoints(MarketplaceMode::Real, None), Endpoints::production());
        assert_eq!(follow.endpoints(MarketplaceMode::Real, Some("Acme-VinylDig-SBX-1a2b")), Endpoints::sandbox_ebay());
        assert_eq!(MarketplaceSetting::Real.endpoints(MarketplaceMode::Real, None), Endpoints::production());
    }
}
