//! The local runner: the API router on a real socket, a long-polling consumer per queue that
//! calls the same per-message handlers as the Lambdas (same partial-batch semantics: failed
//! messages stay on the queue and are redelivered, then redriven to the DLQ), and the scheduler
//! ticking every minute.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_sqs::types::DeleteMessageBatchRequestEntry;
use chrono::Utc;
use tokio::task::JoinSet;
use vinyldigger::batch::{RawMessage, process};
use vinyldigger::config::{Config, ConfigError};

use vinyldigger_bootstrap::LocalResources;

pub const SCHEDULER_PERIOD: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("API start-up failed: {0}")]
    Api(#[from] api::InitError),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
}

/// The functions' dependencies, built once from the resolved template environment.
pub struct Functions {
    pub config: Config,
    pub api: Arc<api::Deps>,
    pub scheduler: scheduler::Deps,
    pub discogs: discogs_fetcher::Deps,
    pub ebay: ebay_fetcher::Deps,
    pub writer: result_writer::Deps,
}

impl Functions {
    pub async fn new(sdk: &SdkConfig, resources: &LocalResources) -> Result<Self, RunnerError> {
        let config = Config::from_lookup(|name| resources.env(name))?;
        Ok(Self {
            api: Arc::new(api::Deps::new(config.clone(), sdk).await?),
            scheduler: scheduler::Deps::new(&config, sdk),
            discogs: discogs_fetcher::Deps::new(&config, sdk),
            ebay: ebay_fetcher::Deps::new(&config, sdk),
            writer: result_writer::Deps::new(&config, sdk),
            config,
        })
    }
}

/// Runs everything until one part stops (which, short of a bug, is never).
pub async fn run(sdk: &SdkConfig, functions: Arc<Functions>, addr: SocketAddr) -> Result<(), RunnerError> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| RunnerError::Listen { addr, source })?;
    tracing::info!(%addr, "API listening");
    let sqs = aws_sdk_sqs::Client::new(sdk);
    let queues = functions.config.queues.clone();
    let mut tasks = JoinSet::new();

    let app = axum::ServiceExt::<axum::extract::Request>::into_make_service(api::app(functions.api.clone()));
    tasks.spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "API server stopped");
        }
    });

    let f = functions.clone();
    tasks.spawn(consume(sqs.clone(), queues.fetch_discogs.clone(), move |batch| {
        let f = f.clone();
        async move { process(batch, |job| discogs_fetcher::handle(&f.discogs, job, Utc::now())).await }
    }));
    let f = functions.clone();
    tasks.spawn(consume(sqs.clone(), queues.fetch_ebay.clone(), move |batch| {
        let f = f.clone();
        async move { process(batch, |job| ebay_fetcher::handle(&f.ebay, job, Utc::now())).await }
    }));
    let f = functions.clone();
    tasks.spawn(consume(sqs, queues.results.clone(), move |batch| {
        let f = f.clone();
        async move { process(batch, |b| result_writer::handle(&f.writer, b, Utc::now())).await }
    }));

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

    tasks.join_next().await;
    Ok(())
}

/// Long-polls one queue forever, handing each batch to `handle` and deleting the messages it
/// did not report as failed.
pub async fn consume<F, Fut>(sqs: aws_sdk_sqs::Client, url: String, handle: F)
where
    F: Fn(Vec<RawMessage>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    loop {
        if let Err(error) = consume_once(&sqs, &url, &handle).await {
            tracing::warn!(queue = %url, %error, "queue poll failed; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// One receive-handle-delete cycle; returns how many messages were received.
pub async fn consume_once<F, Fut>(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
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
        .wait_time_seconds(10)
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
