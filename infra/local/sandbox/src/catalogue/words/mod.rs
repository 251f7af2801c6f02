//! The word lists the catalogue is generated from: genres with their styles, labels, countries and
//! years ([`genres`]); well-known albums, so a person's first searches find records they know, and
//! the labels that reissue them ([`albums`]); names and title words for invented artists
//! ([`names`]); and the sellers of both marketplaces with their grades and terms ([`market`]).
//!
//! None of these contain the words the hand-written fixtures' tests search for (`kind`, `moon`,
//! `pink`, `floyd`, `archive`): those searches keep finding exactly the fixture records.

mod albums;
mod genres;
mod market;
mod names;

pub use albums::*;
pub use genres::*;
pub use market::*;
pub use names::*;

/// Words no generated record may contain (see the module comment).
pub const RESERVED: [&str; 5] = ["kind", "moon", "pink", "floyd", "archive"];
