//! Household rules of the monitoring (防止返贫监测, from June 2020): who is a target, and the
//! three routes into monitoring (income, rigid expenditure, sudden hardship).
//!
//! The test is [`Test::Monitoring`]: the target rule is a veto (`Require`), the three risk
//! rules are sufficient conditions (`Qualify`), so a household is monitored when it is a
//! target and at least one risk holds. The engine then places it in one of the three
//! categories by its registry status and the hardship route
//! ([`fupin_core::decision::monitoring_category`]).

use fupin_core::decision::{Check, Level, Measure, Op, Role, Test};
use fupin_core::rule::{
    EvalContext, HouseholdKernel, HouseholdRule, RuleError, RuleMeta, RuleStatus,
};
use fupin_core::standard::{LineValue, line_for_year};
use fupin_core::units::{HouseholdBatch, RegistryStatus};
use fupin_core::{Money, ParamValue, documented};

use crate::{Basis, check};

/// The multiple of the national line that makes the monitoring line.
pub const LINE_MULTIPLE: &str = "monitoring.household.line_multiple";
/// A yearly monitoring line given by a profile (no value unless one is given).
pub const LINE: &str = "monitoring.household.line";
/// The national line the percentage applies to.
pub const NATIONAL_LINE: &str = "std2011.line";
/// Whether households still registered as poor are left out.
pub const EXCLUDE_NOT_EXITED: &str = "monitoring.household.target.exclude_not_exited";
/// Whether the rigid-expenditure route is in force.
pub const RIGID: &str = "monitoring.household.risk.rigid_expenditure";
/// Whether the sudden-hardship route is in force.
pub const HARDSHIP: &str = "monitoring.household.risk.sudden_hardship";

fn bool_param(
    ctx: &EvalContext<'_>,
    meta: &RuleMeta,
    id: &'static str,
) -> Result<Switch, RuleError> {
    let r = ctx.param(meta, id)?;
    let on = match r.value.value {
        ParamValue::Bool(b) => b,
        _ => {
            return Err(RuleError::Param {
                rule: meta.id.to_string(),
                source: fupin_core::ParamError::WrongUnit {
                    id: id.to_string(),
                    want: "bool".into(),
                    found: r.param.unit.as_str().into(),
                },
            });
        }
    };
    Ok(Switch {
        on,
        parameter: id,
        source: r.source_text(),
        effective: r.value.effective.to_string(),
        confirmed: r.value.confirmed,
    })
}

/// A yes/no parameter that turns a route on or off.
struct Switch {
    on: bool,
    parameter: &'static str,
    source: String,
    effective: String,
    confirmed: bool,
}

impl Switch {
    fn basis(&self, text: Option<String>) -> Basis<'static> {
        Basis {
            parameter: self.parameter,
            source: self.source.clone(),
            effective: Some(self.effective.clone()),
            confirmed: self.confirmed,
            unconfirmed_parameter: self.parameter,
            basis: if self.on {
                text
            } else {
                Some("not in force on the assessment date".to_string())
            },
        }
    }
}

// --- Target ------------------------------------------------------------------------------

documented! {
    /// # What it decides
    /// Whether the household is a target of the monitoring at all: households still
    /// registered as poor (not exited) are not, since they are assisted as poor households;
    /// exited households and households never registered as poor are. Column
    /// `registry_status` (`never_poor`, `exited`, `not_exited`; 一般农户, 脱贫户, 未脱贫户; or
    /// 1, 2, 3).
    ///
    /// # Legal basis
    /// 国务院扶贫办《关于建立防止返贫监测和帮扶机制的指导意见》(June 2020): 监测对象以家庭为
    /// 单位, 主要监测建档立卡已脱贫但不稳定户, 收入略高于建档立卡贫困户的边缘户. From 2021 the
    /// categories are 脱贫不稳定户, 边缘易致贫户 and 突发严重困难户.
    ///
    /// # Era
    /// From June 2020 (the guidance) through the transition period.
    ///
    /// # Parameters
    /// `monitoring.household.target.exclude_not_exited` (bool).
    ///
    /// # Reading
    /// The guidance names two kinds of target and the 2021 categories a third; fupin reads
    /// them as: every household that is not still registered as poor is a target. How a
    /// monitored household is then placed is also fupin's reading: an exited household is
    /// 脱贫不稳定户 (`unstable_exited`) whatever its risk; a household never registered is
    /// 突发严重困难户 (`sudden_hardship`) when the sudden-hardship rule passed, else
    /// 边缘易致贫户 (`marginal`).
    ///
    /// # Bound
    /// Passes when `registry_status != not_exited` (a veto of the monitoring test).
    ///
    /// # Example
    /// A household `not_exited` with an income of 1,000 yuan is `not_monitored`; the same
    /// household `exited` is `unstable_exited`.
    pub struct TargetStatus;
}

/// The target rule.
pub static TARGET_STATUS: TargetStatus = TargetStatus;

static TARGET_META: RuleMeta = RuleMeta {
    id: "monitoring.household.target.registry_status",
    rule_set: "monitoring",
    summary: "Monitoring target: the household is not still registered as poor (registry_status != not_exited)",
    doc: TargetStatus::DOC,
    status: RuleStatus::Stable,
    level: Level::Household,
    test: Test::Monitoring,
    role: Role::Require,
    parameters: &[EXCLUDE_NOT_EXITED],
    columns: &["households.registry_status"],
    only_with_columns: false,
    since: "0.2.0",
};

struct TargetKernel {
    switch: Switch,
}

impl HouseholdKernel for TargetKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        if !self.switch.on {
            out.fill(true);
            return;
        }
        let not_exited = RegistryStatus::NotExited as u8;
        for (o, s) in out.iter_mut().zip(&batch.status) {
            *o = *s != not_exited;
        }
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let status = batch
            .status
            .get(i)
            .and_then(|s| RegistryStatus::from_code(*s))
            .map_or(Measure::Missing, |s| Measure::Text(s.as_str().to_string()));
        let mut c = check(
            &TARGET_META,
            status,
            Op::Ne,
            Measure::Text(RegistryStatus::NotExited.as_str().to_string()),
            self.switch.basis(None),
        );
        if !self.switch.on {
            c.passed = true;
            c.error = None;
        }
        c
    }
}

impl HouseholdRule for TargetStatus {
    fn meta(&self) -> &RuleMeta {
        &TARGET_META
    }

    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(TargetKernel {
            switch: bool_param(ctx, &TARGET_META, EXCLUDE_NOT_EXITED)?,
        }))
    }
}

// --- Income --------------------------------------------------------------------------------

documented! {
    /// # What it decides
    /// The income route into monitoring: the household's income per capita is below the
    /// monitoring line of its income year.
    ///
    /// # Legal basis
    /// 国务院扶贫办《关于建立防止返贫监测和帮扶机制的指导意见》(June 2020): 监测范围, 人均可支配
    /// 收入低于国家扶贫标准1.5倍左右的家庭. The yearly national monitoring thresholds used
    /// after 2021 are not in the sources fupin rests on; a province or a year that sets its
    /// own line gives it as `monitoring.household.line`.
    ///
    /// # Era
    /// From June 2020 (the guidance) through the transition period.
    ///
    /// # Parameters
    /// `monitoring.household.line_multiple` (times the national line);
    /// `monitoring.household.line` (yuan, a yearly line: when a value is given for the
    /// income year, it is the line); `std2011.line` (the national line of the year).
    ///
    /// # Reading
    /// "About 1.5 times" is read as exactly 1.5 times. The national line is the published line of
    /// the income year; for an income year after the last published line (2020, about 4,000
    /// yuan), that line is carried forward and the check is marked unconfirmed: no source
    /// gives a national line for those years. The monitoring line is the exact product; as
    /// incomes are whole fen, `income < line` is decided exactly against the product rounded
    /// up to the next fen.
    ///
    /// # Bound
    /// 低于 is strict: monitored when income < monitoring line.
    ///
    /// # Example
    /// Income year 2020, line 4,000 yuan: monitoring line 6,000.00; income 5,999.99 →
    /// monitored; 6,000.00 → not by this route.
    pub struct RiskIncome;
}

/// The income route.
pub static RISK_INCOME: RiskIncome = RiskIncome;

static INCOME_META: RuleMeta = RuleMeta {
    id: "monitoring.household.risk.income",
    rule_set: "monitoring",
    summary: "Monitoring: income per capita below the monitoring line (income < about 1.5 × the year's national line, or the year's monitoring line)",
    doc: RiskIncome::DOC,
    status: RuleStatus::Stable,
    level: Level::Household,
    test: Test::Monitoring,
    role: Role::Qualify,
    parameters: &[LINE_MULTIPLE, LINE, NATIONAL_LINE],
    columns: &["households.net_income_per_capita", "households.year"],
    only_with_columns: false,
    since: "0.2.0",
};

/// The monitoring line of one income year, with what it rests on.
#[derive(Debug, Clone)]
struct YearLine {
    year: i32,
    /// In fen, rounded up from the exact product (see the rule's Reading).
    fen: i64,
    parameter: String,
    source: String,
    effective: String,
    confirmed: bool,
    /// The unconfirmed parameter, when not confirmed.
    unconfirmed: String,
    basis: String,
}

/// `line × times`, rounded up to a whole fen; exact for `income < line` with whole-fen
/// incomes (`i < x` ⇔ `i < ⌈x⌉` for an integer `i`).
fn scaled_ceil(line_fen: i64, times: fupin_core::Decimal) -> Option<i64> {
    let m = times.mantissa();
    let den = 10i128.checked_pow(times.scale())?;
    let num = i128::from(line_fen).checked_mul(m)?;
    if num < 0 {
        return None;
    }
    i64::try_from((num + den - 1) / den).ok()
}

fn national_line(ctx: &EvalContext<'_>, year: i32) -> Result<(LineValue, Option<i32>), String> {
    match line_for_year(ctx.params, "std2011", NATIONAL_LINE, year) {
        Ok(l) => Ok((l, None)),
        Err(e) => {
            // After the last published year: carry the last line forward (unconfirmed).
            let last = ctx
                .params
                .get(NATIONAL_LINE)
                .map_err(|e| e.to_string())?
                .values
                .iter()
                .map(|v| i32::from(v.effective.year()))
                .filter(|y| *y < year)
                .max();
            match last {
                Some(y) => line_for_year(ctx.params, "std2011", NATIONAL_LINE, y)
                    .map(|l| (l, Some(y)))
                    .map_err(|e| e.to_string()),
                None => Err(e.to_string()),
            }
        }
    }
}

fn year_line(ctx: &EvalContext<'_>, year: i32) -> Result<YearLine, RuleError> {
    let meta = &INCOME_META;
    let err = |message: String| RuleError::Input {
        rule: meta.id.to_string(),
        message,
    };
    // A yearly line given for the income year.
    let given = ctx.params.get(LINE).map_err(|source| RuleError::Param {
        rule: meta.id.to_string(),
        source,
    })?;
    if let Some(v) = given
        .values
        .iter()
        .find(|v| i32::from(v.effective.year()) == year)
    {
        let r = ctx.params.resolved(given, v);
        let m = r.money().map_err(|source| RuleError::Param {
            rule: meta.id.to_string(),
            source,
        })?;
        return Ok(YearLine {
            year,
            fen: m.fen(),
            parameter: LINE.to_string(),
            source: r.source_text(),
            effective: v.effective.to_string(),
            confirmed: v.confirmed,
            unconfirmed: LINE.to_string(),
            basis: format!("monitoring line set for {year}"),
        });
    }
    let mult_r = ctx.param(meta, LINE_MULTIPLE)?;
    let times = mult_r.times().map_err(|source| RuleError::Param {
        rule: meta.id.to_string(),
        source,
    })?;
    let (line, carried) = national_line(ctx, year)
        .map_err(|m| err(format!("households of income year {year}: {m}")))?;
    let fen = scaled_ceil(line.line.fen(), times).ok_or_else(|| {
        err(format!(
            "the monitoring line {times} × {} is out of range",
            line.line
        ))
    })?;
    let from = match carried {
        Some(y) => format!(
            "national line of {y} ({}), carried forward: no national line for {year} in the sources",
            line.line
        ),
        None => format!("national line of {year} ({})", line.line),
    };
    let confirmed = carried.is_none() && line.confirmed && mult_r.value.confirmed;
    let unconfirmed = if mult_r.value.confirmed {
        NATIONAL_LINE.to_string()
    } else {
        LINE_MULTIPLE.to_string()
    };
    Ok(YearLine {
        year,
        fen,
        parameter: LINE_MULTIPLE.to_string(),
        source: format!("{}; national line: {}", mult_r.source_text(), line.source),
        effective: mult_r.value.effective.to_string(),
        confirmed,
        unconfirmed,
        basis: format!(
            "{} × the {from} = {}",
            times.normalize(),
            Money::from_fen(fen)
        ),
    })
}

struct IncomeKernel {
    lines: Vec<YearLine>,
}

impl IncomeKernel {
    fn get(&self, year: i32) -> &YearLine {
        // Prepared with every year present in the batch.
        self.lines
            .iter()
            .find(|l| l.year == year)
            .unwrap_or(&self.lines[0])
    }
}

impl HouseholdKernel for IncomeKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        let mut cached = i32::MIN;
        let mut line = 0i64;
        for ((o, inc), &y) in out.iter_mut().zip(&batch.income).zip(&batch.year) {
            if y != cached {
                cached = y;
                line = self.get(y).fen;
            }
            *o = inc.fen() < line;
        }
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let l = self.get(batch.year[i]);
        check(
            &INCOME_META,
            Measure::Money(batch.income[i]),
            Op::Lt,
            Measure::Money(Money::from_fen(l.fen)),
            Basis {
                parameter: &l.parameter,
                source: l.source.clone(),
                effective: Some(l.effective.clone()),
                confirmed: l.confirmed,
                unconfirmed_parameter: &l.unconfirmed,
                basis: Some(l.basis.clone()),
            },
        )
    }
}

impl HouseholdRule for RiskIncome {
    fn meta(&self) -> &RuleMeta {
        &INCOME_META
    }

    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        let mut lines = Vec::with_capacity(years.len().max(1));
        for &y in years {
            lines.push(year_line(ctx, y)?);
        }
        if lines.is_empty() {
            lines.push(year_line(ctx, ctx.year)?);
        }
        Ok(Box::new(IncomeKernel { lines }))
    }
}

// --- Rigid expenditure -----------------------------------------------------------------------

documented! {
    /// # What it decides
    /// The expenditure route into monitoring: the household's rigid expenditure per capita
    /// (illness, disability, disaster) exceeds its income per capita. Column
    /// `rigid_expenditure_per_capita` (yuan, the same year and persons as the income).
    ///
    /// # Legal basis
    /// 国务院扶贫办《关于建立防止返贫监测和帮扶机制的指导意见》(June 2020): 因病、因残、因灾、
    /// 因新冠肺炎疫情影响等引发的刚性支出明显超过上年度收入.
    ///
    /// # Era
    /// From June 2020 (the guidance) through the transition period.
    ///
    /// # Parameters
    /// `monitoring.household.risk.rigid_expenditure` (bool: the route is in force).
    ///
    /// # Reading
    /// "Clearly exceeds" (明显超过) has no number in the sources: fupin tests that the
    /// expenditure exceeds the income, with no margin. The guidance compares with the
    /// previous year's income; fupin compares with the income of the row (give last year's
    /// income there to follow the text).
    ///
    /// # Bound
    /// 超过 excludes the number: monitored when expenditure > income.
    ///
    /// # Example
    /// Income 5,000.00: rigid expenditure 5,000.01 → monitored; 5,000.00 → not by this
    /// route.
    pub struct RiskRigidExpenditure;
}

/// The expenditure route.
pub static RISK_RIGID_EXPENDITURE: RiskRigidExpenditure = RiskRigidExpenditure;

static RIGID_META: RuleMeta = RuleMeta {
    id: "monitoring.household.risk.rigid_expenditure",
    rule_set: "monitoring",
    summary: "Monitoring: rigid expenditure (illness, disability, disaster) above income (expenditure > income)",
    doc: RiskRigidExpenditure::DOC,
    status: RuleStatus::Stable,
    level: Level::Household,
    test: Test::Monitoring,
    role: Role::Qualify,
    parameters: &[RIGID],
    columns: &[
        "households.rigid_expenditure_per_capita",
        "households.net_income_per_capita",
    ],
    only_with_columns: false,
    since: "0.2.0",
};

struct RigidKernel {
    switch: Switch,
}

impl HouseholdKernel for RigidKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        if !self.switch.on || batch.rigid_expenditure.len() != batch.len() {
            out.fill(false);
            return;
        }
        for ((o, e), i) in out
            .iter_mut()
            .zip(&batch.rigid_expenditure)
            .zip(&batch.income)
        {
            *o = e.fen() > i.fen();
        }
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let measured = batch
            .rigid_expenditure
            .get(i)
            .map_or(Measure::Missing, |e| Measure::Money(*e));
        let mut c = check(
            &RIGID_META,
            measured,
            Op::Gt,
            Measure::Money(batch.income[i]),
            self.switch.basis(Some(
                "rigid expenditure per capita against income per capita".into(),
            )),
        );
        if !self.switch.on {
            c.passed = false;
        }
        c
    }
}

impl HouseholdRule for RiskRigidExpenditure {
    fn meta(&self) -> &RuleMeta {
        &RIGID_META
    }

    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(RigidKernel {
            switch: bool_param(ctx, &RIGID_META, RIGID)?,
        }))
    }
}

// --- Sudden hardship -------------------------------------------------------------------------

documented! {
    /// # What it decides
    /// The hardship route into monitoring: the household was hit by a sudden severe hardship
    /// (an accident, a serious illness, a disaster that cut its income sharply). Column
    /// `sudden_hardship` (true/false).
    ///
    /// # Legal basis
    /// 2020 guidance: 收入骤减; from 2021 the category 突发严重困难户 (domain.md §4.6). The
    /// sources give no test of their own for "sudden severe hardship": the flag records the
    /// county's finding.
    ///
    /// # Era
    /// From 2021.
    ///
    /// # Parameters
    /// `monitoring.household.risk.sudden_hardship` (bool: the route is in force).
    ///
    /// # Bound
    /// Passes when `sudden_hardship` is true (== true). A monitored household never
    /// registered as poor for which it passes is 突发严重困难户.
    ///
    /// # Example
    /// A household never registered as poor with an income of 20,000 yuan and
    /// `sudden_hardship = true` is `sudden_hardship`.
    pub struct RiskSuddenHardship;
}

/// The hardship route.
pub static RISK_SUDDEN_HARDSHIP: RiskSuddenHardship = RiskSuddenHardship;

static HARDSHIP_META: RuleMeta = RuleMeta {
    id: "monitoring.household.risk.sudden_hardship",
    rule_set: "monitoring",
    summary: "Monitoring: a sudden severe hardship (sudden_hardship == true)",
    doc: RiskSuddenHardship::DOC,
    status: RuleStatus::Stable,
    level: Level::Household,
    test: Test::Monitoring,
    role: Role::Qualify,
    parameters: &[HARDSHIP],
    columns: &["households.sudden_hardship"],
    only_with_columns: false,
    since: "0.2.0",
};

struct HardshipKernel {
    switch: Switch,
}

impl HouseholdKernel for HardshipKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        if !self.switch.on || batch.sudden_hardship.len() != batch.len() {
            out.fill(false);
            return;
        }
        out.copy_from_slice(&batch.sudden_hardship);
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let measured = batch
            .sudden_hardship
            .get(i)
            .map_or(Measure::Missing, |h| Measure::Bool(*h));
        let mut c = check(
            &HARDSHIP_META,
            measured,
            Op::Eq,
            Measure::Bool(true),
            self.switch.basis(None),
        );
        if !self.switch.on {
            c.passed = false;
        }
        c
    }
}

impl HouseholdRule for RiskSuddenHardship {
    fn meta(&self) -> &RuleMeta {
        &HARDSHIP_META
    }

    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(HardshipKernel {
            switch: bool_param(ctx, &HARDSHIP_META, HARDSHIP)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::{ctx_for, store};
    use fupin_core::Source;

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
        assert_eq!(eval(&RISK_INCOME, 2021, &b), [true, false, true, false]);
    }

    #[test]
    fn after_2020_the_last_line_is_carried_forward_and_marked_unconfirmed() {
        let s = store();
        let ctx = ctx_for(&s, 2021);
        let k = RISK_INCOME.prepare(&ctx, &[2021]).expect("prepare");
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
            },
            true,
            "test",
        )
        .expect("override");
        let ctx = ctx_for(&s, 2021);
        let k = RISK_INCOME.prepare(&ctx, &[2020, 2021]).expect("prepare");
        let b = batch(&[
            (649_999, 2021, NEVER, 0, false),
            (650_000, 2021, NEVER, 0, false),
            (649_999, 2020, NEVER, 0, false),
        ]);
        let mut out = vec![false; 3];
        k.eval(&b, &mut out);
        // 2021 uses the given line; 2020 still 1.5 × 4,000.
        assert_eq!(out, [true, false, false]);
        assert_eq!(k.explain(&b, 0).parameter, LINE);
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
        assert_eq!(eval(&TARGET_STATUS, 2021, &b), [true, true, false]);
    }

    #[test]
    fn rigid_expenditure_must_exceed_income() {
        let b = batch(&[
            (500_000, 2021, NEVER, 500_001, false),
            (500_000, 2021, NEVER, 500_000, false),
        ]);
        assert_eq!(eval(&RISK_RIGID_EXPENDITURE, 2021, &b), [true, false]);
    }

    #[test]
    fn sudden_hardship_is_the_flag_and_is_in_force_from_2021() {
        let b = batch(&[
            (2_000_000, 2021, NEVER, 0, true),
            (2_000_000, 2021, NEVER, 0, false),
        ]);
        assert_eq!(eval(&RISK_SUDDEN_HARDSHIP, 2021, &b), [true, false]);
        // Assessed at the end of 2020 the category does not exist yet.
        let s = store();
        let ctx = ctx_for(&s, 2020);
        assert!(RISK_SUDDEN_HARDSHIP.prepare(&ctx, &[2021]).is_err());
    }
}
