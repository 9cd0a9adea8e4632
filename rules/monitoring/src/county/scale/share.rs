//! `monitoring.county.scale.share`: Monitoring scale: monitored persons / registered persons
//! <= about {monitoring.scale.max_pct.general} (<= {monitoring.scale.max_pct.deep_poverty} in
//! deeply poor areas)

use crate::scale::*;
use fupin_core::decision::Check;
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

fupin_core::rule! {
    /// # What it decides
    /// Whether the county's monitored population is within the scale of the guidance:
    /// persons in monitored households as a share of the persons in households of the
    /// poverty registry, at most {monitoring.scale.max_pct.general}, or at most
    /// {monitoring.scale.max_pct.deep_poverty} in a deeply poor area (column
    /// `deep_poverty`).
    ///
    /// # Legal basis
    /// 国务院扶贫办《关于建立防止返贫监测和帮扶机制的指导意见》(June 2020): 监测对象规模一般为
    /// 建档立卡人口的5%左右, 深度贫困地区原则上不超过10%.
    ///
    /// # Era
    /// From June 2020 (the guidance) through the transition period.
    ///
    /// # Parameters
    /// `monitoring.scale.max_pct.general`, `monitoring.scale.max_pct.deep_poverty`
    /// (percent).
    ///
    /// # Measured value
    /// From household data: monitored persons / registered persons of the assessment year,
    /// compared exactly.
    ///
    /// # Reading
    /// As for villages (`monitoring.village.scale.share`): "about 5%" read as at most 5%,
    /// deep poverty from the `deep_poverty` column, no scale without registered persons.
    /// Alternatives as there: another bound (`monitoring.scale.max_pct.general`,
    /// `monitoring.scale.max_pct.deep_poverty`), or the share as a guide only.
    ///
    /// # Bound
    /// Passes when share <= 5% (<= 10% in deeply poor areas).
    ///
    /// # Example
    /// A county in a deeply poor area with 10,000 registered persons: 1,000 monitored
    /// (10.00%) is within the scale; 1,001 is over it.
    pub struct CountyScale;
    id: "monitoring.county.scale.share",
    level: County,
    test: MonitoringScale,
    role: Require,
    summary: "Monitoring scale: monitored persons / registered persons <= about {monitoring.scale.max_pct.general} (<= {monitoring.scale.max_pct.deep_poverty} in deeply poor areas)",
    parameters: [GENERAL, DEEP],
    columns: ["households.registry_status"],
    since: "0.2.0",
}

impl CountyRule for CountyScale {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let meta = &Self::META;
        let tallies = data.tallies.ok_or_else(|| no_households(meta))?;
        let mut out = Vec::with_capacity(data.counties.len());
        for (i, code) in data.counties.codes().iter().enumerate() {
            let county = data
                .counties
                .row(code, ctx.year)
                .or_else(|| data.counties.any_row(code))
                .ok_or_else(|| RuleError::Input {
                    rule: meta.id.to_string(),
                    message: format!("county {code} has no row"),
                })?;
            out.push(unit_check(meta, ctx, county, tallies.get(i))?);
        }
        Ok(out)
    }
}
