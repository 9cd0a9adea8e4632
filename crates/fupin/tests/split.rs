//! A run split over parts of the household table (as Spark partitions are) and merged gives
//! exactly the run on the whole table: for any number of parts, any cut and any row order,
//! with a village table and with villages derived from the households, for assessments,
//! county tables and sweeps.

use arrow_array::RecordBatch;
use fupin::{ArrowTables, Format, Plan, Tables};

mod common;
use common::{records, root, table, table_of};

/// The sample's households cut into `parts` parts after a fixed shuffle of the rows.
fn parts(parts: usize, shuffle: u64) -> Vec<fupin::ArrowTable> {
    let (header, mut rows) = records(&root().join("data/sample/households.csv"));
    // A deterministic permutation (xorshift), so a failure can be reproduced.
    let mut x = shuffle.max(1);
    for i in (1..rows.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        rows.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let per = rows.len().div_ceil(parts);
    rows.chunks(per).map(|c| table_of(&header, c, 97)).collect()
}

fn tables(with_villages: bool) -> Tables {
    let data = root().join("data/sample");
    Tables {
        in_memory: ArrowTables {
            counties: Some(table(&data.join("counties.csv"), 1000)),
            villages: with_villages.then(|| table(&data.join("villages.csv"), 1000)),
            households: None,
        },
        counties: Some(ArrowTables::label("counties")),
        villages: with_villages.then(|| ArrowTables::label("villages")),
        households: Some(ArrowTables::label("households")),
        ..Tables::default()
    }
}

/// The whole table's tables.
fn whole(with_villages: bool) -> Tables {
    let mut t = tables(with_villages);
    t.in_memory.households = Some(table(&root().join("data/sample/households.csv"), 500));
    t
}

/// The partial rows of each part.
fn partials(plans: &[Plan], with_villages: bool, n: usize, shuffle: u64) -> Vec<RecordBatch> {
    parts(n, shuffle)
        .into_iter()
        .map(|p| {
            let mut t = tables(with_villages);
            t.in_memory.households = Some(p);
            fupin::split::partial(plans, &t.options(None)).expect("partial")
        })
        .collect()
}

/// The tables given to `finish`: the households' columns without rows.
fn columns_only(with_villages: bool) -> Tables {
    let mut t = whole(with_villages);
    if let Some(h) = &t.in_memory.households {
        t.in_memory.households =
            Some(fupin::ArrowTable::new(h.schema.clone(), Vec::new()).expect("empty"));
    }
    t
}

fn document(a: &fupin::Assessment) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_slice(
        &fupin::render(fupin::Doc::Assessment(a), Format::Json).expect("json"),
    )
    .expect("parse");
    serde_json::json!({ "decisions": v["decisions"], "summary": v["summary"] })
}

fn plan(profile: &str, overrides: &[(&str, &str)]) -> Plan {
    let mut p = fupin::open_profile(root().join(profile)).expect("profile");
    for (id, v) in overrides {
        p.parameters.push(fupin::Override {
            id: (*id).into(),
            effective: None,
            value: toml::Value::String((*v).into()),
            source: None,
            confirmed: true,
            line: 0,
        });
    }
    fupin::plan(p, None).expect("plan")
}

#[test]
fn a_split_table_gives_the_whole_tables_result() {
    let plans = vec![plan("profiles/national-2011.toml", &[])];
    for with_villages in [true, false] {
        let opts = whole(with_villages).options(Some(fupin::HouseholdDetail::None));
        let expected = document(&fupin::assess(&plans[0], &opts).expect("whole"));
        assert!(
            expected["decisions"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["level"] == "village")),
            "the sample has village decisions"
        );
        for (n, shuffle) in [(1, 0), (2, 7), (3, 11), (7, 42), (40, 5)] {
            let parts = partials(&plans, with_villages, n, shuffle);
            let got =
                fupin::split::finish(&plans, &columns_only(with_villages).options(None), &parts)
                    .expect("finish");
            assert_eq!(
                document(&got[0]),
                expected,
                "{n} parts, shuffle {shuffle}, village table given: {with_villages}"
            );
            assert!(got[0].provenance.is_some());
        }
    }
}

#[test]
fn county_tables_and_sweeps_of_a_split_table_are_the_whole_tables() {
    let plans = vec![
        plan("profiles/national-2011.toml", &[]),
        plan("profiles/national-2011.toml", &[("std2011.line", "3000")]),
    ];
    let opts = whole(true).options(None);
    let expected = fupin::tabulate(&plans, &opts).expect("tabulate");
    let parts = partials(&plans, true, 7, 3);
    let runs =
        fupin::split::finish(&plans, &columns_only(true).options(None), &parts).expect("finish");
    let got = fupin::split::tabulation(&plans, &runs).expect("tabulation");
    assert_eq!(got.rows, expected.rows);
    assert!(got.rows.iter().any(|r| r.poor_persons.unwrap_or(0) > 0));

    let profile = fupin::open_profile(root().join("profiles/national-2011.toml")).expect("p");
    let points: Vec<fupin::Decimal> = ["2300", "2800", "4000"]
        .iter()
        .map(|s| s.parse().expect("decimal"))
        .collect();
    let expected = fupin::sweep(&profile, None, "std2011.line", &points, &opts).expect("sweep");
    let s = fupin::split::sweep_plans(&profile, None, "std2011.line", &points).expect("plans");
    let parts = partials(&s.plans, true, 2, 9);
    let runs =
        fupin::split::finish(&s.plans, &columns_only(true).options(None), &parts).expect("finish");
    let got = fupin::split::sweep_of(&profile, &s, runs);
    let json = |s: &fupin::Sweep| fupin::render(fupin::Doc::Sweep(s), Format::Json).expect("json");
    assert_eq!(json(&got), json(&expected));
}

#[test]
fn merged_rows_pass_through_and_a_village_under_two_counties_is_an_error() {
    let plans = vec![plan("profiles/national-2011.toml", &[])];
    let parts = partials(&plans, false, 3, 1);
    // Finishing twice over the same rows doubles every count: rows are added, never
    // deduplicated, so merging in Spark first or not gives the same sums.
    let once =
        fupin::split::finish(&plans, &columns_only(false).options(None), &parts).expect("once");
    let twice_rows: Vec<RecordBatch> = parts.iter().chain(&parts).cloned().collect();
    let twice = fupin::split::finish(&plans, &columns_only(false).options(None), &twice_rows)
        .expect("twice");
    let rows = |a: &fupin::Assessment| a.summary.rows["households"].read;
    assert_eq!(rows(&twice[0]), 2 * rows(&once[0]));

    // One part's village moved under another county: only the merge can see it.
    let (header, mut recs) = records(&root().join("data/sample/households.csv"));
    let county = header.iter().position(|h| h == "county").expect("county");
    let first = recs[0].clone();
    let other = recs
        .iter()
        .find(|r| r[county] != first[county])
        .expect("another county")[county]
        .to_string();
    let mut moved: Vec<String> = first.iter().map(String::from).collect();
    moved[0] = "H-MOVED".into();
    moved[county] = other.clone();
    recs.truncate(1);
    let a = table_of(&header, &recs, 10);
    let b = table_of(&header, &[csv::StringRecord::from(moved)], 10);
    let parts: Vec<RecordBatch> = [a, b]
        .into_iter()
        .map(|p| {
            let mut t = tables(false);
            t.in_memory.households = Some(p);
            fupin::split::partial(&plans, &t.options(None)).expect("each part is fine")
        })
        .collect();
    let err = fupin::split::finish(&plans, &columns_only(false).options(None), &parts)
        .expect_err("a village under two counties");
    let msg = err.to_string();
    assert!(msg.contains("appears under county"), "{msg}");
    assert!(msg.contains(&other), "{msg}");

    // No rows at all: the same message as an empty table.
    let err =
        fupin::split::finish(&plans, &columns_only(false).options(None), &[]).expect_err("no rows");
    assert!(err.to_string().contains("has no rows"), "{err}");
}
