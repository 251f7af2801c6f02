//! Property tests (proptest) for the invariants of issue #5.

use crate::domain::analysis::{AnalysisParams, analyze};
use crate::domain::fingerprint::fingerprint;
use crate::domain::listing::{Listing, ListingKind, SellerInfo, StoredResult};
use crate::domain::matching::match_items;
use crate::domain::money::Money;
use crate::domain::platform::Platform;
use crate::domain::region::Region;
use crate::domain::scoring::{
    PriceTally, condition_value_score, inventory_depth_score, location_preference_score, price_competitiveness,
    reputation_score,
};
use crate::domain::similarity::similarity;
use crate::domain::text::{STOP_WORDS, normalize};
use proptest::prelude::*;

/// Title-like text: words over a small alphabet (so matches and ties are frequent), with
/// punctuation, stop words, mixed case and a few non-ASCII letters.
fn title() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'c', 'd', 'e', 'R', 'O', '1', '9', 'é', 'ß']), 1..6)
            .prop_map(|cs| cs.into_iter().collect::<String>()),
        1 => prop::sample::select(STOP_WORDS.to_vec()).prop_map(str::to_string),
        1 => prop::sample::select(vec!["-", "(LP)", "[180g]", "!", "&", "12\"", "/"]).prop_map(str::to_string),
    ];
    proptest::collection::vec(word, 0..8).prop_map(|ws| ws.join(" "))
}

fn ascii_word() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(('a'..='z').chain('0'..='9').collect::<Vec<_>>()), 1..8)
        .prop_map(|cs| cs.into_iter().collect())
}

fn grade() -> impl Strategy<Value = Option<crate::domain::condition::Grade>> {
    prop::option::of(prop::sample::select(crate::domain::condition::Grade::ALL.to_vec()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn similarity_is_within_0_and_100(x in title(), y in title()) {
        let s = similarity(&x, &y);
        prop_assert!((0.0..=100.0).contains(&s), "{s}");
    }

    /// Ratcliff/Obershelp is asymmetric in general (tie-breaking scans `a` first, autojunk looks at
    /// `b` only). It is symmetric where the definition makes it so: an empty input (0), equal
    /// normalisations (100), and when one normalised text contains the other (the whole shorter
    /// text is then the single longest block either way; below the autojunk length of 200).
    #[test]
    fn similarity_is_symmetric_where_defined(x in title(), y in title(), cut in 0usize..40, len in 0usize..40) {
        prop_assert_eq!(similarity(&x, ""), similarity("", &x));
        let (nx, ny) = (normalize(&x), normalize(&y));
        if nx == ny {
            prop_assert_eq!(similarity(&x, &y), similarity(&y, &x));
        }
        let chars: Vec<char> = nx.chars().collect();
        let start = cut.min(chars.len());
        let end = (start + len).min(chars.len());
        let sub: String = chars[start..end].iter().collect();
        if !sub.is_empty() && !x.is_empty() && chars.len() < 200 {
            let n_sub = normalize(&sub);
            // `sub` is a substring of norm(x); compare it in normalised form.
            if nx.contains(&n_sub) && !n_sub.is_empty() {
                prop_assert_eq!(similarity(&x, &n_sub), similarity(&n_sub, &x));
            }
        }
    }

    /// The fingerprint ignores case, stop words and punctuation between words.
    #[test]
    fn fingerprint_ignores_case_stop_words_and_punctuation(
        artist in proptest::collection::vec(ascii_word(), 1..4),
        title in proptest::collection::vec(ascii_word(), 1..5),
        year in prop::option::of(1900i32..2030),
        seps in proptest::collection::vec(prop::sample::select(vec![" ", " - ", ", ", "/", " & ", "! ", " (", ") ", " the ", " of ", "...", "_"]), 12),
        upper_mask in proptest::collection::vec(any::<bool>(), 12),
    ) {
        let plain = |ws: &[String]| ws.join(" ");
        let noisy = |ws: &[String], off: usize| {
            let mut s = String::from(if upper_mask[off % 12] { "The " } else { "" });
            for (i, w) in ws.iter().enumerate() {
                let w = if upper_mask[(i + off) % 12] { w.to_uppercase() } else { w.clone() };
                s.push_str(&w);
                let sep = seps[(i + off) % 12];
                // `_` is a word character: only use separators that really separate.
                s.push_str(if sep == "_" { " " } else { sep });
            }
            s
        };
        prop_assert_eq!(
            fingerprint(&plain(&title), &plain(&artist), year, None),
            fingerprint(&noisy(&title, 3), &noisy(&artist, 7), year, None)
        );
    }

    /// 0 ≤ every score ≤ 100.
    #[test]
    fn component_scores_are_bounded(
        fb in prop::option::of(0.0f64..=100.0),
        count in prop::option::of(any::<u64>()),
        pct in prop::option::of(0.0f64..=100.0),
        total in 0u32..50,
        wanted in 0u32..50,
        prices in proptest::collection::vec(1i64..1_000_000, 0..10),
        market in proptest::collection::vec(1i64..1_000_000, 0..10),
        grades in proptest::collection::vec((grade(), grade()), 0..10),
        pref in prop::option::of(prop::sample::select(vec!["US", "EU", "UK", "ANY", "", "Berlin, Germany"])),
        region in prop::sample::select(Region::ALL.to_vec()),
    ) {
        let tally = |ps: &[i64]| { let mut t = PriceTally::default(); for p in ps { t.add(*p); } t };
        for s in [
            reputation_score(fb, count, pct),
            inventory_depth_score(total, wanted.min(total)),
            location_preference_score(region, pref),
            price_competitiveness(tally(&prices), Some(tally(&market))),
            condition_value_score(grades),
        ] {
            prop_assert!((0.0..=100.0).contains(&s), "{s}");
        }
    }

    /// Adding a listing at or below a seller's mean price never lowers its price score, for a given
    /// market. (In a full analysis the market mean also includes a new, non-owned listing — docs/behaviour.md#seller-scoring
    /// §5.2 — and then a lower market mean *can* cost a band: seller 100 in a market {100, 125}
    /// scores 85; adding 99 to both gives 99.5 / 108 → 70. See `cheaper_owned_listing_…` below.)
    #[test]
    fn cheaper_listing_never_worsens_price_score(
        prices in proptest::collection::vec(1i64..100_000, 1..10),
        market in proptest::collection::vec(1i64..100_000, 0..10),
        frac in 0.0f64..=1.0,
    ) {
        let tally = |ps: &[i64]| { let mut t = PriceTally::default(); for p in ps { t.add(*p); } t };
        let seller = tally(&prices);
        let mean = seller.sum_minor / i128::from(seller.count);
        let cheaper = ((mean as f64) * frac).floor() as i64;
        let mut with = seller;
        with.add(cheaper.max(0));
        let m = (!market.is_empty()).then(|| tally(&market));
        prop_assert!(price_competitiveness(with, m) >= price_competitiveness(seller, m));
    }

    /// The same through the whole analysis, with the market held fixed by adding the cheaper
    /// listing as an owned one (owned items count for the seller but not for the market).
    #[test]
    fn cheaper_owned_listing_never_worsens_price_score_in_analysis(
        prices in proptest::collection::vec(100i64..10_000, 1..6),
        others in proptest::collection::vec(100i64..10_000, 1..6),
        frac in 0.0f64..=1.0,
    ) {
        let s = SellerInfo { id: "me".into(), name: "me".into(), location: None, feedback_percentage: None,
                             feedback_count: None, estimated_shipping: None, url: None };
        let o = SellerInfo { id: "other".into(), ..s.clone() };
        let mk = |id: String, cents: i64, who: &SellerInfo| StoredResult::new(
            id.clone(), Listing::new(Platform::Ebay, id, "A - B", Money::usd_cents(cents)).with_seller(who.clone()));
        let mut results: Vec<StoredResult> = prices.iter().enumerate().map(|(i, p)| mk(format!("m{i}"), *p, &s)).collect();
        results.extend(others.iter().enumerate().map(|(i, p)| mk(format!("o{i}"), *p, &o)));
        let score = |rs: &[StoredResult]| analyze(rs, &AnalysisParams::default())
            .seller_analyses.iter().find(|a| a.seller.id == "me").map(|a| a.price_competitiveness);
        let before = score(&results);
        let mean = prices.iter().sum::<i64>() / prices.len() as i64;
        let cheaper = (((mean as f64) * frac).floor() as i64).max(1);
        results.push(mk("new".into(), cheaper, &s).owned(true));
        prop_assert!(score(&results) >= before);
    }

    /// Whole-analysis outputs stay within 0–100 and every recommendation refers to input results.
    #[test]
    fn analysis_scores_are_bounded(
        rows in proptest::collection::vec(
            (0usize..6, 0i64..20_000, any::<bool>(), any::<bool>(), grade(), grade(), prop::option::of(0.0f64..=100.0),
             prop::option::of(0u64..5000), prop::sample::select(vec!["US", "Berlin, Germany", "London, UK", "", "Tokyo"]),
             any::<bool>()),
            0..40),
        pref in prop::option::of(prop::sample::select(vec!["US", "EU", "ANY"])),
    ) {
        let results: Vec<StoredResult> = rows.iter().enumerate().map(|(i, (s, cents, w, o, mg, sg, fb, n, loc, offer))| {
            let mut l = Listing::new(Platform::Discogs, format!("l{i}"), format!("Artist {s} - Title {}", i % 7), Money::usd_cents(*cents));
            l.media_grade = *mg;
            l.sleeve_grade = *sg;
            if *offer && i % 3 == 0 {
                l.kind = ListingKind::ReleaseOffer { for_sale: 3 };
            } else {
                l.seller = Some(SellerInfo { id: format!("s{s}"), name: format!("S{s}"), location: Some((*loc).to_string()),
                    feedback_percentage: *fb, feedback_count: *n, estimated_shipping: None, url: None });
            }
            StoredResult::new(format!("r{i}"), l).wanted(*w).owned(*o)
        }).collect();
        let a = analyze(&results, &AnalysisParams { location_preference: pref.map(str::to_string), buyer_region: Region::US, ..AnalysisParams::default() });
        for s in &a.seller_analyses {
            for v in [s.price_competitiveness, s.inventory_depth_score, s.seller_reputation_score,
                      s.location_preference_score, s.condition_value_score, s.overall_score] {
                prop_assert!((0.0..=100.0).contains(&v), "{v}");
            }
        }
        let ids: std::collections::HashSet<&str> = results.iter().map(|r| r.id.as_str()).collect();
        for r in &a.recommendations {
            prop_assert!((0.0..=100.0).contains(&r.score_value));
            prop_assert!(!r.item_ids.is_empty());
            prop_assert!(r.item_ids.iter().all(|id| ids.contains(id.as_str())));
        }
        for w in a.recommendations.windows(2) {
            prop_assert!(w[0].score_value >= w[1].score_value);
        }
        for m in match_items(&results) {
            prop_assert!((0.0..=100.0).contains(&m.confidence_score));
        }
    }
}
