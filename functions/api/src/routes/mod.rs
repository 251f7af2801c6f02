//! One module per area of the REST contract (SPEC §2).

pub mod admin;
pub mod analysis;
pub mod auth;
pub mod collections;
pub mod docs;
pub mod health;
pub mod notifications;
pub mod oauth;
pub mod preferences;
pub mod price_history;
pub mod searches;
