//! Field rules shared by request bodies, and serde helpers that tell "absent" from "null".

use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::path_param;

/// A field that may be absent but, when present, must not be `null` (docs/behaviour.md#saved-searches, docs/spec-deviations.md).
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A nullable field of a partial update: absent → `None`, `null` → `Some(None)`.
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// An integer that also accepts numeric strings and whole floats, as the upstream API did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LenientInt(pub i64);

impl<'de> Deserialize<'de> for LenientInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = Value::deserialize(d)?;
        let parsed = match &value {
            Value::Number(n) => {
                n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map(|f| f as i64))
            }
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        parsed.map(LenientInt).ok_or_else(|| D::Error::custom(format!("Input should be a valid integer, got {value}")))
    }
}

/// Longest search interval: a year, enough for any sensible cadence and far from overflowing
/// time arithmetic.
pub const MAX_INTERVAL_HOURS: i64 = 8760;
/// Longest grade or region text (`Near Mint (NM or M-)` is written `NM`).
pub const MAX_SHORT_TEXT: usize = 10;

/// Collects field errors of one body.
#[derive(Default)]
pub struct Checks(pub Vec<FieldError>);

/// `value` of the parameter `field` in `location` (`body`, `query`, `path`) if it is longer than
/// `max` characters. Every text that becomes part of a storage key is bounded this way: DynamoDB
/// refuses keys over 2 KB with an error that would otherwise be a 500.
pub fn too_long(location: &str, field: &str, value: &str, max: usize) -> Option<FieldError> {
    (value.chars().count() > max).then(|| {
        FieldError::new(
            "string_too_long",
            location,
            field,
            format!("String should have at most {max} characters"),
            json!(truncated(value)),
        )
    })
}

/// `value` if it is shorter than `min` characters.
pub fn too_short(location: &str, field: &str, value: &str, min: usize) -> Option<FieldError> {
    (value.chars().count() < min).then(|| {
        let unit = if min == 1 { "character" } else { "characters" };
        FieldError::new(
            "string_too_short",
            location,
            field,
            format!("String should have at least {min} {unit}"),
            json!(truncated(value)),
        )
    })
}

impl Checks {
    pub fn max_len(&mut self, field: &str, value: Option<&str>, max: usize) {
        self.0.extend(value.and_then(|v| too_long("body", field, v, max)));
    }

    /// An interval in hours between `min` and [`MAX_INTERVAL_HOURS`].
    pub fn interval(&mut self, field: &str, value: Option<LenientInt>, min: i64) {
        if let Some(LenientInt(hours)) = value.filter(|h| !(min..=MAX_INTERVAL_HOURS).contains(&h.0)) {
            let (kind, msg) = if hours < min {
                ("greater_than_equal", format!("Input should be greater than or equal to {min}"))
            } else {
                ("less_than_equal", format!("Input should be less than or equal to {MAX_INTERVAL_HOURS}"))
            };
            self.0.push(FieldError::body(field, kind, msg, json!(hours)));
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }
}

/// Echoing a megabyte of input back is no help to anyone.
pub fn truncated(value: &str) -> String {
    value.chars().take(100).collect()
}

/// A Discogs release id in a path. Digits only: `u64`'s parser would also take `+7`, which the
/// document does not allow.
pub fn release_id(raw: &str) -> ApiResult<u64> {
    if raw.is_empty() || raw.len() > 19 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::field(FieldError::new(
            "string_pattern_mismatch",
            "path",
            "release_id",
            "String should match pattern '^[0-9]{1,19}$'",
            json!(truncated(raw)),
        )));
    }
    path_param("release_id", raw, "int_parsing")
}
