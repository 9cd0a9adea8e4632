//! The row checks of the household scan: a batch's columns decoded from Arrow arrays or CSV
//! fields into [`Cols`], each value checked (code known, size, year, exact money within its
//! bounds, flags, registry statuses) with the message that names its column.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use fupin_core::Money;
use fupin_core::units::{CountyTable, Guarantee, RegistryStatus};

use crate::error::{EngineError, Result};
use crate::input::parquet::{Text, bool_at, int_at, money_at};
use crate::input::rows::{MAX_HOUSEHOLD_SIZE, MAX_INCOME_YUAN, MONITORING_COLUMNS};
use crate::input::values::parse_bool;

/// Column values of one batch being checked.
#[derive(Default)]
pub(super) struct Cols {
    /// File row of each household; empty when they are consecutive from `first_row`.
    pub(super) rows: Vec<usize>,
    pub(super) first_row: usize,
    pub(super) ids: Vec<String>,
    pub(super) county: Vec<u32>,
    pub(super) village: Vec<u32>,
    /// Distinct village codes of the batch interned from CSV or plain text (checked once the
    /// county is known).
    pub(super) village_names: Vec<Option<String>>,
    /// The dictionary a Parquet or Arrow village column's keys index, when it is one: its
    /// codes are read where they are, not copied (a batch of a file in random order has
    /// 50,000 distinct villages).
    pub(super) village_dict: Option<ArrayRef>,
    /// Each household's entry in `village_names` or `village_dict` (`u32::MAX`: no village).
    pub(super) village_ref: Vec<u32>,
    /// Interning of CSV village codes.
    pub(super) village_seen: HashMap<String, u32>,
    pub(super) size: Vec<u32>,
    pub(super) year: Vec<i32>,
    pub(super) income: Vec<Money>,
    pub(super) flags: Vec<u8>,
    /// Registry status codes, rigid expenditure and the hardship flag (each empty when
    /// its column is absent).
    pub(super) status: Vec<u8>,
    pub(super) rigid: Vec<Money>,
    pub(super) hardship: Vec<u8>,
    /// (index in batch, column, message), in column order per row.
    pub(super) bad: Vec<(usize, &'static str, String)>,
}

/// The county index of every 6-digit code, for lookups without string comparisons.
pub(super) fn code_index(counties: &CountyTable) -> Vec<u32> {
    let mut v = vec![u32::MAX; 1_000_000];
    for (i, c) in counties.codes().iter().enumerate() {
        if let Ok(n) = c.parse::<usize>()
            && c.len() == 6
            && n < v.len()
        {
            v[n] = i as u32;
        }
    }
    v
}

pub(super) fn county_index(by_code: &[u32], s: &str) -> std::result::Result<u32, String> {
    if !(s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!(
            "{} is not a 6-digit GB/T 2260 county code",
            crate::text::quote(s)
        ));
    }
    let n = s
        .bytes()
        .fold(0usize, |n, b| n * 10 + usize::from(b - b'0'));
    match by_code.get(n) {
        Some(&i) if i != u32::MAX => Ok(i),
        _ => Err(format!("unknown county {s}")),
    }
}

pub(super) fn check_size(n: i64) -> std::result::Result<u32, String> {
    if (1..=MAX_HOUSEHOLD_SIZE).contains(&n) {
        Ok(n as u32)
    } else {
        Err(format!(
            "{n} is not a household size (1 to {MAX_HOUSEHOLD_SIZE} persons)"
        ))
    }
}

pub(super) fn check_year(y: i64) -> std::result::Result<i32, String> {
    i32::try_from(y)
        .ok()
        .filter(|y| (1978..=2100).contains(y))
        .ok_or_else(|| format!("{y} is not a year between 1978 and 2100"))
}

pub(super) fn check_income(m: Money) -> std::result::Result<Money, String> {
    if m.is_negative() {
        Err(format!("{m} is negative"))
    } else if m > Money::from_yuan(MAX_INCOME_YUAN) {
        Err(format!(
            "{m} yuan is beyond any plausible value (more than {MAX_INCOME_YUAN})"
        ))
    } else {
        Ok(m)
    }
}

/// Where the household columns are in a CSV record, and how a record's fields become one
/// row of [`Cols`].
pub(super) struct CsvColumns<'a> {
    pub(super) by_code: &'a [u32],
    pub(super) width: usize,
    pub(super) id: Option<usize>,
    pub(super) county: Option<usize>,
    pub(super) size: Option<usize>,
    pub(super) year: Option<usize>,
    pub(super) income: Option<usize>,
    pub(super) village: Option<usize>,
    pub(super) flags: Vec<(Guarantee, usize)>,
    pub(super) status: Option<usize>,
    pub(super) rigid: Option<usize>,
    pub(super) hardship: Option<usize>,
}

/// A plain run of 1 to 9 ASCII digits as a number (the common case, parsed without UTF-8
/// checks); anything else goes the general way.
pub(super) fn fast_digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
}

/// Money written plainly (`123`, `123.4`, `123.45`), in fen.
pub(super) fn fast_fen(b: &[u8]) -> Option<i64> {
    let (int, frac) = match memchr::memchr(b'.', b) {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b""[..]),
    };
    let yuan = fast_digits(int)?;
    let fen = match frac.len() {
        0 if b.len() == int.len() => 0,
        1 => fast_digits(frac)? * 10,
        2 => fast_digits(frac)?,
        _ => return None,
    };
    Some(yuan * 100 + fen)
}

impl CsvColumns<'_> {
    /// Add one record (`n` fields, `get` gives field `i`); a bad record becomes a
    /// placeholder row with its first error, in column order.
    pub(super) fn push<'r>(
        &self,
        cols: &mut Cols,
        line: usize,
        n: usize,
        get: &dyn Fn(usize) -> Option<&'r [u8]>,
    ) {
        let i = cols.rows.len();
        cols.rows.push(line);
        if let Err((column, msg)) = self.values(cols, n, get) {
            // Keep the columns aligned: a placeholder row, left out by `finish`.
            if self.id.is_some() && cols.ids.len() < i + 1 {
                cols.ids.push(String::new());
            }
            cols.county.push(u32::MAX);
            cols.size.push(0);
            cols.year.push(0);
            cols.income.push(Money::ZERO);
            cols.flags.push(0);
            if self.status.is_some() && cols.status.len() < i + 1 {
                cols.status.push(0);
            }
            if self.rigid.is_some() && cols.rigid.len() < i + 1 {
                cols.rigid.push(Money::ZERO);
            }
            if self.hardship.is_some() && cols.hardship.len() < i + 1 {
                cols.hardship.push(0);
            }
            if self.village.is_some() {
                cols.village_ref.push(u32::MAX);
            }
            cols.bad.push((i, column, msg));
        }
    }

    pub(super) fn values<'r>(
        &self,
        cols: &mut Cols,
        n: usize,
        get: &dyn Fn(usize) -> Option<&'r [u8]>,
    ) -> std::result::Result<(), (&'static str, String)> {
        let width = self.width;
        if n != width {
            return Err(("", format!("has {n} fields, but the header has {width}")));
        }
        let cell = |c: Option<usize>,
                    name: &'static str|
         -> std::result::Result<Option<&'r str>, (&'static str, String)> {
            match c.and_then(get) {
                None => Ok(None),
                Some(b) => std::str::from_utf8(b)
                    .map(|s| Some(s.trim()).filter(|s| !s.is_empty()))
                    .map_err(|_| (name, "is not valid UTF-8 (files must be UTF-8)".into())),
            }
        };
        let need = |c: Option<usize>, name: &'static str| {
            cell(c, name)?.ok_or_else(|| (name, "is empty".to_string()))
        };
        let raw = |c: Option<usize>| c.and_then(get).unwrap_or_default();
        let id = match self.id {
            Some(_) => Some(need(self.id, "household_id")?.to_string()),
            None => None,
        };
        let county = match fast_digits(raw(self.county)).filter(|_| raw(self.county).len() == 6) {
            Some(code) => match self.by_code.get(code as usize) {
                Some(&ci) if ci != u32::MAX => ci,
                _ => county_index(self.by_code, need(self.county, "county")?)
                    .map_err(|m| ("county", m))?,
            },
            None => county_index(self.by_code, need(self.county, "county")?)
                .map_err(|m| ("county", m))?,
        };
        let size = match fast_digits(raw(self.size)).and_then(|n| check_size(n).ok()) {
            Some(v) => v,
            None => {
                let s = need(self.size, "size")?;
                s.parse::<i64>()
                    .map_err(|_| {
                        (
                            "size",
                            format!("{} is not a whole number", crate::text::quote(s)),
                        )
                    })
                    .and_then(|n| {
                        if n < 0 {
                            Err(("size", format!("{n} is negative")))
                        } else {
                            check_size(n).map_err(|m| ("size", m))
                        }
                    })?
            }
        };
        let year = match fast_digits(raw(self.year)).and_then(|n| check_year(n).ok()) {
            Some(v) => v,
            None => {
                let y = need(self.year, "year")?;
                y.parse::<i64>()
                    .map_err(|_| {
                        (
                            "year",
                            format!(
                                "{} is not a year between 1978 and 2100",
                                crate::text::quote(y)
                            ),
                        )
                    })
                    .and_then(|n| check_year(n).map_err(|m| ("year", m)))?
            }
        };
        let income = if self.income.is_some() {
            match fast_fen(raw(self.income)).and_then(|f| check_income(Money::from_fen(f)).ok()) {
                Some(m) => m,
                None => {
                    let m = need(self.income, "net_income_per_capita")?;
                    let v: Money = m.parse().map_err(|e: fupin_core::money::MoneyError| {
                        ("net_income_per_capita", e.to_string())
                    })?;
                    check_income(v).map_err(|m| ("net_income_per_capita", m))?
                }
            }
        } else {
            Money::ZERO
        };
        let mut bits = 0u8;
        for (g, c) in &self.flags {
            let v = match raw(Some(*c)) {
                b"1" => true,
                b"0" => false,
                _ => parse_bool(need(Some(*c), g.column())?).map_err(|m| (g.column(), m))?,
            };
            if v {
                bits |= g.bit();
            }
        }
        let status = match self.status {
            Some(_) => {
                let s = need(self.status, MONITORING_COLUMNS[0])?;
                Some(s.parse::<RegistryStatus>().map_err(|m| {
                    (
                        MONITORING_COLUMNS[0],
                        format!("{} {m}", crate::text::quote(s)),
                    )
                })? as u8)
            }
            None => None,
        };
        let rigid = match self.rigid {
            Some(_) => {
                let m = need(self.rigid, MONITORING_COLUMNS[1])?;
                let v: Money = m.parse().map_err(|e: fupin_core::money::MoneyError| {
                    (MONITORING_COLUMNS[1], e.to_string())
                })?;
                Some(check_income(v).map_err(|m| (MONITORING_COLUMNS[1], m))?)
            }
            None => None,
        };
        let hardship = match self.hardship {
            Some(c) => Some(match raw(Some(c)) {
                b"1" => true,
                b"0" => false,
                _ => parse_bool(need(Some(c), MONITORING_COLUMNS[2])?)
                    .map_err(|m| (MONITORING_COLUMNS[2], m))?,
            }),
            None => None,
        };
        let village = cell(self.village, "village")?.map(str::to_string);
        if let Some(s) = status {
            cols.status.push(s);
        }
        if let Some(r) = rigid {
            cols.rigid.push(r);
        }
        if let Some(h) = hardship {
            cols.hardship.push(u8::from(h));
        }
        if let Some(id) = id {
            cols.ids.push(id);
        }
        cols.county.push(county);
        cols.size.push(size);
        cols.year.push(year);
        cols.income.push(income);
        cols.flags.push(bits);
        if self.village.is_some() {
            let r = cols.intern(village);
            cols.village_ref.push(r);
        }
        Ok(())
    }
}

impl Cols {
    /// The entry of a village code in `village_names` (`u32::MAX` for none).
    pub(super) fn intern(&mut self, code: Option<String>) -> u32 {
        let Some(code) = code else {
            return u32::MAX;
        };
        if let Some(&r) = self.village_seen.get(&code) {
            return r;
        }
        let r = self.village_names.len() as u32;
        self.village_names.push(Some(code.clone()));
        self.village_seen.insert(code, r);
        r
    }

    pub(super) fn row(&self, i: usize) -> usize {
        self.rows.get(i).copied().unwrap_or(self.first_row + i)
    }
}

pub(super) fn compact(c: &mut Cols, keep: &[bool]) {
    if c.rows.is_empty() {
        c.rows = (c.first_row..c.first_row + keep.len()).collect();
    }
    pub(super) fn retain<V>(v: &mut Vec<V>, keep: &[bool]) {
        if v.len() == keep.len() {
            let mut it = keep.iter();
            v.retain(|_| *it.next().unwrap_or(&false));
        }
    }
    retain(&mut c.rows, keep);
    retain(&mut c.ids, keep);
    retain(&mut c.county, keep);
    retain(&mut c.village, keep);
    retain(&mut c.size, keep);
    retain(&mut c.year, keep);
    retain(&mut c.income, keep);
    retain(&mut c.flags, keep);
    retain(&mut c.status, keep);
    retain(&mut c.rigid, keep);
    retain(&mut c.hardship, keep);
}

/// Whole numbers of a column, checked; a missing column fills placeholders.
#[allow(clippy::too_many_arguments)]
pub(super) fn ints<V: Default + Copy + TryFrom<i64>>(
    a: Option<&ArrayRef>,
    n: usize,
    col: &'static str,
    (lo, hi): (i64, i64),
    check: impl Fn(i64) -> std::result::Result<V, String>,
    out: &mut Vec<V>,
    bad: &mut Vec<(usize, &'static str, String)>,
) {
    out.reserve(n);
    let Some(a) = a else {
        out.resize(out.len() + n, V::default());
        return;
    };
    macro_rules! prim {
        ($t:ty) => {{
            let p = a.as_primitive::<$t>();
            let nulls = p.null_count() > 0;
            // Fast path: no nulls and every value in range (one pass the compiler can
            // vectorise), then a plain conversion.
            if !nulls
                && p.values().iter().all(|v| {
                    let x = i64::from(*v);
                    lo <= x && x <= hi
                })
            {
                out.extend(
                    p.values()
                        .iter()
                        .map(|v| V::try_from(i64::from(*v)).unwrap_or_default()),
                );
                return;
            }
            for (i, v) in p.values().iter().enumerate() {
                let r = if nulls && p.is_null(i) {
                    Err("is empty".to_string())
                } else {
                    check(i64::from(*v))
                };
                match r {
                    Ok(v) => out.push(v),
                    Err(m) => {
                        out.push(V::default());
                        bad.push((i, col, m));
                    }
                }
            }
        }};
    }
    match a.data_type() {
        DataType::Int8 => prim!(Int8Type),
        DataType::Int16 => prim!(Int16Type),
        DataType::Int32 => prim!(Int32Type),
        DataType::Int64 => prim!(Int64Type),
        DataType::UInt8 => prim!(UInt8Type),
        DataType::UInt16 => prim!(UInt16Type),
        DataType::UInt32 => prim!(UInt32Type),
        _ => {
            for i in 0..n {
                let r = int_at(a, i)
                    .unwrap_or(Err("is empty".into()))
                    .and_then(&check);
                match r {
                    Ok(v) => out.push(v),
                    Err(m) => {
                        out.push(V::default());
                        bad.push((i, col, m));
                    }
                }
            }
        }
    }
}

/// Float64 amounts as fen when every one is, exactly, an amount of at most two decimals
/// within the income bounds (the shortest-decimal reading's fast form: `n` fen with
/// `n / 100 == f`), in a loop without branches or calls; `false` (and `out` untouched)
/// otherwise, for the general way to read and name them. A value accepted here is the one
/// `parquet::float_fen` gives: where `n / 100 == f` holds, `f * 100` is within rounding of
/// the whole number `n`, so rounding it half up (for the non-negative amounts accepted)
/// gives `n` as `round` does.
fn float_fen_fast(values: &[f64], out: &mut Vec<Money>) -> bool {
    let max = MAX_INCOME_YUAN * 100;
    let mut ok = true;
    let start = out.len();
    out.extend(values.iter().map(|&f| {
        let n = (f * 100.0 + 0.5) as i64;
        ok &= (0.0..1e13).contains(&f) & ((n as f64) / 100.0 == f) & (n <= max);
        Money::from_fen(n)
    }));
    if !ok {
        out.truncate(start);
    }
    ok
}

/// Money of a column (`col`: income or rigid expenditure per capita), exact, checked.
pub(super) fn money(
    a: &ArrayRef,
    n: usize,
    col: &'static str,
    out: &mut Vec<Money>,
    bad: &mut Vec<(usize, &'static str, String)>,
) {
    out.reserve(n);
    if let DataType::Decimal128(_, 2) = a.data_type() {
        let p = a.as_primitive::<Decimal128Type>();
        let nulls = p.null_count() > 0;
        let max = i128::from(MAX_INCOME_YUAN) * 100;
        if !nulls && p.values().iter().all(|v| 0 <= *v && *v <= max) {
            out.extend(p.values().iter().map(|v| Money::from_fen(*v as i64)));
            return;
        }
        for (i, v) in p.values().iter().enumerate() {
            let r = if nulls && p.is_null(i) {
                Err("is empty".to_string())
            } else {
                i64::try_from(*v)
                    .map_err(|_| format!("{v}e-2 is out of range"))
                    .map(Money::from_fen)
                    .and_then(check_income)
            };
            match r {
                Ok(m) => out.push(m),
                Err(m) => {
                    out.push(Money::ZERO);
                    bad.push((i, col, m));
                }
            }
        }
        return;
    }
    if let DataType::Float64 = a.data_type() {
        // The shortest-decimal reading's exact fast form; anything it does not take goes the
        // general way below (same values, and the errors worded there).
        let p = a.as_primitive::<arrow_array::types::Float64Type>();
        if p.null_count() == 0 && float_fen_fast(&p.values()[..n], out) {
            return;
        }
    }
    for i in 0..n {
        match money_at(a, i)
            .unwrap_or(Err("is empty".into()))
            .and_then(check_income)
        {
            Ok(m) => out.push(m),
            Err(m) => {
                out.push(Money::ZERO);
                bad.push((i, col, m));
            }
        }
    }
}

/// Registry statuses of a column: text (the names, their Chinese equivalents or the codes)
/// or whole numbers 1, 2, 3.
pub(super) fn statuses(
    a: &ArrayRef,
    n: usize,
    shown: &str,
    out: &mut Vec<u8>,
    bad: &mut Vec<(usize, &'static str, String)>,
) -> Result<()> {
    const COL: &str = MONITORING_COLUMNS[0];
    out.reserve(n);
    let text = if a.data_type().is_integer() {
        None
    } else {
        Some(Text::of(a).ok_or_else(|| {
            EngineError::Input(format!(
                "{shown}: column `{COL}` is of type {}, not text or whole numbers",
                a.data_type()
            ))
        })?)
    };
    for i in 0..n {
        let r: std::result::Result<RegistryStatus, String> = match &text {
            Some(t) => match t.get(i).map(str::trim).filter(|s| !s.is_empty()) {
                None => Err("is empty".into()),
                Some(s) => s
                    .parse::<RegistryStatus>()
                    .map_err(|m| format!("{} {m}", crate::text::quote(s))),
            },
            None => match int_at(a, i) {
                None => Err("is empty".into()),
                Some(Err(m)) => Err(m),
                Some(Ok(v)) => u8::try_from(v)
                    .ok()
                    .and_then(RegistryStatus::from_code)
                    .ok_or_else(|| format!("{v} is not a registry status code (1, 2, 3)")),
            },
        };
        match r {
            Ok(st) => out.push(st as u8),
            Err(m) => {
                out.push(0);
                bad.push((i, COL, m));
            }
        }
    }
    Ok(())
}

/// One yes/no column (`col`) into the flag `bit`.
pub(super) fn flags(
    a: &ArrayRef,
    n: usize,
    bit: u8,
    col: &'static str,
    out: &mut [u8],
    bad: &mut Vec<(usize, &'static str, String)>,
) {
    if let DataType::Boolean = a.data_type() {
        let b = a.as_boolean();
        let values = b.values();
        // 64 flags at a time from the bitmap's words (a loop the compiler vectorizes).
        let chunks = values.inner().bit_chunks(values.offset(), values.len());
        let mut parts = out.chunks_exact_mut(64);
        for (word, o) in chunks.iter().zip(&mut parts) {
            for (k, o) in o.iter_mut().enumerate() {
                *o |= (((word >> k) & 1) as u8) * bit;
            }
        }
        let rest = chunks.remainder_bits();
        for (k, o) in parts
            .into_remainder()
            .iter_mut()
            .take(chunks.remainder_len())
            .enumerate()
        {
            *o |= (((rest >> k) & 1) as u8) * bit;
        }
        if b.null_count() > 0 {
            for (i, o) in out.iter_mut().enumerate().take(n) {
                if b.is_null(i) {
                    *o &= !bit;
                    bad.push((i, col, "is empty".into()));
                }
            }
        }
        return;
    }
    // Integer flags (pyarrow and pandas write 0/1 columns as int64) without nulls: read in a
    // loop the compiler vectorizes; any value other than 0 and 1 is left to the general way
    // below, which names it.
    if a.null_count() == 0 && int_flags(a, n, bit, out) {
        return;
    }
    for (i, o) in out.iter_mut().enumerate().take(n) {
        match bool_at(a, i).unwrap_or(Err("is empty".into())) {
            Ok(true) => *o |= bit,
            Ok(false) => {}
            Err(m) => bad.push((i, col, m)),
        }
    }
}

/// Set `bit` in `out` where an integer column holds 1; `false` (and `out` untouched) when the
/// column is not of integers or holds a value other than 0 and 1.
fn int_flags(a: &ArrayRef, n: usize, bit: u8, out: &mut [u8]) -> bool {
    use arrow_array::types::*;
    fn each<T: arrow_array::ArrowPrimitiveType>(
        a: &ArrayRef,
        n: usize,
        bit: u8,
        out: &mut [u8],
    ) -> bool
    where
        T::Native: Into<i128>,
    {
        let values = &a.as_primitive::<T>().values()[..n];
        if !values
            .iter()
            .fold(true, |ok, v| ok & ((*v).into() as u128 <= 1))
        {
            return false;
        }
        for (o, v) in out.iter_mut().zip(values) {
            *o |= ((*v).into() as u8) * bit;
        }
        true
    }
    match a.data_type() {
        DataType::Int8 => each::<Int8Type>(a, n, bit, out),
        DataType::Int16 => each::<Int16Type>(a, n, bit, out),
        DataType::Int32 => each::<Int32Type>(a, n, bit, out),
        DataType::Int64 => each::<Int64Type>(a, n, bit, out),
        DataType::UInt8 => each::<UInt8Type>(a, n, bit, out),
        DataType::UInt16 => each::<UInt16Type>(a, n, bit, out),
        DataType::UInt32 => each::<UInt32Type>(a, n, bit, out),
        DataType::UInt64 => each::<UInt64Type>(a, n, bit, out),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_float_money_is_the_general_reading() {
        let values = [
            0.0,
            0.01,
            0.1,
            2951.99,
            3218.0,
            1e-3,
            0.005,
            0.015,
            1234.565,
            0.1 + 0.2,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            99_999_999.99,
            1e12,
            4503599627370495.5,
            2300.0000000001,
        ];
        for v in values {
            let mut fast = Vec::new();
            let took = float_fen_fast(&[v], &mut fast);
            let general = crate::input::parquet::float_fen(&DataType::Float64, v)
                .filter(|m| check_income(*m).is_ok());
            assert_eq!(took.then(|| fast[0]), general, "{v}");
            if !took {
                assert!(fast.is_empty());
            }
        }
        // One value the fast form does not take sends the whole column the general way.
        let mut out = vec![Money::ZERO];
        assert!(!float_fen_fast(&[1.5, 0.1 + 0.2], &mut out));
        assert_eq!(out, [Money::ZERO]);
        assert!(float_fen_fast(&[1.5, 2.25], &mut out));
        assert_eq!(out.len(), 3);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        #[test]
        fn the_fast_float_money_is_the_general_reading_for_any_float(
            fen in -1_000_000i64..20_000_000_000,
            nudge in -3i64..=3,
            scale in 0u32..4,
        ) {
            for v in crate::input::parquet::tests::floats_near_amounts(fen, nudge, scale) {
                let mut fast = Vec::new();
                let took = float_fen_fast(&[v], &mut fast);
                let general = crate::input::parquet::float_fen(&DataType::Float64, v)
                    .filter(|m| check_income(*m).is_ok());
                proptest::prop_assert_eq!(took.then(|| fast[0]), general, "{}", v);
            }
        }
    }

    #[test]
    fn integer_flags_are_read_as_the_general_way_reads_them() {
        let cases: Vec<ArrayRef> = vec![
            std::sync::Arc::new(arrow_array::Int64Array::from(vec![0, 1, 1, 0, 1])),
            std::sync::Arc::new(arrow_array::Int8Array::from(vec![1, 0, 0, 0, 1])),
            std::sync::Arc::new(arrow_array::UInt16Array::from(vec![1, 1, 1, 1, 0])),
            // A value that is not a flag, and a negative one: named by the general way.
            std::sync::Arc::new(arrow_array::Int64Array::from(vec![0, 2, 1, -1, 1])),
            std::sync::Arc::new(arrow_array::Int32Array::from(vec![
                Some(1),
                None,
                Some(0),
                Some(1),
                Some(1),
            ])),
        ];
        for a in cases {
            let mut fast = vec![0b1u8; 5];
            let mut bad = Vec::new();
            flags(&a, 5, 0b100, "safe_water", &mut fast, &mut bad);
            let mut slow = vec![0b1u8; 5];
            let mut slow_bad = Vec::new();
            for (i, o) in slow.iter_mut().enumerate() {
                match bool_at(&a, i).unwrap_or(Err("is empty".into())) {
                    Ok(true) => *o |= 0b100,
                    Ok(false) => {}
                    Err(m) => slow_bad.push((i, "safe_water", m)),
                }
            }
            assert_eq!(fast, slow, "{a:?}");
            assert_eq!(bad, slow_bad, "{a:?}");
        }
    }

    #[test]
    fn boolean_flags_are_read_bit_for_bit_at_any_offset_and_length() {
        let values: Vec<bool> = (0..300).map(|i| (i * 7 + i / 3) % 5 < 2).collect();
        for (offset, len) in [(0, 300), (1, 64), (3, 130), (63, 1), (64, 200), (5, 0)] {
            let arr: ArrayRef = std::sync::Arc::new(
                arrow_array::BooleanArray::from(values.clone()).slice(offset, len),
            );
            let mut out = vec![0b100u8; len];
            let mut bad = Vec::new();
            flags(&arr, len, 0b10, "food_clothing", &mut out, &mut bad);
            assert!(bad.is_empty());
            for (i, o) in out.iter().enumerate() {
                let want = 0b100 | if values[offset + i] { 0b10 } else { 0 };
                assert_eq!(*o, want, "offset {offset} len {len} row {i}");
            }
        }
    }

    #[test]
    fn checks_state_their_boundaries() {
        assert_eq!(check_size(1), Ok(1));
        assert_eq!(
            check_size(MAX_HOUSEHOLD_SIZE),
            Ok(MAX_HOUSEHOLD_SIZE as u32)
        );
        assert!(check_size(0).is_err());
        assert!(check_size(MAX_HOUSEHOLD_SIZE + 1).is_err());
        assert_eq!(check_year(1978), Ok(1978));
        assert!(check_year(1977).is_err());
        assert!(check_year(2101).is_err());
        assert!(check_income(Money::from_fen(-1)).is_err());
        assert!(check_income(Money::ZERO).is_ok());
        assert!(check_income(Money::from_yuan(MAX_INCOME_YUAN)).is_ok());
        assert!(check_income(Money::from_fen(MAX_INCOME_YUAN * 100 + 1)).is_err());
    }
}
