//! Saved searches and the sparse, sharded due index the scheduler works from (docs/architecture.md#the-table).
//!
//! Only active searches carry the `GSI2` attributes, so the index holds exactly the work to do.
//! Every write is conditioned on the version it read, so edits and scheduler claims never
//! overwrite each other.

use aws_sdk_dynamodb::types::Select;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::keys::attr;
use super::{
    Item, Store, StoreError, applied, conditional, dynamo, from_item, item_with_key, key_attrs, keys, n, names, s,
};
use crate::domain::ids::{RunId, SearchId, UserId};
use crate::domain::search::{SavedSearch, next_slot};

/// How often an update re-reads and retries when it loses a race.
const UPDATE_ATTEMPTS: u32 = 5;

/// The run the last "run now" of a search started (or is starting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunNowClaim {
    pub run_id: RunId,
    pub claimed_at: DateTime<Utc>,
}

/// How long a claim is kept: long after its run ended, when only its absence matters.
const CLAIM_KEPT: Duration = Duration::days(1);

/// A claimed search: the one whose slot this scheduler invocation moved, and the slot it had.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub search: SavedSearch,
    pub previous_run_at: DateTime<Utc>,
}

fn search_item(search: &SavedSearch) -> Result<Item, StoreError> {
    let mut item = item_with_key(search, &keys::saved_search(search.user_id, search.id))?;
    if search.is_active {
        item.insert(keys::GSI2PK.into(), s(keys::due_pk(keys::due_shard(search.id))));
        item.insert(keys::GSI2SK.into(), s(keys::due_sk(search.next_run_at, search.id)));
    }
    Ok(item)
}

impl Store {
    pub async fn create_search(&self, search: &SavedSearch) -> Result<(), StoreError> {
        if self.put_new(search_item(search)?).await? { Ok(()) } else { Err(StoreError::Exists) }
    }

    /// A search as its owner sees it: someone else's search is simply absent.
    pub async fn get_search(&self, user: UserId, id: SearchId) -> Result<Option<SavedSearch>, StoreError> {
        self.get(&keys::saved_search(user, id)).await
    }

    /// Up to `limit` of the user's searches in id order (creation order: ids are time-ordered),
    /// after the search `after` if given (which need not exist any more), and whether more follow.
    pub async fn list_searches(
        &self,
        user: UserId,
        after: Option<SearchId>,
        limit: usize,
    ) -> Result<(Vec<SavedSearch>, bool), StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#sk", keys::SK)
            .expression_attribute_values(":pk", s(keys::user_pk(user)))
            .expression_attribute_values(":prefix", s(keys::SEARCH_SK_PREFIX))
            .consistent_read(true);
        // One more than asked, to know whether another page follows.
        let mut searches: Vec<SavedSearch> = Vec::new();
        let mut start = after.map(|id| key_attrs(&keys::saved_search(user, id)));
        loop {
            let wanted = i32::try_from(limit + 1 - searches.len()).unwrap_or(i32::MAX);
            let out = query.clone().set_exclusive_start_key(start).limit(wanted).send().await.map_err(dynamo)?;
            for item in out.items.unwrap_or_default() {
                searches.push(from_item(item)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() || searches.len() > limit {
                break;
            }
        }
        let more = searches.len() > limit;
        searches.truncate(limit);
        Ok((searches, more))
    }

    /// How many searches the user has (a count, not a read of the searches).
    pub async fn count_searches(&self, user: UserId) -> Result<usize, StoreError> {
        let mut count = 0;
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", keys::PK)
                .expression_attribute_names("#sk", keys::SK)
                .expression_attribute_values(":pk", s(keys::user_pk(user)))
                .expression_attribute_values(":prefix", s(keys::SEARCH_SK_PREFIX))
                .select(Select::Count)
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(dynamo)?;
            count += usize::try_from(out.count).unwrap_or(0);
            start = out.last_evaluated_key;
            if start.is_none() {
                return Ok(count);
            }
        }
    }

    pub async fn run_now_claim(&self, search: SearchId) -> Result<Option<RunNowClaim>, StoreError> {
        self.get(&keys::run_now_claim(search)).await
    }

    /// Records `claim` as the search's "run now", on the condition that the last claim is still
    /// `seen` (`None`: there was none). Of concurrent callers that saw the same claim, one wins.
    pub async fn put_run_now_claim(
        &self,
        search: SearchId,
        seen: Option<RunId>,
        claim: RunNowClaim,
    ) -> Result<bool, StoreError> {
        let mut item = item_with_key(&claim, &keys::run_now_claim(search))?;
        item.insert(keys::EXPIRES_AT.into(), n((claim.claimed_at + CLAIM_KEPT).timestamp()));
        let put = self.client.put_item().table_name(&self.table).set_item(Some(item));
        let put = match seen {
            None => put.condition_expression("attribute_not_exists(#pk)").expression_attribute_names("#pk", keys::PK),
            Some(run) => put
                .condition_expression("#run_id = :seen")
                .expression_attribute_names("#run_id", "run_id")
                .expression_attribute_values(":seen", s(run.to_string())),
        };
        applied(put.send().await)
    }

    /// Withdraws a claim whose run could not be started, unless another replaced it since.
    pub async fn release_run_now_claim(&self, search: SearchId, run: RunId) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::run_now_claim(search))))
            .condition_expression("#run_id = :run")
            .expression_attribute_names("#run_id", "run_id")
            .expression_attribute_values(":run", s(run.to_string()))
            .send()
            .await;
        applied(result).map(drop)
    }

    /// Read-modify-write of one search. `None` when the user has no such search.
    pub async fn update_search(
        &self,
        user: UserId,
        id: SearchId,
        change: impl Fn(&mut SavedSearch),
    ) -> Result<Option<SavedSearch>, StoreError> {
        for _ in 0..UPDATE_ATTEMPTS {
            let Some(mut search) = self.get_search(user, id).await? else {
                return Ok(None);
            };
            let read_version = search.version;
            change(&mut search);
            search.version = read_version + 1;
            let written = self
                .client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(search_item(&search)?))
                .condition_expression("#version = :read")
                .set_expression_attribute_names(Some(names(&[attr::VERSION])))
                .expression_attribute_values(":read", n(read_version))
                .send()
                .await;
            if applied(written)? {
                return Ok(Some(search));
            }
        }
        Err(StoreError::Contended)
    }

    /// Deletes the search's own partition (runs, results, analysis), then the search itself, so a
    /// failure half-way leaves a search the user can still see and delete again. `false` when
    /// the user has no such search.
    pub async fn delete_search(&self, user: UserId, id: SearchId) -> Result<bool, StoreError> {
        if self.get_search(user, id).await?.is_none() {
            return Ok(false);
        }
        let partition = self.partition_keys(&keys::search_pk(id)).await?;
        self.delete_keys(partition).await?;
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::saved_search(user, id))))
            .send()
            .await
            .map_err(dynamo)?;
        Ok(true)
    }

    /// Active searches of one shard due at or before `now`, earliest first.
    pub async fn due_searches(&self, shard: u8, now: DateTime<Utc>) -> Result<Vec<SavedSearch>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys::GSI2)
            .key_condition_expression("#pk = :pk AND #sk <= :bound")
            .expression_attribute_names("#pk", keys::GSI2PK)
            .expression_attribute_names("#sk", keys::GSI2SK)
            .expression_attribute_values(":pk", s(keys::due_pk(shard)))
            .expression_attribute_values(":bound", s(keys::due_sk_upper_bound(now)));
        self.collect_query(query, None).await
    }

    /// Moves a due search to its next slot, on the condition that it is still in the slot this
    /// caller read. Of several concurrent claimers exactly one gets `Some`.
    pub async fn claim_due_search(&self, due: &SavedSearch, now: DateTime<Utc>) -> Result<Option<Claim>, StoreError> {
        let next = next_slot(due.next_run_at, due.interval(), now);
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::saved_search(due.user_id, due.id))))
            .update_expression("SET #gsk = :next_sk, #next_run_at = :next, #version = #version + :one")
            .condition_expression("#gsk = :read_sk")
            .set_expression_attribute_names(Some(names(&[attr::NEXT_RUN_AT, attr::VERSION])))
            .expression_attribute_names("#gsk", keys::GSI2SK)
            .expression_attribute_values(":next_sk", s(keys::due_sk(next, due.id)))
            .expression_attribute_values(":next", serde_dynamo::to_attribute_value(next)?)
            .expression_attribute_values(":read_sk", s(keys::due_sk(due.next_run_at, due.id)))
            .expression_attribute_values(":one", n(1))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllNew)
            .send()
            .await;
        conditional(result)?
            .map(|out| {
                Ok(Claim { search: from_item(out.attributes.unwrap_or_default())?, previous_run_at: due.next_run_at })
            })
            .transpose()
    }

    /// Undoes a claim whose run could not be enqueued, so the next tick tries again. Does nothing
    /// if the search changed since (paused, edited, or claimed anew).
    pub async fn release_claim(&self, claim: &Claim) -> Result<(), StoreError> {
        let search = &claim.search;
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::saved_search(search.user_id, search.id))))
            .update_expression("SET #gsk = :old_sk, #next_run_at = :old, #version = #version + :one")
            .condition_expression("#gsk = :claimed_sk AND #version = :claimed_version")
            .set_expression_attribute_names(Some(names(&[attr::NEXT_RUN_AT, attr::VERSION])))
            .expression_attribute_names("#gsk", keys::GSI2SK)
            .expression_attribute_values(":old_sk", s(keys::due_sk(claim.previous_run_at, search.id)))
            .expression_attribute_values(":old", serde_dynamo::to_attribute_value(claim.previous_run_at)?)
            .expression_attribute_values(":claimed_sk", s(keys::due_sk(search.next_run_at, search.id)))
            .expression_attribute_values(":claimed_version", n(search.version))
            .expression_attribute_values(":one", n(1))
            .send()
            .await;
        applied(result).map(drop)
    }

    /// Records when a run of the search finished. A deleted search is left deleted.
    pub async fn set_last_run(&self, user: UserId, id: SearchId, at: DateTime<Utc>) -> Result<(), StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(&keys::saved_search(user, id))))
            .update_expression("SET #last_run_at = :at, #version = #version + :one")
            .condition_expression("attribute_exists(#pk)")
            .set_expression_attribute_names(Some(names(&[attr::LAST_RUN_AT, attr::VERSION])))
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":at", serde_dynamo::to_attribute_value(at)?)
            .expression_attribute_values(":one", n(1))
            .send()
            .await;
        applied(result).map(drop)
    }
}
