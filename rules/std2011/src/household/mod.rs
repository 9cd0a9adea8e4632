//! Household rules of the 2011 standard: classification (`poor`) and the 2016 household
//! exit test (`exit`), one file per rule; the kernels they share are here.

pub mod exit;
pub mod poor;

#[cfg(test)]
mod tests;

use fupin_core::Money;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{EvalContext, HouseholdKernel, RuleError, RuleMeta};
use fupin_core::shared::{Shared, shared};
use fupin_core::standard::{LineValue, line_for_year};
use fupin_core::units::{Guarantee, HouseholdBatch};

/// The parameter holding the published line of each year.
pub const LINE: &str = "std2011.line";

/// The household exit test's income bound at 2010 prices.
pub const EXIT_LINE_2010: &str = "std2011.exit.household.line_2010_prices";

/// The published lines for the years present in the data, looked up by year.
#[derive(Debug, Clone)]
pub(crate) struct Lines {
    pub(crate) by_year: Vec<(i32, LineValue)>,
}

impl Lines {
    pub(crate) fn load(
        ctx: &EvalContext<'_>,
        rule: &RuleMeta,
        years: &[i32],
    ) -> Result<Self, RuleError> {
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
        rule: shared(rule.id),
        passed: measured.compare(&threshold).is_some_and(|o| op.holds(o)),
        measured,
        threshold,
        op,
        parameter: line.parameter.clone(),
        source: line.source.clone(),
        effective: Some(line.effective.clone()),
        confirmed: true,
        unconfirmed: Vec::new(),
        readings: Vec::new(),
        basis: Some(match &line.note {
            Some(n) if &*line.parameter != LINE => n.clone(),
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

pub(crate) struct LineKernel {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) op: Op,
    pub(crate) lines: Lines,
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

/// A guarantee of the household exit test, met when its column is true.
struct GuaranteeKernel {
    meta: &'static RuleMeta,
    guarantee: Guarantee,
    required: bool,
    parameter: Shared,
    source: Shared,
    effective: Shared,
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
            rule: shared(self.meta.id),
            passed: met || !self.required,
            measured: Measure::Bool(met),
            threshold: Measure::Bool(true),
            op: Op::Eq,
            parameter: self.parameter.clone(),
            source: self.source.clone(),
            effective: Some(self.effective.clone()),
            confirmed: true,
            unconfirmed: Vec::new(),
            readings: Vec::new(),
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

/// The kernel of a guarantee of the household exit test, met when its column is true and
/// required when the boolean parameter `param` is true on the assessment date.
pub(crate) fn guarantee_kernel(
    rule: &'static RuleMeta,
    ctx: &EvalContext<'_>,
    guarantee: Guarantee,
    param: &str,
) -> Result<Box<dyn HouseholdKernel>, RuleError> {
    let r = ctx.param(rule, param)?;
    let required = match r.value.value {
        fupin_core::ParamValue::Bool(b) => b,
        _ => {
            return Err(RuleError::Param {
                rule: rule.id.to_string(),
                source: fupin_core::ParamError::WrongUnit {
                    id: param.to_string(),
                    want: "bool".into(),
                    found: r.param.unit.as_str().into(),
                },
            });
        }
    };
    Ok(Box::new(GuaranteeKernel {
        meta: rule,
        guarantee,
        required,
        parameter: shared(param),
        source: shared(&r.source_text()),
        effective: shared(&r.value.effective.to_string()),
        confirmed: r.value.confirmed,
    }))
}
