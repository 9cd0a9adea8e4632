//! Tables given in memory as Arrow record batches give the same assessment as the files
//! they hold, and bad values in them are named by table, row and column.

use std::sync::Arc;

use arrow_array::{RecordBatch, StringArray};
use fupin::{ArrowTables, Format, Tables};

mod common;
use common::{root, table};

fn decisions_json(a: &fupin::Assessment) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_slice(
        &fupin::render(fupin::Doc::Assessment(a), Format::Json).expect("json"),
    )
    .expect("parse");
    serde_json::json!({ "decisions": v["decisions"], "summary": v["summary"] })
}

#[test]
fn memory_tables_assess_as_their_files_do() {
    let data = root().join("data/sample");
    let plan = fupin::plan(
        fupin::open_profile(root().join("profiles/national-2011.toml")).expect("profile"),
        None,
    )
    .expect("plan");
    let files = Tables {
        counties: Some(data.join("counties.csv")),
        villages: Some(data.join("villages.csv")),
        households: Some(data.join("households.csv")),
        ..Tables::default()
    };
    let from_files =
        fupin::assess(&plan, &files.options(Some(fupin::HouseholdDetail::All))).expect("files");
    let memory = Tables {
        in_memory: ArrowTables {
            counties: Some(table(&data.join("counties.csv"), 1000)),
            villages: Some(table(&data.join("villages.csv"), 7)),
            // Several batches, cut where a village's households may straddle them.
            households: Some(table(&data.join("households.csv"), 333)),
        },
        ..Tables::default()
    };
    let from_memory =
        fupin::assess(&plan, &memory.options(Some(fupin::HouseholdDetail::All))).expect("memory");
    assert_eq!(decisions_json(&from_memory), decisions_json(&from_files));
    assert_eq!(
        from_memory.profile.inputs["households"],
        "households (Arrow)"
    );
    let p = from_memory.provenance.expect("provenance");
    assert!(p.inputs.iter().all(|i| i.file.sha256.is_none()));
    assert_eq!(
        p.rows["households"].read,
        table(&data.join("households.csv"), 1000).num_rows()
    );
}

#[test]
fn a_bad_value_in_memory_is_named_by_table_row_and_column() {
    let data = root().join("data/sample");
    let plan = fupin::plan(
        fupin::open_profile(root().join("profiles/national-2011.toml")).expect("profile"),
        None,
    )
    .expect("plan");
    let mut households = table(&data.join("households.csv"), 10);
    // Row 15 (the fifth of the second batch) gets an income that is not money.
    let b = &households.batches[1];
    let col = b
        .schema()
        .index_of("net_income_per_capita")
        .expect("column");
    let mut cols = b.columns().to_vec();
    let values = cols[col]
        .as_any()
        .downcast_ref::<StringArray>()
        .expect("text")
        .iter()
        .enumerate()
        .map(|(i, v)| if i == 4 { Some("12x") } else { v })
        .collect::<Vec<_>>();
    cols[col] = Arc::new(StringArray::from(values));
    households.batches[1] = RecordBatch::try_new(b.schema(), cols).expect("batch");
    let t = Tables {
        in_memory: ArrowTables {
            counties: Some(table(&data.join("counties.csv"), 1000)),
            households: Some(households),
            ..ArrowTables::default()
        },
        ..Tables::default()
    };
    let e = fupin::assess(&plan, &t.options(None)).expect_err("bad value");
    let msg = e.to_string();
    assert!(
        msg.contains("households (Arrow): row 15, column `net_income_per_capita`"),
        "{msg}"
    );
}
