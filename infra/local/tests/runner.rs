//! The local runner end to end on the emulators: the API answers on a real socket, the scheduler
//! picks up a due search, the fetchers' and writer's queue consumers carry the run to its end.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::platform::{Platform, SearchPlatform};
use vinyldigger::domain::run::RunStatus;
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_local::runner::{Functions, run};

async fn free_addr() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

async fn http_get(addr: SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn a_due_search_runs_to_completion_through_every_function() {
    let env = TestEnv::new().await;
    let functions = Arc::new(Functions::new(&env.sdk, &env.resources, None).await.unwrap());
    let search = SavedSearch::create(
        UserId::new(),
        NewSearch {
            name: "local".into(),
            query: "blue train".into(),
            platform: SearchPlatform::Both,
            filters: Default::default(),
            check_interval_hours: 24,
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: None,
        },
        Utc::now(),
    );
    functions.api.store.create_search(&search).await.unwrap();

    let addr = free_addr().await;
    let runner = tokio::spawn({
        let (sdk, functions) = (env.sdk.clone(), functions.clone());
        async move { run(&sdk, functions, addr, None).await }
    });

    let mut health = String::new();
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            health = http_get(addr, "/health").await;
            break;
        }
    }
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    // No sandbox and nothing configured: the real marketplaces, unconfigured.
    assert!(
        health
            .ends_with(r#"{"status":"healthy","marketplace":"real","marketplaces":{"discogs":"real","ebay":"real"}}"#),
        "{health}"
    );

    // The scheduler's first tick is immediate; the run then crosses three queues.
    let mut finished = None;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let latest = functions.api.store.latest_run(search.id).await.unwrap();
        if let Some(run) = latest.filter(|r| r.status.is_final()) {
            finished = Some(run);
            break;
        }
    }
    runner.abort();
    let run = finished.expect("the run finished within 20 s");
    // No marketplace is configured and no sandbox was started: both parts end with that error.
    assert_eq!(run.status, RunStatus::Failed);
    assert_eq!(run.errors[&Platform::Discogs], discogs_fetcher::NOT_CONFIGURED);
    assert_eq!(run.errors[&Platform::Ebay], ebay_fetcher::NOT_CONFIGURED);
    let stamped = functions.api.store.get_search(search.user_id, search.id).await.unwrap().unwrap();
    assert_eq!(stamped.last_run_at, run.completed_at);
}

#[tokio::test]
async fn the_web_app_is_served_compressed_beside_the_api_with_its_routes_on_reload() {
    let env = TestEnv::new().await;
    let functions = Arc::new(Functions::new(&env.sdk, &env.resources, None).await.unwrap());
    let web = std::env::temp_dir().join(format!("vinyldigger-web-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(web.join("index.html"), "<!doctype html><div id=root></div>").unwrap();
    let script = "export const app = 'vinyldigger';\n".repeat(200);
    std::fs::write(web.join("assets/app.js"), &script).unwrap();

    let addr = free_addr().await;
    let runner = tokio::spawn({
        let (sdk, functions, web) = (env.sdk.clone(), functions.clone(), web.clone());
        async move { run(&sdk, functions, addr, Some(&web)).await }
    });
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("http://{addr}{path}")).header("accept-encoding", "gzip").send();
    let mut up = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if get("/health").await.is_ok_and(|r| r.status().is_success()) {
            up = true;
            break;
        }
    }
    assert!(up, "the runner answers /health");

    let asset = get("/assets/app.js").await.unwrap();
    assert_eq!(asset.headers()["content-encoding"], "gzip");
    let compressed = asset.bytes().await.unwrap();
    assert!(compressed.len() * 10 < script.len(), "{} bytes of {}", compressed.len(), script.len());

    // An app route on reload gets the app; the API keeps its own answers, 404s included.
    let route = http.get(format!("http://{addr}/searches/some-id/deals")).send().await.unwrap();
    assert_eq!(route.status(), 200);
    assert!(route.text().await.unwrap().contains("<div id=root>"));
    let api = http.get(format!("http://{addr}/api/v1/nothing-here")).send().await.unwrap();
    assert_eq!(api.status(), 404);
    assert!(api.text().await.unwrap().contains("detail"));
    runner.abort();
    let _ = std::fs::remove_dir_all(&web);
}
