// The handler futures nest deeply inside the runtime's service; the compiler needs room to lay them out.
#![recursion_limit = "256"]

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    vinyldigger::batch::run_sqs(
        discogs_fetcher::Deps::from_env(),
        vinyldigger::batch::ONE_AT_A_TIME,
        discogs_fetcher::handle,
    )
    .await
}
