//! `std2011.county.exit.notice_objections`: County exit: no objection during the public notice
//! (when notice columns are given)

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::column_veto;

fupin_core::rule! {
    /// # What it decides
    /// The public notice of the county's exit ended without objection (公示无异议). Applies
    /// only when the county data has a `notice_objections` column.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困县退出: 公示无异议的, 由各省(自治区、直辖市)扶贫开发领导小组审定后
    /// 向国务院扶贫开发领导小组报告.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.notice.max_objections` (count, 0).
    ///
    /// # Bound
    /// Passes when objections <= 0: none passes, one fails.
    ///
    /// # Example
    /// `notice_objections = 1` → the county remains until the objection is resolved.
    pub struct CountyNoticeObjections;
    id: "std2011.county.exit.notice_objections",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: no objection during the public notice (when notice columns are given)",
    parameters: ["std2011.exit.county.notice.max_objections"],
    columns: ["counties.notice_objections"],
    only_with_columns: true,
    since: "0.1.0",
}

impl CountyRule for CountyNoticeObjections {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        column_veto(
            &Self::META,
            ctx,
            data,
            "std2011.exit.county.notice.max_objections",
            Op::Le,
            "notice_objections",
            |c| c.notice_objections.map(Measure::Count),
        )
    }
}
