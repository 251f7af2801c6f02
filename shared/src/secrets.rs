//! Secrets from SSM Parameter Store (SecureString), read once per cold start.

use std::fmt;

use aws_sdk_ssm::Client;

/// A secret value that never shows up in logs or debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

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
        .map(Secret)
        .ok_or_else(|| SecretError::Empty(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(secret.expose(), "hunter2");
    }
}
