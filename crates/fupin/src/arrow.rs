//! Decisions as Arrow record batches, for front ends that pass memory (Python, Spark).

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use fupin_engine::output::decisions::{CHECK_COLUMNS, check_row};

use crate::{Assessment, Error, Level, Result};

/// The columns of a check row that are booleans; the others are text (money and rates as
/// exact decimal text, never floats).
const BOOLEAN_COLUMNS: [&str; 2] = ["passed", "confirmed"];

/// The decisions of one level as one Arrow record batch: one row per check, the columns of
/// [`crate::CHECK_COLUMNS`] (the CSV report's), `passed` and `confirmed` as booleans, the
/// rest as UTF-8 text.
pub fn decisions_batch(a: &Assessment, level: Level) -> Result<RecordBatch> {
    enum Col {
        Text(StringBuilder),
        Flag(BooleanBuilder),
    }
    let mut cols: Vec<Col> = CHECK_COLUMNS
        .iter()
        .map(|c| {
            if BOOLEAN_COLUMNS.contains(c) {
                Col::Flag(BooleanBuilder::new())
            } else {
                Col::Text(StringBuilder::new())
            }
        })
        .collect();
    for d in crate::decisions_at(a, level) {
        for c in &d.checks {
            for (col, cell) in cols.iter_mut().zip(check_row(d, c)) {
                match col {
                    Col::Text(b) => b.append_value(cell),
                    Col::Flag(b) => b.append_value(cell == "true"),
                }
            }
        }
    }
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (name, col) in CHECK_COLUMNS.iter().zip(cols) {
        match col {
            Col::Text(mut b) => {
                fields.push(Field::new(*name, DataType::Utf8, false));
                columns.push(Arc::new(b.finish()));
            }
            Col::Flag(mut b) => {
                fields.push(Field::new(*name, DataType::Boolean, false));
                columns.push(Arc::new(b.finish()));
            }
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Error::Config(format!("cannot build the decisions batch: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_has_one_row_per_check_of_its_level() {
        let mut profile = crate::open_profile("national-2011").expect("profile");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        profile.data.counties = Some(root.join("data/sample/counties.csv"));
        profile.data.villages = Some(root.join("data/sample/villages.csv"));
        let plan = crate::plan(profile, None).expect("plan");
        let a = crate::assess(&plan, &crate::Tables::of_profile().options(None)).expect("run");
        let b = decisions_batch(&a, Level::County).expect("batch");
        let checks: usize = crate::decisions_at(&a, Level::County)
            .map(|d| d.checks.len())
            .sum();
        assert!(checks > 0);
        assert_eq!(b.num_rows(), checks);
        assert_eq!(b.num_columns(), CHECK_COLUMNS.len());
        assert_eq!(b.schema().field(9).name(), "passed");
        assert_eq!(b.schema().field(9).data_type(), &DataType::Boolean);
        let p = a.provenance.as_ref().expect("provenance");
        assert_eq!(p.inputs.len(), 2);
        assert!(
            p.inputs
                .iter()
                .all(|i| i.file.sha256.as_ref().is_some_and(|h| h.len() == 64))
        );
        assert!(
            p.parameters
                .iter()
                .any(|x| x.id.starts_with("std2011.exit.county"))
        );
    }
}
