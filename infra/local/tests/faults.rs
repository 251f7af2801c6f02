//! Faults end to end on the local stack with the sandbox marketplace: every single-marketplace
//! fault, a call hung past the function's timeout, poison messages, duplicate deliveries, 20
//! rapid "run now" presses and a runner restart mid-run. For each: the run's terminal state and how long it took, that no
//! result is lost or doubled, and that the dead-letter queues hold only the poison. Each test
//! prints a `reliability:` line with its figures (docs/reliability.md).

mod local_stack;

use std::collections::HashSet;
use std::time::Duration;

use local_stack::{Stack, stack, stack_redelivering};
use serde_json::{Value, json};
use vinyldigger_local::runner::Functions;

/// What a collector waits at most for a run to end, whatever one marketplace does.
const TERMINAL_WITHIN: Duration = Duration::from_secs(180);

/// Short invocations, so a hung call meets its function's end within the test: a hang is
/// the same whatever the timeout's length.
fn short_invocations(f: &mut Functions) {
    f.timeouts.discogs = Duration::from_secs(20);
    f.timeouts.ebay = Duration::from_secs(12);
}

/// A search whose records both marketplaces list.
const QUERY: &str = "kind of blue";

fn count(run: &Value, platform: &str) -> u64 {
    run["listings"][platform].as_u64().unwrap_or(0)
}

/// Every result of the search as (platform, listing id), checked for doubles.
async fn results(s: &Stack, id: &str) -> Vec<(String, String)> {
    let compared = s.get(&format!("/api/v1/analysis/search/{id}/price-comparison")).await;
    let rows: Vec<(String, String)> = compared["price_comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["listings"].as_array().unwrap().iter())
        .map(|l| (l["platform"].as_str().unwrap().to_owned(), l["item_data"]["id"].to_string()))
        .collect();
    let unique: HashSet<_> = rows.iter().collect();
    assert_eq!(unique.len(), rows.len(), "no listing is stored twice");
    rows
}

async fn a_single_marketplace_fault(mode: &str, faulty: &str) {
    let healthy = if faulty == "discogs" { "ebay" } else { "discogs" };
    let s = stack(short_invocations).await;
    s.fault(mode, faulty).await;
    let id = s.paused_search(json!({"name": QUERY, "query": QUERY, "platform": "both"})).await;
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    let (run, took) = s.final_run(&id, TERMINAL_WITHIN).await;

    assert_eq!(run["status"], "completed", "the healthy part makes the run complete: {run}");
    let error = run["errors"][faulty].as_str().unwrap_or_else(|| panic!("the {faulty} part records its error: {run}"));
    assert!(run["errors"].get(healthy).is_none(), "{run}");
    let rows = results(&s, &id).await;
    let kept = rows.iter().filter(|(p, _)| p == healthy).count() as u64;
    assert!(kept > 0 && kept == count(&run, healthy), "every {healthy} listing is kept: {kept} of {run}");
    assert!(rows.iter().all(|(p, _)| p == healthy), "the faulty marketplace adds nothing");
    assert!(s.dead_letters().await.is_empty(), "a marketplace fault puts nothing in a dead-letter queue");
    eprintln!(
        "reliability: fault={mode} market={faulty} status=completed terminal_after_ms={} kept={kept} error={error:?}",
        took.as_millis()
    );
}

#[tokio::test]
async fn discogs_answering_500() {
    a_single_marketplace_fault("500", "discogs").await;
}

#[tokio::test]
async fn ebay_answering_500() {
    a_single_marketplace_fault("500", "ebay").await;
}

#[tokio::test]
async fn discogs_answering_429() {
    a_single_marketplace_fault("429", "discogs").await;
}

#[tokio::test]
async fn ebay_answering_429() {
    a_single_marketplace_fault("429", "ebay").await;
}

#[tokio::test]
async fn discogs_answering_garbled_bodies() {
    a_single_marketplace_fault("garbled", "discogs").await;
}

#[tokio::test]
async fn ebay_answering_garbled_bodies() {
    a_single_marketplace_fault("garbled", "ebay").await;
}

/// Each call hangs longer than the whole invocation: the fetcher stops calling before its end.
#[tokio::test]
async fn discogs_hanging_past_the_function_timeout() {
    a_single_marketplace_fault("slow:60000", "discogs").await;
}

#[tokio::test]
async fn ebay_hanging_past_the_function_timeout() {
    a_single_marketplace_fault("slow:60000", "ebay").await;
}

#[tokio::test]
async fn poison_messages_end_in_the_dead_letter_queues_and_nothing_else_does() {
    let s = stack_redelivering(Some(1), |_| {}).await;
    let me = s.get("/api/v1/auth/me").await;
    // Undecodable on every queue, and a well-formed job on the wrong queue.
    let poison = [
        ("FetchDiscogsQueue", "{\"v\": 1, \"run_id\": 42".to_owned()),
        ("FetchEbayQueue", "not json at all".to_owned()),
        ("ResultsQueue", "[]".to_owned()),
        (
            "FetchEbayQueue",
            json!({"v": 1, "run_id": "019abf2e-7c00-7000-8000-000000000001", "user_id": me["id"],
                "search_id": "7d9f8e6a-1b2c-4d3e-8f4a-5b6c7d8e9f01", "platform": "discogs", "query": "x",
                "requested_at": "2026-01-01T00:00:00Z"})
            .to_string(),
        ),
    ];
    for (queue, body) in &poison {
        s.send(queue, body).await;
    }
    let (id, run) = s.run_search(QUERY, "both").await;
    assert_eq!((run["status"].as_str(), &run["errors"]), (Some("completed"), &json!({})), "{run}");
    assert_eq!(results(&s, &id).await.len() as u64, count(&run, "discogs") + count(&run, "ebay"));

    // Three receives each, a second apart, then the redrive.
    let mut dead = Vec::new();
    for _ in 0..60 {
        dead.extend(s.dead_letters().await);
        if dead.len() >= poison.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let mut expected: Vec<String> = poison.iter().map(|(_, body)| body.clone()).collect();
    expected.sort();
    dead.sort();
    assert_eq!(dead, expected, "the dead-letter queues hold exactly the poison");
    eprintln!("reliability: fault=poison messages={} dlq={} run=completed", poison.len(), dead.len());
}

#[tokio::test]
async fn duplicate_deliveries_neither_double_results_nor_complete_a_run_twice() {
    let s = stack(|_| {}).await;
    let me = s.get("/api/v1/auth/me").await;
    let id = s.paused_search(json!({"name": QUERY, "query": QUERY, "platform": "both"})).await;
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    let run = s.get(&format!("/api/v1/searches/{id}/runs/latest")).await;
    // The same fetch jobs again, twice, as at-least-once delivery may hand them over.
    for (queue, platform) in [("FetchDiscogsQueue", "discogs"), ("FetchEbayQueue", "ebay")] {
        let job = json!({"v": 1, "run_id": run["id"], "user_id": me["id"], "search_id": id, "platform": platform,
            "query": QUERY, "requested_at": run["created_at"]});
        for _ in 0..2 {
            s.send(queue, &job.to_string()).await;
        }
    }
    let (done, took) = s.final_run(&id, TERMINAL_WITHIN).await;
    assert_eq!((done["status"].as_str(), &done["errors"]), (Some("completed"), &json!({})), "{done}");
    // Let every duplicate be handled before counting.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = s.get(&format!("/api/v1/searches/{id}/runs/latest")).await;
    assert_eq!(after["id"], done["id"]);
    assert_eq!(after["listings"], done["listings"], "later duplicates change nothing");
    let rows = results(&s, &id).await;
    assert_eq!(rows.len() as u64, count(&done, "discogs") + count(&done, "ebay"));
    assert!(s.dead_letters().await.is_empty());
    eprintln!(
        "reliability: fault=duplicate-deliveries copies=4 terminal_after_ms={} results={} doubled=0",
        took.as_millis(),
        rows.len()
    );
}

#[tokio::test]
async fn a_runner_restart_mid_run_loses_and_doubles_nothing() {
    let mut s = stack_redelivering(Some(3), |_| {}).await;
    let id = s.paused_search(json!({"name": QUERY, "query": QUERY, "platform": "both"})).await;
    // Slow marketplaces keep the fetchers at work when the runner goes down: their messages
    // were received, not acknowledged.
    s.fault("slow:4000", "discogs").await;
    s.fault("slow:4000", "ebay").await;
    s.post(&format!("/api/v1/searches/{id}/run"), json!({})).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before = s.get(&format!("/api/v1/searches/{id}/runs/latest")).await;
    assert_eq!(before["status"], "queued", "the crash comes mid-run: {before}");
    s.restart().await;
    s.fault("none", "discogs").await;
    s.fault("none", "ebay").await;
    let (run, took) = s.final_run(&id, TERMINAL_WITHIN).await;
    assert_eq!((run["status"].as_str(), &run["errors"]), (Some("completed"), &json!({})), "{run}");
    let rows = results(&s, &id).await;
    assert!(count(&run, "discogs") > 0 && count(&run, "ebay") > 0, "{run}");
    assert_eq!(rows.len() as u64, count(&run, "discogs") + count(&run, "ebay"), "nothing lost, nothing doubled");
    assert!(s.dead_letters().await.is_empty());
    eprintln!(
        "reliability: fault=runner-restart status_at_restart={} terminal_after_ms={} results={}",
        before["status"],
        took.as_millis(),
        rows.len()
    );
}

/// The marketplace calls made since the last look, by endpoint, without the eBay app token: it is
/// minted once per warm fetcher, not per run. Resets the count.
async fn search_calls(s: &Stack) -> Value {
    let url = format!("{}/_sandbox/calls", s.sandbox);
    let mut calls: Value = s.http.get(&url).send().await.unwrap().json().await.unwrap();
    s.http.delete(&url).send().await.unwrap();
    calls["ebay"]["endpoints"].as_object_mut().unwrap().remove("/identity/v1/oauth2/token");
    json!({"discogs": calls["discogs"]["endpoints"], "ebay": calls["ebay"]["endpoints"]})
}

#[tokio::test]
async fn twenty_rapid_run_now_presses_start_one_run() {
    let s = stack(|_| {}).await;
    let id = s.paused_search(json!({"name": QUERY, "query": QUERY, "platform": "both"})).await;
    search_calls(&s).await;
    let mut presses = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let request =
            s.http.post(format!("{}/api/v1/searches/{id}/run", s.base)).bearer_auth(&s.token).json(&json!({}));
        presses.spawn(async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.json::<Value>().await.unwrap())
        });
    }
    let answers = presses.join_all().await;
    let (run, took) = s.final_run(&id, TERMINAL_WITHIN).await;

    assert!(answers.iter().all(|(status, _)| *status == 200), "every press is answered: {answers:?}");
    let runs: HashSet<&Value> = answers.iter().map(|(_, body)| &body["run_id"]).collect();
    assert_eq!(runs, HashSet::from([&run["id"]]), "every press names the one run");
    assert_eq!((run["status"].as_str(), &run["errors"]), (Some("completed"), &json!({})), "{run}");
    let rows = results(&s, &id).await;
    assert_eq!(rows.len() as u64, count(&run, "discogs") + count(&run, "ebay"), "nothing doubled");
    let pressed = search_calls(&s).await;

    // The same search pressed once: the marketplaces answer the 20 presses as they answer one.
    let once = s.paused_search(json!({"name": QUERY, "query": QUERY, "platform": "both"})).await;
    s.post(&format!("/api/v1/searches/{once}/run"), json!({})).await;
    s.final_run(&once, TERMINAL_WITHIN).await;
    let single = search_calls(&s).await;
    assert_eq!(pressed["discogs"], single["discogs"], "20 presses cost Discogs one run");
    // eBay's app-token Browse answer is shared: the 20 presses made one call, and the second
    // search with the same query was served by that answer.
    assert_eq!(pressed["ebay"], json!({"/buy/browse/v1/item_summary/search": 1}), "20 presses cost eBay one call");
    assert_eq!(single["ebay"], json!({}), "{single}");
    assert!(s.dead_letters().await.is_empty());
    eprintln!(
        "reliability: fault=rapid-run-now presses=20 runs_started={} terminal_after_ms={} results={}",
        runs.len(),
        took.as_millis(),
        rows.len()
    );
}
