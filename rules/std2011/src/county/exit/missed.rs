//! `std2011.county.exit.missed`: County exit: missed-assessment rate <=
//! {std2011.exit.county.max_missed_pct}

use fupin_core::decision::{Check, Measure};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::county::{ExitBound, column_veto};

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
    /// `std2011.exit.county.max_missed_pct` (percent); `std2011.exit.county.bound_passes`
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
    /// (aggregator), make the rate a veto: 漏评率超过2%的 (不得退出); 超过 excludes the number
    /// under Civil Code art. 1259 (不满、超过、以外，不包括本数), so a rate of exactly 2% does not
    /// bar exit. 瞭望 2017-11 (official press) words it as a requirement: 漏评率必须低于2%;
    /// 低于 is strict, so exactly 2% fails. No official full text found settles it. fupin
    /// reads the bound as passing (`std2011.exit.county.bound_passes` = true, the default).
    /// The alternative, exactly 2% fails, is `std2011.exit.county.bound_passes = false` in a
    /// profile's `[parameters]`; it applies to the four county exit bounds together.
    ///
    /// # Example
    /// `missed_pct = 1.99` → passes; `2` → passes (fails under `bound_passes = false`);
    /// `2.5` → the county remains.
    pub struct CountyMissed;
    id: "std2011.county.exit.missed",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: missed-assessment rate <= {std2011.exit.county.max_missed_pct}",
    parameters: ["std2011.exit.county.max_missed_pct", "std2011.exit.county.bound_passes"],
    columns: ["counties.missed_pct"],
    since: "0.1.0",
}

impl CountyRule for CountyMissed {
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
            "std2011.exit.county.max_missed_pct",
            bound.at_most(),
            "missed_pct",
            |c| c.missed_pct.map(Measure::Percent),
        )?;
        bound.mark(&mut checks);
        Ok(checks)
    }
}

#[cfg(test)]
mod tests {
    use super::CountyMissed;
    use crate::county::assert_bound_on_both_readings;
    use fupin_core::decision::Op;

    #[test]
    fn a_missed_rate_of_exactly_two_percent_passes_by_default_and_fails_under_the_strict_reading() {
        // At the bound, just beyond it, just inside it.
        assert_bound_on_both_readings(
            &CountyMissed,
            ["2.00", "2.01", "1.99"],
            |c, v| c.missed_pct = Some(v),
            Op::Le,
            Op::Lt,
        );
    }
}
