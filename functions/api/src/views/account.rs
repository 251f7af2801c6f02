//! Tokens and preferences.

use serde::Serialize;
use utoipa::ToSchema;
use vinyldigger::domain::preferences::Preferences;

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct PreferencesResponse {
    pub min_record_condition: String,
    pub min_sleeve_condition: String,
    pub seller_location_preference: String,
    pub check_interval_hours: u32,
    /// ISO 4217 code every amount is shown in.
    pub currency: String,
    /// ISO 3166-1 alpha-2 code of where the collector is; `null` until set.
    #[schema(required = true)]
    pub country: Option<String>,
}

impl From<Preferences> for PreferencesResponse {
    fn from(p: Preferences) -> Self {
        Self {
            min_record_condition: p.min_record_condition,
            min_sleeve_condition: p.min_sleeve_condition,
            seller_location_preference: p.seller_location_preference,
            check_interval_hours: p.check_interval_hours,
            currency: p.currency.to_string(),
            country: p.country,
        }
    }
}
