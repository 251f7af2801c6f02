//! The sandbox marketplace: a local HTTP server that answers the Discogs, eBay and ECB endpoints
//! VinylDigger calls. It serves the hand-written fixtures in `fixtures/`, a followed-seller archive
//! and a catalogue of a few thousand releases generated from a seed at start, searchable the way
//! the real APIs search. The local stack points the fetchers at it when no marketplace
//! credentials are configured; tests use its switches to get 429s (with Discogs' rate-limit
//! headers), 500s, slow answers and garbled bodies, and its call counters to measure quota use.
//!
//! Everything lives at one base URL, as `vinyldigger::market::Endpoints::local` expects:
//! Discogs at its API paths, eBay under `/buy/`, `/identity/`, `/commerce/` and `/oauth2/`, the ECB
//! reference rates at `/ecb/eurofxref-daily.xml`, cover images at `/images/{name}.svg`, and the
//! sandbox's own controls under `/_sandbox/`.

pub mod calls;
pub mod catalogue;
mod fixtures;
pub mod generated;
mod images;
mod json;
pub mod rates;
mod routes;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use calls::{Calls, MarketCalls};
pub use catalogue::{Catalogue, DEFAULT_SEED};
pub use fixtures::FixtureError;

/// A failure every route of a marketplace answers with while it is switched on.
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
    /// 200 with the normal answer's body cut in half: JSON (or XML) that does not parse.
    Garbled,
}

impl Fault {
    /// `none`, `429`, `500`, `slow` (5 s), `slow:<millis>` or `garbled`.
    pub fn parse(text: &str) -> Option<Fault> {
        match text.trim() {
            "none" | "" => Some(Fault::None),
            "429" => Some(Fault::RateLimited { retry_after_secs: 1 }),
            "500" => Some(Fault::ServerError),
            "slow" => Some(Fault::Slow(Duration::from_secs(5))),
            "garbled" => Some(Fault::Garbled),
            other => other.strip_prefix("slow:")?.parse().ok().map(|ms| Fault::Slow(Duration::from_millis(ms))),
        }
    }
}

/// Which service a route belongs to: faults and call counts are kept per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Market {
    Discogs,
    Ebay,
    /// The ECB's exchange-rate reference document.
    Ecb,
}

impl Market {
    pub const ALL: [Market; 3] = [Market::Discogs, Market::Ebay, Market::Ecb];

    /// eBay's and the ECB's routes live under their own prefixes; everything else is Discogs.
    pub fn of_path(path: &str) -> Market {
        const EBAY: [&str; 4] = ["/buy/", "/identity/", "/commerce/", "/oauth2/"];
        const ECB: [&str; 2] = ["/ecb/", "/stats/eurofxref/"];
        if EBAY.iter().any(|p| path.starts_with(p)) {
            Market::Ebay
        } else if ECB.iter().any(|p| path.starts_with(p)) {
            Market::Ecb
        } else {
            Market::Discogs
        }
    }

    pub fn parse(text: &str) -> Option<Market> {
        match text {
            "discogs" => Some(Market::Discogs),
            "ebay" => Some(Market::Ebay),
            "ecb" => Some(Market::Ecb),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The server's controls, shared with whoever started it: one fault per service (tests flip them
/// while it runs; over HTTP: `POST /_sandbox/fault/{mode}[?market=discogs|ebay|ecb]`), the call
/// counters (`GET`/`DELETE /_sandbox/calls`) and price cuts of eBay items and Discogs release
/// offers (`POST /_sandbox/price-cut?item=<v1|id|0 or release id>&percent=<1-99, 0 to undo>`),
/// so a test sees a price drop.
#[derive(Debug, Clone, Default)]
pub struct Switches {
    faults: Arc<Mutex<[Fault; 3]>>,
    calls: Arc<Mutex<Calls>>,
    price_cuts: Arc<Mutex<std::collections::HashMap<String, u8>>>,
}

impl Switches {
    pub fn new(fault: Fault) -> Self {
        let switches = Self::default();
        switches.set(fault);
        switches
    }

    /// Switches every service.
    pub fn set(&self, fault: Fault) {
        if let Ok(mut f) = self.faults.lock() {
            *f = [fault; 3];
        }
    }

    pub fn set_for(&self, market: Market, fault: Fault) {
        if let Ok(mut f) = self.faults.lock() {
            f[market.index()] = fault;
        }
    }

    pub fn get_for(&self, market: Market) -> Fault {
        self.faults.lock().map(|f| f[market.index()]).unwrap_or_default()
    }

    /// The calls counted since the start or the last [`Self::reset_calls`].
    pub fn calls(&self) -> Calls {
        self.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Lowers a listing's price by `percent` in every later answer (0 restores it).
    pub fn cut_price(&self, item_id: &str, percent: u8) {
        if let Ok(mut cuts) = self.price_cuts.lock() {
            if percent == 0 {
                cuts.remove(item_id);
            } else {
                cuts.insert(item_id.to_owned(), percent.min(99));
            }
        }
    }

    pub fn price_cut(&self, item_id: &str) -> Option<u8> {
        self.price_cuts.lock().ok()?.get(item_id).copied()
    }

    pub fn reset_calls(&self) {
        if let Ok(mut c) = self.calls.lock() {
            *c = Calls::default();
        }
    }

    pub(crate) fn record_call(&self, market: Market, identity: &str, endpoint: &str) {
        if let Ok(mut c) = self.calls.lock() {
            c.record(market, identity, endpoint);
        }
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

/// Serves the fixtures in `fixtures_dir` and the catalogue of [`DEFAULT_SEED`] on `listener` until
/// the task is dropped.
pub async fn serve(
    listener: tokio::net::TcpListener,
    fixtures_dir: &Path,
    switches: Switches,
) -> Result<(), SandboxError> {
    let catalogue = Catalogue::load(fixtures_dir, DEFAULT_SEED)?;
    serve_catalogue(listener, Arc::new(catalogue), switches).await
}

/// Serves `catalogue` on `listener` until the task is dropped.
pub async fn serve_catalogue(
    listener: tokio::net::TcpListener,
    catalogue: Arc<Catalogue>,
    switches: Switches,
) -> Result<(), SandboxError> {
    let addr = listener.local_addr()?;
    let counts = catalogue.counts();
    let app = routes::router(catalogue, switches, format!("http://{addr}"));
    tracing::info!(
        %addr, releases = counts.releases, listings = counts.listings, ebay_items = counts.items,
        "sandbox marketplace listening (generated data, not the real Discogs or eBay)"
    );
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
        assert_eq!(Fault::parse("garbled"), Some(Fault::Garbled));
        assert_eq!(Fault::parse("none"), Some(Fault::None));
        assert_eq!(Fault::parse("boom"), None);
        let s = Switches::default();
        s.set(Fault::ServerError);
        assert_eq!(s.clone().get_for(Market::Ebay), Fault::ServerError);
        s.set_for(Market::Discogs, Fault::None);
        assert_eq!((s.get_for(Market::Discogs), s.get_for(Market::Ebay)), (Fault::None, Fault::ServerError));
        assert_eq!(Market::of_path("/buy/browse/v1/item_summary/search"), Market::Ebay);
        assert_eq!(Market::of_path("/database/search"), Market::Discogs);
        assert_eq!(Market::of_path("/ecb/eurofxref-daily.xml"), Market::Ecb);
        assert_eq!(Market::parse("ecb"), Some(Market::Ecb));
    }

    #[test]
    fn calls_are_counted_per_identity_and_reset() {
        let s = Switches::default();
        s.record_call(Market::Discogs, "token:a", "/database/search");
        s.record_call(Market::Discogs, "token:a", "/marketplace/stats/{release_id}");
        s.record_call(Market::Ebay, "app:x", "/buy/browse/v1/item_summary/search");
        let calls = s.calls();
        assert_eq!(calls.discogs.total, 2);
        assert_eq!(calls.discogs.identities["token:a"], 2);
        assert_eq!(calls.of(Market::Ebay).endpoints["/buy/browse/v1/item_summary/search"], 1);
        s.reset_calls();
        assert_eq!(s.calls(), Calls::default());
    }
}
