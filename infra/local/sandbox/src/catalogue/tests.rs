//! The generated catalogue: deterministic, the size asked for, and answering the searches a
//! person tries first on both marketplaces.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::search::{DiscogsQuery, EbayQuery};
use super::text::words;
use super::words::{BUNDLE_SHOP, RESERVED};
use super::*;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load(&crate::default_fixtures_dir(), DEFAULT_SEED).expect("catalogue"))
}

fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Not a fixture item (near 204 512 000 000) nor an archive one (near 209 000 000 000).
fn generated_item(item: &EbayItem) -> bool {
    (126_000_000_000..200_000_000_000).contains(&item.legacy_id)
}

fn discogs(q: &str) -> Vec<&'static Release> {
    catalogue().search_releases(&DiscogsQuery::from_params(&params(&[
        ("q", q),
        ("type", "release"),
        ("format", "Vinyl"),
    ])))
}

fn ebay(q: &str) -> Vec<&'static EbayItem> {
    catalogue().search_items(&EbayQuery::from_params(&params(&[("q", q)])).expect("query"), "US")
}

#[test]
fn the_same_seed_gives_the_same_catalogue_and_another_seed_another() {
    let again = Catalogue::load(&crate::default_fixtures_dir(), DEFAULT_SEED).unwrap();
    assert_eq!(again.data().releases, catalogue().data().releases);
    assert_eq!(again.data().listings, catalogue().data().listings);
    assert_eq!(again.data().items, catalogue().data().items);
    assert_eq!(again.data().wants, catalogue().data().wants);
    let other = Catalogue::load(&crate::default_fixtures_dir(), DEFAULT_SEED + 1).unwrap();
    assert_ne!(other.data().items, catalogue().data().items);
    // The fixtures and the archive are the same whatever the seed.
    assert_eq!(other.data().releases[..252], catalogue().data().releases[..252]);
}

#[test]
fn the_catalogue_has_the_size_and_spread_asked_for() {
    let counts = catalogue().counts();
    assert_eq!(counts.releases, 12 + generated::BULK_SIZE + generate::GENERATED_RELEASES);
    assert!(counts.masters > 1_000, "{counts:?}");
    assert!(counts.discogs_sellers >= 35 && counts.ebay_sellers >= 35, "{counts:?}");
    assert!(counts.listings > 5_000 && counts.items > 3_000, "{counts:?}");
    assert!(counts.listing_currencies >= 6 && counts.item_currencies >= 5, "{counts:?}");
    assert!(counts.twelve_inches > 300, "{counts:?}");
    let data = catalogue().data();
    let ids: HashSet<u64> = data.releases.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), data.releases.len(), "release ids are unique");
    assert_eq!(data.listings.iter().map(|l| l.id).collect::<HashSet<_>>().len(), data.listings.len());
    assert_eq!(data.items.iter().map(|i| i.legacy_id).collect::<HashSet<_>>().len(), data.items.len());
    assert!(data.listings.iter().all(|l| ids.contains(&l.release_id)));
    // Masters group several pressings of one album, and releases name their master.
    let grouped = data.masters.iter().filter(|m| m.versions.len() >= 3).count();
    assert!(grouped > 100, "{grouped}");
    for m in &data.masters {
        assert!(m.versions.iter().all(|v| catalogue().release(*v).is_some_and(|r| r.master_id == Some(m.id))));
    }
    let countries: HashSet<&str> = data.discogs_sellers.iter().map(|s| s.ships_from.as_str()).collect();
    assert!(countries.len() >= 10, "{countries:?}");
    let ebay_countries: HashSet<&str> = data.ebay_sellers.iter().map(|s| s.country.as_str()).collect();
    assert!(ebay_countries.len() >= 8, "{ebay_countries:?}");
}

#[test]
fn the_first_searches_find_records_on_both_marketplaces() {
    for q in ["jazz", "blue note", "techno 12\"", "beatles", "miles davis"] {
        let releases = discogs(q);
        let for_sale =
            releases.iter().filter(|r| catalogue().stats(r.id, Currency::USD).is_some_and(|s| s.for_sale > 0));
        assert!(for_sale.count() >= 5, "Discogs {q:?}: {} releases", releases.len());
        assert!(ebay(q).len() >= 5, "eBay {q:?}");
    }
    assert!(discogs("blue note").iter().take(20).all(|r| r.label() == "Blue Note"), "label matches rank high");
    assert!(discogs("miles davis").iter().take(10).all(|r| r.artist() == "Miles Davis"));
    let techno = discogs("techno 12\"");
    assert!(techno.iter().all(|r| r.styles.iter().any(|s| s.contains("Techno")) && r.size == Size::Twelve));
    let pressings: HashSet<Option<u64>> = discogs("beatles revolver").iter().map(|r| r.master_id).collect();
    assert_eq!(pressings.len(), 1, "pressings of one album share its master");
    assert!(discogs("beatles revolver").len() >= 2);
}

#[test]
fn the_fixture_searches_still_find_only_the_fixtures() {
    let ids = |q: &str| discogs(q).iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids("kind of blue"), [3863517]);
    assert_eq!(ids("moon"), [1873013]);
    assert!(ids("archive pressing").is_empty(), "the archive is found through its seller only");
    let items = |q: &str| ebay(q).iter().map(|i| i.legacy_id).collect::<Vec<_>>();
    assert_eq!(items("miles davis kind of blue"), [204512347331, 204512354662]);
    assert_eq!(items("pink floyd").len(), 2);
    assert_eq!(items("archive pressing").len(), generated::BULK_SIZE);
    // Hand-written records come first among equally relevant ones.
    let blue = ids("blue");
    assert!(blue[..2].contains(&3863517) && blue[..2].contains(&1417645), "{blue:?}");
    for item in catalogue().data().items.iter().filter(|i| generated_item(i)) {
        let text = format!("{} {}", item.title, item.aspects.join(" "));
        assert!(RESERVED.iter().all(|w| !words(&text).contains(&w.to_string())), "{text}");
    }
    for r in &catalogue().data().releases[252..] {
        let text = format!("{} {} {}", r.artist(), r.title, r.label());
        assert!(RESERVED.iter().all(|w| !words(&text).contains(&w.to_string())), "{text}");
    }
}

#[test]
fn ebay_titles_vary_for_the_same_record() {
    let items = ebay("miles davis");
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    let has = |p: &dyn Fn(&str) -> bool| titles.iter().any(|t| p(t));
    assert!(has(&|t| t.starts_with("MILES DAVIS")), "{titles:#?}");
    assert!(has(&|t| t.contains(" – ")), "{titles:#?}");
    assert!(has(&|t| t.contains(" - Miles Davis")), "album first: {titles:#?}");
    assert!(has(&|t| t.starts_with("Miles Davis ") && !t.contains(" - ")), "no separator: {titles:#?}");
    assert!(titles.iter().all(|t| t.chars().count() <= ebay_titles::MAX_TITLE));
    // The same record is offered under several titles.
    let mut per_record: HashMap<u64, HashSet<&str>> = HashMap::new();
    for item in catalogue().data().items.iter().filter(|i| generated_item(i)) {
        if let Some(r) = item.release_id {
            per_record.entry(r).or_default().insert(item.title.as_str());
        }
    }
    assert!(per_record.values().filter(|t| t.len() >= 3).count() > 50);
}

#[test]
fn wanted_and_owned_records_are_hit_by_the_first_searches() {
    let c = catalogue();
    assert!(c.data().wants.len() >= 30 && c.data().collection.len() > 100, "{:?}", c.counts());
    let wanted: HashSet<u64> = c.data().wants.iter().map(|w| w.release_id).collect();
    let owned: HashSet<u64> = c.data().collection.iter().map(|o| o.release_id).collect();
    for q in ["miles davis", "blue note", "beatles", "techno 12\"", "jazz"] {
        let found: Vec<u64> = discogs(q).iter().map(|r| r.id).collect();
        assert!(found.iter().any(|id| wanted.contains(id)), "nothing wanted found by {q:?}");
        assert!(found.iter().any(|id| owned.contains(id)), "nothing owned found by {q:?}");
        let items: Vec<u64> = ebay(q).iter().filter_map(|i| i.release_id).collect();
        assert!(items.iter().any(|id| wanted.contains(id)), "no wanted item found by {q:?} on eBay");
    }
    // Several wanted records from one Discogs seller: a bundle.
    let (bundle, _) = c.discogs_seller(BUNDLE_SHOP).unwrap();
    let held =
        c.inventory(bundle, InventorySort::Listed, true).iter().filter(|l| wanted.contains(&l.release_id)).count();
    assert!(held >= 4, "{held}");
    // The fixture lists come first, unchanged.
    assert_eq!(c.data().wants[0].release_id, 3863517);
    assert_eq!(c.data().collection[0].instance_id, 912340000);
}

#[test]
fn statistics_convert_the_lowest_copy() {
    let c = catalogue();
    let kind_of_blue = c.stats(3863517, Currency::USD).unwrap();
    assert_eq!((kind_of_blue.lowest, kind_of_blue.for_sale), (Some(Price::new(1952, Currency::USD)), 4));
    let in_yen = c.stats(3863517, Currency::JPY).unwrap().lowest.unwrap();
    assert_eq!(in_yen, Price::new(1952, Currency::USD).convert(Currency::JPY));
    let joni = c.stats(1417645, Currency::USD).unwrap().lowest.unwrap();
    assert_eq!(joni, Price::new(2157, Currency::USD));
    assert!(c.stats(1, Currency::USD).is_none());
    let blocked = c.data().releases.iter().find(|r| r.blocked_from_sale).unwrap();
    assert_eq!(c.stats(blocked.id, Currency::USD).unwrap(), Stats { lowest: None, for_sale: 0, blocked: true });
}

#[test]
fn shipping_depends_on_where_the_buyer_is() {
    let c = catalogue();
    let german = c
        .data()
        .items
        .iter()
        .find(|i| {
            c.ebay_seller_at(i.seller).is_some_and(|s| s.country == "DE" && !s.domestic_only) && i.shipping.domestic > 0
        })
        .unwrap();
    let home = c.shipping_to(german, "DE").unwrap();
    let eu = c.shipping_to(german, "FR").unwrap();
    let abroad = c.shipping_to(german, "US").unwrap();
    assert!(home.minor < eu.minor && eu.minor < abroad.minor, "{home:?} {eu:?} {abroad:?}");
    let stay_at_home =
        c.data().items.iter().find(|i| c.ebay_seller_at(i.seller).is_some_and(|s| s.domestic_only)).unwrap();
    assert!(c.shipping_to(stay_at_home, "JP").is_none());
}
