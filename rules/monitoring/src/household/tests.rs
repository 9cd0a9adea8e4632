use super::*;
use crate::household::risk::income::scaled_ceil;
use crate::household::risk::{RiskIncome, RiskRigidExpenditure, RiskSuddenHardship};
use crate::household::target::TargetStatus;
use crate::tests_support::{ctx_for, store};
use fupin_core::Money;
use fupin_core::Source;
use fupin_core::decision::Measure;
use fupin_core::rule::HouseholdRule;
use fupin_core::units::{HouseholdBatch, RegistryStatus};

fn batch(rows: &[(i64, i32, u8, i64, bool)]) -> HouseholdBatch {
    HouseholdBatch {
        ids: (0..rows.len()).map(|i| format!("H{i}")).collect(),
        county: vec![0; rows.len()],
        village: vec![u32::MAX; rows.len()],
        size: vec![1; rows.len()],
        year: rows.iter().map(|r| r.1).collect(),
        income: rows.iter().map(|r| Money::from_fen(r.0)).collect(),
        guarantees: vec![0; rows.len()],
        guarantees_known: 0,
        status: rows.iter().map(|r| r.2).collect(),
        rigid_expenditure: rows.iter().map(|r| Money::from_fen(r.3)).collect(),
        sudden_hardship: rows.iter().map(|r| r.4).collect(),
        first_row: 2,
    }
}

fn eval(rule: &dyn HouseholdRule, year: i32, b: &HouseholdBatch) -> Vec<bool> {
    let s = store();
    let ctx = ctx_for(&s, year);
    let mut years: Vec<i32> = b.year.clone();
    years.sort_unstable();
    years.dedup();
    let k = rule.prepare(&ctx, &years).expect("prepare");
    let mut out = vec![false; b.len()];
    k.eval(b, &mut out);
    // The explanation agrees with the column-wise result.
    for (i, o) in out.iter().enumerate() {
        assert_eq!(k.explain(b, i).passed, *o, "household {i}");
    }
    out
}

const EXITED: u8 = RegistryStatus::Exited as u8;
const NEVER: u8 = RegistryStatus::NeverPoor as u8;
const NOT_EXITED: u8 = RegistryStatus::NotExited as u8;

#[test]
fn the_income_route_is_strictly_below_one_and_a_half_times_the_line() {
    // 2020 line 4,000: monitoring line 6,000.00. 2019 line 3,218: 4,827.00.
    let b = batch(&[
        (599_999, 2020, NEVER, 0, false),
        (600_000, 2020, NEVER, 0, false),
        (482_699, 2019, NEVER, 0, false),
        (482_700, 2019, NEVER, 0, false),
    ]);
    assert_eq!(eval(&RiskIncome, 2021, &b), [true, false, true, false]);
}

#[test]
fn after_2020_the_last_line_is_carried_forward_and_marked_unconfirmed() {
    let s = store();
    let ctx = ctx_for(&s, 2021);
    let k = RiskIncome.prepare(&ctx, &[2021]).expect("prepare");
    let b = batch(&[(599_999, 2021, EXITED, 0, false)]);
    let c = k.explain(&b, 0);
    assert!(c.passed);
    assert_eq!(c.threshold, Measure::Money(Money::from_fen(600_000)));
    assert!(!c.confirmed);
    assert!(c.unconfirmed.contains(&NATIONAL_LINE.to_string()));
    assert!(
        c.basis.as_deref().unwrap_or("").contains("carried forward"),
        "{c:?}"
    );
}

#[test]
fn a_yearly_monitoring_line_replaces_the_percentage_for_its_year() {
    let mut s = store();
    s.override_value(
        LINE,
        Some(fupin_core::Date::new(2021, 1, 1).expect("date")),
        &fupin_core::params::TomlValue::Integer(6500),
        Source {
            title: "test".into(),
            issuer: String::new(),
            date: String::new(),
            url: String::new(),
            grade: fupin_core::Grade::Note,
            also: Vec::new(),
        },
        true,
        "test",
    )
    .expect("override");
    let ctx = ctx_for(&s, 2021);
    let k = RiskIncome.prepare(&ctx, &[2020, 2021]).expect("prepare");
    let b = batch(&[
        (649_999, 2021, NEVER, 0, false),
        (650_000, 2021, NEVER, 0, false),
        (649_999, 2020, NEVER, 0, false),
    ]);
    let mut out = vec![false; 3];
    k.eval(&b, &mut out);
    // 2021 uses the given line; 2020 still 1.5 × 4,000.
    assert_eq!(out, [true, false, false]);
    assert_eq!(&*k.explain(&b, 0).parameter, LINE);
    assert!(k.explain(&b, 0).confirmed);
}

#[test]
fn scaled_lines_round_up_to_the_fen_so_the_strict_bound_is_exact() {
    use std::str::FromStr;
    let pct = |s: &str| fupin_core::Decimal::from_str(s).expect("pct");
    assert_eq!(scaled_ceil(400_000, pct("1.5")), Some(600_000));
    // 3,218 × 1.333 = 4,289.594 → 4,289.60; an income of 4,289.59 is below, 4,289.60 not.
    assert_eq!(scaled_ceil(321_800, pct("1.333")), Some(428_960));
}

#[test]
fn the_target_is_every_household_not_still_registered_as_poor() {
    let b = batch(&[
        (0, 2021, EXITED, 0, false),
        (0, 2021, NEVER, 0, false),
        (0, 2021, NOT_EXITED, 0, false),
    ]);
    assert_eq!(eval(&TargetStatus, 2021, &b), [true, true, false]);
}

#[test]
fn rigid_expenditure_must_exceed_income() {
    let b = batch(&[
        (500_000, 2021, NEVER, 500_001, false),
        (500_000, 2021, NEVER, 500_000, false),
    ]);
    assert_eq!(eval(&RiskRigidExpenditure, 2021, &b), [true, false]);
}

#[test]
fn sudden_hardship_is_the_flag_and_is_in_force_from_2021() {
    let b = batch(&[
        (2_000_000, 2021, NEVER, 0, true),
        (2_000_000, 2021, NEVER, 0, false),
    ]);
    assert_eq!(eval(&RiskSuddenHardship, 2021, &b), [true, false]);
    // Assessed at the end of 2020 the category does not exist yet.
    let s = store();
    let ctx = ctx_for(&s, 2020);
    assert!(RiskSuddenHardship.prepare(&ctx, &[2021]).is_err());
}
