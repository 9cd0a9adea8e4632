//! `std2011.county.exit.notice_held`: County exit: the exit list was publicly noticed (when
//! notice columns are given)

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::column_veto;

fupin_core::rule! {
    /// # What it decides
    /// The county's exit list was publicly noticed (向社会公示征求意见) before approval.
    /// Applies only when the county data has a `notice_days` column.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困县退出: 省级扶贫开发领导小组核查, 确定退出名单后向社会公示征求意见.
    /// No national length of the notice was found (docs/sources.md#county-notice); provinces set their
    /// own (Shanxi gave 7 days in 2019). The national parameter is therefore 1 day, meaning
    /// only that a notice was held, and is marked unconfirmed; a provincial overlay sets its
    /// own length.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.notice.min_days` (days; unconfirmed).
    ///
    /// # Bound
    /// Passes when notice_days >= min_days: 1 day passes, 0 (no notice) fails.
    ///
    /// # Example
    /// `notice_days = 0` → the county remains: the procedure was not completed.
    pub struct CountyNoticeHeld;
    id: "std2011.county.exit.notice_held",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: the exit list was publicly noticed (when notice columns are given)",
    parameters: ["std2011.exit.county.notice.min_days"],
    columns: ["counties.notice_days"],
    only_with_columns: true,
    since: "0.1.0",
}

impl CountyRule for CountyNoticeHeld {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        column_veto(
            &Self::META,
            ctx,
            data,
            "std2011.exit.county.notice.min_days",
            Op::Ge,
            "notice_days",
            |c| c.notice_days.map(Measure::Count),
        )
    }
}
