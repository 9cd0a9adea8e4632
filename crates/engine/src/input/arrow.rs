//! Tables given as Arrow record batches in memory (a pandas, polars or pyarrow frame from
//! Python; a partition from Spark) in place of files.
//!
//! The household table is scanned batch by batch exactly as a Parquet file's row groups are
//! (the same column readers and checks); the county and village tables, which are small, are
//! read through the one CSV reader after each cell is written as text (text as it is, whole
//! numbers, exact decimals, booleans as `true`/`false`, floats in their shortest exact
//! decimal form, which is fupin's reading of a float, as for Parquet). Rows are numbered as
//! in a Parquet file: the first record is row 1. Messages name the table as
//! `households (Arrow)`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal32Type, Decimal64Type, Decimal128Type, Float32Type, Float64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef};

use crate::error::{EngineError, Result};
use crate::input::parquet::{Text, int_at};

/// Record batches made on demand, from the first each time the table is read: a frame whose
/// export would convert every column at once (a polars frame) handed over a slice at a time,
/// so that a scan holds a window of batches and never the whole converted table. A run may
/// read the household table twice (rows found bad only at the end, duplicate ids verified):
/// [`BatchStream::open`] starts again from the first row.
pub trait BatchStream: Send + Sync + std::fmt::Debug {
    /// The batches from the first row, in order.
    fn open(&self) -> Result<Box<dyn Iterator<Item = Result<RecordBatch>> + Send + '_>>;
}

/// One table in memory: its schema (a table may have no batches) and its batches, held or
/// made on demand.
#[derive(Debug, Clone)]
pub struct ArrowTable {
    /// The schema.
    pub schema: SchemaRef,
    /// The record batches, in order (empty when the table is a stream).
    pub batches: Vec<RecordBatch>,
    /// The batches made on demand instead, and the rows they will hold (for progress).
    pub stream: Option<(std::sync::Arc<dyn BatchStream>, usize)>,
}

impl ArrowTable {
    /// A table from its batches; `schema` is needed when there may be none.
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Result<ArrowTable> {
        for (i, b) in batches.iter().enumerate() {
            check_schema(&schema, b, i)?;
        }
        Ok(ArrowTable {
            schema,
            batches,
            stream: None,
        })
    }

    /// A table whose batches are made on demand by `stream` (`rows` of them in all). Only
    /// the household table is read as a stream; the small tables are collected.
    pub fn streamed(
        schema: SchemaRef,
        rows: usize,
        stream: std::sync::Arc<dyn BatchStream>,
    ) -> ArrowTable {
        ArrowTable {
            schema,
            batches: Vec::new(),
            stream: Some((stream, rows)),
        }
    }

    /// A table from a record-batch reader (what pyarrow, polars and Spark hand over).
    pub fn from_reader(r: impl arrow_array::RecordBatchReader) -> Result<ArrowTable> {
        let schema = r.schema();
        let mut batches = Vec::new();
        for (i, b) in r.enumerate() {
            batches.push(b.map_err(|e| {
                EngineError::Input(format!("record batch {}: cannot read: {e}", i + 1))
            })?);
        }
        ArrowTable::new(schema, batches)
    }

    /// The batches, held or made (for the small tables, read whole).
    pub fn all_batches(&self) -> Result<Vec<RecordBatch>> {
        match &self.stream {
            None => Ok(self.batches.clone()),
            Some((s, _)) => s
                .open()?
                .enumerate()
                .map(|(i, b)| b.and_then(|b| check_schema(&self.schema, &b, i).map(|()| b)))
                .collect(),
        }
    }

    /// Its column names.
    pub fn column_names(&self) -> BTreeSet<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// Rows in all batches.
    pub fn num_rows(&self) -> usize {
        match &self.stream {
            Some((_, rows)) => *rows,
            None => self.batches.iter().map(RecordBatch::num_rows).sum(),
        }
    }
}

/// An input error named after its table.
pub(crate) fn prefixed(shown: &str, e: EngineError) -> EngineError {
    match e {
        EngineError::Input(m) => EngineError::Input(format!("{shown}: {m}")),
        other => other,
    }
}

/// Batch `i` (from 0) has the table's columns.
pub(crate) fn check_schema(schema: &SchemaRef, b: &RecordBatch, i: usize) -> Result<()> {
    if b.schema().fields() != schema.fields() {
        return Err(EngineError::Input(format!(
            "record batch {} has another schema than the table's first",
            i + 1
        )));
    }
    Ok(())
}

/// The tables of a run given in memory. A table given here replaces the file of that table,
/// and like the command line's tables they replace the profile's `[data]` as a set.
#[derive(Debug, Clone, Default)]
pub struct ArrowTables {
    /// Counties.
    pub counties: Option<ArrowTable>,
    /// Villages.
    pub villages: Option<ArrowTable>,
    /// Households.
    pub households: Option<ArrowTable>,
}

impl ArrowTables {
    /// The name a table in memory goes by, in messages and in the report's inputs.
    pub fn label(table: &str) -> PathBuf {
        PathBuf::from(format!("{table} (Arrow)"))
    }

    /// The table in memory that `path` names (a [`ArrowTables::label`]), if any.
    pub fn get(&self, path: &Path) -> Option<&ArrowTable> {
        [
            ("counties", &self.counties),
            ("villages", &self.villages),
            ("households", &self.households),
        ]
        .into_iter()
        .find(|(t, _)| Self::label(t) == path)
        .and_then(|(_, v)| v.as_ref())
    }
}

/// A cell as the text the CSV readers parse; `None` for a null.
fn cell(a: &ArrayRef, i: usize) -> Option<std::result::Result<String, String>> {
    if a.is_null(i) {
        return None;
    }
    if let Some(t) = Text::of(a) {
        return Some(Ok(t.get(i).unwrap_or("").to_string()));
    }
    let decimal = |v: i128, scale: i8| {
        let neg = v < 0;
        let digits = v.unsigned_abs().to_string();
        let scale = usize::try_from(scale).unwrap_or(0);
        let s = if scale == 0 {
            digits
        } else {
            let padded = format!("{digits:0>w$}", w = scale + 1);
            let (int, frac) = padded.split_at(padded.len() - scale);
            format!("{int}.{frac}")
        };
        Ok(if neg { format!("-{s}") } else { s })
    };
    Some(match a.data_type() {
        DataType::Boolean => Ok(a.as_boolean().value(i).to_string()),
        DataType::Decimal32(_, s) => {
            decimal(i128::from(a.as_primitive::<Decimal32Type>().value(i)), *s)
        }
        DataType::Decimal64(_, s) => {
            decimal(i128::from(a.as_primitive::<Decimal64Type>().value(i)), *s)
        }
        DataType::Decimal128(_, s) => decimal(a.as_primitive::<Decimal128Type>().value(i), *s),
        DataType::Float32 => {
            let f = a.as_primitive::<Float32Type>().value(i);
            if f.is_nan() {
                return None;
            }
            Ok(f.to_string())
        }
        DataType::Float64 => {
            let f = a.as_primitive::<Float64Type>().value(i);
            if f.is_nan() {
                return None;
            }
            Ok(f.to_string())
        }
        _ => int_at(a, i)?.map(|n| n.to_string()),
    })
}

/// A small table as CSV bytes with its header, for the county and village readers.
pub(crate) fn to_csv(shown: &str, t: &ArrowTable) -> Result<Vec<u8>> {
    let err = |e: csv::Error| EngineError::Input(format!("{shown}: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(t.schema.fields().iter().map(|f| f.name().as_str()))
        .map_err(err)?;
    let mut row = 0usize;
    let batches = t.all_batches().map_err(|e| prefixed(shown, e))?;
    for b in &batches {
        for i in 0..b.num_rows() {
            row += 1;
            let mut rec = Vec::with_capacity(b.num_columns());
            for (f, a) in t.schema.fields().iter().zip(b.columns()) {
                match cell(a, i) {
                    None => rec.push(String::new()),
                    Some(Ok(s)) => rec.push(s),
                    Some(Err(m)) => {
                        return Err(EngineError::Input(format!(
                            "{shown}: row {row}, column `{}`: {m}",
                            f.name()
                        )));
                    }
                }
            }
            w.write_record(&rec).map_err(err)?;
        }
    }
    w.into_inner()
        .map_err(|e| EngineError::Input(format!("{shown}: {e}")))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{BooleanArray, Decimal128Array, Float64Array, Int32Array, StringArray};
    use arrow_schema::{Field, Schema};

    use super::*;

    #[test]
    fn cells_are_written_exactly() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("code", DataType::Utf8, true),
            Field::new("n", DataType::Int32, true),
            Field::new("money", DataType::Decimal128(12, 2), true),
            Field::new("f", DataType::Float64, true),
            Field::new("b", DataType::Boolean, true),
        ]));
        let b = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("100001"), None])),
                Arc::new(Int32Array::from(vec![Some(7), None])),
                Arc::new(
                    Decimal128Array::from(vec![Some(-5), Some(123_456)])
                        .with_precision_and_scale(12, 2)
                        .expect("decimal"),
                ),
                Arc::new(Float64Array::from(vec![Some(0.1), Some(f64::NAN)])),
                Arc::new(BooleanArray::from(vec![Some(true), None])),
            ],
        )
        .expect("batch");
        let t = ArrowTable::new(schema, vec![b]).expect("table");
        let csv = String::from_utf8(to_csv("t", &t).expect("csv")).expect("utf-8");
        assert_eq!(
            csv,
            "code,n,money,f,b\n100001,7,-0.05,0.1,true\n,,1234.56,,\n"
        );
    }

    #[test]
    fn batches_of_another_schema_are_refused() {
        let one = Arc::new(Schema::new(vec![Field::new("a", DataType::Int32, true)]));
        let two = Arc::new(Schema::new(vec![Field::new("b", DataType::Int32, true)]));
        let b = |s: &SchemaRef| {
            RecordBatch::try_new(s.clone(), vec![Arc::new(Int32Array::from(vec![1]))])
                .expect("batch")
        };
        let e = ArrowTable::new(one.clone(), vec![b(&one), b(&two)]).expect_err("mixed");
        assert_eq!(
            e.to_string(),
            "record batch 2 has another schema than the table's first"
        );
        assert!(ArrowTable::new(one.clone(), vec![b(&one), b(&one)]).is_ok());
    }

    #[test]
    fn a_label_names_only_a_table_given() {
        let t = ArrowTables::default();
        assert!(t.get(&ArrowTables::label("counties")).is_none());
    }
}
