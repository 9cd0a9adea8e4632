//! `monitoring.household.target.registry_status`: Monitoring target: the household is not
//! still registered as poor (registry_status != not_exited)

use crate::household::*;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::{HouseholdBatch, RegistryStatus};

fupin_core::rule! {
    /// # What it decides
    /// Whether the household is a target of the monitoring at all: households still
    /// registered as poor (not exited) are not, since they are assisted as poor households;
    /// exited households and households never registered as poor are. Column
    /// `registry_status` (`never_poor`, `exited`, `not_exited`; 一般农户, 脱贫户, 未脱贫户; or
    /// 1, 2, 3).
    ///
    /// # Legal basis
    /// 国务院扶贫办《关于建立防止返贫监测和帮扶机制的指导意见》(June 2020): 监测对象以家庭为
    /// 单位, 主要监测建档立卡已脱贫但不稳定户, 收入略高于建档立卡贫困户的边缘户. From 2021 the
    /// categories are 脱贫不稳定户, 边缘易致贫户 and 突发严重困难户.
    ///
    /// # Era
    /// From June 2020 (the guidance) through the transition period.
    ///
    /// # Parameters
    /// `monitoring.household.target.exclude_not_exited` (bool).
    ///
    /// # Reading
    /// The guidance names two kinds of target and the 2021 categories a third; fupin reads
    /// them as: every household that is not still registered as poor is a target. How a
    /// monitored household is then placed is also fupin's reading: an exited household is
    /// 脱贫不稳定户 (`unstable_exited`) whatever its risk; a household never registered is
    /// 突发严重困难户 (`sudden_hardship`) when the sudden-hardship rule passed, else
    /// 边缘易致贫户 (`marginal`). Alternatives: households still registered as poor
    /// monitored too (set `monitoring.household.target.exclude_not_exited` to false); a
    /// placement by the risk that was found first is not computed.
    ///
    /// # Bound
    /// Passes when `registry_status != not_exited` (a veto of the monitoring test).
    ///
    /// # Example
    /// A household `not_exited` with an income of 1,000 yuan is `not_monitored`; the same
    /// household `exited` is `unstable_exited`.
    pub struct TargetStatus;
    id: "monitoring.household.target.registry_status",
    level: Household,
    test: Monitoring,
    role: Require,
    summary: "Monitoring target: the household is not still registered as poor (registry_status != not_exited)",
    parameters: [EXCLUDE_NOT_EXITED],
    columns: ["households.registry_status"],
    since: "0.2.0",
}

struct TargetKernel {
    switch: Switch,
}

impl HouseholdKernel for TargetKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        if !self.switch.on {
            out.fill(true);
            return;
        }
        let not_exited = RegistryStatus::NotExited as u8;
        for (o, s) in out.iter_mut().zip(&batch.status) {
            *o = *s != not_exited;
        }
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let status = batch
            .status
            .get(i)
            .and_then(|s| RegistryStatus::from_code(*s))
            .map_or(Measure::Missing, |s| Measure::Text(s.as_str().to_string()));
        let mut c = check(
            &TargetStatus::META,
            status,
            Op::Ne,
            Measure::Text(RegistryStatus::NotExited.as_str().to_string()),
            self.switch.basis(None),
        );
        if !self.switch.on {
            c.passed = true;
            c.error = None;
        }
        c
    }
}

impl HouseholdRule for TargetStatus {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(TargetKernel {
            switch: bool_param(ctx, &Self::META, EXCLUDE_NOT_EXITED)?,
        }))
    }
}
// --- Income --------------------------------------------------------------------------------
