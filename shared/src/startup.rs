//! What every function's cold start can fail on, and the loading of the data key they share.

use aws_config::SdkConfig;

use crate::auth::cipher::{CipherError, FieldCipher};
use crate::auth::jwt::WeakKey;
use crate::config::{Config, ConfigError};
use crate::market::MarketError;
use crate::secrets::{self, SecretError};

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("the data key is unusable: {0}")]
    DataKey(#[from] CipherError),
    #[error(transparent)]
    Http(#[from] MarketError),
    #[error(transparent)]
    JwtKey(#[from] WeakKey),
}

/// The data key (SSM SecureString) that seals stored tokens and app secrets.
/// During a rotation, the previous key as well.
pub async fn load_data_key(config: &Config, sdk: &SdkConfig) -> Result<FieldCipher, InitError> {
    let ssm = aws_sdk_ssm::Client::new(sdk);
    let data_key = secrets::load(&ssm, &config.data_key_param).await?;
    let cipher = FieldCipher::from_base64_key(data_key.expose())?;
    match &config.data_key_previous_param {
        Some(previous) => Ok(cipher.with_previous_key(secrets::load(&ssm, previous).await?.expose())?),
        None => Ok(cipher),
    }
}
