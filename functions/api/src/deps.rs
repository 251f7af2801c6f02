//! Everything the API handlers need, built once per cold start.

use aws_config::SdkConfig;
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::auth::jwt::TokenSigner;
use vinyldigger::aws::load_sdk_config;
use vinyldigger::config::Config;
use vinyldigger::domain::user::User;
use vinyldigger::market::{MarketError, http_client};
use vinyldigger::notify::address::AddressPolicy;
use vinyldigger::notify::email::Mailer;
use vinyldigger::notify::unsubscribe::UnsubscribeSigner;
use vinyldigger::notify::webhook::WebhookClient;
use vinyldigger::queue::Queues;
use vinyldigger::secrets;
use vinyldigger::store::Store;

pub struct Deps {
    pub config: Config,
    pub store: Store,
    pub queues: Queues,
    pub signer: TokenSigner,
    pub cipher: FieldCipher,
    /// For the OAuth handshakes with the marketplaces.
    pub http: reqwest::Client,
    /// The webhook "send test" button, under the same address rule as the notifier.
    pub webhooks: WebhookClient,
    /// Checks the unsubscribe links of alert e-mails.
    pub unsubscribe: UnsubscribeSigner,
    /// Sends password-reset e-mails: the notifier's sender, when `ALERTS_FROM_ADDRESS` is set.
    pub mailer: Option<Mailer>,
}

pub use vinyldigger::startup::InitError;
use vinyldigger::startup::load_data_key;

impl Deps {
    pub async fn from_env() -> Result<Self, InitError> {
        let config = Config::from_env()?;
        Self::new(config, &load_sdk_config().await).await
    }

    pub async fn new(config: Config, sdk: &SdkConfig) -> Result<Self, InitError> {
        let jwt_secret = secrets::load(&aws_sdk_ssm::Client::new(sdk), &config.jwt_secret_param).await?;
        let cipher = load_data_key(&config, sdk).await?;
        Ok(Self {
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name),
            queues: Queues::new(aws_sdk_sqs::Client::new(sdk), config.queues.clone()),
            signer: TokenSigner::new(jwt_secret.expose().as_bytes())?,
            webhooks: WebhookClient::new(AddressPolicy { allow_loopback: config.alerts.webhook_allow_loopback })
                .map_err(|e| MarketError::Permanent(format!("cannot build the webhook client: {e}")))?,
            unsubscribe: UnsubscribeSigner::new(&cipher),
            mailer: config.alerts.from_address.as_ref().map(|from| Mailer::new(aws_sdk_sesv2::Client::new(sdk), from)),
            cipher,
            http: http_client()?,
            config,
        })
    }

    /// Admins by the configured list and e-mail domains (docs/security.md).
    pub fn is_admin(&self, user: &User) -> bool {
        user.is_admin(&self.config.admin_emails, &self.config.admin_email_domains)
    }
}
