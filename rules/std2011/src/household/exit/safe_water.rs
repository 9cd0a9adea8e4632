//! `std2011.household.exit.safe_water`: Household exit: safe drinking water (饮水安全有保障; required
//! from 2019-06-23)

use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::Guarantee;

use crate::household::guarantee_kernel;

fupin_core::rule! {
    /// # What it decides
    /// The household has safe drinking water (饮水安全有保障): column `safe_water`.
    ///
    /// # Legal basis
    /// The 2016 Opinions do not name drinking water separately. The LGOP guidance of
    /// 2019-06-23 (关于解决"两不愁三保障"突出问题的指导意见) names drinking-water safety under
    /// 不愁吃, and the 2021 census language includes 饮水安全也有保障; both were read only in
    /// aggregator copies, and the 2021 white paper's deregistration criteria name no water.
    /// Whether it is a separate guarantee or part of 不愁吃, and from when exits required it,
    /// is fupin's reading (docs/sources.md#safe-water): not required before 2019-06-23,
    /// required from then on (the parameter's value from 2019-06-23 is a reading; the
    /// alternative, not a separate requirement, is `false` in a profile's `[parameters]`).
    ///
    /// # Era
    /// Exits assessed from 2019 to 2020 (the check passes trivially before).
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.safe_water` (bool, dated).
    ///
    /// # Bound
    /// Passes when `safe_water` is true (== true), or when not required on the assessment
    /// date.
    ///
    /// # Example
    /// 2019 assessment, `safe_water = false` → remains; 2018 assessment → passes (not
    /// required).
    pub struct HouseholdSafeWater;
    id: "std2011.household.exit.safe_water",
    level: Household,
    test: Exit,
    role: Require,
    summary: "Household exit: safe drinking water (饮水安全有保障; required from 2019-06-23)",
    parameters: ["std2011.exit.household.requires.safe_water"],
    columns: ["households.safe_water"],
    since: "0.1.0",
}

impl HouseholdRule for HouseholdSafeWater {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        guarantee_kernel(
            &Self::META,
            ctx,
            Guarantee::SafeWater,
            "std2011.exit.household.requires.safe_water",
        )
    }
}
