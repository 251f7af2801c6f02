//! Discogs through its official API (docs/architecture.md#marketplaces): OAuth 1.0a, the data client, and the listing
//! source built on database search + marketplace statistics.

mod client;
mod model;
mod normalise;
pub mod oauth;
pub mod signing;
mod source;

pub use client::{DiscogsAuth, DiscogsClient, MAX_PER_PAGE, ReleaseFilters};
pub use model::{CollectionItem, Page, ReleaseInfo, ReleaseStats, WantItem};
pub use normalise::{artist_name, price_of, release_offer};
pub use oauth::{
    ConsumerCredentials, DiscogsIdentity, TokenPair, access_token, authorize_url, callback_with_state, identity,
    request_token,
};
pub use source::DiscogsSource;
