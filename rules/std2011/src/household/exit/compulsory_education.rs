//! `std2011.household.exit.compulsory_education`: Household exit: compulsory education assured
//! (义务教育有保障)

use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::Guarantee;

use crate::household::guarantee_kernel;

fupin_core::rule! {
    /// # What it decides
    /// Compulsory education is assured for the household's children (义务教育有保障):
    /// column `compulsory_education`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 义务教育、基本医疗、住房安全有保障.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.compulsory_education` (bool).
    ///
    /// # Bound
    /// Passes when `compulsory_education` is true (== true).
    ///
    /// # Example
    /// A child out of school (`compulsory_education = false`) → the household remains.
    pub struct HouseholdCompulsoryEducation;
    id: "std2011.household.exit.compulsory_education",
    level: Household,
    test: Exit,
    role: Require,
    summary: "Household exit: compulsory education assured (义务教育有保障)",
    parameters: ["std2011.exit.household.requires.compulsory_education"],
    columns: ["households.compulsory_education"],
    since: "0.1.0",
}

impl HouseholdRule for HouseholdCompulsoryEducation {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        guarantee_kernel(
            &Self::META,
            ctx,
            Guarantee::CompulsoryEducation,
            "std2011.exit.household.requires.compulsory_education",
        )
    }
}
