//! The search pipeline end to end on the local stack with the sandbox marketplace: the API, the
//! scheduler, both fetchers and the result writer, over real queues and the emulated table.

mod local_stack;

use std::time::Duration;

use aws_sdk_sqs::types::QueueAttributeName;
use local_stack::stack;
use serde_json::{Value, json};
use vinyldigger::deadline::Deadline;
use vinyldigger_bootstrap::testing::TestEnv;

fn ids(values: &Value) -> Vec<String> {
    values.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn sync_then_run_a_search_on_both_marketplaces_and_read_every_view() {
    let s = stack(|_| {}).await;
    s.sync_lists().await;

    // One record on both marketplaces, wanted and not owned.
    let (id, run) = s.run_search("kind of blue", "both").await;
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["errors"], json!({}));
    assert!(run["listings"]["discogs"].as_u64().unwrap() > 0 && run["listings"]["ebay"].as_u64().unwrap() > 0, "{run}");

    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    let results = results.as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["is_in_collection"] == false));
    let wanted = results.iter().take_while(|r| r["is_in_wantlist"] == true).count();
    assert!(wanted > 0, "Kind of Blue is on the sandbox want list");
    assert!(results[wanted..].iter().all(|r| r["is_in_wantlist"] == false), "want-list items come first");
    let platforms: Vec<_> = results.iter().map(|r| r["platform"].as_str().unwrap()).collect();
    assert!(platforms.contains(&"discogs") && platforms.contains(&"ebay"));

    let analysis = s.get(&format!("/api/v1/analysis/search/{id}/analysis")).await;
    assert_eq!(analysis["analysis_completed"], true, "{analysis}");
    assert_eq!(
        analysis["analysis"]["total_results"].as_u64().unwrap() as usize,
        results.len(),
        "nothing owned matched 'kind of blue'"
    );
    assert_eq!(analysis["analysis"]["wantlist_matches"].as_u64().unwrap() as usize, wanted);

    let offers = s.get(&format!("/api/v1/analysis/search/{id}/price-comparison")).await;
    let listed: usize =
        offers["price_comparisons"].as_array().unwrap().iter().map(|g| g["listings"].as_array().unwrap().len()).sum();
    assert_eq!(listed, results.len());

    // A record on both the want list and in the collection: owned, so hidden from results but
    // shown, flagged, in the price comparison.
    let (moon, _) = s.run_search("moon", "both").await;
    let moon_results = s.get(&format!("/api/v1/searches/{moon}/results")).await;
    assert!(moon_results.as_array().unwrap().iter().all(|r| r["is_in_collection"] == false && r["platform"] == "ebay"));
    let moon_offers = s.get(&format!("/api/v1/analysis/search/{moon}/price-comparison")).await;
    let owned: Vec<_> = moon_offers["price_comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["listings"].as_array().unwrap().clone())
        .filter(|l| l["is_in_collection"] == true)
        .collect();
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0]["platform"], "discogs");

    // Many eBay records from few sellers: multi-item deals whose items are the search's results.
    let (lp, _) = s.run_search("lp", "ebay").await;
    let deals = s.get(&format!("/api/v1/analysis/search/{lp}/multi-item-deals")).await;
    let deals = deals["multi_item_deals"].as_array().unwrap();
    assert!(!deals.is_empty(), "several sellers hold several LPs");
    let result_ids: Vec<String> = s
        .get(&format!("/api/v1/searches/{lp}/results"))
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    for deal in deals {
        assert!(deal["total_items"].as_u64().unwrap() >= 2);
        assert!(ids(&deal["item_ids"]).iter().all(|i| result_ids.contains(i)));
        assert!(deal["potential_savings"].as_f64().unwrap() > 0.0);
    }
}

#[tokio::test]
async fn the_searches_a_person_tries_first_find_records_on_both_marketplaces() {
    let s = stack(|_| {}).await;
    s.sync_lists().await;
    let mut wanted = 0;
    for query in ["jazz", "blue note", "techno 12\"", "beatles", "miles davis"] {
        let (id, run) = s.run_search(query, "both").await;
        assert_eq!((run["status"].as_str(), &run["errors"]), (Some("completed"), &json!({})), "{query:?}: {run}");
        let counts = &run["listings"];
        assert!(counts["discogs"].as_u64().unwrap() > 0 && counts["ebay"].as_u64().unwrap() > 0, "{query:?}: {run}");
        let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
        let results = results.as_array().unwrap();
        for platform in ["discogs", "ebay"] {
            assert!(results.iter().any(|r| r["platform"] == platform), "{query:?} shows no {platform} listing");
        }
        assert!(results.iter().all(|r| r["item_data"]["image_url"].as_str().is_none_or(|u| u.ends_with(".svg"))));
        wanted += results.iter().filter(|r| r["is_in_wantlist"] == true).count();
    }
    assert!(wanted > 0, "the sandbox user's want list is drawn from the same catalogue");
}

#[tokio::test]
async fn a_followed_sellers_inventory_feeds_results_bundles_and_offers() {
    use vinyldigger_sandbox::generated::{BULK_QUERY, BULK_SELLER, BULK_SIZE};
    let s = stack(|_| {}).await;
    let filters = json!({"discogs_sellers": [BULK_SELLER], "limit": 200});
    let body = json!({"name": "archive", "query": BULK_QUERY, "platform": "both", "filters": filters});
    let (id, run) = s.run_new_search(body).await;
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["errors"], json!({}));
    assert_eq!(
        run["listings"],
        json!({"discogs": BULK_SIZE, "ebay": 200}),
        "every inventory page, eBay's largest page"
    );

    let analysis = s.get(&format!("/api/v1/analysis/search/{id}/analysis")).await;
    assert_eq!(analysis["analysis"]["total_results"], BULK_SIZE + 200, "{analysis}");
    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    assert_eq!(results.as_array().unwrap().len(), 100, "S7 shows at most 100");
    let discogs: Vec<_> = results.as_array().unwrap().iter().filter(|r| r["platform"] == "discogs").collect();
    assert!(!discogs.is_empty());
    assert!(discogs.iter().all(|r| r["item_data"]["seller"]["username"] == BULK_SELLER), "{:?}", discogs[0]);

    let deals = s.get(&format!("/api/v1/analysis/search/{id}/multi-item-deals")).await;
    let bundle = deals["multi_item_deals"].as_array().unwrap().iter().find(|d| d["seller"]["name"] == BULK_SELLER);
    assert!(bundle.is_some_and(|d| d["total_items"].as_u64().unwrap() >= 2), "{deals}");

    let offers = s.get(&format!("/api/v1/analysis/search/{id}/price-comparison")).await;
    let across: Vec<_> = offers["price_comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|group| {
            let platforms: Vec<_> =
                group["listings"].as_array().unwrap().iter().map(|l| l["platform"].clone()).collect();
            platforms.contains(&json!("discogs")) && platforms.contains(&json!("ebay"))
        })
        .collect();
    assert!(!across.is_empty(), "the same record is offered on both marketplaces");
    for group in across {
        // "Archive Pressing No. 17" must not be grouped with No. 170.
        let title = group["item_match"]["canonical_title"].as_str().unwrap();
        let number: String = title.rsplit("No. ").next().unwrap().chars().take_while(char::is_ascii_digit).collect();
        for listing in group["listings"].as_array().unwrap() {
            let listed = listing["item_data"]["title"].as_str().unwrap();
            assert!(listed.contains(&format!("No. {number} ")), "{listed:?} grouped under {title:?}");
        }
    }
}

#[tokio::test]
async fn an_undecodable_message_goes_to_the_dlq_without_blocking_its_batch() {
    use chrono::Utc;
    use vinyldigger::batch::process;
    use vinyldigger::config::Config;
    use vinyldigger_local::runner::consume_once;

    let env = TestEnv::new().await;
    let config = Config::from_lookup(|n| env.env(n)).unwrap();
    let writer = result_writer::Deps::new(&config, &env.sdk);
    let sqs = aws_sdk_sqs::Client::new(&env.sdk);
    let results = &env.resources.queue_urls["ResultsQueue"];
    sqs.set_queue_attributes()
        .queue_url(results)
        .attributes(QueueAttributeName::VisibilityTimeout, "1")
        .send()
        .await
        .unwrap();
    let good = serde_json::json!({
        "v": 1, "run_id": "019abf2e-7c00-7000-8000-000000000001", "user_id": "3f1e2d4c-5b6a-4789-8abc-def012345678",
        "search_id": "7d9f8e6a-1b2c-4d3e-8f4a-5b6c7d8e9f01", "platform": "ebay", "listings": [], "last": true, "chunk": 0, "chunks": 1
    });
    sqs.send_message().queue_url(results).message_body("{\"v\": 1, \"run_id\": 42").send().await.unwrap();
    sqs.send_message().queue_url(results).message_body(good.to_string()).send().await.unwrap();

    // The local runner's consumer cycle with the writer's handler, as Lambda would run it.
    let handle = |batch| async {
        process(batch, Deadline::unbounded(), result_writer::MESSAGES_IN_FLIGHT, |b, d| {
            result_writer::handle(&writer, b, Utc::now(), d)
        })
        .await
    };
    let mut received = 0;
    for _ in 0..8 {
        received += consume_once(&sqs, results, 1, &handle).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    assert_eq!(received, 4, "the good message once (then deleted), the bad one three times");

    let dlq = &env.resources.queue_urls["ResultsDlq"];
    let out =
        sqs.receive_message().queue_url(dlq).max_number_of_messages(10).wait_time_seconds(1).send().await.unwrap();
    let dead: Vec<_> = out.messages.unwrap_or_default().into_iter().filter_map(|m| m.body).collect();
    assert_eq!(dead, ["{\"v\": 1, \"run_id\": 42"], "after maxReceiveCount (3) receives it is redriven to the DLQ");
}

#[tokio::test]
async fn a_want_list_search_finds_wanted_records_on_both_marketplaces_with_other_pressings_labelled() {
    let s = stack(|_| {}).await;
    s.sync_lists().await;
    let wants = s.get("/api/v1/collections/wantlist/status").await["item_count"].as_u64().unwrap();
    let body = json!({"name": "my wants", "platform": "both", "source": "wantlist", "any_pressing": true, "check_interval_hours": 6});
    let id = s.paused_search(body).await;
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    let (run, _) = s.final_run(&id, Duration::from_secs(180)).await;
    assert_eq!((run["status"].as_str(), &run["errors"]), (Some("completed"), &json!({})), "{run}");

    let results = s.get(&format!("/api/v1/searches/{id}/results")).await;
    let results = results.as_array().unwrap();
    assert!(
        results.iter().all(|r| r["is_in_wantlist"] == true && r["item_data"]["want"]["release_id"].is_string()),
        "{results:?}"
    );
    for platform in ["discogs", "ebay"] {
        assert!(results.iter().any(|r| r["platform"] == platform), "no wanted record found on {platform}");
    }
    let pressing = |r: &&Value| r["item_data"]["want"]["pressing"].as_str().map(str::to_owned);
    let other: Vec<_> = results.iter().filter(|r| pressing(r).as_deref() == Some("other_pressing")).collect();
    assert!(!other.is_empty(), "any pressing finds other releases of wanted masters");
    assert!(other.iter().all(|r| r["item_data"]["release_id"] != r["item_data"]["want"]["release_id"]));

    // The run checked a slice of the list: about a quarter of it, every six hours.
    let checks = s.get(&format!("/api/v1/searches/{id}/wants")).await;
    let checked = checks.as_array().unwrap().iter().filter(|w| w["last_checked_at"].is_string()).count() as u64;
    assert_eq!(checks.as_array().unwrap().len() as u64, wants);
    assert_eq!(checked, (wants * 6).div_ceil(24).min(60), "{checks}");
}
