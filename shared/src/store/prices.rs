//! Price history: one item per observed price of a listing, and a rollup item per release and day
//! that concurrent writers update atomically.

use aws_sdk_dynamodb::types::ReturnValue;
use chrono::{DateTime, Utc};

use super::{Store, StoreError, applied, dynamo, item_with_key, key_attrs, keys, n};
use crate::domain::money::Money;
use crate::domain::platform::Platform;
use crate::domain::price_history::{DayPrices, PricePoint};

impl Store {
    pub async fn put_price_point(
        &self,
        platform: Platform,
        listing_id: &str,
        point: &PricePoint,
    ) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item_with_key(point, &keys::price_point(platform, listing_id, point.at))?))
            .send()
            .await
            .map_err(dynamo)?;
        Ok(())
    }

    /// A listing's prices, oldest first.
    pub async fn price_points(&self, platform: Platform, listing_id: &str) -> Result<Vec<PricePoint>, StoreError> {
        let pk = keys::price_point(platform, listing_id, Utc::now()).pk;
        self.query_prefix(&pk, "PRICE#").await
    }

    /// Adds one observed price of a release to its day's rollup.
    pub async fn record_release_price(
        &self,
        release_id: &str,
        price: Money,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let key = keys::release_price_day(release_id, at.date_naive());
        let day: aws_sdk_dynamodb::types::AttributeValue = serde_dynamo::to_attribute_value(at.date_naive())?;
        let money: aws_sdk_dynamodb::types::AttributeValue = serde_dynamo::to_attribute_value(price)?;
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&key)))
            .update_expression(
                "SET #day = :day, #min = if_not_exists(#min, :price), #max = if_not_exists(#max, :price) \
                 ADD total_minor :minor, #count :one",
            )
            .expression_attribute_names("#day", "day")
            .expression_attribute_names("#min", "min")
            .expression_attribute_names("#max", "max")
            .expression_attribute_names("#count", "count")
            .expression_attribute_values(":day", day)
            .expression_attribute_values(":price", money.clone())
            .expression_attribute_values(":minor", n(price.minor))
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::None)
            .send()
            .await
            .map_err(dynamo)?;
        // Lower the minimum / raise the maximum only if this price beats them; a lost race is
        // fine because the winner's condition saw an even better value.
        for (bound, op) in [("min", ">"), ("max", "<")] {
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(key_attrs(&key)))
                .update_expression("SET #b = :price")
                .condition_expression(format!("#b.minor {op} :minor"))
                .expression_attribute_names("#b", bound)
                .expression_attribute_values(":price", money.clone())
                .expression_attribute_values(":minor", n(price.minor))
                .send()
                .await;
            applied(result)?;
        }
        Ok(())
    }

    /// A release's daily rollups, oldest first.
    pub async fn release_price_days(&self, release_id: &str) -> Result<Vec<DayPrices>, StoreError> {
        let pk = keys::release_price_day(release_id, Utc::now().date_naive()).pk;
        self.query_prefix(&pk, "DAY#").await
    }
}
