mod support;

use chrono::Utc;
use support::Fixture;
use uuid::Uuid;
use vinyldigger::domain::analysis::{AnalysisParams, analyze};
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::listing::{Listing, SellerInfo, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::store::analysis::StoredAnalysis;

fn result(id: &str, seller: &str) -> StoredResult {
    let mut listing = Listing::new(Platform::Discogs, id, format!("Record {id}"), Money::usd_cents(1500));
    listing.seller = Some(SellerInfo {
        id: seller.into(),
        name: seller.into(),
        location: None,
        feedback_percentage: None,
        feedback_count: None,
        estimated_shipping: None,
        url: None,
    });
    StoredResult::new(id, listing)
}

#[tokio::test]
async fn the_seller_scores_are_read_alone_and_only_the_latest_analysis_counts() {
    let f = Fixture::new().await;
    let search = SearchId::new();
    assert!(f.store.seller_analyses(search).await.unwrap().is_empty(), "no analysis yet");

    let store = |results: &[StoredResult]| StoredAnalysis {
        id: Uuid::new_v4(),
        run_id: None,
        completed_at: Utc::now(),
        analysis: analyze(results, &AnalysisParams::default()),
    };
    let wide = store(&[result("1", "a"), result("2", "b"), result("3", "c")]);
    f.store.put_analysis(search, &wide).await.unwrap();
    assert_eq!(f.store.seller_analyses(search).await.unwrap(), wide.analysis.seller_analyses);

    // A later, narrower analysis leaves older seller rows behind; they are not read back.
    let narrow = store(&[result("1", "a")]);
    f.store.put_analysis(search, &narrow).await.unwrap();
    let read = f.store.seller_analyses(search).await.unwrap();
    assert_eq!(read, narrow.analysis.seller_analyses);
    assert_eq!(read.len(), 1);
}
