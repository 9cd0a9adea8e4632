//! The scale of the monitoring: monitored persons as a share of the registered population,
//! per village and per county, against the guidance's scale.

use fupin_core::County;
use fupin_core::decision::{Check, Level, Measure, Op, Role, Test};
use fupin_core::documented;
use fupin_core::rule::{
    CountyData, CountyRule, EvalContext, RuleError, RuleMeta, RuleStatus, VillageData, VillageRule,
};
use fupin_core::units::Tally;

use crate::{Basis, check};

/// The scale in general.
pub const GENERAL: &str = "monitoring.scale.max_pct.general";
/// The scale in deeply poor areas.
pub const DEEP: &str = "monitoring.scale.max_pct.deep_poverty";

documented! {
    /// # What it decides
    /// Whether the village's monitored population is within the scale of the guidance:
    /// persons in monitored households (any category) as a share of the persons in
    /// households of the poverty registry (exited or not), at most 5%, or at most 10% when
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
    /// passes when nobody is monitored and fails otherwise.
    ///
    /// # Bound
    /// 左右 and 不超过 are read as inclusive: passes when share <= 5% (<= 10% in deeply poor
    /// areas).
    ///
    /// # Example
    /// 200 registered persons: 10 monitored (5.00%) is within the scale; 11 (5.50%) is
    /// over it, unless the county is in a deeply poor area (at most 20).
    pub struct VillageScale;
}

documented! {
    /// # What it decides
    /// Whether the county's monitored population is within the scale of the guidance:
    /// persons in monitored households as a share of the persons in households of the
    /// poverty registry, at most 5%, or at most 10% in a deeply poor area (column
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
    ///
    /// # Bound
    /// Passes when share <= 5% (<= 10% in deeply poor areas).
    ///
    /// # Example
    /// A county in a deeply poor area with 10,000 registered persons: 1,000 monitored
    /// (10.00%) is within the scale; 1,001 is over it.
    pub struct CountyScale;
}

/// The village rule.
pub static VILLAGE_SCALE: VillageScale = VillageScale;
/// The county rule.
pub static COUNTY_SCALE: CountyScale = CountyScale;

static VILLAGE_META: RuleMeta = RuleMeta {
    id: "monitoring.village.scale.share",
    rule_set: "monitoring",
    summary: "Monitoring scale: monitored persons / registered persons <= about 5% (<= 10% in deeply poor areas)",
    doc: VillageScale::DOC,
    status: RuleStatus::Stable,
    level: Level::Village,
    test: Test::MonitoringScale,
    role: Role::Require,
    parameters: &[GENERAL, DEEP],
    columns: &["households.registry_status"],
    only_with_columns: false,
    since: "0.2.0",
};

static COUNTY_META: RuleMeta = RuleMeta {
    id: "monitoring.county.scale.share",
    rule_set: "monitoring",
    summary: "Monitoring scale: monitored persons / registered persons <= about 5% (<= 10% in deeply poor areas)",
    doc: CountyScale::DOC,
    status: RuleStatus::Stable,
    level: Level::County,
    test: Test::MonitoringScale,
    role: Role::Require,
    parameters: &[GENERAL, DEEP],
    columns: &["households.registry_status"],
    only_with_columns: false,
    since: "0.2.0",
};

/// Whether a county is in a deeply poor area, by its `deep_poverty` column, and how that
/// was known.
fn deep_poverty(county: &County) -> Result<(bool, &'static str), String> {
    match county.extra.get("deep_poverty").map(|s| s.trim()) {
        None => Ok((false, "no deep_poverty column: general scale")),
        Some("") => Ok((false, "deep_poverty empty: general scale")),
        Some(v) => match v.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok((true, "deeply poor area (deep_poverty)")),
            "false" | "0" => Ok((false, "not a deeply poor area (deep_poverty)")),
            _ => Err(format!(
                "column `deep_poverty`: {} is not true/false/1/0",
                fupin_core::text::quote(v)
            )),
        },
    }
}

fn scale_check(
    meta: &RuleMeta,
    ctx: &EvalContext<'_>,
    tally: &Tally,
    deep: (bool, &str),
) -> Result<Check, RuleError> {
    let id = if deep.0 { DEEP } else { GENERAL };
    let t = ctx.param(meta, id)?;
    let threshold = t.value.value.to_measure();
    let (m, r) = (tally.monitored_persons, tally.registered_persons);
    let basis = |text: String| Basis {
        parameter: id,
        source: t.source_text(),
        effective: Some(t.value.effective.to_string()),
        confirmed: t.value.confirmed,
        unconfirmed_parameter: id,
        basis: Some(format!("{text}; {}", deep.1)),
    };
    if r == 0 {
        let mut c = check(
            meta,
            Measure::Missing,
            Op::Le,
            threshold,
            basis(format!(
                "households: {m} monitored persons and no registered persons (no scale)"
            )),
        );
        c.passed = m == 0;
        c.error = None;
        return Ok(c);
    }
    Ok(check(
        meta,
        Measure::Rate { num: m, den: r },
        Op::Le,
        threshold,
        basis(format!(
            "households: {m} monitored of {r} registered persons"
        )),
    ))
}

/// The scale check of one unit whose county is `county`.
fn unit_check(
    meta: &RuleMeta,
    ctx: &EvalContext<'_>,
    county: &County,
    tally: Option<&Tally>,
) -> Result<Check, RuleError> {
    let deep = deep_poverty(county).map_err(|m| RuleError::Input {
        rule: meta.id.to_string(),
        message: format!("{}: row {}: {m}", ctx.counties_origin, county.row),
    })?;
    scale_check(meta, ctx, &tally.copied().unwrap_or_default(), deep)
}

fn no_households(meta: &RuleMeta) -> RuleError {
    RuleError::Input {
        rule: meta.id.to_string(),
        message: "the monitoring scale is measured from household data (with `registry_status`); \
                  give a household table"
            .into(),
    }
}

impl VillageRule for VillageScale {
    fn meta(&self) -> &RuleMeta {
        &VILLAGE_META
    }

    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &VillageData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let meta = &VILLAGE_META;
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

impl CountyRule for CountyScale {
    fn meta(&self) -> &RuleMeta {
        &COUNTY_META
    }

    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let meta = &COUNTY_META;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::{ctx_for, store};

    fn tally(monitored: i64, registered: i64) -> Tally {
        Tally {
            households: 1,
            persons: registered.max(monitored),
            monitored_persons: monitored,
            registered_persons: registered,
            ..Tally::default()
        }
    }

    fn passes(m: i64, r: i64, deep: bool) -> bool {
        let s = store();
        let ctx = ctx_for(&s, 2021);
        scale_check(&COUNTY_META, &ctx, &tally(m, r), (deep, "test"))
            .expect("check")
            .passed
    }

    #[test]
    fn the_scale_is_at_most_5_percent_and_10_in_deeply_poor_areas() {
        assert!(passes(10, 200, false));
        assert!(!passes(11, 200, false));
        assert!(passes(1000, 10_000, true));
        assert!(!passes(1001, 10_000, true));
    }

    #[test]
    fn no_registered_persons_passes_only_with_nobody_monitored() {
        assert!(passes(0, 0, false));
        assert!(!passes(3, 0, false));
    }

    #[test]
    fn deep_poverty_comes_from_its_column() {
        let mut c = County::default();
        assert!(!deep_poverty(&c).expect("absent").0);
        c.extra.insert("deep_poverty".into(), "TRUE".into());
        assert!(deep_poverty(&c).expect("true").0);
        c.extra.insert("deep_poverty".into(), "yes".into());
        assert!(deep_poverty(&c).is_err());
    }
}
