//! Secrets from SSM Parameter Store (SecureString), read once per cold start.

use std::fmt;

use aws_sdk_ssm::Client;
use secrecy::{ExposeSecret, SecretString};

/// A secret value: never in logs or debug output, and zeroed when dropped (`secrecy`).
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// For the domain types' equality in tests; secrets are never compared to authenticate anyone.
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot read SSM parameter {name}: {source}")]
    Read {
        name: String,
        #[source]
        source: Box<aws_sdk_ssm::Error>,
    },
    #[error("SSM parameter {0} is empty")]
    Empty(String),
}

pub async fn load(ssm: &Client, name: &str) -> Result<Secret, SecretError> {
    let out = ssm
        .get_parameter()
        .name(name)
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| SecretError::Read { name: name.to_owned(), source: Box::new(e.into()) })?;
    out.parameter
        .and_then(|p| p.value)
        .filter(|v| !v.is_empty())
        .map(Secret::new)
        .ok_or_else(|| SecretError::Empty(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let secret = Secret::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
