//! A store on a fresh table of the emulator, per test.

use vinyldigger::config::Config;
use vinyldigger::queue::Queues;
use vinyldigger::store::Store;
use vinyldigger_bootstrap::testing::TestEnv;

#[allow(dead_code)] // each test binary uses its own subset
pub struct Fixture {
    pub env: TestEnv,
    pub config: Config,
    pub store: Store,
    pub queues: Queues,
}

impl Fixture {
    pub async fn new() -> Self {
        let env = TestEnv::new().await;
        let config = Config::from_lookup(|name| env.env(name)).expect("template environment is complete");
        let store = Store::new(aws_sdk_dynamodb::Client::new(&env.sdk), &config.table_name);
        let queues = Queues::new(aws_sdk_sqs::Client::new(&env.sdk), config.queues.clone());
        Self { env, config, store, queues }
    }

    /// Raw access, for arranging and inspecting items the store has no operation for yet.
    #[allow(dead_code)]
    pub fn dynamodb(&self) -> aws_sdk_dynamodb::Client {
        aws_sdk_dynamodb::Client::new(&self.env.sdk)
    }
}
