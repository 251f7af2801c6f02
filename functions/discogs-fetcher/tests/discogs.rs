//! The Discogs fetcher against the emulator (own table and queues per test) and the sandbox
//! marketplace on 127.0.0.1 (or wiremock for answers the sandbox does not give).

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::Utc;
use discogs_fetcher::{Deps, Message, NOT_CONFIGURED, NOT_LINKED, handle};
use serde_json::{Value, json};
use vinyldigger::batch::{RawMessage, process};
use vinyldigger::config::{Config, MARKETPLACE_BASE_URL, MARKETPLACE_MODE};
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::ids::{RunId, SearchId, UserId};
use vinyldigger::domain::listing::ListingKind;
use vinyldigger::domain::lists::{ListItem, ListKind, SyncStatus};
use vinyldigger::domain::money::Currency;
use vinyldigger::domain::oauth::AppConfig;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::run::Run;
use vinyldigger::fetcher::FetchError;
use vinyldigger::market::Retry;
use vinyldigger::queue::{FetchJob, ResultBatch, SyncJob, SyncKind, SyncResume, V1};
use vinyldigger::secrets::Secret;
use vinyldigger_bootstrap::testing::{TestEnv, drain};
use vinyldigger_sandbox::{Fault, Switches};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One message through the handler, in an invocation with time to spare; a fetch job's run is
/// created first, as the scheduler or the API would have.
async fn handled(deps: &Deps, message: Message, now: chrono::DateTime<Utc>) -> Result<(), FetchError> {
    if let Message::Fetch(job) = &message {
        open_run(deps, job).await;
    }
    handle(deps, message, now, Deadline::unbounded()).await
}

async fn open_run(deps: &Deps, job: &FetchJob) {
    let run = Run { id: job.run_id, ..Run::queued(job.search_id, job.user_id, &[job.platform], job.requested_at) };
    match deps.store.create_run(&run).await {
        Ok(()) | Err(vinyldigger::store::StoreError::Exists) => {}
        Err(error) => panic!("cannot create the run: {error}"),
    }
}

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
        deps.retry = Retry {
            attempts: 2,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_secs(2),
            deadline: None,
        };
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
        wantlist: None,
    }
}

fn want(release_id: u64, artist: &str, title: &str) -> ListItem {
    ListItem {
        item_id: release_id.to_string(),
        release_id,
        master_id: None,
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

/// How many records the sandbox user wants and owns, from the sandbox's own catalogue.
fn sandbox_lists() -> (usize, usize) {
    let catalogue = vinyldigger_sandbox::Catalogue::load(
        &vinyldigger_sandbox::default_fixtures_dir(),
        vinyldigger_sandbox::DEFAULT_SEED,
    )
    .expect("the sandbox catalogue");
    (catalogue.counts().wants, catalogue.counts().collection)
}

fn sync_job(user: UserId, kind: SyncKind) -> Message {
    Message::Sync(SyncJob::new(user, kind))
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
    handled(&h.deps, Message::from(job.clone()), Utc::now()).await.unwrap();

    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    assert_eq!((b.chunk, b.chunks, b.last, b.error.as_deref()), (0, 1, true, None));
    assert_eq!((b.run_id, b.search_id, b.user_id, b.platform), (job.run_id, job.search_id, user, Platform::Discogs));
    let found = release_ids(&batches);
    assert!(found.contains(&3863517) && found.contains(&1180012), "{found:?}");
    // Besides the wanted extra, only what the search names: Miles Davis records.
    let others = b.listings.iter().filter(|l| l.release_id != Some(1180012));
    assert!(others.clone().all(|l| l.artist.as_deref() == Some("Miles Davis")), "{:?}", b.listings);
    assert!(others.count() > 1, "the sandbox catalogue has more than one Miles Davis record");
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
    // "blue" finds Kind Of Blue (lowest 19.52 USD) and Joni Mitchell's Blue (lowest 21.57 USD)
    // first, then other records with "blue" in the title or on the label (Blue Note).
    let cents = |batches: &[ResultBatch], id: u64| {
        batches.iter().flat_map(|b| &b.listings).find(|l| l.release_id == Some(id)).map(|l| l.price.minor)
    };
    // The bounds are landed cost in the user's currency (no preferences: dollars, shipped to the
    // US); a release offer's seller is unknown, so it ships with the OTH → US estimate, 35.00.
    let mut capped = job(user, "blue", json!({"max_price": "55"}));
    capped.min_record_condition = Some("NM".into()); // release offers carry no grade: kept
    capped.seller_location_preference = Some("EU".into()); // nor a seller: kept
    handled(&h.deps, Message::from(capped.clone()), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    let found = release_ids(&batches);
    assert!(found.contains(&3863517) && !found.contains(&1417645), "{found:?}");
    assert!(
        batches
            .iter()
            .flat_map(|b| &b.listings)
            .all(|l| l.price.currency == Currency::USD && l.price.minor + 3500 <= 5500)
    );

    h.deps.store.replace_list_items(user, ListKind::Wantlist, &[want(1417645, "Joni Mitchell", "Blue")]).await.unwrap();
    handled(&h.deps, Message::from(capped), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert!(release_ids(&batches).is_superset(&BTreeSet::from([3863517, 1417645])), "the wanted one is kept");
    assert_eq!(cents(&batches, 1417645), Some(2157), "above the bound, kept because wanted");

    handled(&h.deps, Message::from(job(user, "blue", json!({"min_price": 55.5}))), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    let found = release_ids(&batches);
    assert!(found.contains(&1417645) && !found.contains(&3863517), "{found:?}");
    assert!(batches.iter().flat_map(|b| &b.listings).all(|l| l.price.minor + 3500 >= 5550));
}

#[tokio::test]
async fn a_failing_discogs_ends_the_part_at_once_with_the_error() {
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    // The 500 first: a 429 blocks the shared rate bucket, so everything after it is rate limited.
    for (fault, words) in [(Fault::ServerError, "500"), (Fault::RateLimited { retry_after_secs: 30 }, "rate-limiting")]
    {
        switches.set(fault);
        handled(&h.deps, Message::from(job(user, "miles", json!({}))), Utc::now()).await.unwrap();
        let batches = h.batches().await;
        assert_eq!(batches.len(), 1);
        assert!(batches[0].last && batches[0].listings.is_empty());
        let error = batches[0].error.as_deref().unwrap();
        assert!(error.starts_with("Discogs") && error.contains(words), "{error}");
    }
}

#[tokio::test]
async fn refused_credentials_end_the_part_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "You must authenticate."})))
        .mount(&server)
        .await;
    let h = Harness::new(Some(&server.uri())).await;
    handled(&h.deps, Message::from(job(UserId::new(), "miles", json!({}))), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].error.as_deref(), Some("Discogs refused the credentials"));
}

#[tokio::test]
async fn an_unconfigured_discogs_ends_the_part_and_fails_syncs() {
    let h = Harness::new(None).await;
    let user = UserId::new();
    handled(&h.deps, Message::from(job(user, "miles", json!({}))), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!((batches[0].error.as_deref(), batches[0].last), (Some(NOT_CONFIGURED), true));

    handled(&h.deps, sync_job(user, SyncKind::Both), Utc::now()).await.unwrap();
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
    handled(&h.deps, sync_job(user, SyncKind::Wantlist), Utc::now()).await.unwrap();
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!(header.sync_error.as_deref(), Some(NOT_LINKED));
}

#[tokio::test]
async fn syncs_replace_the_lists_and_a_failed_sync_keeps_them() {
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    let started = Utc::now();
    handled(&h.deps, sync_job(user, SyncKind::Both), started).await.unwrap();

    // The sandbox user's lists: the hand-written entries first, then ones from its catalogue,
    // the collection over two pages of 100.
    let (want_count, owned_count) = sandbox_lists();
    assert!(owned_count > 100, "{owned_count}");
    let wants = h.deps.store.list_release_ids(user, ListKind::Wantlist).await.unwrap();
    assert_eq!(wants.len(), want_count);
    assert!([3863517, 1873013, 1342372, 1180012, 4570366].iter().all(|id| wants.contains(id)), "{wants:?}");
    let collection = h.deps.store.list_items(user, ListKind::Collection).await.unwrap();
    let instances: BTreeSet<&str> = collection.iter().map(|i| i.item_id.as_str()).collect();
    assert_eq!(instances.len(), owned_count);
    assert!(["912340000", "912341111", "912342222", "912343333"].iter().all(|i| instances.contains(i)));
    let abbey = collection.iter().find(|i| i.release_id == 2587869).unwrap();
    assert_eq!((abbey.title.as_str(), abbey.artist.as_deref()), ("Abbey Road", Some("The Beatles")));
    for (kind, count) in [(ListKind::Wantlist, want_count), (ListKind::Collection, owned_count)] {
        let header = h.deps.store.get_list_header(user, kind).await.unwrap().unwrap();
        assert_eq!(header.item_count as usize, count);
        assert_eq!(header.last_sync_at, Some(started));
        assert_eq!((header.sync_status, header.sync_error), (SyncStatus::Succeeded, None));
    }

    // Discogs failing: the list is marked failed at once and its items stay.
    switches.set(Fault::ServerError);
    h.deps.store.mark_list_queued(user, ListKind::Wantlist, Utc::now()).await.unwrap();
    handled(&h.deps, sync_job(user, SyncKind::Wantlist), Utc::now()).await.unwrap();
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!(header.sync_status, SyncStatus::Failed);
    assert!(header.sync_error.as_deref().is_some_and(|e| e.starts_with("Discogs did not answer")), "{header:?}");
    assert_eq!((header.item_count as usize, header.last_sync_at), (want_count, Some(started)));
    assert_eq!(h.deps.store.list_items(user, ListKind::Wantlist).await.unwrap().len(), want_count);

    // Discogs now lists two wants: the others are removed.
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
    handle(&smaller, sync_job(user, SyncKind::Wantlist), Utc::now(), Deadline::unbounded()).await.unwrap();
    let wants = h.deps.store.list_release_ids(user, ListKind::Wantlist).await.unwrap();
    assert_eq!(wants, BTreeSet::from([3863517, 1873013]).into_iter().collect());
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!((header.item_count, header.sync_status), (2, SyncStatus::Succeeded));
    assert_eq!(h.deps.store.list_items(user, ListKind::Collection).await.unwrap().len(), owned_count, "untouched");
}

#[tokio::test]
async fn messages_go_through_the_batch_wrapper_and_bad_ones_fail() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    let fetch_job = job(user, "miles", json!({}));
    open_run(&h.deps, &fetch_job).await;
    let fetch = serde_json::to_string(&fetch_job).unwrap();
    let sync = serde_json::to_string(&SyncJob::new(user, SyncKind::Collection)).unwrap();
    let mut ebay_job = job(user, "miles", json!({}));
    ebay_job.platform = Platform::Ebay;
    let batch = vec![
        RawMessage { id: "fetch".into(), body: fetch },
        RawMessage { id: "sync".into(), body: sync },
        RawMessage { id: "garbage".into(), body: "{\"v\":1}".into() },
        RawMessage { id: "ebay".into(), body: serde_json::to_string(&ebay_job).unwrap() },
    ];
    let failed = process(batch, Deadline::unbounded(), vinyldigger::batch::ONE_AT_A_TIME, |m, d| {
        handle(&h.deps, m, Utc::now(), d)
    })
    .await;
    assert_eq!(failed, vec!["garbage", "ebay"]);
    assert_eq!(h.batches().await.len(), 1);
    assert_eq!(h.deps.store.list_items(user, ListKind::Collection).await.unwrap().len(), sandbox_lists().1);
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
    handled(&h.deps, Message::from(job(user, BULK_QUERY, followed)), Utc::now()).await.unwrap();

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
async fn a_failing_inventory_costs_only_itself_and_is_reported() {
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
    handled(&h.deps, Message::from(followed), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!(release_ids(&batches), BTreeSet::from([1417645]), "the release offer is kept");
    let error = batches[0].error.as_deref().unwrap();
    assert!(error.starts_with("Discogs did not answer") && error.contains("503"), "{error}");
}

#[tokio::test]
async fn a_list_longer_than_an_invocation_is_synced_across_invocations() {
    let server = MockServer::start().await;
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(vinyldigger_sandbox::default_fixtures_dir().join("discogs/wants.json")).unwrap(),
    )
    .unwrap();
    let wants: Vec<Value> = fixture["wants"].as_array().unwrap().clone();
    let (first, second) = wants.split_at(2);
    let page = |number: u32, items: &[Value]| json!({"pagination": {"page": number, "pages": 2, "per_page": 2, "items": wants.len()}, "wants": items});
    // The first page takes long enough that no time is left for the second in this invocation.
    Mock::given(method("GET"))
        .and(path("/users/sandbox_digger/wants"))
        .and(wiremock::matchers::query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(1, first)).set_delay(Duration::from_millis(1500)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/sandbox_digger/wants"))
        .and(wiremock::matchers::query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(2, second)))
        .mount(&server)
        .await;
    let h = Harness::new(Some(&server.uri())).await;
    let user = UserId::new();
    // A want Discogs no longer lists, from an earlier sync: removed once the whole list is in.
    h.deps.store.replace_list_items(user, ListKind::Wantlist, &[want(42, "Gone", "Gone")]).await.unwrap();

    let job = SyncJob::new(user, SyncKind::Wantlist);
    handle(&h.deps, Message::Sync(job.clone()), Utc::now(), Deadline::after(Duration::from_secs(16))).await.unwrap();
    let sqs = aws_sdk_sqs::Client::new(&h.env.sdk);
    let queued = drain(&sqs, &h.env.env("FETCH_DISCOGS_QUEUE_URL").unwrap()).await;
    assert_eq!(queued.len(), 1, "the sync goes on in another invocation");
    let next: SyncJob = serde_json::from_str(&queued[0]).unwrap();
    assert_eq!((next.job_id, next.resume), (job.job_id, Some(SyncResume { list: ListKind::Wantlist, page: 2 })));
    let midway = h.deps.store.list_release_ids(user, ListKind::Wantlist).await.unwrap();
    assert!(midway.contains(&42), "nothing is removed before the list is complete");

    handled(&h.deps, Message::Sync(next), Utc::now()).await.unwrap();
    let ids = h.deps.store.list_release_ids(user, ListKind::Wantlist).await.unwrap();
    let expected: std::collections::HashSet<u64> =
        wants.iter().map(|w| w["basic_information"]["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, expected);
    let header = h.deps.store.get_list_header(user, ListKind::Wantlist).await.unwrap().unwrap();
    assert_eq!((header.item_count as usize, header.sync_status), (wants.len(), SyncStatus::Succeeded));
}

/// A want of the sandbox user whose master has another vinyl pressing for sale, among the few a
/// want-list run reads: (the wanted release, its master, the other pressings for sale).
fn want_with_another_pressing_for_sale() -> (ListItem, u64, Vec<u64>) {
    use vinyldigger::domain::wantlist::MAX_PRESSINGS;
    let c = vinyldigger_sandbox::Catalogue::load(
        &vinyldigger_sandbox::default_fixtures_dir(),
        vinyldigger_sandbox::DEFAULT_SEED,
    )
    .expect("the sandbox catalogue");
    let for_sale = |id: u64| {
        c.stats(id, vinyldigger_sandbox::rates::Currency::USD)
            .is_some_and(|s| s.for_sale > 0 && s.lowest.is_some() && !s.blocked)
    };
    c.data()
        .wants
        .iter()
        .filter_map(|w| {
            let release = c.release(w.release_id)?;
            let master = c.master(release.master_id?)?;
            let others: Vec<u64> = master.versions.iter().copied().filter(|v| *v != release.id).collect();
            let selling: Vec<u64> = others.iter().copied().filter(|v| for_sale(*v)).collect();
            (others.len() <= MAX_PRESSINGS && !selling.is_empty()).then(|| {
                let artist = release.artists.first().map(|a| a.name.clone()).unwrap_or_default();
                let mut item = want(release.id, &artist, &release.title);
                item.master_id = Some(master.id);
                (item, master.id, selling)
            })
        })
        .next()
        .expect("the sandbox user wants a record with another pressing for sale")
}

#[tokio::test]
async fn a_want_list_run_labels_any_pressing_offers_and_a_second_user_costs_no_call() {
    use vinyldigger::domain::wantlist::{PressingMatch, WantRef, WantSlice};
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let (wanted, master, selling) = want_with_another_pressing_for_sale();
    let (ann, bob) = (UserId::new(), UserId::new());
    for user in [ann, bob] {
        h.deps.store.replace_list_items(user, ListKind::Wantlist, std::slice::from_ref(&wanted)).await.unwrap();
    }
    let watch = |user| FetchJob {
        wantlist: Some(WantSlice { wants: vec![WantRef::of(&wanted, true)], answer_max_age_minutes: 60 }),
        ..job(user, "", json!({}))
    };

    switches.reset_calls();
    handled(&h.deps, Message::from(watch(ann)), Utc::now()).await.unwrap();
    let ann_calls = switches.calls().discogs.total;
    let batches = h.batches().await;
    assert_eq!(batches.iter().map(|b| b.error.clone()).collect::<Vec<_>>(), [None]);
    let listings: Vec<_> = batches.iter().flat_map(|b| b.listings.clone()).collect();
    let others: BTreeSet<u64> = listings
        .iter()
        .filter(|l| {
            l.want.is_some_and(|w| w.want_release_id == wanted.release_id && w.pressing == PressingMatch::OtherPressing)
        })
        .filter_map(|l| l.release_id)
        .collect();
    assert_eq!(others, selling.iter().copied().collect(), "every other pressing for sale, labelled");
    assert!(listings.iter().all(|l| l.master_id == Some(master) && l.want.is_some()), "{listings:?}");
    // The versions once, then one statistics call per pressing.
    let endpoints = switches.calls().discogs.endpoints;
    assert_eq!(endpoints.get("/masters/{master_id}/versions"), Some(&1), "{endpoints:?}");

    // Bob wants the same record: every answer is shared, so his run makes no Discogs call.
    handled(&h.deps, Message::from(watch(bob)), Utc::now()).await.unwrap();
    assert_eq!(switches.calls().discogs.total, ann_calls);
    let bob_listings: Vec<_> = h.batches().await.into_iter().flat_map(|b| b.listings).collect();
    assert_eq!(bob_listings.len(), listings.len());
}

/// A want-list search's run as the scheduler starts it, its Discogs job through the handler: the
/// listings found, each with the pressing it is.
async fn run_of(
    h: &Harness,
    search: &vinyldigger::domain::search::SavedSearch,
) -> Vec<vinyldigger::domain::listing::Listing> {
    let run = vinyldigger::pipeline::start_run(&h.deps.store, &h.deps.queues, search, Utc::now()).await.unwrap();
    let sqs = aws_sdk_sqs::Client::new(&h.env.sdk);
    let jobs = drain(&sqs, &h.deps.config.queues.fetch_discogs).await;
    assert_eq!(jobs.len(), 1);
    let job: FetchJob = serde_json::from_str(&jobs[0]).unwrap();
    assert_eq!(job.run_id, run.id);
    handle(&h.deps, Message::from(job), Utc::now(), Deadline::unbounded()).await.unwrap();
    h.batches().await.into_iter().flat_map(|b| b.listings).collect()
}

#[tokio::test]
async fn a_want_s_own_any_pressing_switch_overrides_the_search_s_in_the_run() {
    use vinyldigger::domain::platform::SearchPlatform;
    use vinyldigger::domain::search::{NewSearch, SavedSearch, SearchSource};
    use vinyldigger::domain::wantlist::PressingMatch;
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let (wanted, _, selling) = want_with_another_pressing_for_sale();
    let user = UserId::new();
    h.deps.store.replace_list_items(user, ListKind::Wantlist, std::slice::from_ref(&wanted)).await.unwrap();
    let new = NewSearch {
        name: "wants".into(),
        query: String::new(),
        platform: SearchPlatform::Discogs,
        filters: Default::default(),
        check_interval_hours: 6,
        min_record_condition: None,
        min_sleeve_condition: None,
        seller_location_preference: None,
    };
    let search = SavedSearch::create(user, new, Utc::now()).with_source(SearchSource::Wantlist, true);
    h.deps.store.create_search(&search).await.unwrap();
    let other_pressings = |listings: &[vinyldigger::domain::listing::Listing]| {
        listings.iter().filter(|l| l.want.is_some_and(|w| w.pressing == PressingMatch::OtherPressing)).count()
    };

    // The search accepts any pressing, the want only its own release.
    h.deps.store.set_want_pressing(search.id, wanted.release_id, Some(false)).await.unwrap();
    let own_only = run_of(&h, &search).await;
    assert_eq!(other_pressings(&own_only), 0, "{own_only:?}");
    assert!(own_only.iter().all(|l| l.release_id == Some(wanted.release_id)), "{own_only:?}");

    // The other way round: the search wants the release, the want any pressing of it.
    let exact = SavedSearch { any_pressing: false, ..search.clone() };
    h.deps.store.set_want_pressing(search.id, wanted.release_id, Some(true)).await.unwrap();
    let any = run_of(&h, &exact).await;
    assert_eq!(other_pressings(&any), selling.len(), "{any:?}");

    // Without the override the search's switch applies again.
    h.deps.store.set_want_pressing(search.id, wanted.release_id, None).await.unwrap();
    assert_eq!(other_pressings(&run_of(&h, &exact).await), 0);
}
