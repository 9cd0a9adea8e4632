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

/// A batch of text columns with one cell replaced: `column` of row `row` (from 0) set to
/// `value`.
fn with_cell(b: &RecordBatch, column: &str, row: usize, value: &str) -> RecordBatch {
    let col = b.schema().index_of(column).expect("column");
    let mut cols = b.columns().to_vec();
    let values = cols[col]
        .as_any()
        .downcast_ref::<StringArray>()
        .expect("text")
        .iter()
        .enumerate()
        .map(|(i, v)| if i == row { Some(value) } else { v })
        .collect::<Vec<_>>();
    cols[col] = Arc::new(StringArray::from(values));
    RecordBatch::try_new(b.schema(), cols).expect("batch")
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
    households.batches[1] = with_cell(&households.batches[1], "net_income_per_capita", 4, "12x");
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

/// A table's batches made on demand, counting how often the table is opened, optionally
/// failing at one batch.
#[derive(Debug)]
struct Made {
    batches: Vec<RecordBatch>,
    opened: std::sync::atomic::AtomicUsize,
    fail_at: Option<usize>,
}

impl fupin::BatchStream for Made {
    fn open(
        &self,
    ) -> fupin::Result<Box<dyn Iterator<Item = fupin::Result<RecordBatch>> + Send + '_>> {
        self.opened
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Box::new(self.batches.iter().enumerate().map(|(i, b)| {
            if Some(i) == self.fail_at {
                Err(fupin::Error::Input(format!(
                    "slice {}: cannot export: gone",
                    i + 1
                )))
            } else {
                Ok(b.clone())
            }
        })))
    }
}

#[test]
fn a_streamed_household_table_assesses_as_its_batches_held_do() {
    let data = root().join("data/sample");
    let plan = fupin::plan(
        fupin::open_profile(root().join("profiles/national-2011.toml")).expect("profile"),
        None,
    )
    .expect("plan");
    let held = table(&data.join("households.csv"), 7);
    let tables = |households| Tables {
        in_memory: ArrowTables {
            counties: Some(table(&data.join("counties.csv"), 1000)),
            villages: Some(table(&data.join("villages.csv"), 1000)),
            households: Some(households),
        },
        ..Tables::default()
    };
    let from_held = fupin::assess(
        &plan,
        &tables(held.clone()).options(Some(fupin::HouseholdDetail::All)),
    )
    .expect("held");
    let made = Arc::new(Made {
        batches: held.batches.clone(),
        opened: 0.into(),
        fail_at: None,
    });
    let streamed = fupin::ArrowTable::streamed(held.schema.clone(), held.num_rows(), made.clone());
    let from_stream = fupin::assess(
        &plan,
        &tables(streamed).options(Some(fupin::HouseholdDetail::All)),
    )
    .expect("streamed");
    assert_eq!(decisions_json(&from_stream), decisions_json(&from_held));
    assert!(made.opened.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    // A bad value in a later batch is named by its row in the whole table.
    let bad = table(&data.join("households.csv"), 10);
    let mut batches = bad.batches.clone();
    batches[1] = with_cell(&batches[1], "size", 2, "0");
    let rows = bad.num_rows();
    let stream = |batches, fail_at| {
        fupin::ArrowTable::streamed(
            bad.schema.clone(),
            rows,
            Arc::new(Made {
                batches,
                opened: 0.into(),
                fail_at,
            }),
        )
    };
    let e =
        fupin::assess(&plan, &tables(stream(batches, None)).options(None)).expect_err("bad value");
    assert!(
        e.to_string()
            .contains("households (Arrow): row 13, column `size`"),
        "{e}"
    );
    // A batch that cannot be made stops the run, named.
    let e = fupin::assess(
        &plan,
        &tables(stream(bad.batches.clone(), Some(2))).options(None),
    )
    .expect_err("failed stream");
    assert!(
        e.to_string()
            .contains("households (Arrow): slice 3: cannot export: gone"),
        "{e}"
    );
    // A batch of another schema is refused, named.
    let other = table(&data.join("counties.csv"), 1000).batches;
    let mut mixed = bad.batches.clone();
    mixed.insert(1, other[0].clone());
    let e = fupin::assess(&plan, &tables(stream(mixed, None)).options(None)).expect_err("schema");
    assert!(
        e.to_string().contains("record batch 2 has another schema"),
        "{e}"
    );
}
