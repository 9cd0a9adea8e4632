//! Household tables in Parquet, with the canonical column names.
//!
//! Only the columns a run needs are decoded (a projection). Types: text columns may be
//! `Utf8`, `LargeUtf8`, `Utf8View` or dictionary-encoded text with keys of any integer type
//! (pandas writes a categorical with 8- or 16-bit keys), and the code columns
//! (`household_id`, `county`, `village`) may also be whole numbers, read as their decimal
//! digits (pandas, polars and DuckDB read `130125` from a CSV as an integer); whole numbers any integer type, or
//! a float that is exactly a whole number (pandas turns an integer column with a missing
//! value into float64); money a decimal (`Decimal32`, `Decimal64`, `Decimal128`,
//! `Decimal256`) with at most two effective decimals (exact), a whole-yuan integer, text in
//! yuan, or a float read by the **shortest-decimal reading** below; booleans `Boolean`, 0/1
//! integers, 0.0/1.0 floats or text. A float NaN is a missing value, like a null.
//!
//! **Floating-point money (a reading).** A float cannot be compared exactly at a boundary,
//! but pandas gives float64 for an income column read from CSV text such as `2951.99`. fupin
//! reads a float as the shortest decimal that round-trips to it (Rust's and Python's `repr`:
//! the float nearest 2951.99 is read as 2951.99) and accepts it only when that decimal has
//! at most two decimal places; any other float (`0.1 + 0.2`, `1e-7`, infinities) is refused
//! naming the row and column. So the money compared is exactly what the writer typed,
//! whenever what it typed was money.
//!
//! The household scan ([`crate::input::scan`]) decodes Parquet columns with these readers; errors
//! name the file, the record (1-based; Parquet has no header row) and the column.

use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal32Type, Decimal64Type, Decimal128Type, Decimal256Type, Float32Type, Float64Type,
    Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use fupin_core::Money;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::{EngineError, Result};

/// A text column.
pub(crate) enum Text<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    Dict(&'a arrow_array::DictionaryArray<Int32Type>, Box<Text<'a>>),
}

impl<'a> Text<'a> {
    pub(crate) fn of(a: &'a ArrayRef) -> Option<Text<'a>> {
        match a.data_type() {
            DataType::Utf8 => Some(Text::Utf8(a.as_string::<i32>())),
            DataType::LargeUtf8 => Some(Text::Large(a.as_string::<i64>())),
            DataType::Utf8View => Some(Text::View(a.as_string_view())),
            DataType::Dictionary(k, _) if **k == DataType::Int32 => {
                let d = a.as_dictionary::<Int32Type>();
                Text::of(d.values()).map(|v| Text::Dict(d, Box::new(v)))
            }
            _ => None,
        }
    }

    /// Values (for a dictionary: rows, not dictionary entries).
    pub(crate) fn len(&self) -> usize {
        match self {
            Text::Utf8(a) => a.len(),
            Text::Large(a) => a.len(),
            Text::View(a) => a.len(),
            Text::Dict(d, _) => d.len(),
        }
    }

    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Text::Utf8(a) => (!a.is_null(i)).then(|| a.value(i)),
            Text::Large(a) => (!a.is_null(i)).then(|| a.value(i)),
            Text::View(a) => (!a.is_null(i)).then(|| a.value(i)),
            Text::Dict(d, values) => {
                if d.is_null(i) {
                    return None;
                }
                let k = d.keys().value(i);
                usize::try_from(k).ok().and_then(|k| values.get(k))
            }
        }
    }
}

/// Code columns that may be written as whole numbers.
const CODE_COLUMNS: [&str; 3] = ["household_id", "county", "village"];

/// Plain integer county codes are read directly by the scan (no text needed).
fn as_text(name: &str, t: &DataType) -> bool {
    CODE_COLUMNS.contains(&name) && t.is_integer() && name != "county"
}

/// Dictionary columns with keys other than `Int32` (pandas' categoricals have 8- or 16-bit
/// keys, other writers unsigned or 64-bit ones) as `Int32`-keyed dictionaries, and code
/// columns (`household_id`, `county`, `village`) of an integer type as their decimal text,
/// so that text columns are read one way; other columns unchanged.
pub(crate) fn normalize_batch(
    rb: arrow_array::RecordBatch,
) -> std::result::Result<arrow_array::RecordBatch, String> {
    let code = |name: &str| CODE_COLUMNS.contains(&name);
    let reshape_dict = |name: &str, t: &DataType| {
        matches!(t, DataType::Dictionary(k, v)
            if **k != DataType::Int32 || (code(name) && v.is_integer()))
    };
    let needs =
        rb.schema().fields().iter().zip(rb.columns()).any(|(f, a)| {
            reshape_dict(f.name(), a.data_type()) || as_text(f.name(), a.data_type())
        });
    if !needs {
        return Ok(rb);
    }
    let mut columns = Vec::with_capacity(rb.num_columns());
    for (f, a) in rb.schema().fields().iter().zip(rb.columns()) {
        match a.data_type() {
            // A code written as a whole number (pandas, polars and DuckDB read `130125`
            // from CSV as an integer): its decimal digits, exactly.
            t if as_text(f.name(), t) => {
                let text: arrow_array::StringArray = (0..a.len())
                    .map(|i| int_at(a, i).map(|r| r.map_or_else(|m| m, |v| v.to_string())))
                    .collect();
                columns.push(std::sync::Arc::new(text) as ArrayRef);
            }
            t if reshape_dict(f.name(), t) => {
                let d = a.as_any_dictionary();
                if d.values().len() > i32::MAX as usize {
                    return Err(format!(
                        "column `{}`: a dictionary of more than 2^31 values",
                        f.name()
                    ));
                }
                let keys: Vec<i32> = d
                    .normalized_keys()
                    .into_iter()
                    .map(|k| i32::try_from(k).unwrap_or(0))
                    .collect();
                let keys = arrow_array::Int32Array::new(keys.into(), d.keys().nulls().cloned());
                // Integer codes in a dictionary (a pandas categorical of codes read as
                // numbers): the dictionary's values as their digits.
                let values = d.values();
                let values: ArrayRef = if code(f.name()) && values.data_type().is_integer() {
                    let text: arrow_array::StringArray = (0..values.len())
                        .map(|i| int_at(values, i).map(|r| r.map_or_else(|m| m, |v| v.to_string())))
                        .collect();
                    std::sync::Arc::new(text)
                } else {
                    values.clone()
                };
                let dict = arrow_array::DictionaryArray::<Int32Type>::try_new(keys, values)
                    .map_err(|e| format!("column `{}`: {e}", f.name()))?;
                columns.push(std::sync::Arc::new(dict) as ArrayRef);
            }
            _ => columns.push(a.clone()),
        }
    }
    let fields: Vec<arrow_schema::Field> = rb
        .schema()
        .fields()
        .iter()
        .zip(&columns)
        .map(|(f, a)| f.as_ref().clone().with_data_type(a.data_type().clone()))
        .collect();
    arrow_array::RecordBatch::try_new(
        std::sync::Arc::new(arrow_schema::Schema::new(fields)),
        columns,
    )
    .map_err(|e| e.to_string())
}

/// A whole-number column.
pub(crate) fn int_at(a: &ArrayRef, i: usize) -> Option<std::result::Result<i64, String>> {
    if a.is_null(i) {
        return None;
    }
    let v: Option<i64> = match a.data_type() {
        DataType::Int8 => Some(a.as_primitive::<Int8Type>().value(i).into()),
        DataType::Int16 => Some(a.as_primitive::<Int16Type>().value(i).into()),
        DataType::Int32 => Some(a.as_primitive::<Int32Type>().value(i).into()),
        DataType::Int64 => Some(a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => Some(a.as_primitive::<UInt8Type>().value(i).into()),
        DataType::UInt16 => Some(a.as_primitive::<UInt16Type>().value(i).into()),
        DataType::UInt32 => Some(a.as_primitive::<UInt32Type>().value(i).into()),
        DataType::UInt64 => i64::try_from(a.as_primitive::<UInt64Type>().value(i)).ok(),
        DataType::Float32 | DataType::Float64 => {
            let f = float_at(a, i);
            if f.is_nan() {
                return None;
            }
            if f.fract() != 0.0 || !f.is_finite() || f.abs() > 9.0e15 {
                return Some(Err(format!("{f} is not a whole number")));
            }
            Some(f as i64)
        }
        _ => None,
    };
    if v.is_none()
        && let Some(t) = Text::of(a)
    {
        // Whole numbers stored as text (spreadsheets, object columns) read as CSV reads them.
        let s = t.get(i)?;
        return Some(
            s.trim()
                .parse::<i64>()
                .map_err(|_| format!("{} is not a whole number", crate::text::quote(s))),
        );
    }
    Some(v.ok_or_else(|| match a.data_type() {
        DataType::UInt64 => "is out of range".to_string(),
        t => format!("is of type {t}, not a whole number"),
    }))
}

/// Money, exact, in fen.
pub(crate) fn money_at(a: &ArrayRef, i: usize) -> Option<std::result::Result<Money, String>> {
    if a.is_null(i) {
        return None;
    }
    Some(match a.data_type() {
        DataType::Decimal32(_, scale) => decimal_fen(
            i128::from(a.as_primitive::<Decimal32Type>().value(i)),
            *scale,
        ),
        DataType::Decimal64(_, scale) => decimal_fen(
            i128::from(a.as_primitive::<Decimal64Type>().value(i)),
            *scale,
        ),
        DataType::Decimal128(_, scale) => {
            decimal_fen(a.as_primitive::<Decimal128Type>().value(i), *scale)
        }
        DataType::Decimal256(_, scale) => {
            let v = a.as_primitive::<Decimal256Type>().value(i);
            match v.to_i128() {
                Some(v) => decimal_fen(v, *scale),
                None => Err(format!("{v}e-{scale} is out of range")),
            }
        }
        DataType::Float32 | DataType::Float64 => {
            let f = float_at(a, i);
            if f.is_nan() {
                return None;
            }
            float_money(a.data_type(), f)
        }
        _ => match Text::of(a) {
            Some(t) => t.get(i).map_or(Err("is empty".to_string()), |s| {
                s.parse::<Money>().map_err(|e| e.to_string())
            }),
            None => int_at(a, i)
                .unwrap_or(Err("is empty".to_string()))
                .map(Money::from_yuan),
        },
    })
}

/// Float `i` of a Float32 or Float64 column (as f64, exactly).
fn float_at(a: &ArrayRef, i: usize) -> f64 {
    match a.data_type() {
        DataType::Float32 => f64::from(a.as_primitive::<Float32Type>().value(i)),
        _ => a.as_primitive::<Float64Type>().value(i),
    }
}

/// A decimal `v × 10^-scale` in fen, exactly: refused when it has more than two effective
/// decimals or does not fit.
pub(crate) fn decimal_fen(v: i128, scale: i8) -> std::result::Result<Money, String> {
    let s = i32::from(scale);
    // Scales beyond 10^38 either way (arrow allows -128..=127) cannot hold a fen amount:
    // `checked_pow` turns them into the out-of-range error, never a panic.
    let fen = if s <= 2 {
        10i128
            .checked_pow(s.abs_diff(2))
            .and_then(|m| v.checked_mul(m))
    } else {
        match 10i128.checked_pow(s.abs_diff(2)) {
            Some(d) if v % d != 0 => {
                return Err(format!(
                    "{v}e-{s} has more than two decimals (money is in yuan to the fen)"
                ));
            }
            Some(d) => Some(v / d),
            None if v == 0 => Some(0),
            None => {
                return Err(format!(
                    "{v}e-{s} has more than two decimals (money is in yuan to the fen)"
                ));
            }
        }
    };
    fen.and_then(|f| i64::try_from(f).ok())
        .map(Money::from_fen)
        .ok_or_else(|| format!("{v}e-{s} is out of range"))
}

/// The fast, exact form of the shortest-decimal reading for Float64 amounts below 10^13
/// yuan (where float spacing is under a fen): the
/// float is the one nearest `n / 100` for the integer `n` nearest `100 f`, that is, some
/// decimal of at most two places reads back as this float, which is exactly when its
/// shortest round-trip decimal has at most two places (the two-place decimal is unique at
/// these magnitudes). `None`: not such a float, or out of this range (the text path
/// decides and words the error).
pub(crate) fn float_fen(t: &DataType, f: f64) -> Option<Money> {
    // Float32 is too coarse: above 2^16 several two-place amounts share one float, and the
    // text path picks the shortest.
    if *t != DataType::Float64 || f.is_nan() || f.abs() >= 1e13 {
        return None;
    }
    let n = (f * 100.0).round();
    (n / 100.0 == f).then(|| Money::from_fen(n as i64))
}

/// Floating-point money by the shortest-decimal reading (module docs): the shortest decimal
/// that round-trips to the float, accepted only with at most two decimal places.
pub(crate) fn float_money(t: &DataType, f: f64) -> std::result::Result<Money, String> {
    if let Some(m) = float_fen(t, f) {
        return Ok(m);
    }
    if !f.is_finite() {
        return Err(format!("{f} is not an amount of money"));
    }
    // The shortest round-trip text of the float as it was stored (f32 or f64).
    let text = match t {
        DataType::Float32 => format!("{}", f as f32),
        _ => format!("{f}"),
    };
    text.parse::<Money>().map_err(|_| {
        format!(
            "{text} (a {t} value) is not exactly an amount with at most two decimals: store \
             money as decimal(12,2) or text, or round it to the fen"
        )
    })
}

/// A yes/no column.
pub(crate) fn bool_at(a: &ArrayRef, i: usize) -> Option<std::result::Result<bool, String>> {
    if a.is_null(i) {
        return None;
    }
    Some(match a.data_type() {
        DataType::Boolean => Ok(a.as_boolean().value(i)),
        DataType::Float32 | DataType::Float64 => {
            let f = float_at(a, i);
            if f.is_nan() {
                return None;
            }
            match f {
                0.0 => Ok(false),
                1.0 => Ok(true),
                f => Err(format!("{f} is not a flag (0 or 1)")),
            }
        }
        _ => match Text::of(a) {
            Some(t) => crate::input::values::parse_bool(t.get(i).unwrap_or("")),
            None => int_at(a, i)
                .unwrap_or(Err("is empty".to_string()))
                .and_then(|n| match n {
                    0 => Ok(false),
                    1 => Ok(true),
                    n => Err(format!("{n} is not a boolean (0 or 1)")),
                }),
        },
    })
}

/// The column names of a Parquet file.
pub fn column_names(path: &Path) -> Result<std::collections::BTreeSet<String>> {
    let shown = crate::input::source::shown(path);
    let file = crate::input::source::open(path)?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| EngineError::Input(format!("{shown}: not a readable Parquet file: {e}")))?;
    Ok(builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use arrow_array::{Decimal128Array, Float64Array, Int64Array, StringArray};

    use super::*;

    fn dec(v: i128, scale: i8) -> ArrayRef {
        Arc::new(
            Decimal128Array::from(vec![v])
                .with_precision_and_scale(38, scale)
                .expect("decimal"),
        )
    }

    #[test]
    fn decimal_money_is_exact_at_any_scale_down_to_the_fen() {
        // 2300.00 yuan at scales 2, 0 and 4 (trailing zeros below the fen are fine).
        for (v, s) in [(230_000, 2), (2_300, 0), (23_000_000, 4)] {
            let m = money_at(&dec(v, s), 0).expect("present").expect("exact");
            assert_eq!(m, Money::from_fen(230_000), "{v}e-{s}");
        }
        // One ten-thousandth of a yuan more is not a fen amount: refused, not rounded.
        let e = money_at(&dec(23_000_001, 4), 0).expect("present");
        assert!(matches!(e, Err(m) if m.contains("more than two decimals")));
    }

    #[test]
    fn extreme_decimal_scales_are_errors_not_panics() {
        // 1e38 yuan: 10^40 fen overflows i128 (a plain `pow` would panic).
        assert!(matches!(money_at(&dec(1, -38), 0), Some(Err(_))));
        assert!(matches!(money_at(&dec(1, 38), 0), Some(Err(_))));
        assert_eq!(money_at(&dec(0, 38), 0), Some(Ok(Money::from_fen(0))));
    }

    #[test]
    fn float_money_by_the_shortest_decimal_and_text_or_whole_yuan_accepted() {
        // Both sides of the reading: a float that is a two-place decimal, and one that is not.
        let f: ArrayRef = Arc::new(Float64Array::from(vec![
            2951.99,
            0.1 + 0.2,
            2300.001,
            f64::NAN,
            f64::INFINITY,
            -0.0,
        ]));
        assert_eq!(money_at(&f, 0), Some(Ok(Money::from_fen(295_199))));
        assert!(money_at(&f, 1).expect("present").is_err());
        assert!(money_at(&f, 2).expect("present").is_err());
        assert_eq!(money_at(&f, 3), None, "NaN is a missing value");
        assert!(money_at(&f, 4).expect("present").is_err());
        assert_eq!(money_at(&f, 5), Some(Ok(Money::ZERO)));
        let f32s: ArrayRef = Arc::new(arrow_array::Float32Array::from(vec![2951.99f32]));
        assert_eq!(money_at(&f32s, 0), Some(Ok(Money::from_fen(295_199))));
        // Flags and whole numbers stored as floats.
        let flags: ArrayRef = Arc::new(Float64Array::from(vec![0.0, 1.0, 0.5]));
        assert_eq!(bool_at(&flags, 0), Some(Ok(false)));
        assert_eq!(bool_at(&flags, 1), Some(Ok(true)));
        assert!(bool_at(&flags, 2).expect("present").is_err());
        let ints: ArrayRef = Arc::new(Float64Array::from(vec![3.0, 2.5]));
        assert_eq!(int_at(&ints, 0), Some(Ok(3)));
        assert!(int_at(&ints, 1).expect("present").is_err());
        let t: ArrayRef = Arc::new(StringArray::from(vec!["2300.01"]));
        assert_eq!(
            money_at(&t, 0).expect("present"),
            Ok(Money::from_fen(230_001))
        );
        let y: ArrayRef = Arc::new(Int64Array::from(vec![2300]));
        assert_eq!(
            money_at(&y, 0).expect("present"),
            Ok(Money::from_fen(230_000))
        );
    }

    /// Floats to test money readings on: the float nearest `fen` fen, a neighbour `nudge`
    /// units in the last place away, and a finer amount (`fen` at 3 to 5 decimal places).
    pub(crate) fn floats_near_amounts(fen: i64, nudge: i64, scale: u32) -> [f64; 3] {
        let exact = fen as f64 / 100.0;
        let f = f64::from_bits((exact.to_bits() as i64 + nudge) as u64);
        let g = fen as f64 / 10f64.powi(scale as i32 + 2);
        [exact, f, g]
    }

    /// The shortest-decimal reading through text, as the module docs state it.
    fn by_text(t: &DataType, f: f64) -> Option<Money> {
        let text = match t {
            DataType::Float32 => format!("{}", f as f32),
            _ => format!("{f}"),
        };
        text.parse::<Money>().ok()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        #[test]
        fn the_fast_float_reading_is_the_text_reading(
            fen in -1_000_000_000_000i64..1_000_000_000_000,
            nudge in -3i64..=3,
            scale in 0u32..4,
        ) {
            for v in floats_near_amounts(fen, nudge, scale) {
                proptest::prop_assert_eq!(float_fen(&DataType::Float64, v), by_text(&DataType::Float64, v), "{}", v);
                proptest::prop_assert_eq!(float_money(&DataType::Float64, v).ok(), by_text(&DataType::Float64, v));
            }
            // Float32 takes the text path (the fast form declines it).
            let v32 = f64::from((fen % 100_000_000) as f32 / 100.0);
            proptest::prop_assert_eq!(float_fen(&DataType::Float32, v32), None);
            proptest::prop_assert_eq!(float_money(&DataType::Float32, v32).ok(), by_text(&DataType::Float32, v32));
        }
    }

    #[test]
    fn a_null_is_a_missing_value_not_zero() {
        let t: ArrayRef = Arc::new(StringArray::from(vec![None::<&str>]));
        assert!(money_at(&t, 0).is_none());
    }
}
