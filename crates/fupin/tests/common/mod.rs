//! Helpers shared by the integration tests: the repository root, CSV files as Arrow tables.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use fupin::ArrowTable;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A CSV file's header and records.
pub fn records(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    (header, rows)
}

/// Records as an Arrow table of text columns (an empty cell is null), cut into batches of
/// `per` rows.
pub fn table_of(header: &[String], rows: &[csv::StringRecord], per: usize) -> ArrowTable {
    let schema = Arc::new(Schema::new(
        header
            .iter()
            .map(|h| Field::new(h, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let batches = rows
        .chunks(per.max(1))
        .map(|chunk| {
            let cols: Vec<ArrayRef> = (0..header.len())
                .map(|c| {
                    Arc::new(StringArray::from(
                        chunk
                            .iter()
                            .map(|r| Some(r[c].to_string()).filter(|s| !s.is_empty()))
                            .collect::<Vec<_>>(),
                    )) as ArrayRef
                })
                .collect();
            RecordBatch::try_new(schema.clone(), cols).expect("batch")
        })
        .collect();
    ArrowTable::new(schema, batches).expect("table")
}

/// A CSV file as an Arrow table of text columns, cut into batches of `per` rows.
#[allow(dead_code)]
pub fn table(path: &Path, per: usize) -> ArrowTable {
    let (header, rows) = records(path);
    table_of(&header, &rows, per)
}
