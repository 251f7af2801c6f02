//! The sandbox marketplace: a local HTTP server that answers the Discogs and eBay endpoints
//! VinylDigger calls, from the fixture files in `fixtures/`. The local stack points the fetchers at
//! it when no marketplace credentials are configured; tests use its switches to get 429s (with
//! Discogs' rate-limit headers), 500s and slow answers.
//!
//! Everything lives at one base URL, as `vinyldigger::market::Endpoints::local` expects.

mod fixtures;
pub mod generated;
mod routes;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use fixtures::{FixtureError, Fixtures};

/// A failure every marketplace route answers with while it is switched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// 429 with `Retry-After` and `X-Discogs-Ratelimit-*` headers (0 remaining).
    RateLimited { retry_after_secs: u32 },
    /// 500 with a JSON message.
    ServerError,
    /// The normal answer, after this delay.
    Slow(Duration),
}

impl Fault {
    /// `none`, `429`, `500`, `slow` (5 s) or `slow:<millis>`.
    pub fn parse(text: &str) -> Option<Fault> {
        match text.trim() {
            "none" | "" => Some(Fault::None),
            "429" => Some(Fault::RateLimited { retry_after_secs: 1 }),
            "500" => Some(Fault::ServerError),
            "slow" => Some(Fault::Slow(Duration::from_secs(5))),
            other => other.strip_prefix("slow:")?.parse().ok().map(|ms| Fault::Slow(Duration::from_millis(ms))),
        }
    }
}

/// Which marketplace's routes a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Market {
    Discogs,
    Ebay,
}

impl Market {
    /// eBay's routes live under its own API prefixes; everything else is Discogs.
    pub fn of_path(path: &str) -> Market {
        const EBAY: [&str; 4] = ["/buy/", "/identity/", "/commerce/", "/oauth2/"];
        if EBAY.iter().any(|p| path.starts_with(p)) { Market::Ebay } else { Market::Discogs }
    }

    pub fn parse(text: &str) -> Option<Market> {
        match text {
            "discogs" => Some(Market::Discogs),
            "ebay" => Some(Market::Ebay),
            _ => None,
        }
    }
}

/// The server's switches, one fault per marketplace, shared with whoever started it (tests flip
/// them while it runs; over HTTP: `POST /_sandbox/fault/{mode}[?market=discogs|ebay]`).
#[derive(Debug, Clone, Default)]
pub struct Switches(Arc<Mutex<[Fault; 2]>>);

impl Switches {
    pub fn new(fault: Fault) -> Self {
        Self(Arc::new(Mutex::new([fault; 2])))
    }

    /// Switches both marketplaces.
    pub fn set(&self, fault: Fault) {
        if let Ok(mut f) = self.0.lock() {
            *f = [fault; 2];
        }
    }

    pub fn set_for(&self, market: Market, fault: Fault) {
        if let Ok(mut f) = self.0.lock() {
            f[market as usize] = fault;
        }
    }

    pub fn get_for(&self, market: Market) -> Fault {
        self.0.lock().map(|f| f[market as usize]).unwrap_or_default()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(transparent)]
    Fixtures(#[from] FixtureError),
    #[error("the sandbox server stopped: {0}")]
    Serve(#[from] std::io::Error),
}

/// The fixtures shipped in this crate.
pub fn default_fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Serves the sandbox marketplace on `listener` until the task is dropped.
pub async fn serve(
    listener: tokio::net::TcpListener,
    fixtures_dir: &Path,
    switches: Switches,
) -> Result<(), SandboxError> {
    let fixtures = Fixtures::load(fixtures_dir)?;
    let app = routes::router(Arc::new(fixtures), switches);
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "sandbox marketplace listening (fixture data, not the real Discogs or eBay)");
    }
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse() {
        assert_eq!(Fault::parse("429"), Some(Fault::RateLimited { retry_after_secs: 1 }));
        assert_eq!(Fault::parse("slow:250"), Some(Fault::Slow(Duration::from_millis(250))));
        assert_eq!(Fault::parse("none"), Some(Fault::None));
        assert_eq!(Fault::parse("boom"), None);
        let s = Switches::default();
        s.set(Fault::ServerError);
        assert_eq!(s.clone().get_for(Market::Ebay), Fault::ServerError);
        s.set_for(Market::Discogs, Fault::None);
        assert_eq!((s.get_for(Market::Discogs), s.get_for(Market::Ebay)), (Fault::None, Fault::ServerError));
        assert_eq!(Market::of_path("/buy/browse/v1/item_summary/search"), Market::Ebay);
        assert_eq!(Market::of_path("/database/search"), Market::Discogs);
    }

    #[test]
    fn shipped_fixtures_load() {
        let f = Fixtures::load(&default_fixtures_dir()).unwrap();
        assert!(f.inventory.len() >= 24);
        assert!(f.ebay_items.len() >= 12);
    }
}
