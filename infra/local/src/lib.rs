//! The local runner: hosts every function's handler in one process against the emulators.

pub mod runner;
pub mod seed;
