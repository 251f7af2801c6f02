//! The results of a saved search, under the search's partition, one item per
//! (platform, listing): the natural de-duplication key.

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Store, StoreError, dynamo, from_item, item_with_key, key_attrs, keys, s};
use crate::domain::ids::SearchId;
use crate::domain::listing::{Listing, StoredResult};
use crate::domain::money::Money;

/// Most results S7 returns.
pub const RESULT_PAGE: usize = 100;

impl Store {
    pub async fn put_result(&self, search: SearchId, result: &StoredResult) -> Result<(), StoreError> {
        let listing = &result.listing;
        let mut item = item_with_key(result, &keys::search_result(search, listing.platform, &listing.listing_id))?;
        let by_price = keys::result_by_price(search, listing.price.minor, listing.platform, &listing.listing_id);
        item.insert(keys::GSI1PK.into(), s(by_price.pk));
        item.insert(keys::GSI1SK.into(), s(by_price.sk));
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(dynamo)?;
        Ok(())
    }

    /// Every result of the search.
    pub async fn list_results(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        self.query_prefix(&keys::search_pk(search), keys::RESULT_SK_PREFIX).await
    }

    /// SPEC S7: results the user does not own, want-list items first, then newest first, at most
    /// [`RESULT_PAGE`].
    pub async fn results_page(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let mut results: Vec<StoredResult> =
            self.list_results(search).await?.into_iter().filter(|r| !r.is_in_collection).collect();
        results.sort_by(|a, b| b.is_in_wantlist.cmp(&a.is_in_wantlist).then(b.created_at.cmp(&a.created_at)));
        results.truncate(RESULT_PAGE);
        Ok(results)
    }
}

/// What a result write found.
#[derive(Debug, Clone, PartialEq)]
pub struct Upserted {
    /// The result's id (kept from the first write).
    pub id: String,
    /// First time this search saw the listing.
    pub is_new: bool,
    /// The price stored before this write, if there was one.
    pub previous_price: Option<Money>,
}

impl Store {
    /// Writes a listing of a search idempotently, keyed by (search, platform, listing id): the
    /// result id and first-seen time are set only on the first write; the listing and its flags
    /// are refreshed on every write.
    pub async fn upsert_result(
        &self,
        search: SearchId,
        listing: &Listing,
        is_in_wantlist: bool,
        is_in_collection: bool,
        now: DateTime<Utc>,
    ) -> Result<Upserted, StoreError> {
        let key = keys::search_result(search, listing.platform, &listing.listing_id);
        let by_price = keys::result_by_price(search, listing.price.minor, listing.platform, &listing.listing_id);
        let new_id = Uuid::new_v4().to_string();
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&key)))
            .update_expression(
                "SET listing = :listing, is_in_wantlist = :wanted, is_in_collection = :owned, updated_at = :now, \
                 id = if_not_exists(id, :id), created_at = if_not_exists(created_at, :now), #g1pk = :g1pk, #g1sk = :g1sk",
            )
            .expression_attribute_names("#g1pk", keys::GSI1PK)
            .expression_attribute_names("#g1sk", keys::GSI1SK)
            .expression_attribute_values(":listing", serde_dynamo::to_attribute_value(listing)?)
            .expression_attribute_values(":wanted", AttributeValue::Bool(is_in_wantlist))
            .expression_attribute_values(":owned", AttributeValue::Bool(is_in_collection))
            .expression_attribute_values(":now", serde_dynamo::to_attribute_value(now)?)
            .expression_attribute_values(":id", s(&new_id))
            .expression_attribute_values(":g1pk", s(by_price.pk))
            .expression_attribute_values(":g1sk", s(by_price.sk))
            .return_values(ReturnValue::AllOld)
            .send()
            .await
            .map_err(dynamo)?;
        let old = out.attributes.filter(|a| a.contains_key("listing"));
        let previous: Option<StoredResult> = old.map(from_item).transpose()?;
        Ok(match previous {
            Some(p) => Upserted { id: p.id, is_new: false, previous_price: Some(p.listing.price) },
            None => Upserted { id: new_id, is_new: true, previous_price: None },
        })
    }
}
