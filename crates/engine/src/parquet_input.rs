//! Household tables in Parquet, with the canonical column names.
//!
//! Only the columns a run needs are decoded (a projection). Types: text columns may be
//! `Utf8`, `LargeUtf8`, `Utf8View` or dictionary-encoded text; whole numbers any integer
//! type; money `Decimal128` with at most two decimals (exact), a whole-yuan integer, or text
//! in yuan; booleans `Boolean`, 0/1 integers or text. Floating-point money is refused: it is
//! not exact. The household scan ([`crate::scan`]) decodes Parquet columns with these
//! readers; errors name the file, the record (1-based; Parquet has no header row) and the
//! column.

use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type,
    UInt64Type,
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
        _ => None,
    };
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
        DataType::Decimal128(_, scale) => {
            let v = a.as_primitive::<Decimal128Type>().value(i);
            let s = i32::from(*scale);
            // Scales beyond 10^38 either way (arrow allows -128..=127) cannot hold a fen
            // amount: `checked_pow` turns them into the out-of-range error, never a panic.
            let fen = if s <= 2 {
                10i128
                    .checked_pow(s.abs_diff(2))
                    .and_then(|m| v.checked_mul(m))
            } else {
                match 10i128.checked_pow(s.abs_diff(2)) {
                    Some(d) if v % d != 0 => {
                        return Some(Err(format!(
                            "{v}e-{s} has more than two decimals (money is in yuan to the fen)"
                        )));
                    }
                    Some(d) => Some(v / d),
                    None if v == 0 => Some(0),
                    None => {
                        return Some(Err(format!(
                            "{v}e-{s} has more than two decimals (money is in yuan to the fen)"
                        )));
                    }
                }
            };
            fen.and_then(|f| i64::try_from(f).ok())
                .map(Money::from_fen)
                .ok_or_else(|| format!("{v}e-{s} is out of range"))
        }
        DataType::Float32 | DataType::Float64 => Err(format!(
            "is of type {}: floating-point money is not exact; store decimal(12,2) or text",
            a.data_type()
        )),
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

/// A yes/no column.
pub(crate) fn bool_at(a: &ArrayRef, i: usize) -> Option<std::result::Result<bool, String>> {
    if a.is_null(i) {
        return None;
    }
    Some(match a.data_type() {
        DataType::Boolean => Ok(a.as_boolean().value(i)),
        _ => match Text::of(a) {
            Some(t) => match t.get(i).map(str::to_ascii_lowercase).as_deref() {
                Some("true" | "1") => Ok(true),
                Some("false" | "0") => Ok(false),
                other => Err(format!("`{}` is not a boolean", other.unwrap_or(""))),
            },
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
    let shown = crate::source::shown(path);
    let file = crate::source::open(path)?;
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
mod tests {
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
    fn float_money_is_refused_and_text_or_whole_yuan_accepted() {
        let f: ArrayRef = Arc::new(Float64Array::from(vec![2300.0]));
        assert!(money_at(&f, 0).expect("present").is_err());
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

    #[test]
    fn a_null_is_a_missing_value_not_zero() {
        let t: ArrayRef = Arc::new(StringArray::from(vec![None::<&str>]));
        assert!(money_at(&t, 0).is_none());
    }
}
