//! A user's defaults for new searches (docs/behaviour.md#preferences, persisted, unlike the original).

use crate::domain::money::Currency;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub min_record_condition: String,
    pub min_sleeve_condition: String,
    pub seller_location_preference: String,
    pub check_interval_hours: u32,
    /// Every amount the product shows is in this currency (ISO 4217; one of the
    /// `rates::REFERENCE_CURRENCIES`).
    #[serde(default)]
    pub currency: Currency,
    /// Where the collector is (ISO 3166-1 alpha-2), for shipping to them; `None` until they say.
    #[serde(default)]
    pub country: Option<String>,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            min_record_condition: "VG+".into(),
            min_sleeve_condition: "VG+".into(),
            seller_location_preference: "US".into(),
            check_interval_hours: 24,
            currency: Currency::USD,
            country: None,
        }
    }
}

/// The fields a user changes; absent ones stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferencesPatch {
    pub min_record_condition: Option<String>,
    pub min_sleeve_condition: Option<String>,
    pub seller_location_preference: Option<String>,
    pub check_interval_hours: Option<u32>,
    pub currency: Option<Currency>,
    /// `Some(None)` clears the country.
    pub country: Option<Option<String>>,
}

impl Preferences {
    pub fn apply(&mut self, patch: PreferencesPatch) {
        if let Some(v) = patch.min_record_condition {
            self.min_record_condition = v;
        }
        if let Some(v) = patch.min_sleeve_condition {
            self.min_sleeve_condition = v;
        }
        if let Some(v) = patch.seller_location_preference {
            self.seller_location_preference = v;
        }
        if let Some(v) = patch.check_interval_hours {
            self.check_interval_hours = v;
        }
        if let Some(v) = patch.currency {
            self.currency = v;
        }
        if let Some(v) = patch.country {
            self.country = v;
        }
    }
}
