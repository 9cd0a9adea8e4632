//! `monitoring.household.risk.rigid_expenditure`: Monitoring: rigid expenditure (illness,
//! disability, disaster) above income (expenditure > income)

use crate::household::*;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::HouseholdBatch;

fupin_core::rule! {
    /// # What it decides
    /// The expenditure route into monitoring: the household's rigid expenditure per capita
    /// (illness, disability, disaster) exceeds its income per capita. Column
    /// `rigid_expenditure_per_capita` (yuan, the same year and persons as the income).
    ///
    /// # Legal basis
    /// 国务院扶贫办《关于建立防止返贫监测和帮扶机制的指导意见》(June 2020): 因病、因残、因灾、
    /// 因新冠肺炎疫情影响等引发的刚性支出明显超过上年度收入.
    ///
    /// # Era
    /// From June 2020 (the guidance) through the transition period.
    ///
    /// # Parameters
    /// `monitoring.household.risk.rigid_expenditure` (bool: the route is in force).
    ///
    /// # Reading
    /// "Clearly exceeds" (明显超过) has no number in the sources: fupin tests that the
    /// expenditure exceeds the income, with no margin. The guidance compares with the
    /// previous year's income; fupin compares with the income of the row (give last year's
    /// income there to follow the text). Alternatives: a margin for "clearly" (not
    /// computed: no source gives one), or the rule left out (set
    /// `monitoring.household.risk.rigid_expenditure` to false).
    ///
    /// # Bound
    /// 超过 excludes the number: monitored when expenditure > income.
    ///
    /// # Example
    /// Income 5,000.00: rigid expenditure 5,000.01 → monitored; 5,000.00 → not by this
    /// route.
    pub struct RiskRigidExpenditure;
    id: "monitoring.household.risk.rigid_expenditure",
    level: Household,
    test: Monitoring,
    role: Qualify,
    summary: "Monitoring: rigid expenditure (illness, disability, disaster) above income (expenditure > income)",
    parameters: [RIGID],
    columns: ["households.rigid_expenditure_per_capita",
        "households.net_income_per_capita",],
    since: "0.2.0",
}

struct RigidKernel {
    switch: Switch,
}

impl HouseholdKernel for RigidKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        if !self.switch.on || batch.rigid_expenditure.len() != batch.len() {
            out.fill(false);
            return;
        }
        for ((o, e), i) in out
            .iter_mut()
            .zip(&batch.rigid_expenditure)
            .zip(&batch.income)
        {
            *o = e.fen() > i.fen();
        }
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let measured = batch
            .rigid_expenditure
            .get(i)
            .map_or(Measure::Missing, |e| Measure::Money(*e));
        let mut c = check(
            &RiskRigidExpenditure::META,
            measured,
            Op::Gt,
            Measure::Money(batch.income[i]),
            self.switch.basis(Some(
                "rigid expenditure per capita against income per capita".into(),
            )),
        );
        if !self.switch.on {
            c.passed = false;
        }
        c
    }
}

impl HouseholdRule for RiskRigidExpenditure {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(RigidKernel {
            switch: bool_param(ctx, &Self::META, RIGID)?,
        }))
    }
}
// --- Sudden hardship -------------------------------------------------------------------------
