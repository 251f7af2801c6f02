//! The notifier (docs/architecture.md#notifier): turns each `RunCompleted` into alerts and
//! delivers them: in-app always, by e-mail and webhook at once or in the user's daily digest.
//! [`handle`] takes one event from the queue the bus feeds; [`digest::tick`] runs on a schedule.
//!
//! Every alert is stored only where absent, keyed on (user, kind, listing or seller), so a run
//! repeated or an event redelivered alerts nothing twice; the stored alert records which channels
//! it went to, so a redelivery after a failure resumes where delivery stopped.

pub mod deliver;
pub mod digest;
mod event;

use std::collections::HashSet;

use aws_config::SdkConfig;
use chrono::{DateTime, Utc};
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::aws::load_sdk_config;
use vinyldigger::batch::Failure;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::alerts::triggers::{self, PriceFall, RunFacts};
use vinyldigger::domain::landed::Buyer;
use vinyldigger::notify::address::AddressPolicy;
use vinyldigger::notify::email::{EmailError, Mailer};
use vinyldigger::notify::render::Links;
use vinyldigger::notify::unsubscribe::UnsubscribeSigner;
use vinyldigger::notify::webhook::{WebhookClient, WebhookError};
use vinyldigger::startup::{InitError, load_data_key};
use vinyldigger::store::{Store, StoreError};

pub use event::RunCompletedEvent;

/// Everything the notifier needs, built once per cold start.
pub struct Deps {
    pub store: Store,
    pub cipher: FieldCipher,
    pub mailer: Mailer,
    pub webhooks: WebhookClient,
    pub links: Links,
    pub unsubscribe: UnsubscribeSigner,
}

#[derive(Debug, thiserror::Error)]
pub enum NotifierInitError {
    #[error(transparent)]
    Init(#[from] InitError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot build the webhook client: {0}")]
    Http(#[from] reqwest::Error),
}

impl Deps {
    pub async fn from_env() -> Result<Self, NotifierInitError> {
        let config = Config::from_env()?;
        Self::new(&config, &load_sdk_config().await).await
    }

    /// Reads the data key from SSM: it opens webhook secrets and signs unsubscribe links.
    pub async fn new(config: &Config, sdk: &SdkConfig) -> Result<Self, NotifierInitError> {
        let cipher = load_data_key(config, sdk).await?;
        Self::with_cipher(config, sdk, cipher)
    }

    /// With a data key already loaded (the local runner shares the API's).
    pub fn with_cipher(config: &Config, sdk: &SdkConfig, cipher: FieldCipher) -> Result<Self, NotifierInitError> {
        let (from, app_url) = config.alerts.require()?;
        Ok(Self {
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name),
            mailer: Mailer::new(aws_sdk_sesv2::Client::new(sdk), from),
            webhooks: WebhookClient::new(AddressPolicy { allow_loopback: config.alerts.webhook_allow_loopback })?,
            links: Links { app_url: app_url.to_owned() },
            unsubscribe: UnsubscribeSigner::new(&cipher),
            cipher,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error(transparent)]
    Webhook(#[from] WebhookError),
}

impl Failure for NotifyError {
    fn is_transient(&self) -> bool {
        match self {
            NotifyError::Store(e) => e.is_transient(),
            NotifyError::Email(e) => e.is_transient(),
            NotifyError::Webhook(e) => e.is_transient(),
        }
    }
}

/// Handles one `RunCompleted`: finds the alerts its search's rule asks for and delivers each.
/// Each alert is tried even when another fails; the first failure is returned, so SQS redelivers
/// the event and only what is not done yet happens again.
pub async fn handle(deps: &Deps, event: RunCompletedEvent, now: DateTime<Utc>, _: Deadline) -> Result<(), NotifyError> {
    let event = event.detail;
    let store = &deps.store;
    if event.new_wantlist_matches.is_empty() && event.price_drops.is_empty() {
        return Ok(());
    }
    let Some(search) = store.get_search(event.user_id, event.search_id).await? else {
        tracing::info!(search_id = %event.search_id, "search gone; no alerts");
        return Ok(());
    };
    let rule = store.get_alert_rule(search.id).await?;
    if !rule.any() {
        return Ok(());
    }
    let new_wanted: HashSet<String> = event.new_wantlist_matches.iter().cloned().collect();
    // Read consistently from the packs the run wrote; a new want-list match missing here is
    // owned, which never alerts.
    let wanted = store.open_wanted_results(search.id).await?;
    let falls: Vec<PriceFall> = event
        .price_drops
        .iter()
        .filter_map(|d| {
            Some(PriceFall {
                platform: d.platform.parse().ok()?,
                listing_id: d.listing_id.clone(),
                old_minor: d.old_minor,
                new_minor: d.new_minor,
            })
        })
        .collect();
    // Price bounds are landed cost in the user's currency: only a search with bounds reads them.
    let bounded = search.filters.min_price.is_some() || search.filters.max_price.is_some();
    let (preferences, rates) = if bounded {
        let (p, r) = tokio::try_join!(store.get_preferences(search.user_id), store.latest_rates())?;
        (Some(p), r.map(|r| r.rates))
    } else {
        (None, None)
    };
    let buyer = preferences.map(|p| (Buyer::new(p.currency, p.country.as_deref()), rates.as_ref()));
    let facts = RunFacts { search: &search, wanted: &wanted, new_wanted: &new_wanted, price_falls: &falls, buyer };
    let alerts = triggers::alerts(&rule, &facts);
    if alerts.is_empty() {
        return Ok(());
    }
    let Some(user) = store.get_user(search.user_id).await? else {
        return Ok(());
    };
    let settings = store.get_notify_settings(user.id).await?;
    tracing::info!(run_id = %event.run_id, search_id = %search.id, user_id = %user.id, alerts = alerts.len(), "alerts found");
    let mut first_error = None;
    for alert in alerts {
        if let Err(error) = deliver::alert(deps, &user, &settings, &rule, alert, now).await {
            tracing::warn!(run_id = %event.run_id, %error, "alert delivery failed");
            first_error.get_or_insert(error);
        }
    }
    first_error.map_or(Ok(()), Err)
}
