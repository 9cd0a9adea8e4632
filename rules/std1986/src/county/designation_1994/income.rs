//! `std1986.county.designation_1994.income`: 1994 8-7 Plan: county
//! {std1986.designation_1994.income_year} net income per capita <
//! {std1986.designation_1994.max_income_in} joins

use fupin_core::decision::{Check, Op};
use fupin_core::kit::CountyIncomeRule;
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

fupin_core::rule! {
    /// # What it decides
    /// The 1994 "8-7 Plan" adjustment (国家八七扶贫攻坚计划): every county whose
    /// {std1986.designation_1994.income_year} rural net income per capita was below
    /// {std1986.designation_1994.max_income_in} joins the national poverty counties.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县": 1994年颁布的《国家八七扶贫攻坚计划(1994—2000年)》第二次确定贫困县,
    /// 将1992年全县农民人均纯收入低于400元的县全部纳入国家级贫困县, 原来的贫困县高于700元的
    /// 一律退出. 这次调整确定了592个国家重点扶持贫困县. The Plan was issued on 1994-04-15.
    ///
    /// # Era
    /// The 1994 round (592 counties), in force 1994–2000.
    ///
    /// # Parameters
    /// `std1986.designation_1994.income_year` (1992), `std1986.designation_1994.max_income_in`
    /// (400 yuan).
    ///
    /// # Bound
    /// 低于 is strict: joins when income < 400. 399.99 joins, 400.00 does not (by this route).
    ///
    /// # Example
    /// A county not designated in 1986 with 1992 income 380 yuan joins in 1994.
    pub struct Designation1994Income;
    id: "std1986.county.designation_1994.income",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "1994 8-7 Plan: county {std1986.designation_1994.income_year} net income per capita < {std1986.designation_1994.max_income_in} joins",
    parameters: ["std1986.designation_1994.income_year",
            "std1986.designation_1994.max_income_in",],
    columns: ["counties.net_income_per_capita", "counties.income_year"],
    since: "0.1.0",
}

impl CountyRule for Designation1994Income {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        CountyIncomeRule {
            income_year: "std1986.designation_1994.income_year",
            threshold: "std1986.designation_1994.max_income_in",
            op: Op::Lt,
            condition: None,
        }
        .evaluate(&Self::META, ctx, data)
    }
}
