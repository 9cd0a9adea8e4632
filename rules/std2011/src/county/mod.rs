//! County rules of the 2011 standard: the 2016 exit mechanism with the 2017 special-evaluation
//! indicators (`exit`: each indicator a veto, domain.md §4.2) and the 2012 adjustment of the
//! key counties and the contiguous areas (`designation_2012`). The helpers they share are
//! here.

pub mod designation_2012;
pub mod exit;

#[cfg(test)]
mod tests;

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, EvalContext, RuleError, RuleMeta, compare};
use fupin_core::units::County;

/// The county row for the assessment year, or an input error naming the file and years.
pub(crate) fn row_for<'a>(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    data: &CountyData<'a>,
    code: &str,
) -> Result<&'a County, RuleError> {
    fupin_core::kit::county_row(rule, ctx, data, code, ctx.year)
}

pub(crate) use fupin_core::kit::missing_value as missing;

/// The parameter that says whether a county exactly at an exit bound passes (domain.md §11.3:
/// the wordings conflict, so it is a reading).
pub(crate) const EXIT_BOUND: &str = "std2011.exit.county.bound_passes";

/// How the county exit rules compare with their bounds: inclusive (`<=`, `>=`) when a county
/// exactly at the bound passes, strict (`<`, `>`) when it fails.
pub(crate) struct ExitBound {
    passes: bool,
    reading: bool,
    confirmed: bool,
}

impl ExitBound {
    /// Read `std2011.exit.county.bound_passes` for the run.
    pub(crate) fn of(rule: &RuleMeta, ctx: &EvalContext<'_>) -> Result<Self, RuleError> {
        let p = ctx.param(rule, EXIT_BOUND)?;
        let passes = p.flag().map_err(|source| RuleError::Param {
            rule: rule.id.to_string(),
            source,
        })?;
        Ok(Self {
            passes,
            reading: p.value.reading.is_some(),
            confirmed: p.value.confirmed,
        })
    }

    /// The comparison with a highest value (incidence, false exits, missed assessments).
    pub(crate) fn at_most(&self) -> Op {
        if self.passes { Op::Le } else { Op::Lt }
    }

    /// The comparison with a lowest value (approval).
    pub(crate) fn at_least(&self) -> Op {
        if self.passes { Op::Ge } else { Op::Gt }
    }

    /// Mark each check as resting on the parameter (its value a reading, or unconfirmed).
    pub(crate) fn mark(&self, checks: &mut [Check]) {
        for c in checks {
            if self.reading {
                c.mark_reading(EXIT_BOUND);
            }
            if !self.confirmed {
                c.mark_unconfirmed(EXIT_BOUND);
            }
        }
    }
}

/// A county veto read from one column of the county's row.
pub(crate) fn column_veto(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    data: &CountyData<'_>,
    param: &str,
    op: Op,
    column: &str,
    get: fn(&County) -> Option<Measure>,
) -> Result<Vec<Check>, RuleError> {
    let t = ctx.param(rule, param)?;
    let mut out = Vec::with_capacity(data.counties.len());
    for code in data.counties.codes() {
        let row = row_for(rule, ctx, data, code)?;
        let v = get(row).ok_or_else(|| missing(rule, ctx, row, column))?;
        out.push(compare(
            rule,
            op,
            v,
            &t,
            Some(format!("county column `{column}`")),
        ));
    }
    Ok(out)
}

/// For the exit rules' tests: the checks of `rule` on `counties` (income year 2019), with
/// `std2011.exit.county.bound_passes` as the parameter file gives it (`None`) or set by a
/// profile (`Some`).
#[cfg(test)]
pub(crate) fn checks_with_bound(
    rule: &dyn fupin_core::rule::CountyRule,
    bound_passes: Option<bool>,
    counties: Vec<County>,
) -> Vec<Check> {
    let mut s = crate::tests_support::store();
    if let Some(b) = bound_passes {
        let src = fupin_core::Source {
            title: "a profile's choice".into(),
            issuer: "test".into(),
            date: String::new(),
            url: String::new(),
            grade: fupin_core::Grade::Unspecified,
            also: Vec::new(),
        };
        s.override_value(
            EXIT_BOUND,
            None,
            &fupin_core::params::TomlValue::Boolean(b),
            src,
            true,
            "test",
        )
        .expect("override");
    }
    let ctx = crate::tests_support::ctx_for(&s, 2019);
    let t = fupin_core::units::CountyTable::new(counties);
    let data = CountyData {
        counties: &t,
        tallies: None,
    };
    rule.evaluate(&ctx, &data).expect("evaluates")
}

/// For the exit rules' tests: a county veto on both sides of its bound under both readings of
/// `std2011.exit.county.bound_passes`. `values` are a county exactly at the bound, one just
/// beyond it and one just inside it, written into each county by `set`. By default (the
/// file's reading) the bound passes with `inclusive` and every check is marked with the
/// reading; set to false by a profile it fails with `strict`, and set either way by a profile
/// the value is the profile's choice, not the file's reading.
#[cfg(test)]
pub(crate) fn assert_bound_on_both_readings(
    rule: &dyn fupin_core::rule::CountyRule,
    values: [&str; 3],
    set: fn(&mut County, fupin_core::Decimal),
    inclusive: Op,
    strict: Op,
) {
    use std::str::FromStr;
    let run = |bound_passes: Option<bool>| -> Vec<(bool, Op, Vec<String>)> {
        let rows = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut c = County {
                    code: format!("52000{i}"),
                    province: "贵州省".into(),
                    income_year: Some(2019),
                    row: 2 + i,
                    ..County::default()
                };
                set(&mut c, fupin_core::Decimal::from_str(v).expect("decimal"));
                c
            })
            .collect();
        checks_with_bound(rule, bound_passes, rows)
            .into_iter()
            .map(|c| (c.passed, c.op, c.readings))
            .collect()
    };
    let passed =
        |checks: &[(bool, Op, Vec<String>)]| checks.iter().map(|c| c.0).collect::<Vec<_>>();
    let by_default = run(None);
    assert_eq!(passed(&by_default), [true, false, true]);
    for (_, op, readings) in &by_default {
        assert_eq!(*op, inclusive);
        assert_eq!(readings, &[EXIT_BOUND]);
    }
    let strictly = run(Some(false));
    assert_eq!(passed(&strictly), [false, false, true]);
    assert!(strictly.iter().all(|c| c.1 == strict && c.2.is_empty()));
    let inclusively = run(Some(true));
    assert_eq!(passed(&inclusively), [true, false, true]);
    assert!(
        inclusively
            .iter()
            .all(|c| c.1 == inclusive && c.2.is_empty())
    );
}
