//! Shipping table, estimates and multi-item savings (docs/behaviour.md#shipping-estimates–§5.3.4), in integer cents.
//!
//! `base + 0.2·base·(n−1)` is `base·(n+4)/5`; every table value is a whole number of dollars, so
//! the result is exact in cents and no floating point is involved.

use crate::domain::money::{Currency, Money, div_round_half_away};
use crate::domain::region::Region;

/// docs/behaviour.md#shipping-estimates, USD cents, `[seller][buyer]` in [`Region`] order US, CA, EU, UK, OTH.
pub const SHIPPING_TABLE_CENTS: [[i64; 5]; 5] = [
    [500, 1500, 2500, 2500, 3500],
    [1500, 800, 2000, 2000, 3000],
    [2500, 2000, 1200, 1500, 3000],
    [2500, 2000, 1500, 800, 3000],
    [3500, 3000, 3000, 3000, 2500],
];

/// Currency of the shipping table and therefore of every shipping amount.
pub const SHIPPING_CURRENCY: Currency = Currency::USD;

/// One-item shipping from `seller` to `buyer`.
pub fn base_shipping(seller: Region, buyer: Region) -> Money {
    Money::usd_cents(SHIPPING_TABLE_CENTS[seller.index()][buyer.index()])
}

/// docs/behaviour.md#shipping-estimates `ship(seller, n)`: the table value for one item, +20 % of it per extra item. A
/// seller's own estimate replaces it when it lies within 50–150 % of the computed total (and is in
/// the table's currency).
pub fn estimate_shipping(seller: Region, buyer: Region, items: u32, seller_estimate: Option<Money>) -> Money {
    let base = i128::from(base_shipping(seller, buyer).minor);
    let total = if items <= 1 { base } else { div_round_half_away(base * (i128::from(items) + 4), 5) };
    if let Some(est) = seller_estimate.filter(|e| e.currency == SHIPPING_CURRENCY) {
        let e = i128::from(est.minor);
        if 2 * e >= total && 2 * e <= 3 * total {
            return est;
        }
    }
    // The total is at most 35 $ × (u32::MAX + 4) / 5 — far inside i64.
    Money::usd_cents(i64::try_from(total).unwrap_or(i64::MAX))
}

/// docs/behaviour.md#shipping-estimates: what buying `items` together saves versus `items` separate shipments; 0 for one
/// item, never negative.
pub fn shipping_savings(seller: Region, buyer: Region, items: u32, seller_estimate: Option<Money>) -> Money {
    if items <= 1 {
        return Money::zero(SHIPPING_CURRENCY);
    }
    let single = estimate_shipping(seller, buyer, 1, seller_estimate).minor;
    let together = estimate_shipping(seller, buyer, items, seller_estimate).minor;
    let separate = single.saturating_mul(i64::from(items));
    Money::usd_cents(separate.saturating_sub(together).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Region::*;

    fn ship(seller: Region, n: u32) -> i64 {
        estimate_shipping(seller, US, n, None).minor
    }

    #[test]
    fn table_matches_spec() {
        assert_eq!(base_shipping(US, US).minor, 500);
        assert_eq!(base_shipping(CA, CA).minor, 800);
        assert_eq!(base_shipping(EU, UK).minor, 1500);
        assert_eq!(base_shipping(UK, EU).minor, 1500);
        assert_eq!(base_shipping(OTH, OTH).minor, 2500);
        assert_eq!(base_shipping(OTH, US).minor, 3500);
    }

    /// docs/behaviour.md#shipping-estimates vectors (buyer region US, as upstream hard-codes).
    #[test]
    fn estimate_vectors() {
        assert_eq!(ship(US, 1), 500);
        assert_eq!(ship(US, 3), 700);
        assert_eq!(ship(UK, 1), 2500);
        assert_eq!(ship(UK, 2), 3000);
        assert_eq!(ship(OTH, 4), 5600);
        assert_eq!(ship(OTH, 5), 6300);
        assert_eq!(ship(OTH, 0), 3500);
        // Seller estimate 15.00 against 5.00: outside 50–150 %, ignored.
        assert_eq!(estimate_shipping(US, US, 1, Some(Money::usd_cents(1500))).minor, 500);
        // Within the band it wins; other currencies are ignored.
        assert_eq!(estimate_shipping(US, US, 1, Some(Money::usd_cents(700))).minor, 700);
        assert_eq!(estimate_shipping(US, US, 1, Some(Money::usd_cents(250))).minor, 250);
        assert_eq!(estimate_shipping(US, US, 1, Some(Money::new(700, Currency::EUR))).minor, 500);
    }

    /// docs/behaviour.md#shipping-estimates vector and the fixture values of Appendix C.
    #[test]
    fn savings_vectors() {
        assert_eq!(shipping_savings(US, US, 3, None).minor, 800);
        assert_eq!(shipping_savings(OTH, US, 4, None).minor, 8400);
        assert_eq!(shipping_savings(OTH, US, 3, None).minor, 5600);
        assert_eq!(shipping_savings(OTH, US, 5, None).minor, 11200);
        assert_eq!(shipping_savings(OTH, US, 1, None).minor, 0);
        // A seller estimate can make "together" dearer than n singles: clamped at 0.
        assert!(shipping_savings(US, US, 2, Some(Money::usd_cents(300))).minor >= 0);
    }
}
