//! Deterministic generator of realistic searches for the benchmarks: a few hundred sellers with a
//! skewed number of listings each, both platforms plus Discogs release offers, and the title
//! variation real listings show (case, "The", remaster/format suffixes, punctuation).

use vinyldigger::domain::listing::{Listing, ListingKind, SellerInfo, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;

/// xorshift64* — tiny, deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// Skewed pick in 0..n: small indices are much more frequent (≈ Zipf-like).
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b).min(self.below(n))
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const ARTISTS: &[&str] = &[
    "The Beatles",
    "Pink Floyd",
    "Miles Davis",
    "Led Zeppelin",
    "Sigur Rós",
    "AC/DC",
    "Björk",
    "Daft Punk",
    "Fleetwood Mac",
    "Radiohead",
    "Nirvana",
    "Kraftwerk",
    "Joy Division",
    "Motörhead",
    "The Cure",
    "David Bowie",
    "John Coltrane",
    "Aphex Twin",
    "Massive Attack",
    "Talking Heads",
    "The Smiths",
    "Portishead",
    "Can",
    "Neu!",
    "Boards of Canada",
    "Nick Drake",
    "Kate Bush",
    "Prince",
    "Stevie Wonder",
    "Herbie Hancock",
    "Sade",
    "Burial",
];
const WORDS: &[&str] = &[
    "Abbey",
    "Road",
    "Dark",
    "Side",
    "Moon",
    "Blue",
    "Kind",
    "Unknown",
    "Pleasures",
    "Homogenic",
    "Random",
    "Access",
    "Memories",
    "Rumours",
    "Computer",
    "Nevermind",
    "Trans",
    "Europa",
    "Express",
    "Ace",
    "Spades",
    "Disintegration",
    "Low",
    "Heroes",
    "Love",
    "Supreme",
    "Selected",
    "Ambient",
    "Works",
    "Mezzanine",
    "Dummy",
    "Remain",
    "Light",
    "Queen",
    "Dead",
    "Tago",
    "Mago",
    "Music",
    "Children",
    "Pink",
    "Moon",
    "Hounds",
    "Purple",
    "Rain",
    "Songs",
    "Key",
    "Life",
    "Head",
    "Hunters",
    "Diamond",
    "Life",
    "Untrue",
];
const EBAY_SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    " LP",
    " (Remastered)",
    " [180g Vinyl]",
    " 1st Press",
    " Vinyl LP NM",
    " - Reissue",
    " 12\"",
    " (Deluxe Edition) 2xLP",
    " SEALED",
    " orig. UK press",
];
const LOCATIONS: &[&str] = &[
    "Chicago, IL",
    "Los Angeles, CA",
    "New York, NY",
    "United States",
    "US",
    "Berlin, Germany",
    "France",
    "DE",
    "London, UK",
    "United Kingdom",
    "GB",
    "Toronto, Canada",
    "Tokyo, Japan",
    "Australia",
    "Netherlands",
    "",
];
const GRADES: &[&str] = &[
    "Mint (M)",
    "Near Mint (NM or M-)",
    "Very Good Plus (VG+)",
    "Very Good Plus (VG+)",
    "Very Good (VG)",
    "Good Plus (G+)",
    "Good (G)",
];
const SLEEVES: &[&str] = &["Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)", "Generic", "Not Graded"];
const EBAY_CONDITIONS: &[&str] = &["New", "Like New", "Very Good", "Good", "Used", "Pre-owned", "Acceptable"];

struct Release {
    artist: &'static str,
    album: String,
    year: i32,
    catno: String,
}

fn vary_case(rng: &mut Rng, s: &str) -> String {
    match rng.below(10) {
        0 => s.to_uppercase(),
        1 => s.to_lowercase(),
        2 => s.strip_prefix("The ").unwrap_or(s).to_string(),
        _ => s.to_string(),
    }
}

/// `n` stored results from about `sellers` sellers (skewed: a few sellers hold many listings).
pub fn generate(n: usize, sellers: usize, seed: u64) -> Vec<StoredResult> {
    let mut rng = Rng::new(seed);
    let releases: Vec<Release> = (0..(n / 6).max(20))
        .map(|i| Release {
            artist: ARTISTS[i % ARTISTS.len()],
            album: format!("{} {}", rng.pick(WORDS), rng.pick(WORDS)),
            year: 1960 + rng.below(60) as i32,
            catno: format!("{}{} {}", rng.pick(&["PCS", "SHVL", "CL", "XL", "WARP", "4AD"]), "", 1000 + i),
        })
        .collect();
    let seller_infos: Vec<SellerInfo> = (0..sellers.max(1))
        .map(|k| SellerInfo {
            id: format!("seller{k}"),
            name: format!("Record Shop {k}"),
            location: Some(rng.pick(LOCATIONS).to_string()),
            feedback_percentage: Some(90.0 + (rng.below(101) as f64) / 10.0),
            feedback_count: Some(rng.below(20_000) as u64),
            estimated_shipping: None,
            url: None,
        })
        .collect();
    (0..n)
        .map(|i| {
            let rel = &releases[rng.skewed(releases.len())];
            let price = Money::usd_cents(500 + rng.below(14_500) as i64);
            let kind_roll = rng.below(100);
            let listing = if kind_roll < 55 {
                let title = format!(
                    "{} - {}{}",
                    vary_case(&mut rng, rel.artist),
                    vary_case(&mut rng, &rel.album),
                    rng.pick(EBAY_SUFFIXES)
                );
                let mut l = Listing::new(Platform::Ebay, format!("v1|{i}|0"), title, price);
                l.media_condition = Some(rng.pick(EBAY_CONDITIONS).to_string());
                l.shipping = Some(Money::usd_cents(rng.below(1500) as i64));
                l.seller = Some(seller_infos[rng.skewed(seller_infos.len())].clone());
                l
            } else {
                let title = format!("{} - {} (Vinyl, LP)", rel.artist, rel.album);
                let mut l = Listing::new(Platform::Discogs, format!("{}", 100_000 + i), title, price);
                l.artist = Some(rel.artist.to_string());
                l.release_title = Some(rel.album.clone());
                l.year = Some(rel.year);
                l.catalog_number = rng.chance(60).then(|| rel.catno.clone());
                l.format = Some("Vinyl, LP".to_string());
                l.release_id = Some(1_000_000 + i as u64);
                if kind_roll < 90 {
                    l = l.with_conditions(Some(*rng.pick(GRADES)), Some(*rng.pick(SLEEVES)));
                    l.seller = Some(seller_infos[rng.skewed(seller_infos.len())].clone());
                } else {
                    l.kind = ListingKind::ReleaseOffer { for_sale: 1 + rng.below(80) as u32 };
                }
                l
            };
            StoredResult::new(format!("00000000-0000-4000-8000-{i:012}"), listing)
                .wanted(rng.chance(10))
                .owned(rng.chance(5))
        })
        .collect()
}

/// Sellers used for a search of `n` results: several hundred for the large searches.
pub fn sellers_for(n: usize) -> usize {
    (n / 2).clamp(10, 400)
}

/// The whole analysis of one search as the result-writer runs it: matching, linking results to
/// their canonical items, summary + sellers + recommendations, price comparison.
pub fn run_all(results: &mut [StoredResult]) -> (usize, usize, usize) {
    let assignments = vinyldigger::domain::matching::match_items(results);
    vinyldigger::domain::matching::apply_assignments(results, &assignments);
    let analysis =
        vinyldigger::domain::analysis::analyze(results, &vinyldigger::domain::analysis::AnalysisParams::default());
    let groups = vinyldigger::domain::compare::price_comparison(results);
    (assignments.len(), analysis.recommendations.len(), groups.len())
}

/// The sandbox marketplace's euro rates of a few currencies (infra/local/sandbox/src/rates.rs).
#[allow(dead_code)] // used by the analysis benchmark only
pub fn rates() -> vinyldigger::domain::rates::Rates {
    use vinyldigger::domain::money::Currency;
    use vinyldigger::domain::rates::{Rate, Rates};
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let table = [("USD", "1.0870"), ("JPY", "163.05"), ("GBP", "0.85870"), ("CHF", "0.9620"), ("SEK", "11.4550")];
    Rates::new(day, table.iter().filter_map(|(c, r)| Some((Currency::new(c).ok()?, Rate::parse(r).ok()?))))
}

/// The same search with its listings priced in the sellers' currencies as a worldwide marketplace
/// has them: a quarter each in USD, EUR, GBP and JPY (same values, converted), shipping likewise.
#[allow(dead_code)]
pub fn in_mixed_currencies(results: &mut [StoredResult], rates: &vinyldigger::domain::rates::Rates) {
    use vinyldigger::domain::money::Currency;
    let currencies = [Currency::USD, Currency::EUR, Currency::GBP, Currency::JPY];
    for (i, r) in results.iter_mut().enumerate() {
        let to = currencies[i % currencies.len()];
        let l = &mut r.listing;
        l.price = rates.convert(l.price, to).unwrap_or(l.price);
        l.shipping = l.shipping.map(|s| rates.convert(s, to).unwrap_or(s));
    }
}

/// [`run_all`] for a buyer in Germany who sees euros: the results converted in place first.
#[allow(dead_code)]
pub fn run_all_converted(
    results: &mut [StoredResult],
    rates: &vinyldigger::domain::rates::Rates,
) -> (usize, usize, usize) {
    use vinyldigger::domain::analysis::AnalysisParams;
    use vinyldigger::domain::money::Currency;
    use vinyldigger::domain::region::Region;
    let assignments = vinyldigger::domain::matching::match_items(results);
    vinyldigger::domain::matching::apply_assignments(results, &assignments);
    let basis = vinyldigger::domain::landed::convert_results(results, Some(rates), Currency::EUR, Region::EU);
    let params = AnalysisParams {
        buyer_region: Region::EU,
        currency: Currency::EUR,
        rates: Some(rates.clone()),
        basis,
        ..AnalysisParams::default()
    };
    let analysis = vinyldigger::domain::analysis::analyze(results, &params);
    let groups = vinyldigger::domain::compare::price_comparison_in(results, Currency::EUR);
    (assignments.len(), analysis.recommendations.len(), groups.len())
}
