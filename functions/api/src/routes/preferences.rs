//! The user's search defaults (docs/behaviour.md#preferences, persisted).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use vinyldigger::domain::countries::{COUNTRY_CODES, country_code};
use vinyldigger::domain::preferences::PreferencesPatch;
use vinyldigger::domain::rates::{REFERENCE_CURRENCIES, reference_currency};

use crate::Deps;
use crate::error::{ApiResult, FieldError};
use crate::extract::{AuthUser, Body, Validate};
use crate::validate::{Checks, LenientInt, MAX_SHORT_TEXT, truncated};
use crate::views::PreferencesResponse;

/// Every field optional; `null`, empty or absent leaves the stored value unchanged.
#[derive(Deserialize, ToSchema)]
pub struct PreferencesUpdate {
    #[serde(default)]
    #[schema(max_length = 10)]
    pub min_record_condition: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10)]
    pub min_sleeve_condition: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10)]
    pub seller_location_preference: Option<String>,
    /// 0 leaves the stored interval as it is.
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 8760)]
    pub check_interval_hours: Option<LenientInt>,
    /// ISO 4217 code every amount is shown in: the euro or one of the ECB's reference currencies.
    #[serde(default)]
    #[schema(schema_with = currency_schema)]
    pub currency: Option<String>,
    /// ISO 3166-1 alpha-2 code of where the collector is, for shipping to them; `""` clears it.
    #[serde(default)]
    #[schema(schema_with = country_schema)]
    pub country: Option<String>,
}

fn code_schema(codes: impl IntoIterator<Item = &'static str>, description: &str) -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(codes.into_iter().map(serde_json::Value::from).chain([serde_json::Value::Null])))
        .description(Some(description))
        .build()
}

fn currency_schema() -> utoipa::openapi::Object {
    code_schema(REFERENCE_CURRENCIES, "ISO 4217 code every amount is shown in (default USD).")
}

fn country_schema() -> utoipa::openapi::Object {
    code_schema(
        std::iter::once("").chain(COUNTRY_CODES),
        "ISO 3166-1 alpha-2 code of where the collector is, for shipping to them; \"\" clears it.",
    )
}

/// A 422 detail for a code outside `codes`.
fn unknown_code(field: &str, value: &str, what: &str) -> FieldError {
    FieldError::body(field, "enum", format!("Input should be a known {what} code"), serde_json::json!(truncated(value)))
}

impl Validate for PreferencesUpdate {
    fn validate(&self) -> Vec<FieldError> {
        let mut checks = Checks::default();
        checks.max_len("min_record_condition", self.min_record_condition.as_deref(), MAX_SHORT_TEXT);
        checks.max_len("min_sleeve_condition", self.min_sleeve_condition.as_deref(), MAX_SHORT_TEXT);
        checks.max_len("seller_location_preference", self.seller_location_preference.as_deref(), MAX_SHORT_TEXT);
        // 0 leaves the stored interval as it is, as it did in the original API.
        checks.interval("check_interval_hours", self.check_interval_hours, 0);
        if let Some(code) = self.currency.as_deref().filter(|c| !REFERENCE_CURRENCIES.contains(c)) {
            checks.push(unknown_code("currency", code, "ISO 4217 currency"));
        }
        if let Some(code) = self.country.as_deref().filter(|c| !c.is_empty() && !COUNTRY_CODES.contains(c)) {
            checks.push(unknown_code("country", code, "ISO 3166-1 alpha-2 country"));
        }
        checks.0
    }
}

#[utoipa::path(get, path = "/api/v1/config/preferences", tag = "preferences", operation_id = "get_preferences",
    security(("bearer" = [])),
    responses((status = 200, body = PreferencesResponse)))]
pub async fn get(State(deps): State<Arc<Deps>>, AuthUser(user): AuthUser) -> ApiResult<Json<PreferencesResponse>> {
    Ok(Json(deps.store.get_preferences(user.id).await?.into()))
}

#[utoipa::path(put, path = "/api/v1/config/preferences", tag = "preferences", operation_id = "update_preferences",
    security(("bearer" = [])),
    request_body = PreferencesUpdate,
    responses((status = 200, body = PreferencesResponse)))]
pub async fn update(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<PreferencesUpdate>,
) -> ApiResult<Json<PreferencesResponse>> {
    let text = |v: Option<String>| v.filter(|s| !s.is_empty());
    let patch = PreferencesPatch {
        min_record_condition: text(req.min_record_condition),
        min_sleeve_condition: text(req.min_sleeve_condition),
        seller_location_preference: text(req.seller_location_preference),
        // 0 meant "unset" upstream.
        check_interval_hours: req.check_interval_hours.and_then(|h| u32::try_from(h.0).ok()).filter(|h| *h > 0),
        // Validated above against the reference currencies, which `reference_currency` accepts.
        currency: req.currency.as_deref().and_then(reference_currency),
        country: req.country.map(|c| country_code(&c).map(str::to_owned)),
    };
    let mut preferences = deps.store.get_preferences(user.id).await?;
    preferences.apply(patch);
    deps.store.put_preferences(user.id, &preferences).await?;
    Ok(Json(preferences.into()))
}
