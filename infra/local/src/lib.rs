//! The local runner: hosts every function's handler in one process against the emulators.

pub mod recovery;
pub mod request_count;
pub mod runner;
pub mod seed;
