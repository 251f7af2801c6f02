//! `vinyldigger-sandbox [--addr 127.0.0.1:8100] [--fixtures DIR] [--seed N] [--fault MODE]` serves the
//! sandbox marketplace until interrupted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use vinyldigger_sandbox::{Catalogue, DEFAULT_SEED, Fault, Switches, default_fixtures_dir, serve_catalogue};

const USAGE: &str = "usage: vinyldigger-sandbox [--addr HOST:PORT] [--fixtures DIR] [--seed N] \
                     [--fault none|429|500|slow|slow:<ms>|garbled]";

struct Args {
    addr: SocketAddr,
    fixtures: PathBuf,
    seed: u64,
    fault: Fault,
}

fn parse_args() -> Result<Args, String> {
    let mut parsed = Args {
        addr: SocketAddr::from(([127, 0, 0, 1], 8100)),
        fixtures: default_fixtures_dir(),
        seed: DEFAULT_SEED,
        fault: Fault::None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--addr" => parsed.addr = value.parse().map_err(|e| format!("--addr {value}: {e}"))?,
            "--fixtures" => parsed.fixtures = PathBuf::from(value),
            "--seed" => parsed.seed = value.parse().map_err(|e| format!("--seed {value}: {e}"))?,
            "--fault" => parsed.fault = Fault::parse(&value).ok_or_else(|| format!("--fault {value}: unknown mode"))?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(parsed)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).init();
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("vinyldigger-sandbox: {message}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("vinyldigger-sandbox: cannot listen on {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    let catalogue = match Catalogue::load(&args.fixtures, args.seed) {
        Ok(catalogue) => Arc::new(catalogue),
        Err(e) => {
            eprintln!("vinyldigger-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    match serve_catalogue(listener, catalogue, Switches::new(args.fault)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vinyldigger-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
