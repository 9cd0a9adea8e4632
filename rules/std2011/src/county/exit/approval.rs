//! `std2011.county.exit.approval`: County exit: public approval >=
//! {std2011.exit.county.min_approval_pct}

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::column_veto;

fupin_core::rule! {
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
    id: "std2011.county.exit.approval",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: public approval >= {std2011.exit.county.min_approval_pct}",
    parameters: ["std2011.exit.county.min_approval_pct"],
    columns: ["counties.approval_pct"],
    since: "0.1.0",
}

impl CountyRule for CountyApproval {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        column_veto(
            &Self::META,
            ctx,
            data,
            "std2011.exit.county.min_approval_pct",
            Op::Ge,
            "approval_pct",
            |c| c.approval_pct.map(Measure::Percent),
        )
    }
}
