//! eBay OAuth 2.0 authorization code grant for linking a user's account (docs/behaviour.md#linking-marketplace-accounts with its
//! fixes of docs/spec-deviations.md: encoded authorize URL, `expires_at`, refresh before use). Storage is the caller's.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use reqwest::Client;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::Deserialize;

use super::app_token::token_url;
use crate::market::discogs::signing::percent_encode;
use crate::market::endpoints::Endpoints;
use crate::market::error::MarketError;
use crate::market::http::{self, Retry};
use crate::secrets::Secret;

pub const DEFAULT_SCOPE: &str = "https://api.ebay.com/oauth/api_scope";
/// Used when no redirect URI is configured (eBay no longer accepts it, docs/behaviour.md#linking-marketplace-accounts).
pub const OOB_REDIRECT: &str = "urn:ietf:wg:oauth:2.0:oob";

/// The consent page URL, every value percent-encoded (docs/behaviour.md#linking-marketplace-accounts).
pub fn authorize_url(endpoints: &Endpoints, client_id: &str, redirect_uri: &str, scope: &str, state: &str) -> String {
    let scope = if scope.trim().is_empty() { DEFAULT_SCOPE } else { scope.trim() };
    let redirect = if redirect_uri.trim().is_empty() { OOB_REDIRECT } else { redirect_uri.trim() };
    format!(
        "{}/oauth2/authorize?client_id={}&response_type=code&redirect_uri={}&scope={}&state={}",
        endpoints.ebay_auth,
        percent_encode(client_id),
        percent_encode(redirect),
        percent_encode(scope),
        percent_encode(state)
    )
}

/// What the token endpoint answers for a user grant. Debug output hides the tokens.
#[derive(Clone)]
pub struct EbayUserTokens {
    pub access_token: Secret,
    /// Sent with the code exchange; eBay does not rotate it on refresh.
    pub refresh_token: Option<Secret>,
    /// Seconds (typically 7200).
    pub expires_in: i64,
    pub refresh_token_expires_in: Option<i64>,
}

impl EbayUserTokens {
    /// What to store as `expires_at` (docs/behaviour.md#linking-marketplace-accounts, docs/spec-deviations.md).
    pub fn expires_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::seconds(self.expires_in)
    }
}

impl fmt::Debug for EbayUserTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EbayUserTokens")
            .field("expires_in", &self.expires_in)
            .field("has_refresh_token", &self.refresh_token.is_some())
            .finish_non_exhaustive()
    }
}

/// Whether a stored access token must be refreshed before use: unknown expiry counts as valid,
/// anything expiring within five minutes does not.
pub fn needs_refresh(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|at| at - now <= Duration::minutes(5))
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    refresh_token_expires_in: Option<i64>,
}

async fn token_request(
    client: &Client,
    endpoints: &Endpoints,
    client_id: &str,
    client_secret: &Secret,
    form: &[(&str, &str)],
    label: &str,
) -> Result<EbayUserTokens, MarketError> {
    let url = token_url(endpoints)?;
    // Codes are single-use and refreshes cheap to redo by the caller: one attempt each.
    let response = http::send(&Retry::once(), None, label, || {
        client
            .post(url.clone())
            .basic_auth(client_id, Some(client_secret.expose()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .form(form)
    })
    .await?;
    let answer: TokenAnswer = http::json(response, label).await?;
    let Some(access_token) = answer.access_token.filter(|t| !t.is_empty()) else {
        return Err(MarketError::Malformed(format!("{label}: no access_token")));
    };
    Ok(EbayUserTokens {
        access_token: Secret::new(access_token),
        refresh_token: answer.refresh_token.filter(|t| !t.is_empty()).map(Secret::new),
        expires_in: answer.expires_in.unwrap_or(7200),
        refresh_token_expires_in: answer.refresh_token_expires_in,
    })
}

/// Exchanges the authorization code for tokens; `redirect_uri` must be the one sent to the
/// authorize page.
pub async fn exchange_code(
    client: &Client,
    endpoints: &Endpoints,
    client_id: &str,
    client_secret: &Secret,
    code: &str,
    redirect_uri: &str,
) -> Result<EbayUserTokens, MarketError> {
    let redirect = if redirect_uri.trim().is_empty() { OOB_REDIRECT } else { redirect_uri.trim() };
    let form = [("grant_type", "authorization_code"), ("code", code.trim()), ("redirect_uri", redirect)];
    token_request(client, endpoints, client_id, client_secret, &form, "ebay authorization_code").await
}

/// A new access token from the refresh token, for the scopes originally granted. The answer
/// has no refresh token: keep the stored one.
pub async fn refresh(
    client: &Client,
    endpoints: &Endpoints,
    client_id: &str,
    client_secret: &Secret,
    refresh_token: &Secret,
    scope: &str,
) -> Result<EbayUserTokens, MarketError> {
    let scope = if scope.trim().is_empty() { DEFAULT_SCOPE } else { scope.trim() };
    let form = [("grant_type", "refresh_token"), ("refresh_token", refresh_token.expose()), ("scope", scope)];
    token_request(client, endpoints, client_id, client_secret, &form, "ebay refresh_token").await
}

/// `GET {ebay_apiz}/commerce/identity/v1/user/`: the linked account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EbayIdentity {
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub username: String,
}

pub async fn user_info(
    client: &Client,
    endpoints: &Endpoints,
    access_token: &Secret,
) -> Result<EbayIdentity, MarketError> {
    let url = format!("{}/commerce/identity/v1/user/", endpoints.ebay_apiz);
    let label = "ebay identity user";
    let response = http::send(&Retry::default(), None, label, || {
        client
            .get(&url)
            .header(AUTHORIZATION, format!("Bearer {}", access_token.expose()))
            .header(ACCEPT, "application/json")
    })
    .await?;
    http::json(response, label).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn authorize_url_is_encoded() {
        let url = authorize_url(
            &Endpoints::sandbox_ebay(),
            "Acme-VinylDig-SBX-1234",
            "Acme_Inc-AcmeVinyl-SBX-abc",
            "https://api.ebay.com/oauth/api_scope https://api.ebay.com/oauth/api_scope/commerce.identity.readonly",
            "st/ate=",
        );
        assert_eq!(
            url,
            "https://auth.sandbox.ebay.com/oauth2/authorize?client_id=Acme-VinylDig-SBX-1234&response_type=code\
             &redirect_uri=Acme_Inc-AcmeVinyl-SBX-abc\
             &scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%20https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fcommerce.identity.readonly\
             &state=st%2Fate%3D"
        );
        let defaults = authorize_url(&Endpoints::production(), "id", "", "", "s");
        assert!(defaults.contains(
            "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope&"
        ));
    }

    #[test]
    fn refresh_window_is_five_minutes() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        assert!(!needs_refresh(None, now));
        assert!(needs_refresh(Some(now + Duration::minutes(5)), now));
        assert!(needs_refresh(Some(now - Duration::minutes(1)), now));
        assert!(!needs_refresh(Some(now + Duration::minutes(6)), now));
        let t = EbayUserTokens {
            access_token: Secret::new("a"),
            refresh_token: None,
            expires_in: 7200,
            refresh_token_expires_in: None,
        };
        assert_eq!(t.expires_at(now), now + Duration::hours(2));
        assert_eq!(format!("{t:?}"), "EbayUserTokens { expires_in: 7200, has_refresh_token: false, .. }");
    }
}
