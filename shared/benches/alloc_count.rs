//! Allocation count of the whole analysis, with a counting global allocator.
//! Run: `cargo bench --bench alloc_count` — prints a Markdown table (one run per size after a
//! warm-up; timings here are single runs, criterion's `analysis` bench has the statistics).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: forwarding the caller's layout to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        let live = if new_size >= layout.size() {
            LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size()
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed) - (layout.size() - new_size)
        };
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same contract as `GlobalAlloc::realloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn measure<T>(f: impl FnOnce() -> T) -> (T, u64, u64, usize, f64) {
    let base_live = LIVE.load(Ordering::Relaxed);
    PEAK.store(base_live, Ordering::Relaxed);
    let (a0, b0) = (ALLOCS.load(Ordering::Relaxed), BYTES.load(Ordering::Relaxed));
    let t = Instant::now();
    let out = f();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let peak = PEAK.load(Ordering::Relaxed) - base_live;
    (out, ALLOCS.load(Ordering::Relaxed) - a0, BYTES.load(Ordering::Relaxed) - b0, peak, ms)
}

fn row(n: usize, sellers: usize, name: &str, (allocs, bytes, peak, ms): (u64, u64, usize, f64)) {
    println!(
        "| {n} | {sellers} | {name} | {allocs} | {:.1} | {:.1} MiB | {:.1} MiB | {ms:.2} ms |",
        allocs as f64 / n as f64,
        bytes as f64 / (1024.0 * 1024.0),
        peak as f64 / (1024.0 * 1024.0)
    );
}

fn main() {
    use vinyldigger::domain::analysis::{AnalysisParams, analyze};
    use vinyldigger::domain::compare::price_comparison;
    use vinyldigger::domain::matching::{apply_assignments, match_items};
    println!(
        "| results | sellers | step | allocations | allocs/result | bytes allocated | peak extra heap | time (1 run) |"
    );
    println!("|---:|---:|---|---:|---:|---:|---:|---:|");
    for n in [100usize, 1_000, 10_000] {
        let sellers = common::sellers_for(n);
        let base = common::generate(n, sellers, 42);
        std::hint::black_box(common::run_all(&mut base.clone())); // warm-up

        let mut fresh = base.clone();
        let (_, a, b, p, t) = measure(|| common::run_all(&mut fresh));
        row(n, sellers, "**whole analysis**", (a, b, p, t));

        let mut rs = base.clone();
        let (_, a, b, p, t) = measure(|| {
            let assignments = match_items(&rs);
            apply_assignments(&mut rs, &assignments);
            assignments.len()
        });
        row(n, sellers, "match_items + link", (a, b, p, t));
        let params = AnalysisParams::default();
        let (_, a, b, p, t) = measure(|| analyze(&rs, &params).recommendations.len());
        row(n, sellers, "analyze", (a, b, p, t));
        let (_, a, b, p, t) = measure(|| price_comparison(&rs).len());
        row(n, sellers, "price_comparison", (a, b, p, t));
    }
}
