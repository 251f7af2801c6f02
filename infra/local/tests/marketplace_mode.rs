//! Real or sandbox, explicitly: without `VD_MARKETPLACE` each marketplace is real once an admin
//! has stored its app credentials and the sandbox until then, decided at each run (no restart);
//! `VD_MARKETPLACE=sandbox|real` forces one. `/health` says which, per marketplace, and the
//! switch is logged. No test calls the real marketplaces: the real mode is checked by where the
//! fetchers would send their calls.

mod support;

use chrono::Utc;
use reqwest::Method;
use serde_json::json;
use support::{Aws, Client, LocalStack, StackOptions};
use vinyldigger::config::{MARKETPLACE_BASE_URL, MARKETPLACE_MODE};
use vinyldigger::domain::oauth::AppConfig;
use vinyldigger::domain::platform::Platform;
use vinyldigger::fetcher::SANDBOX_PLACEHOLDER;
use vinyldigger::market::{Endpoints, MarketplaceMode};
use vinyldigger::secrets::Secret;
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_local::runner::{Functions, start_sandbox};

fn app(provider: Platform, key: &str) -> AppConfig {
    AppConfig {
        provider,
        consumer_key: key.into(),
        consumer_secret: Secret::new("made-up-secret"),
        callback_url: None,
        redirect_uri: None,
        scope: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

#[tokio::test]
async fn the_fetchers_follow_the_stored_credentials_at_each_run_unless_a_mode_is_forced() {
    let env = TestEnv::new().await;
    let sandbox = start_sandbox().await.unwrap();
    let follow =
        Functions::configured(&env.sdk, &env.resources, |name| (name == MARKETPLACE_BASE_URL).then(|| sandbox.clone()))
            .await
            .unwrap();
    let (store, cipher) = (&follow.api.store, &follow.api.cipher);

    let discogs = follow.discogs.app_keys().await.unwrap().unwrap();
    assert_eq!((discogs.mode, discogs.key.as_str()), (MarketplaceMode::Sandbox, SANDBOX_PLACEHOLDER));
    assert_eq!(follow.discogs.endpoints(&discogs), Endpoints::local(&sandbox));

    // The admin stores Discogs credentials: its next run is real, eBay's still the sandbox.
    store.put_app_config(cipher, &app(Platform::Discogs, "real-discogs-key")).await.unwrap();
    let discogs = follow.discogs.app_keys().await.unwrap().unwrap();
    assert_eq!((discogs.mode, discogs.key.as_str()), (MarketplaceMode::Real, "real-discogs-key"));
    assert_eq!(discogs.secret.expose(), "made-up-secret");
    assert_eq!(follow.discogs.endpoints(&discogs), Endpoints::production());
    let ebay = follow.ebay.app_keys().await.unwrap().unwrap();
    assert_eq!(ebay.mode, MarketplaceMode::Sandbox);
    assert_eq!(follow.ebay.endpoints(&ebay), Endpoints::local(&sandbox));

    // eBay's real hosts follow its client id (a sandbox app goes to eBay's own sandbox).
    store.put_app_config(cipher, &app(Platform::Ebay, "Acme-VinylDig-SBX-1a2b3c4d5-6e7f8a9b")).await.unwrap();
    let ebay = follow.ebay.app_keys().await.unwrap().unwrap();
    assert_eq!(ebay.mode, MarketplaceMode::Real);
    assert_eq!(follow.ebay.endpoints(&ebay), Endpoints::sandbox_ebay());

    // Removing them switches back.
    store.delete_app_config(Platform::Discogs).await.unwrap();
    assert_eq!(follow.discogs.app_keys().await.unwrap().unwrap().mode, MarketplaceMode::Sandbox);

    // Forced sandbox: stored credentials are used against the sandbox.
    let forced = Functions::new(&env.sdk, &env.resources, Some(&sandbox)).await.unwrap();
    let ebay = forced.ebay.app_keys().await.unwrap().unwrap();
    assert_eq!((ebay.mode, ebay.key.as_str()), (MarketplaceMode::Sandbox, "Acme-VinylDig-SBX-1a2b3c4d5-6e7f8a9b"));
    assert_eq!(forced.ebay.endpoints(&ebay), Endpoints::local(&sandbox));

    // Forced real, with a sandbox at hand: an unconfigured marketplace is not configured.
    let real = Functions::configured(&env.sdk, &env.resources, |name| match name {
        MARKETPLACE_BASE_URL => Some(sandbox.clone()),
        MARKETPLACE_MODE => Some("real".into()),
        _ => None,
    })
    .await
    .unwrap();
    assert!(real.discogs.app_keys().await.unwrap().is_none());
    assert_eq!(real.ebay.app_keys().await.unwrap().unwrap().mode, MarketplaceMode::Real);
}

#[tokio::test]
async fn health_shows_each_marketplaces_mode_and_saving_credentials_switches_it_without_a_restart() {
    let stack = LocalStack::start(&StackOptions::new(Aws::Inherited)).await;
    let admin = Client::register(&stack.base, "switch@admin.com").await;
    let sandbox = json!({"status": "healthy", "marketplace": "sandbox", "marketplaces": {"discogs": "sandbox", "ebay": "sandbox"}});
    assert_eq!(admin.health().await, sandbox);

    let credentials = json!({"provider": "discogs", "consumer_key": "made-up-key-0123", "consumer_secret": "made-up"});
    let (status, body) = admin.send(Method::PUT, "/api/v1/admin/app-config/discogs", Some(credentials)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        admin.health().await,
        json!({"status": "healthy", "marketplace": "mixed", "marketplaces": {"discogs": "real", "ebay": "sandbox"}})
    );
    let log = stack.output();
    let switched = log.lines().find(|l| l.contains("marketplace mode switched"));
    assert!(
        switched.is_some_and(|l| l.contains("platform=discogs") && l.contains("from=sandbox") && l.contains("to=real")),
        "{log}"
    );

    // Back to the sandbox, and the next run uses it for both marketplaces.
    let (status, _) = admin.send(Method::DELETE, "/api/v1/admin/app-config/discogs", None).await;
    assert_eq!(status, 200);
    assert_eq!(admin.health().await, sandbox);
    let search = admin.create_search("blue", "both").await;
    let run = admin.run(&search).await;
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["errors"], json!({}));
    assert!(run["listings"]["discogs"].as_u64().unwrap() > 0 && run["listings"]["ebay"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn a_forced_real_mode_starts_no_sandbox_and_says_so() {
    let stack = LocalStack::start(&StackOptions::new(Aws::Inherited).env("VD_MARKETPLACE", "real")).await;
    let user = Client::register(&stack.base, "real@example.com").await;
    assert_eq!(
        user.health().await,
        json!({"status": "healthy", "marketplace": "real", "marketplaces": {"discogs": "real", "ebay": "real"}})
    );
    assert!(!stack.output().contains("sandbox marketplace listening"), "{}", stack.output());
    // Nothing configured and no sandbox: both parts of a run say so (no call leaves the machine).
    let search = user.create_search("blue", "both").await;
    let run = user.run(&search).await;
    assert_eq!(run["status"], "failed", "{run}");
    assert_eq!(run["errors"], json!({"discogs": "Discogs is not configured", "ebay": "eBay is not configured"}));
}
