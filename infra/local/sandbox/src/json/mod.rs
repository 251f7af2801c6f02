//! The catalogue written in each marketplace's answer shapes.

pub mod discogs;
pub mod ebay;
