//! `monitoring.household.risk.income`: Monitoring: income per capita below the monitoring line
//! (income < about {monitoring.household.line_multiple} the year's national line, or the
//! year's monitoring line)

use crate::household::*;
use fupin_core::Money;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::shared::{Shared, shared};
use fupin_core::standard::{LineValue, line_for_year};
use fupin_core::units::HouseholdBatch;

fupin_core::rule! {
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
    /// up to the next fen. Alternatives: another multiple for "about" (set
    /// `monitoring.household.line_multiple`), or a province's own yearly line (set
    /// `monitoring.household.line` for the income year), which replaces the multiple.
    ///
    /// # Bound
    /// 低于 is strict: monitored when income < monitoring line.
    ///
    /// # Example
    /// Income year 2020, line 4,000 yuan: monitoring line 6,000.00; income 5,999.99 →
    /// monitored; 6,000.00 → not by this route.
    pub struct RiskIncome;
    id: "monitoring.household.risk.income",
    level: Household,
    test: Monitoring,
    role: Qualify,
    summary: "Monitoring: income per capita below the monitoring line (income < about {monitoring.household.line_multiple} the year's national line, or the year's monitoring line)",
    parameters: [LINE_MULTIPLE, LINE, NATIONAL_LINE],
    columns: ["households.net_income_per_capita", "households.year"],
    since: "0.2.0",
}

/// The monitoring line of one income year, with what it rests on.
#[derive(Debug, Clone)]
struct YearLine {
    year: i32,
    /// In fen, rounded up from the exact product (see the rule's Reading).
    fen: i64,
    parameter: String,
    source: Shared,
    effective: Shared,
    confirmed: bool,
    /// The unconfirmed parameter, when not confirmed.
    unconfirmed: String,
    basis: String,
}

/// `line × times`, rounded up to a whole fen; exact for `income < line` with whole-fen
/// incomes (`i < x` ⇔ `i < ⌈x⌉` for an integer `i`).
pub(crate) fn scaled_ceil(line_fen: i64, times: fupin_core::Decimal) -> Option<i64> {
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
    let meta = &RiskIncome::META;
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
            source: shared(&r.source_text()),
            effective: shared(&v.effective.to_string()),
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
        source: shared(&format!(
            "{}; national line: {}",
            mult_r.source_text(),
            line.source
        )),
        effective: shared(&mult_r.value.effective.to_string()),
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
            &RiskIncome::META,
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
