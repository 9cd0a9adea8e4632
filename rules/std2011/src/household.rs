//! Household rules of the 2011 standard: classification and the 2016 household exit test.

use fupin_core::decision::{Check, Level, Measure, Op, Role, Test};
use fupin_core::rule::{
    EvalContext, HouseholdKernel, HouseholdRule, RuleError, RuleMeta, RuleStatus,
};
use fupin_core::standard::{LineValue, line_for_year};
use fupin_core::units::{Guarantee, HouseholdBatch};
use fupin_core::{Money, documented};

/// The parameter holding the published line of each year.
pub const LINE: &str = "std2011.line";

/// The household exit test's income bound at 2010 prices.
pub const EXIT_LINE_2010: &str = "std2011.exit.household.line_2010_prices";

/// The published lines for the years present in the data, looked up by year.
#[derive(Debug, Clone)]
struct Lines {
    by_year: Vec<(i32, LineValue)>,
}

impl Lines {
    fn load(ctx: &EvalContext<'_>, rule: &RuleMeta, years: &[i32]) -> Result<Self, RuleError> {
        let mut by_year = Vec::with_capacity(years.len());
        for &y in years {
            let line =
                line_for_year(ctx.params, "std2011", LINE, y).map_err(|e| RuleError::Input {
                    rule: rule.id.to_string(),
                    message: format!("households of income year {y}: {e}"),
                })?;
            by_year.push((y, line));
        }
        Ok(Lines { by_year })
    }

    fn get(&self, year: i32) -> &LineValue {
        // The kernel is prepared with every year present in the data.
        match self.by_year.iter().find(|(y, _)| *y == year) {
            Some((_, l)) => l,
            None => &self.by_year[0].1,
        }
    }

    fn fen(&self, year: i32) -> i64 {
        self.get(year).line.fen()
    }
}

fn line_check(rule: &RuleMeta, op: Op, income: Money, line: &LineValue) -> Check {
    let measured = Measure::Money(income);
    let threshold = Measure::Money(line.line);
    let mut check = Check {
        rule: rule.id.to_string(),
        passed: measured.compare(&threshold).is_some_and(|o| op.holds(o)),
        measured,
        threshold,
        op,
        parameter: line.parameter.clone(),
        source: line.source.clone(),
        effective: Some(line.effective.clone()),
        confirmed: true,
        unconfirmed: Vec::new(),
        basis: Some(match &line.note {
            Some(n) if line.parameter != LINE => n.clone(),
            _ => format!(
                "line of {} at {} prices{}",
                line.year,
                line.price_year,
                line.concept
                    .as_deref()
                    .map(|c| format!(", {c} income"))
                    .unwrap_or_default()
            ),
        }),
        role: rule.role,
        applicable: true,
        error: None,
    };
    if !line.confirmed {
        check.mark_unconfirmed(&line.parameter);
    }
    check
}

/// Evaluate `income op line(year)` over columns.
fn eval_line(lines: &Lines, op: Op, batch: &HouseholdBatch, out: &mut [bool]) {
    // One line per year; most batches hold a single year, so hoist it.
    let mut cached_year = i32::MIN;
    let mut line = 0i64;
    for ((o, inc), &y) in out.iter_mut().zip(&batch.income).zip(&batch.year) {
        if y != cached_year {
            cached_year = y;
            line = lines.fen(y);
        }
        let i = inc.fen();
        *o = match op {
            Op::Lt => i < line,
            Op::Gt => i > line,
            Op::Le => i <= line,
            Op::Ge => i >= line,
            Op::Eq => i == line,
            Op::Ne => i != line,
        };
    }
}

documented! {
    /// # What it decides
    /// Whether a household is poor under the 2011 national standard: its net income per
    /// capita in the income year is below the national poverty line published for that year.
    ///
    /// # Legal basis
    /// The 2011–2020 Outline and the Central Poverty Alleviation Work Conference of
    /// 2011-11-29 set the national standard at 2,300 yuan per person per year at 2010 prices
    /// (农民人均纯收入2300元(2010年不变价)); a household is identified as poor when its
    /// income is 低于国家扶贫标准. NBS updates the line each year with the rural low-income
    /// residents' price index; the published current-price values are data
    /// (`std2011.line`): 2,300 (2010), 2,536, 2,625, 2,736, 2,800 (2014, disposable income
    /// from here on), 2,855, 2,952 (2016), 2,952? (2017, unconfirmed), 2,995? (2018,
    /// unconfirmed), 3,218 (2019, one weak source), about 4,000 (2020).
    ///
    /// # Era
    /// Income years 2010–2020.
    ///
    /// # Parameters
    /// `std2011.line` (yuan, one value per year).
    ///
    /// # Bound
    /// 低于 is strict: poor when income < line. A household at exactly the line is not poor.
    ///
    /// # Example
    /// 2016 line 2,952 yuan: income 2,951.99 → poor; 2,952.00 → not poor.
    pub struct HouseholdPoor;
}

static HOUSEHOLD_POOR: RuleMeta = RuleMeta {
    id: "std2011.household.poor.income",
    rule_set: "std2011",
    summary: "Household is poor: net income per capita below the year's national line (income < line)",
    doc: HouseholdPoor::DOC,
    status: RuleStatus::Stable,
    level: Level::Household,
    test: Test::Classification,
    role: Role::Qualify,
    parameters: &[LINE],
    columns: &["households.net_income_per_capita", "households.year"],
    only_with_columns: false,
    since: "0.1.0",
};

struct LineKernel {
    meta: &'static RuleMeta,
    op: Op,
    lines: Lines,
}

impl HouseholdKernel for LineKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        eval_line(&self.lines, self.op, batch, out);
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        line_check(
            self.meta,
            self.op,
            batch.income[i],
            self.lines.get(batch.year[i]),
        )
    }
}

impl HouseholdRule for HouseholdPoor {
    fn meta(&self) -> &RuleMeta {
        &HOUSEHOLD_POOR
    }

    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(LineKernel {
            meta: &HOUSEHOLD_POOR,
            op: Op::Lt,
            lines: Lines::load(ctx, &HOUSEHOLD_POOR, years)?,
        }))
    }
}

documented! {
    /// # What it decides
    /// The income part of the household exit test: the household's net income per capita is
    /// stably above the national poverty line of the income year.
    ///
    /// # Legal basis
    /// 关于建立贫困退出机制的意见 (厅字〔2016〕16号), 贫困人口退出: 以户为单位, 主要衡量标准是该户
    /// 年人均纯收入稳定超过国家扶贫标准且吃穿不愁, 义务教育、基本医疗、住房安全有保障.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.line` (yuan, one value per year) and
    /// `std2011.exit.household.line_2010_prices` (2,300 nationally). When a province raises
    /// the latter (Shaanxi: 2,500 at 2010 prices), the bound of year Y is
    /// `line(Y) × 2,500 / 2,300`, moved with the published series; nationally it is the
    /// published line itself.
    ///
    /// # Bound
    /// 超过 excludes the number: passes when income > line. A household at exactly the line
    /// does not pass (and is not poor either: see `std2011.household.poor.income`).
    ///
    /// # Example
    /// 2019 line 3,218 yuan: income 3,218.01 passes; 3,218.00 fails.
    pub struct HouseholdExitIncome;
}

static HOUSEHOLD_EXIT_INCOME: RuleMeta = RuleMeta {
    id: "std2011.household.exit.income",
    rule_set: "std2011",
    summary: "Household exit: net income per capita stably above the year's national line (income > line)",
    doc: HouseholdExitIncome::DOC,
    status: RuleStatus::Stable,
    level: Level::Household,
    test: Test::Exit,
    role: Role::Require,
    parameters: &[LINE, EXIT_LINE_2010],
    columns: &["households.net_income_per_capita", "households.year"],
    only_with_columns: false,
    since: "0.1.0",
};

impl HouseholdRule for HouseholdExitIncome {
    fn meta(&self) -> &RuleMeta {
        &HOUSEHOLD_EXIT_INCOME
    }

    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        let rule = &HOUSEHOLD_EXIT_INCOME;
        let mut lines = Lines::load(ctx, rule, years)?;
        let bound = ctx.param(rule, EXIT_LINE_2010)?;
        let at_2010 = bound.money().map_err(|source| RuleError::Param {
            rule: rule.id.into(),
            source,
        })?;
        let base =
            line_for_year(ctx.params, "std2011", LINE, 2010).map_err(|e| RuleError::Input {
                rule: rule.id.into(),
                message: e.to_string(),
            })?;
        if at_2010 != base.line {
            for (_, l) in &mut lines.by_year {
                let scaled = l
                    .line
                    .scale(at_2010.fen(), base.line.fen())
                    .unwrap_or(l.line);
                l.note = Some(format!(
                    "line of {} ({}) × {at_2010} / {} ({EXIT_LINE_2010})",
                    l.year, l.line, base.line
                ));
                l.line = scaled;
                l.parameter = EXIT_LINE_2010.to_string();
                l.source = bound.source_text();
                l.confirmed = l.confirmed && bound.value.confirmed;
            }
        }
        Ok(Box::new(LineKernel {
            meta: rule,
            op: Op::Gt,
            lines,
        }))
    }
}

/// A guarantee of the household exit test, met when its column is true.
struct GuaranteeKernel {
    meta: &'static RuleMeta,
    guarantee: Guarantee,
    required: bool,
    parameter: String,
    source: String,
    effective: String,
    confirmed: bool,
}

impl HouseholdKernel for GuaranteeKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        let bit = self.guarantee.bit();
        if !self.required {
            out.fill(true);
            return;
        }
        for (o, g) in out.iter_mut().zip(&batch.guarantees) {
            *o = g & bit != 0;
        }
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let met = batch.guarantees[i] & self.guarantee.bit() != 0;
        let mut check = Check {
            rule: self.meta.id.to_string(),
            passed: met || !self.required,
            measured: Measure::Bool(met),
            threshold: Measure::Bool(true),
            op: Op::Eq,
            parameter: self.parameter.clone(),
            source: self.source.clone(),
            effective: Some(self.effective.clone()),
            confirmed: true,
            unconfirmed: Vec::new(),
            basis: (!self.required).then(|| "not required on the assessment date".to_string()),
            role: self.meta.role,
            applicable: true,
            error: None,
        };
        if !self.confirmed {
            check.mark_unconfirmed(&self.parameter);
        }
        check
    }
}

macro_rules! guarantee_rule {
    ($ty:ident, $static:ident, $g:expr, $id:literal, $param:literal, $col:literal, $summary:literal) => {
        static $static: RuleMeta = RuleMeta {
            id: $id,
            rule_set: "std2011",
            summary: $summary,
            doc: $ty::DOC,
            status: RuleStatus::Stable,
            level: Level::Household,
            test: Test::Exit,
            role: Role::Require,
            parameters: &[$param],
            columns: &[$col],
            only_with_columns: false,
            since: "0.1.0",
        };

        impl HouseholdRule for $ty {
            fn meta(&self) -> &RuleMeta {
                &$static
            }

            fn prepare(
                &self,
                ctx: &EvalContext<'_>,
                _years: &[i32],
            ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
                let r = ctx.param(&$static, $param)?;
                let required = match r.value.value {
                    fupin_core::ParamValue::Bool(b) => b,
                    _ => {
                        return Err(RuleError::Param {
                            rule: $id.to_string(),
                            source: fupin_core::ParamError::WrongUnit {
                                id: $param.to_string(),
                                want: "bool".into(),
                                found: r.param.unit.as_str().into(),
                            },
                        });
                    }
                };
                Ok(Box::new(GuaranteeKernel {
                    meta: &$static,
                    guarantee: $g,
                    required,
                    parameter: $param.to_string(),
                    source: r.source_text(),
                    effective: r.value.effective.to_string(),
                    confirmed: r.value.confirmed,
                }))
            }
        }
    };
}

documented! {
    /// # What it decides
    /// The household has enough food and clothing (吃穿不愁): column `food_clothing`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 该户年人均纯收入稳定超过国家扶贫标准且吃穿不愁.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.food_clothing` (bool).
    ///
    /// # Bound
    /// Passes when `food_clothing` is true (== true).
    ///
    /// # Example
    /// `food_clothing = 0` → the household remains poor whatever its income.
    pub struct HouseholdFoodClothing;
}
guarantee_rule!(
    HouseholdFoodClothing,
    HOUSEHOLD_FOOD_CLOTHING,
    Guarantee::FoodClothing,
    "std2011.household.exit.food_clothing",
    "std2011.exit.household.requires.food_clothing",
    "households.food_clothing",
    "Household exit: enough food and clothing (吃穿不愁)"
);

documented! {
    /// # What it decides
    /// Compulsory education is assured for the household's children (义务教育有保障):
    /// column `compulsory_education`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 义务教育、基本医疗、住房安全有保障.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.compulsory_education` (bool).
    ///
    /// # Bound
    /// Passes when `compulsory_education` is true (== true).
    ///
    /// # Example
    /// A child out of school (`compulsory_education = false`) → the household remains.
    pub struct HouseholdCompulsoryEducation;
}
guarantee_rule!(
    HouseholdCompulsoryEducation,
    HOUSEHOLD_EDUCATION,
    Guarantee::CompulsoryEducation,
    "std2011.household.exit.compulsory_education",
    "std2011.exit.household.requires.compulsory_education",
    "households.compulsory_education",
    "Household exit: compulsory education assured (义务教育有保障)"
);

documented! {
    /// # What it decides
    /// Basic medical care is assured (基本医疗有保障): column `basic_medical`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 义务教育、基本医疗、住房安全有保障.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.basic_medical` (bool).
    ///
    /// # Bound
    /// Passes when `basic_medical` is true (== true).
    ///
    /// # Example
    /// No medical insurance cover (`basic_medical = false`) → the household remains.
    pub struct HouseholdBasicMedical;
}
guarantee_rule!(
    HouseholdBasicMedical,
    HOUSEHOLD_MEDICAL,
    Guarantee::BasicMedical,
    "std2011.household.exit.basic_medical",
    "std2011.exit.household.requires.basic_medical",
    "households.basic_medical",
    "Household exit: basic medical care assured (基本医疗有保障)"
);

documented! {
    /// # What it decides
    /// The household's housing is safe (住房安全有保障): column `safe_housing`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 义务教育、基本医疗、住房安全有保障.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.safe_housing` (bool).
    ///
    /// # Bound
    /// Passes when `safe_housing` is true (== true).
    ///
    /// # Example
    /// A dilapidated house (`safe_housing = false`) → the household remains.
    pub struct HouseholdSafeHousing;
}
guarantee_rule!(
    HouseholdSafeHousing,
    HOUSEHOLD_HOUSING,
    Guarantee::SafeHousing,
    "std2011.household.exit.safe_housing",
    "std2011.exit.household.requires.safe_housing",
    "households.safe_housing",
    "Household exit: safe housing (住房安全有保障)"
);

documented! {
    /// # What it decides
    /// The household has safe drinking water (饮水安全有保障): column `safe_water`.
    ///
    /// # Legal basis
    /// The 2016 Opinions do not name drinking water separately. The LGOP guidance of
    /// 2019-06-23 (关于解决"两不愁三保障"突出问题的指导意见) names drinking-water safety under
    /// 不愁吃, and the 2021 census language includes 饮水安全也有保障. Whether it is a
    /// separate guarantee or part of 不愁吃 is not confirmed (domain.md §4.1), so the
    /// requirement is dated: not required before 2019-06-23, required from then on.
    ///
    /// # Era
    /// Exits assessed from 2019 to 2020 (the check passes trivially before).
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.safe_water` (bool, dated).
    ///
    /// # Bound
    /// Passes when `safe_water` is true (== true), or when not required on the assessment
    /// date.
    ///
    /// # Example
    /// 2019 assessment, `safe_water = false` → remains; 2018 assessment → passes (not
    /// required).
    pub struct HouseholdSafeWater;
}
guarantee_rule!(
    HouseholdSafeWater,
    HOUSEHOLD_WATER,
    Guarantee::SafeWater,
    "std2011.household.exit.safe_water",
    "std2011.exit.household.requires.safe_water",
    "households.safe_water",
    "Household exit: safe drinking water (饮水安全有保障; required from 2019-06-23)"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::{ctx_for, store};

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
        assert_eq!(c.parameter, EXIT_LINE_2010);
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
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::tests_support::{ctx_for, store};
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
