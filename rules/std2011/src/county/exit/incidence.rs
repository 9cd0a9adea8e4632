//! `std2011.county.exit.incidence`: County exit: comprehensive poverty incidence <=
//! {std2011.exit.county.max_incidence_pct.central} (<=
//! {std2011.exit.county.max_incidence_pct.west} in the west)

use fupin_core::decision::{Check, Op};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError, compare};
use fupin_core::units::County;

use crate::county::{missing, row_for};
use crate::incidence;

fupin_core::rule! {
    /// # What it decides
    /// The main county exit criterion: the county's comprehensive poverty incidence is at
    /// most {std2011.exit.county.max_incidence_pct.east} in the east,
    /// {std2011.exit.county.max_incidence_pct.central} in the centre and
    /// {std2011.exit.county.max_incidence_pct.west} in the western provinces.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困县退出: 贫困县退出以贫困发生率为主要衡量标准. 原则上贫困县贫困发生率
    /// 降至2%以下(西部地区降至3%以下). The 2017 evaluation measures (国开办发〔2017〕56号):
    /// 综合贫困发生率高于3%的不得退出 (west); the central standard is 2% (People's Daily
    /// 2019-07-03).
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.max_incidence_pct.{east,central,west}` (percent), chosen by the
    /// county's region (the profile's override, else the `region` column, else the province
    /// by the western-development list of docs/sources.md).
    ///
    /// # Measured value
    /// With household data: persons in households that fail the household exit test divided
    /// by all persons in the county's households (docs/sources.md). Without: `poor_population /
    /// rural_population` of the county's row for the assessment year. The ratio is compared
    /// exactly, never rounded.
    ///
    /// # Bound
    /// 以下 includes the number: passes when incidence <= threshold. Exactly 2.00% passes in
    /// the east and centre; 2.01% fails there and passes in the west.
    ///
    /// # Example
    /// A central county with 200 poor in 10,000 (2.00%) exits; with 201 (2.01%) it remains.
    pub struct CountyIncidence;
    id: "std2011.county.exit.incidence",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: comprehensive poverty incidence <= {std2011.exit.county.max_incidence_pct.central} (<= {std2011.exit.county.max_incidence_pct.west} in the west)",
    parameters: ["std2011.exit.county.max_incidence_pct."],
    columns: [],
    since: "0.1.0",
}

impl CountyRule for CountyIncidence {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &Self::META;
        let mut out = Vec::with_capacity(data.counties.len());
        for (i, code) in data.counties.codes().iter().enumerate() {
            let tally = data.tallies.map(|t| &t[i]);
            let has_households = tally.is_some_and(|t| t.households > 0);
            let row = if has_households {
                data.counties.row(code, ctx.year)
            } else {
                Some(row_for(rule, ctx, data, code)?)
            };
            let any = data
                .counties
                .any_row(code)
                .ok_or_else(|| missing(rule, ctx, &County::default(), "code"))?;
            let region = ctx.region_of(rule, row.unwrap_or(any))?;
            let (measured, basis) = incidence::measure(
                tally,
                row.and_then(|r| r.poor_population),
                row.and_then(|r| r.rural_population),
                ("poor_population", "rural_population"),
            )
            .map_err(|m| RuleError::Input {
                rule: rule.id.to_string(),
                message: format!(
                    "{}: row {}: county {code}: {m}",
                    ctx.counties_origin,
                    row.unwrap_or(any).row
                ),
            })?;
            let param = format!("std2011.exit.county.max_incidence_pct.{region}");
            let t = ctx.param(rule, &param)?;
            out.push(compare(
                rule,
                Op::Le,
                measured,
                &t,
                Some(format!("{basis}; region {region}")),
            ));
        }
        Ok(out)
    }
}
