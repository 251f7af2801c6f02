//! The results of a saved search, under the search's partition, one item per
//! (platform, listing): the natural de-duplication key.

use super::{Store, StoreError, dynamo, from_item, item_with_key, keys, s};
use crate::domain::ids::SearchId;
use crate::domain::listing::StoredResult;

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
        let mut results = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", keys::PK)
                .expression_attribute_names("#sk", keys::SK)
                .expression_attribute_values(":pk", s(keys::search_pk(search)))
                .expression_attribute_values(":prefix", s(keys::RESULT_SK_PREFIX))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(dynamo)?;
            for item in out.items.unwrap_or_default() {
                results.push(from_item(item)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(results);
            }
        }
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
