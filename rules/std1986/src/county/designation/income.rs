//! `std1986.county.designation.income`: 1986 designation: county
//! {std1986.designation.income_year} net income per capita < {std1986.designation.max_income}

use fupin_core::decision::{Check, Op};
use fupin_core::kit::CountyIncomeRule;
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

fupin_core::rule! {
    /// # What it decides
    /// The 1986 designation of national poverty counties (国家重点扶持贫困县): a county
    /// whose rural net income per capita in {std1986.designation.income_year} was below
    /// {std1986.designation.max_income} qualifies.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县" (China.org.cn, 2021-01-11): 1986年国家第一次确定贫困县, 以1985年年
    /// 人均收入低于150元和少数民族地区年人均纯收入低于200元为标准, 确定了331个国家重点扶持贫困
    /// 县. The relaxations for ethnic autonomous counties (< 200 yuan) and old revolutionary
    /// base counties of major influence (200–300 yuan) are the `ethnic` rule set's
    /// `ethnic.county.designation.autonomous_1986` and `ethnic.county.designation.old_base_1986`.
    ///
    /// # Era
    /// The 1986 round (331 counties; a first batch of 273 is also reported).
    ///
    /// # Parameters
    /// `std1986.designation.income_year` (1985), `std1986.designation.max_income` (150 yuan).
    ///
    /// # Bound
    /// 低于 is strict: qualifies when income < 150. 149.99 qualifies, 150.00 does not.
    ///
    /// # Example
    /// A county with 1985 income 149.99 yuan is designated; at 150.00 it is not (unless a
    /// relaxation applies).
    pub struct Designation1986Income;
    id: "std1986.county.designation.income",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "1986 designation: county {std1986.designation.income_year} net income per capita < {std1986.designation.max_income}",
    parameters: ["std1986.designation.income_year",
            "std1986.designation.max_income",],
    columns: ["counties.net_income_per_capita", "counties.income_year"],
    since: "0.1.0",
}

impl CountyRule for Designation1986Income {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        CountyIncomeRule {
            income_year: "std1986.designation.income_year",
            threshold: "std1986.designation.max_income",
            op: Op::Lt,
            condition: None,
        }
        .evaluate(&Self::META, ctx, data)
    }
}
