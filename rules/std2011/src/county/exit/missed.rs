//! `std2011.county.exit.missed`: County exit: missed-assessment rate <=
//! {std2011.exit.county.max_missed_pct}

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::column_veto;

fupin_core::rule! {
    /// # What it decides
    /// The missed-assessment rate (贫困人口漏评率) found by the special evaluation is at most
    /// {std2011.exit.county.max_missed_pct}.
    ///
    /// # Legal basis
    /// 国开办发〔2017〕56号: 漏评率 = 调查核实的漏评人口数 / 抽查村未建档立卡的农村人口数 ×
    /// 100%; 超过2%的不得退出.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.max_missed_pct` (percent).
    ///
    /// # Bound
    /// 超过 excludes the number, so the county may exit when the rate <= 2%: exactly 2.00%
    /// passes, 2.01% fails.
    ///
    /// # Example
    /// `missed_pct = 1.99` → passes; `2.5` → the county remains.
    pub struct CountyMissed;
    id: "std2011.county.exit.missed",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: missed-assessment rate <= {std2011.exit.county.max_missed_pct}",
    parameters: ["std2011.exit.county.max_missed_pct"],
    columns: ["counties.missed_pct"],
    since: "0.1.0",
}

impl CountyRule for CountyMissed {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        column_veto(
            &Self::META,
            ctx,
            data,
            "std2011.exit.county.max_missed_pct",
            Op::Le,
            "missed_pct",
            |c| c.missed_pct.map(Measure::Percent),
        )
    }
}
