//! Seller score components (docs/behaviour.md#seller-scoring–§5.3.9) and the overall seller score.
//!
//! Scores are `f64` in 0–100 (they are not money). Price competitiveness compares *means of
//! integer prices* exactly, by cross-multiplication, so no float rounding decides a band.

use crate::domain::condition::Grade;
use crate::domain::region::{Region, region};

/// Rounds half away from zero to 2 decimals, the storage precision of every score.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// docs/behaviour.md#seller-scoring reputation: 50, + 0.4 × feedback score, + a bonus by rating count (when non-zero),
/// + a bonus by positive percentage (when known), capped at 100.
pub fn reputation_score(
    feedback_score: Option<f64>,
    feedback_count: Option<u64>,
    positive_percentage: Option<f64>,
) -> f64 {
    let mut score = 50.0;
    if let Some(f) = feedback_score {
        score += 0.4 * f;
    }
    if let Some(n) = feedback_count.filter(|n| *n != 0) {
        score += match n {
            1000.. => 30.0,
            500.. => 25.0,
            100.. => 20.0,
            50.. => 15.0,
            10.. => 10.0,
            _ => 5.0,
        };
    }
    if let Some(p) = positive_percentage {
        score += match p {
            p if p >= 99.0 => 30.0,
            p if p >= 98.0 => 25.0,
            p if p >= 95.0 => 20.0,
            p if p >= 90.0 => 15.0,
            _ => 10.0,
        };
    }
    score.clamp(0.0, 100.0)
}

/// Sum and count of a set of prices in minor units (one currency), for exact mean comparisons.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PriceTally {
    pub sum_minor: i128,
    pub count: u64,
}

impl PriceTally {
    pub fn add(&mut self, minor: i64) {
        self.sum_minor += i128::from(minor);
        self.count += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The mean in minor units rounded half away from zero (what upstream stores with 2 decimals).
    pub fn mean_rounded(&self) -> Option<i64> {
        (self.count > 0).then(|| {
            let m = crate::domain::money::div_round_half_away(self.sum_minor, i128::from(self.count));
            i64::try_from(m).unwrap_or(if m < 0 { i64::MIN } else { i64::MAX })
        })
    }
}

/// docs/behaviour.md#seller-scoring price competitiveness: `r = seller mean / market mean`; r ≤ 0.8 → 100, ≤ 0.9 → 85,
/// ≤ 1.0 → 70, ≤ 1.1 → 50, ≤ 1.2 → 30, else 10. No seller prices → 50; no market mean → the
/// seller's own mean (so 70); a zero market mean → 50.
pub fn price_competitiveness(seller: PriceTally, market: Option<PriceTally>) -> f64 {
    if seller.is_empty() {
        return 50.0;
    }
    let market = market.filter(|m| !m.is_empty()).unwrap_or(seller);
    if market.sum_minor <= 0 {
        return 50.0;
    }
    // r ≤ k/10  ⟺  10 · s_sum · m_n ≤ k · s_n · m_sum   (all counts > 0, m_sum > 0)
    let lhs = 10 * seller.sum_minor * i128::from(market.count);
    let rhs_unit = i128::from(seller.count) * market.sum_minor;
    match () {
        _ if lhs <= 8 * rhs_unit => 100.0,
        _ if lhs <= 9 * rhs_unit => 85.0,
        _ if lhs <= 10 * rhs_unit => 70.0,
        _ if lhs <= 11 * rhs_unit => 50.0,
        _ if lhs <= 12 * rhs_unit => 30.0,
        _ => 10.0,
    }
}

/// docs/behaviour.md#seller-scoring inventory depth: 0 / 30 / 60 / 80 for 0 / 1 / 2 / ≥3 items, + 10 per want-list item
/// (at most 20), capped at 100.
pub fn inventory_depth_score(total_items: u32, wantlist_items: u32) -> f64 {
    let base: u32 = match total_items {
        0 => 0,
        1 => 30,
        2 => 60,
        _ => 80,
    };
    f64::from((base + (10 * wantlist_items.min(2))).min(100))
}

/// docs/behaviour.md#seller-scoring location preference: no preference → 50; else 100 when the seller's region equals
/// `region(preference)`, 30 when either is OTH, otherwise 10.
pub fn location_preference_score(seller_region: Region, preference: Option<&str>) -> f64 {
    let Some(pref) = preference.map(str::trim).filter(|p| !p.is_empty()) else {
        return 50.0;
    };
    let wanted = region(Some(pref));
    if seller_region == wanted {
        100.0
    } else if seller_region == Region::OTH || wanted == Region::OTH {
        30.0
    } else {
        10.0
    }
}

/// Points of one graded record for the condition-value component.
fn grade_points(g: Grade) -> f64 {
    match g {
        Grade::Mint | Grade::NearMint => 100.0,
        Grade::ExcellentPlus => 90.0,
        Grade::Excellent => 85.0,
        Grade::VeryGoodPlus => 80.0,
        Grade::VeryGood => 60.0,
        Grade::GoodPlus => 40.0,
        Grade::Good => 30.0,
        Grade::Fair => 15.0,
        Grade::Poor => 5.0,
    }
}

/// Condition value (0–100) of a seller's records, from `(media, sleeve)` grades.
///
/// Why this exists: upstream declares a 0.10 `condition_value` weight but never applies it, so
/// overall scores top out at 90 (docs/behaviour.md#seller-scoring, §9.1 #10). This component makes the full weight
/// reachable. Each record scores its media grade's points (0.75 media + 0.25 sleeve when the
/// sleeve is graded); a record **without a media grade scores 0**, so listings that carry no grade
/// — like every worked example of docs/behaviour.md — keep exactly their upstream overall score, and a
/// seller gains nothing from not grading. The seller's value is the mean over its records.
pub fn condition_value_score<I>(grades: I) -> f64
where
    I: IntoIterator<Item = (Option<Grade>, Option<Grade>)>,
{
    let (mut sum, mut n) = (0.0, 0u32);
    for (media, sleeve) in grades {
        n += 1;
        sum += match (media, sleeve) {
            (Some(m), Some(s)) => 0.75 * grade_points(m) + 0.25 * grade_points(s),
            (Some(m), None) => grade_points(m),
            (None, _) => 0.0,
        };
    }
    if n == 0 { 0.0 } else { sum / f64::from(n) }
}

/// Score components of one seller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Components {
    pub price_competitiveness: f64,
    pub inventory_depth: f64,
    pub reputation: f64,
    pub location_preference: f64,
    pub condition_value: f64,
}

/// docs/behaviour.md#seller-scoring weights, kept for the pinned vectors: they sum to 0.90 upstream …
pub const W_PRICE: f64 = 0.35;
pub const W_DEPTH: f64 = 0.25;
pub const W_REPUTATION: f64 = 0.20;
pub const W_LOCATION: f64 = 0.10;
/// … and the declared-but-unused condition weight is applied here, so the weights sum to 1.0 and
/// an overall score of 100 is reachable (see [`condition_value_score`]).
pub const W_CONDITION: f64 = 0.10;

/// Overall seller score (0–100), rounded to 2 decimals.
pub fn overall_score(c: &Components) -> f64 {
    round2(
        W_PRICE * c.price_competitiveness
            + W_DEPTH * c.inventory_depth
            + W_REPUTATION * c.reputation
            + W_LOCATION * c.location_preference
            + W_CONDITION * c.condition_value,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/behaviour.md#seller-scoring vectors.
    #[test]
    fn reputation_vectors() {
        assert_eq!(reputation_score(Some(99.5), Some(1000), Some(99.2)), 100.0);
        assert_eq!(reputation_score(Some(97.0), Some(500), Some(95.0)), 100.0); // 133.8 capped
        assert_eq!(reputation_score(None, Some(0), None), 50.0);
        assert_eq!(reputation_score(Some(0.0), Some(0), Some(0.0)), 60.0); // eBay sellers as stored upstream
        // Scraped Discogs seller: rating r, count 0, percentage r → min(100, 50 + 0.4r + bonus(r)).
        assert_eq!(reputation_score(Some(80.0), Some(0), Some(80.0)), 92.0);
        assert_eq!(reputation_score(Some(50.0), None, Some(50.0)), 80.0);
        assert_eq!(reputation_score(None, Some(5), None), 55.0);
        assert_eq!(reputation_score(None, Some(10), None), 60.0);
        assert_eq!(reputation_score(None, Some(50), None), 65.0);
        assert_eq!(reputation_score(None, Some(100), None), 70.0);
        assert_eq!(reputation_score(None, None, Some(90.0)), 65.0);
        assert_eq!(reputation_score(None, None, Some(98.0)), 75.0);
    }

    fn tally(prices: &[i64]) -> PriceTally {
        let mut t = PriceTally::default();
        for p in prices {
            t.add(*p);
        }
        t
    }

    /// docs/behaviour.md#seller-scoring bands, exact at the boundaries.
    #[test]
    fn price_competitiveness_bands() {
        let market = Some(tally(&[1000]));
        let cases = [(800, 100.0), (801, 85.0), (900, 85.0), (1000, 70.0), (1100, 50.0), (1200, 30.0), (1201, 10.0)];
        for (p, s) in cases {
            assert_eq!(price_competitiveness(tally(&[p]), market), s, "{p}");
        }
        assert_eq!(price_competitiveness(tally(&[]), market), 50.0);
        assert_eq!(price_competitiveness(tally(&[500]), None), 70.0);
        assert_eq!(price_competitiveness(tally(&[500]), Some(tally(&[]))), 70.0);
        assert_eq!(price_competitiveness(tally(&[2500, 3000, 3500, 4000]), Some(tally(&[2500, 3000, 3500]))), 50.0);
        // 35.00 vs 38.333… (fixture G): r = 0.913 → 70.
        assert_eq!(
            price_competitiveness(tally(&[2500, 3000, 3500, 4000, 4500]), Some(tally(&[3000, 4000, 4500]))),
            70.0
        );
    }

    /// docs/behaviour.md#seller-scoring vectors.
    #[test]
    fn depth_vectors() {
        assert_eq!(inventory_depth_score(3, 1), 90.0);
        assert_eq!(inventory_depth_score(5, 4), 100.0);
        assert_eq!(inventory_depth_score(1, 0), 30.0);
        assert_eq!(inventory_depth_score(2, 0), 60.0);
        assert_eq!(inventory_depth_score(0, 0), 0.0);
        assert_eq!(inventory_depth_score(1, 1), 40.0);
    }

    /// docs/behaviour.md#seller-scoring vectors.
    #[test]
    fn location_vectors() {
        assert_eq!(location_preference_score(Region::US, Some("US")), 100.0);
        assert_eq!(location_preference_score(Region::UK, Some("ANY")), 30.0);
        assert_eq!(location_preference_score(Region::UK, Some("US")), 10.0);
        assert_eq!(location_preference_score(Region::UK, None), 50.0);
        assert_eq!(location_preference_score(Region::UK, Some("")), 50.0);
        // Consequence kept from upstream: with ANY every OTH seller scores 100.
        assert_eq!(location_preference_score(Region::OTH, Some("ANY")), 100.0);
        // Unlike the original (docs/spec-deviations.md): EU → EU (upstream: OTH, so EU sellers scored 30).
        assert_eq!(location_preference_score(Region::EU, Some("EU")), 100.0);
    }

    #[test]
    fn condition_value() {
        assert_eq!(condition_value_score([]), 0.0);
        assert_eq!(condition_value_score([(None, None), (None, Some(Grade::Mint))]), 0.0);
        assert_eq!(condition_value_score([(Some(Grade::NearMint), None)]), 100.0);
        assert_eq!(condition_value_score([(Some(Grade::NearMint), Some(Grade::VeryGood))]), 90.0);
        assert_eq!(condition_value_score([(Some(Grade::VeryGoodPlus), None), (None, None)]), 40.0);
    }

    /// docs/behaviour.md#seller-scoring: the pinned fixture overall scores (condition value 0 without grades), and the
    /// full weight now reachable.
    #[test]
    fn overall() {
        let c = |pc, depth, rep, loc, cv| Components {
            price_competitiveness: pc,
            inventory_depth: depth,
            reputation: rep,
            location_preference: loc,
            condition_value: cv,
        };
        assert_eq!(overall_score(&c(50.0, 100.0, 100.0, 50.0, 0.0)), 67.5);
        assert_eq!(overall_score(&c(70.0, 80.0, 100.0, 50.0, 0.0)), 69.5);
        assert_eq!(overall_score(&c(70.0, 100.0, 100.0, 50.0, 0.0)), 74.5);
        assert_eq!(overall_score(&c(70.0, 40.0, 100.0, 50.0, 0.0)), 59.5);
        assert_eq!(overall_score(&c(10.0, 80.0, 100.0, 50.0, 0.0)), 48.5);
        assert_eq!(overall_score(&c(100.0, 100.0, 100.0, 100.0, 0.0)), 90.0);
        assert_eq!(overall_score(&c(100.0, 100.0, 100.0, 100.0, 100.0)), 100.0);
        assert_eq!(W_PRICE + W_DEPTH + W_REPUTATION + W_LOCATION + W_CONDITION, 1.0);
    }

    #[test]
    fn rounding() {
        assert_eq!(round2(64.516_129), 64.52);
        assert_eq!(round2(33.333_333), 33.33);
        assert_eq!(round2(0.125), 0.13);
    }
}
