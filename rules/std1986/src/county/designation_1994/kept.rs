//! `std1986.county.designation_1994.kept`: 1994 8-7 Plan: a designated county stays unless its
//! {std1986.designation_1994.income_year} income > {std1986.designation_1994.max_income_stay}

use fupin_core::decision::{Check, Op};
use fupin_core::kit::{Condition, CountyIncomeRule};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

fupin_core::rule! {
    /// # What it decides
    /// The 1994 adjustment's second route: a county already designated stays designated
    /// unless its {std1986.designation_1994.income_year} net income per capita was above
    /// {std1986.designation_1994.max_income_stay}.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县": 原来的贫困县高于700元的一律退出 (1994, 《国家八七扶贫攻坚计划》).
    ///
    /// # Era
    /// The 1994 round.
    ///
    /// # Parameters
    /// `std1986.designation_1994.income_year` (1992), `std1986.designation_1994.max_income_stay`
    /// (700 yuan). Column `designated_before` (designated before the 1994 round) on the 1992
    /// row.
    ///
    /// # Bound
    /// 高于 is strict, so a designated county stays when income <= 700: 700.00 stays, 700.01
    /// leaves. Applies only when `designated_before` is true.
    ///
    /// # Example
    /// A 1986 poverty county with 1992 income 700.00 stays; with 700.01 it leaves.
    pub struct Designation1994Kept;
    id: "std1986.county.designation_1994.kept",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "1994 8-7 Plan: a designated county stays unless its {std1986.designation_1994.income_year} income > {std1986.designation_1994.max_income_stay}",
    parameters: ["std1986.designation_1994.income_year",
            "std1986.designation_1994.max_income_stay",],
    columns: ["counties.net_income_per_capita",
            "counties.income_year",
            "counties.designated_before",],
    since: "0.1.0",
}

impl CountyRule for Designation1994Kept {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        CountyIncomeRule {
            income_year: "std1986.designation_1994.income_year",
            threshold: "std1986.designation_1994.max_income_stay",
            op: Op::Le,
            condition: Some(Condition {
                column: "designated_before",
                get: |c| c.designated_before,
            }),
        }
        .evaluate(&Self::META, ctx, data)
    }
}
