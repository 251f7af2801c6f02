mod support;

use axum::http::StatusCode;
use chrono::Utc;
use serde_json::json;
use support::TestApi;
use uuid::Uuid;
use vinyldigger::domain::analysis::{AnalysisParams, analyze};
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::listing::{Listing, SellerInfo, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::store::analysis::StoredAnalysis;

/// Fixture A of the original test vectors: one seller, four records, two wanted, one owned.
fn fixture_a() -> Vec<StoredResult> {
    let seller = SellerInfo {
        id: "vinyl_vault".into(),
        name: "Vinyl Vault".into(),
        location: None,
        feedback_percentage: Some(99.5),
        feedback_count: Some(1000),
        estimated_shipping: None,
        url: None,
    };
    [
        ("Blue Train", 2500, true, false),
        ("Giant Steps", 3000, true, false),
        ("Mingus Ah Um", 3500, false, false),
        ("Time Out", 4000, false, true),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (title, cents, wanted, owned))| {
        let mut listing =
            Listing::new(Platform::Ebay, format!("item-{i}"), format!("Various - {title}"), Money::usd_cents(cents));
        listing.seller = Some(seller.clone());
        let mut result = StoredResult::new(Uuid::new_v4().to_string(), listing).wanted(wanted).owned(owned);
        result.created_at = Some(Utc::now());
        result
    })
    .collect()
}

#[tokio::test]
async fn before_any_analysis_the_endpoints_answer_the_empty_shapes() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, json!({"name": "n", "query": "q", "platform": "both"})).await;
    let analysis = api.get(&format!("/api/v1/analysis/search/{id}/analysis"), &token).await;
    assert_eq!(
        analysis.body,
        json!({"search_id": id, "analysis_completed": false, "message": "Analysis not yet completed for this search"})
    );
    let deals = api.get(&format!("/api/v1/analysis/search/{id}/multi-item-deals"), &token).await;
    assert_eq!(
        deals.body,
        json!({"search_id": id, "multi_item_deals": [], "message": "Analysis not yet completed for this search"})
    );
    let offers = api.get(&format!("/api/v1/analysis/search/{id}/price-comparison"), &token).await;
    assert_eq!(offers.body, json!({"search_id": id, "price_comparisons": [], "next_cursor": null, "total_groups": 0}));
    assert_eq!(
        api.get("/api/v1/analysis/search/not-a-uuid/analysis", &token).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn a_stored_analysis_is_shown_with_the_spec_numbers() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, json!({"name": "n", "query": "q", "platform": "ebay"})).await;
    let search: SearchId = id.parse().unwrap();
    let results = fixture_a();
    api.deps.store.put_results(search, &results).await.unwrap();
    // The run's analysis (with its price comparison), then the one this test states.
    let user = api.get("/api/v1/auth/me", &token).await.body["id"].as_str().unwrap().parse().unwrap();
    analyse(&api, user, search).await;
    let mut analysis = analyze(&results, &AnalysisParams::default());
    // As if two more listings had been priced in euros (the domain tests count them).
    analysis.summary.other_currency_results = 2;
    let stored = StoredAnalysis { id: Uuid::new_v4(), run_id: None, completed_at: Utc::now(), analysis };
    api.deps.store.put_analysis(search, &stored).await.unwrap();

    let reply = api.get(&format!("/api/v1/analysis/search/{id}/analysis"), &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let body = &reply.body;
    assert_eq!(body["analysis_completed"], true);
    assert!(body.get("message").is_none());
    let summary = &body["analysis"];
    assert_eq!(summary["id"], stored.id.to_string());
    assert_eq!(
        (
            summary["total_results"].as_u64(),
            summary["wantlist_matches"].as_u64(),
            summary["collection_duplicates"].as_u64()
        ),
        (Some(4), Some(2), Some(1))
    );
    assert_eq!(summary["other_currency_results"], 2);
    assert_eq!(
        (summary["min_price"].as_f64(), summary["max_price"].as_f64(), summary["avg_price"].as_f64()),
        (Some(25.0), Some(35.0), Some(30.0))
    );
    assert_eq!(summary["multi_item_sellers"], 1);

    let recommendation = &body["recommendations"][0];
    assert_eq!(recommendation["type"], "MULTI ITEM DEAL");
    assert_eq!(recommendation["deal_score"], "FAIR");
    assert_eq!(recommendation["score_value"], 67.5);
    assert_eq!(recommendation["total_cost"], 186.0);
    assert_eq!(recommendation["estimated_shipping"], 56.0);
    assert_eq!(recommendation["potential_savings"], 84.0);
    assert_eq!(recommendation["description"], "Get 2 want list items plus 1 other records from one seller");
    assert_eq!(recommendation["recommendation_reason"], "Save $84.00 on shipping by buying 3 items together");
    assert_eq!(recommendation["seller"]["name"], "Vinyl Vault");
    assert_eq!(recommendation["seller"]["feedback_score"], 99.5);
    let item_ids: Vec<_> =
        recommendation["item_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    let buyable: Vec<_> = results.iter().filter(|r| !r.is_in_collection).map(|r| r.id.clone()).collect();
    assert_eq!(item_ids, buyable, "the deal lists the records the user does not own");

    let seller = &body["seller_analyses"][0];
    assert_eq!(seller["rank"], 1);
    assert_eq!(seller["overall_score"], 67.5);
    assert_eq!(seller["total_value"], 130.0);
    assert_eq!(seller["seller"]["id"], recommendation["seller"]["id"], "one seller, one stable id");
    assert_eq!(seller["seller"]["total_feedback_count"], 1000);

    let deals = api.get(&format!("/api/v1/analysis/search/{id}/multi-item-deals"), &token).await;
    assert!(deals.body.get("message").is_none());
    let deal = &deals.body["multi_item_deals"][0];
    assert_eq!(
        (deal["total_items"].as_u64(), deal["deal_score"].as_str(), deal["total_cost"].as_f64()),
        (Some(4), Some("FAIR"), Some(186.0))
    );
    assert_eq!(deal["item_ids"], recommendation["item_ids"]);

    let offers = api.get(&format!("/api/v1/analysis/search/{id}/price-comparison"), &token).await;
    let groups = offers.body["price_comparisons"].as_array().unwrap();
    assert_eq!(groups.len(), 4, "four different records");
    let owned =
        groups.iter().flat_map(|g| g["listings"].as_array().unwrap()).find(|l| l["is_in_collection"] == true).unwrap();
    assert_eq!(owned["price"], 40.0, "owned records are shown, flagged");
    assert_eq!(owned["seller"]["name"], "Vinyl Vault");
    assert_eq!(owned["item_data"]["id"], "item-3");
    assert_eq!(groups[0]["item_match"]["canonical_title"], "Blue Train", "eBay titles are split into artist and title");
    assert_eq!(groups[0]["item_match"]["canonical_artist"], "Various");
    assert!(groups[0]["item_match"]["id"].is_string(), "the canonical item's id");
}

#[tokio::test]
async fn a_new_analysis_replaces_the_old_one_as_a_whole() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, json!({"name": "n", "query": "q", "platform": "ebay"})).await;
    let search: SearchId = id.parse().unwrap();
    let results = fixture_a();
    let first = StoredAnalysis {
        id: Uuid::new_v4(),
        run_id: None,
        completed_at: Utc::now(),
        analysis: analyze(&results, &AnalysisParams::default()),
    };
    api.deps.store.put_analysis(search, &first).await.unwrap();
    let fewer = analyze(&results[..1], &AnalysisParams::default());
    let second = StoredAnalysis { id: Uuid::new_v4(), run_id: None, completed_at: Utc::now(), analysis: fewer };
    api.deps.store.put_analysis(search, &second).await.unwrap();

    let body = api.get(&format!("/api/v1/analysis/search/{id}/analysis"), &token).await.body;
    assert_eq!(body["analysis"]["id"], second.id.to_string());
    assert_eq!(body["analysis"]["total_results"], 1);
    assert_eq!(body["recommendations"].as_array().unwrap().len(), second.analysis.recommendations.len());
    assert_eq!(body["seller_analyses"].as_array().unwrap().len(), 1);
}

fn offer(platform: Platform, id: &str, title: &str, cents: i64) -> StoredResult {
    let listing = Listing::new(platform, id, title, Money::usd_cents(cents));
    StoredResult::new(Uuid::new_v4().to_string(), listing)
}

/// One record on both marketplaces is one group: the Discogs listing and the sellers' titles
/// that name it, with its pressings inside (docs/matching.md).
#[tokio::test]
async fn the_same_record_on_both_marketplaces_is_one_group_with_its_pressings() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, json!({"name": "n", "query": "kind of blue", "platform": "both"})).await;
    let search: SearchId = id.parse().unwrap();
    let user: vinyldigger::domain::ids::UserId =
        api.get("/api/v1/auth/me", &token).await.body["id"].as_str().unwrap().parse().unwrap();

    let mut discogs = offer(Platform::Discogs, "d1", "Miles Davis - Kind Of Blue (LP, Album, RE)", 3000);
    discogs.listing.artist = Some("Miles Davis".into());
    discogs.listing.release_title = Some("Kind Of Blue".into());
    discogs.listing.release_id = Some(3863517);
    discogs.listing.catalog_number = Some("CS 8163".into());
    let results = [
        discogs,
        offer(Platform::Ebay, "e1", "MILES DAVIS - KIND OF BLUE - Columbia CS 8163 LP", 2500),
        offer(Platform::Ebay, "e2", "Miles Davis Kind of Blue LP 180 Gram Vinyl Reissue NEW SEALED", 2000),
        offer(Platform::Ebay, "e3", "Miles Davis - Milestones LP", 1000),
        // Only the want list knows this record.
        offer(Platform::Ebay, "e4", "NINA MOREAU BITTER GARDEN 180g LP", 1500),
    ];
    for r in &results {
        api.deps.store.put_result(search, r).await.unwrap();
    }
    let wanted = vinyldigger::domain::lists::ListItem {
        item_id: "77".into(),
        release_id: 77,
        master_id: None,
        title: "Bitter Garden".into(),
        artist: Some("Nina Moreau".into()),
        year: Some(1971),
        format: None,
        catalog_number: Some("HR 1234".into()),
        added_at: None,
    };
    api.deps.store.replace_list_items(user, vinyldigger::domain::lists::ListKind::Wantlist, &[wanted]).await.unwrap();
    analyse(&api, user, search).await;

    let reply = api.get(&format!("/api/v1/analysis/search/{id}/price-comparison"), &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let groups = reply.body["price_comparisons"].as_array().unwrap();
    let listing_ids = |g: &serde_json::Value| -> Vec<String> {
        g["listings"].as_array().unwrap().iter().map(|l| l["item_data"]["id"].as_str().unwrap().to_owned()).collect()
    };
    let all: Vec<Vec<String>> = groups.iter().map(listing_ids).collect();
    assert_eq!(all, [vec!["e3"], vec!["e4"], vec!["e2", "e1", "d1"]], "cheapest group first, cheapest offer first");

    let kind_of_blue = &groups[2];
    assert_eq!(kind_of_blue["item_match"]["canonical_artist"], "Miles Davis");
    assert_eq!(kind_of_blue["item_match"]["canonical_title"], "Kind Of Blue");
    assert_eq!(kind_of_blue["item_match"]["total_matches"], 3);
    let key = kind_of_blue["record_key"].as_str().unwrap();
    assert_eq!(key.len(), 32);
    assert_eq!(kind_of_blue["item_match"]["id"], Uuid::try_parse(key).unwrap().to_string());
    let offers = kind_of_blue["listings"].as_array().unwrap();
    let pressing_of: Vec<_> = offers.iter().map(|l| (l["pressing"].clone(), l["match_evidence"].clone())).collect();
    assert_eq!(
        pressing_of,
        [
            (json!(null), json!("title")),
            (json!("release:3863517"), json!("catalogue_number")),
            (json!("release:3863517"), json!("name")),
        ]
    );
    let pressings = kind_of_blue["pressings"].as_array().unwrap();
    assert_eq!(pressings.len(), 2);
    assert_eq!(pressings[0]["key"], json!(null));
    assert_eq!(pressings[1]["key"], "release:3863517");
    assert_eq!(pressings[1]["release_id"], "3863517");
    assert_eq!(pressings[1]["catalog_number"], "CS 8163");
    assert_eq!(pressings[1]["platforms"], json!(["ebay", "discogs"]));
    assert_eq!(pressings[1]["lowest_price"], 25.0);
    assert_eq!(pressings[1]["listing_ids"].as_array().unwrap().len(), 2);

    let from_want_list = &groups[1];
    assert_eq!(from_want_list["item_match"]["canonical_title"], "Bitter Garden", "named as the want list names it");
    assert_eq!(from_want_list["listings"][0]["match_evidence"], "title");
    assert_eq!(groups[0]["listings"][0]["match_evidence"], "seller_title", "Milestones: no known record fits");
    assert_eq!((reply.body["next_cursor"].clone(), reply.body["total_groups"].clone()), (json!(null), json!(3)));
}

/// What a completed run does: analyses the search's results and stores the comparison.
async fn analyse(api: &TestApi, user: vinyldigger::domain::ids::UserId, search: SearchId) {
    let search = api.deps.store.get_search(user, search).await.unwrap().unwrap();
    result_writer::analyse_search(&api.deps.store, &search, None, Utc::now()).await.unwrap();
}

/// Pages follow each other through the cursor, in the stored order, whatever the limit; the
/// body is gzip-compressed for a client that accepts it.
#[tokio::test]
async fn the_price_comparison_pages_through_every_group() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, json!({"name": "n", "query": "q", "platform": "ebay"})).await;
    let search: SearchId = id.parse().unwrap();
    let user: vinyldigger::domain::ids::UserId =
        api.get("/api/v1/auth/me", &token).await.body["id"].as_str().unwrap().parse().unwrap();
    let results: Vec<StoredResult> = (0..130)
        .map(|i| offer(Platform::Ebay, &format!("e{i}"), &format!("Artist{i} - Record{i} LP"), 1000 + i))
        .collect();
    api.deps.store.put_results(search, &results).await.unwrap();
    analyse(&api, user, search).await;

    let base = format!("/api/v1/analysis/search/{id}/price-comparison");
    let first = api.get(&base, &token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["price_comparisons"].as_array().unwrap().len(), 50, "50 groups by default");
    assert_eq!(first.body["total_groups"], 130);
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("{base}?limit=60&cursor={c}"),
            None => format!("{base}?limit=60"),
        };
        let page = api.get(&path, &token).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        for g in page.body["price_comparisons"].as_array().unwrap() {
            seen.push(g["listings"][0]["item_data"]["id"].as_str().unwrap().to_owned());
        }
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..130).map(|i| format!("e{i}")).collect();
    assert_eq!(seen, expected, "every group once, cheapest first");

    for bad in ["limit=0", "limit=201", "limit=x", "cursor=-1", "cursor=abc"] {
        let reply = api.get(&format!("{base}?{bad}"), &token).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", reply.text);
    }
    let past = api.get(&format!("{base}?cursor=500"), &token).await;
    assert_eq!((past.body["price_comparisons"].clone(), past.body["next_cursor"].clone()), (json!([]), json!(null)));

    let request = axum::http::Request::get(&base)
        .header("authorization", format!("Bearer {token}"))
        .header("accept-encoding", "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let zipped = api.send(request).await;
    assert_eq!(zipped.headers.get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(zipped.bytes.as_slice()), &mut json).unwrap();
    let body: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(body, first.body, "the same page, compressed");
    assert!(zipped.bytes.len() * 3 < first.text.len(), "{} bytes gzipped of {}", zipped.bytes.len(), first.text.len());
}
