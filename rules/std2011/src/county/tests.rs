use super::exit::{
    CountyApproval, CountyFalseExit, CountyIncidence, CountyMissed, CountyNoticeHeld,
    CountyNoticeObjections,
};
use crate::tests_support::{ctx_for, store};
use fupin_core::Decimal;
use fupin_core::rule::{CountyData, CountyRule};
use fupin_core::units::County;
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

mod properties {
    use crate::county::exit::CountyIncidence;
    use crate::tests_support::{ctx_for, store};
    use fupin_core::rule::{CountyData, CountyRule};
    use fupin_core::units::County;
    use fupin_core::units::{CountyTable, Region};
    use proptest::prelude::*;

    fn passes(poor: i64, pop: i64, region: Region, param: &str, threshold: &str) -> bool {
        let mut s = store();
        let src = fupin_core::Source {
            title: "property test".into(),
            issuer: "fupin".into(),
            date: String::new(),
            url: String::new(),
            grade: fupin_core::Grade::Unspecified,
            also: Vec::new(),
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
