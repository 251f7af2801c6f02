//! Labelled matching benchmark (`./scripts/bench matching`): generates listings whose true record
//! and pressing are known (shared/benches/matching_set), groups them with the record matcher and
//! with the two groupings it replaced, and prints pairwise precision, recall and F1 overall, per
//! platform pair and per title form, the pressing-level scores and the worst misses left.
//! Numbers in docs/matching.md.
//!
//! `cargo bench -p vinyldigger --bench matching -- [--listings N] [--seed S]`

mod matching_set;

use matching_set::score::{Evaluation, Pairs, TABLE_HEADER, dense, table_row};
use matching_set::{Form, LabelledSet, generate};
use std::collections::HashMap;
use std::time::Instant;
use vinyldigger::domain::compare::group_key;
use vinyldigger::domain::extract::extract_item_info;
use vinyldigger::domain::fingerprint::fingerprint;
use vinyldigger::domain::matching::match_items_with;
use vinyldigger::domain::platform::Platform;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The groupings before this matcher: canonical items keyed by `fingerprint` (catalogue
/// number and year included), and the Offers page's `artist|title` key of each canonical item.
fn old_groupings(set: &LabelledSet) -> (Vec<usize>, Vec<usize>) {
    let infos: Vec<_> = set.results.iter().map(|r| extract_item_info(&r.listing)).collect();
    let prints: Vec<String> =
        infos.iter().map(|i| fingerprint(&i.title, &i.artist, i.year, i.catalog_number.as_deref())).collect();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, p) in prints.iter().enumerate() {
        first.entry(p.as_str()).or_insert(i);
    }
    let offers = prints.iter().map(|p| {
        let info = &infos[first[p.as_str()]];
        group_key(&info.artist, &info.title)
    });
    (dense(prints.iter()), dense(offers))
}

fn main() {
    let n = arg("--listings", 10_000) as usize;
    let seed = arg("--seed", 42);
    let set = generate(n, seed);
    let discogs = set.results.iter().filter(|r| r.listing.platform == Platform::Discogs).count();
    println!(
        "== matching: {n} listings ({discogs} Discogs, {} eBay), {} true records, {} want-list records, seed {seed}\n",
        n - discogs,
        set.truth.iter().map(|t| t.record).collect::<std::collections::HashSet<_>>().len(),
        set.references.len()
    );

    let mut times = Vec::new();
    let mut assignments = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        assignments = match_items_with(&set.results, &set.references);
        times.push(started.elapsed());
    }
    times.sort();
    let record = dense(assignments.iter().map(|a| a.item.fingerprint.clone()));
    // An unknown pressing is a pressing of its own: it never pairs with anything.
    let pressing = dense(assignments.iter().enumerate().map(|(i, a)| match &a.item.pressing {
        Some(p) => (a.item.fingerprint.clone(), p.key.clone()),
        None => (a.item.fingerprint.clone(), format!("unknown:{i}")),
    }));
    let true_record: Vec<usize> = set.truth.iter().map(|t| t.record as usize).collect();
    let true_pressing: Vec<usize> = set.truth.iter().map(|t| t.pressing as usize).collect();
    let (old_items, old_offers) = old_groupings(&set);

    let new_rec = Evaluation::new(&set, &record, &true_record);
    let old_items_rec = Evaluation::new(&set, &old_items, &true_record);
    let old_offers_rec = Evaluation::new(&set, &old_offers, &true_record);
    println!("record level (same artist and album):\n{TABLE_HEADER}");
    let mut table = String::new();
    table_row(&mut table, "canonical items (old `matching.rs`)", &old_items_rec);
    table_row(&mut table, "Offers page (old `compare.rs` key)", &old_offers_rec);
    table_row(&mut table, "record identity (new)", &new_rec);
    println!("{table}");

    let new_press = Evaluation::new(&set, &pressing, &true_pressing);
    let old_press = Evaluation::new(&set, &old_items, &true_pressing);
    println!("pressing level (same release):\n{TABLE_HEADER}");
    let mut table = String::new();
    table_row(&mut table, "canonical items (old `matching.rs`)", &old_press);
    table_row(&mut table, "record identity (new)", &new_press);
    println!("{table}");

    println!("per title form (pairs with at least one listing of the form), record level:");
    println!("| form | listings | old Offers recall | old Offers precision | new recall | new precision | new F1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for form in Form::ALL {
        let count = set.truth.iter().filter(|t| t.form == form).count();
        if count == 0 {
            continue;
        }
        let (old, new) = (old_offers_rec.score(Pairs::Form(form)), new_rec.score(Pairs::Form(form)));
        println!(
            "| {} | {count} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            form.name(),
            old.recall(),
            old.precision(),
            new.recall(),
            new.precision(),
            new.f1()
        );
    }

    println!("\nworst splits left (record level):");
    for line in new_rec.worst_splits(&set, 10) {
        println!("- {line}");
    }
    println!("\nworst merges left (record level):");
    for line in new_rec.worst_merges(&set, 10) {
        println!("- {line}");
    }
    println!("\nworst merges left (pressing level):");
    for line in new_press.worst_merges(&set, 5) {
        println!("- {line}");
    }

    let cross = new_rec.score(Pairs::DiscogsEbay);
    let ebay = new_rec.score(Pairs::EbayEbay);
    let press = new_press.score(Pairs::All);
    let targets = [
        ("cross-platform record recall ≥ 0.90", cross.recall() >= 0.90),
        ("cross-platform record precision ≥ 0.98", cross.precision() >= 0.98),
        ("eBay↔eBay record recall ≥ 0.90", ebay.recall() >= 0.90),
        ("pressing-level precision ≥ 0.95", press.precision() >= 0.95),
    ];
    println!("\ntargets:");
    for (name, ok) in targets {
        println!("- {name}: {}", if ok { "met" } else { "NOT MET" });
    }
    println!(
        "\nmatch_items_with on {n} listings: median {:.1} ms (min {:.1} ms, 5 runs)",
        times[2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}
