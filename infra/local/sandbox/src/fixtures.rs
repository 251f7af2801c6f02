//! The fixture files: Discogs-shaped and eBay-shaped JSON, loaded once at start.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::generated;

#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("cannot read fixture {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("fixture {path} is not valid JSON: {source}")]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("fixture {path} has no array under {key:?}")]
    Shape { path: PathBuf, key: &'static str },
}

#[derive(Debug, Clone)]
pub struct Fixtures {
    /// `basic_information`-shaped releases (plus `country`): what database search finds.
    pub releases: Vec<Value>,
    /// Marketplace listings as `users/{name}/inventory` returns them.
    pub inventory: Vec<Value>,
    pub wants: Vec<Value>,
    pub collection: Vec<Value>,
    pub identity: Value,
    /// Browse item summaries.
    pub ebay_items: Vec<Value>,
    pub ebay_user: Value,
}

fn read(dir: &Path, name: &str) -> Result<Value, FixtureError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|source| FixtureError::Read { path: path.clone(), source })?;
    serde_json::from_str(&text).map_err(|source| FixtureError::Json { path, source })
}

fn list(dir: &Path, name: &str, key: &'static str) -> Result<Vec<Value>, FixtureError> {
    match read(dir, name)? {
        Value::Object(mut o) => match o.remove(key) {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(FixtureError::Shape { path: dir.join(name), key }),
        },
        _ => Err(FixtureError::Shape { path: dir.join(name), key }),
    }
}

impl Fixtures {
    /// The fixture files, plus the generated catalogue modelled on their first entries.
    pub fn load(dir: &Path) -> Result<Self, FixtureError> {
        let mut inventory = list(dir, "discogs/inventory.json", "listings")?;
        let mut ebay_items = list(dir, "ebay/item_summaries.json", "itemSummaries")?;
        if let Some(template) = inventory.first().cloned() {
            inventory.extend(generated::inventory(&template));
        }
        if let Some(template) = ebay_items.first().cloned() {
            ebay_items.extend(generated::ebay_items(&template));
        }
        Ok(Self {
            releases: list(dir, "discogs/releases.json", "releases")?,
            inventory,
            wants: list(dir, "discogs/wants.json", "wants")?,
            collection: list(dir, "discogs/collection.json", "releases")?,
            identity: read(dir, "discogs/identity.json")?,
            ebay_items,
            ebay_user: read(dir, "ebay/user.json")?,
        })
    }
}
