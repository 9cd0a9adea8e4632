//! Poverty standards and their published line series.
//!
//! A standard's line for a year is the published current-price value (domain.md A3), stored
//! as one dated value per year (effective 1 January of that year) of the standard's line
//! parameter. It is never recomputed from a price index: NBS indexed the 2010 standard with a
//! rural low-income price index that is not published as a series. A year with no confirmed
//! value has either no value (asking for it is an error that says so) or a value stored with
//! `confirmed = false`, which every check and listing carries through.

use jiff::civil::Date;
use serde::Serialize;

use crate::money::Money;
use crate::params::{ParamError, ParamValue, ParameterStore};
use crate::shared::{Shared, shared};

/// The published line of a standard for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineValue {
    /// Standard id.
    pub standard: String,
    /// The income year the line applies to.
    pub year: i32,
    /// The line, yuan per person per year.
    pub line: Money,
    /// The price year the amount is in.
    pub price_year: i32,
    /// `net` or `disposable` income, where the data say.
    pub concept: Option<String>,
    /// False where the sources do not confirm the value.
    pub confirmed: bool,
    /// The parameter id (shared with the checks that use it).
    pub parameter: Shared,
    /// Effective date of the value used.
    pub effective: Shared,
    /// Source text.
    pub source: Shared,
    /// Note carried from the data.
    pub note: Option<String>,
}

/// Why a line cannot be given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LineError {
    /// The parameter is missing or malformed.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// No published value for the year.
    #[error(
        "{standard} has no published line for {year} (published years: {known}); \
         docs/sources.md#price-chain lists the years with no published value"
    )]
    NoValue {
        /// Standard id.
        standard: String,
        /// Year asked for.
        year: i32,
        /// Years that have a value.
        known: String,
    },
}

/// The line of `standard` (whose series is the parameter `line_param`) for income `year`.
///
/// The value whose effective date falls in `year` is used; a constant (undated) override
/// from a profile applies to every year.
pub fn line_for_year(
    params: &ParameterStore,
    standard: &str,
    line_param: &str,
    year: i32,
) -> Result<LineValue, LineError> {
    let p = params.get(line_param)?;
    let v = p
        .values
        .iter()
        .find(|v| i32::from(v.effective.year()) == year)
        .or_else(|| p.values.iter().find(|v| v.effective == Date::MIN));
    let Some(v) = v else {
        let known: Vec<String> = p
            .values
            .iter()
            .map(|v| {
                let y = v.effective.year().to_string();
                if v.confirmed { y } else { format!("{y}?") }
            })
            .collect();
        return Err(LineError::NoValue {
            standard: standard.to_string(),
            year,
            known: known.join(", "),
        });
    };
    let line = match v.value {
        ParamValue::Money(m) => m,
        _ => {
            return Err(ParamError::WrongUnit {
                id: line_param.to_string(),
                want: "yuan".into(),
                found: p.unit.as_str().into(),
            }
            .into());
        }
    };
    let r = params.resolved(p, v);
    Ok(LineValue {
        standard: standard.to_string(),
        year,
        line,
        price_year: v.price_year.map(i32::from).unwrap_or(year),
        concept: v.concept.clone(),
        confirmed: v.confirmed,
        parameter: shared(line_param),
        effective: shared(&v.effective.to_string()),
        source: shared(&r.source_text()),
        note: v.note.clone(),
    })
}

/// Every published value of a standard's series, in year order.
pub fn line_series(
    params: &ParameterStore,
    standard: &str,
    line_param: &str,
) -> Result<Vec<LineValue>, LineError> {
    let p = params.get(line_param)?;
    let mut out = Vec::new();
    for v in &p.values {
        if v.effective == Date::MIN {
            continue;
        }
        out.push(line_for_year(
            params,
            standard,
            line_param,
            i32::from(v.effective.year()),
        )?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[sources.y]
grade = "press"
title = "Yearbook"
issuer = "NBS"
date = "2017"

[[parameter]]
id = "s.line"
unit = "yuan"
summary = "line"
values = [
  { effective = "2010-01-01", value = 2300, price_year = 2010, concept = "net", source = "y" },
  { effective = "2011-01-01", value = 2536, concept = "net", source = "y" },
  { effective = "2017-01-01", value = 2952, source = "y", confirmed = false },
]
"#;

    #[test]
    fn lines_by_year_and_missing_years() {
        let mut s = ParameterStore::new();
        s.load_toml("f", FILE).expect("loads");
        let l = line_for_year(&s, "s", "s.line", 2011).expect("2011");
        assert_eq!(l.line, Money::from_yuan(2536));
        assert_eq!(l.price_year, 2011);
        assert!(l.confirmed);
        let l = line_for_year(&s, "s", "s.line", 2017).expect("2017");
        assert!(!l.confirmed);
        let e = line_for_year(&s, "s", "s.line", 2012).expect_err("2012");
        assert!(e.to_string().contains("2010, 2011, 2017?"), "{e}");
        assert_eq!(line_series(&s, "s", "s.line").expect("series").len(), 3);
    }
}
