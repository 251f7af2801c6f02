//! Runs of a search, under the search's partition with time-ordered keys.
//!
//! A run knows which marketplaces are still pending (a string set). Each marketplace's last
//! result batch removes itself from the set with a condition, so a redelivered batch changes
//! nothing, and the writer that empties the set is the one that completes the run.

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use chrono::{DateTime, Utc};

use super::keys::attr;
use super::{Store, StoreError, applied, conditional, dynamo, from_item, item_with_key, key_attrs, keys, n, names, s};
use crate::domain::ids::{RunId, SearchId};
use crate::domain::platform::Platform;
use crate::domain::run::{Run, RunStatus};

/// What one chunk of results added to a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChunkStats {
    pub listings: u32,
    pub new_results: u32,
    /// Result ids of new want-list matches.
    pub wanted: Vec<String>,
    /// `<platform>#<listing id>#<old minor>#<new minor>`.
    pub price_drops: Vec<String>,
}

fn status(status: RunStatus) -> Result<AttributeValue, StoreError> {
    Ok(serde_dynamo::to_attribute_value(status)?)
}

fn time(at: DateTime<Utc>) -> Result<AttributeValue, StoreError> {
    Ok(serde_dynamo::to_attribute_value(at)?)
}

impl Store {
    pub async fn create_run(&self, run: &Run) -> Result<(), StoreError> {
        let mut item = item_with_key(run, &keys::run(run.search_id, run.id))?;
        // String sets, so marketplaces can leave `pending` with DELETE and chunks join the others
        // with ADD. DynamoDB cannot store an empty set: they come into being on first ADD.
        for set in [attr::PENDING, attr::RECEIVED, attr::NEW_WANTLIST_MATCHES, attr::PRICE_DROPS] {
            item.remove(set);
        }
        if !run.pending.is_empty() {
            let pending = run.pending.iter().map(|p| p.as_str().to_owned()).collect();
            item.insert(attr::PENDING.into(), AttributeValue::Ss(pending));
        }
        if self.put_new(item).await? { Ok(()) } else { Err(StoreError::Exists) }
    }

    pub async fn get_run(&self, search: SearchId, run: RunId) -> Result<Option<Run>, StoreError> {
        self.get(&keys::run(search, run)).await
    }

    pub async fn latest_run(&self, search: SearchId) -> Result<Option<Run>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#sk", keys::SK)
            .expression_attribute_values(":pk", s(keys::search_pk(search)))
            .expression_attribute_values(":prefix", s(keys::RUN_SK_PREFIX))
            .scan_index_forward(false)
            .limit(1)
            .consistent_read(true)
            .send()
            .await
            .map_err(dynamo)?;
        out.items.unwrap_or_default().into_iter().next().map(from_item).transpose()
    }

    /// Records a written chunk of results once, with its counts; a redelivered chunk changes
    /// nothing. Returns the run as it is afterwards.
    pub async fn record_chunk(
        &self,
        run: &Run,
        platform: Platform,
        chunk: u32,
        stats: &ChunkStats,
        now: DateTime<Utc>,
    ) -> Result<Run, StoreError> {
        let marker = Run::chunk_marker(platform, chunk);
        let mut adds = vec!["#received :marker_set"];
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::run(run.search_id, run.id))))
            .condition_expression("attribute_exists(#pk) AND NOT contains(#received, :marker)")
            .set_expression_attribute_names(Some(names(&[
                attr::RECEIVED,
                attr::LISTINGS,
                attr::NEW_RESULTS,
                attr::UPDATED_AT,
            ])))
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#p", platform.as_str())
            .expression_attribute_values(":marker", s(&marker))
            .expression_attribute_values(":marker_set", AttributeValue::Ss(vec![marker.clone()]))
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":listings", n(stats.listings))
            .expression_attribute_values(":new", n(stats.new_results))
            .expression_attribute_values(":now", time(now)?)
            .return_values(ReturnValue::AllNew);
        if !stats.wanted.is_empty() {
            adds.push("#new_wantlist_matches :wanted");
            update = update
                .expression_attribute_names("#new_wantlist_matches", attr::NEW_WANTLIST_MATCHES)
                .expression_attribute_values(":wanted", AttributeValue::Ss(stats.wanted.clone()));
        }
        if !stats.price_drops.is_empty() {
            adds.push("#price_drops :drops");
            update = update
                .expression_attribute_names("#price_drops", attr::PRICE_DROPS)
                .expression_attribute_values(":drops", AttributeValue::Ss(stats.price_drops.clone()));
        }
        let expression = format!(
            "SET #listings.#p = if_not_exists(#listings.#p, :zero) + :listings, \
             #new_results = if_not_exists(#new_results, :zero) + :new, #updated_at = :now ADD {}",
            adds.join(", ")
        );
        match conditional(update.update_expression(expression).send().await)? {
            Some(out) => Ok(from_item(out.attributes.unwrap_or_default())?),
            None => Ok(self.get_run(run.search_id, run.id).await?.unwrap_or_else(|| run.clone())),
        }
    }

    /// Marks a marketplace's part of the run as done, with its error if it failed. Returns the
    /// run as it is afterwards, or `None` when that part was already done (a redelivery).
    pub async fn finish_run_platform(
        &self,
        run: &Run,
        platform: Platform,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<Run>, StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::run(run.search_id, run.id))))
            .condition_expression("contains(#pending, :name)")
            .set_expression_attribute_names(Some(names(&[attr::PENDING, attr::STATUS, attr::UPDATED_AT])))
            .expression_attribute_values(":name", s(platform.as_str()))
            .expression_attribute_values(":set", AttributeValue::Ss(vec![platform.as_str().to_owned()]))
            .expression_attribute_values(":running", status(RunStatus::Running)?)
            .expression_attribute_values(":now", time(now)?)
            .return_values(ReturnValue::AllNew);
        update = match error {
            Some(message) => update
                .update_expression(
                    "DELETE #pending :set SET #errors.#p = :error, #status = :running, #updated_at = :now",
                )
                .expression_attribute_names("#errors", attr::ERRORS)
                .expression_attribute_names("#p", platform.as_str())
                .expression_attribute_values(":error", s(message)),
            None => update.update_expression("DELETE #pending :set SET #status = :running, #updated_at = :now"),
        };
        conditional(update.send().await)?.map(|out| from_item(out.attributes.unwrap_or_default())).transpose()
    }

    /// Remembers that the run's completion event went out.
    pub async fn mark_run_notified(&self, run: &Run) -> Result<(), StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::run(run.search_id, run.id))))
            .update_expression("SET #notified = :yes")
            .condition_expression("attribute_exists(#pk)")
            .set_expression_attribute_names(Some(names(&[attr::NOTIFIED])))
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":yes", AttributeValue::Bool(true))
            .send()
            .await;
        applied(result).map(drop)
    }

    /// Sets the run's final status once; `false` if it was already final.
    pub async fn complete_run(&self, run: &Run, outcome: RunStatus, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::run(run.search_id, run.id))))
            .update_expression("SET #status = :outcome, #completed_at = :now, #updated_at = :now")
            .condition_expression("attribute_exists(#pk) AND NOT #status IN (:completed, :failed)")
            .set_expression_attribute_names(Some(names(&[attr::STATUS, attr::COMPLETED_AT, attr::UPDATED_AT])))
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":outcome", status(outcome)?)
            .expression_attribute_values(":completed", status(RunStatus::Completed)?)
            .expression_attribute_values(":failed", status(RunStatus::Failed)?)
            .expression_attribute_values(":now", time(now)?)
            .send()
            .await;
        applied(result)
    }

    /// Every run still `queued` or `running`, by a scan of the whole table. For the local
    /// runner's start-up only (the runs a stopped stack left behind); never in a request path.
    pub async fn scan_unfinished_runs(&self) -> Result<Vec<Run>, StoreError> {
        let mut runs = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("begins_with(#sk, :run) AND #status IN (:queued, :running)")
                .expression_attribute_names("#sk", keys::SK)
                .expression_attribute_names("#status", attr::STATUS)
                .expression_attribute_values(":run", s(keys::RUN_SK_PREFIX))
                .expression_attribute_values(":queued", status(RunStatus::Queued)?)
                .expression_attribute_values(":running", status(RunStatus::Running)?)
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(dynamo)?;
            for item in out.items.unwrap_or_default() {
                runs.push(from_item(item)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(runs);
            }
        }
    }
}
