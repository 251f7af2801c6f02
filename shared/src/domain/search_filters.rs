//! A saved search's `filters`: the keys the fetchers understand, typed, and anything else a client
//! stores kept as it came (bounded, so it always fits a queue message and a DynamoDB item).
//!
//! Known keys accept the lenient forms clients send (a number or a numeric string for a price; one
//! value or a list for conditions and styles; a list or a comma-separated string for followed
//! sellers) and are written back in one canonical form. See docs/behaviour.md#saved-search-filters.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Number, Value};

use super::money::{Currency, Money};

/// Serialised size of the whole `filters` object a client may store.
pub const MAX_FILTERS_BYTES: usize = 16 * 1024;
/// Nesting depth of `filters` (the object itself is level 1).
pub const MAX_FILTERS_DEPTH: usize = 8;
/// Length of any key of `filters`, at any depth.
pub const MAX_FILTER_KEY_CHARS: usize = 100;
/// Length of any one text value of a known key.
pub const MAX_FILTER_TEXT_CHARS: usize = 100;
/// Followed Discogs sellers, conditions or styles in one list.
pub const MAX_FILTER_LIST: usize = 20;
/// eBay's page size and offset at most.
pub const MAX_EBAY_WINDOW: u32 = 10_000;
/// Latest year a release year filter may name.
pub const MAX_YEAR: u32 = 9999;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchFilters {
    /// Lowest **landed cost** (item + shipping to the user), in `currency` (0 means no bound); a
    /// number or a decimal text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::amount))]
    pub min_price: Option<Amount>,
    /// Highest landed cost, in `currency` (0 means no bound); a number or a decimal text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::amount))]
    pub max_price: Option<Amount>,
    /// ISO 4217 code of the price bounds; the user's currency when absent. Only a maximum with a
    /// currency of its own is also sent to the marketplace, as a pre-filter of item prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = "^[A-Z]{3}$"))]
    pub currency: Option<Currency>,
    /// Fallbacks for the search's own columns of the same names.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub min_record_condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub min_sleeve_condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub seller_location_preference: Option<String>,
    /// eBay conditions (`new`, `like_new`, `used`, `very_good`, `good`, `acceptable`, or an eBay
    /// condition name); one value or a list.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "one_or_many")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::texts))]
    pub condition: Vec<String>,
    /// eBay category; Vinyl Records when absent.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub category_id: Option<String>,
    /// eBay item location, an ISO 3166 country code.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub item_location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortOrder>,
    /// eBay page size and offset; a number or a numeric text.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_int")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::ebay_window))]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_int")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::ebay_window))]
    pub offset: Option<u32>,
    /// Discogs database search filters.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "text")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub genre: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "one_or_many")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::texts))]
    pub style: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_int")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::year))]
    pub year_from: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_int")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::year))]
    pub year_to: Option<u32>,
    /// Discogs usernames whose inventories the search reads; a list or a comma-separated text.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "sellers")]
    #[cfg_attr(feature = "openapi", schema(schema_with = openapi::texts))]
    pub discogs_sellers: Vec<String>,
    /// Keys VinylDigger does not read, kept for the client.
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub extra: Map<String, Value>,
}

/// eBay's result orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// eBay's own relevance order, as when no sort is given.
    BestMatch,
    PriceAsc,
    PriceDesc,
    DateDesc,
    Distance,
}

/// Smallest price bound other than 0, and the bound every price bound is below.
pub const MIN_AMOUNT: f64 = 0.001;
pub const MAX_AMOUNT: f64 = 1e12;

/// A non-negative decimal as the client wrote it (kept as a JSON number, so `10` stays `10`).
#[derive(Debug, Clone, PartialEq)]
pub struct Amount(Number);

impl Amount {
    /// The amount in `currency`; `None` for zero, which clients of the original API send for "no bound".
    pub fn money(&self, currency: Currency) -> Option<Money> {
        Money::from_json_number(&self.0, currency).ok().filter(|m| !m.is_zero())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let number = match Value::deserialize(d)? {
            Value::Number(n) => n,
            Value::String(s) => {
                s.trim().parse::<Number>().map_err(|_| de::Error::custom("a price must be a number"))?
            }
            _ => return Err(de::Error::custom("a price must be a number")),
        };
        // 0 means no bound; anything else is at least the smallest minor unit of any currency,
        // which also keeps out the tiny numbers DynamoDB cannot store.
        match number.as_f64() {
            Some(f) if f == 0.0 || (MIN_AMOUNT..MAX_AMOUNT).contains(&f) => Ok(Amount(number)),
            _ => Err(de::Error::custom("a price must be 0, or from 0.001 to below 10^12")),
        }
    }
}

impl SearchFilters {
    /// The currency marketplaces are asked for prices in (the bounds' currency when it is named).
    pub fn currency(&self) -> Currency {
        self.currency.unwrap_or(Currency::USD)
    }

    pub fn min_price(&self) -> Option<Money> {
        self.min_price.as_ref().and_then(|a| a.money(self.currency()))
    }

    pub fn max_price(&self) -> Option<Money> {
        self.max_price.as_ref().and_then(|a| a.money(self.currency()))
    }

    /// The bound a marketplace may pre-filter item prices by: the maximum, when the bounds name
    /// their currency. The bounds are landed costs, which are never below the item price, so it
    /// drops nothing the post-filter keeps; a minimum would (a cheap item with dear shipping).
    pub fn marketplace_max_price(&self) -> Option<Money> {
        self.currency.and_then(|_| self.max_price())
    }

    /// What is wrong with a client's filters, as (field path, message) pairs; empty when they can
    /// be stored, queued and echoed safely.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        let size = serde_json::to_vec(self).map_or(usize::MAX, |bytes| bytes.len());
        if size > MAX_FILTERS_BYTES {
            problems.push(("filters".to_owned(), format!("filters take {size} bytes; at most {MAX_FILTERS_BYTES}")));
        }
        for (name, list) in
            [("condition", &self.condition), ("style", &self.style), ("discogs_sellers", &self.discogs_sellers)]
        {
            if list.len() > MAX_FILTER_LIST {
                problems.push((format!("filters.{name}"), format!("at most {MAX_FILTER_LIST} values")));
            }
        }
        for (name, value, max) in [
            ("limit", self.limit, MAX_EBAY_WINDOW),
            ("offset", self.offset, MAX_EBAY_WINDOW),
            ("year_from", self.year_from, MAX_YEAR),
            ("year_to", self.year_to, MAX_YEAR),
        ] {
            if value.is_some_and(|v| v > max) {
                problems.push((format!("filters.{name}"), format!("at most {max}")));
            }
        }
        let texts = [
            ("min_record_condition", self.min_record_condition.as_deref()),
            ("min_sleeve_condition", self.min_sleeve_condition.as_deref()),
            ("seller_location_preference", self.seller_location_preference.as_deref()),
            ("category_id", self.category_id.as_deref()),
            ("item_location", self.item_location.as_deref()),
            ("genre", self.genre.as_deref()),
        ];
        let listed =
            self.condition.iter().chain(&self.style).chain(&self.discogs_sellers).map(|v| ("", Some(v.as_str())));
        for (name, text) in texts.into_iter().chain(listed) {
            if text.is_some_and(|t| t.chars().count() > MAX_FILTER_TEXT_CHARS) {
                let field = if name.is_empty() { "filters".to_owned() } else { format!("filters.{name}") };
                problems.push((field, format!("at most {MAX_FILTER_TEXT_CHARS} characters per value")));
            }
        }
        for (key, value) in &self.extra {
            check_value(&format!("filters.{key}"), key, value, 2, &mut problems);
        }
        problems
    }
}

/// Keys, depth and numbers of a free-form value; DynamoDB stores numbers of at most 38
/// significant digits between 1e-130 and 1e126 in magnitude, and refuses empty map keys.
fn check_value(path: &str, key: &str, value: &Value, depth: usize, problems: &mut Vec<(String, String)>) {
    let short: String = path.chars().take(120).collect();
    if key.is_empty() || key.chars().count() > MAX_FILTER_KEY_CHARS {
        problems.push((short.clone(), format!("keys must have 1 to {MAX_FILTER_KEY_CHARS} characters")));
    }
    if depth > MAX_FILTERS_DEPTH {
        problems.push((short, format!("nested deeper than {MAX_FILTERS_DEPTH} levels")));
        return;
    }
    match value {
        Value::Number(n) if !storable(n) => problems.push((short, "a number DynamoDB cannot store".to_owned())),
        Value::Array(items) => items.iter().for_each(|v| check_value(path, "_", v, depth + 1, problems)),
        Value::Object(map) => {
            map.iter().for_each(|(k, v)| check_value(&format!("{path}.{k}"), k, v, depth + 1, problems));
        }
        _ => {}
    }
}

fn storable(n: &Number) -> bool {
    if n.is_i64() || n.is_u64() {
        return true;
    }
    let Some(f) = n.as_f64() else { return false };
    let magnitude = f.abs();
    f.is_finite() && (magnitude == 0.0 || (1e-130..1e126).contains(&magnitude))
}

/// The document's description of the lenient forms and of the free-form keys: what the API accepts,
/// no more and no less, so a contract test can tell a valid request from an invalid one.
#[cfg(feature = "openapi")]
pub mod openapi {
    use utoipa::openapi::Ref;
    use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};

    use super::{
        MAX_AMOUNT, MAX_EBAY_WINDOW, MAX_FILTER_KEY_CHARS, MAX_FILTER_LIST, MAX_FILTER_TEXT_CHARS, MAX_FILTERS_DEPTH,
        MAX_YEAR, MIN_AMOUNT,
    };

    fn null() -> ObjectBuilder {
        ObjectBuilder::new().schema_type(Type::Null)
    }

    fn text() -> ObjectBuilder {
        ObjectBuilder::new().schema_type(Type::String).max_length(Some(MAX_FILTER_TEXT_CHARS))
    }

    /// A price bound: 0, or a number from 0.001 to below 10^12; or the same as a decimal text.
    pub fn amount() -> Schema {
        let zero = ObjectBuilder::new().schema_type(Type::Number).enum_values(Some([0]));
        let number = ObjectBuilder::new()
            .schema_type(Type::Number)
            .minimum(Some(MIN_AMOUNT))
            .exclusive_maximum(Some(MAX_AMOUNT));
        let decimal = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^([1-9][0-9]{0,11}(\.[0-9]+)?|0\.(00[1-9]|0[1-9]|[1-9])[0-9]*|0(\.0+)?)$"));
        Schema::OneOf(OneOfBuilder::new().item(zero).item(number).item(decimal).item(null()).build())
    }

    /// One text, or a list of at most 20.
    pub fn texts() -> Schema {
        let list = ArrayBuilder::new().items(text()).max_items(Some(MAX_FILTER_LIST));
        Schema::OneOf(OneOfBuilder::new().item(text()).item(list).item(null()).build())
    }

    fn whole(max: u32, digits: &str) -> Schema {
        let number = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).maximum(Some(max));
        let text = ObjectBuilder::new().schema_type(Type::String).pattern(Some(digits));
        Schema::OneOf(OneOfBuilder::new().item(number).item(text).item(null()).build())
    }

    /// eBay's page size or offset: 0 to 10 000, as a number or a numeric text.
    pub fn ebay_window() -> Schema {
        whole(MAX_EBAY_WINDOW, "^([0-9]{1,4}|10000)$")
    }

    pub fn year() -> Schema {
        whole(MAX_YEAR, "^[0-9]{1,4}$")
    }

    /// The names every key of `filters` may have, at any depth.
    pub fn key_names() -> ObjectBuilder {
        ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(MAX_FILTER_KEY_CHARS))
    }

    /// The name of the schema of a free-form value at `depth` (the filters object is depth 1).
    pub fn free_value_name(depth: usize) -> String {
        format!("FilterValue{depth}")
    }

    /// The schemas of the values of keys VinylDigger does not read, one per depth from 2 (each
    /// nests the next by reference): any JSON value DynamoDB can store (no number of 10^126 or
    /// more in magnitude, none below 10^-130 but 0), nested at most [`MAX_FILTERS_DEPTH`] deep,
    /// keys of 1 to 100 characters.
    pub fn free_values() -> Vec<(String, Schema)> {
        (2..=MAX_FILTERS_DEPTH).map(|depth| (free_value_name(depth), free_value(depth))).collect()
    }

    fn free_value(depth: usize) -> Schema {
        let storable = AnyOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Number).minimum(Some(1e-130)).exclusive_maximum(Some(1e126)))
            .item(ObjectBuilder::new().schema_type(Type::Number).maximum(Some(-1e-130)).exclusive_minimum(Some(-1e126)))
            .item(ObjectBuilder::new().schema_type(Type::Number).enum_values(Some([0])));
        let scalars =
            ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Boolean, Type::Null]));
        let (list, map) = if depth < MAX_FILTERS_DEPTH {
            let inner = Ref::from_schema_name(free_value_name(depth + 1));
            (
                ArrayBuilder::new().items(inner.clone()),
                ObjectBuilder::new().property_names(Some(key_names())).additional_properties(Some(inner)),
            )
        } else {
            (ArrayBuilder::new().max_items(Some(0)), ObjectBuilder::new().max_properties(Some(0)))
        };
        Schema::AnyOf(
            AnyOfBuilder::new().item(scalars).item(storable).item(list).item(map.schema_type(Type::Object)).build(),
        )
    }
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let values = match Option::<OneOrMany>::deserialize(d)
        .map_err(|_| de::Error::custom("expected a text or a list of texts"))?
    {
        None => Vec::new(),
        Some(OneOrMany::One(value)) => vec![value],
        // Counted as sent (blank values included), as the API document states the bound.
        Some(OneOrMany::Many(values)) if values.len() > MAX_FILTER_LIST => {
            return Err(de::Error::custom(format!("at most {MAX_FILTER_LIST} values")));
        }
        Some(OneOrMany::Many(values)) => values,
    };
    Ok(values.into_iter().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect())
}

/// Discogs usernames, trimmed, without duplicates (Discogs usernames are case-insensitive).
fn sellers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let names = one_or_many(d)?;
    let mut seen = std::collections::HashSet::new();
    Ok(names
        .iter()
        .flat_map(|n| n.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty() && seen.insert(n.to_lowercase()))
        .map(str::to_owned)
        .collect())
}

/// A whole number given as a number or a numeric string.
fn lenient_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let parsed = match Option::<Value>::deserialize(d)? {
        None => return Ok(None),
        // A whole float (`5.0`) is a whole number too, as JSON Schema's `integer` says.
        Some(Value::Number(n)) => n.as_u64().or_else(|| {
            n.as_f64().filter(|f| f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(f)).map(|f| f as u64)
        }),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(_) => None,
    };
    parsed.and_then(|n| u32::try_from(n).ok()).map(Some).ok_or_else(|| de::Error::custom("expected a whole number ≥ 0"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: Value) -> Result<SearchFilters, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn lenient_forms_are_read_and_written_back_in_one_form() {
        let f = parse(json!({
            "min_price": "10", "max_price": 50, "currency": "EUR", "condition": "used", "style": ["Hard Bop", " "],
            "year_from": "1958", "discogs_sellers": "vinyl_vault, Crate_Diggers,,crate_diggers", "sort": "price_asc",
            "genre": "  Jazz ", "theme": {"colour": "blue"}
        }))
        .unwrap();
        assert_eq!(f.min_price(), Some(Money::new(1000, Currency::EUR)));
        assert_eq!(f.max_price(), Some(Money::new(5000, Currency::EUR)));
        assert_eq!(f.condition, vec!["used"]);
        assert_eq!(f.style, vec!["Hard Bop"]);
        assert_eq!(f.year_from, Some(1958));
        assert_eq!(f.discogs_sellers, vec!["vinyl_vault", "Crate_Diggers"]);
        assert_eq!(f.sort, Some(SortOrder::PriceAsc));
        assert_eq!(f.genre.as_deref(), Some("Jazz"));
        assert_eq!(f.extra["theme"], json!({"colour": "blue"}));
        let written = serde_json::to_value(&f).unwrap();
        assert_eq!(written["discogs_sellers"], json!(["vinyl_vault", "Crate_Diggers"]));
        assert_eq!(written["max_price"], json!(50));
        assert_eq!(written["theme"], json!({"colour": "blue"}));
        assert_eq!(serde_json::to_value(parse(json!({"min_price": 10})).unwrap()).unwrap(), json!({"min_price": 10}));
        assert_eq!(serde_json::to_value(SearchFilters::default()).unwrap(), json!({}));
    }

    #[test]
    fn whole_floats_are_whole_numbers() {
        let f = parse(json!({"limit": 0.0, "year_from": 1958.0})).unwrap();
        assert_eq!((f.limit, f.year_from), (Some(0), Some(1958)));
    }

    #[test]
    fn a_zero_bound_is_no_bound() {
        let f = parse(json!({"min_price": 0, "max_price": "0.00"})).unwrap();
        assert_eq!((f.min_price(), f.max_price()), (None, None));
        assert_eq!(f.currency(), Currency::USD);
    }

    #[test]
    fn wrong_types_of_known_keys_are_refused() {
        for bad in [
            json!({"min_price": "cheap"}),
            json!({"max_price": -1}),
            json!({"max_price": 1e300}),
            json!({"min_price": 2.2250738585072014e-308}),
            json!({"min_price": "0.0001"}),
            json!({"year_from": 1.5}),
            json!({"currency": "euro"}),
            json!({"sort": "relevance"}),
            json!({"year_from": -3}),
            json!({"condition": {"a": 1}}),
            json!({"discogs_sellers": [7]}),
        ] {
            assert!(parse(bad.clone()).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn unsafe_free_form_values_are_problems() {
        let problems = |v: Value| parse(v).unwrap().problems();
        assert!(problems(json!({"theme": {"colour": "blue"}, "n": 1.5, "big": 12345678901234_i64})).is_empty());
        assert_eq!(problems(json!({"": 1}))[0].0, "filters.");
        for number in [1e300, -1e300, 1e-300, 5e-324, 1e308] {
            let found = problems(json!({ "x": number }));
            assert_eq!(found.len(), 1, "{number}");
            assert!(found[0].1.contains("cannot store"));
        }
        let mut deep = json!(1);
        for _ in 0..40 {
            deep = json!({ "a": deep });
        }
        let found = problems(json!({ "deep": deep }));
        assert!(found.iter().any(|(_, m)| m.contains("nested deeper")), "{found:?}");
        let long_key = "k".repeat(101);
        assert_eq!(problems(json!({ long_key: 1 })).len(), 1);
        let big = "x".repeat(20_000);
        assert!(problems(json!({ "blob": big })).iter().any(|(f, _)| f == "filters"));
        let many: Vec<String> = (0..21).map(|i| format!("s{i}")).collect();
        assert!(parse(json!({ "discogs_sellers": many.clone() })).is_err(), "a list is counted as sent");
        let one_text = many.join(",");
        assert_eq!(problems(json!({ "discogs_sellers": one_text }))[0].0, "filters.discogs_sellers");
    }
}
