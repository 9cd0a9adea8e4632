//! `std2011.county.designation_2012.contiguous_area`: 2012: counties of the 14 contiguous
//! destitute areas are poverty counties

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::kit::{county_row, income_year};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError, compare};

fupin_core::rule! {
    /// # What it decides
    /// A county of the 14 contiguous destitute areas (集中连片特殊困难地区) is a poverty county.
    ///
    /// # Legal basis
    /// The LGOP's county list of the 14 areas of 2012-06-14 (680 counties); 中国关键词
    /// "贫困县": these counties plus the key counties outside the areas, 832 in all, are the
    /// poverty counties (贫困县). The areas' selection criteria (2007–2009 averages against
    /// the western average) are not confirmed (docs/sources.md#contiguous-areas), so
    /// membership is data: the `contiguous_area` column.
    ///
    /// # Era
    /// From the 2012 list to the exits of 2016–2020.
    ///
    /// # Parameters
    /// `std2011.designation_2012.area_counties_designated` (true).
    ///
    /// # Bound
    /// Passes when `contiguous_area` is true (== true) on the row of the income year.
    ///
    /// # Example
    /// 化德县 (燕山—太行山区) is a poverty county whatever its key-county status.
    pub struct ContiguousArea2012;
    id: "std2011.county.designation_2012.contiguous_area",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "2012: counties of the 14 contiguous destitute areas are poverty counties",
    parameters: ["std2011.designation_2012.area_counties_designated"],
    columns: ["counties.contiguous_area", "counties.income_year"],
    since: "0.1.0",
}

impl CountyRule for ContiguousArea2012 {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &Self::META;
        let year = income_year(rule, ctx, "std2011.designation_2012.income_year")?;
        let t = ctx.param(rule, "std2011.designation_2012.area_counties_designated")?;
        let mut out = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            let row = county_row(rule, ctx, data, code, year)?;
            let area = row
                .contiguous_area
                .ok_or_else(|| fupin_core::kit::missing_value(rule, ctx, row, "contiguous_area"))?;
            out.push(compare(
                rule,
                Op::Eq,
                Measure::Bool(area),
                &t,
                Some("county column `contiguous_area`".into()),
            ));
        }
        Ok(out)
    }
}
