//! The local AWS resources, created from `template.yaml` (the one source of truth), for the dev
//! stack and for tests.

mod bootstrap;
mod secret_file;
pub mod template;
pub mod testing;

pub use bootstrap::{BootstrapError, LocalResources, SecretValues, bootstrap, bootstrap_with, teardown};
