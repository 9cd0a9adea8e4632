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

/// The columns of [`units_batch`]: the first seven of a check row, then how many checks the
/// decision has and the rules whose checks did not pass.
pub const UNIT_COLUMNS: [&str; 9] = [
    "level",
    "test",
    "id",
    "name",
    "county",
    "province",
    "outcome",
    "checks",
    "failed_rules",
];

/// The decisions of one level as one Arrow record batch, one row per decision (a household
/// has one per test): [`UNIT_COLUMNS`], `checks` a 64-bit integer, `failed_rules` the ids of
/// the rules whose checks did not pass joined by `;` (empty when none), the rest text.
pub fn units_batch(a: &Assessment, level: Level) -> Result<RecordBatch> {
    let mut text: Vec<StringBuilder> = (0..7).map(|_| StringBuilder::new()).collect();
    let mut checks = arrow_array::builder::Int64Builder::new();
    let mut failed = StringBuilder::new();
    for d in crate::decisions_at(a, level) {
        let cells = [
            d.level.as_str(),
            d.test.as_str(),
            &d.id,
            &d.name,
            d.county.as_deref().unwrap_or_default(),
            d.province.as_deref().unwrap_or_default(),
            d.outcome.as_str(),
        ];
        for (b, cell) in text.iter_mut().zip(cells) {
            b.append_value(cell);
        }
        checks.append_value(i64::try_from(d.checks.len()).unwrap_or(i64::MAX));
        let rules: Vec<&str> = d
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| &*c.rule)
            .collect();
        failed.append_value(rules.join(";"));
    }
    let mut fields: Vec<Field> = UNIT_COLUMNS[..7]
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, false))
        .collect();
    fields.push(Field::new("checks", DataType::Int64, false));
    fields.push(Field::new("failed_rules", DataType::Utf8, false));
    let mut columns: Vec<ArrayRef> = text
        .into_iter()
        .map(|mut b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    columns.push(Arc::new(checks.finish()));
    columns.push(Arc::new(failed.finish()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Error::Config(format!("cannot build the units batch: {e}")))
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
        let u = units_batch(&a, Level::County).expect("units");
        assert_eq!(u.num_rows(), crate::decisions_at(&a, Level::County).count());
        assert_eq!(u.num_columns(), UNIT_COLUMNS.len());
        // A unit row starts with the columns of a check row that describe the decision.
        assert_eq!(UNIT_COLUMNS[..7], CHECK_COLUMNS[..7]);
        let failed = u
            .column(8)
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .expect("text");
        let outcome = u
            .column(6)
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .expect("text");
        let test = u
            .column(1)
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .expect("text");
        // A county that exits failed no rule; one that remains failed at least one.
        for i in (0..u.num_rows()).filter(|i| test.value(*i) == "exit") {
            assert_eq!(
                outcome.value(i) == "exit",
                failed.value(i).is_empty(),
                "row {i}: {} {}",
                outcome.value(i),
                failed.value(i)
            );
        }
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
