//! Amounts in the collector's own currency: every listing's price and shipping converted with the
//! day's rates, and its **landed cost** (item + shipping to the buyer's country), before the
//! analysis and the price comparison run (docs/behaviour.md#money-and-currencies).
//!
//! Only a currency without a rate is left unconverted; such listings stay out of every sum and
//! the analysis names their currencies. Conversion happens in place on the analysis's own copy of
//! the results (the stored packs are never rewritten with converted amounts), so it costs one
//! exact conversion per amount and no allocation per result.

use crate::domain::listing::{Listing, StoredResult};
use crate::domain::money::{Currency, Money};
use crate::domain::rates::Rates;
use crate::domain::region::{Region, region};
use crate::domain::shipping::{SHIPPING_CURRENCY, base_shipping};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// What the amounts of an analysis or a price comparison are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountBasis {
    pub currency: Currency,
    /// The day of the rates used; `None` when nothing needed converting or no rates were at hand.
    #[serde(default)]
    pub rates_date: Option<NaiveDate>,
    /// Currencies of priced listings that had no rate: those listings are in no amount.
    #[serde(default)]
    pub unconverted: Vec<Currency>,
}

impl Default for AmountBasis {
    fn default() -> Self {
        AmountBasis { currency: Currency::USD, rates_date: None, unconverted: Vec::new() }
    }
}

/// Who the amounts are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buyer {
    pub currency: Currency,
    /// The buyer's shipping region (from the country in their preferences; US when unknown, as
    /// the shipping estimates always assumed).
    pub region: Region,
}

impl Buyer {
    /// From the preferences' currency and optional ISO country code.
    pub fn new(currency: Currency, country: Option<&str>) -> Self {
        let region = match country {
            // Two-letter codes are what the region table reads best: `GB` is UK, `DE` is EU, …
            Some(c) => region(Some(c)),
            None => Region::US,
        };
        Buyer { currency, region }
    }

    /// The currency the analysis can honestly use: the buyer's, when the rates know it (or no
    /// conversion is needed at all), else US dollars (the marketplaces' default) as before.
    pub fn analysis_currency(&self, rates: Option<&Rates>) -> Currency {
        let convertible = |r: &Rates| r.knows(self.currency) && r.knows(SHIPPING_CURRENCY);
        if self.currency == SHIPPING_CURRENCY || rates.is_some_and(convertible) { self.currency } else { Currency::USD }
    }
}

/// Landed costs of single listings in one currency, for one buyer: what the saved search's price
/// bounds compare (`domain::filters`) and what the results endpoint shows beside each listing.
#[derive(Debug, Clone, PartialEq)]
pub struct LandedPricer {
    currency: Currency,
    rates: Option<Rates>,
    /// One-item estimates from each seller region to the buyer, in `currency` (`None`: no rate).
    estimates: [Option<Money>; 5],
}

impl LandedPricer {
    pub fn new(currency: Currency, rates: Option<Rates>, buyer_region: Region) -> Self {
        let estimates =
            Region::ALL.map(|seller| convert_with(rates.as_ref(), base_shipping(seller, buyer_region), currency));
        LandedPricer { currency, rates, estimates }
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn rates(&self) -> Option<&Rates> {
        self.rates.as_ref()
    }

    /// `amount` in the pricer's currency; `None` without a rate.
    pub fn convert(&self, amount: Money) -> Option<Money> {
        convert_with(self.rates.as_ref(), amount, self.currency)
    }

    /// The listing's landed cost and whether its shipping is estimated; `None` for a listing
    /// without a price or whose price has no rate. Shipping is the stated one where it converts,
    /// else the seller-region estimate (a release offer's seller is unknown: region OTH).
    pub fn landed(&self, l: &Listing) -> Option<(Money, bool)> {
        let price = self.convert(l.priced()?)?;
        let (shipping, estimated) = match l.shipping.and_then(|s| self.convert(s)) {
            Some(stated) => (stated, false),
            None => (self.estimates[seller_region(l).index()]?, true),
        };
        Some((price.checked_add(shipping).ok()?, estimated))
    }
}

/// One listing's amounts for a buyer, beside the listing's own (the results endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListingAmounts {
    /// The item price in the pricer's currency; `None` without a price or a rate for it.
    pub price: Option<Money>,
    /// Price plus shipping to the buyer, and whether the shipping is estimated.
    pub landed: Option<(Money, bool)>,
    /// Whether an amount was converted with the rates (so their date belongs beside them).
    pub converted: bool,
}

impl LandedPricer {
    pub fn amounts(&self, l: &Listing) -> ListingAmounts {
        let price = l.priced().and_then(|p| self.convert(p));
        let landed = self.landed(l);
        let foreign = |m: Money| m.currency != self.currency;
        let converted = l.priced().is_some_and(foreign)
            || landed.is_some_and(|(_, estimated)| match l.shipping {
                Some(stated) if !estimated => foreign(stated),
                _ => SHIPPING_CURRENCY != self.currency,
            });
        ListingAmounts { price, landed, converted: converted && self.rates.is_some() && price.is_some() }
    }
}

fn convert_with(rates: Option<&Rates>, amount: Money, currency: Currency) -> Option<Money> {
    if amount.currency == currency {
        return Some(amount);
    }
    rates.and_then(|r| r.convert(amount, currency).ok())
}

/// The region a listing ships from: its seller's location; OTH when unknown, as for a seller
/// without a location (a release offer is the cheapest copy of any seller).
fn seller_region(l: &Listing) -> Region {
    region(l.seller.as_ref().and_then(|s| s.location.as_deref()))
}

/// Converts every result's price and stated shipping to `currency` (see
/// [`Buyer::analysis_currency`]) and sets its landed cost: the stated shipping where the
/// marketplace gave one, else the seller-region → buyer-region estimate (marked estimated).
/// A release offer's seller is unknown, so its estimate is the one from region OTH.
pub fn convert_results(
    results: &mut [StoredResult],
    rates: Option<&Rates>,
    currency: Currency,
    buyer_region: Region,
) -> AmountBasis {
    let mut unconverted = BTreeSet::new();
    let mut converted_any = false;
    let convert = |m: Money| convert_with(rates, m, currency);
    // One-item estimates from each seller region, converted once.
    let estimates: [Option<Money>; 5] = Region::ALL.map(|seller| convert(base_shipping(seller, buyer_region)));
    // A seller's location is read into a region once, not once per listing.
    let mut regions: HashMap<String, Region> = HashMap::new();
    for r in results.iter_mut() {
        let l = &mut r.listing;
        if let Some(price) = l.priced().filter(|p| p.currency != currency) {
            match convert(price) {
                Some(c) => {
                    l.original_price = Some(price);
                    l.price = c;
                    converted_any = true;
                }
                None => {
                    unconverted.insert(price.currency);
                    continue;
                }
            }
        }
        if let Some(shipping) = l.shipping {
            // A shipping charge without a rate is left as stated: sums only take amounts in
            // `currency`, so it is never added to a converted price.
            if let Some(c) = convert(shipping) {
                converted_any |= c.currency != shipping.currency;
                l.shipping = Some(c);
            }
        }
        landed_cost(l, currency, &estimates, &mut regions);
    }
    AmountBasis {
        currency,
        rates_date: rates.filter(|_| converted_any).map(|r| r.date),
        unconverted: unconverted.into_iter().collect(),
    }
}

fn landed_cost(
    l: &mut Listing,
    currency: Currency,
    estimates: &[Option<Money>; 5],
    regions: &mut HashMap<String, Region>,
) {
    let Some(price) = l.priced().filter(|p| p.currency == currency) else {
        return;
    };
    let (shipping, estimated) = match l.shipping.filter(|s| s.currency == currency) {
        Some(stated) => (Some(stated), false),
        None => {
            let location = l.seller.as_ref().and_then(|s| s.location.as_deref()).unwrap_or_default();
            let seller_region = match regions.get(location) {
                Some(r) => *r,
                None => {
                    let r = region(Some(location));
                    regions.insert(location.to_string(), r);
                    r
                }
            };
            (estimates[seller_region.index()], true)
        }
    };
    if let Some(shipping) = shipping {
        l.landed_cost = price.checked_add(shipping).ok();
        l.shipping_estimated = estimated;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::listing::SellerInfo;
    use crate::domain::platform::Platform;
    use crate::domain::rates::tests::sample;

    fn listing(id: &str, price: Money, shipping: Option<Money>, location: &str) -> StoredResult {
        let mut l = Listing::new(Platform::Discogs, id, "A - T", price);
        l.shipping = shipping;
        l.seller = Some(SellerInfo {
            id: format!("s{id}"),
            name: "S".into(),
            location: Some(location.into()),
            feedback_percentage: None,
            feedback_count: None,
            estimated_shipping: None,
            url: None,
        });
        StoredResult::new(id, l)
    }

    #[test]
    fn every_priced_listing_is_converted_and_landed() {
        let rates = sample();
        let mut results = vec![
            listing("usd", Money::usd_cents(2000), Some(Money::usd_cents(500)), "US"),
            listing("gbp", Money::new(1704, Currency::GBP), None, "United Kingdom"),
            listing("eur", Money::new(1863, Currency::EUR), Some(Money::new(450, Currency::EUR)), "Germany"),
            listing("sek", Money::new(20000, Currency::SEK), None, "Sweden"),
        ];
        let basis = convert_results(&mut results, Some(&rates), Currency::EUR, Region::EU);
        assert_eq!(basis.currency, Currency::EUR);
        assert_eq!(basis.rates_date, Some(rates.date));
        assert_eq!(basis.unconverted, [Currency::SEK]);
        let usd = &results[0].listing;
        // 20.00 USD / 1.087 = 18.399… EUR; 5.00 USD = 4.5998… EUR
        assert_eq!(usd.price, Money::new(1840, Currency::EUR));
        assert_eq!(usd.original_price, Some(Money::usd_cents(2000)));
        assert_eq!(usd.shipping, Some(Money::new(460, Currency::EUR)));
        assert_eq!((usd.landed_cost, usd.shipping_estimated), (Some(Money::new(2300, Currency::EUR)), false));
        let gbp = &results[1].listing;
        // 17.04 GBP = 19.844… EUR; UK → EU estimate 15.00 USD = 13.799… EUR, estimated
        assert_eq!(gbp.price, Money::new(1984, Currency::EUR));
        assert_eq!((gbp.landed_cost, gbp.shipping_estimated), (Some(Money::new(1984 + 1380, Currency::EUR)), true));
        let eur = &results[2].listing;
        assert_eq!((eur.price, eur.original_price), (Money::new(1863, Currency::EUR), None));
        assert_eq!(eur.landed_cost, Some(Money::new(2313, Currency::EUR)));
        let sek = &results[3].listing;
        assert_eq!((sek.price.currency, sek.landed_cost), (Currency::SEK, None));
    }

    #[test]
    fn without_rates_only_the_buyers_currency_counts() {
        let mut results = vec![listing("gbp", Money::new(1704, Currency::GBP), None, "UK")];
        let buyer = Buyer::new(Currency::EUR, Some("DE"));
        assert_eq!(buyer.region, Region::EU);
        assert_eq!(buyer.analysis_currency(None), Currency::USD, "no rates: dollars, as before");
        assert_eq!(buyer.analysis_currency(Some(&sample())), Currency::EUR);
        assert_eq!(Buyer::new(Currency::SEK, None).analysis_currency(Some(&sample())), Currency::USD);
        let basis = convert_results(&mut results, None, Currency::USD, Region::US);
        assert_eq!((basis.rates_date, basis.unconverted), (None, vec![Currency::GBP]));
        assert_eq!(results[0].listing.original_price, None);
    }

    #[test]
    fn release_offers_are_landed_with_the_estimate_from_an_unknown_region() {
        let mut offer = Listing::new(Platform::Discogs, "249504", "A - T", Money::new(1704, Currency::GBP));
        offer.kind = crate::domain::listing::ListingKind::ReleaseOffer { for_sale: 3 };
        let mut results = vec![StoredResult::new("offer", offer.clone())];
        convert_results(&mut results, Some(&sample()), Currency::EUR, Region::EU);
        let l = &results[0].listing;
        // 17.04 GBP = 19.84 EUR; OTH → EU 30.00 USD = 27.60 EUR, estimated.
        assert_eq!((l.landed_cost, l.shipping_estimated), (Some(Money::new(1984 + 2760, Currency::EUR)), true));
        assert!(l.scored_seller().is_none(), "still never scored as a seller");
        let pricer = LandedPricer::new(Currency::EUR, Some(sample()), Region::EU);
        assert_eq!(pricer.landed(&offer), Some((Money::new(1984 + 2760, Currency::EUR), true)));
    }

    #[test]
    fn the_pricer_agrees_with_the_analysis_conversion() {
        let rates = sample();
        let mut results = vec![
            listing("usd", Money::usd_cents(2000), Some(Money::usd_cents(500)), "US"),
            listing("gbp", Money::new(1704, Currency::GBP), None, "United Kingdom"),
            listing("sek", Money::new(20000, Currency::SEK), None, "Sweden"),
        ];
        let originals: Vec<Listing> = results.iter().map(|r| r.listing.clone()).collect();
        convert_results(&mut results, Some(&rates), Currency::EUR, Region::EU);
        let pricer = LandedPricer::new(Currency::EUR, Some(rates), Region::EU);
        for (original, converted) in originals.iter().zip(&results) {
            let expected = converted.listing.landed_cost.map(|m| (m, converted.listing.shipping_estimated));
            assert_eq!(pricer.landed(original), expected, "{}", original.listing_id);
        }
        assert_eq!(pricer.landed(&originals[2]), None, "SEK has no rate");
        let no_rates = LandedPricer::new(Currency::USD, None, Region::US);
        assert_eq!(no_rates.landed(&originals[0]), Some((Money::usd_cents(2500), false)));
        assert_eq!(no_rates.landed(&originals[1]), None);
    }

    #[test]
    fn a_buyer_at_home_pays_the_home_estimate() {
        let mut results = vec![listing("us", Money::usd_cents(1000), None, "Chicago, IL")];
        convert_results(&mut results, None, Currency::USD, Region::US);
        assert_eq!(results[0].listing.landed_cost, Some(Money::usd_cents(1500)));
        assert!(results[0].listing.shipping_estimated);
    }
}
