//! Parquet household input: the same households as CSV give exactly the same assessment,
//! and Parquet-specific bad inputs are named.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Decimal128Array, Float64Array, Int8Array, Int16Array, RecordBatch,
    StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use fupin::{AssessOptions, Doc, Format, HouseholdDetail, Plan, Profile, assess, render};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The sample households as Arrow columns (money as decimal(12,2)).
fn sample_columns(float_income: bool) -> (Arc<Schema>, Vec<ArrayRef>) {
    let mut r = csv::Reader::from_path(root().join("data/sample/households.csv")).expect("csv");
    let mut cols: Vec<Vec<String>> = vec![Vec::new(); 11];
    for rec in r.records() {
        let rec = rec.expect("record");
        for (c, v) in cols.iter_mut().zip(rec.iter()) {
            c.push(v.to_string());
        }
    }
    let text = |i: usize| Arc::new(StringArray::from(cols[i].clone())) as ArrayRef;
    let fen: Vec<i128> = cols[5]
        .iter()
        .map(|v| {
            let (a, b) = v.split_once('.').unwrap_or((v, "0"));
            i128::from(a.parse::<i64>().expect("yuan")) * 100
                + i128::from(format!("{b:0<2}").parse::<i64>().expect("fen"))
        })
        .collect();
    let income: ArrayRef = if float_income {
        Arc::new(Float64Array::from(
            fen.iter().map(|f| *f as f64 / 100.0).collect::<Vec<_>>(),
        ))
    } else {
        Arc::new(
            Decimal128Array::from(fen)
                .with_precision_and_scale(12, 2)
                .expect("decimal"),
        )
    };
    let flag = |i: usize| {
        Arc::new(BooleanArray::from(
            cols[i].iter().map(|v| v == "1").collect::<Vec<_>>(),
        )) as ArrayRef
    };
    let arrays = vec![
        text(0),
        text(1),
        text(2),
        Arc::new(Int8Array::from(
            cols[3]
                .iter()
                .map(|v| v.parse::<i8>().expect("size"))
                .collect::<Vec<_>>(),
        )) as ArrayRef,
        Arc::new(Int16Array::from(
            cols[4]
                .iter()
                .map(|v| v.parse::<i16>().expect("year"))
                .collect::<Vec<_>>(),
        )) as ArrayRef,
        income.clone(),
        flag(6),
        flag(7),
        flag(8),
        flag(9),
        flag(10),
    ];
    let fields: Vec<Field> = [
        "household_id",
        "county",
        "village",
        "size",
        "year",
        "net_income_per_capita",
        "food_clothing",
        "compulsory_education",
        "basic_medical",
        "safe_housing",
        "safe_water",
    ]
    .iter()
    .zip(&arrays)
    .map(|(n, a)| Field::new(*n, a.data_type().clone(), false))
    .collect();
    (Arc::new(Schema::new(fields)), arrays)
}

fn write_parquet(path: &Path, float_income: bool) {
    write_parquet_with(path, float_income, true);
}

/// `dictionary`: text columns dictionary-encoded (every writer's default) or plain.
fn write_parquet_with(path: &Path, float_income: bool, dictionary: bool) {
    let (schema, arrays) = sample_columns(float_income);
    let batch = RecordBatch::try_new(schema.clone(), arrays).expect("batch");
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(500))
        .set_dictionary_enabled(dictionary)
        .build();
    let file = std::fs::File::create(path).expect("create");
    let mut w = ArrowWriter::try_new(file, schema, Some(props)).expect("writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
}

/// The plan of a shipped profile (`profiles/NAME`).
fn plan_of(name: &str) -> Plan {
    let p = Profile::load(&root().join("profiles").join(name)).expect("profile");
    Plan::build(p, None).expect("plan")
}

fn run(households: Option<PathBuf>) -> Result<(String, String), String> {
    fupin::link_all();
    let plan = plan_of("national-2011.toml");
    let a = assess(
        &plan,
        &AssessOptions {
            counties: households
                .as_ref()
                .map(|_| root().join("data/sample/counties.csv")),
            villages: households
                .as_ref()
                .map(|_| root().join("data/sample/villages.csv")),
            households,
            household_detail: Some(HouseholdDetail::All),
            batch_rows: Some(333),
            ..AssessOptions::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let decisions = serde_json::to_string(&a.decisions).expect("json");
    let summary = serde_json::to_string(&a.summary).expect("json");
    let _ = render(Doc::Assessment(&a), Format::Json).expect("renders");
    Ok((decisions, summary))
}

#[test]
fn parquet_and_csv_give_the_same_assessment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    write_parquet(&pq, false);
    assert_same_as_csv(pq);
}

#[test]
fn text_codes_stored_plain_or_dictionary_encoded_read_the_same() {
    // The county, village and registry status columns are read as Arrow dictionaries (a
    // page's keys, each code looked up once): with dictionary pages, and without them (the
    // reader then builds the dictionary), the assessment is the CSV's.
    let dir = tempfile::tempdir().expect("tempdir");
    for dictionary in [true, false] {
        let pq = dir.path().join(format!("households-{dictionary}.parquet"));
        write_parquet_with(&pq, false, dictionary);
        assert_same_as_csv(pq);
    }
}

#[test]
fn float_money_is_read_as_its_shortest_decimal_and_refused_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    // What pandas writes after reading "2951.99": the float nearest each amount.
    write_parquet(&pq, true);
    let csv = run(None).expect("csv run");
    let parquet = run(Some(pq.clone())).expect("float run");
    assert_eq!(csv.0, parquet.0, "decisions differ");
    assert_eq!(csv.1, parquet.1, "summaries differ");
    // A float that is not a two-place decimal (0.1 + 0.2) is refused, naming the row.
    let (schema, mut arrays) = sample_columns(true);
    let mut v: Vec<f64> = arrays[5]
        .as_any()
        .downcast_ref::<Float64Array>()
        .expect("f64")
        .values()
        .to_vec();
    v[2] = 0.1 + 0.2;
    arrays[5] = Arc::new(Float64Array::from(v));
    write_batch(&pq, schema, arrays);
    let e = run(Some(pq)).expect_err("inexact float");
    assert!(e.contains("row 3, column `net_income_per_capita`"), "{e}");
    assert!(e.contains("0.30000000000000004"), "{e}");
    assert!(
        e.contains("not exactly an amount with at most two decimals"),
        "{e}"
    );
}

/// The households of a Parquet file give the CSV sample's decisions and summary.
fn assert_same_as_csv(pq: PathBuf) {
    let csv = run(None).expect("csv run");
    let parquet = run(Some(pq)).expect("parquet run");
    assert_eq!(csv.0, parquet.0, "decisions differ");
    assert_eq!(csv.1, parquet.1, "summaries differ");
}

fn write_batch(path: &Path, schema: Arc<Schema>, arrays: Vec<ArrayRef>) {
    let batch = RecordBatch::try_new(schema.clone(), arrays).expect("batch");
    let mut w = ArrowWriter::try_new(std::fs::File::create(path).expect("create"), schema, None)
        .expect("writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
}

fn with_columns(
    schema: &Schema,
    arrays: &[ArrayRef],
    change: &[(usize, ArrayRef)],
) -> (Arc<Schema>, Vec<ArrayRef>) {
    let mut arrays = arrays.to_vec();
    for (i, a) in change {
        arrays[*i] = a.clone();
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .zip(&arrays)
        .map(|(f, a)| Field::new(f.name(), a.data_type().clone(), true))
        .collect();
    (Arc::new(Schema::new(fields)), arrays)
}

#[test]
fn other_writers_types_give_the_same_assessment() {
    use arrow_array::types::{Int8Type, UInt16Type};
    use arrow_array::{Decimal256Array, DictionaryArray, LargeStringArray, StringViewArray};
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    let (schema, arrays) = sample_columns(false);
    let strings = |i: usize| -> Vec<String> {
        let a = arrays[i]
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("text");
        a.iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect()
    };
    // pandas' categorical (8-bit keys), 16-bit keys over large strings, string views,
    // decimal256 money and 0.0/1.0 float flags.
    let county: DictionaryArray<Int8Type> = strings(1).iter().map(String::as_str).collect();
    let village_values = LargeStringArray::from(strings(2));
    let village_keys: Vec<u16> = (0..arrow_array::Array::len(&village_values) as u16).collect();
    let village =
        DictionaryArray::<UInt16Type>::try_new(village_keys.into(), Arc::new(village_values))
            .expect("dictionary");
    let ids = StringViewArray::from(strings(0));
    let fen: Vec<i128> = arrays[5]
        .as_any()
        .downcast_ref::<Decimal128Array>()
        .expect("decimal")
        .values()
        .to_vec();
    let income = Decimal256Array::from(
        fen.iter()
            .map(|f| arrow_buffer::i256::from_i128(*f * 100))
            .collect::<Vec<_>>(),
    )
    .with_precision_and_scale(40, 4)
    .expect("decimal256");
    let flag = arrays[6]
        .as_any()
        .downcast_ref::<BooleanArray>()
        .expect("bool")
        .iter()
        .map(|b| if b == Some(true) { 1.0 } else { 0.0 })
        .collect::<Vec<f64>>();
    let (schema, arrays) = with_columns(
        &schema,
        &arrays,
        &[
            (0, Arc::new(ids) as ArrayRef),
            (1, Arc::new(county) as ArrayRef),
            (2, Arc::new(village) as ArrayRef),
            (5, Arc::new(income) as ArrayRef),
            (6, Arc::new(Float64Array::from(flag)) as ArrayRef),
        ],
    );
    write_batch(&pq, schema, arrays);
    assert_same_as_csv(pq);
}

#[test]
fn integer_codes_as_pandas_writes_them_give_the_same_assessment() {
    use arrow_array::Int64Array;
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    let (schema, arrays) = sample_columns(false);
    let ints = |i: usize| -> ArrayRef {
        let a = arrays[i]
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("text");
        Arc::new(Int64Array::from(
            a.iter()
                .map(|v| v.and_then(|v| v.parse::<i64>().ok()))
                .collect::<Vec<_>>(),
        ))
    };
    // The village as pandas writes a categorical of integer codes: 16-bit keys over Int64.
    let village_ints = ints(2);
    let village_ints = village_ints
        .as_any()
        .downcast_ref::<Int64Array>()
        .expect("ints");
    let village: arrow_array::DictionaryArray<arrow_array::types::Int16Type> =
        arrow_array::DictionaryArray::try_new(
            (0..village_ints.len() as i16).collect::<Vec<_>>().into(),
            Arc::new(village_ints.clone()),
        )
        .expect("dictionary");
    let (schema, arrays) = with_columns(
        &schema,
        &arrays,
        &[(1, ints(1)), (2, Arc::new(village) as ArrayRef)],
    );
    write_batch(&pq, schema, arrays);
    assert_same_as_csv(pq);
}

#[test]
fn a_column_present_twice_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    let (schema, mut arrays) = sample_columns(false);
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("size", DataType::Int8, false));
    arrays.push(arrays[3].clone());
    write_batch(&pq, Arc::new(Schema::new(fields)), arrays);
    let e = run(Some(pq)).expect_err("duplicate");
    assert!(e.contains("column `size` appears twice"), "{e}");
}

#[test]
fn a_parquet_file_without_a_required_column_or_not_parquet_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    let (schema, arrays) = sample_columns(false);
    // Drop `size`.
    let keep: Vec<usize> = (0..arrays.len()).filter(|&i| i != 3).collect();
    let schema = Arc::new(schema.project(&keep).expect("project"));
    let arrays: Vec<ArrayRef> = keep.iter().map(|&i| arrays[i].clone()).collect();
    let batch = RecordBatch::try_new(schema.clone(), arrays).expect("batch");
    let mut w = ArrowWriter::try_new(std::fs::File::create(&pq).expect("create"), schema, None)
        .expect("writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
    let e = run(Some(pq.clone())).expect_err("missing column");
    assert!(e.contains("missing required column `size`"), "{e}");
    std::fs::write(&pq, "household_id,county\n").expect("write");
    let e = run(Some(pq)).expect_err("not parquet");
    assert!(e.contains("is not a Parquet file"), "{e}");
    assert!(e.contains("looks like text"), "{e}");
    let _ = DataType::Utf8;
}

#[test]
fn streamed_decisions_are_the_same_from_parquet_and_csv_and_match_the_report() {
    fupin::link_all();
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    write_parquet(&pq, false);
    let plan = plan_of("national-2011.toml");
    let stream = |households: Option<PathBuf>, out: &Path, detail: HouseholdDetail| {
        assess(
            &plan,
            &AssessOptions {
                counties: households
                    .as_ref()
                    .map(|_| root().join("data/sample/counties.csv")),
                villages: households
                    .as_ref()
                    .map(|_| root().join("data/sample/villages.csv")),
                households,
                household_detail: Some(detail),
                // Parquet row groups of 500 read in parts of 97 rows.
                batch_rows: Some(97),
                decisions_out: Some(out.to_path_buf()),
                ..AssessOptions::default()
            },
        )
        .expect("assessment")
    };
    let from_csv = dir.path().join("csv.jsonl");
    let from_pq = dir.path().join("pq.jsonl");
    let a = stream(None, &from_csv, HouseholdDetail::All);
    stream(Some(pq), &from_pq, HouseholdDetail::None);
    let csv_text = std::fs::read_to_string(&from_csv).expect("csv decisions");
    assert_eq!(
        csv_text,
        std::fs::read_to_string(&from_pq).expect("parquet decisions")
    );
    let in_report: Vec<String> = a
        .decisions
        .iter()
        .filter(|d| d.level == fupin::Level::Household)
        .map(|d| serde_json::to_string(d).expect("json"))
        .collect();
    let streamed: Vec<&str> = csv_text.lines().collect();
    assert_eq!(streamed.len(), in_report.len());
    assert!(streamed.iter().zip(&in_report).all(|(a, b)| a == b));
}

#[test]
fn tabulations_are_identical_whatever_the_thread_count_and_source() {
    fupin::link_all();
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    write_parquet(&pq, false);
    let plans: Vec<Plan> = ["w1-1150", "w1-1920", "w1-3218"]
        .iter()
        .map(|n| plan_of(&format!("w1/{n}.toml")))
        .collect();
    let tab = |threads: usize, households: Option<PathBuf>| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| {
            fupin::tabulate(
                &plans,
                &AssessOptions {
                    counties: households
                        .as_ref()
                        .map(|_| root().join("data/sample/counties.csv")),
                    villages: households
                        .as_ref()
                        .map(|_| root().join("data/sample/villages.csv")),
                    households,
                    batch_rows: Some(61),
                    ..AssessOptions::default()
                },
            )
            .expect("tabulation")
            .rows
        })
    };
    let base = tab(1, None);
    assert!(base.iter().any(|r| r.poor_persons.unwrap_or(0) > 0));
    for threads in [1, 2, 4] {
        assert_eq!(tab(threads, None), base, "csv, {threads} threads");
        assert_eq!(
            tab(threads, Some(pq.clone())),
            base,
            "parquet, {threads} threads"
        );
    }
}

#[test]
fn progress_reaches_the_whole_source() {
    fupin::link_all();
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households.parquet");
    write_parquet(&pq, false);
    let plan = plan_of("national-2011.toml");
    let csv_len = std::fs::metadata(root().join("data/sample/households.csv"))
        .expect("sample")
        .len();
    for (households, total) in [(None, None), (Some(pq), Some(6u64))] {
        let calls = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = calls.clone();
        assess(
            &plan,
            &AssessOptions {
                counties: households
                    .as_ref()
                    .map(|_| root().join("data/sample/counties.csv")),
                villages: households
                    .as_ref()
                    .map(|_| root().join("data/sample/villages.csv")),
                households,
                progress: Some(fupin::Progress(Arc::new(move |d, t| {
                    seen.lock().expect("lock").push((d, t));
                }))),
                ..AssessOptions::default()
            },
        )
        .expect("assessment");
        let calls = calls.lock().expect("lock");
        let &(done, all) = calls.last().expect("progress was reported");
        assert_eq!(done, all, "ends complete");
        // Row groups of 500 for Parquet (2,549 households: 6); bytes after the header for CSV.
        match total {
            Some(t) => assert_eq!(all, t),
            None => assert!(all == csv_len && done <= csv_len),
        }
        assert!(
            calls.windows(2).all(|w| w[0].0 <= w[1].0),
            "never goes back"
        );
    }
}

/// The 2021 monitoring sample from Parquet (statuses as text and as the codes 1, 2, 3;
/// rigid expenditure as decimal(12,2); the hardship flag as booleans) gives the CSV's
/// assessment under `monitoring-2021`, and a bad status is named by row and column.
#[test]
fn monitoring_columns_from_parquet_give_the_csv_assessment() {
    use fupin::RegistryStatus;
    fupin::link_all();
    let csv_path = root().join("data/sample/households-2021.csv");
    let mut r = csv::Reader::from_path(&csv_path).expect("csv");
    let mut cols: Vec<Vec<String>> = vec![Vec::new(); 9];
    for rec in r.records() {
        let rec = rec.expect("record");
        for (c, v) in cols.iter_mut().zip(rec.iter()) {
            c.push(v.to_string());
        }
    }
    let text = |i: usize| Arc::new(StringArray::from(cols[i].clone())) as ArrayRef;
    let fen = |i: usize| -> ArrayRef {
        let v: Vec<i128> = cols[i]
            .iter()
            .map(|v| {
                let (a, b) = v.split_once('.').unwrap_or((v, "0"));
                i128::from(a.parse::<i64>().expect("yuan")) * 100
                    + i128::from(format!("{b:0<2}").parse::<i64>().expect("fen"))
            })
            .collect();
        Arc::new(
            Decimal128Array::from(v)
                .with_precision_and_scale(12, 2)
                .expect("decimal"),
        )
    };
    let int16 = |i: usize| -> ArrayRef {
        Arc::new(Int16Array::from(
            cols[i]
                .iter()
                .map(|v| v.parse::<i16>().expect("int"))
                .collect::<Vec<_>>(),
        ))
    };
    let codes: ArrayRef = Arc::new(Int8Array::from(
        cols[6]
            .iter()
            .map(|v| v.parse::<RegistryStatus>().expect("status") as i8)
            .collect::<Vec<_>>(),
    ));
    let hardship: ArrayRef = Arc::new(BooleanArray::from(
        cols[8].iter().map(|v| v == "true").collect::<Vec<_>>(),
    ));
    let names = [
        "household_id",
        "county",
        "village",
        "size",
        "year",
        "net_income_per_capita",
        "registry_status",
        "rigid_expenditure_per_capita",
        "sudden_hardship",
    ];
    let build = |status: ArrayRef| {
        let arrays = vec![
            text(0),
            text(1),
            text(2),
            int16(3),
            int16(4),
            fen(5),
            status,
            fen(7),
            hardship.clone(),
        ];
        let fields: Vec<Field> = names
            .iter()
            .zip(&arrays)
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), false))
            .collect();
        (Arc::new(Schema::new(fields)), arrays)
    };
    let run_monitoring = |households: PathBuf| -> Result<(String, String), String> {
        let plan = plan_of("monitoring-2021.toml");
        let a = assess(
            &plan,
            &AssessOptions {
                counties: Some(root().join("data/sample/counties.csv")),
                villages: Some(root().join("data/sample/villages.csv")),
                households: Some(households),
                household_detail: Some(HouseholdDetail::All),
                batch_rows: Some(333),
                ..AssessOptions::default()
            },
        )
        .map_err(|e| e.to_string())?;
        Ok((
            serde_json::to_string(&a.decisions).expect("json"),
            serde_json::to_string(&a.summary).expect("json"),
        ))
    };
    let from_csv = run_monitoring(csv_path).expect("csv run");
    assert!(from_csv.1.contains("unstable_exited"), "{}", from_csv.1);
    let dir = tempfile::tempdir().expect("tempdir");
    let pq = dir.path().join("households-2021.parquet");
    for status in [text(6), codes] {
        let (schema, arrays) = build(status);
        write_batch(&pq, schema, arrays);
        let from_pq = run_monitoring(pq.clone()).expect("parquet run");
        assert_eq!(from_csv.0, from_pq.0, "decisions differ");
        assert_eq!(from_csv.1, from_pq.1, "summaries differ");
    }
    let mut bad = cols[6].clone();
    bad[4] = "retired".into();
    let (schema, arrays) = build(Arc::new(StringArray::from(bad)));
    write_batch(&pq, schema, arrays);
    let e = run_monitoring(pq).expect_err("bad status");
    assert!(e.contains("row 5, column `registry_status`"), "{e}");
    assert!(e.contains("is not a registry status"), "{e}");
}
