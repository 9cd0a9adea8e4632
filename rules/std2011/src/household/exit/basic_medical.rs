//! `std2011.household.exit.basic_medical`: Household exit: basic medical care assured
//! (基本医疗有保障)

use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::Guarantee;

use crate::household::guarantee_kernel;

fupin_core::rule! {
    /// # What it decides
    /// Basic medical care is assured (基本医疗有保障): column `basic_medical`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 义务教育、基本医疗、住房安全有保障.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.basic_medical` (bool).
    ///
    /// # Bound
    /// Passes when `basic_medical` is true (== true).
    ///
    /// # Example
    /// No medical insurance cover (`basic_medical = false`) → the household remains.
    pub struct HouseholdBasicMedical;
    id: "std2011.household.exit.basic_medical",
    level: Household,
    test: Exit,
    role: Require,
    summary: "Household exit: basic medical care assured (基本医疗有保障)",
    parameters: ["std2011.exit.household.requires.basic_medical"],
    columns: ["households.basic_medical"],
    since: "0.1.0",
}

impl HouseholdRule for HouseholdBasicMedical {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        guarantee_kernel(
            &Self::META,
            ctx,
            Guarantee::BasicMedical,
            "std2011.exit.household.requires.basic_medical",
        )
    }
}
