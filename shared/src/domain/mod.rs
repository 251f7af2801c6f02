//! Pure domain logic: no I/O and no SDK types, so everything here is unit-testable.

pub mod ids;
pub mod platform;
pub mod run;
pub mod search;
pub mod user;
