// The handler futures nest deeply inside the runtime's service; the compiler needs room to lay them out.
#![recursion_limit = "256"]

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    vinyldigger::batch::run_sqs(
        result_writer::Deps::from_env(),
        result_writer::MESSAGES_IN_FLIGHT,
        result_writer::handle,
    )
    .await
}
