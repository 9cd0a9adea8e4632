//! `monitoring.county.transition.period`: Transition period: years since the county's exit
//! date <= {std2011.transition.years} (从脱贫之日起设立过渡期), or the national period from
//! {monitoring.transition.national_start}

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};
use fupin_core::shared::shared;
use fupin_core::units::{County, CountyTable, ExitDateOf};

use crate::{Basis, check};

/// The length of the period.
pub const YEARS: &str = "std2011.transition.years";
/// Where the period starts: each county's exit date (true) or the national period (false).
pub const FROM: &str = "monitoring.transition.from_exit_date";
/// The first year of the national period.
pub const START: &str = "monitoring.transition.national_start";

fupin_core::rule! {
    /// # What it decides
    /// Whether the county is in its transition period in the assessment year. By default
    /// (`monitoring.transition.from_exit_date` = true) the period runs from the county's
    /// exit date: the years since the year of that date are at most the length of the
    /// period ({std2011.transition.years} years). The exit date is the date the county's
    /// exit was approved or announced, from the registry of the 832 that fupin ships
    /// (`data/registry/exit_dates.toml`): the county's own where a source gives it (井冈山
    /// 2017-02-25, 兰考 2017-02-27, 滑县 2017-10-31; the 52 of the 2020 batch, on the day
    /// their province approved them; Tibet's last 19, 2019-12-09), else its exit batch's
    /// latest date (the
    /// 2016 exits by 2017-11-01, 2017 by 2018-10-17, 2018 by May 2019, 2019 by 2020-05-16,
    /// 2020 by 2020-11-23). The registry's exit year is the year whose data the county was
    /// assessed on, a year earlier for most; it is not where the period starts. A county
    /// table may give the column `exit_year` instead: it is read as the year of the exit
    /// date, the year the period counts from (as fupin read it before the registry had
    /// dates, so a table keeps its results), and wins over the registry. With
    /// `monitoring.transition.from_exit_date` = false every county that has exited is in
    /// one national period, from {monitoring.transition.national_start} for
    /// {std2011.transition.years} years. `fupin registry transition --year Y` lists the same
    /// view of the registry.
    ///
    /// # Legal basis
    /// 2021年中央一号文件 (2021-02-21), 二(三): 对摆脱贫困的县, 从脱贫之日起设立5年过渡期,
    /// 做到扶上马送一程. 过渡期内保持现有主要帮扶政策总体稳定. The national framing: 2025 is
    /// 5年过渡期的收官之年 (humanrights.cn 2025-03-24, official press). The dates of the exits:
    /// Xinhua 2017-02-26, Economic Daily 2017-11-02, the State Council LGOP 2018-08-17,
    /// People's Daily 2018-10-17, 2019-07-03 and 2020-05, CCTV 2020-11-23
    /// (`data/registry/CORRECTIONS.md`, Exit dates).
    ///
    /// # Era
    /// Counties that exited 2016–2020, through their fifth year after exit (2021–2025 under
    /// the national reading).
    ///
    /// # Parameters
    /// `std2011.transition.years` (years), `monitoring.transition.from_exit_date` (bool),
    /// `monitoring.transition.national_start` (year; read only when the former is false).
    ///
    /// # Reading
    /// The sources support two readings of the start (`monitoring.transition.from_exit_date`,
    /// whose value is a reading, so every check marks it). From each county's own exit date
    /// (true, the default): the No. 1 Document's 从脱贫之日起; a county approved in 2017 ends
    /// its period earlier than one approved in 2020. At the granularity of a year fupin reads
    /// that period as starting in the year of the exit date and ending five years later (the
    /// fifth anniversary falls in that year). A batch's date is its latest, so a county whose
    /// own date is not in the sources may have exited earlier in the year, never in a later
    /// one. The alternative (false): one national period, 2021 to 2025, for every county
    /// that exited (the national framing of official press; the 2020-12-16 有效衔接意见 says
    /// only 设立5年过渡期). A county with no exit date (not a poverty county of the registry
    /// and no `exit_year`), or one whose exit date is after the assessment year, is not in
    /// transition: the check does not apply to it; nor does it before the national period.
    /// Another length is `std2011.transition.years`.
    ///
    /// # Bound
    /// From the exit date: passes when 0 <= assessment year − year of the exit date <= 5
    /// (以内 includes the number). National: passes when 0 <= assessment year − 2021 < 5,
    /// i.e. 2021 to 2025.
    ///
    /// # Example
    /// 井冈山 (exit year 2016, approved 2017-02-25) is in transition in 2022 (5 years after
    /// 2017) and not in 2023 (6 years after); under the national reading it is in 2021 and
    /// 2025 and not in 2020 or 2026.
    pub struct TransitionPeriod;
    id: "monitoring.county.transition.period",
    level: County,
    test: Transition,
    role: Require,
    summary: "Transition period: years since the county's exit date <= {std2011.transition.years} (从脱贫之日起设立过渡期), or the national period from {monitoring.transition.national_start}",
    parameters: [YEARS, FROM, START],
    columns: [],
    since: "0.2.0",
}

/// Where a county's period counts from: the year of its exit date, and what the check says
/// of it.
struct Exit {
    year: i32,
    basis: String,
}

/// The county's exit: the `exit_year` column of any of its rows (it wins), else the
/// registry's exit date.
fn exit_of(
    ctx: &EvalContext<'_>,
    counties: &CountyTable,
    code: &str,
    row: Option<&County>,
) -> Result<Option<Exit>, RuleError> {
    let meta = &TransitionPeriod::META;
    for r in counties.rows().iter().filter(|r| r.code == code) {
        let Some(v) = r
            .extra
            .get("exit_year")
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let y: i32 = v.parse().map_err(|_| RuleError::Input {
            rule: meta.id.to_string(),
            message: format!(
                "{}: row {}, column `exit_year`: {} is not a year",
                ctx.counties_origin,
                r.row,
                fupin_core::text::quote(v)
            ),
        })?;
        return Ok(Some(Exit {
            year: y,
            basis: format!(
                "exit year {y} (column exit_year, row {}: read as the year of the exit date)",
                r.row
            ),
        }));
    }
    let Some((r, d)) = row.and_then(|r| Some((r, r.registry_exit_date.as_ref()?))) else {
        return Ok(None);
    };
    let (by, of) = match d.of {
        ExitDateOf::County => ("", "the county's own"),
        ExitDateOf::Batch => ("by ", "its batch's latest: the county had exited by then"),
    };
    let assessed = r
        .registry_exit_year
        .map_or(String::new(), |y| format!(", assessed on {y} data"));
    Ok(Some(Exit {
        year: d.year,
        basis: format!(
            "exit date {by}{} ({of}; {}; {}){assessed} (registry of the 832)",
            d.date, d.event, d.source
        ),
    }))
}

impl CountyRule for TransitionPeriod {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let meta = &Self::META;
        let param_err = |source| RuleError::Param {
            rule: meta.id.to_string(),
            source,
        };
        let t = ctx.param(meta, YEARS)?;
        let years = t.int().map_err(param_err)?;
        let from = ctx.param(meta, FROM)?;
        let national = if from.flag().map_err(param_err)? {
            None
        } else {
            Some(ctx.param(meta, START)?.int().map_err(param_err)?)
        };
        let mut out = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            let row = data
                .counties
                .row(code, ctx.year)
                .or_else(|| data.counties.any_row(code));
            let exit = exit_of(ctx, data.counties, code, row)?;
            let year = i64::from(ctx.year);
            // From the exit date: years since it, <= the length. National: years since the
            // period's start, < the length.
            let (measured, op, first, last) = match (&exit, national) {
                (None, _) => (Measure::Missing, Op::Le, None, None),
                (Some(e), None) => {
                    let e = i64::from(e.year);
                    (Measure::Count(year - e), Op::Le, Some(e), Some(e + years))
                }
                (Some(_), Some(s)) => (
                    Measure::Count(year - s),
                    Op::Lt,
                    Some(s),
                    Some(s + years - 1),
                ),
            };
            let period = match (first, last) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "none".to_string(),
            };
            let how = match national {
                None => format!("years since the exit date in {}", ctx.year),
                Some(s) => format!(
                    "national period for every county that exited ({FROM} = false): years since {s} in {}",
                    ctx.year
                ),
            };
            let basis = exit.as_ref().map_or(
                "no exit date: not a poverty county of the registry and no exit_year column",
                |e| e.basis.as_str(),
            );
            let mut c = check(
                meta,
                measured,
                op,
                Measure::Count(years),
                Basis {
                    parameter: YEARS,
                    source: shared(&t.source_text()),
                    effective: Some(shared(&t.value.effective.to_string())),
                    confirmed: t.value.confirmed,
                    unconfirmed_parameter: YEARS,
                    basis: Some(format!("{basis}; {how} (period {period})")),
                },
            );
            if from.value.reading.is_some() {
                c.mark_reading(FROM);
            }
            // Not yet exited, or before the national period: the check does not apply.
            let before = match (&exit, first) {
                (Some(e), Some(f)) => i64::from(e.year) > year || f > year,
                _ => true,
            };
            if before {
                c.applicable = false;
                c.passed = false;
                c.error = None;
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
    use fupin_core::ParameterStore;
    use fupin_core::units::ExitDate;

    /// A registry county assessed on `assessed` data whose exit date falls in `dated`
    /// (its batch's, or its own).
    fn county(code: &str, assessed: Option<i32>, dated: Option<(i32, ExitDateOf)>) -> County {
        County {
            code: code.into(),
            name: code.into(),
            province: "贵州省".into(),
            registry_exit_year: assessed,
            registry_exit_date: dated.map(|(year, of)| ExitDate {
                date: format!("{year}-11-01"),
                year,
                of,
                event: "approved".into(),
                source: "a source".into(),
            }),
            row: 2,
            ..County::default()
        }
    }

    fn with_column(mut c: County, v: &str) -> County {
        c.extra.insert("exit_year".into(), v.into());
        c
    }

    fn run_in(s: &ParameterStore, year: i32, rows: Vec<County>) -> Result<Vec<Check>, RuleError> {
        let ctx = ctx_for(s, year);
        let t = CountyTable::new(rows);
        TransitionPeriod.evaluate(
            &ctx,
            &CountyData {
                counties: &t,
                tallies: None,
            },
        )
    }

    fn run(year: i32, rows: Vec<County>) -> Result<Vec<Check>, RuleError> {
        run_in(&store(), year, rows)
    }

    /// The parameters with the national reading chosen, as a profile would.
    fn national() -> ParameterStore {
        let mut s = store();
        s.override_value(
            FROM,
            None,
            &fupin_core::params::TomlValue::Boolean(false),
            fupin_core::Source {
                title: "test".into(),
                issuer: "test".into(),
                date: String::new(),
                url: String::new(),
                grade: fupin_core::Grade::Unspecified,
                also: Vec::new(),
            },
            true,
            "test",
        )
        .expect("override");
        s
    }

    fn passed(checks: &[Check]) -> Vec<bool> {
        checks.iter().map(|c| c.passed).collect()
    }

    #[test]
    fn the_period_counts_from_the_year_of_the_exit_date() {
        // Assessed on 2016 data, approved in 2017 (the 2016 batch); assessed on 2019 data,
        // approved in 2020.
        let rows = || {
            vec![
                county("520101", Some(2016), Some((2017, ExitDateOf::Batch))),
                county("520102", Some(2019), Some((2020, ExitDateOf::County))),
            ]
        };
        let at = |y| run(y, rows()).expect("run");
        // Before the exit date's year: not in transition, the check does not apply.
        assert_eq!(passed(&at(2016)), [false, false]);
        assert!(at(2016).iter().all(|c| !c.applicable));
        // The exit date's year (0 years since), 5 years since, 6 years since.
        assert_eq!(passed(&at(2017)), [true, false]);
        assert!(at(2017)[0].applicable && !at(2017)[1].applicable);
        assert_eq!(passed(&at(2020)), [true, true]);
        assert_eq!(passed(&at(2022)), [true, true]);
        assert_eq!(at(2022)[0].measured, Measure::Count(5));
        assert_eq!(passed(&at(2023)), [false, true]);
        assert_eq!(at(2023)[0].measured, Measure::Count(6));
        assert_eq!(passed(&at(2025)), [false, true]);
        assert_eq!(passed(&at(2026)), [false, false]);
        // The basis names the date and whose it is, and the reading is marked.
        let c = &at(2022)[0];
        let basis = c.basis.as_deref().unwrap_or("");
        assert!(
            basis.contains("exit date by 2017-11-01 (its batch's latest"),
            "{basis}"
        );
        assert!(basis.contains("assessed on 2016 data"), "{basis}");
        assert!(basis.contains("period 2017–2022"), "{basis}");
        assert!(c.readings.iter().any(|r| r == FROM));
        let own = at(2022)[1].basis.clone().unwrap_or_default();
        assert!(
            own.contains("exit date 2020-11-01 (the county's own"),
            "{own}"
        );
        // Before the period's parameter is in force the rule is a configuration error.
        assert!(run(2015, rows()).is_err());
    }

    #[test]
    fn the_national_reading_is_2021_to_2025_for_every_county_that_exited() {
        let s = national();
        let rows = || {
            vec![
                county("520101", Some(2016), Some((2017, ExitDateOf::Batch))),
                county("520102", Some(2020), Some((2020, ExitDateOf::Batch))),
                county("530101", None, None),
            ]
        };
        let at = |y| run_in(&s, y, rows()).expect("run");
        assert_eq!(passed(&at(2020)), [false, false, false]);
        assert!(at(2020).iter().all(|c| !c.applicable));
        assert_eq!(passed(&at(2021)), [true, true, false]);
        assert_eq!(passed(&at(2025)), [true, true, false]);
        assert_eq!(at(2025)[0].measured, Measure::Count(4));
        assert_eq!(at(2025)[0].op, Op::Lt);
        assert_eq!(passed(&at(2026)), [false, false, false]);
        assert!(at(2026)[0].applicable);
        assert!(!at(2021)[2].applicable);
        let basis = at(2021)[0].basis.clone().unwrap_or_default();
        assert!(basis.contains("national period"), "{basis}");
        assert!(basis.contains("period 2021–2025"), "{basis}");
        // A county that exits after the year asked is not in it yet.
        let late = run_in(
            &s,
            2022,
            vec![with_column(county("520103", None, None), "2023")],
        )
        .expect("run");
        assert!(!late[0].passed && !late[0].applicable);
    }

    #[test]
    fn the_exit_year_column_is_the_year_of_the_exit_date_and_wins() {
        // The column keeps its meaning: the period counts from it (2018–2023), whatever the
        // registry says.
        let c = |v| {
            with_column(
                county("520101", Some(2016), Some((2017, ExitDateOf::Batch))),
                v,
            )
        };
        let r = run(2023, vec![c("2018")]).expect("run");
        assert!(r[0].passed);
        assert_eq!(r[0].measured, Measure::Count(5));
        assert!(
            r[0].basis
                .as_deref()
                .unwrap_or("")
                .contains("column exit_year, row 2: read as the year of the exit date")
        );
        let r = run(2024, vec![c("2018")]).expect("run");
        assert!(!r[0].passed && r[0].applicable);
        let e = run(
            2022,
            vec![with_column(county("520101", None, None), "soon")],
        )
        .expect_err("bad year");
        assert!(e.to_string().contains("row 2, column `exit_year`"), "{e}");
        let none = run(2021, vec![county("110101", None, None)]).expect("run");
        assert!(!none[0].passed && !none[0].applicable);
        assert!(
            none[0]
                .basis
                .as_deref()
                .unwrap_or("")
                .starts_with("no exit date")
        );
    }
}
