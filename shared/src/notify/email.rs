//! Alert e-mails through Amazon SES (v2 API): a multipart message with plain-text and HTML parts
//! and the one-click unsubscribe headers (RFC 8058), built with `mail-builder` and sent raw so the
//! headers reach the recipient as written. Locally the emulator's SES keeps what it was sent.

use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{Destination, EmailContent, RawMessage};
use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;

/// One message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The signed one-click link of an alert, in the body and the `List-Unsubscribe` header;
    /// account e-mails (a password reset) have none.
    pub unsubscribe_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("cannot build the message: {0}")]
    Build(String),
    /// Throttled, or SES did not answer: worth another try.
    #[error("SES did not take the message: {0}")]
    Unavailable(String),
    /// SES refused this message for good (an unverified sender, a rejected address).
    #[error("SES refused the message: {0}")]
    Refused(String),
}

impl EmailError {
    pub fn is_transient(&self) -> bool {
        matches!(self, EmailError::Unavailable(_))
    }
}

/// Sends alert e-mails from one verified sender.
#[derive(Clone, Debug)]
pub struct Mailer {
    client: aws_sdk_sesv2::Client,
    from: String,
}

impl Mailer {
    pub fn new(client: aws_sdk_sesv2::Client, from: impl Into<String>) -> Self {
        Self { client, from: from.into() }
    }

    /// The MIME message as sent.
    pub fn message(&self, email: &Email) -> Result<Vec<u8>, EmailError> {
        let mut message = MessageBuilder::new()
            .from(("VinylDigger", self.from.as_str()))
            .to(email.to.as_str())
            .subject(email.subject.as_str());
        if let Some(url) = &email.unsubscribe_url {
            message = message
                .header("List-Unsubscribe", Raw::new(format!("<{url}>")))
                .header("List-Unsubscribe-Post", Raw::new("List-Unsubscribe=One-Click"));
        }
        message
            .text_body(email.text.as_str())
            .html_body(email.html.as_str())
            .write_to_vec()
            .map_err(|e| EmailError::Build(e.to_string()))
    }

    /// Sends one message; returns SES's message id.
    pub async fn send(&self, email: &Email) -> Result<String, EmailError> {
        let raw = RawMessage::builder()
            .data(Blob::new(self.message(email)?))
            .build()
            .map_err(|e| EmailError::Build(e.to_string()))?;
        let out = self
            .client
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .content(EmailContent::builder().raw(raw).build())
            .send()
            .await
            .map_err(|e| {
                use aws_sdk_sesv2::error::SdkError;
                let transient = match &e {
                    SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => true,
                    SdkError::ServiceError(s) => {
                        let err = s.err();
                        err.is_too_many_requests_exception()
                            || err.is_limit_exceeded_exception()
                            || s.raw().status().is_server_error()
                    }
                    _ => false,
                };
                let text = aws_sdk_sesv2::Error::from(e).to_string();
                if transient { EmailError::Unavailable(text) } else { EmailError::Refused(text) }
            })?;
        Ok(out.message_id.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_has_both_parts_and_the_one_click_headers() {
        let sdk =
            aws_sdk_sesv2::Config::builder().behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest()).build();
        let mailer = Mailer::new(aws_sdk_sesv2::Client::from_conf(sdk), "alerts@vinyldigger.example");
        let raw = mailer
            .message(&Email {
                to: "digger@example.com".into(),
                subject: "Wanted: Kind of Blue".into(),
                text: "plain words".into(),
                html: "<p>html words</p>".into(),
                unsubscribe_url: Some("https://app.example/api/v1/notifications/unsubscribe?token=t".into()),
            })
            .unwrap();
        let raw = String::from_utf8(raw).unwrap();
        assert!(
            raw.contains("List-Unsubscribe: <https://app.example/api/v1/notifications/unsubscribe?token=t>"),
            "{raw}"
        );
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("text/plain") && raw.contains("text/html"));
        assert!(raw.contains("plain words") && raw.contains("<p>html words</p>"));
    }
}
