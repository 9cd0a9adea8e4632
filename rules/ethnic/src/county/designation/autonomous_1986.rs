//! `ethnic.county.designation.autonomous_1986`: 1986 designation, ethnic autonomous counties:
//! {std1986.designation.income_year} net income per capita <
//! {ethnic.designation_1986.max_income.autonomous}

use fupin_core::decision::Check;
use fupin_core::decision::Op;
use fupin_core::kit::{Condition, CountyIncomeRule};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

fupin_core::rule! {
    /// # What it decides
    /// The 1986 designation's relaxation for ethnic autonomous counties: an ethnic
    /// autonomous county whose {std1986.designation.income_year} net income per capita was
    /// below {ethnic.designation_1986.max_income.autonomous} qualifies.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县" (China.org.cn, 2021-01-11): 以1985年年人均收入低于150元和少数民族
    /// 地区年人均纯收入低于200元为标准. A journal abstract (jxxfw.com) places the autonomous
    /// counties' relaxation "between 150 and 200 yuan"; 200 is its bound.
    ///
    /// # Era
    /// The 1986 round.
    ///
    /// # Parameters
    /// `std1986.designation.income_year` (1985), `ethnic.designation_1986.max_income.autonomous`
    /// (200 yuan). Column `ethnic_autonomous`.
    ///
    /// # Bound
    /// 低于 is strict: qualifies when income < 200 and the county is ethnic autonomous.
    /// 199.99 qualifies, 200.00 does not.
    ///
    /// # Example
    /// An autonomous county at 180 yuan qualifies (a non-autonomous one at 180 does not).
    pub struct Autonomous1986;
    id: "ethnic.county.designation.autonomous_1986",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "1986 designation, ethnic autonomous counties: {std1986.designation.income_year} net income per capita < {ethnic.designation_1986.max_income.autonomous}",
    parameters: ["std1986.designation.income_year",
            "ethnic.designation_1986.max_income.autonomous",],
    columns: ["counties.net_income_per_capita",
            "counties.income_year",
            "counties.ethnic_autonomous",],
    since: "0.1.0",
}

impl CountyRule for Autonomous1986 {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        CountyIncomeRule {
            income_year: "std1986.designation.income_year",
            threshold: "ethnic.designation_1986.max_income.autonomous",
            op: Op::Lt,
            condition: Some(Condition {
                column: "ethnic_autonomous",
                get: |c| c.ethnic_autonomous,
            }),
        }
        .evaluate(&Self::META, ctx, data)
    }
}
