//! Criterion benchmark: the whole analysis (matching, summary, seller scores, recommendations,
//! price comparison) on generated searches of 100, 1 000 and 10 000 results.
//! Run: `cargo bench --bench analysis` (short measurement; numbers in docs/performance.md).

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn bench_analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    for n in [100usize, 1_000, 10_000] {
        let base = common::generate(n, common::sellers_for(n), 42);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("full", n), &base, |b, base| {
            b.iter_batched_ref(|| base.clone(), |rs| black_box(common::run_all(rs)), criterion::BatchSize::LargeInput)
        });
        // Issue #16: the same search priced in four currencies, converted to euros with landed
        // costs before the analysis (what the result writer does for a buyer in Germany).
        let rates = common::rates();
        let mut mixed = base.clone();
        common::in_mixed_currencies(&mut mixed, &rates);
        group.bench_with_input(BenchmarkId::new("full_converted", n), &mixed, |b, mixed| {
            b.iter_batched_ref(
                || mixed.clone(),
                |rs| black_box(common::run_all_converted(rs, &rates)),
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_with_input(BenchmarkId::new("analyze_only", n), &base, |b, base| {
            b.iter(|| {
                black_box(vinyldigger::domain::analysis::analyze(
                    black_box(base),
                    &vinyldigger::domain::analysis::AnalysisParams::default(),
                ))
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = bench_analysis
}
criterion_main!(benches);
