//! `monitoring.county.transition.period`: Transition period: years since the county's exit <=
//! {std2011.transition.years} (从脱贫之日起设立过渡期)

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::shared::shared;
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::{Basis, check};

/// The length of the period.
pub const YEARS: &str = "std2011.transition.years";

fupin_core::rule! {
    /// # What it decides
    /// Whether the county is in its transition period in the assessment year: the years
    /// since its exit are at most the length of the period ({std2011.transition.years} years). The exit year is
    /// the county column `exit_year` when the table has it, else the year of the registry of
    /// the 832 that fupin ships (`fupin registry transition --year Y` lists the same view).
    ///
    /// # Legal basis
    /// 2021年中央一号文件 (《关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》): 对摆脱贫困
    /// 的县, 从脱贫之日起设立5年过渡期, 做到扶上马送一程. 过渡期内保持现有主要帮扶政策总体稳定.
    ///
    /// # Era
    /// Counties that exited 2016–2020, through their fifth year after exit.
    ///
    /// # Parameters
    /// `std2011.transition.years` (years).
    ///
    /// # Reading
    /// The period runs from each county's own exit date, so a county that exited in 2016
    /// ends its period earlier than one that exited in 2020; the national framing
    /// "2021–2025" is not confirmed by the sources. At the granularity of a year fupin reads
    /// the period as starting in the exit year and ending in the exit year plus five. A
    /// county with no exit year (not a poverty county of the registry, no `exit_year`), or
    /// one that exits after the assessment year, is not in transition: the check does not
    /// apply to it. Alternatives: the national framing, 2021 to 2025 for every county (not
    /// computed), or another length (set `std2011.transition.years`).
    ///
    /// # Bound
    /// Passes when 0 <= assessment year − exit year <= 5 (以内 includes the number).
    ///
    /// # Example
    /// A county that exited in 2016 is in transition in 2021 (5 years after) and not in
    /// 2022 (6 years after).
    pub struct TransitionPeriod;
    id: "monitoring.county.transition.period",
    level: County,
    test: Transition,
    role: Require,
    summary: "Transition period: years since the county's exit <= {std2011.transition.years} (从脱贫之日起设立过渡期)",
    parameters: [YEARS],
    columns: [],
    since: "0.2.0",
}

impl CountyRule for TransitionPeriod {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let t = ctx.param(&Self::META, YEARS)?;
        let years = t.int().map_err(|source| RuleError::Param {
            rule: Self::META.id.to_string(),
            source,
        })?;
        let mut out = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            let row = data
                .counties
                .row(code, ctx.year)
                .or_else(|| data.counties.any_row(code));
            // The column wins over the registry; any row of the county may carry it.
            let mut from_column = None;
            for r in data.counties.rows().iter().filter(|r| &r.code == code) {
                if let Some(v) = r
                    .extra
                    .get("exit_year")
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                {
                    let y: i32 = v.parse().map_err(|_| RuleError::Input {
                        rule: Self::META.id.to_string(),
                        message: format!(
                            "{}: row {}, column `exit_year`: {} is not a year",
                            ctx.counties_origin,
                            r.row,
                            fupin_core::text::quote(v)
                        ),
                    })?;
                    from_column = Some((y, r.row));
                    break;
                }
            }
            let (exit, basis) = match (from_column, row.and_then(|r| r.registry_exit_year)) {
                (Some((y, line)), _) => (
                    Some(y),
                    format!("exit year {y} (column exit_year, row {line})"),
                ),
                (None, Some(y)) => (Some(y), format!("exit year {y} (registry of the 832)")),
                (None, None) => (
                    None,
                    "no exit year: not a poverty county of the registry and no exit_year column"
                        .to_string(),
                ),
            };
            let measured = exit.map_or(Measure::Missing, |e| {
                Measure::Count(i64::from(ctx.year - e))
            });
            let mut c = check(
                &Self::META,
                measured,
                Op::Le,
                Measure::Count(years),
                Basis {
                    parameter: YEARS,
                    source: shared(&t.source_text()),
                    effective: Some(shared(&t.value.effective.to_string())),
                    confirmed: t.value.confirmed,
                    unconfirmed_parameter: YEARS,
                    basis: Some(format!(
                        "{basis}; years since exit in {} (period {})",
                        ctx.year,
                        exit.map_or("none".to_string(), |e| format!(
                            "{e}–{}",
                            i64::from(e) + years
                        ))
                    )),
                },
            );
            match exit {
                None => {
                    c.applicable = false;
                    c.passed = false;
                    c.error = None;
                }
                Some(e) if e > ctx.year => {
                    c.applicable = false;
                    c.passed = false;
                }
                Some(_) => {}
            }
            out.push(c);
        }
        Ok(out)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::{ctx_for, store};
    use fupin_core::{County, CountyTable};

    fn county(code: &str, registry: Option<i32>, column: Option<&str>) -> County {
        let mut c = County {
            code: code.into(),
            name: code.into(),
            province: "贵州省".into(),
            registry_exit_year: registry,
            row: 2,
            ..County::default()
        };
        if let Some(v) = column {
            c.extra.insert("exit_year".into(), v.into());
        }
        c
    }

    fn run(year: i32, rows: Vec<County>) -> Result<Vec<Check>, RuleError> {
        let s = store();
        let ctx = ctx_for(&s, year);
        let t = CountyTable::new(rows);
        TransitionPeriod.evaluate(
            &ctx,
            &CountyData {
                counties: &t,
                tallies: None,
            },
        )
    }

    #[test]
    fn in_transition_from_the_exit_year_through_five_years_after() {
        let rows = || {
            vec![
                county("520101", Some(2016), None),
                county("520102", Some(2018), None),
            ]
        };
        let passed = |y| -> Vec<bool> {
            run(y, rows())
                .expect("run")
                .iter()
                .map(|c| c.passed)
                .collect()
        };
        // 2018 exit: not yet in 2017 (the check does not apply), from 2018 to 2023.
        assert_eq!(passed(2016), [true, false]);
        assert_eq!(passed(2017), [true, false]);
        assert!(!run(2017, rows()).expect("run")[1].applicable);
        assert_eq!(passed(2018), [true, true]);
        assert_eq!(passed(2021), [true, true]);
        assert_eq!(passed(2022), [false, true]);
        assert_eq!(passed(2023), [false, true]);
        assert_eq!(passed(2024), [false, false]);
        // Before the period's parameter is in force the rule is a configuration error.
        assert!(run(2015, rows()).is_err());
    }

    #[test]
    fn the_exit_year_column_wins_and_bad_values_are_named() {
        let c = run(2022, vec![county("520101", Some(2016), Some("2018"))]).expect("run");
        assert!(c[0].passed);
        assert!(
            c[0].basis
                .as_deref()
                .unwrap_or("")
                .contains("column exit_year")
        );
        let e = run(2022, vec![county("520101", None, Some("soon"))]).expect_err("bad year");
        assert!(e.to_string().contains("row 2, column `exit_year`"), "{e}");
        let none = run(2021, vec![county("110101", None, None)]).expect("run");
        assert!(!none[0].passed && !none[0].applicable);
    }
}
