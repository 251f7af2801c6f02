mod support;

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::Utc;
use serde_json::json;
use support::Fixture;
use uuid::Uuid;
use vinyldigger::domain::analysis::{AnalysisParams, analyze};
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::listing::{Listing, SellerInfo, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::store::analysis::StoredAnalysis;
use vinyldigger::store::keys;

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
async fn the_latest_analysis_is_read_back_whole_from_its_parts() {
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

    assert_eq!(f.store.get_analysis(search).await.unwrap(), Some(wide.clone()));

    let narrow = store(&[result("1", "a")]);
    f.store.put_analysis(search, &narrow).await.unwrap();
    let read = f.store.seller_analyses(search).await.unwrap();
    assert_eq!(read, narrow.analysis.seller_analyses);
    assert_eq!(read.len(), 1);
    assert_eq!(f.store.get_analysis(search).await.unwrap(), Some(narrow));
}

#[tokio::test]
async fn an_analysis_stored_one_item_per_seller_is_still_read() {
    let f = Fixture::new().await;
    let search = SearchId::new();
    let analysis = analyze(&[result("1", "a"), result("2", "b")], &AnalysisParams::default());
    let header = keys::analysis(search);
    let mut items = vec![json!({
        "PK": header.pk, "SK": header.sk, "id": Uuid::new_v4(), "run_id": null, "completed_at": Utc::now(),
        "summary": analysis.summary, "sellers": 2, "recommendations": 0,
    })];
    for (i, seller) in analysis.seller_analyses.iter().enumerate() {
        let key = keys::seller_analysis(search, i as u32 + 1);
        let mut item = serde_json::to_value(seller).unwrap();
        item["PK"] = json!(key.pk);
        item["SK"] = json!(key.sk);
        items.push(item);
    }
    for item in items {
        let item: HashMap<String, AttributeValue> = serde_dynamo::to_item(item).unwrap();
        f.dynamodb().put_item().table_name(&f.config.table_name).set_item(Some(item)).send().await.unwrap();
    }
    let read = f.store.get_analysis(search).await.unwrap().unwrap();
    assert_eq!(read.analysis.seller_analyses, analysis.seller_analyses);
    assert_eq!(read.analysis.summary, analysis.summary);
}
