//! The post-filter a fetcher applies to a marketplace's answer: the saved search's price range,
//! minimum record/sleeve grades (docs/behaviour.md#condition-grades, docs/spec-deviations.md) and preferred seller region.
//!
//! Pure, so the fetchers only decide what to log. Unknown facts never drop a listing: an
//! ungraded sleeve, eBay's `Used`, a listing without a seller (Discogs release offers) or
//! without a location, a price in a currency without an exchange rate (it is kept and shown as
//! unconverted). A listing of a release on the user's want list is never dropped: it is kept and
//! reported, so the fetcher can log it.
//!
//! The price bounds are **landed cost** (item + shipping to the buyer) in the bounds' currency:
//! `filters.currency` when the search names one, else the user's currency
//! (docs/behaviour.md#money-and-currencies). Without a buyer ([`PostFilter::priced_for`] not
//! called) only a listing priced in the bounds' currency is compared, by its item price.

use std::collections::HashSet;

use crate::domain::condition::{BelowMinimum, Grade};
use crate::domain::landed::{Buyer, LandedPricer};
use crate::domain::listing::Listing;
use crate::domain::money::{Currency, Money};
use crate::domain::rates::Rates;
use crate::domain::region::{Region, region};
use crate::domain::search_filters::SearchFilters;

/// What a saved search asks of every listing.
#[derive(Debug, Clone, PartialEq)]
pub struct PostFilter {
    /// The currency the price bounds are in (`filters.currency`, default USD).
    pub currency: Currency,
    pub min_price: Option<Money>,
    pub max_price: Option<Money>,
    pub min_media: Option<Grade>,
    pub min_sleeve: Option<Grade>,
    /// The preferred seller region; `None` for no preference or `ANY`.
    pub region: Option<Region>,
    /// Landed costs in `currency` for the search's user; see [`PostFilter::priced_for`].
    pub pricer: Option<LandedPricer>,
}

/// Why a listing fails the filter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Rejection {
    /// `price` is the landed cost (or the item price when shipping has no rate) in the bounds' currency.
    #[error("landed cost {price} is below the minimum {min}")]
    BelowMinPrice { price: Money, min: Money },
    #[error("landed cost {price} is above the maximum {max}")]
    AboveMaxPrice { price: Money, max: Money },
    #[error(transparent)]
    Condition(#[from] BelowMinimum),
    #[error("seller region {actual} is not the preferred {preferred}")]
    Location { actual: Region, preferred: Region },
}

/// One listing the filter rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub listing_id: String,
    pub release_id: Option<u64>,
    pub reason: Rejection,
}

/// The answer after filtering.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filtered {
    pub kept: Vec<Listing>,
    /// Dropped listings.
    pub dropped: Vec<Rejected>,
    /// Listings of wanted releases that fail the filter but were kept anyway.
    pub kept_wanted: Vec<Rejected>,
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The preferred region of a preference text (`US`, `EU`, `UK`, a country name); `ANY` or
/// nothing means no preference.
pub fn preferred_region(preference: Option<&str>) -> Option<Region> {
    let preference = preference.map(str::trim).filter(|p| !p.is_empty())?;
    if preference.eq_ignore_ascii_case("ANY") {
        return None;
    }
    Some(region(Some(preference)))
}

impl PostFilter {
    /// From the search's filters and its own columns, which win over the filter keys of the
    /// same names. An unparsable grade sets no minimum.
    pub fn from_search(
        filters: &SearchFilters,
        min_record_condition: Option<&str>,
        min_sleeve_condition: Option<&str>,
        seller_location_preference: Option<&str>,
    ) -> Self {
        let grade = |column_value: Option<&str>, key: &Option<String>| {
            non_blank(column_value).or(key.as_deref()).and_then(Grade::parse)
        };
        Self {
            currency: filters.currency(),
            min_price: filters.min_price(),
            max_price: filters.max_price(),
            min_media: grade(min_record_condition, &filters.min_record_condition),
            min_sleeve: grade(min_sleeve_condition, &filters.min_sleeve_condition),
            region: preferred_region(
                non_blank(seller_location_preference).or(filters.seller_location_preference.as_deref()),
            ),
            pricer: None,
        }
    }

    /// Compares landed costs for `buyer` (shipping to their country), converted with `rates`.
    /// Bounds without a currency of their own are in the buyer's currency.
    pub fn priced_for(mut self, filters: &SearchFilters, buyer: &Buyer, rates: Option<Rates>) -> Self {
        let currency = filters.currency.unwrap_or(buyer.currency);
        let bound = |b: &Option<crate::domain::search_filters::Amount>| b.as_ref().and_then(|a| a.money(currency));
        self.currency = currency;
        self.min_price = bound(&filters.min_price);
        self.max_price = bound(&filters.max_price);
        self.pricer = Some(LandedPricer::new(currency, rates, buyer.region));
        self
    }

    /// What the bounds compare: the landed cost in the bounds' currency, else (shipping without a
    /// rate) the converted item price; `None` (the listing is kept) for no price or no rate.
    fn compared_amount(&self, listing: &Listing) -> Option<Money> {
        let price = listing.priced()?;
        match &self.pricer {
            Some(pricer) => pricer.landed(listing).map(|(landed, _)| landed).or_else(|| pricer.convert(price)),
            None => (price.currency == self.currency).then_some(price),
        }
    }

    /// Whether the filter asks anything at all.
    pub fn is_empty(&self) -> bool {
        self.min_price.is_none()
            && self.max_price.is_none()
            && self.min_media.is_none()
            && self.min_sleeve.is_none()
            && self.region.is_none()
    }

    /// Checks one listing.
    pub fn check(&self, listing: &Listing) -> Result<(), Rejection> {
        if (self.min_price.is_some() || self.max_price.is_some())
            && let Some(price) = self.compared_amount(listing)
        {
            if let Some(min) = self.min_price.filter(|m| price.minor < m.minor) {
                return Err(Rejection::BelowMinPrice { price, min });
            }
            if let Some(max) = self.max_price.filter(|m| price.minor > m.minor) {
                return Err(Rejection::AboveMaxPrice { price, max });
            }
        }
        listing.meets_minimum(self.min_media, self.min_sleeve)?;
        if let Some(preferred) = self.region {
            let location = listing.seller.as_ref().and_then(|s| s.location.as_deref()).filter(|l| !l.trim().is_empty());
            if let Some(location) = location {
                let actual = region(Some(location));
                if actual != preferred {
                    return Err(Rejection::Location { actual, preferred });
                }
            }
        }
        Ok(())
    }

    /// Filters an answer; listings of `wanted` releases are kept even when they fail.
    pub fn apply(&self, listings: Vec<Listing>, wanted: &HashSet<u64>) -> Filtered {
        let mut out = Filtered::default();
        for listing in listings {
            match self.check(&listing) {
                Ok(()) => out.kept.push(listing),
                Err(reason) => {
                    let rejected =
                        Rejected { listing_id: listing.listing_id.clone(), release_id: listing.release_id, reason };
                    if listing.release_id.is_some_and(|id| wanted.contains(&id)) {
                        out.kept_wanted.push(rejected);
                        out.kept.push(listing);
                    } else {
                        out.dropped.push(rejected);
                    }
                }
            }
        }
        out
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// A loose text match: every word of `query` is a word of `text` (case-insensitive). An empty
/// query matches nothing.
pub fn loosely_matches(query: &str, text: &str) -> bool {
    let wanted = words(query);
    let have = words(text);
    !wanted.is_empty() && wanted.iter().all(|w| have.contains(w))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::condition::ConditionPart;
    use crate::domain::listing::SellerInfo;
    use crate::domain::platform::Platform;

    fn filters(v: serde_json::Value) -> SearchFilters {
        serde_json::from_value(v).unwrap()
    }

    fn seller(location: Option<&str>) -> SellerInfo {
        SellerInfo {
            id: "s".into(),
            name: "s".into(),
            location: location.map(str::to_string),
            feedback_percentage: None,
            feedback_count: None,
            estimated_shipping: None,
            url: None,
        }
    }

    fn listing(id: &str, cents: i64) -> Listing {
        Listing::new(Platform::Ebay, id, "Artist - Album", Money::usd_cents(cents))
    }

    #[test]
    fn bounds_grades_and_region_come_from_filters_and_columns() {
        let f = PostFilter::from_search(
            &filters(
                json!({"min_price": "10", "max_price": 50, "min_record_condition": "VG", "seller_location_preference": "UK"}),
            ),
            Some("Near Mint (NM or M-)"),
            Some("VG+"),
            Some("US"),
        );
        assert_eq!(f.min_price, Some(Money::usd_cents(1000)));
        assert_eq!(f.max_price, Some(Money::usd_cents(5000)));
        assert_eq!((f.min_media, f.min_sleeve), (Some(Grade::NearMint), Some(Grade::VeryGoodPlus)));
        assert_eq!(f.region, Some(Region::US));

        let keys_only = PostFilter::from_search(
            &filters(
                json!({"min_record_condition": "VG", "seller_location_preference": "ANY", "min_price": 0, "currency": "EUR", "max_price": "12.5"}),
            ),
            None,
            Some(" "),
            None,
        );
        assert_eq!(keys_only.min_media, Some(Grade::VeryGood));
        assert_eq!((keys_only.min_price, keys_only.region), (None, None));
        assert_eq!(keys_only.max_price, Some(Money::new(1250, Currency::EUR)));
        assert!(PostFilter::from_search(&SearchFilters::default(), Some("garbage"), None, Some("any")).is_empty());
    }

    #[test]
    fn price_bounds_apply_in_their_currency_only() {
        let f = PostFilter::from_search(&filters(json!({"min_price": 10, "max_price": 50})), None, None, None);
        assert!(matches!(f.check(&listing("a", 999)), Err(Rejection::BelowMinPrice { .. })));
        assert!(matches!(f.check(&listing("b", 5001)), Err(Rejection::AboveMaxPrice { .. })));
        assert!(f.check(&listing("c", 1000)).is_ok() && f.check(&listing("d", 5000)).is_ok());
        let euros = Listing::new(Platform::Ebay, "e", "t", Money::new(1, Currency::EUR));
        assert!(f.check(&euros).is_ok());
        assert!(f.check(&listing("free", 0)).is_ok(), "no price is not a low price");
    }

    fn priced(id: &str, price: Money, shipping: Option<Money>, location: &str) -> Listing {
        let mut l = Listing::new(Platform::Discogs, id, "Artist - Album", price).with_seller(seller(Some(location)));
        l.shipping = shipping;
        l
    }

    #[test]
    fn bounds_are_landed_cost_in_the_users_currency() {
        let rates = crate::domain::rates::tests::sample();
        let search = filters(json!({"min_price": 20, "max_price": 30}));
        let berlin = Buyer::new(Currency::EUR, Some("DE"));
        let f = PostFilter::from_search(&search, None, None, None).priced_for(&search, &berlin, Some(rates.clone()));
        assert_eq!(f.max_price, Some(Money::new(3000, Currency::EUR)), "no currency of their own: the user's");
        let eur = |minor| Money::new(minor, Currency::EUR);
        // 17.04 GBP = 19.84 EUR, + the UK → EU estimate 15.00 USD = 13.80 EUR: 33.64 EUR. Its item
        // price alone is in the range, and in GBP it used to escape the EUR bound altogether.
        let gbp = priced("gbp", Money::new(1704, Currency::GBP), None, "United Kingdom");
        assert_eq!(f.check(&gbp), Err(Rejection::AboveMaxPrice { price: eur(3364), max: eur(3000) }));
        // 15.00 USD + 10.00 USD stated = 13.80 + 9.20 EUR: the item alone would be below 20.
        assert!(f.check(&priced("usd", Money::usd_cents(1500), Some(Money::usd_cents(1000)), "US")).is_ok());
        assert!(f.check(&priced("eur", eur(1863), Some(eur(450)), "Germany")).is_ok());
        assert_eq!(
            f.check(&priced("cheap", eur(500), Some(eur(200)), "Germany")),
            Err(Rejection::BelowMinPrice { price: eur(700), min: eur(2000) })
        );
        // A currency without a rate is kept (the analysis shows it as unconverted).
        assert!(f.check(&priced("sek", Money::new(100_000, Currency::SEK), None, "Sweden")).is_ok());
        // A release offer's seller is unknown: the OTH → EU estimate, 30.00 USD = 27.60 EUR.
        let mut offer = Listing::new(Platform::Discogs, "1", "A - T", eur(300));
        offer.kind = crate::domain::listing::ListingKind::ReleaseOffer { for_sale: 2 };
        assert_eq!(f.check(&offer), Err(Rejection::AboveMaxPrice { price: eur(3060), max: eur(3000) }));

        // Bounds that name their currency stay in it: 21.57 USD + 15.00 USD.
        let dollars = filters(json!({"max_price": 25, "currency": "USD"}));
        let f = PostFilter::from_search(&dollars, None, None, None).priced_for(&dollars, &berlin, Some(rates));
        let rejected = f.check(&gbp);
        assert_eq!(
            rejected,
            Err(Rejection::AboveMaxPrice { price: Money::usd_cents(3657), max: Money::usd_cents(2500) })
        );
    }

    #[test]
    fn without_rates_only_listings_in_the_bounds_currency_are_compared() {
        let search = filters(json!({"max_price": 24}));
        let home = Buyer::new(Currency::USD, Some("US"));
        let f = PostFilter::from_search(&search, None, None, None).priced_for(&search, &home, None);
        // 20.00 + the US → US estimate 5.00.
        let usd = priced("usd", Money::usd_cents(2000), None, "Chicago, IL");
        assert_eq!(
            f.check(&usd),
            Err(Rejection::AboveMaxPrice { price: Money::usd_cents(2500), max: Money::usd_cents(2400) })
        );
        assert!(f.check(&priced("gbp", Money::new(5000, Currency::GBP), None, "UK")).is_ok());
        // A euro buyer without rates: the dollar estimate cannot be added, the item price is compared.
        let euro = filters(json!({"max_price": 24, "currency": "EUR"}));
        let f = PostFilter::from_search(&euro, None, None, None).priced_for(&euro, &home, None);
        assert!(f.check(&priced("eur", Money::new(2300, Currency::EUR), None, "Germany")).is_ok());
        assert!(f.check(&priced("eur", Money::new(2500, Currency::EUR), None, "Germany")).is_err());
    }

    #[test]
    fn grades_follow_spec_6_3_and_unknowns_pass() {
        let f = PostFilter::from_search(&SearchFilters::default(), Some("VG+"), Some("VG"), None);
        let graded = |m: Option<&str>, s: Option<&str>| listing("x", 100).with_conditions(m, s);
        assert!(f.check(&graded(Some("Near Mint (NM or M-)"), Some("Very Good (VG)"))).is_ok());
        assert!(f.check(&graded(Some("Used"), Some("Generic"))).is_ok());
        assert!(f.check(&graded(None, None)).is_ok());
        assert_eq!(
            f.check(&graded(Some("Good"), None)),
            Err(Rejection::Condition(BelowMinimum {
                part: ConditionPart::Media,
                actual: Grade::Good,
                minimum: Grade::VeryGoodPlus
            }))
        );
        assert!(matches!(
            f.check(&graded(Some("Mint (M)"), Some("Good Plus (G+)"))),
            Err(Rejection::Condition(BelowMinimum { part: ConditionPart::Sleeve, .. }))
        ));
    }

    #[test]
    fn region_applies_only_to_sellers_with_a_location() {
        let f = PostFilter::from_search(&SearchFilters::default(), None, None, Some("EU"));
        assert!(f.check(&listing("de", 100).with_seller(seller(Some("DE")))).is_ok());
        assert_eq!(
            f.check(&listing("us", 100).with_seller(seller(Some("US")))),
            Err(Rejection::Location { actual: Region::US, preferred: Region::EU })
        );
        assert!(f.check(&listing("unknown", 100).with_seller(seller(None))).is_ok());
        assert!(f.check(&listing("offer", 100)).is_ok(), "release offers have no seller");
    }

    #[test]
    fn wanted_releases_are_kept_and_reported() {
        let f = PostFilter::from_search(&filters(json!({"max_price": 10})), None, None, None);
        let mut wanted = listing("w", 2000);
        wanted.release_id = Some(42);
        let mut other = listing("o", 2000);
        other.release_id = Some(7);
        let out = f.apply(vec![wanted, other, listing("cheap", 500)], &HashSet::from([42]));
        let kept: Vec<&str> = out.kept.iter().map(|l| l.listing_id.as_str()).collect();
        assert_eq!(kept, vec!["w", "cheap"]);
        assert_eq!(out.kept_wanted.len(), 1);
        assert_eq!(out.kept_wanted[0].release_id, Some(42));
        assert_eq!(out.dropped.len(), 1);
        assert_eq!(out.dropped[0].listing_id, "o");
    }

    #[test]
    fn loose_matches_need_every_query_word() {
        assert!(loosely_matches("miles DAVIS", "Miles Davis - Kind Of Blue"));
        assert!(loosely_matches("sigur rós", "Sigur Rós - Ágætis Byrjun"));
        assert!(!loosely_matches("miles coltrane", "Miles Davis - Kind Of Blue"));
        assert!(!loosely_matches("  ", "anything"));
    }
}
