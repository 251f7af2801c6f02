//! Test support: every test gets its own table, queues, bus and secrets under a unique prefix on
//! the emulators started by `scripts/test`, so tests run in parallel and re-run cleanly.

use aws_config::{BehaviorVersion, SdkConfig};

use crate::template::Template;
use crate::{LocalResources, bootstrap};

pub struct TestEnv {
    pub sdk: SdkConfig,
    pub resources: LocalResources,
}

impl TestEnv {
    /// Bootstraps fresh resources. Panics with a hint when the emulators are not running,
    /// which is a broken test set-up, not a test failure.
    pub async fn new() -> Self {
        assert!(
            std::env::var_os("AWS_ENDPOINT_URL").is_some(),
            "AWS_ENDPOINT_URL is not set: run the tests with ./scripts/test, which starts the emulators"
        );
        let sdk = aws_config::defaults(BehaviorVersion::latest()).load().await;
        let template = Template::repository().expect("template.yaml parses");
        let prefix = format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let resources = bootstrap(&sdk, &template, &prefix).await.expect("bootstrap on the emulators");
        Self { sdk, resources }
    }

    /// The functions' environment, as a lookup for `Config::from_lookup`.
    pub fn env(&self, name: &str) -> Option<String> {
        self.resources.env(name)
    }
}
