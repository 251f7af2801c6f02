//! Account-linking answers, and the page eBay can redirect to.

use serde::Serialize;
use utoipa::ToSchema;
use vinyldigger::domain::platform::Platform;

#[derive(Serialize, ToSchema)]
pub struct OAuthStatus {
    pub provider: Platform,
    pub is_configured: bool,
    pub is_authorized: bool,
    /// The linked account's name; `null` when not linked.
    #[schema(required = true)]
    pub username: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuthorizeResponse {
    pub authorization_url: String,
    pub state: String,
}

#[derive(Serialize, ToSchema)]
pub struct Authorized {
    pub message: String,
    pub username: String,
}

/// The page that shows the code and state eBay redirected with, to paste into Settings. Every
/// value shown is escaped: they come straight from the query string.
pub fn ebay_redirect_page(
    code: Option<&str>,
    state: Option<&str>,
    error: Option<&str>,
    description: Option<&str>,
) -> String {
    let escape = |value: &str| html_escape::encode_quoted_attribute(value).into_owned();
    let (title, body) = if let Some(error) = error {
        let description = escape(description.unwrap_or("No description provided"));
        ("eBay Authorization Failed", format!("<p>Error: <strong>{}</strong></p><p>{description}</p>", escape(error)))
    } else if let Some(code) = code {
        let (code, state) = (escape(code), escape(state.unwrap_or_default()));
        (
            "eBay Authorization Successful!",
            format!(
                "<p>Copy the code and the state below and paste both into VinylDigger (Settings → eBay).</p>\
                 <label>Authorization code<textarea id=\"code\" readonly>{code}</textarea></label>\
                 <button type=\"button\" onclick=\"navigator.clipboard.writeText(document.getElementById('code').value)\">Copy Code</button>\
                 <label>State<textarea id=\"state\" readonly>{state}</textarea></label>\
                 <button type=\"button\" onclick=\"navigator.clipboard.writeText(document.getElementById('state').value)\">Copy State</button>"
            ),
        )
    } else {
        ("eBay Authorization Error", "<p>No authorization code was received from eBay.</p>".to_owned())
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{title}</title><style>body{{font-family:system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem}}\
         textarea{{display:block;width:100%;margin:.25rem 0 .5rem}}</style></head><body><h1>{title}</h1>{body}</body></html>"
    )
}
