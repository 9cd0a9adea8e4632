//! `std2011.household.exit.income`: Household exit: net income per capita stably above the
//! year's national line (income > line)

use fupin_core::decision::Op;
use fupin_core::shared::shared;
use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::standard::line_for_year;

use crate::household::{EXIT_LINE_2010, LINE, LineKernel, Lines};

fupin_core::rule! {
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
    id: "std2011.household.exit.income",
    level: Household,
    test: Exit,
    role: Require,
    summary: "Household exit: net income per capita stably above the year's national line (income > line)",
    parameters: [LINE, EXIT_LINE_2010],
    columns: ["households.net_income_per_capita", "households.year"],
    since: "0.1.0",
}

impl HouseholdRule for HouseholdExitIncome {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        let rule = &Self::META;
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
                l.parameter = shared(EXIT_LINE_2010);
                l.source = shared(&bound.source_text());
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
