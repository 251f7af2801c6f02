//! The local runner: the API router on a real socket, a long-polling consumer per queue that
//! calls the same per-message handlers as the Lambdas (same partial-batch semantics: failed
//! messages stay on the queue and are redelivered, then redriven to the DLQ), the scheduler
//! ticking every minute and the notifier's digests and the exchange rates on the same cadence
//! (the rates function skips rates fetched within hours, so locally they are fetched at start-up
//! and retried each minute while the document cannot be had).

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_sqs::types::DeleteMessageBatchRequestEntry;
use axum::response::IntoResponse;
use chrono::Utc;
use tokio::task::JoinSet;
use tower::Layer;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use vinyldigger::batch::{ONE_AT_A_TIME, RawMessage, process};
use vinyldigger::config::{
    ADMIN_EMAIL_DOMAINS, ADMIN_EMAILS, APP_URL, CORS_ORIGINS, Config, ConfigError, EBAY_DAILY_BUDGET,
    MARKETPLACE_BASE_URL, MARKETPLACE_MODE, MAX_SAVED_SEARCHES, WEBHOOK_ALLOW_LOOPBACK,
};
use vinyldigger::deadline::Deadline;

use vinyldigger_bootstrap::LocalResources;

pub const SCHEDULER_PERIOD: Duration = Duration::from_secs(60);

/// The queue the bus's `RunCompleted` rule feeds, which the notifier consumes.
pub const NOTIFY_QUEUE: &str = "NotifyQueue";

/// Where the app answers when no address is given (`./scripts/dev`'s default).
pub const DEFAULT_APP_URL: &str = "http://127.0.0.1:8000";

/// Long-poll wait of each receive.
pub const LONG_POLL_SECONDS: i32 = 10;

#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("start-up failed: {0}")]
    Startup(#[from] vinyldigger::startup::InitError),
    #[error("the notifier cannot start: {0}")]
    Notifier(#[from] notifier::NotifierInitError),
    #[error("the template declares no {0}")]
    Missing(&'static str),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
}

/// The functions' dependencies, built once from the resolved template environment.
pub struct Functions {
    pub config: Config,
    pub api: Arc<api::Deps>,
    pub scheduler: scheduler::Deps,
    pub rates: rates::Deps,
    pub discogs: discogs_fetcher::Deps,
    pub ebay: ebay_fetcher::Deps,
    pub writer: result_writer::Deps,
    pub notifier: notifier::Deps,
    /// The notifier's queue.
    pub notify_queue: String,
    /// How often the digests are looked at (tests shorten it).
    pub digest_period: Duration,
    /// Each consumer's invocation time, as the template gives its Lambda.
    pub timeouts: Timeouts,
}

/// How long one invocation of each queue consumer may take.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub discogs: Duration,
    pub ebay: Duration,
    pub writer: Duration,
    pub notifier: Duration,
}

impl Functions {
    /// For tests: `sandbox` sends every marketplace call to that base URL whatever is stored
    /// (`VD_MARKETPLACE=sandbox`: tests store made-up credentials); `None` leaves the real
    /// marketplaces, which no test configures.
    pub async fn new(sdk: &SdkConfig, resources: &LocalResources, sandbox: Option<&str>) -> Result<Self, RunnerError> {
        Self::new_at(sdk, resources, sandbox, DEFAULT_APP_URL).await
    }

    /// [`Functions::new`] for an app served at `app_url` (the links in alerts point there).
    pub async fn new_at(
        sdk: &SdkConfig,
        resources: &LocalResources,
        sandbox: Option<&str>,
        app_url: &str,
    ) -> Result<Self, RunnerError> {
        Self::configured(sdk, resources, |name| match name {
            MARKETPLACE_BASE_URL => sandbox.map(str::to_owned),
            MARKETPLACE_MODE => sandbox.map(|_| "sandbox".to_owned()),
            _ => local_setting(name, app_url),
        })
        .await
    }

    /// Each function reads `settings` first (the runner's marketplace choice, a developer's
    /// overrides), then its own variables in the template, then the template's `Globals`, then
    /// the local stack's own settings.
    pub async fn configured(
        sdk: &SdkConfig,
        resources: &LocalResources,
        settings: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, RunnerError> {
        // Last, what only the local stack sets (the template leaves it to AWS).
        let local = |name: &str| local_setting(name, DEFAULT_APP_URL);
        let config_of = |binary: &str| {
            Config::from_lookup(|name| {
                settings(name).or_else(|| resources.function_env(binary, name)).or_else(|| local(name))
            })
        };
        let config =
            Config::from_lookup(|name| settings(name).or_else(|| resources.env(name)).or_else(|| local(name)))?;
        let api = Arc::new(api::Deps::new(config_of("api")?, sdk).await?);
        Ok(Self {
            scheduler: scheduler::Deps::new(&config_of("scheduler")?, sdk),
            rates: rates::Deps::new(&config_of("rates")?, sdk)?,
            discogs: discogs_fetcher::Deps::with_cipher(config_of("discogs-fetcher")?, sdk, api.cipher.clone())?,
            ebay: ebay_fetcher::Deps::with_cipher(config_of("ebay-fetcher")?, sdk, api.cipher.clone())?,
            writer: result_writer::Deps::new(&config_of("result-writer")?, sdk),
            notifier: notifier::Deps::with_cipher(&config_of("notifier")?, sdk, api.cipher.clone())?,
            notify_queue: resources.queue_urls.get(NOTIFY_QUEUE).cloned().ok_or(RunnerError::Missing("NotifyQueue"))?,
            digest_period: SCHEDULER_PERIOD,
            timeouts: Timeouts {
                discogs: resources.timeout("discogs-fetcher"),
                ebay: resources.timeout("ebay-fetcher"),
                writer: resources.timeout("result-writer"),
                notifier: resources.timeout("notifier"),
            },
            api,
            config,
        })
    }
}

/// What only the local stack sets: the app's address for links in alerts, and webhooks to
/// loopback allowed, so a developer (or a test) can receive them on 127.0.0.1.
pub fn local_setting(name: &str, app_url: &str) -> Option<String> {
    match name {
        APP_URL => Some(app_url.to_owned()),
        WEBHOOK_ALLOW_LOOPBACK => Some("true".to_owned()),
        _ => None,
    }
}

/// Variables a developer's environment sets over the template's values: those that come from
/// template parameters (in AWS, `sam deploy --parameter-overrides` sets them).
pub const OVERRIDABLE: [&str; 5] =
    [CORS_ORIGINS, ADMIN_EMAILS, ADMIN_EMAIL_DOMAINS, EBAY_DAILY_BUDGET, MAX_SAVED_SEARCHES];

/// Runs everything until one part stops (which, short of a bug, is never). With `web`, the
/// built web app is served beside the API, so one URL is the whole product.
pub async fn run(
    sdk: &SdkConfig,
    functions: Arc<Functions>,
    addr: SocketAddr,
    web: Option<&Path>,
) -> Result<(), RunnerError> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| RunnerError::Listen { addr, source })?;
    tracing::info!(%addr, "API listening");
    let sqs = aws_sdk_sqs::Client::new(sdk);
    let queues = functions.config.queues.clone();
    let mut tasks = JoinSet::new();

    let app = axum::ServiceExt::<axum::extract::Request>::into_make_service(site(functions.api.clone(), web));
    tasks.spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "API server stopped");
        }
    });

    // Each received batch is one invocation: it gets the function's deadline from now.
    let f = functions.clone();
    tasks.spawn(consume(sqs.clone(), queues.fetch_discogs.clone(), move |batch| {
        let f = f.clone();
        let deadline = Deadline::after(f.timeouts.discogs);
        async move {
            process(batch, deadline, ONE_AT_A_TIME, |job, d| discogs_fetcher::handle(&f.discogs, job, Utc::now(), d))
                .await
        }
    }));
    let f = functions.clone();
    tasks.spawn(consume(sqs.clone(), queues.fetch_ebay.clone(), move |batch| {
        let f = f.clone();
        let deadline = Deadline::after(f.timeouts.ebay);
        async move {
            process(batch, deadline, ONE_AT_A_TIME, |job, d| ebay_fetcher::handle(&f.ebay, job, Utc::now(), d)).await
        }
    }));
    let f = functions.clone();
    tasks.spawn(consume(sqs.clone(), queues.results.clone(), move |batch| {
        let f = f.clone();
        let deadline = Deadline::after(f.timeouts.writer);
        async move {
            process(batch, deadline, result_writer::MESSAGES_IN_FLIGHT, |b, d| {
                result_writer::handle(&f.writer, b, Utc::now(), d)
            })
            .await
        }
    }));
    let f = functions.clone();
    tasks.spawn(consume(sqs, functions.notify_queue.clone(), move |batch| {
        let f = f.clone();
        let deadline = Deadline::after(f.timeouts.notifier);
        async move { process(batch, deadline, ONE_AT_A_TIME, |e, d| notifier::handle(&f.notifier, e, Utc::now(), d)).await }
    }));

    let f = functions.clone();
    tasks.spawn(async move {
        let mut ticks = tokio::time::interval(f.digest_period);
        loop {
            ticks.tick().await;
            if let Err(error) = notifier::digest::tick(&f.notifier, Utc::now()).await {
                tracing::error!(%error, "digest tick failed");
            }
        }
    });

    let f = functions.clone();
    tasks.spawn(async move {
        let mut ticks = tokio::time::interval(SCHEDULER_PERIOD);
        loop {
            ticks.tick().await;
            if let Err(error) = scheduler::tick(&f.scheduler, Utc::now()).await {
                tracing::error!(%error, "scheduler tick failed");
            }
        }
    });

    let f = functions.clone();
    tasks.spawn(async move {
        let mut ticks = tokio::time::interval(SCHEDULER_PERIOD);
        loop {
            ticks.tick().await;
            // Failures are logged by the function; the last good day stays in use.
            let _ = rates::tick(&f.rates, Utc::now()).await;
        }
    });

    tasks.join_next().await;
    Ok(())
}

/// The API, and the web app for every other path (unknown paths get `index.html`, so the app's
/// own routes work on reload).
fn site(api: Arc<api::Deps>, web: Option<&Path>) -> axum::Router {
    let api = api::app(api);
    let Some(dir) = web else {
        return axum::Router::new().fallback_service(api);
    };
    let spa = CompressionLayer::new().layer(ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html"))));
    // A prefix test rather than a wildcard route, whose parameter would leak into the API's own
    // path extractors.
    let dispatch = tower::service_fn(move |request: axum::extract::Request| {
        let path = request.uri().path();
        let to_api = path == "/health" || path == "/api" || path.starts_with("/api/");
        let (api, spa) = (api.clone(), spa.clone());
        async move {
            if to_api {
                api.oneshot(request).await
            } else {
                Ok(spa.oneshot(request).await.map_or_else(|e| match e {}, |r| r.into_response()))
            }
        }
    });
    axum::Router::new().fallback_service(dispatch)
}

/// Starts the sandbox marketplace on a free loopback port; returns its base URL.
pub async fn start_sandbox() -> Result<String, RunnerError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|source| RunnerError::Listen { addr: SocketAddr::from(([127, 0, 0, 1], 0)), source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| RunnerError::Listen { addr: SocketAddr::from(([127, 0, 0, 1], 0)), source })?;
    tokio::spawn(async move {
        let fixtures = vinyldigger_sandbox::default_fixtures_dir();
        if let Err(error) =
            vinyldigger_sandbox::serve(listener, &fixtures, vinyldigger_sandbox::Switches::default()).await
        {
            tracing::error!(%error, "sandbox marketplace stopped");
        }
    });
    Ok(format!("http://{addr}"))
}

/// Long-polls one queue forever, handing each batch to `handle` and deleting the messages it
/// did not report as failed.
pub async fn consume<F, Fut>(sqs: aws_sdk_sqs::Client, url: String, handle: F)
where
    F: Fn(Vec<RawMessage>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    loop {
        if let Err(error) = consume_once(&sqs, &url, LONG_POLL_SECONDS, &handle).await {
            tracing::warn!(queue = %url, %error, "queue poll failed; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// One receive-handle-delete cycle, long-polling up to `wait_seconds`; returns how many
/// messages were received.
pub async fn consume_once<F, Fut>(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
    wait_seconds: i32,
    handle: &F,
) -> Result<usize, Box<aws_sdk_sqs::Error>>
where
    F: Fn(Vec<RawMessage>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let received = sqs
        .receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .wait_time_seconds(wait_seconds)
        .send()
        .await
        .map_err(|e| Box::new(e.into()))?;
    let messages = received.messages.unwrap_or_default();
    let count = messages.len();
    if count == 0 {
        return Ok(0);
    }
    let mut receipts = Vec::with_capacity(count);
    let batch = messages
        .into_iter()
        .filter_map(|m| {
            let id = m.message_id?;
            receipts.push((id.clone(), m.receipt_handle?));
            Some(RawMessage { id, body: m.body.unwrap_or_default() })
        })
        .collect();
    let failed = handle(batch).await;
    let done: Vec<_> = receipts
        .into_iter()
        .filter(|(id, _)| !failed.contains(id))
        .filter_map(|(id, receipt)| {
            DeleteMessageBatchRequestEntry::builder().id(id).receipt_handle(receipt).build().ok()
        })
        .collect();
    if !done.is_empty() {
        sqs.delete_message_batch()
            .queue_url(url)
            .set_entries(Some(done))
            .send()
            .await
            .map_err(|e| Box::new(e.into()))?;
    }
    Ok(count)
}
