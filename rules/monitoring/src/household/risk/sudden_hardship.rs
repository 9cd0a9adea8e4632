//! `monitoring.household.risk.sudden_hardship`: Monitoring: a sudden severe hardship
//! (sudden_hardship == true)

use crate::household::*;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::HouseholdBatch;

fupin_core::rule! {
    /// # What it decides
    /// The hardship route into monitoring: the household was hit by a sudden severe hardship
    /// (an accident, a serious illness, a disaster that cut its income sharply). Column
    /// `sudden_hardship` (true/false).
    ///
    /// # Legal basis
    /// 2020 guidance: 收入骤减; from 2021 the category 突发严重困难户
    /// (docs/sources.md#monitoring-categories). The sources give no test of their own for
    /// "sudden severe hardship": the flag records the county's finding.
    ///
    /// # Era
    /// From 2021.
    ///
    /// # Parameters
    /// `monitoring.household.risk.sudden_hardship` (bool: the route is in force).
    ///
    /// # Bound
    /// Passes when `sudden_hardship` is true (== true). A monitored household never
    /// registered as poor for which it passes is 突发严重困难户.
    ///
    /// # Example
    /// A household never registered as poor with an income of 20,000 yuan and
    /// `sudden_hardship = true` is `sudden_hardship`.
    pub struct RiskSuddenHardship;
    id: "monitoring.household.risk.sudden_hardship",
    level: Household,
    test: Monitoring,
    role: Qualify,
    summary: "Monitoring: a sudden severe hardship (sudden_hardship == true)",
    parameters: [HARDSHIP],
    columns: ["households.sudden_hardship"],
    since: "0.2.0",
}

struct HardshipKernel {
    switch: Switch,
}

impl HouseholdKernel for HardshipKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        if !self.switch.on || batch.sudden_hardship.len() != batch.len() {
            out.fill(false);
            return;
        }
        out.copy_from_slice(&batch.sudden_hardship);
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let measured = batch
            .sudden_hardship
            .get(i)
            .map_or(Measure::Missing, |h| Measure::Bool(*h));
        let mut c = check(
            &RiskSuddenHardship::META,
            measured,
            Op::Eq,
            Measure::Bool(true),
            self.switch.basis(None),
        );
        if !self.switch.on {
            c.passed = false;
        }
        c
    }
}

impl HouseholdRule for RiskSuddenHardship {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(HardshipKernel {
            switch: bool_param(ctx, &Self::META, HARDSHIP)?,
        }))
    }
}
