//! The stored analysis of a search: a header item with the summary, one item per seller analysis
//! and one per recommendation, ranked. A new analysis replaces the old one as a whole: the ranked
//! items are written first and the header last, and readers take only as many ranked items as the
//! header counts, so a reader never mixes two analyses' headers and counts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Store, StoreError, item_with_key, keys};
use crate::domain::analysis::SearchAnalysis;
use crate::domain::ids::{RunId, SearchId};
use crate::domain::recommend::Recommendation;
use crate::domain::sellers::SellerAnalysis;
use crate::domain::summary::AnalysisSummary;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnalysis {
    pub id: Uuid,
    pub run_id: Option<RunId>,
    pub completed_at: DateTime<Utc>,
    pub analysis: SearchAnalysis,
}

#[derive(Serialize, Deserialize)]
struct Header {
    id: Uuid,
    run_id: Option<RunId>,
    completed_at: DateTime<Utc>,
    summary: AnalysisSummary,
    sellers: usize,
    recommendations: usize,
}

impl Store {
    pub async fn put_analysis(&self, search: SearchId, stored: &StoredAnalysis) -> Result<(), StoreError> {
        let analysis = &stored.analysis;
        let mut items = Vec::with_capacity(analysis.seller_analyses.len() + analysis.recommendations.len());
        for (i, seller) in analysis.seller_analyses.iter().enumerate() {
            items.push(item_with_key(seller, &keys::seller_analysis(search, rank(i)))?);
        }
        for (i, recommendation) in analysis.recommendations.iter().enumerate() {
            items.push(item_with_key(recommendation, &keys::recommendation(search, rank(i)))?);
        }
        self.put_items(items).await?;
        let header = Header {
            id: stored.id,
            run_id: stored.run_id,
            completed_at: stored.completed_at,
            summary: analysis.summary.clone(),
            sellers: analysis.seller_analyses.len(),
            recommendations: analysis.recommendations.len(),
        };
        self.put(item_with_key(&header, &keys::analysis(search))?).await
    }

    pub async fn get_analysis(&self, search: SearchId) -> Result<Option<StoredAnalysis>, StoreError> {
        let Some(header) = self.get::<Header>(&keys::analysis(search)).await? else {
            return Ok(None);
        };
        let sellers: Vec<SellerAnalysis> = self.ranked(search, "SELLER#", header.sellers).await?;
        let recommendations: Vec<Recommendation> = self.ranked(search, "RECO#", header.recommendations).await?;
        Ok(Some(StoredAnalysis {
            id: header.id,
            run_id: header.run_id,
            completed_at: header.completed_at,
            analysis: SearchAnalysis { summary: header.summary, seller_analyses: sellers, recommendations },
        }))
    }

    /// Only the seller scores of the search's latest analysis (the Discogs fetcher's follow list).
    pub async fn seller_analyses(&self, search: SearchId) -> Result<Vec<SellerAnalysis>, StoreError> {
        match self.get::<Header>(&keys::analysis(search)).await? {
            Some(header) => self.ranked(search, "SELLER#", header.sellers).await,
            None => Ok(Vec::new()),
        }
    }

    async fn ranked<T: serde::de::DeserializeOwned>(
        &self,
        search: SearchId,
        prefix: &str,
        count: usize,
    ) -> Result<Vec<T>, StoreError> {
        let mut found: Vec<T> = self.query_prefix(&keys::search_pk(search), prefix).await?;
        found.truncate(count);
        Ok(found)
    }
}

/// Ranks are 1-based.
fn rank(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}
