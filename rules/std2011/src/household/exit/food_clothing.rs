//! `std2011.household.exit.food_clothing`: Household exit: enough food and clothing (吃穿不愁)

use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};
use fupin_core::units::Guarantee;

use crate::household::guarantee_kernel;

fupin_core::rule! {
    /// # What it decides
    /// The household has enough food and clothing (吃穿不愁): column `food_clothing`.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困人口退出: 该户年人均纯收入稳定超过国家扶贫标准且吃穿不愁.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.household.requires.food_clothing` (bool).
    ///
    /// # Bound
    /// Passes when `food_clothing` is true (== true).
    ///
    /// # Example
    /// `food_clothing = 0` → the household remains poor whatever its income.
    pub struct HouseholdFoodClothing;
    id: "std2011.household.exit.food_clothing",
    level: Household,
    test: Exit,
    role: Require,
    summary: "Household exit: enough food and clothing (吃穿不愁)",
    parameters: ["std2011.exit.household.requires.food_clothing"],
    columns: ["households.food_clothing"],
    since: "0.1.0",
}

impl HouseholdRule for HouseholdFoodClothing {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        guarantee_kernel(
            &Self::META,
            ctx,
            Guarantee::FoodClothing,
            "std2011.exit.household.requires.food_clothing",
        )
    }
}
