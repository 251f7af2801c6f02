//! Typed configuration, read from the environment once per cold start. A missing required value
//! fails start-up with a message naming the variable.

use std::env;

use crate::market::MarketplaceSetting;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("missing required environment variable {0}")]
    Missing(&'static str),
    #[error("environment variable {name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// The URL of each queue the functions talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueUrls {
    pub fetch_discogs: String,
    pub fetch_ebay: String,
    pub results: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub table_name: String,
    pub queues: QueueUrls,
    pub event_bus_name: String,
    /// SSM parameter (SecureString) holding the JWT signing key.
    pub jwt_secret_param: String,
    /// SSM parameter (SecureString) holding the base64 AES-256 data-encryption key.
    pub data_key_param: String,
    /// During a rotation, the SSM parameter of the key being rotated out: it still opens what it
    /// sealed (docs/security.md#rotating-the-data-key).
    pub data_key_previous_param: Option<String>,
    /// Addresses that are admins (first-admin bootstrap); see docs/security.md.
    pub admin_emails: Vec<String>,
    /// E-mail domains whose addresses are admins (`admin.com`): the original system's rule, off
    /// unless set (the local stack sets the original domains).
    pub admin_email_domains: Vec<String>,
    /// Login and registration attempts one client address may make per clock hour (`None`: no
    /// limit, as in the local stack where every test comes from one address).
    pub client_limits: ClientLimits,
    pub cors_origins: Vec<String>,
    /// Real marketplaces or the sandbox: forced by `VD_MARKETPLACE`, else following the stored
    /// app credentials when a sandbox is at hand (`MARKETPLACE_BASE_URL`).
    pub marketplace: MarketplaceSetting,
    /// `RATES_URL`, when set; see [`Config::rates_url`].
    pub rates_url: Option<String>,
    /// eBay Browse calls allowed per UTC day, shared by every Lambda (eBay's default quota).
    pub ebay_daily_budget: u32,
    /// How long a run may stay open before the scheduler fails it as timed out.
    pub run_timeout: std::time::Duration,
    pub limits: UserLimits,
    pub alerts: AlertsConfig,
    /// How long an e-mailed password-reset link works.
    pub reset_link_lifetime: std::time::Duration,
}

/// What alerts need beyond the rest: the notifier requires the sender and the app's address
/// ([`AlertsConfig::require`]); the API reads the webhook rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AlertsConfig {
    /// The verified SES address alert e-mails come from.
    pub from_address: Option<String>,
    /// The web app's public base URL, for links in alerts.
    pub app_url: Option<String>,
    /// Webhooks to `http` and loopback addresses too (the local stack only).
    pub webhook_allow_loopback: bool,
}

impl AlertsConfig {
    /// The sender and the app's URL, or the variable that is missing.
    pub fn require(&self) -> Result<(&str, &str), ConfigError> {
        let from = self.from_address.as_deref().ok_or(ConfigError::Missing(ALERTS_FROM_ADDRESS))?;
        let app = self.app_url.as_deref().ok_or(ConfigError::Missing(APP_URL))?;
        Ok((from, app))
    }
}

/// What one user may do, so no user can spend the marketplace budgets everyone shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserLimits {
    pub saved_searches: u32,
    /// "Run now" calls per clock hour.
    pub manual_runs_per_hour: u32,
    /// Collection and want-list syncs per clock hour.
    pub syncs_per_hour: u32,
}

/// What one client address may do per clock hour; `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClientLimits {
    pub logins_per_hour: Option<u32>,
    pub registrations_per_hour: Option<u32>,
    /// Password-reset requests (each may send an e-mail).
    pub password_resets_per_hour: Option<u32>,
}

impl Default for UserLimits {
    fn default() -> Self {
        Self { saved_searches: 50, manual_runs_per_hour: 30, syncs_per_hour: 6 }
    }
}

pub const TABLE_NAME: &str = "TABLE_NAME";
pub const FETCH_DISCOGS_QUEUE_URL: &str = "FETCH_DISCOGS_QUEUE_URL";
pub const FETCH_EBAY_QUEUE_URL: &str = "FETCH_EBAY_QUEUE_URL";
pub const RESULTS_QUEUE_URL: &str = "RESULTS_QUEUE_URL";
pub const EVENT_BUS_NAME: &str = "EVENT_BUS_NAME";
pub const JWT_SECRET_PARAM: &str = "JWT_SECRET_PARAM";
pub const DATA_KEY_PARAM: &str = "DATA_KEY_PARAM";
pub const DATA_KEY_PREVIOUS_PARAM: &str = "DATA_KEY_PREVIOUS_PARAM";
pub const ADMIN_EMAILS: &str = "ADMIN_EMAILS";
pub const ADMIN_EMAIL_DOMAINS: &str = "ADMIN_EMAIL_DOMAINS";
pub const LOGINS_PER_CLIENT_PER_HOUR: &str = "LOGINS_PER_CLIENT_PER_HOUR";
pub const REGISTRATIONS_PER_CLIENT_PER_HOUR: &str = "REGISTRATIONS_PER_CLIENT_PER_HOUR";
pub const PASSWORD_RESETS_PER_CLIENT_PER_HOUR: &str = "PASSWORD_RESETS_PER_CLIENT_PER_HOUR";
pub const PASSWORD_RESET_LINK_SECONDS: &str = "PASSWORD_RESET_LINK_SECONDS";
pub const CORS_ORIGINS: &str = "CORS_ORIGINS";
pub const MARKETPLACE_BASE_URL: &str = "MARKETPLACE_BASE_URL";
pub const MARKETPLACE_MODE: &str = "VD_MARKETPLACE";
pub const EBAY_DAILY_BUDGET: &str = "EBAY_DAILY_BUDGET";
pub const RUN_TIMEOUT_SECONDS: &str = "RUN_TIMEOUT_SECONDS";
pub const MAX_SAVED_SEARCHES: &str = "MAX_SAVED_SEARCHES";
pub const MAX_MANUAL_RUNS_PER_HOUR: &str = "MAX_MANUAL_RUNS_PER_HOUR";
pub const MAX_SYNCS_PER_HOUR: &str = "MAX_SYNCS_PER_HOUR";
pub const ALERTS_FROM_ADDRESS: &str = "ALERTS_FROM_ADDRESS";
pub const APP_URL: &str = "APP_URL";
pub const WEBHOOK_ALLOW_LOOPBACK: &str = "WEBHOOK_ALLOW_LOOPBACK";
/// Where the exchange-rate document is fetched from (the ECB's by default, the sandbox's locally).
pub const RATES_URL: &str = "RATES_URL";

/// Every variable the configuration reads, for tools that pass it on.
pub const VARIABLES: [&str; 26] = [
    TABLE_NAME,
    FETCH_DISCOGS_QUEUE_URL,
    FETCH_EBAY_QUEUE_URL,
    RESULTS_QUEUE_URL,
    EVENT_BUS_NAME,
    JWT_SECRET_PARAM,
    DATA_KEY_PARAM,
    DATA_KEY_PREVIOUS_PARAM,
    ADMIN_EMAILS,
    ADMIN_EMAIL_DOMAINS,
    CORS_ORIGINS,
    MARKETPLACE_BASE_URL,
    MARKETPLACE_MODE,
    EBAY_DAILY_BUDGET,
    RUN_TIMEOUT_SECONDS,
    MAX_SAVED_SEARCHES,
    MAX_MANUAL_RUNS_PER_HOUR,
    MAX_SYNCS_PER_HOUR,
    LOGINS_PER_CLIENT_PER_HOUR,
    REGISTRATIONS_PER_CLIENT_PER_HOUR,
    PASSWORD_RESETS_PER_CLIENT_PER_HOUR,
    PASSWORD_RESET_LINK_SECONDS,
    ALERTS_FROM_ADDRESS,
    APP_URL,
    WEBHOOK_ALLOW_LOOPBACK,
    RATES_URL,
];

/// A run still open this long after it started is failed as timed out: past the queues'
/// redelivery of a job whose invocation was killed (visibility timeout plus one invocation).
const DEFAULT_RUN_TIMEOUT_SECONDS: u32 = 20 * 60;

const DEFAULT_CORS_ORIGIN: &str = "http://localhost:3000";

impl Config {
    /// The exchange-rate document: `RATES_URL`, else the sandbox marketplace's copy when one is
    /// at hand (the local stack and tests), else the ECB's.
    pub fn rates_url(&self) -> String {
        if let Some(url) = &self.rates_url {
            return url.clone();
        }
        match &self.marketplace {
            MarketplaceSetting::Sandbox { base_url: base }
            | MarketplaceSetting::FollowCredentials { sandbox_url: base } => {
                format!("{}{}", base.trim_end_matches('/'), crate::market::ecb::ECB_DAILY_PATH)
            }
            MarketplaceSetting::Real => crate::market::ecb::ECB_DAILY_URL.to_owned(),
        }
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let optional = |name: &'static str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let required = |name: &'static str| optional(name).ok_or(ConfigError::Missing(name));
        // A positive whole number, or `default` when the variable is unset or empty.
        let count = |name: &'static str, default: u32| match lookup(name).map(|v| v.trim().to_owned()) {
            Some(v) if !v.is_empty() => match v.parse::<u32>() {
                Ok(n) if n > 0 => Ok(n),
                Ok(_) => Err(ConfigError::Invalid { name, reason: "must be at least 1".into() }),
                Err(e) => Err(ConfigError::Invalid { name, reason: e.to_string() }),
            },
            _ => Ok(default),
        };
        // A whole number; 0, unset or empty is no limit.
        let optional_limit = |name: &'static str| match lookup(name).map(|v| v.trim().to_owned()) {
            Some(v) if !v.is_empty() => match v.parse::<u32>() {
                Ok(0) => Ok(None),
                Ok(n) => Ok(Some(n)),
                Err(e) => Err(ConfigError::Invalid { name, reason: e.to_string() }),
            },
            _ => Ok(None),
        };
        let defaults = UserLimits::default();
        Ok(Self {
            table_name: required(TABLE_NAME)?,
            queues: QueueUrls {
                fetch_discogs: required(FETCH_DISCOGS_QUEUE_URL)?,
                fetch_ebay: required(FETCH_EBAY_QUEUE_URL)?,
                results: required(RESULTS_QUEUE_URL)?,
            },
            event_bus_name: required(EVENT_BUS_NAME)?,
            jwt_secret_param: required(JWT_SECRET_PARAM)?,
            data_key_param: required(DATA_KEY_PARAM)?,
            data_key_previous_param: lookup(DATA_KEY_PREVIOUS_PARAM)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
            admin_emails: lookup(ADMIN_EMAILS).map(|v| split_list(&v)).unwrap_or_default(),
            admin_email_domains: lookup(ADMIN_EMAIL_DOMAINS)
                .map(|v| split_list(&v).into_iter().map(|d| d.trim_start_matches('@').to_ascii_lowercase()).collect())
                .unwrap_or_default(),
            client_limits: ClientLimits {
                logins_per_hour: optional_limit(LOGINS_PER_CLIENT_PER_HOUR)?,
                registrations_per_hour: optional_limit(REGISTRATIONS_PER_CLIENT_PER_HOUR)?,
                password_resets_per_hour: optional_limit(PASSWORD_RESETS_PER_CLIENT_PER_HOUR)?,
            },
            cors_origins: match lookup(CORS_ORIGINS) {
                Some(v) => parse_origins(&v)?,
                None => vec![DEFAULT_CORS_ORIGIN.to_owned()],
            },
            marketplace: MarketplaceSetting::parse(
                lookup(MARKETPLACE_MODE).as_deref(),
                lookup(MARKETPLACE_BASE_URL).as_deref(),
            )
            .map_err(|e| ConfigError::Invalid { name: MARKETPLACE_MODE, reason: e.to_string() })?,
            rates_url: optional(RATES_URL),
            ebay_daily_budget: match lookup(EBAY_DAILY_BUDGET).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
                Some(v) => {
                    v.parse().map_err(|e| ConfigError::Invalid { name: EBAY_DAILY_BUDGET, reason: format!("{e}") })?
                }
                None => crate::market::rate::EBAY_DAILY_DEFAULT,
            },
            run_timeout: std::time::Duration::from_secs(u64::from(count(
                RUN_TIMEOUT_SECONDS,
                DEFAULT_RUN_TIMEOUT_SECONDS,
            )?)),
            limits: UserLimits {
                saved_searches: count(MAX_SAVED_SEARCHES, defaults.saved_searches)?,
                manual_runs_per_hour: count(MAX_MANUAL_RUNS_PER_HOUR, defaults.manual_runs_per_hour)?,
                syncs_per_hour: count(MAX_SYNCS_PER_HOUR, defaults.syncs_per_hour)?,
            },
            alerts: AlertsConfig {
                from_address: optional(ALERTS_FROM_ADDRESS),
                app_url: optional(APP_URL),
                webhook_allow_loopback: match optional(WEBHOOK_ALLOW_LOOPBACK).as_deref() {
                    None | Some("false" | "0") => false,
                    Some("true" | "1") => true,
                    Some(other) => {
                        return Err(ConfigError::Invalid {
                            name: WEBHOOK_ALLOW_LOOPBACK,
                            reason: format!("{other:?} is neither true nor false"),
                        });
                    }
                },
            },
            // 0 is allowed: links that have expired when they are made (how tests see expiry).
            reset_link_lifetime: std::time::Duration::from_secs(
                match lookup(PASSWORD_RESET_LINK_SECONDS).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
                    Some(v) => v.parse::<u32>().map_err(|e| ConfigError::Invalid {
                        name: PASSWORD_RESET_LINK_SECONDS,
                        reason: e.to_string(),
                    })?,
                    None => crate::domain::password_reset::DEFAULT_LIFETIME_SECONDS,
                }
                .into(),
            ),
        })
    }
}

fn split_list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect()
}

/// A JSON list or a comma-separated string, as upstream accepted both (docs/behaviour.md#conventions CORS).
fn parse_origins(value: &str) -> Result<Vec<String>, ConfigError> {
    let trimmed = value.trim();
    if trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| ConfigError::Invalid { name: CORS_ORIGINS, reason: e.to_string() })
    } else {
        Ok(split_list(trimmed))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env_without(missing: &str) -> HashMap<&'static str, String> {
        VARIABLES
            .iter()
            .filter(|v| {
                ![
                    missing,
                    ADMIN_EMAILS,
                    ADMIN_EMAIL_DOMAINS,
                    DATA_KEY_PREVIOUS_PARAM,
                    LOGINS_PER_CLIENT_PER_HOUR,
                    REGISTRATIONS_PER_CLIENT_PER_HOUR,
                    PASSWORD_RESETS_PER_CLIENT_PER_HOUR,
                    PASSWORD_RESET_LINK_SECONDS,
                    CORS_ORIGINS,
                    MARKETPLACE_BASE_URL,
                    MARKETPLACE_MODE,
                    EBAY_DAILY_BUDGET,
                    RUN_TIMEOUT_SECONDS,
                    MAX_SAVED_SEARCHES,
                    MAX_MANUAL_RUNS_PER_HOUR,
                    MAX_SYNCS_PER_HOUR,
                    ALERTS_FROM_ADDRESS,
                    APP_URL,
                    WEBHOOK_ALLOW_LOOPBACK,
                ]
                .contains(*v)
            })
            .map(|v| (*v, format!("value-of-{v}")))
            .collect()
    }

    #[test]
    fn every_required_variable_is_named_when_missing() {
        for name in [
            TABLE_NAME,
            FETCH_DISCOGS_QUEUE_URL,
            FETCH_EBAY_QUEUE_URL,
            RESULTS_QUEUE_URL,
            EVENT_BUS_NAME,
            JWT_SECRET_PARAM,
            DATA_KEY_PARAM,
        ] {
            let env = env_without(name);
            let err = Config::from_lookup(|k| env.get(k).cloned()).unwrap_err();
            assert_eq!(err, ConfigError::Missing(name));
            assert!(err.to_string().contains(name));
        }
    }

    #[test]
    fn optional_lists_have_defaults_and_accept_both_forms() {
        let mut env = env_without("");
        let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        assert_eq!(config.cors_origins, vec![DEFAULT_CORS_ORIGIN]);
        assert!(config.admin_emails.is_empty());

        env.insert(CORS_ORIGINS, r#"["https://a.example", "https://b.example"]"#.into());
        env.insert(ADMIN_EMAILS, " root@example.com , ops@example.com,".into());
        let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        assert_eq!(config.cors_origins, vec!["https://a.example", "https://b.example"]);
        assert_eq!(config.admin_emails, vec!["root@example.com", "ops@example.com"]);

        env.insert(CORS_ORIGINS, "https://a.example,https://b.example".into());
        let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        assert_eq!(config.cors_origins.len(), 2);

        assert_eq!(config.ebay_daily_budget, 5_000);
        env.insert(EBAY_DAILY_BUDGET, "1200".into());
        assert_eq!(Config::from_lookup(|k| env.get(k).cloned()).unwrap().ebay_daily_budget, 1200);
        env.insert(EBAY_DAILY_BUDGET, "lots".into());
        assert!(matches!(
            Config::from_lookup(|k| env.get(k).cloned()),
            Err(ConfigError::Invalid { name: EBAY_DAILY_BUDGET, .. })
        ));
        env.remove(EBAY_DAILY_BUDGET);

        assert_eq!(config.marketplace, MarketplaceSetting::Real);
        env.insert(MARKETPLACE_MODE, "sandbox".into());
        assert!(matches!(
            Config::from_lookup(|k| env.get(k).cloned()),
            Err(ConfigError::Invalid { name: MARKETPLACE_MODE, .. })
        ));
        env.insert(MARKETPLACE_BASE_URL, "http://127.0.0.1:9100".into());
        let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        assert_eq!(config.marketplace, MarketplaceSetting::Sandbox { base_url: "http://127.0.0.1:9100".into() });
        env.remove(MARKETPLACE_MODE);
        env.remove(MARKETPLACE_BASE_URL);
        assert_eq!(config.limits, UserLimits { saved_searches: 50, manual_runs_per_hour: 30, syncs_per_hour: 6 });
        env.insert(MAX_MANUAL_RUNS_PER_HOUR, " 5 ".into());
        env.insert(MAX_SAVED_SEARCHES, "".into());
        let limits = Config::from_lookup(|k| env.get(k).cloned()).unwrap().limits;
        assert_eq!((limits.manual_runs_per_hour, limits.saved_searches), (5, 50));
        for bad in ["0", "-1", "many"] {
            env.insert(MAX_SYNCS_PER_HOUR, bad.into());
            assert!(matches!(
                Config::from_lookup(|k| env.get(k).cloned()),
                Err(ConfigError::Invalid { name: MAX_SYNCS_PER_HOUR, .. })
            ));
        }
        env.remove(MAX_SYNCS_PER_HOUR);

        assert!(config.admin_email_domains.is_empty());
        assert_eq!(config.client_limits, ClientLimits::default());
        env.insert(ADMIN_EMAIL_DOMAINS, "Admin.com, @vinyldigger.com".into());
        env.insert(LOGINS_PER_CLIENT_PER_HOUR, "0".into());
        env.insert(REGISTRATIONS_PER_CLIENT_PER_HOUR, "12".into());
        let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        assert_eq!(config.admin_email_domains, vec!["admin.com", "vinyldigger.com"]);
        assert_eq!(
            config.client_limits,
            ClientLimits { logins_per_hour: None, registrations_per_hour: Some(12), password_resets_per_hour: None }
        );
        assert_eq!(config.reset_link_lifetime, std::time::Duration::from_secs(1800));
        env.insert(PASSWORD_RESET_LINK_SECONDS, "0".into());
        assert_eq!(Config::from_lookup(|k| env.get(k).cloned()).unwrap().reset_link_lifetime.as_secs(), 0);
        env.remove(PASSWORD_RESET_LINK_SECONDS);
        assert_eq!(config.alerts.require(), Err(ConfigError::Missing(ALERTS_FROM_ADDRESS)));
        env.insert(ALERTS_FROM_ADDRESS, "alerts@vinyldigger.example".into());
        env.insert(APP_URL, "https://app.example".into());
        env.insert(WEBHOOK_ALLOW_LOOPBACK, "true".into());
        let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        assert_eq!(config.alerts.require(), Ok(("alerts@vinyldigger.example", "https://app.example")));
        assert!(config.alerts.webhook_allow_loopback);
        env.insert(WEBHOOK_ALLOW_LOOPBACK, "maybe".into());
        assert!(Config::from_lookup(|k| env.get(k).cloned()).is_err());
        env.remove(WEBHOOK_ALLOW_LOOPBACK);

        env.insert(CORS_ORIGINS, "[not json".into());
        assert!(matches!(
            Config::from_lookup(|k| env.get(k).cloned()),
            Err(ConfigError::Invalid { name: CORS_ORIGINS, .. })
        ));
    }
}
