//! Alerts (docs/behaviour.md#alerts): the notification centre, the user's channels and hygiene,
//! each search's alert rule, the webhook's secret and test, and the signed unsubscribe link.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Html;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use vinyldigger::domain::alerts::settings::{
    AlertRule, Delivery, NotifySettings, QuietHours, WebhookFormat, WebhookSettings, is_time_zone,
};
use vinyldigger::domain::quota::QuotaKind;
use vinyldigger::notify::render::Links;
use vinyldigger::notify::webhook::{Push, PushKind, new_secret};

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError, ValidationError};
use crate::extract::{AuthUser, Body, Path, QueryParams, Validate};
use crate::limits;
use crate::routes::searches::owned_search;
use crate::validate::nullable;
use crate::views::notifications::{
    AlertRuleView, MarkedRead, NotificationView, NotificationsResponse, NotifySettingsView, WebhookSecretView,
    WebhookTestView, unsubscribe_page,
};

/// Most instant alerts a user may ask for per day.
pub const MAX_DAILY_CAP: u32 = 500;

#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = NotificationsResponse), (status = 401, body = Detail)))]
pub async fn list(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> ApiResult<Json<NotificationsResponse>> {
    let (notes, unread) = tokio::try_join!(deps.store.list_notifications(user.id), deps.store.count_unread(user.id))?;
    Ok(Json(NotificationsResponse {
        unread_count: unread,
        notifications: notes.iter().map(NotificationView::from).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/notifications/{notification_id}/read", tag = "notifications",
    security(("bearer" = [])), params(("notification_id" = String, Path)),
    responses((status = 200, body = MarkedRead), (status = 404, body = Detail), (status = 422, body = ValidationError),
        (status = 401, body = Detail)))]
pub async fn mark_read(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<MarkedRead>> {
    if id.len() > 64 || !deps.store.mark_notification_read(user.id, &id, Utc::now()).await? {
        return Err(ApiError::not_found("Notification not found"));
    }
    Ok(Json(MarkedRead { marked: 1 }))
}

#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = MarkedRead), (status = 401, body = Detail)))]
pub async fn mark_all_read(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> ApiResult<Json<MarkedRead>> {
    Ok(Json(MarkedRead { marked: deps.store.mark_all_notifications_read(user.id, Utc::now()).await? }))
}

async fn settings_view(
    deps: &Deps,
    user: &vinyldigger::domain::user::User,
    settings: &NotifySettings,
) -> ApiResult<NotifySettingsView> {
    let has_secret = deps.store.get_webhook_secret(&deps.cipher, user.id).await?.is_some();
    Ok(NotifySettingsView::new(settings, &user.email, has_secret))
}

#[utoipa::path(get, path = "/api/v1/notifications/settings", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = NotifySettingsView), (status = 401, body = Detail)))]
pub async fn get_settings(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
) -> ApiResult<Json<NotifySettingsView>> {
    let settings = deps.store.get_notify_settings(user.id).await?;
    Ok(Json(settings_view(&deps, &user, &settings).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct WebhookInput {
    /// `https` to a public address (checked, resolved); max 2000 characters.
    pub url: String,
    #[serde(default)]
    pub format: WebhookFormat,
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

/// Every field optional: absent leaves it as it is; `webhook: null` and `quiet_hours: null`
/// remove them.
#[derive(Deserialize, ToSchema)]
pub struct NotifySettingsUpdate {
    #[serde(default)]
    pub email_enabled: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<WebhookInput>)]
    pub webhook: Option<Option<WebhookInput>>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 500)]
    pub daily_cap: Option<u32>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<QuietHours>)]
    pub quiet_hours: Option<Option<QuietHours>>,
    /// An IANA time zone (`Europe/Berlin`).
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 23)]
    pub digest_hour: Option<u8>,
}

fn field(name: &str, kind: &'static str, msg: &str, input: serde_json::Value) -> FieldError {
    FieldError::body(name, kind, msg, input)
}

impl Validate for NotifySettingsUpdate {
    fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(cap) = self.daily_cap.filter(|c| *c > MAX_DAILY_CAP) {
            errors.push(field(
                "daily_cap",
                "less_than_equal",
                &format!("Input should be less than or equal to {MAX_DAILY_CAP}"),
                json!(cap),
            ));
        }
        if let Some(hour) = self.digest_hour.filter(|h| *h > 23) {
            errors.push(field(
                "digest_hour",
                "less_than_equal",
                "Input should be less than or equal to 23",
                json!(hour),
            ));
        }
        if let Some(Some(q)) = &self.quiet_hours
            && (q.start_hour > 23 || q.end_hour > 23)
        {
            errors.push(field(
                "quiet_hours",
                "less_than_equal",
                "Hours should be between 0 and 23",
                json!([q.start_hour, q.end_hour]),
            ));
        }
        if let Some(tz) = self.time_zone.as_deref().filter(|tz| tz.len() > 64 || !is_time_zone(tz)) {
            let shown: String = tz.chars().take(64).collect();
            errors.push(field(
                "time_zone",
                "value_error",
                "Input should be an IANA time zone such as Europe/Berlin",
                json!(shown),
            ));
        }
        errors
    }
}

#[utoipa::path(put, path = "/api/v1/notifications/settings", tag = "notifications", security(("bearer" = [])),
    request_body = NotifySettingsUpdate,
    responses((status = 200, body = NotifySettingsView, description = "The settings; `webhook_secret` only when this request made it"),
        (status = 401, body = Detail),
        (status = 422, body = ValidationError, description = "Invalid field, or a webhook URL that is not https to a public address")))]
pub async fn update_settings(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<NotifySettingsUpdate>,
) -> ApiResult<Json<NotifySettingsView>> {
    let mut settings = deps.store.get_notify_settings(user.id).await?;
    if let Some(on) = req.email_enabled {
        settings.email_enabled = on;
    }
    if let Some(cap) = req.daily_cap {
        settings.daily_cap = cap;
    }
    if let Some(quiet) = req.quiet_hours {
        settings.quiet_hours = quiet;
    }
    if let Some(tz) = req.time_zone {
        settings.time_zone = tz;
    }
    if let Some(hour) = req.digest_hour {
        settings.digest_hour = hour;
    }
    let mut new_secret_made = None;
    match req.webhook {
        None => {}
        Some(None) => settings.webhook = None,
        Some(Some(hook)) => {
            let url = deps.webhooks.policy.check(&hook.url).await.map_err(|refusal| {
                let shown: String = hook.url.chars().take(100).collect();
                ApiError::field(field("webhook.url", "value_error", &refusal.to_string(), json!(shown)))
            })?;
            settings.webhook =
                Some(WebhookSettings { url: url.to_string(), format: hook.format, enabled: hook.enabled });
            if deps.store.get_webhook_secret(&deps.cipher, user.id).await?.is_none() {
                let secret = new_secret();
                deps.store.put_webhook_secret(&deps.cipher, user.id, &secret).await?;
                new_secret_made = Some(secret.expose().to_owned());
            }
        }
    }
    deps.store.put_notify_settings(user.id, &settings).await?;
    let mut view = settings_view(&deps, &user, &settings).await?;
    view.webhook_secret = new_secret_made;
    Ok(Json(view))
}

#[utoipa::path(post, path = "/api/v1/notifications/webhook/secret", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = WebhookSecretView, description = "A new secret, shown this once; the old one stops working"),
        (status = 401, body = Detail)))]
pub async fn rotate_secret(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
) -> ApiResult<Json<WebhookSecretView>> {
    let secret = new_secret();
    deps.store.put_webhook_secret(&deps.cipher, user.id, &secret).await?;
    Ok(Json(WebhookSecretView { webhook_secret: secret.expose().to_owned() }))
}

#[utoipa::path(post, path = "/api/v1/notifications/webhook/test", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = WebhookTestView, description = "Whether the receiver took the test push"),
        (status = 401, body = Detail), (status = 409, body = Detail, description = "No webhook is configured"),
        (status = 429, body = Detail, description = "Too many test pushes this hour",
            headers(("Retry-After" = u64, description = "Seconds until the next hour")))))]
pub async fn test_webhook(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    headers: HeaderMap,
) -> ApiResult<Json<WebhookTestView>> {
    let settings = deps.store.get_notify_settings(user.id).await?;
    let no_webhook = || ApiError::status(axum::http::StatusCode::CONFLICT, "No webhook is configured");
    let hook = settings.webhook.ok_or_else(no_webhook)?;
    let secret = deps.store.get_webhook_secret(&deps.cipher, user.id).await?.ok_or_else(no_webhook)?;
    limits::admit(&deps, &user, QuotaKind::WebhookTest, Utc::now()).await?;
    // The app's address: the browser's origin, else the configured one.
    let origin =
        headers.get(axum::http::header::ORIGIN).and_then(|v| v.to_str().ok()).filter(|o| o.starts_with("http"));
    let links =
        Links { app_url: origin.map(str::to_owned).or_else(|| deps.config.alerts.app_url.clone()).unwrap_or_default() };
    let push = Push { kind: PushKind::Test, title: "VinylDigger test alert".to_owned(), alerts: &[], links: &links };
    Ok(Json(match deps.webhooks.send(&hook.url, hook.format, &secret, &push).await {
        Ok(status) => WebhookTestView { delivered: true, status: Some(status), error: None },
        Err(vinyldigger::notify::webhook::WebhookError::Rejected { status }) => WebhookTestView {
            delivered: false,
            status: Some(status),
            error: Some(format!("the webhook answered HTTP {status}")),
        },
        Err(error) => WebhookTestView { delivered: false, status: None, error: Some(error.to_string()) },
    }))
}

#[utoipa::path(get, path = "/api/v1/searches/{search_id}/alerts", tag = "notifications", security(("bearer" = [])),
    params(("search_id" = uuid::Uuid, Path)),
    responses((status = 200, body = AlertRuleView), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn get_rule(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<AlertRuleView>> {
    let search = owned_search(&deps, &user, &raw).await?;
    Ok(Json(AlertRuleView::from(&deps.store.get_alert_rule(search.id).await?)))
}

/// Every field optional; absent leaves it as it is.
#[derive(Deserialize, ToSchema)]
pub struct AlertRuleUpdate {
    #[serde(default)]
    pub wanted: Option<bool>,
    #[serde(default)]
    pub price_drop: Option<bool>,
    #[serde(default)]
    pub bundle: Option<bool>,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 90)]
    pub price_drop_percent: Option<u8>,
    #[serde(default)]
    pub delivery: Option<Delivery>,
}

impl Validate for AlertRuleUpdate {
    fn validate(&self) -> Vec<FieldError> {
        match self.price_drop_percent.filter(|p| !(1..=90).contains(p)) {
            Some(p) => vec![field("price_drop_percent", "value_error", "Input should be between 1 and 90", json!(p))],
            None => Vec::new(),
        }
    }
}

#[utoipa::path(put, path = "/api/v1/searches/{search_id}/alerts", tag = "notifications", security(("bearer" = [])),
    params(("search_id" = uuid::Uuid, Path)), request_body = AlertRuleUpdate,
    responses((status = 200, body = AlertRuleView), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn update_rule(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
    Body(req): Body<AlertRuleUpdate>,
) -> ApiResult<Json<AlertRuleView>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let mut rule: AlertRule = deps.store.get_alert_rule(search.id).await?;
    rule.wanted = req.wanted.unwrap_or(rule.wanted);
    rule.price_drop = req.price_drop.unwrap_or(rule.price_drop);
    rule.bundle = req.bundle.unwrap_or(rule.bundle);
    rule.price_drop_percent = req.price_drop_percent.unwrap_or(rule.price_drop_percent);
    rule.delivery = req.delivery.unwrap_or(rule.delivery);
    deps.store.put_alert_rule(search.id, &rule).await?;
    Ok(Json(AlertRuleView::from(&rule)))
}

#[utoipa::path(get, path = "/api/v1/notifications/unsubscribe", tag = "notifications", params(("token" = Option<String>, Query, description = "The signed token of the e-mail's link.")),
    responses((status = 200, content_type = "text/html", description = "Alert e-mails switched off (no login needed)"),
        (status = 400, content_type = "text/html", description = "The link is not valid")))]
pub async fn unsubscribe(
    State(deps): State<Arc<Deps>>,
    query: QueryParams,
) -> ApiResult<(axum::http::StatusCode, Html<String>)> {
    unsubscribed(&deps, &query).await
}

/// RFC 8058 one-click: mail clients POST to the `List-Unsubscribe` URL.
#[utoipa::path(post, path = "/api/v1/notifications/unsubscribe", tag = "notifications", params(("token" = Option<String>, Query, description = "The signed token of the e-mail's link.")),
    responses((status = 200, content_type = "text/html", description = "Alert e-mails switched off"),
        (status = 400, content_type = "text/html", description = "The link is not valid")))]
pub async fn unsubscribe_one_click(
    State(deps): State<Arc<Deps>>,
    query: QueryParams,
) -> ApiResult<(axum::http::StatusCode, Html<String>)> {
    unsubscribed(&deps, &query).await
}

/// Read leniently (the last of repeated `token`s): a mangled link gets the "not valid" page, never
/// a bare framework error.
async fn unsubscribed(deps: &Deps, query: &QueryParams) -> ApiResult<(axum::http::StatusCode, Html<String>)> {
    let token = query.0.get("token").map(String::as_str).unwrap_or_default();
    let Some(user) = deps.unsubscribe.verify(token) else {
        return Ok((axum::http::StatusCode::BAD_REQUEST, Html(unsubscribe_page(false))));
    };
    deps.store.disable_alert_email(user).await?;
    tracing::info!(user_id = %user, "alert e-mails unsubscribed");
    Ok((axum::http::StatusCode::OK, Html(unsubscribe_page(true))))
}
