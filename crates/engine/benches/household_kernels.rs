//! Criterion benchmarks of the household kernels: every household rule of
//! `profiles/national-2011.toml`, prepared once and evaluated over a batch of 65,536
//! households, against a baseline kernel in the same run that only reads the income column
//! (`income < line`, the least any kernel can do). Run with `cargo bench -p fupin-engine`;
//! report the ratio of each rule to the baseline (docs/performance.md).

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fupin_core::Money;
use fupin_core::rule::{EvalContext, RuleEntry};
use fupin_core::units::{CountyTable, HouseholdBatch};
use fupin_engine::{Plan, Profile};

const ROWS: usize = 65_536;

/// A deterministic batch: incomes spread over 0–8,000 yuan, most guarantees met.
fn batch() -> HouseholdBatch {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut b = HouseholdBatch {
        guarantees_known: 31,
        first_row: 2,
        ..HouseholdBatch::default()
    };
    for i in 0..ROWS {
        let r = next();
        b.ids.push(format!("H{i:09}"));
        b.county.push(0);
        b.village.push(0);
        b.size.push(1 + (r % 6) as u32);
        b.year.push(2019);
        b.income.push(Money::from_fen((r >> 8) as i64 % 800_000));
        b.guarantees.push(if r % 50 == 0 { 15 } else { 31 });
    }
    b
}

fn kernels(c: &mut Criterion) {
    fupin_std2011::link();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let profile = Profile::load(&root.join("profiles/national-2011.toml")).expect("profile");
    let plan = Plan::build(profile, None).expect("plan");
    let counties = CountyTable::default();
    let regions = BTreeMap::new();
    let ctx = EvalContext {
        year: plan.year,
        date: plan.date,
        params: &plan.params,
        region_overrides: &regions,
        counties_origin: "bench",
        counties: Some(&counties),
    };
    let b = batch();
    let mut out = vec![false; ROWS];
    let mut g = c.benchmark_group("household_kernels");
    g.throughput(Throughput::Elements(ROWS as u64));
    let line = Money::from_yuan(3218);
    g.bench_function("baseline: income < 3,218", |bench| {
        bench.iter(|| {
            for (o, m) in out.iter_mut().zip(&b.income) {
                *o = *m < line;
            }
            black_box(&out);
        });
    });
    for r in &plan.rules {
        if let RuleEntry::Household(h) = r {
            let k = h.prepare(&ctx, &[2019]).expect("prepares");
            g.bench_function(h.meta().id, |bench| {
                bench.iter(|| {
                    k.eval(black_box(&b), &mut out);
                    black_box(&out);
                });
            });
        }
    }
    g.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
