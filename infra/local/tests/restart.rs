//! Data survives a restart of the whole local stack, emulators and runner, as `./scripts/dev` keeps
//! it in its data directory: DynamoDB Local's database file, and the JWT and data keys, which the
//! restarted (empty) SSM emulator gets back. Runs in flight when the stack stopped are finished;
//! `--fresh` starts empty.

mod support;

use std::os::unix::fs::PermissionsExt;

use chrono::Utc;
use reqwest::Method;
use serde_json::json;
use support::{Aws, Client, LocalStack, StackOptions, TempDir};
use vinyldigger::domain::ids::{SearchId, UserId};
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::run::Run;
use vinyldigger_local::recovery::INTERRUPTED;

const ADMIN: &str = "keeper@admin.com";

fn key_files(data: &std::path::Path, prefix: &str) -> Vec<(String, String, u32)> {
    let dir = data.join("ssm").join(prefix);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap(), mode)
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn accounts_searches_results_and_credentials_survive_a_restart_and_fresh_starts_empty() {
    let data = TempDir::new("data");
    let data_dir = data.0.display().to_string();
    // Sandbox forced: the made-up credentials stored below must not switch Discogs to real.
    let options = StackOptions::new(Aws::Bundled { data: Some(data.0.clone()) })
        .arg("--data-dir")
        .arg(&data_dir)
        .env("VD_MARKETPLACE", "sandbox");

    let mut first = LocalStack::start(&options).await;
    let admin = Client::register(&first.base, ADMIN).await;
    // Sealed with the data key: the fetcher must open the secret for every Discogs call.
    let credentials =
        json!({"provider": "discogs", "consumer_key": "kept-key-0123456789", "consumer_secret": "kept-secret"});
    let (status, body) = admin.send(Method::PUT, "/api/v1/admin/app-config/discogs", Some(credentials)).await;
    assert_eq!(status, 200, "{body}");
    let search = admin.create_search("blue", "both").await;
    let run = admin.run(&search).await;
    assert_eq!(run["status"], "completed", "{run}");
    let results = admin.results(&search).await;
    assert!(!results.is_empty());

    // Two runs in flight when the stack stops: one still queued, one whose eBay part is done.
    let user: UserId = admin.get("/api/v1/auth/me").await["id"].as_str().unwrap().parse().unwrap();
    let store = first.store(&options.prefix).await;
    let queued = admin.create_search("queued", "both").await;
    let run = Run::queued(queued.parse::<SearchId>().unwrap(), user, &Platform::ALL, Utc::now());
    store.create_run(&run).await.unwrap();
    let half = admin.create_search("half done", "both").await;
    let run = Run::queued(half.parse::<SearchId>().unwrap(), user, &Platform::ALL, Utc::now());
    store.create_run(&run).await.unwrap();
    store.finish_run_platform(&run, Platform::Ebay, None, Utc::now()).await.unwrap();
    let keys = key_files(&data.0, &options.prefix);
    assert_eq!(
        keys.iter().map(|(name, _, _)| name.as_str()).collect::<Vec<_>>(),
        ["DataKeyParameterName", "JwtSecretParameterName"]
    );
    assert!(keys.iter().all(|(_, value, mode)| value.len() == 44 && *mode == 0o600), "{keys:?}");
    let first_emulators = first.aws_env.clone();
    first.stop();

    let started = std::time::Instant::now();
    let second = LocalStack::start(&options).await;
    eprintln!("restart: the stack answered {} ms after it was started again", started.elapsed().as_millis());
    assert_ne!(second.aws_env, first_emulators, "new emulator processes");
    assert_eq!(key_files(&data.0, &options.prefix), keys, "the keys were kept, not made again");

    // The session from before the restart is still valid (same JWT key), and so is the password.
    let before = admin.at(&second.base);
    let listed = before.get("/api/v1/searches").await;
    assert_eq!(listed.as_array().unwrap().len(), 3, "{listed}");
    let again = Client::log_in(&second.base, ADMIN).await.expect("the account survived");
    assert_eq!(again.results(&search).await, results);

    // No run stays unfinished: the queued one failed, the half-done one completed with eBay.
    let interrupted = again.final_run(&queued).await;
    assert_eq!(interrupted["status"], "failed", "{interrupted}");
    assert_eq!(interrupted["errors"], json!({"discogs": INTERRUPTED, "ebay": INTERRUPTED}));
    let partial = again.final_run(&half).await;
    assert_eq!(partial["status"], "completed", "{partial}");
    assert_eq!(partial["errors"], json!({"discogs": INTERRUPTED}));
    assert!(second.output().contains("interrupted_runs=2"), "{}", second.output());
    assert!(second.store(&options.prefix).await.open_runs_started_before(chrono::Utc::now()).await.unwrap().is_empty());

    // The stored (sealed) credentials still open: a new run's Discogs part signs with them.
    let rerun = again.run(&search).await;
    assert_eq!(rerun["status"], "completed", "{rerun}");
    assert_eq!(rerun["errors"], json!({}), "{rerun}");
    drop(second);

    let fresh_options = StackOptions {
        args: [options.args.clone(), vec!["--fresh".into()]].concat(),
        prefix: options.prefix.clone(),
        aws: options.aws.clone(),
        env: options.env.clone(),
    };
    let fresh = LocalStack::start(&fresh_options).await;
    assert!(Client::log_in(&fresh.base, ADMIN).await.is_none(), "--fresh starts without accounts");
    let new_keys = key_files(&data.0, &options.prefix);
    assert_eq!(new_keys.len(), 2);
    assert!(new_keys.iter().zip(&keys).all(|(new, old)| new.1 != old.1 && new.2 == 0o600), "new keys");
}
