//! The generated catalogue: releases and masters ([`releases`]), what is for sale on both
//! marketplaces ([`market`]) and the sandbox user's lists ([`lists`]), all drawn from one seeded
//! random stream, so a seed always gives the same catalogue.
//!
//! ChaCha8 rather than `StdRng`: `rand` documents `StdRng`'s stream as free to change between
//! versions, ChaCha8's is fixed.

mod lists;
mod market;
mod releases;

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Data;

/// Releases the generator adds to the hand-written fixtures.
pub const GENERATED_RELEASES: usize = 3_000;

/// Appends the generated catalogue to `data` (which holds the fixtures, whose artist and label ids
/// the generated records reuse for the same names).
pub fn generate(data: &mut Data, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ids = Ids::from_fixtures(data);
    let first = data.releases.len();
    releases::generate(data, &mut rng, &mut ids, GENERATED_RELEASES);
    market::generate(data, &mut rng, first);
    lists::generate(data, &mut rng, first);
}

/// Artist and label ids: the fixtures' own for their names, otherwise derived from the name, so one
/// artist has one id wherever it appears.
pub(crate) struct Ids {
    artists: HashMap<String, u64>,
    labels: HashMap<String, u64>,
    next_release: u64,
    next_master: u64,
}

impl Ids {
    fn from_fixtures(data: &Data) -> Self {
        let mut ids =
            Ids { artists: HashMap::new(), labels: HashMap::new(), next_release: 20_000_000, next_master: 2_000_000 };
        for release in &data.releases {
            for a in &release.artists {
                ids.artists.insert(a.name.clone(), a.id);
            }
            for l in &release.labels {
                ids.labels.insert(l.name.clone(), l.id);
            }
        }
        ids
    }

    fn artist(&mut self, name: &str) -> u64 {
        *self.artists.entry(name.to_string()).or_insert_with(|| 100_000 + fnv(name) % 8_000_000)
    }

    fn label(&mut self, name: &str) -> u64 {
        *self.labels.entry(name.to_string()).or_insert_with(|| 20_000 + fnv(name) % 900_000)
    }

    /// Discogs ids grow with time and leave gaps (releases of other formats).
    fn release(&mut self, rng: &mut impl Rng) -> u64 {
        self.next_release += rng.random_range(1..=3_000);
        self.next_release
    }

    fn master(&mut self, rng: &mut impl Rng) -> u64 {
        self.next_master += rng.random_range(1..=400);
        self.next_master
    }
}

/// FNV-1a: a stable hash (std's `DefaultHasher` may change between Rust versions).
pub(crate) fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// One of `items`, each as likely as its weight.
pub(crate) fn weighted<'a, T, R: Rng + ?Sized>(
    rng: &mut R,
    items: &'a [T],
    weight: impl Fn(&T) -> u32,
) -> Option<&'a T> {
    let total: u32 = items.iter().map(&weight).sum();
    if total == 0 {
        return None;
    }
    let mut at = rng.random_range(0..total);
    items.iter().find(|item| {
        let w = weight(item);
        if at < w {
            true
        } else {
            at -= w;
            false
        }
    })
}

pub(crate) fn pick<'a, T, R: Rng + ?Sized>(rng: &mut R, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// `base` minus up to `days` days, as Discogs writes times (US Pacific offset, like the fixtures).
pub(crate) fn discogs_time(rng: &mut impl Rng, days: i64) -> String {
    let minutes = rng.random_range(0..days.max(1) * 24 * 60);
    (base() - chrono::Duration::minutes(minutes)).format("%Y-%m-%dT%H:%M:%S-07:00").to_string()
}

/// The same for eBay (`2026-10-02T11:02:11.000Z`).
pub(crate) fn ebay_time(rng: &mut impl Rng, days: i64) -> String {
    let minutes = rng.random_range(0..days.max(1) * 24 * 60);
    (base() - chrono::Duration::minutes(minutes)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The catalogue's "now": fixed, so a seed gives the same catalogue on any day.
fn base() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 1).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap_or_default()
}
