//! `monitoring.village.scale.share`: Monitoring scale: monitored persons / registered persons
//! <= about {monitoring.scale.max_pct.general} (<= {monitoring.scale.max_pct.deep_poverty} in
//! deeply poor areas)

use crate::scale::*;
use fupin_core::decision::Check;
use fupin_core::rule::{EvalContext, RuleError, VillageData, VillageRule};

fupin_core::rule! {
    /// # What it decides
    /// Whether the village's monitored population is within the scale of the guidance:
    /// persons in monitored households (any category) as a share of the persons in
    /// households of the poverty registry (exited or not), at most {monitoring.scale.max_pct.general}, or at most
    /// {monitoring.scale.max_pct.deep_poverty} when
    /// the village's county is in a deeply poor area (county column `deep_poverty`).
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
    /// From household data (columns `registry_status` and the monitoring test): monitored
    /// persons / registered persons of the assessment year, compared exactly. Without
    /// household data the scale cannot be measured (an input error).
    ///
    /// # Reading
    /// "Generally about 5%" is read as a bound of at most 5%; the sources give it as a
    /// guide for the size of the monitored group, not as a test a unit fails. Deep poverty
    /// is taken from the county column `deep_poverty` (the national list of the 334 deeply
    /// poor counties is not in the sources); without the column every unit gets the general
    /// scale, and the check says so. A unit with no registered persons has no scale: it
    /// passes when nobody is monitored and fails otherwise. Alternatives: another bound for
    /// "about" (a margin above 5%: set `monitoring.scale.max_pct.general` in a profile's
    /// `[parameters]`), or the share as a guide only (read the measured share and ignore
    /// the outcome).
    ///
    /// # Bound
    /// 左右 and 不超过 are read as inclusive: passes when share <= 5% (<= 10% in deeply poor
    /// areas).
    ///
    /// # Example
    /// 200 registered persons: 10 monitored (5.00%) is within the scale; 11 (5.50%) is
    /// over it, unless the county is in a deeply poor area (at most 20).
    pub struct VillageScale;
    id: "monitoring.village.scale.share",
    level: Village,
    test: MonitoringScale,
    role: Require,
    summary: "Monitoring scale: monitored persons / registered persons <= about {monitoring.scale.max_pct.general} (<= {monitoring.scale.max_pct.deep_poverty} in deeply poor areas)",
    parameters: [GENERAL, DEEP],
    columns: ["households.registry_status"],
    since: "0.2.0",
}

impl VillageRule for VillageScale {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &VillageData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let meta = &Self::META;
        let tallies = data.tallies.ok_or_else(|| no_households(meta))?;
        let mut out = Vec::with_capacity(data.villages.len());
        for (i, v) in data.villages.villages().iter().enumerate() {
            let county = data
                .counties
                .row(&v.county, ctx.year)
                .or_else(|| data.counties.any_row(&v.county))
                .ok_or_else(|| RuleError::Input {
                    rule: meta.id.to_string(),
                    message: format!(
                        "village {}: county {} is not in the county data",
                        v.code, v.county
                    ),
                })?;
            out.push(unit_check(meta, ctx, county, tallies.get(i))?);
        }
        Ok(out)
    }
}
