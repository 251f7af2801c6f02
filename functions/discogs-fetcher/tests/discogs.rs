//! The Discogs fetcher against the emulator (own table and queues per test) and the sandbox
//! marketplace on 127.0.0.1 (or wiremock for answers the sandbox does not give).

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use discogs_fetcher::{Deps, Message, NOT_CONFIGURED, NOT_LINKED, handle};
use serde_json::{Value, json};
use vinyldigger::batch::{Failure, RawMessage, process};
use vinyldigger::config::{Config, MARKETPLACE_BASE_URL, MARKETPLACE_MODE};
use vinyldigger::domain::ids::{JobId, RunId, SearchId, UserId};
use vinyldigger::domain::listing::ListingKind;
use vinyldigger::domain::lists::{ListItem, ListKind, SyncStatus};
use vinyldigger::domain::money::Currency;
use vinyldigger::domain::oauth::AppConfig;
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::Retry;
use vinyldigger::queue::{FetchJob, ResultBatch, SyncJob, SyncKind, V1};
use vinyldigger::secrets::Secret;
use vinyldigger_bootstrap::testing::{TestEnv, drain};
use vinyldigger_sandbox::{Fault, Switches};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Harness {
    env: TestEnv,
    deps: Deps,
}

impl Harness {
    async fn new(base_url: Option<&str>) -> Self {
        let env = TestEnv::new().await;
        let deps = Self::deps(&env, base_url).await;
        Self { env, deps }
    }

    async fn deps(env: &TestEnv, base_url: Option<&str>) -> Deps {
        let config = Config::from_lookup(|name| {
            // The mock stands in whatever credentials a test stores.
            match name {
                MARKETPLACE_BASE_URL => base_url.map(str::to_string),
                MARKETPLACE_MODE => base_url.map(|_| "sandbox".to_owned()),
                _ => env.env(name),
            }
        })
        .expect("config");
        let mut deps = Deps::new(config, &env.sdk).await.expect("deps");
        deps.retry = Retry { attempts: 2, base_delay: Duration::from_millis(5), max_delay: Duration::from_secs(2) };
        deps
    }

    async fn batches(&self) -> Vec<ResultBatch> {
        let sqs = aws_sdk_sqs::Client::new(&self.env.sdk);
        let url = self.env.env("RESULTS_QUEUE_URL").expect("results queue");
        let mut batches: Vec<ResultBatch> =
            drain(&sqs, &url).await.iter().map(|b| serde_json::from_str(b).expect("a result batch")).collect();
        batches.sort_by_key(|b| b.chunk);
        batches
    }
}

async fn sandbox() -> (String, Switches) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let switches = Switches::default();
    let s = switches.clone();
    tokio::spawn(async move {
        let _ = vinyldigger_sandbox::serve(listener, &vinyldigger_sandbox::default_fixtures_dir(), s).await;
    });
    (base, switches)
}

fn job(user: UserId, query: &str, filters: Value) -> FetchJob {
    FetchJob {
        v: V1,
        run_id: RunId::new(),
        user_id: user,
        search_id: SearchId::new(),
        platform: Platform::Discogs,
        query: query.into(),
        filters: serde_json::from_value(filters).expect("test filters"),
        min_record_condition: None,
        min_sleeve_condition: None,
        seller_location_preference: None,
        requested_at: Utc::now(),
    }
}

fn want(release_id: u64, artist: &str, title: &str) -> ListItem {
    ListItem {
        item_id: release_id.to_string(),
        release_id,
        title: title.into(),
        artist: Some(artist.into()),
        year: None,
        format: None,
        catalog_number: None,
        added_at: None,
    }
}

fn release_ids(batches: &[ResultBatch]) -> BTreeSet<u64> {
    batches.iter().flat_map(|b| &b.listings).filter_map(|l| l.release_id).collect()
}

fn sync_job(user: UserId, kind: SyncKind) -> Message {
    Message::Sync(SyncJob { v: V1, job_id: JobId::new(), user_id: user, kind })
}

fn hours_ago(h: i64) -> DateTime<Utc> {
    Utc::now() - chrono::Duration::hours(h)
}

#[tokio::test]
async fn a_sandbox_fetch_sends_normalised_release_offers_with_wanted_extras() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    // The search finds Kind Of Blue; the wanted Sigur Rós release is named by the query only in
    // the stored title, so it comes from the wanted-release lookup.
    let wanted = [want(1180012, "Sigur Rós", "Ágætis Byrjun (Miles remaster)")];
    h.deps.store.replace_list_items(user, ListKind::Wantlist, &wanted).await.unwrap();

    let job = job(user, "miles", json!({}));
    handle(&h.deps, Message::from(job.clone()), Utc::now()).await.unwrap();

    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    assert_eq!((b.chunk, b.chunks, b.last, b.error.as_deref()), (0, 1, true, None));
    assert_eq!((b.run_id, b.search_id, b.user_id, b.platform), (job.run_id, job.search_id, user, Platform::Discogs));
    assert_eq!(release_ids(&batches), BTreeSet::from([3863517, 1180012]));
    let kind_of_blue = b.listings.iter().find(|l| l.release_id == Some(3863517)).unwrap();
    assert!(matches!(kind_of_blue.kind, ListingKind::ReleaseOffer { for_sale } if for_sale >= 2));
    assert_eq!(kind_of_blue.price.currency, Currency::USD);
    assert_eq!(kind_of_blue.price.minor, 1952, "the lowest copy, in cents");
    assert!(kind_of_blue.web_url.as_deref().is_some_and(|u| u.ends_with("/sell/release/3863517")));
}

#[tokio::test]
async fn filters_drop_what_they_should_and_keep_wanted_releases() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    // "blue": Kind Of Blue (lowest 19.52 USD) and Joni Mitchell's Blue (lowest 21.57 USD).
    let mut capped = job(user, "blue", json!({"max_price": "20"}));
    capped.min_record_condition = Some("NM".into()); // release offers carry no grade: kept
    capped.seller_location_preference = Some("EU".into()); // nor a seller: kept
    handle(&h.deps, Message::from(capped.clone()), Utc::now()).await.unwrap();
    assert_eq!(release_ids(&h.batches().await), BTreeSet::from([3863517]));

    h.deps.store.replace_list_items(user, ListKind::Wantlist, &[want(1417645, "Joni Mitchell", "Blue")]).await.unwrap();
    handle(&h.deps, Message::from(capped), Utc::now()).await.unwrap();
    assert_eq!(release_ids(&h.batches().await), BTreeSet::from([3863517, 1417645]), "the wanted one is kept");

    handle(&h.deps, Message::from(job(user, "blue", json!({"min_price": 20.5}))), Utc::now()).await.unwrap();
    assert_eq!(release_ids(&h.batches().await), BTreeSet::from([1417645]));
}

#[tokio::test]
async fn a_429_is_retried_and_a_500_ends_the_part_once_retries_are_over() {
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();

    switches.set(Fault::RateLimited { retry_after_secs: 1 });
    let err = handle(&h.deps, Message::from(job(user, "miles", json!({}))), Utc::now()).await.unwrap_err();
    assert!(err.is_transient(), "{err}");

    switches.set(Fault::ServerError);
    let fresh = job(user, "miles", json!({}));
    let err = handle(&h.deps, Message::from(fresh.clone()), Utc::now()).await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(h.batches().await.is_empty(), "no batch while SQS still retries");

    // The last redelivery: the job is older than the retry window.
    let mut last = fresh;
    last.requested_at = hours_ago(1);
    handle(&h.deps, Message::from(last.clone()), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert!(batches[0].last && batches[0].listings.is_empty());
    let error = batches[0].error.as_deref().unwrap();
    assert!(error.starts_with("Discogs did not answer") && error.contains("500"), "{error}");
}

#[tokio::test]
async fn refused_credentials_end_the_part_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "You must authenticate."})))
        .mount(&server)
        .await;
    let h = Harness::new(Some(&server.uri())).await;
    handle(&h.deps, Message::from(job(UserId::new(), "miles", json!({}))), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].error.as_deref(), Some("Discogs refused the credentials"));
}

#[tokio::test]
async fn an_unconfigured_discogs_ends_the_part_and_fails_syncs() {
    let h = Harness::new(None).await;
    let user = UserId::new();
    handle(&h.deps, Message::from(job(user, "miles", json!({}))), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!((batches[0].error.as_deref(), batches[0].last), (Some(NOT_CONFIGURED), true));

    handle(&h.deps, sync_job(user, SyncKind::Both), Utc::now()).await.unwrap();
    for kind in [ListKind::Collection, ListKind::Wantlist] {
        let header = h.deps.store.get_list_header(user, kind).await.unwrap().unwrap();
        assert_eq!((header.sync_status, header.sync_error.as_deref()), (SyncStatus::Failed, Some(NOT_CONFIGURED)));
    }

    // Configured, but the user has not linked an account.
    let now = Utc::now();
    let app = AppConfig {
        provider: Platform::Discogs,
        consumer_key: "key".into(),
        consumer_secret: Secret::new("secret"),
        callback_url: None,
        redirect_uri: None,
        scope: None,
        created_at: now,
        updated_at: now,
    };
    h.deps.store.put_app_config(&h.deps.cipher, &app).await.unwrap();
    handle(&h.deps, sync_job(user, SyncKind::Wantlist), Utc::now()).await.unwrap();
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!(header.sync_error.as_deref(), Some(NOT_LINKED));
}

#[tokio::test]
async fn syncs_replace_the_lists_and_a_failed_sync_keeps_them() {
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    let started = Utc::now();
    handle(&h.deps, sync_job(user, SyncKind::Both), started).await.unwrap();

    let wants = h.deps.store.list_release_ids(user, ListKind::Wantlist).await.unwrap();
    assert_eq!(wants, BTreeSet::from([3863517, 1873013, 1342372, 1180012, 4570366]).into_iter().collect());
    let collection = h.deps.store.list_items(user, ListKind::Collection).await.unwrap();
    let instances: BTreeSet<&str> = collection.iter().map(|i| i.item_id.as_str()).collect();
    assert_eq!(instances, BTreeSet::from(["912340000", "912341111", "912342222", "912343333"]));
    let abbey = collection.iter().find(|i| i.release_id == 2587869).unwrap();
    assert_eq!((abbey.title.as_str(), abbey.artist.as_deref()), ("Abbey Road", Some("The Beatles")));
    for (kind, count) in [(ListKind::Wantlist, 5), (ListKind::Collection, 4)] {
        let header = h.deps.store.get_list_header(user, kind).await.unwrap().unwrap();
        assert_eq!(header.item_count, count);
        assert_eq!(header.last_sync_at, Some(started));
        assert_eq!((header.sync_status, header.sync_error), (SyncStatus::Succeeded, None));
    }

    // A transient failure: the list stays queued, the items stay, SQS retries.
    switches.set(Fault::ServerError);
    h.deps.store.mark_list_queued(user, ListKind::Wantlist, Utc::now()).await.unwrap();
    let err = handle(&h.deps, sync_job(user, SyncKind::Wantlist), Utc::now()).await.unwrap_err();
    assert!(err.is_transient());
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!(header.sync_status, SyncStatus::Queued);

    // The last redelivery: queued long ago, so the failure is final.
    h.deps.store.mark_list_queued(user, ListKind::Wantlist, hours_ago(1)).await.unwrap();
    handle(&h.deps, sync_job(user, SyncKind::Wantlist), Utc::now()).await.unwrap();
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!(header.sync_status, SyncStatus::Failed);
    assert!(header.sync_error.as_deref().is_some_and(|e| e.starts_with("Discogs did not answer")), "{header:?}");
    assert_eq!((header.item_count, header.last_sync_at), (5, Some(started)));
    assert_eq!(h.deps.store.list_items(user, ListKind::Wantlist).await.unwrap().len(), 5);

    // Discogs now lists two wants: the other three are removed.
    let server = MockServer::start().await;
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(vinyldigger_sandbox::default_fixtures_dir().join("discogs/wants.json")).unwrap(),
    )
    .unwrap();
    let two: Vec<Value> = fixture["wants"].as_array().unwrap().iter().take(2).cloned().collect();
    Mock::given(method("GET"))
        .and(path("/users/sandbox_digger/wants"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"pagination": {"page": 1, "pages": 1, "per_page": 100, "items": 2}, "wants": two}),
            ),
        )
        .mount(&server)
        .await;
    let smaller = Harness::deps(&h.env, Some(&server.uri())).await;
    handle(&smaller, sync_job(user, SyncKind::Wantlist), Utc::now()).await.unwrap();
    let wants = h.deps.store.list_release_ids(user, ListKind::Wantlist).await.unwrap();
    assert_eq!(wants, BTreeSet::from([3863517, 1873013]).into_iter().collect());
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!((header.item_count, header.sync_status), (2, SyncStatus::Succeeded));
    assert_eq!(h.deps.store.list_items(user, ListKind::Collection).await.unwrap().len(), 4, "untouched");
}

#[tokio::test]
async fn messages_go_through_the_batch_wrapper_and_bad_ones_fail() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    let fetch = serde_json::to_string(&job(user, "miles", json!({}))).unwrap();
    let sync =
        serde_json::to_string(&SyncJob { v: V1, job_id: JobId::new(), user_id: user, kind: SyncKind::Collection })
            .unwrap();
    let mut ebay_job = job(user, "miles", json!({}));
    ebay_job.platform = Platform::Ebay;
    let batch = vec![
        RawMessage { id: "fetch".into(), body: fetch },
        RawMessage { id: "sync".into(), body: sync },
        RawMessage { id: "garbage".into(), body: "{\"v\":1}".into() },
        RawMessage { id: "ebay".into(), body: serde_json::to_string(&ebay_job).unwrap() },
    ];
    let failed = process(batch, |m| handle(&h.deps, m, Utc::now())).await;
    assert_eq!(failed, vec!["garbage", "ebay"]);
    assert_eq!(h.batches().await.len(), 1);
    assert_eq!(h.deps.store.list_items(user, ListKind::Collection).await.unwrap().len(), 4);
}

#[tokio::test]
async fn followed_sellers_inventories_are_paged_and_filtered_and_unknown_sellers_skipped() {
    use vinyldigger_sandbox::generated::{BULK_QUERY, BULK_SELLER, BULK_SIZE};
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    // Kind Of Blue is in crate_diggers_berlin's inventory; the query does not name it.
    h.deps
        .store
        .replace_list_items(user, ListKind::Wantlist, &[want(3863517, "Miles Davis", "Kind Of Blue")])
        .await
        .unwrap();
    let followed = json!({"discogs_sellers": [BULK_SELLER, "no_such_seller", "crate_diggers_berlin"]});
    handle(&h.deps, Message::from(job(user, BULK_QUERY, followed)), Utc::now()).await.unwrap();

    let batches = h.batches().await;
    assert!(batches.iter().all(|b| b.error.is_none()));
    let listings: Vec<_> = batches.iter().flat_map(|b| &b.listings).collect();
    let seller_of = |l: &&vinyldigger::domain::listing::Listing| l.seller.as_ref().map(|s| s.id.clone());
    let bulk = listings.iter().filter(|l| seller_of(l).as_deref() == Some(BULK_SELLER)).count();
    assert_eq!(bulk, BULK_SIZE, "every page of the followed seller's inventory was read");
    let others: Vec<_> = listings.iter().filter(|l| seller_of(l).as_deref() != Some(BULK_SELLER)).collect();
    assert!(!others.is_empty());
    assert!(
        others.iter().all(|l| l.release_id == Some(3863517) && seller_of(l).as_deref() == Some("crate_diggers_berlin")),
        "only the wanted record of the other seller: {others:?}"
    );
    assert!(listings.iter().all(|l| matches!(l.kind, ListingKind::Listing)));
    let ids: BTreeSet<_> = listings.iter().map(|l| &l.listing_id).collect();
    assert_eq!(ids.len(), listings.len(), "no listing twice");
}

#[tokio::test]
async fn a_transient_inventory_failure_is_retried_by_sqs_and_on_the_last_attempt_costs_only_itself() {
    let server = MockServer::start().await;
    let found = json!({"pagination": {"page": 1, "pages": 1, "per_page": 10, "items": 1, "urls": {}}, "results": [
        {"id": 1417645, "type": "release", "title": "Joni Mitchell - Blue", "year": "1971", "format": ["Vinyl", "LP"]}
    ]});
    Mock::given(method("GET"))
        .and(path("/database/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(found))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/marketplace/stats/1417645"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"lowest_price": {"currency": "USD", "value": 27.5}, "num_for_sale": 14, "blocked_from_sale": false}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/flaky_seller/inventory"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "try later"})))
        .mount(&server)
        .await;
    let h = Harness::new(Some(&server.uri())).await;
    let followed = job(UserId::new(), "joni blue", json!({"discogs_sellers": "flaky_seller"}));
    let err = handle(&h.deps, Message::from(followed.clone()), Utc::now()).await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(h.batches().await.is_empty(), "nothing sent while SQS still retries");

    let mut last = followed;
    last.requested_at = hours_ago(1);
    handle(&h.deps, Message::from(last), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].error, None);
    assert_eq!(release_ids(&batches), BTreeSet::from([1417645]), "the release offer is kept");
}
