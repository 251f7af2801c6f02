//! Sellers, global and shared by every user and search, keyed by (platform, seller id).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Item, Store, StoreError, item_with_key, keys};
use crate::domain::listing::SellerInfo;
use crate::domain::platform::Platform;
use crate::domain::region::{Region, region};

/// A seller as last seen on a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerRecord {
    pub platform: Platform,
    pub info: SellerInfo,
    pub country_code: Region,
    pub updated_at: DateTime<Utc>,
}

/// The seller's item as the newest listing describes it.
pub(crate) fn seller_item(platform: Platform, info: &SellerInfo, now: DateTime<Utc>) -> Result<Item, StoreError> {
    let record =
        SellerRecord { platform, info: info.clone(), country_code: region(info.location.as_deref()), updated_at: now };
    item_with_key(&record, &keys::seller(platform, &info.id))
}

impl Store {
    pub async fn get_seller(&self, platform: Platform, id: &str) -> Result<Option<SellerRecord>, StoreError> {
        self.get(&keys::seller(platform, id)).await
    }
}
