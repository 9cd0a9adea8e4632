//! `std2011.county.exit.false_exit`: County exit: false-exit rate <=
//! {std2011.exit.county.max_false_exit_pct}

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::column_veto;

fupin_core::rule! {
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
    id: "std2011.county.exit.false_exit",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: false-exit rate <= {std2011.exit.county.max_false_exit_pct}",
    parameters: ["std2011.exit.county.max_false_exit_pct"],
    columns: ["counties.false_exit_pct"],
    since: "0.1.0",
}

impl CountyRule for CountyFalseExit {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        column_veto(
            &Self::META,
            ctx,
            data,
            "std2011.exit.county.max_false_exit_pct",
            Op::Le,
            "false_exit_pct",
            |c| c.false_exit_pct.map(Measure::Percent),
        )
    }
}
