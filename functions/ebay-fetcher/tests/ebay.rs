//! The eBay fetcher against the emulator (own table and queues per test) and the sandbox
//! marketplace on 127.0.0.1 (or wiremock for answers the sandbox does not give).

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::Utc;
use ebay_fetcher::{Deps, NOT_CONFIGURED, handle};
use serde_json::{Value, json};
use vinyldigger::config::{Config, MARKETPLACE_BASE_URL, MARKETPLACE_MODE};
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::condition::Grade;
use vinyldigger::domain::ids::{RunId, SearchId, UserId};
use vinyldigger::domain::money::{Currency, Money};
use vinyldigger::domain::oauth::OAuthToken;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::fetcher::FetchError;
use vinyldigger::market::Retry;
use vinyldigger::queue::{FetchJob, ResultBatch, V1};
use vinyldigger::secrets::Secret;
use vinyldigger_bootstrap::testing::{TestEnv, drain};
use vinyldigger_sandbox::{Fault, Switches};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One job through the handler, in an invocation with time to spare, its run created first as
/// the scheduler or the API would have.
async fn handled(deps: &Deps, job: FetchJob, now: chrono::DateTime<Utc>) -> Result<(), FetchError> {
    let run = Run { id: job.run_id, ..Run::queued(job.search_id, job.user_id, &[job.platform], job.requested_at) };
    match deps.store.create_run(&run).await {
        Ok(()) | Err(vinyldigger::store::StoreError::Exists) => {}
        Err(error) => panic!("cannot create the run: {error}"),
    }
    handle(deps, job, now, Deadline::unbounded()).await
}

struct Harness {
    env: TestEnv,
    deps: Deps,
}

impl Harness {
    async fn new(base_url: Option<&str>) -> Self {
        let env = TestEnv::new().await;
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
        Self { env, deps }
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
        platform: Platform::Ebay,
        query: query.into(),
        filters: serde_json::from_value(filters).expect("test filters"),
        min_record_condition: None,
        min_sleeve_condition: None,
        seller_location_preference: None,
        requested_at: Utc::now(),
        wantlist: None,
    }
}

fn ids(batches: &[ResultBatch]) -> BTreeSet<String> {
    batches.iter().flat_map(|b| &b.listings).map(|l| l.listing_id.clone()).collect()
}

fn item(n: u32) -> String {
    format!("v1|2045123{n:05}|0")
}

const KIND_OF_BLUE_US: &str = "v1|204512347331|0";
const KIND_OF_BLUE_DE: &str = "v1|204512354662|0";
const FLOYD_NEW: &str = "v1|204512376655|0";
const FLOYD_VERY_GOOD: &str = "v1|204512383986|0";

fn user_token(access: &str, expires_in: chrono::Duration, refresh: Option<&str>) -> OAuthToken {
    let now = Utc::now();
    OAuthToken {
        provider: Platform::Ebay,
        access_token: Secret::new(access),
        access_token_secret: None,
        refresh_token: refresh.map(Secret::new),
        expires_at: Some(now + expires_in),
        provider_user_id: "u1".into(),
        provider_username: "digger".into(),
        created_at: now,
        updated_at: now,
    }
}

#[tokio::test]
async fn a_sandbox_fetch_sends_normalised_listings() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let job = job(UserId::new(), "miles davis kind of blue", json!({}));
    handled(&h.deps, job.clone(), Utc::now()).await.unwrap();

    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    assert_eq!((b.chunk, b.chunks, b.last, b.error.as_deref()), (0, 1, true, None));
    assert_eq!((b.run_id, b.search_id, b.platform), (job.run_id, job.search_id, Platform::Ebay));
    assert_eq!(ids(&batches), BTreeSet::from([KIND_OF_BLUE_US.to_string(), KIND_OF_BLUE_DE.to_string()]));
    let de = b.listings.iter().find(|l| l.listing_id == KIND_OF_BLUE_DE).unwrap();
    assert_eq!(de.price, Money::new(1863, Currency::EUR));
    assert_eq!(de.media_grade, Some(Grade::Mint));
    let seller = de.seller.as_ref().unwrap();
    assert_eq!((seller.id.as_str(), seller.location.as_deref()), ("plattenkiste_hamburg", Some("DE")));
}

#[tokio::test]
async fn filters_drop_by_grade_region_and_price() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();

    let mut graded = job(user, "pink floyd", json!({}));
    graded.min_record_condition = Some("VG+".into());
    handled(&h.deps, graded, Utc::now()).await.unwrap();
    assert_eq!(ids(&h.batches().await), BTreeSet::from([FLOYD_NEW.to_string()]), "Very Good < VG+");
    let mut ungraded = job(user, "pink floyd", json!({}));
    ungraded.min_record_condition = Some("Not Graded".into());
    handled(&h.deps, ungraded, Utc::now()).await.unwrap();
    assert_eq!(ids(&h.batches().await), BTreeSet::from([FLOYD_NEW.to_string(), FLOYD_VERY_GOOD.to_string()]));

    let mut located = job(user, "miles davis kind of blue", json!({}));
    located.seller_location_preference = Some("EU".into());
    handled(&h.deps, located, Utc::now()).await.unwrap();
    assert_eq!(ids(&h.batches().await), BTreeSet::from([KIND_OF_BLUE_DE.to_string()]));
    let mut anywhere = job(user, "miles davis kind of blue", json!({}));
    anywhere.seller_location_preference = Some("ANY".into());
    handled(&h.deps, anywhere, Utc::now()).await.unwrap();
    assert_eq!(ids(&h.batches().await).len(), 2);

    // 28.40 USD is above the bound; 18.63 EUR is in another currency and stays.
    handled(&h.deps, job(user, "miles davis kind of blue", json!({"max_price": "25.00"})), Utc::now()).await.unwrap();
    assert_eq!(ids(&h.batches().await), BTreeSet::from([KIND_OF_BLUE_DE.to_string()]));
}

#[tokio::test]
async fn large_answers_arrive_in_numbered_chunks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access_token": "app-token", "expires_in": 7200})),
        )
        .mount(&server)
        .await;
    let long = "x".repeat(1200);
    let items: Vec<Value> = (0..200)
        .map(|n| {
            json!({
                "itemId": item(n), "title": format!("Miles Davis - Kind Of Blue #{n}"),
                "price": {"value": "20.00", "currency": "USD"}, "condition": "Used",
                "seller": {"username": "s"}, "itemWebUrl": format!("https://www.ebay.com/itm/{n}?{long}"),
            })
        })
        .collect();
    Mock::given(method("GET"))
        .and(path("/buy/browse/v1/item_summary/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 200, "itemSummaries": items})))
        .mount(&server)
        .await;
    let h = Harness::new(Some(&server.uri())).await;
    handled(&h.deps, job(UserId::new(), "kind of blue", json!({})), Utc::now()).await.unwrap();

    let batches = h.batches().await;
    assert!(batches.len() >= 2, "{} chunks", batches.len());
    let n = u32::try_from(batches.len()).unwrap();
    for (i, b) in batches.iter().enumerate() {
        let i = u32::try_from(i).unwrap();
        assert_eq!((b.chunk, b.chunks, b.last), (i, n, i + 1 == n));
        assert!(b.error.is_none());
    }
    assert_eq!(ids(&batches).len(), 200);
}

/// The EMF line the fetcher logged for `job`.
fn metric_line_of(job: &FetchJob) -> Value {
    let lines: Vec<Value> =
        vinyldigger::metrics::captured().into_iter().filter(|l| l["run_id"] == job.run_id.to_string()).collect();
    assert_eq!(lines.len(), 1, "one line per job: {lines:?}");
    lines.into_iter().next().unwrap()
}

#[tokio::test]
async fn each_job_logs_an_emf_line_with_calls_429s_and_the_quota_left() {
    vinyldigger::metrics::capture();
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    let found = job(user, "miles davis kind of blue", json!({}));
    handled(&h.deps, found.clone(), Utc::now()).await.unwrap();
    let line = metric_line_of(&found);
    let directive = &line["_aws"]["CloudWatchMetrics"][0];
    assert_eq!(directive["Namespace"], "VinylDigger");
    assert_eq!(directive["Dimensions"], json!([["Function", "Marketplace"]]));
    let names: BTreeSet<&str> =
        directive["Metrics"].as_array().unwrap().iter().map(|m| m["Name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "ListingsFetched",
            "FetchFailed",
            "MarketplaceCalls",
            "Marketplace429s",
            "DynamoDBRequests",
            "MarketplaceQuotaLeft"
        ])
    );
    assert_eq!((line["Function"].as_str(), line["Marketplace"].as_str()), (Some("ebay-fetcher"), Some("ebay")));
    assert_eq!(
        (&line["ListingsFetched"], &line["FetchFailed"], &line["Marketplace429s"]),
        (&json!(2.0), &json!(0.0), &json!(0.0))
    );
    let calls = line["MarketplaceCalls"].as_f64().unwrap();
    assert!(calls >= 1.0, "{line}");
    let budget = f64::from(h.deps.config.ebay_daily_budget);
    assert_eq!(line["MarketplaceQuotaLeft"], budget - calls, "the daily budget less the calls made today");
    assert!(line["DynamoDBRequests"].as_f64().unwrap() > 0.0);

    switches.set(Fault::RateLimited { retry_after_secs: 30 });
    let limited = job(user, "pink floyd", json!({}));
    handled(&h.deps, limited.clone(), Utc::now()).await.unwrap();
    let line = metric_line_of(&limited);
    assert_eq!((&line["FetchFailed"], &line["ListingsFetched"]), (&json!(1.0), &json!(0.0)));
    assert!(line["Marketplace429s"].as_f64().unwrap() >= 1.0, "{line}");
    assert!(line["MarketplaceCalls"].as_f64().unwrap() >= line["Marketplace429s"].as_f64().unwrap());
}

#[tokio::test]
async fn a_failing_ebay_ends_the_part_at_once_with_the_error_and_a_closed_run_is_not_fetched() {
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();

    // Rate limited past the call's retries, then a server error: each ends the part with the
    // error right away; the next run asks eBay again.
    // The 500 first: a 429 blocks the shared rate bucket, so everything after it is rate limited.
    for (fault, words) in [(Fault::ServerError, "500"), (Fault::RateLimited { retry_after_secs: 30 }, "rate-limiting")]
    {
        switches.set(fault);
        handled(&h.deps, job(user, "pink floyd", json!({})), Utc::now()).await.unwrap();
        let batches = h.batches().await;
        assert_eq!(batches.len(), 1);
        let error = batches[0].error.as_deref().unwrap();
        assert!(batches[0].last && batches[0].listings.is_empty() && error.contains(words), "{error}");
    }

    // A job whose run is already over (timed out, failed) costs no call and sends nothing.
    switches.set(Fault::None);
    let late = job(user, "pink floyd", json!({}));
    let run = Run { id: late.run_id, ..Run::queued(late.search_id, user, &[Platform::Ebay], late.requested_at) };
    h.deps.store.create_run(&run).await.unwrap();
    h.deps.store.complete_run(&run, RunStatus::Failed, Utc::now()).await.unwrap();
    handle(&h.deps, late, Utc::now(), Deadline::unbounded()).await.unwrap();
    assert!(h.batches().await.is_empty());
}

#[tokio::test]
async fn a_call_that_would_outlive_the_invocation_is_not_made_and_the_part_ends_in_time() {
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    switches.set(Fault::Slow(Duration::from_secs(20)));
    let job = job(UserId::new(), "pink floyd", json!({}));
    let run = Run { id: job.run_id, ..Run::queued(job.search_id, job.user_id, &[Platform::Ebay], job.requested_at) };
    h.deps.store.create_run(&run).await.unwrap();
    // Seven seconds left: the call gets what remains after the reserve for sending results.
    let started = std::time::Instant::now();
    handle(&h.deps, job, Utc::now(), Deadline::after(Duration::from_secs(7))).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(7), "finished before the deadline: {:?}", started.elapsed());
    let batches = h.batches().await;
    let error = batches[0].error.as_deref().unwrap();
    assert!(error.contains("did not answer"), "{error}");
}

#[tokio::test]
async fn refused_app_credentials_end_the_part_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .mount(&server)
        .await;
    let h = Harness::new(Some(&server.uri())).await;
    handled(&h.deps, job(UserId::new(), "pink floyd", json!({})), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches[0].error.as_deref(), Some("eBay refused the credentials"));
}

#[tokio::test]
async fn an_unconfigured_ebay_ends_the_part_with_the_error() {
    let h = Harness::new(None).await;
    handled(&h.deps, job(UserId::new(), "pink floyd", json!({})), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!((batches[0].error.as_deref(), batches[0].last), (Some(NOT_CONFIGURED), true));
}

#[tokio::test]
async fn an_expiring_user_token_is_refreshed_and_stored_sealed() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    let stale = user_token("v^1.1#i^1#sbx-user-old", chrono::Duration::minutes(1), Some("v^1.1#i^1#sbx-refresh"));
    h.deps.store.put_oauth_token(&h.deps.cipher, user, &stale).await.unwrap();

    handled(&h.deps, job(user, "pink floyd", json!({})), Utc::now()).await.unwrap();
    assert_eq!(ids(&h.batches().await).len(), 2);
    let stored = h.deps.store.get_oauth_token(&h.deps.cipher, user, Platform::Ebay).await.unwrap().unwrap();
    assert_ne!(stored.access_token, stale.access_token);
    assert!(stored.access_token.expose().starts_with("v^1.1#i^1#sbx-user-"));
    assert!(stored.expires_at.unwrap() > Utc::now() + chrono::Duration::hours(1));
    assert_eq!(stored.refresh_token, stale.refresh_token, "eBay does not rotate refresh tokens");
}

#[tokio::test]
async fn a_refused_user_token_falls_back_to_the_app_token() {
    let (base, _switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    // The sandbox refuses bearer tokens it did not mint.
    let revoked = user_token("revoked-token", chrono::Duration::hours(2), None);
    h.deps.store.put_oauth_token(&h.deps.cipher, user, &revoked).await.unwrap();
    handled(&h.deps, job(user, "pink floyd", json!({})), Utc::now()).await.unwrap();
    let batches = h.batches().await;
    assert_eq!((ids(&batches).len(), batches[0].error.as_deref()), (2, None));
}

const BROWSE: &str = "/buy/browse/v1/item_summary/search";

fn browse_calls(switches: &Switches) -> u64 {
    switches.calls().ebay.endpoints.get(BROWSE).copied().unwrap_or(0)
}

#[tokio::test]
async fn a_want_list_run_keeps_only_the_wanted_record_and_a_second_user_costs_no_call() {
    use vinyldigger::domain::wantlist::{WantRef, WantSlice};
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let want = WantRef {
        release_id: 3863517,
        master_id: Some(5460),
        artist: "Miles Davis".into(),
        title: "Kind Of Blue".into(),
        catalog_number: None,
        any_pressing: true,
    };
    let watch = |user| FetchJob {
        wantlist: Some(WantSlice { wants: vec![want.clone()], answer_max_age_minutes: 60 }),
        ..job(user, "", json!({}))
    };

    switches.reset_calls();
    handled(&h.deps, watch(UserId::new()), Utc::now()).await.unwrap();
    assert_eq!(browse_calls(&switches), 1, "one Browse search for the want");
    let batches = h.batches().await;
    assert_eq!(batches.iter().map(|b| b.error.clone()).collect::<Vec<_>>(), [None]);
    let listings: Vec<_> = batches.iter().flat_map(|b| b.listings.clone()).collect();
    assert!(ids(&batches).contains(KIND_OF_BLUE_US), "{:?}", ids(&batches));
    for l in &listings {
        assert_eq!(l.want.map(|w| w.want_release_id), Some(3863517), "{l:?}");
        let title = l.title.to_lowercase();
        assert!(title.contains("kind of blue") && title.contains("miles"), "only the wanted record: {title}");
    }

    // Another user wanting the same record is answered from the table.
    handled(&h.deps, watch(UserId::new()), Utc::now()).await.unwrap();
    assert_eq!(browse_calls(&switches), 1);
    assert_eq!(ids(&h.batches().await), ids(&batches));
}

#[tokio::test]
async fn one_user_cannot_spend_more_than_their_share_of_the_ebay_day() {
    let (base, _switches) = sandbox().await;
    let mut h = Harness::new(Some(&base)).await;
    // A day of 40 calls: each user may make 40 / 20 = 2 of them.
    h.deps.config.ebay_daily_budget = 40;
    let (ann, bob) = (UserId::new(), UserId::new());
    for query in ["miles davis", "pink floyd"] {
        handled(&h.deps, job(ann, query, json!({})), Utc::now()).await.unwrap();
        assert_eq!(h.batches().await[0].error, None, "{query}");
    }
    handled(&h.deps, job(ann, "coltrane", json!({})), Utc::now()).await.unwrap();
    let refused = h.batches().await;
    assert!(refused[0].error.as_deref().is_some_and(|e| e.contains("rate-limiting")), "{:?}", refused[0].error);
    assert!(refused[0].listings.is_empty());
    // Ann's share is spent, not the day's: Bob still searches.
    handled(&h.deps, job(bob, "coltrane", json!({})), Utc::now()).await.unwrap();
    assert_eq!(h.batches().await[0].error, None);
}

#[tokio::test]
async fn two_users_query_searches_with_the_same_query_make_one_browse_call() {
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    switches.reset_calls();
    handled(&h.deps, job(UserId::new(), "Miles Davis  Kind of Blue", json!({})), Utc::now()).await.unwrap();
    let first = h.batches().await;
    assert_eq!(browse_calls(&switches), 1);
    // Another user, the same query in other case and spacing: answered from the table.
    handled(&h.deps, job(UserId::new(), "miles davis kind of blue", json!({})), Utc::now()).await.unwrap();
    assert_eq!(browse_calls(&switches), 1, "the second user's search is served by the shared answer");
    let second = h.batches().await;
    assert_eq!((ids(&second), second[0].error.clone()), (ids(&first), None));
    assert!(ids(&first).contains(KIND_OF_BLUE_US));
    // A bound eBay is not asked about (a maximum without its currency is landed cost in the
    // user's currency, applied after fetching) asks the same question…
    handled(&h.deps, job(UserId::new(), "miles davis kind of blue", json!({"max_price": 20})), Utc::now())
        .await
        .unwrap();
    assert_eq!(browse_calls(&switches), 1);
    // …and filters eBay is asked about are another question.
    let priced = json!({"max_price": 20, "currency": "USD"});
    handled(&h.deps, job(UserId::new(), "miles davis kind of blue", priced), Utc::now()).await.unwrap();
    assert_eq!(browse_calls(&switches), 2);

    // A linked user's search uses their own token and is never shared.
    let linked = UserId::new();
    let token = user_token("v^1.1#i^1#sbx-user-linked", chrono::Duration::hours(2), None);
    h.deps.store.put_oauth_token(&h.deps.cipher, linked, &token).await.unwrap();
    handled(&h.deps, job(linked, "miles davis kind of blue", json!({})), Utc::now()).await.unwrap();
    assert_eq!(browse_calls(&switches), 3);
    assert_eq!(ids(&h.batches().await), ids(&first));
}

#[tokio::test]
async fn a_failed_want_check_leaves_the_want_unchecked_and_first_in_line() {
    use vinyldigger::domain::lists::{ListItem, ListKind};
    use vinyldigger::domain::platform::SearchPlatform;
    use vinyldigger::domain::search::{NewSearch, SavedSearch, SearchSource};
    let (base, switches) = sandbox().await;
    let h = Harness::new(Some(&base)).await;
    let user = UserId::new();
    let want = |release_id: u64, artist: &str, title: &str| ListItem {
        item_id: release_id.to_string(),
        release_id,
        master_id: None,
        title: title.into(),
        artist: Some(artist.into()),
        year: None,
        format: None,
        catalog_number: None,
        added_at: None,
    };
    // Two wants checked one a run (a search every six hours over two wants).
    let wants = [want(3863517, "Miles Davis", "Kind Of Blue"), want(2444, "Pink Floyd", "The Wall")];
    h.deps.store.replace_list_items(user, ListKind::Wantlist, &wants).await.unwrap();
    let new = NewSearch {
        name: "wants".into(),
        query: String::new(),
        platform: SearchPlatform::Ebay,
        filters: Default::default(),
        check_interval_hours: 6,
        min_record_condition: None,
        min_sleeve_condition: None,
        seller_location_preference: None,
    };
    let search = SavedSearch::create(user, new, Utc::now()).with_source(SearchSource::Wantlist, false);
    h.deps.store.create_search(&search).await.unwrap();
    let sqs = aws_sdk_sqs::Client::new(&h.env.sdk);
    let run = async |at: chrono::DateTime<Utc>| {
        vinyldigger::pipeline::start_run(&h.deps.store, &h.deps.queues, &search, at).await.unwrap();
        let jobs = drain(&sqs, &h.deps.config.queues.fetch_ebay).await;
        assert_eq!(jobs.len(), 1);
        let job: FetchJob = serde_json::from_str(&jobs[0]).unwrap();
        let slice: Vec<u64> = job.wantlist.as_ref().unwrap().wants.iter().map(|w| w.release_id).collect();
        handle(&h.deps, job, at, Deadline::unbounded()).await.unwrap();
        (slice, h.batches().await)
    };
    let checks = async || h.deps.store.want_checks(search.id, &[Platform::Ebay]).await.unwrap();

    // eBay fails: the want of the slice stays unchecked, and the run ends with the error.
    switches.set(Fault::ServerError);
    let (failed, batches) = run(Utc::now()).await;
    assert_eq!(failed.len(), 1);
    assert!(batches[0].error.as_deref().is_some_and(|e| e.contains("500")), "{:?}", batches[0].error);
    assert!(checks().await.is_empty(), "a failed check marks nothing");

    // The next run picks the same want first; now it succeeds and is marked checked at its time.
    switches.set(Fault::None);
    let later = Utc::now() + chrono::Duration::hours(6);
    let (slice, batches) = run(later).await;
    assert_eq!((&slice, batches[0].error.as_deref()), (&failed, None));
    assert_eq!(checks().await.get(&failed[0]).map(|t| t.timestamp()), Some(later.timestamp()));
    // And then the other want, while the checked one keeps its time.
    let (slice, _) = run(later + chrono::Duration::hours(6)).await;
    assert_eq!(slice.len(), 1);
    assert_ne!(slice, failed);
    let checked = checks().await;
    assert_eq!(checked.len(), 2);
    assert_eq!(checked[&failed[0]].timestamp(), later.timestamp());
}
