//! `std2011.household.poor.income`: Household is poor: net income per capita below the year's
//! national line (income < line)

use fupin_core::decision::Op;
use fupin_core::rule::{EvalContext, HouseholdKernel, HouseholdRule, RuleError};

use crate::household::{LINE, LineKernel, Lines};

fupin_core::rule! {
    /// # What it decides
    /// Whether a household is poor under the 2011 national standard: its net income per
    /// capita in the income year is below the national poverty line published for that year.
    ///
    /// # Legal basis
    /// The 2011–2020 Outline and the Central Poverty Alleviation Work Conference of
    /// 2011-11-29 set the national standard at 2,300 yuan per person per year at 2010 prices
    /// (农民人均纯收入2300元(2010年不变价)); a household is identified as poor when its
    /// income is 低于国家扶贫标准. NBS updates the line each year with the rural low-income
    /// residents' price index; the published current-price values are data
    /// (`std2011.line`): 2,300 (2010), 2,536, 2,625, 2,736, 2,800 (2014, disposable income
    /// from here on), 2,855, 2,952 (2016), 2,952? (2017, unconfirmed), 2,995? (2018,
    /// unconfirmed), 3,218 (2019, one weak source), about 4,000 (2020).
    ///
    /// # Era
    /// Income years 2010–2020.
    ///
    /// # Parameters
    /// `std2011.line` (yuan, one value per year).
    ///
    /// # Bound
    /// 低于 is strict: poor when income < line. A household at exactly the line is not poor.
    ///
    /// # Example
    /// 2016 line 2,952 yuan: income 2,951.99 → poor; 2,952.00 → not poor.
    pub struct HouseholdPoor;
    id: "std2011.household.poor.income",
    level: Household,
    test: Classification,
    role: Qualify,
    summary: "Household is poor: net income per capita below the year's national line (income < line)",
    parameters: [LINE],
    columns: ["households.net_income_per_capita", "households.year"],
    since: "0.1.0",
}

impl HouseholdRule for HouseholdPoor {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError> {
        Ok(Box::new(LineKernel {
            meta: &Self::META,
            op: Op::Lt,
            lines: Lines::load(ctx, &Self::META, years)?,
        }))
    }
}
