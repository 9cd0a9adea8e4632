//! `std2011.county.exit.approval`: County exit: public approval >=
//! {std2011.exit.county.min_approval_pct}

use fupin_core::decision::{Check, Measure};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::{ExitBound, column_veto};

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
    /// `std2011.exit.county.min_approval_pct` (percent); `std2011.exit.county.bound_passes`
    /// (bool, a reading: whether approval exactly at the bound passes).
    ///
    /// # Bound
    /// A reading (see *Reading*). With `std2011.exit.county.bound_passes` = true (the
    /// default) the county may exit when approval >= 90%: exactly 90.00% passes, 89.99%
    /// fails. With false, when approval > 90%: exactly 90.00% fails, 90.01% passes. Compared
    /// exactly, never rounded.
    ///
    /// # Reading
    /// The wordings conflict at the bound (docs/sources.md#county-exit-bounds). The 2017 measures, in a Q&A copy
    /// (aggregator), make approval a veto: 群众认可度低于90%的，不得退出; 低于 is strict, so
    /// approval of exactly 90% does not bar exit. Xinhua 2017-11-01 (official press:
    /// 全部达到90%及以上) and Ningxia 2019 (不低于90%) count 90% as enough too. 瞭望 2017-11
    /// (official press) words it as a requirement: 群众认可度必须高于90%; 高于 is strict, so
    /// exactly 90% fails. No official full text found settles it. fupin reads the bound as
    /// passing (`std2011.exit.county.bound_passes` = true, the default). The alternative,
    /// exactly 90% fails, is `std2011.exit.county.bound_passes = false` in a profile's
    /// `[parameters]`; it applies to the four county exit bounds together.
    ///
    /// # Example
    /// `approval_pct = 90` → passes (fails under `bound_passes = false`); `89.99` → the
    /// county remains; `90.01` → passes under either reading.
    pub struct CountyApproval;
    id: "std2011.county.exit.approval",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: public approval >= {std2011.exit.county.min_approval_pct}",
    parameters: ["std2011.exit.county.min_approval_pct", "std2011.exit.county.bound_passes"],
    columns: ["counties.approval_pct"],
    since: "0.1.0",
}

impl CountyRule for CountyApproval {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let bound = ExitBound::of(&Self::META, ctx)?;
        let mut checks = column_veto(
            &Self::META,
            ctx,
            data,
            "std2011.exit.county.min_approval_pct",
            bound.at_least(),
            "approval_pct",
            |c| c.approval_pct.map(Measure::Percent),
        )?;
        bound.mark(&mut checks);
        Ok(checks)
    }
}

#[cfg(test)]
mod tests {
    use super::CountyApproval;
    use crate::county::assert_bound_on_both_readings;
    use fupin_core::decision::Op;

    #[test]
    fn approval_of_exactly_ninety_percent_passes_by_default_and_fails_under_the_strict_reading() {
        // At the bound, just beyond it, just inside it.
        assert_bound_on_both_readings(
            &CountyApproval,
            ["90.00", "89.99", "90.01"],
            |c, v| c.approval_pct = Some(v),
            Op::Ge,
            Op::Gt,
        );
    }
}
