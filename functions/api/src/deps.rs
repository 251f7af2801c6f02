//! Everything the API handlers need, built once per cold start.

use aws_config::SdkConfig;
use vinyldigger::aws::load_sdk_config;
use vinyldigger::config::{Config, ConfigError};
use vinyldigger::queue::Queues;
use vinyldigger::secrets::{self, Secret, SecretError};
use vinyldigger::store::Store;

pub struct Deps {
    pub config: Config,
    pub store: Store,
    pub queues: Queues,
    pub jwt_secret: Secret,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Secret(#[from] SecretError),
}

impl Deps {
    pub async fn from_env() -> Result<Self, InitError> {
        let config = Config::from_env()?;
        Self::new(config, &load_sdk_config().await).await
    }

    pub async fn new(config: Config, sdk: &SdkConfig) -> Result<Self, InitError> {
        let jwt_secret = secrets::load(&aws_sdk_ssm::Client::new(sdk), &config.jwt_secret_param).await?;
        Ok(Self {
            store: Store::new(aws_sdk_dynamodb::Client::new(sdk), &config.table_name),
            queues: Queues::new(aws_sdk_sqs::Client::new(sdk), config.queues.clone()),
            jwt_secret,
            config,
        })
    }
}
