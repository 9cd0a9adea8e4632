//! `std2011.household.exit.safe_housing`: Household exit: safe housing (住房安全有保障)

use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::Guarantee;

use crate::household::guarantee_kernel;

fupin_core::rule! {
    /// # What it decides
    /// The household's housing is safe (住房安全有保障): column `safe_housing`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 义务教育、基本医疗、住房安全有保障.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.safe_housing` (bool).
    ///
    /// # Bound
    /// Passes when `safe_housing` is true (== true).
    ///
    /// # Example
    /// A dilapidated house (`safe_housing = false`) → the household remains.
    pub struct HouseholdSafeHousing;
    id: "std2011.household.exit.safe_housing",
    level: Household,
    test: Exit,
    role: Require,
    summary: "Household exit: safe housing (住房安全有保障)",
    parameters: ["std2011.exit.household.requires.safe_housing"],
    columns: ["households.safe_housing"],
    since: "0.1.0",
}

impl HouseholdRule for HouseholdSafeHousing {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        guarantee_kernel(
            &Self::META,
            ctx,
            Guarantee::SafeHousing,
            "std2011.exit.household.requires.safe_housing",
        )
    }
}
