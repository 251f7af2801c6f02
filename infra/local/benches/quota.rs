//! Marketplace quotas under want-list searches (`./scripts/bench quota`, which starts the
//! emulators): N users (`QUOTA_USERS`, default 200) whose want lists (`QUOTA_WANTS` records each,
//! default 100) are drawn from one Zipf-distributed catalogue (the sandbox's releases, exponent
//! `QUOTA_ZIPF`, default 1.0), each with a want-list search every `QUOTA_INTERVAL` hours
//! (default 6), run for one simulated day against the sandbox marketplace and its call counter:
//! once with every user asking the marketplace, once through the shared answers in the table.
//!
//! Simulated time is a parameter (`now`) of every step and of the shared answers, never waited
//! for: a day takes as long as its calls. Each checked want is what a want-list run asks: the
//! release's marketplace statistics and an eBay Browse search by "artist title" (any-pressing
//! versions are left out: cached for 30 days, they add almost nothing after the first day). The
//! slices are the runs' own ([`pick_slice`], [`slice_size`]); answers are read with the runs'
//! tolerance, their interval.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use base64::Engine;
use chrono::{DateTime, Duration, TimeZone, Utc};
use futures::StreamExt;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::domain::lists::ListItem;
use vinyldigger::domain::money::Currency;
use vinyldigger::domain::search_filters::SearchFilters;
use vinyldigger::domain::wantlist::{WantRef, pick_slice, slice_size};
use vinyldigger::market::discogs::{ConsumerCredentials, DiscogsAuth, DiscogsClient, ReleaseStats};
use vinyldigger::market::ebay::{AppTokenCache, EbayAppCredentials, EbayClient};
use vinyldigger::market::{AnswerKind, Endpoints, MarketError, RateLimiter, SearchRequest, SharedAnswers};
use vinyldigger::store::Store;
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_sandbox::{Catalogue, Switches};

/// Discogs: 60 requests a minute per identity; eBay Browse: 5 000 calls a day per application.
const DISCOGS_PER_MINUTE: u64 = 60;
const EBAY_PER_DAY: u64 = 5_000;
/// A run asks about one want every this many seconds (the shared Discogs bucket's pace).
const SECONDS_PER_WANT: i64 = 2;
/// Runs whose calls are in flight together.
const CONCURRENT_RUNS: usize = 8;
const BROWSE: &str = "/buy/browse/v1/item_summary/search";

struct Settings {
    users: usize,
    wants: usize,
    zipf: f64,
    interval_hours: u32,
    seed: u64,
}

fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

impl Settings {
    fn from_env() -> Self {
        Self {
            users: setting("QUOTA_USERS", 200),
            wants: setting("QUOTA_WANTS", 100),
            zipf: setting("QUOTA_ZIPF", 1.0),
            interval_hours: setting("QUOTA_INTERVAL", 6u32).clamp(1, 24),
            seed: setting("QUOTA_SEED", 42),
        }
    }
}

/// The catalogue's records as want-list items, most wanted first (the Zipf rank order).
fn catalogue_items(c: &Catalogue) -> Vec<ListItem> {
    c.data()
        .releases
        .iter()
        .filter(|r| r.searchable && !r.blocked_from_sale)
        .map(|r| ListItem {
            item_id: r.id.to_string(),
            release_id: r.id,
            master_id: r.master_id,
            title: r.title.clone(),
            artist: r.artists.first().map(|a| a.name.clone()),
            year: None,
            format: None,
            catalog_number: None,
            added_at: None,
        })
        .collect()
}

/// Each user's want list: `wants` distinct records drawn with probability ∝ 1 / rank^s.
fn want_lists(settings: &Settings, catalogue: &[ListItem]) -> Vec<Vec<ListItem>> {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let mut cumulative = Vec::with_capacity(catalogue.len());
    let mut total = 0.0;
    for rank in 1..=catalogue.len() {
        total += 1.0 / (rank as f64).powf(settings.zipf);
        cumulative.push(total);
    }
    let wants = settings.wants.min(catalogue.len());
    (0..settings.users)
        .map(|_| {
            let mut picked = HashSet::new();
            while picked.len() < wants {
                let x = rng.random::<f64>() * total;
                picked.insert(cumulative.partition_point(|c| *c < x).min(catalogue.len() - 1));
            }
            let mut picked: Vec<usize> = picked.into_iter().collect();
            picked.sort_unstable();
            picked.into_iter().map(|i| catalogue[i].clone()).collect()
        })
        .collect()
}

/// One run of one user: when, and the wants it checks.
struct Run {
    at: DateTime<Utc>,
    wants: Vec<WantRef>,
}

/// The day's runs in time order: each user's search starts at a random moment of its first
/// interval and runs every interval; each run's slice is chosen as the pipeline chooses it.
fn runs(settings: &Settings, lists: &[Vec<ListItem>], start: DateTime<Utc>) -> (Vec<Run>, f64) {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed + 1);
    let interval = Duration::hours(i64::from(settings.interval_hours));
    let mut starts: Vec<(DateTime<Utc>, usize)> = Vec::new();
    for user in 0..lists.len() {
        let phase = start + Duration::seconds(rng.random_range(0..interval.num_seconds()));
        let mut at = phase;
        while at < start + Duration::days(1) {
            starts.push((at, user));
            at += interval;
        }
    }
    starts.sort();
    let mut checked: Vec<HashMap<u64, DateTime<Utc>>> = vec![HashMap::new(); lists.len()];
    let runs = starts
        .into_iter()
        .map(|(at, user)| {
            let list = &lists[user];
            let slice = pick_slice(list, &checked[user], slice_size(list.len(), settings.interval_hours));
            let wants: Vec<WantRef> = slice.iter().map(|w| WantRef::of(w, false)).collect();
            for w in &wants {
                checked[user].insert(w.release_id, at);
            }
            Run { at, wants }
        })
        .collect();
    let pairs: usize = lists.iter().map(Vec::len).sum();
    let covered: usize = checked.iter().map(HashMap::len).sum();
    (runs, covered as f64 / pairs.max(1) as f64)
}

#[derive(Clone)]
struct Clients {
    discogs: DiscogsClient,
    ebay: EbayClient,
}

/// Marketplace calls by platform and simulated minute (Discogs) and in all (eBay).
#[derive(Default)]
struct Demand {
    discogs_by_minute: BTreeMap<i64, u64>,
    ebay: u64,
}

async fn check(
    clients: &Clients,
    answers: Option<&SharedAnswers>,
    want: &WantRef,
    at: DateTime<Utc>,
    max_age: Duration,
    demand: &Mutex<Demand>,
) -> Result<(), MarketError> {
    let minute = at.timestamp() / 60;
    let count = |discogs: bool| {
        if let Ok(mut d) = demand.lock() {
            if discogs {
                *d.discogs_by_minute.entry(minute).or_default() += 1;
            } else {
                d.ebay += 1;
            }
        }
    };
    let stats = || async {
        count(true);
        clients.discogs.release_stats(want.release_id, Currency::USD).await
    };
    let request = SearchRequest::new(want.browse_query(), SearchFilters::default());
    let browse = || async {
        count(false);
        clients.ebay.search(&request).await
    };
    match answers {
        None => {
            stats().await?;
            browse().await?;
        }
        Some(answers) => {
            let key = format!("{}|USD", want.release_id);
            let _: ReleaseStats =
                answers.get_or_fetch_within(AnswerKind::ReleaseStats, &key, at, max_age, stats).await?;
            let key = ebay_fetcher::browse_key(&request);
            answers.get_or_fetch_within(AnswerKind::EbayBrowse, &key, at, max_age, browse).await?;
        }
    }
    Ok(())
}

struct Outcome {
    checks: usize,
    demand: Demand,
    discogs_calls: u64,
    ebay_calls: u64,
    identities: Vec<(String, u64)>,
    counts: Option<[u64; 4]>,
    took: std::time::Duration,
}

async fn simulate(
    runs: &[Run],
    clients: &Clients,
    answers: Option<&SharedAnswers>,
    interval: Duration,
    switches: &Switches,
) -> Outcome {
    switches.reset_calls();
    let started = Instant::now();
    let demand = Arc::new(Mutex::new(Demand::default()));
    let failures = Arc::new(Mutex::new(0usize));
    futures::stream::iter(runs)
        .for_each_concurrent(CONCURRENT_RUNS, |run| {
            let (demand, failures) = (demand.clone(), failures.clone());
            async move {
                for (i, want) in run.wants.iter().enumerate() {
                    let at = run.at + Duration::seconds(SECONDS_PER_WANT * i as i64);
                    if let Err(error) = check(clients, answers, want, at, interval, &demand).await {
                        eprintln!("check of {} failed: {error}", want.release_id);
                        if let Ok(mut f) = failures.lock() {
                            *f += 1;
                        }
                    }
                }
            }
        })
        .await;
    let calls = switches.calls();
    let demand = Arc::try_unwrap(demand).ok().and_then(|m| m.into_inner().ok()).unwrap_or_default();
    let mut identities: Vec<(String, u64)> =
        calls.discogs.identities.iter().chain(&calls.ebay.identities).map(|(k, v)| (k.clone(), *v)).collect();
    identities.sort();
    Outcome {
        checks: runs.iter().map(|r| r.wants.len()).sum(),
        demand,
        discogs_calls: calls.discogs.total,
        ebay_calls: calls.ebay.endpoints.get(BROWSE).copied().unwrap_or(0),
        identities,
        counts: answers.map(|a| a.counts().snapshot()),
        took: started.elapsed(),
    }
}

fn report(label: &str, o: &Outcome, users: usize) {
    let calls = o.discogs_calls + o.ebay_calls;
    let peak = o.demand.discogs_by_minute.values().max().copied().unwrap_or(0);
    println!("== {label}");
    println!(
        "  want checks {:>6}  marketplace calls {:>6} (Discogs {:>6}, eBay Browse {:>5})  per user-day {:>6.1}  [{:.0?}]",
        o.checks,
        calls,
        o.discogs_calls,
        o.ebay_calls,
        calls as f64 / users as f64,
        o.took
    );
    if let Some([hits, coalesced, stale, fetched]) = o.counts {
        let asked = (hits + coalesced + stale + fetched).max(1);
        println!(
            "  shared answers: {hits} hits, {coalesced} coalesced, {stale} stale, {fetched} fetched: hit rate {:.1} %",
            100.0 * (hits + coalesced + stale) as f64 / asked as f64
        );
    }
    println!(
        "  Discogs: peak {peak} calls in a simulated minute, {} a day (one identity allows {DISCOGS_PER_MINUTE}/min, {}/day); eBay: {} a day (allowed {EBAY_PER_DAY})",
        o.discogs_calls,
        DISCOGS_PER_MINUTE * 1440,
        o.ebay_calls
    );
    let exceeded = o.discogs_calls > DISCOGS_PER_MINUTE * 1440 || o.ebay_calls > EBAY_PER_DAY;
    println!(
        "  quota exceeded: {}  (peak minute over {DISCOGS_PER_MINUTE}: {}; the shared bucket would pace it)",
        if exceeded { "YES" } else { "no" },
        if peak > DISCOGS_PER_MINUTE { "yes" } else { "no" }
    );
    for (identity, n) in &o.identities {
        println!("    sandbox counter {identity}: {n}");
    }
}

#[tokio::main]
async fn main() {
    let settings = Settings::from_env();
    let env = TestEnv::new().await;
    let table = env.env("TABLE_NAME").expect("the template names the table");
    let store = Store::new(aws_sdk_dynamodb::Client::new(&env.sdk), table);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let switches = Switches::default();
    tokio::spawn({
        let switches = switches.clone();
        async move {
            let _ = vinyldigger_sandbox::serve(listener, &vinyldigger_sandbox::default_fixtures_dir(), switches).await;
        }
    });
    let endpoints = Endpoints::local(&base);
    let http = vinyldigger::market::http_client().expect("http client");
    let key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    let cipher = FieldCipher::from_base64_key(&key).expect("key");
    // Demand is measured, not paced: the clients go without the shared limiter (its buckets run
    // on real time, this day on simulated time); the quotas are checked on the counts instead.
    let clients = Clients {
        discogs: DiscogsClient::unthrottled(
            http.clone(),
            endpoints.clone(),
            DiscogsAuth::App(ConsumerCredentials::new("quota-bench", "sandbox")),
        ),
        ebay: EbayClient::new(
            http,
            endpoints,
            EbayAppCredentials::new("quota-bench", "sandbox"),
            AppTokenCache::new(store.clone(), cipher),
            RateLimiter::new(store.clone()),
        )
        .without_limiter(),
    };

    let catalogue = Catalogue::load(&vinyldigger_sandbox::default_fixtures_dir(), vinyldigger_sandbox::DEFAULT_SEED)
        .expect("the sandbox catalogue");
    let items = catalogue_items(&catalogue);
    let lists = want_lists(&settings, &items);
    let start = Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).single().expect("a valid time");
    let (runs, coverage) = runs(&settings, &lists, start);
    let distinct: HashSet<u64> = lists.iter().flatten().map(|w| w.release_id).collect();
    println!(
        "{} users × {} wants (Zipf s = {} over {} releases: {} distinct wanted), a want-list search every {} h: {} runs in a simulated day; wants checked that day: {:.1} %",
        settings.users,
        settings.wants,
        settings.zipf,
        items.len(),
        distinct.len(),
        settings.interval_hours,
        runs.len(),
        100.0 * coverage
    );
    let interval = Duration::hours(i64::from(settings.interval_hours));
    let alone = simulate(&runs, &clients, None, interval, &switches).await;
    report("without sharing (every user asks the marketplace)", &alone, settings.users);
    let answers = SharedAnswers::new(store.clone()).with_wait(8, std::time::Duration::from_millis(100));
    let shared = simulate(&runs, &clients, Some(&answers), interval, &switches).await;
    report("with the shared answers", &shared, settings.users);
    let before = (alone.discogs_calls + alone.ebay_calls) as f64;
    let after = (shared.discogs_calls + shared.ebay_calls) as f64;
    println!("== sharing saves {:.1} % of the marketplace calls", 100.0 * (1.0 - after / before.max(1.0)));
}
