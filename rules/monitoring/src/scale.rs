//! The scale of the monitoring: monitored persons as a share of the registered population,
//! per village and per county, against the guidance's scale.

use fupin_core::County;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{EvalContext, RuleError, RuleMeta};
use fupin_core::shared::shared;
use fupin_core::units::Tally;

use crate::{Basis, check};

/// The scale in general.
pub const GENERAL: &str = "monitoring.scale.max_pct.general";
/// The scale in deeply poor areas.
pub const DEEP: &str = "monitoring.scale.max_pct.deep_poverty";

/// Whether a county is in a deeply poor area, by its `deep_poverty` column, and how that
/// was known.
pub(crate) fn deep_poverty(county: &County) -> Result<(bool, &'static str), String> {
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

pub(crate) fn scale_check(
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
        source: shared(&t.source_text()),
        effective: Some(shared(&t.value.effective.to_string())),
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
pub(crate) fn unit_check(
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

pub(crate) fn no_households(meta: &RuleMeta) -> RuleError {
    RuleError::Input {
        rule: meta.id.to_string(),
        message: "the monitoring scale is measured from household data (with `registry_status`); \
                  give a household table"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::county::scale::CountyScale;
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
        scale_check(&CountyScale::META, &ctx, &tally(m, r), (deep, "test"))
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
