//! The sandbox catalogue: how long building it at start takes, and one search on each marketplace
//! (`cargo bench -p vinyldigger-sandbox --bench catalogue`).

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use vinyldigger_sandbox::catalogue::search::{DiscogsQuery, EbayQuery};
use vinyldigger_sandbox::{Catalogue, DEFAULT_SEED, default_fixtures_dir};

fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn catalogue(c: &mut Criterion) {
    let dir = default_fixtures_dir();
    c.bench_function("catalogue build (fixtures + archive + 3000 generated)", |b| {
        b.iter(|| Catalogue::load(black_box(&dir), DEFAULT_SEED).expect("catalogue"))
    });
    let catalogue = Catalogue::load(&dir, DEFAULT_SEED).expect("catalogue");
    for q in ["jazz", "miles davis", "techno 12\"", "blue note"] {
        let query = DiscogsQuery::from_params(&params(&[("q", q), ("type", "release"), ("format", "Vinyl")]));
        c.bench_function(&format!("discogs database search {q:?}"), |b| {
            b.iter(|| catalogue.search_releases(black_box(&query)).len())
        });
        let query = EbayQuery::from_params(&params(&[("q", q), ("filter", "categoryIds:{176985}")])).expect("query");
        c.bench_function(&format!("ebay item search {q:?}"), |b| {
            b.iter(|| catalogue.search_items(black_box(&query), "US").len())
        });
    }
    let priced = EbayQuery::from_params(&params(&[
        ("q", "lp"),
        ("filter", "price:[10..50],priceCurrency:USD"),
        ("sort", "price"),
    ]))
    .expect("query");
    c.bench_function("ebay item search \"lp\", price filter, sorted by price", |b| {
        b.iter(|| catalogue.search_items(black_box(&priced), "DE").len())
    });
}

criterion_group!(benches, catalogue);
criterion_main!(benches);
