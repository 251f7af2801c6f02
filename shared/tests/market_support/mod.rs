//! Helpers for the marketplace client tests: a store on its own emulator table, fast retries,
//! a data-key cipher, and the sandbox marketplace on a free loopback port.

#![allow(dead_code)] // each test binary uses its own subset

use std::time::Duration;

use base64::Engine;
use vinyldigger::auth::cipher::FieldCipher;
use vinyldigger::market::{Endpoints, RateLimiter, Retry};
use vinyldigger::store::Store;
use vinyldigger_bootstrap::testing::TestEnv;
use vinyldigger_sandbox::Switches;

pub struct Table {
    pub env: TestEnv,
    pub store: Store,
}

impl Table {
    pub async fn new() -> Self {
        let env = TestEnv::new().await;
        let table = env.env("TABLE_NAME").expect("the template names the table");
        let store = Store::new(aws_sdk_dynamodb::Client::new(&env.sdk), table);
        Self { env, store }
    }

    /// A second store on the same table through its own SDK client, as another Lambda has.
    pub fn other_store(&self) -> Store {
        Store::new(aws_sdk_dynamodb::Client::new(&self.env.sdk), self.store.table())
    }

    pub fn limiter(&self) -> RateLimiter {
        RateLimiter::new(self.store.clone())
    }
}

/// Three attempts with millisecond backoff, so retry tests stay fast.
pub fn fast_retry() -> Retry {
    Retry { attempts: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_secs(2), deadline: None }
}

pub fn cipher() -> FieldCipher {
    FieldCipher::from_base64_key(&base64::engine::general_purpose::STANDARD.encode([7u8; 32])).expect("valid key")
}

pub fn http() -> reqwest::Client {
    vinyldigger::market::http_client_with_timeout(Duration::from_millis(800)).expect("client")
}

/// The sandbox marketplace on a free port; it stops with the test's runtime.
pub async fn sandbox() -> (Endpoints, Switches, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let switches = Switches::default();
    let s = switches.clone();
    tokio::spawn(async move {
        let _ = vinyldigger_sandbox::serve(listener, &vinyldigger_sandbox::default_fixtures_dir(), s).await;
    });
    (Endpoints::local(&base), switches, base)
}
