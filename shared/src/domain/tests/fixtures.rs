//! The worked examples of docs/behaviour.md#recommendations and the fixtures A–G of the original system's test vectors, with exact numbers,
//! plus the release-offer, condition-value and deliberately different (docs/spec-deviations.md) behaviours that go beyond them.

use crate::domain::analysis::{AnalysisParams, SellerDirectory, analyze, analyze_with_directory};
use crate::domain::listing::{Listing, ListingKind, SellerInfo, SellerKey, StoredResult};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;
use crate::domain::recommend::{DealScore, Recommendation, RecommendationType};
use crate::domain::region::Region;

/// `(price in dollars, wanted, owned)`
type Item = (i64, bool, bool);
const W: bool = true;
const O: bool = true;
const N: bool = false;

fn seller(id: &str, feedback: Option<f64>, count: Option<u64>) -> SellerInfo {
    SellerInfo {
        id: id.into(),
        name: format!("{id} name"),
        location: None,
        feedback_percentage: feedback,
        feedback_count: count,
        estimated_shipping: None,
        url: None,
    }
}

fn items_of(prefix: &str, s: &SellerInfo, items: &[Item]) -> Vec<StoredResult> {
    items
        .iter()
        .enumerate()
        .map(|(i, &(dollars, wanted, owned))| {
            let id = format!("{prefix}-{i}");
            let l = Listing::new(
                Platform::Discogs,
                id.clone(),
                format!("Artist {i} - Album {prefix}{i}"),
                Money::usd_cents(dollars * 100),
            )
            .with_seller(s.clone());
            StoredResult::new(id, l).wanted(wanted).owned(owned)
        })
        .collect()
}

fn usd(dollars_cents: i64) -> Money {
    Money::usd_cents(dollars_cents)
}

struct Expect {
    pc: f64,
    depth: f64,
    rep: f64,
    overall: f64,
    level: DealScore,
    shipping: i64,
    savings: Option<i64>,
    total_cost: i64,
    avg: i64,
}

fn check_single_seller(items: &[Item], feedback: f64, count: u64, e: Expect) -> Recommendation {
    let s = seller("s1", Some(feedback), Some(count));
    let results = items_of("r", &s, items);
    let a = analyze(&results, &AnalysisParams::default());
    assert_eq!(a.summary.avg_price, Some(usd(e.avg)), "avg");
    assert_eq!(a.seller_analyses.len(), 1);
    let sa = &a.seller_analyses[0];
    assert_eq!(sa.rank, 1);
    assert_eq!(sa.seller.country_code, Region::OTH);
    assert_eq!(
        (sa.price_competitiveness, sa.inventory_depth_score, sa.seller_reputation_score, sa.location_preference_score),
        (e.pc, e.depth, e.rep, 50.0)
    );
    assert_eq!(sa.condition_value_score, 0.0);
    assert_eq!(sa.overall_score, e.overall);
    assert_eq!(sa.estimated_shipping, usd(e.shipping));
    assert_eq!(a.recommendations.len(), 1);
    let r = a.recommendations[0].clone();
    assert_eq!(r.recommendation_type, RecommendationType::MultiItemDeal);
    assert_eq!(r.deal_score, e.level);
    assert_eq!(r.score_value, e.overall);
    assert_eq!(r.estimated_shipping, Some(usd(e.shipping)));
    assert_eq!(r.potential_savings, e.savings.map(usd));
    assert_eq!(r.total_cost, usd(e.total_cost));
    assert_eq!(r.title, "Multi-Item Deal from s1 name");
    let owned: Vec<String> = results.iter().filter(|r| r.is_in_collection).map(|r| r.id.clone()).collect();
    assert!(r.item_ids.iter().all(|id| !owned.contains(id)), "owned items are never in a deal");
    r
}

/// Fixture A (also the first worked example of docs/behaviour.md#recommendations).
#[test]
fn fixture_a() {
    let items = [(25, W, N), (30, W, N), (35, N, N), (40, N, O)];
    let s = seller("s1", Some(99.5), Some(1000));
    let a = analyze(&items_of("r", &s, &items), &AnalysisParams::default());
    let sum = &a.summary;
    assert_eq!((sum.total_results, sum.wantlist_matches, sum.collection_duplicates, sum.new_discoveries), (4, 2, 1, 1));
    assert_eq!((sum.min_price, sum.max_price, sum.avg_price), (Some(usd(2500)), Some(usd(3500)), Some(usd(3000))));
    assert_eq!((sum.total_sellers, sum.multi_item_sellers), (1, 1));
    assert_eq!(sum.analysis_version, "1.0");
    let r = check_single_seller(
        &items,
        99.5,
        1000,
        Expect {
            pc: 50.0,
            depth: 100.0,
            rep: 100.0,
            overall: 67.5,
            level: DealScore::Fair,
            shipping: 5600,
            savings: Some(8400),
            total_cost: 18600,
            avg: 3000,
        },
    );
    assert_eq!((r.total_items, r.wantlist_items, r.total_value), (4, 2, usd(13000)));
    assert_eq!(r.item_ids, ["r-0", "r-1", "r-2"]);
    assert_eq!(r.description, "Get 2 want list items plus 1 other records from one seller");
    assert_eq!(r.recommendation_reason, "Save $84.00 on shipping by buying 3 items together");
}

#[test]
fn fixture_b() {
    let r = check_single_seller(
        &[(20, N, N), (23, N, N), (26, N, N)],
        98.0,
        500,
        Expect {
            pc: 70.0,
            depth: 80.0,
            rep: 100.0,
            overall: 69.5,
            level: DealScore::Fair,
            shipping: 4900,
            savings: Some(5600),
            total_cost: 11800,
            avg: 2300,
        },
    );
    assert_eq!(r.description, "Get 3 records you don't own from one seller");
    assert_eq!(r.recommendation_reason, "Save $56.00 on shipping by buying 3 items together");
}

#[test]
fn fixture_c() {
    let r = check_single_seller(
        &[(15, W, N), (15, W, N), (15, W, N), (15, N, N), (15, N, N)],
        97.5,
        250,
        Expect {
            pc: 70.0,
            depth: 100.0,
            rep: 100.0,
            overall: 74.5,
            level: DealScore::Good,
            shipping: 6300,
            savings: Some(11200),
            total_cost: 13800,
            avg: 1500,
        },
    );
    assert_eq!(r.description, "Get 3 want list items plus 2 other records from one seller");
    assert_eq!(r.recommendation_reason, "Save $112.00 on shipping by buying 5 items together");
    assert_eq!((r.total_items, r.wantlist_items), (5, 3));
}

/// Fixture D: three single-item sellers → three HIGH_FEEDBACK, no multi-item deal.
#[test]
fn fixture_d() {
    let mut results = Vec::new();
    for (k, (fb, n)) in [(95.0, 100), (96.0, 150), (97.0, 200)].into_iter().enumerate() {
        results.extend(items_of(&format!("s{k}"), &seller(&format!("s{k}"), Some(fb), Some(n)), &[(50, W, N)]));
    }
    let a = analyze(&results, &AnalysisParams::default());
    assert_eq!(a.summary.avg_price, Some(usd(5000)));
    assert_eq!((a.summary.total_sellers, a.summary.multi_item_sellers), (3, 0));
    assert_eq!(a.seller_analyses.iter().map(|s| s.rank).collect::<Vec<_>>(), [1, 2, 3]);
    // Equal scores keep first-appearance order.
    assert_eq!(a.seller_analyses.iter().map(|s| s.seller.id.as_str()).collect::<Vec<_>>(), ["s0", "s1", "s2"]);
    for sa in &a.seller_analyses {
        assert_eq!(
            (sa.price_competitiveness, sa.inventory_depth_score, sa.seller_reputation_score),
            (70.0, 40.0, 100.0)
        );
        assert_eq!(sa.overall_score, 59.5);
    }
    assert_eq!(a.recommendations.len(), 3);
    assert_eq!(a.multi_item_deals().count(), 0);
    for (k, r) in a.recommendations.iter().enumerate() {
        assert_eq!(r.recommendation_type, RecommendationType::HighFeedback);
        assert_eq!(r.deal_score, DealScore::Poor);
        assert_eq!(r.title, format!("Highly Rated Seller: s{k} name"));
        assert_eq!(r.description, "Excellent reputation with 100% feedback score");
        assert_eq!(r.recommendation_reason, "Trusted seller with strong feedback history");
        assert_eq!((r.estimated_shipping, r.total_cost, r.potential_savings), (Some(usd(3500)), usd(8500), None));
        assert_eq!((r.total_items, r.wantlist_items), (1, 1));
        assert_eq!(r.item_ids, [format!("s{k}-0")]);
    }
}

#[test]
fn fixture_e() {
    let r = check_single_seller(
        &[(25, N, O), (20, W, N), (15, N, N), (10, W, O)],
        98.0,
        500,
        Expect {
            pc: 70.0,
            depth: 100.0,
            rep: 100.0,
            overall: 74.5,
            level: DealScore::Good,
            shipping: 5600,
            savings: Some(8400),
            total_cost: 12600,
            avg: 1750,
        },
    );
    assert_eq!(r.item_ids, ["r-1", "r-2"]);
    assert_eq!(r.description, "Get 2 want list items from one seller");
    assert_eq!(r.recommendation_reason, "Save $84.00 on shipping by buying 2 items together");
}

/// Fixture F (also the last worked example of docs/behaviour.md#recommendations: owned 500 excluded from the market).
#[test]
fn fixture_f() {
    let items = [(500, N, O), (25, N, N), (30, N, N), (35, N, N)];
    let r = check_single_seller(
        &items,
        95.0,
        100,
        Expect {
            pc: 10.0,
            depth: 80.0,
            rep: 100.0,
            overall: 48.5,
            level: DealScore::Poor,
            shipping: 5600,
            savings: Some(8400),
            total_cost: 64600,
            avg: 3000,
        },
    );
    assert_eq!(r.total_value, usd(59000));
    assert_eq!(r.description, "Get 3 records you don't own from one seller");
    let a = analyze(&items_of("r", &seller("s1", Some(95.0), Some(100)), &items), &AnalysisParams::default());
    assert_eq!((a.seller_analyses[0].total_value, a.seller_analyses[0].avg_item_price), (usd(59000), usd(14750)));
}

#[test]
fn fixture_g() {
    let items = [(25, N, O), (30, W, N), (35, N, O), (40, W, N), (45, N, N)];
    let r = check_single_seller(
        &items,
        99.0,
        1000,
        Expect {
            pc: 70.0,
            depth: 100.0,
            rep: 100.0,
            overall: 74.5,
            level: DealScore::Good,
            shipping: 6300,
            savings: Some(11200),
            total_cost: 23800,
            avg: 3833,
        },
    );
    assert_eq!(r.item_ids, ["r-1", "r-3", "r-4"]);
    assert_eq!(r.description, "Get 2 want list items plus 1 other records from one seller");
}

fn nm_listing(id: &str, s: &SellerInfo, cents: i64) -> StoredResult {
    let l = Listing::new(Platform::Discogs, id, format!("Title {id}"), usd(cents))
        .with_conditions(Some("Near Mint (NM or M-)"), Some("Mint (M)"))
        .with_seller(s.clone());
    StoredResult::new(id, l)
}

/// With the condition component applied, BEST_PRICE (overall ≥ 85 with one item) can fire.
#[test]
fn best_price_is_reachable() {
    let mut star = seller("star", Some(99.5), Some(5000));
    star.location = Some("Chicago, IL".into());
    let other = seller("other", None, None);
    let results = vec![
        nm_listing("cheap", &star, 1000).wanted(true),
        nm_listing("x1", &other, 2000),
        nm_listing("x2", &other, 2000),
    ];
    let params = AnalysisParams {
        location_preference: Some("US".into()),
        buyer_region: Region::US,
        ..AnalysisParams::default()
    };
    let a = analyze(&results, &params);
    let best = &a.recommendations[0];
    assert_eq!(a.seller_analyses[0].seller.id, "star");
    assert_eq!(a.seller_analyses[0].condition_value_score, 100.0);
    assert_eq!(best.score_value, 85.0);
    assert_eq!(best.recommendation_type, RecommendationType::BestPrice);
    assert_eq!(best.deal_score, DealScore::VeryGood);
    assert_eq!(best.title, "Best Price: Title cheap");
    assert_eq!(best.description, "Excellent price from star name");
    assert_eq!(best.recommendation_reason, "Competitive pricing with 100% price score");
    assert_eq!((best.total_items, best.wantlist_items, best.potential_savings), (1, 1, None));
    assert_eq!(best.estimated_shipping, Some(usd(500)));
    assert_eq!(best.total_cost, usd(1500));
}

#[test]
fn location_and_condition_recommendations() {
    let mut berlin = seller("berlin", None, None);
    berlin.location = Some("Berlin, Germany".into());
    let plain = seller("plain", None, None);
    let mut results =
        vec![StoredResult::new("b1", Listing::new(Platform::Discogs, "b1", "T", usd(2000)).with_seller(berlin))];
    results.push(nm_listing("p1", &plain, 2000));
    let params = AnalysisParams {
        location_preference: Some("EU".into()),
        buyer_region: Region::US,
        ..AnalysisParams::default()
    };
    let a = analyze(&results, &params);
    let kinds: Vec<(RecommendationType, &str)> =
        a.recommendations.iter().map(|r| (r.recommendation_type, r.description.as_str())).collect();
    // plain: 0.35·70 + 0.25·30 + 0.20·50 + 0.10·30 (OTH vs EU) + 0.10·100 = 55.00
    // berlin: 0.35·70 + 0.25·30 + 0.20·50 + 0.10·100 + 0 = 52.00
    assert_eq!(
        kinds,
        [
            (RecommendationType::ConditionValue, "Well-graded records with 100% condition score"),
            (RecommendationType::LocationPreference, "Seller from your preferred region (Berlin, Germany)"),
        ]
    );
    assert_eq!((a.recommendations[0].score_value, a.recommendations[1].score_value), (55.0, 52.0));
    assert_eq!(a.recommendations[0].title, "Top Condition: plain name");
    assert_eq!(a.recommendations[1].title, "Preferred Location: berlin name");
    assert_eq!(a.seller_analyses[1].seller.id, "berlin");
    assert_eq!(a.seller_analyses[1].estimated_shipping, usd(2500)); // EU → US
}

/// Unlike the original (docs/spec-deviations.md): a seller whose items are all owned gets no recommendation; release offers are not sellers.
#[test]
fn owned_only_sellers_and_release_offers() {
    let s = seller("s1", Some(99.0), Some(1000));
    let mut results = items_of("o", &s, &[(20, W, O), (30, W, O)]);
    let mut offer = Listing::new(Platform::Discogs, "rel-1", "Pink Floyd - Animals", usd(1800));
    offer.kind = ListingKind::ReleaseOffer { for_sale: 12 };
    offer.artist = Some("Pink Floyd".into());
    offer.release_title = Some("Animals".into());
    results.push(StoredResult::new("offer", offer).wanted(true));
    let mut ebay = Listing::new(Platform::Ebay, "e1", "Pink Floyd - Animals", usd(2500));
    ebay.seller = Some(seller("eb", Some(90.0), Some(20)));
    results.push(StoredResult::new("ebay", ebay));

    let a = analyze(&results, &AnalysisParams::default());
    assert_eq!((a.summary.total_results, a.summary.release_offers, a.summary.total_sellers), (4, 1, 2));
    assert!(a.seller_analyses.iter().all(|s| s.seller.id != "rel-1"));
    let types: Vec<RecommendationType> = a.recommendations.iter().map(|r| r.recommendation_type).collect();
    // s1: all owned → nothing. eb: reputation 50+36+10+15 → 100 → HIGH_FEEDBACK, overall
    // 0.35·30 + 0.25·30 + 0.20·100 + 0.10·50 = 43. The offer is the cheapest Pink Floyd – Animals
    // → BEST_PRICE without a seller, 54.75 (below), so it comes first.
    assert_eq!(types, [RecommendationType::BestPrice, RecommendationType::HighFeedback]);
    assert_eq!(a.recommendations[1].score_value, 43.0);
    let best = &a.recommendations[0];
    assert_eq!(best.seller, None);
    assert_eq!(best.title, "Best Price: Pink Floyd - Animals");
    assert_eq!(best.description, "Lowest on Discogs, 12 for sale");
    // market mean (18 + 25) / 2 = 21.50; 18 / 21.5 = 0.837 → 85
    assert_eq!(best.recommendation_reason, "Competitive pricing with 85% price score");
    // 0.35·85 + 0.25·40 + 0.20·50 + 0.10·50 = 54.75
    assert_eq!((best.score_value, best.deal_score), (54.75, DealScore::Poor));
    assert_eq!((best.item_ids.as_slice(), best.total_cost), (["offer".to_string()].as_slice(), usd(1800)));

    // When eBay is cheaper, the release offer is not the best price.
    results[3].listing.price = usd(1500);
    let a = analyze(&results, &AnalysisParams::default());
    assert!(a.recommendations.iter().all(|r| r.recommendation_type != RecommendationType::BestPrice));
}

#[test]
fn directory_overrides_listing_facts() {
    let s = seller("s1", None, None);
    let results = items_of("r", &s, &[(20, N, N)]);
    let mut dir = SellerDirectory::new();
    let mut stored = seller("s1", Some(99.0), Some(2000));
    stored.location = Some("London, UK".into());
    dir.insert(SellerKey { platform: Platform::Discogs, id: "s1".into() }, stored);
    let a = analyze_with_directory(&results, &dir, &AnalysisParams::default());
    let sa = &a.seller_analyses[0];
    assert_eq!((sa.seller_reputation_score, sa.seller.country_code), (100.0, Region::UK));
    assert_eq!(sa.estimated_shipping, usd(2500));
}

#[test]
fn other_currencies_are_excluded_from_sums() {
    let s = seller("s1", None, None);
    let mut results = items_of("r", &s, &[(20, N, N), (30, N, N)]);
    results[1].listing.price = Money::new(3000, Currency::EUR);
    let a = analyze(&results, &AnalysisParams::default());
    assert_eq!(a.summary.other_currency_results, 1);
    assert_eq!(a.summary.avg_price, Some(usd(2000)));
    assert_eq!(a.seller_analyses[0].total_value, usd(2000));
    assert_eq!(a.seller_analyses[0].total_items, 2);
}

#[test]
fn empty_search_and_serde_round_trip() {
    let a = analyze(&[], &AnalysisParams::default());
    assert_eq!(a.summary.total_results, 0);
    assert_eq!((a.summary.min_price, a.summary.avg_price), (None, None));
    assert!(a.seller_analyses.is_empty() && a.recommendations.is_empty());

    let results =
        items_of("r", &seller("s1", Some(99.5), Some(1000)), &[(25, W, N), (30, W, N), (35, N, N), (40, N, O)]);
    let a = analyze(&results, &AnalysisParams::default());
    let json = serde_json::to_string(&a).unwrap();
    let back: crate::domain::analysis::SearchAnalysis = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["recommendations"][0]["recommendation_type"], "MULTI_ITEM_DEAL");
    assert_eq!(v["recommendations"][0]["deal_score"], "FAIR");
    assert_eq!(v["seller_analyses"][0]["seller"]["country_code"], "OTH");
    assert_eq!(v["summary"]["avg_price"], serde_json::json!({"minor": 3000, "currency": "USD"}));
}

#[test]
fn anonymous_sellers_never_group() {
    let s = seller("", Some(99.0), Some(10));
    let results = items_of("r", &s, &[(20, N, N), (30, N, N)]);
    let a = analyze(&results, &AnalysisParams::default());
    assert_eq!((a.summary.total_sellers, a.summary.multi_item_sellers), (2, 0));
    assert_eq!(a.seller_analyses[0].seller.id, "anonymous_discogs_r-0");
}
