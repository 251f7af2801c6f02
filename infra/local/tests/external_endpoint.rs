//! `VD_AWS_ENDPOINT`: the stack uses an AWS endpoint started elsewhere (LocalStack for a team;
//! here a separately started moto server, which serves DynamoDB too) instead of starting the
//! bundled emulators, and the bootstrap creates what template.yaml declares there, idempotently.
//! Kept to what moto's DynamoDB does faithfully: the API's reads and writes and a sandbox run.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use support::{Aws, Client, LocalStack, StackOptions, repo};

/// A moto server on a free port, stopped when dropped.
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(repo().join(".tools/venv/bin/moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server from .tools (./scripts/setup installs it)");
        // Owned at once, so a panic below still stops it.
        let moto = Self { child, url: format!("http://127.0.0.1:{port}") };
        for _ in 0..300 {
            if reqwest::get(format!("{}/moto-api/", moto.url)).await.is_ok_and(|r| r.status().is_success()) {
                return moto;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("moto did not start on {}", moto.url);
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn the_stack_runs_on_an_endpoint_started_elsewhere_and_restarts_on_it() {
    let moto = Moto::start().await;
    let options = StackOptions::new(Aws::Endpoint(moto.url.clone()));

    let mut first = LocalStack::start(&options).await;
    let output = first.output();
    assert!(output.contains(&format!("using the AWS endpoint {}", moto.url)), "{output}");
    assert!(!output.contains("DynamoDB Local on"), "no emulator of its own: {output}");
    assert_eq!(first.aws_env, [("AWS_ENDPOINT_URL".to_owned(), moto.url.clone())], "every service at the endpoint");

    // What template.yaml declares, on the endpoint.
    let table = first
        .dynamodb()
        .await
        .describe_table()
        .table_name(format!("{}-Table", options.prefix))
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    let mut indexes: Vec<_> = table.global_secondary_indexes().iter().filter_map(|i| i.index_name()).collect();
    indexes.sort();
    assert_eq!(indexes, ["GSI1", "GSI2"]);
    let sqs = first.sqs().await;
    for queue in ["FetchDiscogsQueue", "FetchEbayQueue", "ResultsQueue", "ResultsDlq"] {
        sqs.get_queue_url().queue_name(format!("{}-{queue}", options.prefix)).send().await.unwrap();
    }

    let user = Client::register(&first.base, "localstack@example.com").await;
    let search = user.create_search("blue", "both").await;
    let run = user.run(&search).await;
    assert_eq!(run["status"], "completed", "{run}");
    let results = user.results(&search).await;
    assert!(!results.is_empty(), "{run}");
    first.stop();

    // The same prefix again: everything exists already and is reused, data included.
    let second = LocalStack::start(&options).await;
    let again = Client::log_in(&second.base, "localstack@example.com").await.expect("the account is on the endpoint");
    assert_eq!(again.results(&search).await, results);
    assert_eq!(user.at(&second.base).get("/api/v1/searches").await.as_array().unwrap().len(), 1);
}
