//! The household source opened: a Parquet file (its metadata and the columns to decode), a
//! CSV file (its header), or record batches in memory; the required columns checked.

use super::*;

/// The decoded source.
pub(super) enum Kind {
    /// Record batches in memory, each read as a Parquet row group is.
    Arrow {
        table: crate::input::arrow::ArrowTable,
    },
    Parquet {
        meta: ArrowReaderMetadata,
        mask: ProjectionMask,
        groups: usize,
    },
    Csv {
        /// Byte offset of the first data line.
        data_start: u64,
        /// The line it is on.
        data_line: usize,
        /// Header width.
        width: usize,
        /// Column index by name.
        index: HashMap<String, usize>,
        len: u64,
    },
}

pub(super) struct Source {
    pub(super) shown: String,
    pub(super) kind: Kind,
    /// Which guarantee columns exist.
    pub(super) known: u8,
    pub(super) has_village: bool,
}

impl Source {
    /// Rows in each Parquet row group or record batch, in order (none for CSV).
    pub(super) fn group_lens(&self) -> Vec<usize> {
        match &self.kind {
            Kind::Parquet { meta, .. } => meta
                .metadata()
                .row_groups()
                .iter()
                .map(|g| usize::try_from(g.num_rows()).unwrap_or(0))
                .collect(),
            Kind::Arrow { table } => table.batches.iter().map(RecordBatch::num_rows).collect(),
            Kind::Csv { .. } => Vec::new(),
        }
    }

    pub(super) fn open(spec: &Spec<'_>) -> Result<Source> {
        let shown = crate::input::source::shown(spec.path);
        let fail = |m: String| EngineError::Input(format!("{shown}: {m}"));
        let names: Vec<String>;
        let kind = if let Some(table) = spec.memory {
            names = table
                .schema
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            let mut seen = HashSet::new();
            for n in &names {
                if !seen.insert(n.as_str()) {
                    return Err(fail(format!(
                        "column `{n}` appears twice in the schema (a table needs one column of \
                         each name)"
                    )));
                }
            }
            Kind::Arrow {
                table: table.clone(),
            }
        } else if crate::input::source::format(spec.path)? == crate::input::source::Format::Parquet
        {
            let file = crate::input::source::open(spec.path)?;
            let meta = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
                .map_err(|e| fail(format!("not a readable Parquet file: {e}")))?;
            let meta = with_dictionary_codes(meta);
            let schema = meta.schema().clone();
            names = schema.fields().iter().map(|f| f.name().clone()).collect();
            let mut seen = HashSet::new();
            for n in &names {
                if !seen.insert(n.as_str()) {
                    return Err(fail(format!(
                        "column `{n}` appears twice in the schema (a table needs one column \
                         of each name)"
                    )));
                }
            }
            let want = projected_columns(spec.read_ids, spec.read_village);
            let mut idx: Vec<usize> = want
                .iter()
                .filter_map(|c| schema.index_of(c).ok())
                .collect();
            idx.sort_unstable();
            let mask = ProjectionMask::roots(meta.parquet_schema(), idx);
            let groups = meta.metadata().num_row_groups();
            Kind::Parquet { meta, mask, groups }
        } else {
            let mut file = crate::input::source::open(spec.path)?;
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            // The header: read until its record is complete.
            let mut head = Vec::new();
            let header = loop {
                let before = head.len();
                (&mut file)
                    .take(64 * 1024)
                    .read_to_end(&mut head)
                    .map_err(|e| fail(format!("cannot read: {e}")))?;
                let eof = head.len() == before;
                match crate::input::csv_records::header(&head, eof) {
                    Some(h) => break h,
                    None if eof => break None,
                    None => {}
                }
            };
            let Some(header) = header else {
                return Err(fail("the file is empty (no header row)".into()));
            };
            if header.names.iter().all(|h| h.trim_ascii().is_empty()) {
                return Err(fail("the file is empty (no header row)".into()));
            }
            let mut index = HashMap::new();
            let mut list = Vec::new();
            let header_line = header.data_line.saturating_sub(1).max(1);
            for (i, h) in header.names.iter().enumerate() {
                let name = std::str::from_utf8(h)
                    .map_err(|_| {
                        fail(format!(
                            "row {header_line}: the header is not valid UTF-8 (files must be \
                             UTF-8)"
                        ))
                    })?
                    .trim()
                    .to_string();
                if index.insert(name.clone(), i).is_some() {
                    return Err(fail(format!(
                        "row {header_line}: column {} appears twice in the header",
                        crate::text::quote(&name)
                    )));
                }
                list.push(name);
            }
            names = list;
            Kind::Csv {
                data_start: header.data_start as u64,
                data_line: header.data_line,
                width: header.names.len(),
                index,
                len,
            }
        };
        let has = |c: &str| names.iter().any(|n| n == c);
        let base = "every household row needs it".to_string();
        for c in ["household_id", "county", "size", "year"] {
            if !has(c) {
                return Err(fail(format!("missing required column `{c}` ({base})")));
            }
        }
        for (c, why) in spec.needs {
            if !has(c) {
                return Err(fail(format!("missing required column `{c}` ({why})")));
            }
        }
        let known = Guarantee::ALL
            .iter()
            .filter(|g| has(g.column()))
            .fold(0u8, |acc, g| acc | g.bit());
        Ok(Source {
            shown,
            kind,
            known,
            has_village: has("village") && spec.read_village,
        })
    }
}

/// The household columns a scan decodes when present (a Parquet file's projection): the
/// required ones, the ids when checked, the village when village rules aggregate, income,
/// the guarantees and the monitoring columns.
pub(crate) fn projected_columns(read_ids: bool, read_village: bool) -> Vec<&'static str> {
    let mut want: Vec<&str> = vec!["county", "size", "year"];
    if read_ids {
        want.push("household_id");
    }
    if read_village {
        want.push("village");
    }
    want.push("net_income_per_capita");
    want.extend(Guarantee::ALL.iter().map(|g| g.column()));
    want.extend(MONITORING_COLUMNS);
    want
}

/// Text columns of few distinct values (the county and village codes, the registry status)
/// read as Arrow dictionaries: a Parquet writer stores them dictionary-encoded (pyarrow,
/// DuckDB and Spark do by default), and the reader then hands over the page's keys and its
/// small dictionary instead of a string per row, so each distinct code is looked up once per
/// batch. Other columns, and files whose metadata does not allow it, are read as they are.
fn with_dictionary_codes(meta: ArrowReaderMetadata) -> ArrowReaderMetadata {
    use arrow_schema::{DataType, Field, Schema};
    const CODES: [&str; 3] = ["county", "village", "registry_status"];
    let schema = meta.schema();
    let mut changed = false;
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| {
            let value = match f.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
                _ => return f.as_ref().clone(),
            };
            if !CODES.contains(&f.name().as_str()) {
                return f.as_ref().clone();
            }
            changed = true;
            f.as_ref().clone().with_data_type(DataType::Dictionary(
                Box::new(DataType::Int32),
                Box::new(value),
            ))
        })
        .collect();
    if !changed {
        return meta;
    }
    let hint = std::sync::Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    ArrowReaderMetadata::try_new(
        meta.metadata().clone(),
        ArrowReaderOptions::new().with_schema(hint),
    )
    .unwrap_or(meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int64Array, StringArray};
    use arrow_schema::{DataType, Field, Schema};

    /// A file with text codes (written dictionary-encoded or plain) is read with the codes
    /// as dictionaries and every other column as it is.
    #[test]
    fn text_codes_are_read_as_dictionaries() {
        for dictionary in [true, false] {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("h.parquet");
            let schema = std::sync::Arc::new(Schema::new(vec![
                Field::new("household_id", DataType::Utf8, false),
                Field::new("county", DataType::Utf8, false),
                Field::new("size", DataType::Int64, false),
            ]));
            let cols: Vec<ArrayRef> = vec![
                std::sync::Arc::new(StringArray::from(vec!["H1", "H2"])),
                std::sync::Arc::new(StringArray::from(vec!["130121", "130121"])),
                std::sync::Arc::new(Int64Array::from(vec![1, 2])),
            ];
            let batch = RecordBatch::try_new(schema.clone(), cols).expect("batch");
            let props = parquet::file::properties::WriterProperties::builder()
                .set_dictionary_enabled(dictionary)
                .build();
            let file = std::fs::File::create(&path).expect("create");
            let mut w =
                parquet::arrow::ArrowWriter::try_new(file, schema, Some(props)).expect("writer");
            w.write(&batch).expect("write");
            w.close().expect("close");
            let file = std::fs::File::open(&path).expect("open");
            let meta = with_dictionary_codes(
                ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).expect("meta"),
            );
            let types: Vec<DataType> = meta
                .schema()
                .fields()
                .iter()
                .map(|f| f.data_type().clone())
                .collect();
            let dict = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
            assert_eq!(types, [DataType::Utf8, dict, DataType::Int64]);
            let rows: Vec<RecordBatch> =
                ParquetRecordBatchReaderBuilder::new_with_metadata(file, meta)
                    .build()
                    .expect("reader")
                    .collect::<std::result::Result<_, _>>()
                    .expect("read");
            assert_eq!(rows[0].column(1).data_type(), &types[1]);
        }
    }
}
