//! From a finished run to alerts: which want-list listings are new and pass the search's
//! filters, which dropped by the threshold, and which sellers newly hold several wanted
//! records. Only want-list records alert: a broad search's other listings would drown them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::settings::AlertRule;
use super::{Alert, AlertKind, AlertListing, BundleTotals};
use crate::domain::filters::{PostFilter, preferred_region};
use crate::domain::landed::Buyer;
use crate::domain::listing::StoredResult;
use crate::domain::money::Money;
use crate::domain::platform::Platform;
use crate::domain::rates::Rates;
use crate::domain::region::{Region, region};
use crate::domain::search::SavedSearch;
use crate::domain::shipping::{estimate_shipping, shipping_savings};

/// A listing whose price fell in the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceFall {
    pub platform: Platform,
    pub listing_id: String,
    pub old_minor: i64,
    pub new_minor: i64,
}

impl PriceFall {
    /// Whether the fall is at least `percent` of the old price.
    pub fn reaches(&self, percent: u8) -> bool {
        let (old, new) = (i128::from(self.old_minor), i128::from(self.new_minor));
        old > 0 && new < old && (old - new) * 100 >= old * i128::from(percent)
    }
}

/// What a finished run offers the triggers.
pub struct RunFacts<'a> {
    pub search: &'a SavedSearch,
    /// The search's results on the want list and not owned.
    pub wanted: &'a [StoredResult],
    /// Result ids the run saw for the first time that are on the want list.
    pub new_wanted: &'a HashSet<String>,
    pub price_falls: &'a [PriceFall],
    /// The search's user and the newest rates, when its price bounds need them: the bounds are
    /// landed cost in the user's currency, as the fetchers' post-filter applies them.
    pub buyer: Option<(Buyer, Option<&'a Rates>)>,
}

/// Every alert the rule asks for, in a stable order (wanted, drops, bundles).
pub fn alerts(rule: &AlertRule, facts: &RunFacts<'_>) -> Vec<Alert> {
    let search = facts.search;
    let filter = PostFilter::from_search(
        &search.filters,
        search.min_record_condition.as_deref(),
        search.min_sleeve_condition.as_deref(),
        search.seller_location_preference.as_deref(),
    );
    let filter = match &facts.buyer {
        Some((buyer, rates)) => filter.priced_for(&search.filters, buyer, rates.cloned()),
        None => filter,
    };
    let passing: Vec<&StoredResult> = facts.wanted.iter().filter(|r| filter.check(&r.listing).is_ok()).collect();
    let alert = |kind, subject: String, listings| Alert {
        kind,
        search_id: search.id,
        search_name: search.name.clone(),
        subject,
        listings,
        previous_price: None,
        bundle: None,
    };
    let mut out = Vec::new();
    if rule.wanted {
        for r in passing.iter().filter(|r| facts.new_wanted.contains(&r.id)) {
            let l = &r.listing;
            out.push(alert(AlertKind::Wanted, subject(l.platform, &l.listing_id), vec![AlertListing::of(l)]));
        }
    }
    if rule.price_drop {
        for fall in facts.price_falls.iter().filter(|f| f.reaches(rule.price_drop_percent)) {
            let found =
                passing.iter().find(|r| r.listing.platform == fall.platform && r.listing.listing_id == fall.listing_id);
            let Some(r) = found else { continue };
            let l = &r.listing;
            let mut a = alert(AlertKind::PriceDrop, subject(l.platform, &l.listing_id), vec![AlertListing::of(l)]);
            a.previous_price = Some(Money::new(fall.old_minor, l.price.currency));
            out.push(a);
        }
    }
    if rule.bundle {
        let buyer = preferred_region(search.seller_location_preference.as_deref()).unwrap_or(Region::US);
        out.extend(bundles(&passing, facts.new_wanted, buyer).into_iter().map(|(key, listings, totals)| {
            let mut a = alert(AlertKind::Bundle, key, listings);
            a.bundle = Some(totals);
            a
        }));
    }
    out
}

fn subject(platform: Platform, id: &str) -> String {
    format!("{platform}#{id}")
}

/// Sellers holding at least two different wanted records, one of them new in this run: the
/// seller's key, the listings (one per record, the cheapest) and the totals.
fn bundles(
    wanted: &[&StoredResult],
    new_wanted: &HashSet<String>,
    buyer: Region,
) -> Vec<(String, Vec<AlertListing>, BundleTotals)> {
    let mut by_seller: BTreeMap<(Platform, String), Vec<&StoredResult>> = BTreeMap::new();
    for r in wanted {
        if let Some(seller) = r.listing.scored_seller().filter(|s| !s.id.is_empty()) {
            by_seller.entry((r.listing.platform, seller.id.clone())).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for ((platform, seller_id), mut held) in by_seller {
        if !held.iter().any(|r| new_wanted.contains(&r.id)) {
            continue;
        }
        held.sort_by_key(|r| (r.listing.price.minor, r.listing.listing_id.clone()));
        let mut records = BTreeSet::new();
        held.retain(|r| records.insert(record_key(r)));
        if held.len() < 2 {
            continue;
        }
        let currency = held[0].listing.price.currency;
        let items_total = Money::new(
            held.iter().filter(|r| r.listing.price.currency == currency).map(|r| r.listing.price.minor).sum(),
            currency,
        );
        let seller = held[0].listing.scored_seller();
        let from = region(seller.and_then(|s| s.location.as_deref()));
        let estimate = seller.and_then(|s| s.estimated_shipping);
        let n = u32::try_from(held.len()).unwrap_or(u32::MAX);
        let totals = BundleTotals {
            items_total,
            shipping: estimate_shipping(from, buyer, n, estimate),
            shipping_saved: shipping_savings(from, buyer, n, estimate),
        };
        out.push((subject(platform, &seller_id), held.iter().map(|r| AlertListing::of(&r.listing)).collect(), totals));
    }
    out
}

/// Two listings of one record count once: the Discogs release, else the matched record, else
/// the listing itself.
fn record_key(r: &StoredResult) -> String {
    match (r.listing.release_id, &r.item_match) {
        (Some(release), _) => format!("release:{release}"),
        (None, Some(m)) => format!("record:{}", m.fingerprint),
        (None, None) => format!("listing:{}", r.listing.listing_id),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::domain::ids::UserId;
    use crate::domain::listing::{Listing, SellerInfo};
    use crate::domain::platform::SearchPlatform;
    use crate::domain::search::NewSearch;

    fn search(min_record: Option<&str>) -> SavedSearch {
        SavedSearch::create(
            UserId::new(),
            NewSearch {
                name: "Jazz".into(),
                query: "jazz".into(),
                platform: SearchPlatform::Ebay,
                filters: Default::default(),
                check_interval_hours: 24,
                min_record_condition: min_record.map(str::to_owned),
                min_sleeve_condition: None,
                seller_location_preference: None,
            },
            Utc::now(),
        )
    }

    fn wanted(id: &str, release: u64, seller: &str, cents: i64, media: &str) -> StoredResult {
        let mut l =
            Listing::new(Platform::Ebay, format!("item-{id}"), format!("Record {release}"), Money::usd_cents(cents))
                .with_conditions(Some(media), None)
                .with_seller(SellerInfo {
                    id: seller.into(),
                    name: seller.to_uppercase(),
                    location: Some("US".into()),
                    feedback_percentage: Some(99.5),
                    feedback_count: Some(1200),
                    estimated_shipping: None,
                    url: None,
                });
        l.release_id = Some(release);
        StoredResult::new(id, l).wanted(true)
    }

    fn ids(list: &[&str]) -> HashSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn price_bounds_are_landed_cost_for_the_searchs_user() {
        let mut s = search(None);
        s.filters = serde_json::from_value(serde_json::json!({"max_price": 22})).unwrap();
        // 20.00 USD from a US seller: 25.00 landed with the US → US estimate.
        let results = [wanted("a", 1, "x", 2000, "Near Mint (NM or M-)")];
        let new = ids(&["a"]);
        let facts = |buyer| RunFacts { search: &s, wanted: &results, new_wanted: &new, price_falls: &[], buyer };
        assert_eq!(alerts(&AlertRule::default(), &facts(None)).len(), 1, "by item price alone it passes");
        let home = Buyer::new(crate::domain::money::Currency::USD, Some("US"));
        assert!(alerts(&AlertRule::default(), &facts(Some((home, None)))).is_empty(), "landed, it does not");
    }

    #[test]
    fn new_wanted_listings_alert_only_when_they_pass_the_filters() {
        let s = search(Some("VG+"));
        let results = [wanted("a", 1, "x", 2000, "Near Mint (NM or M-)"), wanted("b", 2, "y", 1500, "Good (G)")];
        let new = ids(&["a", "b"]);
        let facts = RunFacts { search: &s, wanted: &results, new_wanted: &new, price_falls: &[], buyer: None };
        let found = alerts(&AlertRule::default(), &facts);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, AlertKind::Wanted);
        assert_eq!(found[0].subject, "ebay#item-a");
        assert_eq!(found[0].listings[0].seller.as_ref().unwrap().feedback_percentage, Some(99.5));
        assert_eq!(found[0].headline(), "Wanted: Record 1 for $20.00");
        let off = AlertRule { wanted: false, ..AlertRule::default() };
        assert!(alerts(&off, &facts).is_empty());
    }

    #[test]
    fn a_drop_alerts_from_the_threshold_on() {
        let s = search(None);
        let results = [wanted("a", 1, "x", 1800, "VG+")];
        let fall = |old, new| PriceFall {
            platform: Platform::Ebay,
            listing_id: "item-a".into(),
            old_minor: old,
            new_minor: new,
        };
        let none = HashSet::new();
        for (old, new, alerts_expected) in [(2000, 1800, true), (2000, 1801, false), (1000, 999, false)] {
            let falls = [fall(old, new)];
            let facts = RunFacts { search: &s, wanted: &results, new_wanted: &none, price_falls: &falls, buyer: None };
            let found = alerts(&AlertRule::default(), &facts);
            assert_eq!(found.len(), usize::from(alerts_expected), "{old} -> {new}");
            if alerts_expected {
                assert_eq!(found[0].previous_price, Some(Money::usd_cents(old)));
                assert!(found[0].headline().contains("$20.00 → $18.00"), "{}", found[0].headline());
            }
        }
        let strict = AlertRule { price_drop_percent: 50, ..AlertRule::default() };
        let falls = [fall(2000, 1800)];
        let facts = RunFacts { search: &s, wanted: &results, new_wanted: &none, price_falls: &falls, buyer: None };
        assert!(alerts(&strict, &facts).is_empty());
    }

    #[test]
    fn a_seller_with_two_wanted_records_one_new_is_a_bundle_with_totals() {
        let s = search(None);
        let results = [
            wanted("a", 1, "x", 2000, "VG+"),
            wanted("b", 2, "x", 1000, "VG+"),
            // A second copy of record 2 does not make three records.
            wanted("c", 2, "x", 1200, "VG+"),
            wanted("d", 3, "y", 900, "VG+"),
        ];
        let rule = AlertRule { wanted: false, ..AlertRule::default() };
        let new = ids(&["b"]);
        let found =
            alerts(&rule, &RunFacts { search: &s, wanted: &results, new_wanted: &new, price_falls: &[], buyer: None });
        assert_eq!(found.len(), 1, "{found:?}");
        let bundle = &found[0];
        assert_eq!((bundle.kind, bundle.subject.as_str()), (AlertKind::Bundle, "ebay#x"));
        assert_eq!(bundle.listings.len(), 2);
        let totals = bundle.bundle.as_ref().unwrap();
        assert_eq!(totals.items_total, Money::usd_cents(3000));
        // US to US: 5 $ each alone, 6 $ together.
        assert_eq!((totals.shipping, totals.shipping_saved), (Money::usd_cents(600), Money::usd_cents(400)));
        assert_eq!(bundle.headline(), "X has 2 of your wanted records");
        let old = ids(&["d"]);
        assert!(
            alerts(&rule, &RunFacts { search: &s, wanted: &results, new_wanted: &old, price_falls: &[], buyer: None })
                .is_empty(),
            "nothing new at seller x"
        );
    }

    #[test]
    fn alert_ids_depend_on_user_kind_and_subject_only() {
        let s = search(None);
        let results = [wanted("a", 1, "x", 2000, "VG+")];
        let new = ids(&["a"]);
        let a = alerts(
            &AlertRule::default(),
            &RunFacts { search: &s, wanted: &results, new_wanted: &new, price_falls: &[], buyer: None },
        );
        let user = UserId::new();
        let mut again = a[0].clone();
        again.search_name = "renamed".into();
        again.listings[0].price = Money::usd_cents(1);
        assert_eq!(a[0].id(user), again.id(user));
        assert_ne!(a[0].id(user), a[0].id(UserId::new()));
        again.kind = AlertKind::PriceDrop;
        assert_ne!(a[0].id(user), again.id(user));
    }
}
