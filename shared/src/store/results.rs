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
        if !result.is_in_collection {
            let created = result.created_at.unwrap_or(DateTime::UNIX_EPOCH);
            let open = keys::open_result(search, result.is_in_wantlist, created, listing.platform, &listing.listing_id);
            item.insert(keys::GSI2PK.into(), s(open.pk));
            item.insert(keys::GSI2SK.into(), s(open.sk));
        }
        self.put(item).await
    }

    /// Every result of the search.
    pub async fn list_results(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        self.query_prefix(&keys::search_pk(search), keys::RESULT_SK_PREFIX).await
    }

    /// docs/behaviour.md#saved-searches: results the user does not own, want-list items first, then newest first, at most
    /// [`RESULT_PAGE`]: the first page of the open-results index, however many results there are.
    pub async fn results_page(&self, search: SearchId) -> Result<Vec<StoredResult>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::GSI2)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", keys::GSI2PK)
            .expression_attribute_values(":pk", s(keys::open_results_pk(search)))
            .scan_index_forward(false);
        self.collect_query(query, Some(RESULT_PAGE)).await
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
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&key)))
            .expression_attribute_names("#g1pk", keys::GSI1PK)
            .expression_attribute_names("#g1sk", keys::GSI1SK);
        let mut expression = "SET listing = :listing, is_in_wantlist = :wanted, is_in_collection = :owned, \
             updated_at = :now, id = if_not_exists(id, :id), created_at = if_not_exists(created_at, :now), \
             #g1pk = :g1pk, #g1sk = :g1sk"
            .to_owned();
        if !is_in_collection {
            // Right for a first write; for a listing whose flags changed, fixed below.
            let open = keys::open_result(search, is_in_wantlist, now, listing.platform, &listing.listing_id);
            expression.push_str(", #g2pk = if_not_exists(#g2pk, :g2pk), #g2sk = if_not_exists(#g2sk, :g2sk)");
            update = update
                .expression_attribute_names("#g2pk", keys::GSI2PK)
                .expression_attribute_names("#g2sk", keys::GSI2SK)
                .expression_attribute_values(":g2pk", s(open.pk))
                .expression_attribute_values(":g2sk", s(open.sk));
        }
        let out = update
            .update_expression(expression)
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
            Some(p) => {
                if (p.is_in_wantlist, p.is_in_collection) != (is_in_wantlist, is_in_collection) {
                    let created = p.created_at.unwrap_or(now);
                    self.reindex_open_result(search, listing, is_in_wantlist, is_in_collection, created).await?;
                }
                Upserted { id: p.id, is_new: false, previous_price: Some(p.listing.price) }
            }
            None => Upserted { id: new_id, is_new: true, previous_price: None },
        })
    }

    /// Moves a result whose flags changed to its place in the open-results index, or out of it
    /// once the user owns the record.
    async fn reindex_open_result(
        &self,
        search: SearchId,
        listing: &Listing,
        is_in_wantlist: bool,
        is_in_collection: bool,
        created_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let key = keys::search_result(search, listing.platform, &listing.listing_id);
        let update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&key)))
            .expression_attribute_names("#g2pk", keys::GSI2PK)
            .expression_attribute_names("#g2sk", keys::GSI2SK);
        let update = if is_in_collection {
            update.update_expression("REMOVE #g2pk, #g2sk")
        } else {
            let open = keys::open_result(search, is_in_wantlist, created_at, listing.platform, &listing.listing_id);
            update
                .update_expression("SET #g2pk = :g2pk, #g2sk = :g2sk")
                .expression_attribute_values(":g2pk", s(open.pk))
                .expression_attribute_values(":g2sk", s(open.sk))
        };
        update.send().await.map_err(dynamo)?;
        Ok(())
    }
}
