//! `std2011.county.exit.false_exit`: County exit: false-exit rate <=
//! {std2011.exit.county.max_false_exit_pct}

use fupin_core::decision::{Check, Measure};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::{ExitBound, column_veto};

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
    /// `std2011.exit.county.max_false_exit_pct` (percent); `std2011.exit.county.bound_passes`
    /// (bool, a reading: whether a rate exactly at the bound passes).
    ///
    /// # Bound
    /// A reading (see *Reading*). With `std2011.exit.county.bound_passes` = true (the
    /// default) the county may exit when the rate <= 2%: exactly 2.00% passes, 2.01% fails.
    /// With false, when the rate < 2%: exactly 2.00% fails, 1.99% passes. Compared exactly,
    /// never rounded.
    ///
    /// # Reading
    /// The wordings conflict at the bound (docs/sources.md#county-exit-bounds). The 2017 measures, in a Q&A copy
    /// (aggregator), make the rate a veto: 错退率高于2%的，不得退出; 高于 is strict, so a rate
    /// of exactly 2% does not bar exit. 瞭望 2017-11 (official press) words it as a
    /// requirement: 错退率必须低于2%; 低于 is strict, so exactly 2% fails. No official full
    /// text found settles it. fupin reads the bound as passing
    /// (`std2011.exit.county.bound_passes` = true, the default), as the measures word it and
    /// as the incidence bound of the 2016 Opinions, 以下, includes the number under Civil
    /// Code art. 1259. The alternative, exactly 2% fails, is
    /// `std2011.exit.county.bound_passes = false` in a profile's `[parameters]`; it applies
    /// to the four county exit bounds together.
    ///
    /// # Example
    /// `false_exit_pct = 2` → passes (fails under `bound_passes = false`); `2.01` → the
    /// county remains; `1.99` → passes under either reading.
    pub struct CountyFalseExit;
    id: "std2011.county.exit.false_exit",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: false-exit rate <= {std2011.exit.county.max_false_exit_pct}",
    parameters: ["std2011.exit.county.max_false_exit_pct", "std2011.exit.county.bound_passes"],
    columns: ["counties.false_exit_pct"],
    since: "0.1.0",
}

impl CountyRule for CountyFalseExit {
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
            "std2011.exit.county.max_false_exit_pct",
            bound.at_most(),
            "false_exit_pct",
            |c| c.false_exit_pct.map(Measure::Percent),
        )?;
        bound.mark(&mut checks);
        Ok(checks)
    }
}

#[cfg(test)]
mod tests {
    use super::CountyFalseExit;
    use crate::county::assert_bound_on_both_readings;
    use fupin_core::decision::Op;

    #[test]
    fn a_false_exit_rate_of_exactly_two_percent_passes_by_default_and_fails_under_the_strict_reading()
     {
        // At the bound, just beyond it, just inside it.
        assert_bound_on_both_readings(
            &CountyFalseExit,
            ["2.00", "2.01", "1.99"],
            |c, v| c.false_exit_pct = Some(v),
            Op::Le,
            Op::Lt,
        );
    }
}
