//! Sweeping one parameter over a range: the response of the decisions to a threshold.
//!
//! `param` is a parameter id, or a glob over ids (`std2011.exit.county.max_incidence_pct.*`
//! moves the east, central and west thresholds together). Each value is applied as a
//! constant override (replacing every dated value) and the profile is assessed again on the
//! same data. Values are exact decimals: `from`, `from + step`, … up to and including `to`.

use std::collections::BTreeMap;

use fupin_core::Decimal;
use fupin_core::params::ParamValue;
use serde::Serialize;

use crate::error::{EngineError, Result};
use crate::eval::assess::{AssessOptions, Assessment, assess_many};
use crate::setup::plan::Plan;
use crate::setup::profile::{Override, Profile};

/// Schema name of the sweep document.
pub const SCHEMA: &str = "fupin.sweep.v1";

/// Most points a sweep may have.
pub const MAX_POINTS: usize = 1000;

/// One value of the swept parameter and the response.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The value (in the parameter's unit).
    #[serde(with = "rust_decimal_str")]
    pub value: Decimal,
    /// Counts by level, then outcome.
    pub counts: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    /// Persons in households classified poor (households of the assessment year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headcount: Option<i64>,
    /// Persons in households that fail the exit test over all persons, percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incidence_pct: Option<f64>,
}

mod rust_decimal_str {
    use fupin_core::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.normalize())
    }
}

/// The sweep document.
#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    /// Schema name.
    pub schema: &'static str,
    /// Profile name.
    pub profile: String,
    /// The parameter (or glob) swept.
    pub parameter: String,
    /// The parameter ids it matched.
    pub parameters: Vec<String>,
    /// The unit of the values.
    pub unit: String,
    /// The points, in order.
    pub points: Vec<Point>,
}

/// The values from `from` to `to` by `step`, inclusive.
pub fn values(from: Decimal, to: Decimal, step: Decimal) -> Result<Vec<Decimal>> {
    if step <= Decimal::ZERO {
        return Err(EngineError::Config(format!(
            "--step {step} must be positive"
        )));
    }
    if from > to {
        return Err(EngineError::Config(format!(
            "--from {from} is above --to {to}"
        )));
    }
    let mut out = Vec::new();
    let mut v = from;
    while v <= to {
        out.push(v);
        if out.len() > MAX_POINTS {
            return Err(EngineError::Config(format!(
                "the sweep has more than {MAX_POINTS} points: use a larger --step"
            )));
        }
        v += step;
    }
    Ok(out)
}

/// The plans of a sweep: one per point, the matched parameters set to the point's value.
#[derive(Debug)]
pub struct SweepPlans {
    /// The parameter (or glob) swept.
    pub parameter: String,
    /// The parameter ids it matched.
    pub ids: Vec<String>,
    /// Their unit.
    pub unit: fupin_core::params::Unit,
    /// The points.
    pub points: Vec<Decimal>,
    /// One plan per point.
    pub plans: Vec<Plan>,
}

/// The plans of the sweep of `param` over `points`.
pub fn sweep_plans(
    profile: &Profile,
    year: Option<i32>,
    param: &str,
    points: &[Decimal],
) -> Result<SweepPlans> {
    // Resolve the parameter ids against the registry (through a plan of the profile).
    let base = Plan::build(profile.clone(), year)?;
    let pattern = glob::Pattern::new(param)
        .map_err(|e| EngineError::Config(format!("--param `{param}`: {e}")))?;
    let ids: Vec<String> = base
        .params
        .iter()
        .filter(|p| p.id == param || pattern.matches(&p.id))
        .map(|p| p.id.clone())
        .collect();
    let first = ids.first().ok_or_else(|| {
        EngineError::Config(format!(
            "--param: `{param}` matches no parameter{}",
            base.params
                .suggest(param)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default()
        ))
    })?;
    let unit = base
        .params
        .get(first)
        .map(|p| p.unit)
        .map_err(|e| EngineError::Config(e.to_string()))?;
    for id in &ids {
        let u = base
            .params
            .get(id)
            .map(|p| p.unit)
            .map_err(|e| EngineError::Config(e.to_string()))?;
        if u != unit {
            return Err(EngineError::Config(format!(
                "--param `{param}` matches parameters of different units ({first}: {}, {id}: {})",
                unit.as_str(),
                u.as_str()
            )));
        }
    }
    if points.len() > MAX_POINTS {
        return Err(EngineError::Config(format!(
            "the sweep has more than {MAX_POINTS} points: use a larger --step"
        )));
    }
    let mut plans = Vec::with_capacity(points.len());
    for v in points {
        let text = v.normalize().to_string();
        ParamValue::parse(unit, &text)
            .map_err(|m| EngineError::Config(format!("--param `{param}` value {text}: {m}")))?;
        let mut p = profile.clone();
        for id in &ids {
            p.parameters.retain(|o| &o.id != id);
            p.parameters.push(Override {
                id: id.clone(),
                effective: None,
                value: toml::Value::String(text.clone()),
                source: Some(format!("sweep of {param} at {text}")),
                confirmed: true,
                line: 0,
            });
        }
        plans.push(Plan::build(p, year)?);
    }
    Ok(SweepPlans {
        parameter: param.to_string(),
        ids,
        unit,
        points: points.to_vec(),
        plans,
    })
}

/// The sweep document from the assessment of each point's plan (in order).
pub fn sweep_of(profile: &Profile, s: &SweepPlans, runs: Vec<Assessment>) -> Sweep {
    let points = s
        .points
        .iter()
        .zip(runs)
        .map(|(v, a)| {
            let h = a.summary.households.as_ref().map(|h| h.assessment_year);
            Point {
                value: *v,
                counts: a.summary.counts,
                headcount: h.map(|t| t.poor_persons),
                incidence_pct: h.filter(|t| t.persons > 0).map(|t| {
                    (t.remaining_persons as f64 * 100.0 / t.persons as f64 * 1e6).round() / 1e6
                }),
            }
        })
        .collect();
    Sweep {
        schema: SCHEMA,
        profile: profile.name.clone(),
        parameter: s.parameter.clone(),
        parameters: s.ids.clone(),
        unit: s.unit.as_str().to_string(),
        points,
    }
}

/// Run the sweep: the points' plans assessed on the same data, a few at a time per read of
/// the households ([`POINTS_PER_READ`]).
pub fn sweep(
    profile: &Profile,
    year: Option<i32>,
    param: &str,
    points: &[Decimal],
    opts: &AssessOptions,
) -> Result<Sweep> {
    let s = sweep_plans(profile, year, param, points)?;
    let mut runs = Vec::with_capacity(s.plans.len());
    for group in s.plans.chunks(POINTS_PER_READ) {
        let refs: Vec<&Plan> = group.iter().collect();
        runs.extend(assess_many(&refs, opts)?);
    }
    Ok(sweep_of(profile, &s, runs))
}

/// Points assessed together on one read of the households (each holds its tallies by
/// county and village while the households are read).
pub const POINTS_PER_READ: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn values_are_exact_and_inclusive() {
        let v = values(d("1"), d("5"), d("0.5")).expect("values");
        assert_eq!(v.len(), 9);
        assert_eq!(v[8], d("5"));
        let v = values(d("0.1"), d("0.3"), d("0.1")).expect("values");
        assert_eq!(v, [d("0.1"), d("0.2"), d("0.3")]);
        assert!(values(d("1"), d("0"), d("1")).is_err());
        assert!(values(d("1"), d("2"), d("0")).is_err());
        assert!(values(d("0"), d("100000"), d("1")).is_err());
    }
}
