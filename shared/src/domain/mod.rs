//! Pure domain logic: no I/O and no SDK types, so everything here is unit-testable.
//!
//! * entities: [`ids`], [`user`], [`search`], [`run`];
//! * listing inputs: [`platform`], [`money`], [`condition`], [`listing`];
//! * matching (docs/matching.md): [`title_parse`] → [`record_identity`] ([`known_records`],
//!   [`title_match`], [`seller_records`]) → [`matching`]; the string measures [`text`],
//!   [`similarity`], [`fingerprint`] and [`extract`];
//! * seller analysis (§5.2–§5.3): [`region`], [`shipping`], [`scoring`], [`summary`], [`sellers`];
//! * recommendations (§5.4): [`recommend`]; entry point [`analysis::analyze`];
//! * price comparison (§5.5): [`compare::price_comparison`].

pub mod alerts;
pub mod analysis;
pub mod compare;
pub mod condition;
pub mod countries;
pub mod email;
pub mod extract;
pub mod filters;
pub mod fingerprint;
pub mod ids;
pub mod known_records;
pub mod landed;
pub mod listing;
pub mod lists;
pub mod matching;
pub mod money;
pub mod oauth;
pub mod password_reset;
pub mod platform;
pub mod preferences;
pub mod price_history;
pub mod quota;
pub mod rates;
pub mod recommend;
pub mod record_identity;
pub mod region;
pub mod run;
pub mod scoring;
pub mod search;
pub mod search_filters;
pub mod seller_records;
pub mod sellers;
pub mod shipping;
pub mod similarity;
pub mod summary;
pub mod text;
pub mod title_match;
pub mod title_parse;
pub mod user;
pub mod wantlist;

#[cfg(test)]
mod tests;
