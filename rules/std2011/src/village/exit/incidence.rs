//! `std2011.village.exit.incidence`: Village exit: poverty incidence <=
//! {std2011.exit.village.max_incidence_pct.central} (<=
//! {std2011.exit.village.max_incidence_pct.west} in the west)

use fupin_core::decision::{Check, Op};
use fupin_core::rule::{EvalContext, RuleError, VillageData, VillageRule, compare};

use crate::incidence;

fupin_core::rule! {
    /// # What it decides
    /// Village exit: the village's poverty incidence is at most
    /// {std2011.exit.village.max_incidence_pct.east} in the east,
    /// {std2011.exit.village.max_incidence_pct.central} in the centre and
    /// {std2011.exit.village.max_incidence_pct.west} in the western provinces.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困村退出: 以贫困发生率为主要衡量标准, 统筹考虑村内基础设施、基本公共
    /// 服务、产业发展、集体经济收入等综合因素. 原则上贫困村贫困发生率降至2%以下(西部地区降至3%
    /// 以下), 在乡镇内公示无异议后, 公告退出. The other factors are to be "considered as a
    /// whole" and have no threshold; they are not encoded.
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.village.max_incidence_pct.{east,central,west}` (percent), chosen by the
    /// region of the village's county.
    ///
    /// # Measured value
    /// With household data: persons in the village's households that fail the household exit
    /// test divided by all persons in its households (docs/sources.md#measured-incidence).
    /// Without: the village's `poor_population / population`. Compared exactly.
    ///
    /// # Bound
    /// 以下 includes the number: passes when incidence <= threshold.
    ///
    /// # Example
    /// A western village of 300 persons with 9 still poor (3.00%) exits; with 10 (3.33%) it
    /// remains.
    pub struct VillageIncidence;
    id: "std2011.village.exit.incidence",
    level: Village,
    test: Exit,
    role: Require,
    summary: "Village exit: poverty incidence <= {std2011.exit.village.max_incidence_pct.central} (<= {std2011.exit.village.max_incidence_pct.west} in the west)",
    parameters: ["std2011.exit.village.max_incidence_pct."],
    columns: [],
    since: "0.1.0",
}

impl VillageRule for VillageIncidence {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &VillageData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &Self::META;
        let mut out = Vec::with_capacity(data.villages.len());
        for (i, v) in data.villages.villages().iter().enumerate() {
            let where_ = if v.row > 0 {
                format!("{}: row {}: village {}", data.origin, v.row, v.code)
            } else {
                format!("village {} (from household data)", v.code)
            };
            let county = data
                .counties
                .row(&v.county, ctx.year)
                .or_else(|| data.counties.any_row(&v.county))
                .ok_or_else(|| RuleError::Input {
                    rule: rule.id.to_string(),
                    message: format!("{where_}: county {} is not in the county data", v.county),
                })?;
            let region = ctx.region_of(rule, county)?;
            let (measured, basis) = incidence::measure(
                data.tallies.map(|t| &t[i]),
                v.poor_population,
                v.population,
                ("poor_population", "population"),
            )
            .map_err(|m| RuleError::Input {
                rule: rule.id.to_string(),
                message: format!("{where_}: {m}"),
            })?;
            let t = ctx.param(
                rule,
                &format!("std2011.exit.village.max_incidence_pct.{region}"),
            )?;
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
