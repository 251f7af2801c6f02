//! The sandbox user's want list and collection, drawn from the generated releases so that the
//! searches a person tries first ("miles davis", "blue note", "beatles", "techno 12\"", "jazz")
//! find wanted and owned records, and one Discogs seller holding several wanted records (a bundle).

use std::collections::HashSet;

use rand::Rng;
use rand::seq::SliceRandom;

use super::super::model::{DiscogsListing, Owned, Release, Size, Want};
use super::super::words::{BUNDLE_SHOP, LISTING_COMMENTS};
use super::{Data, discogs_time, pick};
use crate::rates::Price;

/// Groups of records the lists draw from, and how many each list takes: (wanted, owned).
const GROUPS: [(Group, usize, usize); 10] = [
    (Group::MilesDavis, 3, 2),
    (Group::BlueNote, 6, 4),
    (Group::Beatles, 3, 3),
    (Group::TechnoTwelve, 5, 5),
    (Group::Genre("Jazz"), 4, 8),
    (Group::Genre("Hip Hop"), 3, 8),
    (Group::Genre("Funk / Soul"), 3, 8),
    (Group::Genre("Rock"), 3, 14),
    (Group::Genre("Electronic"), 3, 10),
    (Group::Any, 5, 54),
];

#[derive(Debug, Clone, Copy)]
enum Group {
    MilesDavis,
    BlueNote,
    Beatles,
    TechnoTwelve,
    Genre(&'static str),
    Any,
}

impl Group {
    fn holds(self, r: &Release) -> bool {
        match self {
            Group::MilesDavis => r.artist() == "Miles Davis",
            Group::BlueNote => r.label() == "Blue Note",
            Group::Beatles => r.artist() == "The Beatles",
            Group::TechnoTwelve => r.size == Size::Twelve && r.styles.iter().any(|s| s == "Techno"),
            Group::Genre(g) => r.genres.iter().any(|x| x == g),
            Group::Any => true,
        }
    }
}

/// Wanted records the bundle seller holds.
const BUNDLE: usize = 6;

pub(super) fn generate(data: &mut Data, rng: &mut impl Rng, first: usize) {
    let on_discogs: HashSet<u64> = data.listings.iter().map(|l| l.release_id).collect();
    let on_ebay: HashSet<u64> = data.items.iter().filter_map(|i| i.release_id).collect();
    // Records for sale on both marketplaces, most collected first: the ones searches rank high.
    let mut candidates: Vec<&Release> =
        data.releases[first..].iter().filter(|r| on_discogs.contains(&r.id) && on_ebay.contains(&r.id)).collect();
    candidates.sort_by(|a, b| b.have.cmp(&a.have).then(a.id.cmp(&b.id)));
    let mut taken: HashSet<u64> = data.wants.iter().map(|w| w.release_id).collect();
    taken.extend(data.collection.iter().map(|c| c.release_id));
    let mut wanted = Vec::new();
    let mut owned = Vec::new();
    for (group, wants, owns) in GROUPS {
        for (count, list) in [(wants, &mut wanted), (owns, &mut owned)] {
            // Among the most collected of the group, a few at random.
            let mut top: Vec<u64> = candidates
                .iter()
                .filter(|r| group.holds(r) && !taken.contains(&r.id))
                .take(count * 3)
                .map(|r| r.id)
                .collect();
            top.shuffle(rng);
            for id in top.into_iter().take(count) {
                taken.insert(id);
                list.push(id);
            }
        }
    }
    let notes = ["Original pressing preferred", "", "Any clean copy", "Need for the set", "Upgrade my VG copy", ""];
    for id in &wanted {
        let entry = Want {
            release_id: *id,
            notes: pick(rng, &notes).to_string(),
            date_added: discogs_time(rng, 900),
            rating: rng.random_range(0..=5),
        };
        data.wants.push(entry);
    }
    let grades = ["Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)"];
    for (n, id) in owned.iter().enumerate() {
        data.collection.push(Owned {
            release_id: *id,
            instance_id: 930_000_000 + n as u64 * 7_919,
            folder_id: 1,
            rating: rng.random_range(0..=5),
            date_added: discogs_time(rng, 2_000),
            notes: vec![(1, pick(rng, &grades).to_string()), (2, pick(rng, &grades).to_string())],
        });
    }
    stock_bundle(data, rng, &wanted);
}

/// Gives [`BUNDLE_SHOP`] copies of several wanted jazz records it does not list yet.
fn stock_bundle(data: &mut Data, rng: &mut impl Rng, wanted: &[u64]) {
    let Some(seller) = data.discogs_sellers.iter().position(|s| s.username == BUNDLE_SHOP) else {
        return;
    };
    let currency = data.discogs_sellers[seller].currency;
    let jazz: Vec<u64> = wanted
        .iter()
        .filter(|id| data.release(**id).is_some_and(|r| r.genres.iter().any(|g| g == "Jazz")))
        .copied()
        .collect();
    let mut next = data.listings.iter().map(|l| l.id).max().unwrap_or(4_100_000_000);
    for id in jazz.into_iter().take(BUNDLE) {
        if data.listings.iter().any(|l| l.release_id == id && l.seller == seller) {
            continue;
        }
        next += rng.random_range(1..=5_000);
        let price = Price::new(rng.random_range(2_500..9_000), currency);
        data.listings.push(DiscogsListing {
            id: next,
            release_id: id,
            seller,
            price,
            shipping: Some(Price::new(600, currency)),
            condition: "Very Good Plus (VG+)".to_string(),
            sleeve_condition: "Very Good Plus (VG+)".to_string(),
            comments: pick(rng, &LISTING_COMMENTS).to_string(),
            posted: discogs_time(rng, 20),
            allow_offers: true,
        });
    }
}
