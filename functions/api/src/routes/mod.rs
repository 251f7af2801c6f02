//! One module per area of the REST contract (docs/behaviour.md#the-rest-contract-in-brief).

pub mod admin;
pub(crate) mod amounts;
pub mod analysis;
pub mod auth;
pub mod collections;
pub mod docs;
pub mod health;
pub mod notifications;
pub mod oauth;
pub mod password_reset;
pub mod preferences;
pub mod price_history;
pub mod search_wants;
pub mod searches;
