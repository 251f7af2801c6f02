//! Delivering alerts beyond the app: e-mail through SES ([`email`]), webhooks ([`webhook`]) under
//! the address rule ([`address`]), the words they carry ([`render`]) and the signed unsubscribe
//! link ([`unsubscribe`]). What to send and when is decided in `domain::alerts`.

pub mod account;
pub mod address;
pub mod email;
pub mod render;
pub mod unsubscribe;
pub mod webhook;
