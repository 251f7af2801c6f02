//! `vinyldigger-local serve [--prefix P] [--addr HOST:PORT] [--web DIR] [--data-dir DIR] [--fresh]`
//! bootstraps the AWS endpoint from template.yaml and runs the whole stack;
//! `vinyldigger-local env [--prefix P]` bootstraps and prints the functions' environment as shell
//! `export` lines (for `cargo lambda watch`); `vinyldigger-local seed-results --prefix P --search ID
//! --user ID --from FILE` runs a search with the listings `scripts/lib/gen_results.py` generated
//! (benchmarks).
//!
//! With `--data-dir`, the secret parameters' values are kept in `DIR/ssm/<prefix>/` and loaded
//! into SSM at each start (the database itself is the emulator's: `scripts/dev` starts DynamoDB
//! Local on `DIR/dynamodb`). `--fresh` first deletes the prefix's table, queues, bus, secrets and
//! kept secret files. `VD_MARKETPLACE` (`sandbox` or `real`) forces the marketplaces' mode;
//! without it each marketplace follows its stored app credentials. `CORS_ORIGINS`,
//! `ADMIN_EMAILS` and `EBAY_DAILY_BUDGET` from the environment win over the template's values.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use vinyldigger::aws::load_sdk_config;
use vinyldigger::config::{MARKETPLACE_BASE_URL, MARKETPLACE_MODE};
use vinyldigger::domain::platform::Platform;
use vinyldigger::market::mode::note_mode;
use vinyldigger_bootstrap::template::Template;
use vinyldigger_bootstrap::{LocalResources, SecretValues, bootstrap_with, teardown};
use vinyldigger_local::recovery::finish_interrupted_runs;
use vinyldigger_local::runner::{Functions, OVERRIDABLE, local_setting, run, start_sandbox};

const USAGE: &str = "usage: vinyldigger-local (serve [--prefix P] [--addr HOST:PORT] [--web DIR] [--data-dir DIR] [--fresh] | env [--prefix P] | seed-results [--prefix P] --search ID --user ID --from FILE)";

struct Args {
    command: String,
    prefix: String,
    addr: SocketAddr,
    search: Option<String>,
    user: Option<String>,
    from: Option<PathBuf>,
    web: Option<PathBuf>,
    data_dir: Option<PathBuf>,
    fresh: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        command: args.next().unwrap_or_else(|| "serve".into()),
        prefix: "vinyldigger".into(),
        addr: SocketAddr::from(([127, 0, 0, 1], 8000)),
        search: None,
        user: None,
        from: None,
        web: None,
        data_dir: None,
        fresh: false,
    };
    while let Some(flag) = args.next() {
        if flag == "--fresh" {
            parsed.fresh = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--prefix" => parsed.prefix = value,
            "--addr" => parsed.addr = value.parse().map_err(|e| format!("--addr {value}: {e}"))?,
            "--search" => parsed.search = Some(value),
            "--web" => parsed.web = Some(value.into()),
            "--data-dir" => parsed.data_dir = Some(value.into()),
            "--user" => parsed.user = Some(value),
            "--from" => parsed.from = Some(value.into()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(parsed)
}

#[tokio::main]
async fn main() -> ExitCode {
    vinyldigger::telemetry::init();
    match start().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("vinyldigger-local: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn start() -> Result<(), String> {
    let started = Instant::now();
    let args = parse_args().map_err(|e| format!("{e}\n{USAGE}"))?;
    let template = Template::repository().map_err(|e| e.to_string())?;
    let sdk = load_sdk_config().await;
    let kept = args.data_dir.as_ref().map(|dir| dir.join("ssm").join(&args.prefix));
    if args.fresh {
        forget(&sdk, &template, &args.prefix, kept.as_deref()).await?;
    }
    let secrets = kept.map_or(SecretValues::Random, SecretValues::KeptIn);
    let resources = bootstrap_with(&sdk, &template, &args.prefix, &secrets).await.map_err(|e| e.to_string())?;
    match args.command.as_str() {
        "env" => {
            for (name, value) in &resources.environment {
                println!("export {name}='{}'", value.replace('\'', r"'\''"));
            }
            // The functions' own variables the template leaves to AWS or that only the local
            // stack sets (the notifier's sender and app address).
            let app_url = format!("http://{}", args.addr);
            for name in [
                vinyldigger::config::ALERTS_FROM_ADDRESS,
                vinyldigger::config::APP_URL,
                vinyldigger::config::WEBHOOK_ALLOW_LOOPBACK,
            ] {
                if let Some(value) = local_setting(name, &app_url).or_else(|| resources.function_env("notifier", name))
                {
                    println!("export {name}='{}'", value.replace('\'', r"'\''"));
                }
            }
            Ok(())
        }
        "serve" => serve(&sdk, &resources, &args, started).await,
        "seed-results" => {
            let search =
                args.search.as_deref().ok_or("--search is required")?.parse().map_err(|e| format!("--search: {e}"))?;
            let user = args.user.as_deref().ok_or("--user is required")?.parse().map_err(|e| format!("--user: {e}"))?;
            let from = args.from.as_deref().ok_or("--from is required")?;
            let config =
                vinyldigger::config::Config::from_lookup(|name| resources.env(name)).map_err(|e| e.to_string())?;
            let writer = result_writer::Deps::new(&config, &sdk);
            let search = writer
                .store
                .get_search(user, search)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("no such search of that user")?;
            let generated = vinyldigger_local::seed::read_generated(from).map_err(|e| e.to_string())?;
            vinyldigger_local::seed::seed_run(&writer, &search, &generated).await.map(drop).map_err(|e| e.to_string())
        }
        other => Err(format!("unknown command {other}\n{USAGE}")),
    }
}

/// `--fresh`: everything of the prefix on the AWS endpoint, and its kept secrets.
async fn forget(
    sdk: &aws_config::SdkConfig,
    template: &Template,
    prefix: &str,
    kept: Option<&Path>,
) -> Result<(), String> {
    teardown(sdk, template, prefix).await.map_err(|e| e.to_string())?;
    if let Some(dir) = kept {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", dir.display())),
        }
    }
    tracing::warn!(prefix, "--fresh: the stack's data and secrets were deleted; starting empty");
    Ok(())
}

async fn serve(
    sdk: &aws_config::SdkConfig,
    resources: &LocalResources,
    args: &Args,
    started: Instant,
) -> Result<(), String> {
    let mode = std::env::var(MARKETPLACE_MODE).ok().filter(|m| !m.trim().is_empty());
    let sandbox = if mode.as_deref().is_some_and(|m| m.trim().eq_ignore_ascii_case("real")) {
        None
    } else {
        Some(start_sandbox().await.map_err(|e| e.to_string())?)
    };
    let app_url = format!("http://{}", args.addr);
    let functions = Functions::configured(sdk, resources, |name| match name {
        MARKETPLACE_BASE_URL => sandbox.clone(),
        MARKETPLACE_MODE => mode.clone(),
        _ if OVERRIDABLE.contains(&name) => std::env::var(name).ok(),
        _ => local_setting(name, &app_url),
    })
    .await
    .map_err(|e| e.to_string())?;
    log_marketplaces(&functions, sandbox.as_deref()).await;

    let interrupted =
        finish_interrupted_runs(&functions.api.store, &functions.api.queues).await.map_err(|e| e.to_string())?;
    tracing::info!(
        table = %functions.config.table_name,
        interrupted_runs = interrupted,
        cors_origins = ?functions.api.config.cors_origins,
        ready_ms = started.elapsed().as_millis() as u64,
        "local stack bootstrapped from template.yaml"
    );
    run(sdk, Arc::new(functions), args.addr, args.web.as_deref()).await.map_err(|e| e.to_string())
}

/// Says where each marketplace's calls go, and how that is decided.
async fn log_marketplaces(functions: &Functions, sandbox: Option<&str>) {
    let setting = &functions.api.config.marketplace;
    let configured = match functions.api.store.configured_platforms().await {
        Ok(configured) => configured,
        Err(error) => {
            tracing::warn!(%error, "the stored app credentials could not be read");
            Default::default()
        }
    };
    for platform in Platform::ALL {
        note_mode(platform, setting.mode(configured.contains(&platform)));
    }
    if setting.follows_credentials() {
        tracing::info!(
            sandbox,
            "each marketplace is real once an admin stores its app credentials, the SANDBOX until then \
             (VD_MARKETPLACE=sandbox|real forces one)"
        );
    } else {
        tracing::info!(sandbox, forced = ?setting, "marketplace mode forced by VD_MARKETPLACE");
    }
}
