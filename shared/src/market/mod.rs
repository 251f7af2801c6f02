//! Marketplace clients (docs/architecture.md#marketplaces): Discogs through its official API (OAuth 1.0a), eBay through
//! the Browse API (application token) and OAuth 2.0 for linking accounts, and the token bucket in
//! DynamoDB that every concurrent Lambda shares.
//!
//! Everything talks HTTP through one [`reqwest::Client`] built by [`http_client`] (rustls,
//! identifying `User-Agent`, 30 s timeout) and one retry loop ([`http::send`]) that turns answers
//! into typed [`MarketError`]s. Base URLs come from [`Endpoints`], so tests and the local sandbox
//! point them at 127.0.0.1.

pub mod answers;
pub mod discogs;
pub mod ebay;
pub mod ecb;
mod endpoints;
mod error;
pub mod http;
pub mod mode;
pub mod rate;
pub mod source;

pub use answers::{AnswerKind, SharedAnswers};
pub use endpoints::Endpoints;
pub use error::MarketError;
pub use http::{Retry, USER_AGENT, http_client, http_client_with_timeout};
pub use mode::{MarketplaceMode, MarketplaceSetting};
pub use rate::{BucketId, Permit, RateLimiter, RatePolicy};
pub use source::{ListingSource, SearchRequest};
