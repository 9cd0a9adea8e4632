use super::*;
use crate::household::exit::{
    HouseholdBasicMedical, HouseholdCompulsoryEducation, HouseholdExitIncome,
    HouseholdFoodClothing, HouseholdSafeHousing, HouseholdSafeWater,
};
use crate::household::poor::HouseholdPoor;
use crate::tests_support::{ctx_for, store};
use fupin_core::Money;
use fupin_core::rule::HouseholdRule;
use fupin_core::units::HouseholdBatch;

fn toml_int(n: i64) -> fupin_core::params::TomlValue {
    fupin_core::params::TomlValue::Integer(n)
}

fn batch(incomes: &[i64], years: &[i32], flags: &[u8]) -> HouseholdBatch {
    HouseholdBatch {
        ids: (0..incomes.len()).map(|i| format!("h{i}")).collect(),
        county: vec![0; incomes.len()],
        village: vec![0; incomes.len()],
        size: vec![1; incomes.len()],
        year: years.to_vec(),
        income: incomes.iter().map(|&f| Money::from_fen(f)).collect(),
        guarantees: flags.to_vec(),
        guarantees_known: 31,
        first_row: 2,
        ..HouseholdBatch::default()
    }
}

fn run(rule: &dyn HouseholdRule, year: i32, b: &HouseholdBatch) -> Vec<bool> {
    let s = store();
    let ctx = ctx_for(&s, year);
    let mut years = b.year.clone();
    years.sort_unstable();
    years.dedup();
    let k = rule.prepare(&ctx, &years).expect("prepares");
    let mut out = vec![false; b.len()];
    k.eval(b, &mut out);
    // The explanation agrees with the kernel for every household.
    for (i, o) in out.iter().enumerate() {
        assert_eq!(k.explain(b, i).passed, *o, "row {i}");
    }
    out
}

#[test]
fn poor_is_strictly_below_the_line_of_the_income_year() {
    // 2016 line 2,952.00; 2015 line 2,855.00.
    let b = batch(
        &[295_199, 295_200, 295_201, 285_499, 285_500],
        &[2016, 2016, 2016, 2015, 2015],
        &[31; 5],
    );
    assert_eq!(
        run(&HouseholdPoor, 2016, &b),
        [true, false, false, true, false]
    );
}

#[test]
fn exit_income_is_strictly_above_the_line() {
    // 2019 line 3,218.00.
    let b = batch(&[321_799, 321_800, 321_801], &[2019; 3], &[31; 3]);
    assert_eq!(run(&HouseholdExitIncome, 2019, &b), [false, false, true]);
}

#[test]
fn a_raised_exit_bound_moves_with_the_published_line() {
    // Shaanxi: 2,500 at 2010 prices; in 2019 that is 3,218 × 2,500 / 2,300 = 3,497.83.
    let mut s = store();
    let src = fupin_core::Source {
        title: "陕西省贫困退出工作实施细则".into(),
        issuer: "陕西省".into(),
        date: "2017-11".into(),
        url: String::new(),
        grade: fupin_core::Grade::Unspecified,
        also: Vec::new(),
    };
    s.override_value(
        EXIT_LINE_2010,
        None,
        &toml_int(2500),
        src,
        true,
        "shaanxi.toml",
    )
    .expect("override");
    let ctx = ctx_for(&s, 2019);
    let k = HouseholdExitIncome
        .prepare(&ctx, &[2019])
        .expect("prepares");
    let b = batch(&[349_783, 349_784], &[2019; 2], &[31; 2]);
    let mut out = [false; 2];
    k.eval(&b, &mut out);
    assert_eq!(out, [false, true]);
    let c = k.explain(&b, 0);
    assert_eq!(c.threshold, Measure::Money(Money::from_fen(349_783)));
    assert_eq!(&*c.parameter, EXIT_LINE_2010);
}

#[test]
fn unconfirmed_lines_are_marked() {
    let s = store();
    let ctx = ctx_for(&s, 2017);
    let k = HouseholdPoor.prepare(&ctx, &[2017]).expect("2017");
    let b = batch(&[100], &[2017], &[31]);
    let c = k.explain(&b, 0);
    assert!(!c.confirmed);
    assert_eq!(c.threshold, Measure::Money(Money::from_yuan(2952)));
}

#[test]
fn a_year_without_a_line_is_an_input_error() {
    let s = store();
    let ctx = ctx_for(&s, 2020);
    let err = HouseholdPoor
        .prepare(&ctx, &[2021])
        .err()
        .expect("no 2021 line");
    assert!(
        err.to_string().contains("no published line for 2021"),
        "{err}"
    );
}

#[test]
fn guarantees_need_their_flag() {
    let all = 31u8;
    let b = batch(
        &[0; 6],
        &[2019; 6],
        &[
            all,
            all & !Guarantee::FoodClothing.bit(),
            all & !Guarantee::CompulsoryEducation.bit(),
            all & !Guarantee::BasicMedical.bit(),
            all & !Guarantee::SafeHousing.bit(),
            all & !Guarantee::SafeWater.bit(),
        ],
    );
    assert_eq!(
        run(&HouseholdFoodClothing, 2019, &b),
        [true, false, true, true, true, true]
    );
    assert_eq!(
        run(&HouseholdCompulsoryEducation, 2019, &b),
        [true, true, false, true, true, true]
    );
    assert_eq!(
        run(&HouseholdBasicMedical, 2019, &b),
        [true, true, true, false, true, true]
    );
    assert_eq!(
        run(&HouseholdSafeHousing, 2019, &b),
        [true, true, true, true, false, true]
    );
    assert_eq!(
        run(&HouseholdSafeWater, 2019, &b),
        [true, true, true, true, true, false]
    );
}

#[test]
fn safe_water_is_required_from_2019_06_23() {
    let b = batch(&[0], &[2019], &[0]);
    let s = store();
    let before = fupin_core::EvalContext {
        date: "2019-06-22".parse().expect("date"),
        ..ctx_for(&s, 2019)
    };
    let on = fupin_core::EvalContext {
        date: "2019-06-23".parse().expect("date"),
        ..ctx_for(&s, 2019)
    };
    let mut out = [false];
    HouseholdSafeWater
        .prepare(&before, &[2019])
        .expect("prepares")
        .eval(&b, &mut out);
    assert_eq!(out, [true]);
    HouseholdSafeWater
        .prepare(&on, &[2019])
        .expect("prepares")
        .eval(&b, &mut out);
    assert_eq!(out, [false]);
}

mod properties {
    use crate::household::exit::HouseholdExitIncome;
    use crate::household::poor::HouseholdPoor;
    use crate::tests_support::{ctx_for, store};
    use fupin_core::Money;
    use fupin_core::rule::HouseholdRule;
    use fupin_core::units::HouseholdBatch;
    use proptest::prelude::*;

    fn one(income: i64, year: i32, flags: u8) -> HouseholdBatch {
        HouseholdBatch {
            ids: vec!["h".into()],
            county: vec![0],
            village: vec![0],
            size: vec![1],
            year: vec![year],
            income: vec![Money::from_fen(income)],
            guarantees: vec![flags],
            guarantees_known: 31,
            first_row: 2,
            ..HouseholdBatch::default()
        }
    }

    fn eval(rule: &dyn HouseholdRule, income: i64, year: i32, flags: u8) -> bool {
        let s = store();
        // Households of any income year, assessed under the 2020 rules.
        let ctx = ctx_for(&s, 2020);
        let k = rule.prepare(&ctx, &[year]).expect("prepares");
        let mut out = [false];
        k.eval(&one(income, year, flags), &mut out);
        out[0]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Raising a household's income never makes it poor, and never makes it fail the
        /// exit test it passed.
        #[test]
        fn raising_income_never_makes_a_household_poorer(
            income in 0i64..2_000_000,
            raise in 0i64..500_000,
            year in prop::sample::select(vec![2010, 2013, 2016, 2017, 2019, 2020]),
            flags in 0u8..32,
        ) {
            let poor_before = eval(&HouseholdPoor, income, year, flags);
            let poor_after = eval(&HouseholdPoor, income + raise, year, flags);
            prop_assert!(poor_before || !poor_after, "poor after raising {income} by {raise}");
            let exit_before = eval(&HouseholdExitIncome, income, year, flags);
            let exit_after = eval(&HouseholdExitIncome, income + raise, year, flags);
            prop_assert!(!exit_before || exit_after);
        }
    }
}
