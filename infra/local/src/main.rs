//! `vinyldigger-local serve [--prefix P] [--addr HOST:PORT]` bootstraps the emulators from
//! template.yaml and runs the whole stack; `vinyldigger-local env [--prefix P]` bootstraps and
//! prints the functions' environment as shell `export` lines (for `cargo lambda watch`);
//! `vinyldigger-local seed-results --prefix P --search ID --count N` writes synthetic results of a
//! search (benchmarks).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use vinyldigger::aws::load_sdk_config;
use vinyldigger_bootstrap::bootstrap;
use vinyldigger_bootstrap::template::Template;
use vinyldigger_local::runner::{Functions, run, start_sandbox};

const USAGE: &str = "usage: vinyldigger-local (serve [--prefix P] [--addr HOST:PORT] [--web DIR] | env [--prefix P] | seed-results [--prefix P] --search ID [--count N])";

struct Args {
    command: String,
    prefix: String,
    addr: SocketAddr,
    search: Option<String>,
    count: usize,
    web: Option<std::path::PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        command: args.next().unwrap_or_else(|| "serve".into()),
        prefix: "vinyldigger".into(),
        addr: SocketAddr::from(([127, 0, 0, 1], 8000)),
        search: None,
        count: 200,
        web: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--prefix" => parsed.prefix = value,
            "--addr" => parsed.addr = value.parse().map_err(|e| format!("--addr {value}: {e}"))?,
            "--search" => parsed.search = Some(value),
            "--web" => parsed.web = Some(value.into()),
            "--count" => parsed.count = value.parse().map_err(|e| format!("--count {value}: {e}"))?,
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
    let args = parse_args().map_err(|e| format!("{e}\n{USAGE}"))?;
    let template = Template::repository().map_err(|e| e.to_string())?;
    let sdk = load_sdk_config().await;
    let resources = bootstrap(&sdk, &template, &args.prefix).await.map_err(|e| e.to_string())?;
    match args.command.as_str() {
        "env" => {
            for (name, value) in &resources.environment {
                println!("export {name}='{}'", value.replace('\'', r"'\''"));
            }
            Ok(())
        }
        "serve" => {
            let config =
                vinyldigger::config::Config::from_lookup(|name| resources.env(name)).map_err(|e| e.to_string())?;
            let store = vinyldigger::store::Store::new(aws_sdk_dynamodb::Client::new(&sdk), &config.table_name);
            let sandbox = if store.has_app_configs().await.map_err(|e| e.to_string())? {
                tracing::info!("marketplace credentials configured: using the real Discogs and eBay");
                None
            } else {
                let base = start_sandbox().await.map_err(|e| e.to_string())?;
                tracing::warn!(%base, "no marketplace credentials: using the SANDBOX marketplace (fixture data)");
                Some(base)
            };
            let functions = Functions::new(&sdk, &resources, sandbox.as_deref()).await.map_err(|e| e.to_string())?;
            tracing::info!(table = %functions.config.table_name, "local stack bootstrapped from template.yaml");
            run(&sdk, Arc::new(functions), args.addr, args.web.as_deref()).await.map_err(|e| e.to_string())
        }
        "seed-results" => {
            let search =
                args.search.as_deref().ok_or("--search is required")?.parse().map_err(|e| format!("--search: {e}"))?;
            let config =
                vinyldigger::config::Config::from_lookup(|name| resources.env(name)).map_err(|e| e.to_string())?;
            let store = vinyldigger::store::Store::new(aws_sdk_dynamodb::Client::new(&sdk), &config.table_name);
            vinyldigger_local::seed::seed_results(&store, search, args.count).await.map_err(|e| e.to_string())
        }
        other => Err(format!("unknown command {other}\n{USAGE}")),
    }
}
