//! The want list and collection as one run sees them. The first chunk of a run reads both lists
//! once and keeps a packed snapshot under the search: the release-id sets every chunk flags its
//! listings with, and the records the completion's matcher knows. Every later chunk of the run,
//! in any Lambda, reads a few packed items instead of the whole lists (tens of thousands of
//! items for a large collection), and all of a run's chunks flag against the same lists.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::packed::{DATA, data_attribute, item_data, pack_parts};
use super::{Item, Store, StoreError, keys, n, s};
use crate::domain::ids::{RunId, SearchId, UserId};
use crate::domain::lists::{ListItem, ListKind};
use crate::domain::record_identity::ReferenceRecord;

/// Snapshots outlive any run (runs are failed after hours) and then expire.
const KEPT: Duration = Duration::days(7);
const LIST: &str = "list";

/// The release ids a run flags its listings with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseSets {
    pub wanted: HashSet<u64>,
    pub owned: HashSet<u64>,
}

fn kind_name(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Wantlist => "wantlist",
        ListKind::Collection => "collection",
    }
}

impl Store {
    /// The run's release-id sets: its snapshot's, or taken now from the lists (and kept for the
    /// run's other chunks) when this is its first chunk.
    pub async fn run_release_sets(
        &self,
        search: SearchId,
        run: RunId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<ReleaseSets, StoreError> {
        let parts = self.query_prefix_items(&keys::search_pk(search), &keys::run_lists_prefix(run, "ids#")).await?;
        if !parts.is_empty() {
            let mut sets = ReleaseSets::default();
            for part in &parts {
                let ids: Vec<u64> = item_data(part)?;
                match part.get(LIST).and_then(|v| v.as_s().ok()).map(String::as_str) {
                    Some("wantlist") => sets.wanted.extend(ids),
                    _ => sets.owned.extend(ids),
                }
            }
            return Ok(sets);
        }
        let (wanted, owned) =
            futures::try_join!(self.list_items(user, ListKind::Wantlist), self.list_items(user, ListKind::Collection))?;
        self.keep_run_lists(search, run, &wanted, &owned, now).await?;
        Ok(ReleaseSets {
            wanted: wanted.iter().map(|i| i.release_id).collect(),
            owned: owned.iter().map(|i| i.release_id).collect(),
        })
    }

    /// The records of the want list and collection as the run's snapshot has them; read from the
    /// lists when the run has none (no chunk of it had listings).
    pub async fn run_references(
        &self,
        search: SearchId,
        run: Option<RunId>,
        user: UserId,
    ) -> Result<Vec<ReferenceRecord>, StoreError> {
        if let Some(run) = run {
            let parts =
                self.query_prefix_items(&keys::search_pk(search), &keys::run_lists_prefix(run, "refs#")).await?;
            if !parts.is_empty() {
                let mut records = Vec::new();
                for part in &parts {
                    records.extend(item_data::<Vec<ReferenceRecord>>(part)?);
                }
                return Ok(records);
            }
        }
        self.reference_records(user).await
    }

    /// Writes the snapshot: the records first and the id sets last, since the id sets are what
    /// tells a later chunk that the snapshot exists.
    async fn keep_run_lists(
        &self,
        search: SearchId,
        run: RunId,
        wanted: &[ListItem],
        owned: &[ListItem],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let expires = n((now + KEPT).timestamp());
        let item = |part: String, bytes: Vec<u8>, list: Option<&str>| {
            let key = keys::run_lists(search, run, &part);
            let mut item: Item = Item::from([
                (keys::PK.into(), s(key.pk)),
                (keys::SK.into(), s(key.sk)),
                (DATA.into(), data_attribute(bytes)),
                (keys::EXPIRES_AT.into(), expires.clone()),
            ]);
            if let Some(list) = list {
                item.insert(LIST.into(), s(list));
            }
            item
        };
        let references: Vec<ReferenceRecord> = wanted.iter().chain(owned).map(ReferenceRecord::from).collect();
        let refs = pack_parts(&references)?
            .into_iter()
            .enumerate()
            .map(|(i, part)| item(format!("refs#{i:03}"), part.bytes, None))
            .collect();
        self.put_items(refs).await?;
        let mut ids = Vec::new();
        for (kind, list) in [(ListKind::Wantlist, wanted), (ListKind::Collection, owned)] {
            let mut releases: Vec<u64> = list.iter().map(|i| i.release_id).collect();
            releases.sort_unstable();
            releases.dedup();
            for (i, part) in pack_parts(&releases)?.into_iter().enumerate() {
                ids.push(item(format!("ids#{}#{i:03}", kind_name(kind)), part.bytes, Some(kind_name(kind))));
            }
        }
        self.put_items(ids).await
    }
}
