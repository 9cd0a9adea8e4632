//! County exit under the 2016 exit mechanism and the 2017 special-evaluation indicators.
//!
//! Each indicator is a veto (domain.md §4.2): a county exits only when every one passes.

use fupin_core::decision::{Check, Level, Measure, Op, Role, Test};
use fupin_core::documented;
use fupin_core::rule::{
    CountyData, CountyRule, EvalContext, RuleError, RuleMeta, RuleStatus, compare,
};
use fupin_core::units::County;

use crate::incidence;

/// The county row for the assessment year, or an input error naming the file and years.
fn row_for<'a>(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    data: &CountyData<'a>,
    code: &str,
) -> Result<&'a County, RuleError> {
    fupin_core::kit::county_row(rule, ctx, data, code, ctx.year)
}

use fupin_core::kit::missing_value as missing;

documented! {
    /// # What it decides
    /// The main county exit criterion: the county's comprehensive poverty incidence is at
    /// most 2% (3% in the western provinces).
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困县退出: 贫困县退出以贫困发生率为主要衡量标准. 原则上贫困县贫困发生率
    /// 降至2%以下(西部地区降至3%以下). The 2017 evaluation measures (国开办发〔2017〕56号):
    /// 综合贫困发生率高于3%的不得退出 (west); the central standard is 2% (People's Daily
    /// 2019-07-03).
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.max_incidence_pct.{east,central,west}` (percent), chosen by the
    /// county's region (the profile's override, else the `region` column, else the province
    /// by the western-development list of domain.md A2).
    ///
    /// # Measured value
    /// With household data: persons in households that fail the household exit test divided
    /// by all persons in the county's households (domain.md A4). Without: `poor_population /
    /// rural_population` of the county's row for the assessment year. The ratio is compared
    /// exactly, never rounded.
    ///
    /// # Bound
    /// 以下 includes the number: passes when incidence <= threshold. Exactly 2.00% passes in
    /// the east and centre; 2.01% fails there and passes in the west.
    ///
    /// # Example
    /// A central county with 200 poor in 10,000 (2.00%) exits; with 201 (2.01%) it remains.
    pub struct CountyIncidence;
}

static COUNTY_INCIDENCE: RuleMeta = RuleMeta {
    id: "std2011.county.exit.incidence",
    rule_set: "std2011",
    summary: "County exit: comprehensive poverty incidence <= 2% (<= 3% in the west)",
    doc: CountyIncidence::DOC,
    status: RuleStatus::Stable,
    level: Level::County,
    test: Test::Exit,
    role: Role::Require,
    parameters: &["std2011.exit.county.max_incidence_pct."],
    columns: &[],
    only_with_columns: false,
    since: "0.1.0",
};

impl CountyRule for CountyIncidence {
    fn meta(&self) -> &RuleMeta {
        &COUNTY_INCIDENCE
    }

    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &COUNTY_INCIDENCE;
        let mut out = Vec::with_capacity(data.counties.len());
        for (i, code) in data.counties.codes().iter().enumerate() {
            let tally = data.tallies.map(|t| &t[i]);
            let has_households = tally.is_some_and(|t| t.households > 0);
            let row = if has_households {
                data.counties.row(code, ctx.year)
            } else {
                Some(row_for(rule, ctx, data, code)?)
            };
            let any = data
                .counties
                .any_row(code)
                .ok_or_else(|| missing(rule, ctx, &County::default(), "code"))?;
            let region = ctx.region_of(rule, row.unwrap_or(any))?;
            let (measured, basis) = incidence::measure(
                tally,
                row.and_then(|r| r.poor_population),
                row.and_then(|r| r.rural_population),
                ("poor_population", "rural_population"),
            )
            .map_err(|m| RuleError::Input {
                rule: rule.id.to_string(),
                message: format!(
                    "{}: row {}: county {code}: {m}",
                    ctx.counties_origin,
                    row.unwrap_or(any).row
                ),
            })?;
            let param = format!("std2011.exit.county.max_incidence_pct.{region}");
            let t = ctx.param(rule, &param)?;
            out.push(compare(
                rule,
                Op::Le,
                measured,
                &t,
                Some(format!("{basis}; region {region}")),
            ));
        }
        Ok(out)
    }
}

/// A county veto read from one column of the county's row.
fn column_veto(
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

macro_rules! county_veto {
    ($ty:ident, $static:ident, $id:literal, $summary:literal, $param:literal, $col:literal,
     $only:expr, $op:expr, $get:expr) => {
        static $static: RuleMeta = RuleMeta {
            id: $id,
            rule_set: "std2011",
            summary: $summary,
            doc: $ty::DOC,
            status: RuleStatus::Stable,
            level: Level::County,
            test: Test::Exit,
            role: Role::Require,
            parameters: &[$param],
            columns: &[concat!("counties.", $col)],
            only_with_columns: $only,
            since: "0.1.0",
        };

        impl CountyRule for $ty {
            fn meta(&self) -> &RuleMeta {
                &$static
            }

            fn evaluate(
                &self,
                ctx: &EvalContext<'_>,
                data: &CountyData<'_>,
            ) -> Result<Vec<Check>, RuleError> {
                column_veto(&$static, ctx, data, $param, $op, $col, $get)
            }
        }
    };
}

documented! {
    /// # What it decides
    /// The false-exit rate (脱贫人口错退率) found by the special evaluation is at most 2%.
    ///
    /// # Legal basis
    /// 贫困县退出专项评估检查实施办法(试行) (国开办发〔2017〕56号): 错退率 = 抽样错退人口数 /
    /// 抽样脱贫人口数 × 100%; 高于2%的不得退出. A falsely exited person is one whose income
    /// does not stably exceed the line or who lacks the two assurances and three guarantees.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020 (the 2016 exits were evaluated in 2017).
    ///
    /// # Parameters
    /// `std2011.exit.county.max_false_exit_pct` (percent).
    ///
    /// # Bound
    /// 高于 is strict, so the county may exit when the rate <= 2%: exactly 2.00% passes,
    /// 2.01% fails.
    ///
    /// # Example
    /// `false_exit_pct = 2` → passes; `2.01` → the county remains.
    pub struct CountyFalseExit;
}
county_veto!(
    CountyFalseExit,
    COUNTY_FALSE_EXIT,
    "std2011.county.exit.false_exit",
    "County exit: false-exit rate <= 2%",
    "std2011.exit.county.max_false_exit_pct",
    "false_exit_pct",
    false,
    Op::Le,
    |c| c.false_exit_pct.map(Measure::Percent)
);

documented! {
    /// # What it decides
    /// The missed-assessment rate (贫困人口漏评率) found by the special evaluation is at most
    /// 2%.
    ///
    /// # Legal basis
    /// 国开办发〔2017〕56号: 漏评率 = 调查核实的漏评人口数 / 抽查村未建档立卡的农村人口数 ×
    /// 100%; 超过2%的不得退出.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.max_missed_pct` (percent).
    ///
    /// # Bound
    /// 超过 excludes the number, so the county may exit when the rate <= 2%: exactly 2.00%
    /// passes, 2.01% fails.
    ///
    /// # Example
    /// `missed_pct = 1.99` → passes; `2.5` → the county remains.
    pub struct CountyMissed;
}
county_veto!(
    CountyMissed,
    COUNTY_MISSED,
    "std2011.county.exit.missed",
    "County exit: missed-assessment rate <= 2%",
    "std2011.exit.county.max_missed_pct",
    "missed_pct",
    false,
    Op::Le,
    |c| c.missed_pct.map(Measure::Percent)
);

documented! {
    /// # What it decides
    /// Public approval (群众认可度) found by the special evaluation is at least 90%.
    ///
    /// # Legal basis
    /// 国开办发〔2017〕56号: 群众认可度 = 调查户中认可户数 / 调查总户数 × 100%; 低于90%的不得
    /// 退出.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.min_approval_pct` (percent).
    ///
    /// # Bound
    /// 低于 is strict, so the county may exit when approval >= 90%: exactly 90.00% passes,
    /// 89.99% fails.
    ///
    /// # Example
    /// `approval_pct = 90` → passes; `89.99` → the county remains.
    pub struct CountyApproval;
}
county_veto!(
    CountyApproval,
    COUNTY_APPROVAL,
    "std2011.county.exit.approval",
    "County exit: public approval >= 90%",
    "std2011.exit.county.min_approval_pct",
    "approval_pct",
    false,
    Op::Ge,
    |c| c.approval_pct.map(Measure::Percent)
);

documented! {
    /// # What it decides
    /// The county's exit list was publicly noticed (向社会公示征求意见) before approval.
    /// Applies only when the county data has a `notice_days` column.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困县退出: 省级扶贫开发领导小组核查, 确定退出名单后向社会公示征求意见.
    /// No national length of the notice was found (domain.md §8 item 10); provinces set their
    /// own (Shanxi gave 7 days in 2019). The national parameter is therefore 1 day, meaning
    /// only that a notice was held, and is marked unconfirmed; a provincial overlay sets its
    /// own length.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.notice.min_days` (days; unconfirmed).
    ///
    /// # Bound
    /// Passes when notice_days >= min_days: 1 day passes, 0 (no notice) fails.
    ///
    /// # Example
    /// `notice_days = 0` → the county remains: the procedure was not completed.
    pub struct CountyNoticeHeld;
}
county_veto!(
    CountyNoticeHeld,
    COUNTY_NOTICE_HELD,
    "std2011.county.exit.notice_held",
    "County exit: the exit list was publicly noticed (when notice columns are given)",
    "std2011.exit.county.notice.min_days",
    "notice_days",
    true,
    Op::Ge,
    |c| c.notice_days.map(Measure::Count)
);

documented! {
    /// # What it decides
    /// The public notice of the county's exit ended without objection (公示无异议). Applies
    /// only when the county data has a `notice_objections` column.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困县退出: 公示无异议的, 由各省(自治区、直辖市)扶贫开发领导小组审定后
    /// 向国务院扶贫开发领导小组报告.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.notice.max_objections` (count, 0).
    ///
    /// # Bound
    /// Passes when objections <= 0: none passes, one fails.
    ///
    /// # Example
    /// `notice_objections = 1` → the county remains until the objection is resolved.
    pub struct CountyNoticeObjections;
}
county_veto!(
    CountyNoticeObjections,
    COUNTY_NOTICE_OBJECTIONS,
    "std2011.county.exit.notice_objections",
    "County exit: no objection during the public notice (when notice columns are given)",
    "std2011.exit.county.notice.max_objections",
    "notice_objections",
    true,
    Op::Le,
    |c| c.notice_objections.map(Measure::Count)
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::{ctx_for, store};
    use fupin_core::Decimal;
    use fupin_core::units::{CountyTable, Region, Tally};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    fn county(code: &str, region: Region) -> County {
        County {
            code: code.into(),
            name: format!("county {code}"),
            province: "p".into(),
            region: Some(region),
            income_year: Some(2018),
            rural_population: Some(10_000),
            poor_population: Some(0),
            false_exit_pct: Some(d("0")),
            missed_pct: Some(d("0")),
            approval_pct: Some(d("100")),
            notice_days: Some(7),
            notice_objections: Some(0),
            row: 2,
            ..County::default()
        }
    }

    fn run(rule: &dyn CountyRule, rows: Vec<County>, tallies: Option<&[Tally]>) -> Vec<bool> {
        let s = store();
        let ctx = ctx_for(&s, 2018);
        let t = CountyTable::new(rows);
        let data = CountyData {
            counties: &t,
            tallies,
        };
        rule.evaluate(&ctx, &data)
            .expect("evaluates")
            .iter()
            .map(|c| c.passed)
            .collect()
    }

    #[test]
    fn incidence_bound_is_inclusive_and_regional() {
        let mk = |code: &str, region, poor| County {
            poor_population: Some(poor),
            ..county(code, region)
        };
        let rows = vec![
            mk("100001", Region::Central, 200), // 2.00%
            mk("100002", Region::Central, 201), // 2.01%
            mk("100003", Region::East, 200),
            mk("100004", Region::East, 201),
            mk("100005", Region::West, 300), // 3.00%
            mk("100006", Region::West, 301), // 3.01%
            mk("100007", Region::West, 201), // 2.01% in the west
        ];
        assert_eq!(
            run(&CountyIncidence, rows, None),
            [true, false, true, false, true, false, true]
        );
    }

    #[test]
    fn incidence_from_households_overrides_columns() {
        let rows = vec![County {
            poor_population: Some(9_999),
            ..county("100001", Region::Central)
        }];
        let t = [Tally {
            households: 30,
            persons: 100,
            poor_persons: 5,
            remaining_persons: 2,
            ..Tally::default()
        }];
        assert_eq!(run(&CountyIncidence, rows.clone(), Some(&t)), [true]);
        let t = [Tally {
            remaining_persons: 3,
            ..t[0]
        }];
        assert_eq!(run(&CountyIncidence, rows, Some(&t)), [false]);
    }

    #[test]
    fn vetoes_on_both_sides_of_their_bounds() {
        let with = |f: fn(&mut County)| {
            let mut c = county("100001", Region::West);
            f(&mut c);
            vec![c]
        };
        type Case = (&'static dyn CountyRule, fn(&mut County), bool);
        let cases: Vec<Case> = vec![
            (&CountyFalseExit, |c| c.false_exit_pct = Some(d("2")), true),
            (
                &CountyFalseExit,
                |c| c.false_exit_pct = Some(d("2.01")),
                false,
            ),
            (&CountyMissed, |c| c.missed_pct = Some(d("2.00")), true),
            (&CountyMissed, |c| c.missed_pct = Some(d("2.001")), false),
            (&CountyApproval, |c| c.approval_pct = Some(d("90")), true),
            (
                &CountyApproval,
                |c| c.approval_pct = Some(d("89.99")),
                false,
            ),
            (&CountyNoticeHeld, |c| c.notice_days = Some(1), true),
            (&CountyNoticeHeld, |c| c.notice_days = Some(0), false),
            (
                &CountyNoticeObjections,
                |c| c.notice_objections = Some(0),
                true,
            ),
            (
                &CountyNoticeObjections,
                |c| c.notice_objections = Some(1),
                false,
            ),
        ];
        for (rule, f, expect) in cases {
            assert_eq!(run(rule, with(f), None), [expect], "{}", rule.meta().id);
        }
    }

    #[test]
    fn a_missing_value_or_year_is_an_input_error() {
        let s = store();
        let ctx = ctx_for(&s, 2018);
        let mut c = county("100001", Region::West);
        c.approval_pct = None;
        let t = CountyTable::new(vec![c]);
        let data = CountyData {
            counties: &t,
            tallies: None,
        };
        let e = CountyApproval.evaluate(&ctx, &data).expect_err("missing");
        assert!(
            e.to_string().contains("row 2, column `approval_pct`"),
            "{e}"
        );
        let ctx = ctx_for(&s, 2019);
        let e = CountyFalseExit
            .evaluate(&ctx, &data)
            .expect_err("no 2019 row");
        assert!(e.to_string().contains("no row for income year 2019"), "{e}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::tests_support::{ctx_for, store};
    use fupin_core::units::{CountyTable, Region};
    use proptest::prelude::*;

    fn passes(poor: i64, pop: i64, region: Region, param: &str, threshold: &str) -> bool {
        let mut s = store();
        let src = fupin_core::Source {
            title: "property test".into(),
            issuer: "fupin".into(),
            date: String::new(),
            url: String::new(),
        };
        s.override_value(
            param,
            None,
            &fupin_core::params::TomlValue::String(threshold.into()),
            src,
            true,
            "test",
        )
        .expect("override");
        let ctx = ctx_for(&s, 2019);
        let t = CountyTable::new(vec![County {
            code: "100001".into(),
            province: "p".into(),
            region: Some(region),
            income_year: Some(2019),
            rural_population: Some(pop),
            poor_population: Some(poor),
            row: 2,
            ..County::default()
        }]);
        let data = CountyData {
            counties: &t,
            tallies: None,
        };
        CountyIncidence.evaluate(&ctx, &data).expect("evaluates")[0].passed
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// A county that exits under a threshold exits under any looser one.
        #[test]
        fn a_county_that_exits_exits_under_any_looser_threshold(
            pop in 1i64..2_000_000,
            share in 0u32..10_000,
            strict in 0u32..1_000,
            looser_by in 0u32..1_000,
            region in prop::sample::select(vec![Region::East, Region::Central, Region::West]),
        ) {
            let poor = (i128::from(pop) * i128::from(share) / 100_000) as i64;
            let param = format!("std2011.exit.county.max_incidence_pct.{region}");
            let t1 = format!("{}.{:02}", strict / 100, strict % 100);
            let t2v = strict + looser_by;
            let t2 = format!("{}.{:02}", t2v / 100, t2v % 100);
            if passes(poor, pop, region, &param, &t1) {
                prop_assert!(passes(poor, pop, region, &param, &t2), "{poor}/{pop}: {t1} then {t2}");
            }
        }
    }
}
