//! `ethnic.county.designation.old_base_1986`: 1986 designation, old revolutionary base
//! counties of major influence: {std1986.designation.income_year} income <
//! {ethnic.designation_1986.max_income.old_base}

use fupin_core::decision::Check;
use fupin_core::decision::Op;
use fupin_core::kit::{Condition, CountyIncomeRule};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

fupin_core::rule! {
    /// # What it decides
    /// The 1986 designation's relaxation for old revolutionary base counties "with major
    /// domestic and international influence" (在国内外有重大影响的革命老区): such a county
    /// whose {std1986.designation.income_year} net income per capita was below
    /// {ethnic.designation_1986.max_income.old_base} qualifies.
    ///
    /// # Legal basis
    /// A journal abstract (jxxfw.com, one secondary source): 对在国内外有重大影响的革命老区,
    /// 国家则放宽标准在200元—300元之间. The source gives a band, not one number; fupin uses its
    /// upper end, 300 yuan, as the bound (a profile may override it).
    ///
    /// # Era
    /// The 1986 round.
    ///
    /// # Parameters
    /// `std1986.designation.income_year` (1985), `ethnic.designation_1986.max_income.old_base`
    /// (300 yuan). Column `old_revolutionary_base`: mark only the base counties of major
    /// influence, the ones the relaxation covered.
    ///
    /// # Bound
    /// Strict: qualifies when income < 300 and the county is such a base county. 299.99
    /// qualifies, 300.00 does not.
    ///
    /// # Example
    /// A base county of major influence at 260 yuan qualifies.
    pub struct OldBase1986;
    id: "ethnic.county.designation.old_base_1986",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "1986 designation, old revolutionary base counties of major influence: {std1986.designation.income_year} income < {ethnic.designation_1986.max_income.old_base}",
    parameters: ["std1986.designation.income_year",
            "ethnic.designation_1986.max_income.old_base",],
    columns: ["counties.net_income_per_capita",
            "counties.income_year",
            "counties.old_revolutionary_base",],
    since: "0.1.0",
}

impl CountyRule for OldBase1986 {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        CountyIncomeRule {
            income_year: "std1986.designation.income_year",
            threshold: "ethnic.designation_1986.max_income.old_base",
            op: Op::Lt,
            condition: Some(Condition {
                column: "old_revolutionary_base",
                get: |c| c.old_revolutionary_base,
            }),
        }
        .evaluate(&Self::META, ctx, data)
    }
}
