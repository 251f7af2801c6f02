//! Issue #16 end to end on the local stack: the rates function fetches the sandbox's ECB
//! document, and a collector's search results in US dollars, pounds and euros are all counted in
//! their own currency, with landed cost and the rates' date.

mod local_stack;

use std::collections::BTreeSet;

use local_stack::{Stack, stack};
use serde_json::{Value, json};

/// The sandbox catalogue's shops price in their own currencies; these searches find US, British
/// and German sellers.
const QUERIES: [&str; 4] = ["lp", "jazz", "techno 12\"", "blue note"];

fn offers(comparison: &Value) -> Vec<Value> {
    comparison["price_comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["listings"].as_array().unwrap().clone())
        .collect()
}

fn listed_currencies(results: &[Value]) -> BTreeSet<String> {
    results.iter().filter_map(|r| r["item_data"]["currency"].as_str().map(str::to_owned)).collect()
}

/// Runs the first of [`QUERIES`] whose results are priced in USD, GBP and EUR; its id and results.
async fn mixed_currency_search(s: &Stack) -> (String, Vec<Value>) {
    let mut seen = Vec::new();
    for query in QUERIES {
        let (id, run) = s.run_search(query, "both").await;
        assert_eq!(run["status"], "completed", "{run}");
        let results = s.get(&format!("/api/v1/searches/{id}/results")).await.as_array().unwrap().clone();
        let currencies = listed_currencies(&results);
        if ["USD", "GBP", "EUR"].iter().all(|c| currencies.contains(*c)) {
            return (id, results);
        }
        seen.push((query, currencies));
    }
    panic!("no search found listings in USD, GBP and EUR: {seen:?}");
}

async fn rerun(s: &Stack, id: &str) {
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (run, _) = s.final_run(id, std::time::Duration::from_secs(30)).await;
    assert_eq!(run["status"], "completed", "{run}");
}

/// Every priced offer in `currency`: converted ones with their listed price beside them.
fn assert_all_in(comparison: &Value, currency: &str, today: &str) -> Vec<Value> {
    assert_eq!(comparison["currency"], currency, "{}", comparison["currency"]);
    assert_eq!(comparison["rates_date"], today);
    assert!(comparison.get("unconverted_currencies").is_none(), "{}", comparison["unconverted_currencies"]);
    let offers = offers(comparison);
    for o in &offers {
        if o["price"].is_null() {
            continue;
        }
        // The offer's listing shows the converted amount too, saying so.
        assert_eq!(o["item_data"]["currency"], currency, "{o}");
        if !o["original_price"].is_null() {
            assert_ne!(o["original_price"]["currency"], currency, "{o}");
            assert!(o["original_price"]["amount"].as_f64().unwrap() > 0.0);
        }
        if let (Some(landed), Some(price)) = (o["landed_cost"].as_f64(), o["price"].as_f64()) {
            assert!(landed >= price, "{o}");
            if !o["shipping_estimated"].as_bool().unwrap() {
                let shipping = o["shipping_price"].as_f64().unwrap();
                assert!((landed - price - shipping).abs() < 0.005, "{o}");
            }
        }
    }
    offers
}

/// The results list: every priced result in `currency`, landed, its listed price beside it.
fn results_are_landed_in(results: &[Value], currency: &str, today: &str) {
    for r in results.iter().filter(|r| r["item_data"]["price"].as_f64().is_some_and(|p| p > 0.0)) {
        assert_eq!(r["currency"], currency, "{r}");
        let (price, landed) = (r["price"].as_f64().unwrap(), r["landed_cost"].as_f64().unwrap());
        assert!(landed >= price, "{r}");
        let listed = r["item_data"]["currency"].as_str().unwrap();
        if listed == currency {
            assert!(r.get("original_price").is_none(), "{r}");
        } else {
            assert_eq!(
                (r["original_price"]["currency"].as_str(), &r["rates_date"]),
                (Some(listed), &json!(today)),
                "{r}"
            );
        }
    }
}

/// The same search with a maximum price (no currency: the user's): it bounds the landed cost in
/// euros, so listings in dollars and pounds are bounded too, and shipping counts.
async fn a_max_price_bounds_landed_cost_in_euros(s: &Stack, id: &str, unbounded: &[Value]) {
    let search = s.get(&format!("/api/v1/searches/{id}")).await;
    let mut landed: Vec<f64> = unbounded.iter().filter_map(|r| r["landed_cost"].as_f64()).collect();
    landed.sort_by(f64::total_cmp);
    let bound = (landed[landed.len() / 2] * 100.0).floor() / 100.0;
    let body = json!({"name": "bounded", "query": search["query"], "platform": search["platform"], "filters": {"max_price": bound}});
    let (bounded, run) = s.run_new_search(body).await;
    assert_eq!(run["status"], "completed", "{run}");
    let kept = s.get(&format!("/api/v1/searches/{bounded}/results")).await.as_array().unwrap().clone();
    assert!(!kept.is_empty() && kept.len() < unbounded.len(), "{} of {}", kept.len(), unbounded.len());
    for r in kept.iter().filter(|r| r["is_in_wantlist"] == false) {
        if let Some(cost) = r["landed_cost"].as_f64() {
            assert!(cost <= bound + 0.005, "{cost} > {bound}: {r}");
        }
    }
    let kept_currencies = listed_currencies(&kept);
    assert!(
        kept_currencies.iter().any(|c| c != "EUR"),
        "listings in other currencies are kept too: {kept_currencies:?}"
    );
    let kept_ids: BTreeSet<&str> = kept.iter().filter_map(|r| r["item_id"].as_str()).collect();
    let dropped: Vec<&Value> = unbounded
        .iter()
        .filter(|r| r["landed_cost"].as_f64().is_some_and(|c| c > bound + 0.005) && r["is_in_wantlist"] == false)
        .collect();
    assert!(
        dropped.iter().all(|r| !kept_ids.contains(r["item_id"].as_str().unwrap())),
        "every dearer landed cost dropped"
    );
    assert!(
        dropped.iter().any(|r| r["item_data"]["currency"] != "EUR"),
        "a dollar or pound listing is bounded by the euro maximum"
    );
    assert!(
        dropped.iter().any(|r| r["price"].as_f64().is_some_and(|p| p <= bound)),
        "a listing within the bound by its item price is dropped for its shipping"
    );
}

#[tokio::test]
async fn a_berlin_collector_sees_every_offer_in_euros_and_a_new_yorker_in_dollars() {
    let s = stack(|_| {}).await;
    s.rates_ready().await;
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();

    let (status, prefs) = s.put("/api/v1/config/preferences", json!({"currency": "EUR", "country": "DE"})).await;
    assert_eq!((status, prefs["currency"].as_str()), (200, Some("EUR")), "{prefs}");
    let (id, results) = mixed_currency_search(&s).await;
    let priced = results.iter().filter(|r| r["item_data"]["price"].as_f64().is_some_and(|p| p > 0.0)).count();

    let analysis = s.get(&format!("/api/v1/analysis/search/{id}/analysis")).await;
    let summary = &analysis["analysis"];
    assert_eq!(summary["currency"], "EUR", "{summary}");
    assert_eq!(summary["rates_date"], today);
    assert_eq!(summary["other_currency_results"], 0, "no listing is left out: {summary}");
    assert_eq!(summary["unconverted_currencies"], json!([]));
    let comparison = s.get(&format!("/api/v1/analysis/search/{id}/price-comparison?limit=200")).await;
    let offers = assert_all_in(&comparison, "EUR", &today);
    assert_eq!(offers.len(), results.len(), "every result is an offer");
    let converted: BTreeSet<&str> = offers.iter().filter_map(|o| o["original_price"]["currency"].as_str()).collect();
    assert!(converted.contains("USD") && converted.contains("GBP"), "{converted:?}");
    let in_euros = offers.iter().filter(|o| o["price"].as_f64().is_some()).count();
    assert_eq!(in_euros, priced, "every priced result is priced in euros");
    let min = summary["min_price"].as_f64().unwrap();
    let cheapest = offers
        .iter()
        .filter(|o| o["is_in_collection"] == false)
        .filter_map(|o| o["price"].as_f64())
        .fold(f64::MAX, f64::min);
    assert!(
        (min - cheapest).abs() < 0.005,
        "the summary's minimum is the cheapest offer in euros: {min} vs {cheapest}"
    );

    results_are_landed_in(&results, "EUR", &today);
    a_max_price_bounds_landed_cost_in_euros(&s, &id, &results).await;

    let deals = s.get(&format!("/api/v1/analysis/search/{id}/multi-item-deals")).await;
    assert_eq!((deals["currency"].as_str(), deals["rates_date"].as_str()), (Some("EUR"), Some(today.as_str())));
    let deals = deals["multi_item_deals"].as_array().unwrap();
    assert!(!deals.is_empty(), "several shops hold several records");
    for deal in deals {
        let (value, shipping, cost) = (
            deal["total_value"].as_f64().unwrap(),
            deal["estimated_shipping"].as_f64(),
            deal["total_cost"].as_f64().unwrap(),
        );
        assert!((value + shipping.unwrap_or(0.0) - cost).abs() < 0.005, "landed: {deal}");
    }
    let sellers = s.get(&format!("/api/v1/analysis/search/{id}/analysis")).await["seller_analyses"].clone();
    let foreign_sellers =
        sellers.as_array().unwrap().iter().filter(|a| a["total_value"].as_f64().unwrap() > 0.0).count();
    assert!(foreign_sellers > 1, "sellers of every currency are valued");

    // The same search for a collector in New York: dollars.
    let (status, _) = s.put("/api/v1/config/preferences", json!({"currency": "USD", "country": "US"})).await;
    assert_eq!(status, 200);
    rerun(&s, &id).await;
    let analysis = s.get(&format!("/api/v1/analysis/search/{id}/analysis")).await;
    assert_eq!(analysis["analysis"]["currency"], "USD");
    assert_eq!(analysis["analysis"]["other_currency_results"], 0);
    let comparison = s.get(&format!("/api/v1/analysis/search/{id}/price-comparison?limit=200")).await;
    let offers = assert_all_in(&comparison, "USD", &today);
    let converted: BTreeSet<&str> = offers.iter().filter_map(|o| o["original_price"]["currency"].as_str()).collect();
    assert!(converted.contains("EUR") && converted.contains("GBP"), "{converted:?}");
    let deals = s.get(&format!("/api/v1/analysis/search/{id}/multi-item-deals")).await;
    assert_eq!(deals["currency"], "USD");
}
