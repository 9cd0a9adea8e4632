//! Comparing profiles over the same data: eras (1986 vs 2011), variants (a province's overlay
//! vs the national rules), or a rule change (a threshold moved).
//!
//! Each profile is assessed on the same data flags; the result has one block per profile
//! (its profile and summary: counts by level, outcome and province) and a `changes` list:
//! every unit (level, test, id) with its outcome in each profile and the check that decided
//! it. With `only_changed`, `changes` keeps only the units whose outcome differs.

use std::collections::BTreeMap;

use fupin_core::decision::{Check, Decision, Level, Outcome, Test};
use serde::Serialize;

use crate::assess::{AssessOptions, Assessment, ProfileInfo, Summary, assess};
use crate::error::Result;
use crate::plan::Plan;

/// Schema name of the comparison document.
pub const SCHEMA: &str = "fupin.comparison.v1";

/// One profile's block.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// Schema of the block (`fupin.assessment.v1`, without its decisions).
    pub schema: &'static str,
    /// The profile.
    pub profile: ProfileInfo,
    /// Its summary.
    pub summary: Summary,
}

/// A unit's outcome in one profile.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The outcome, or `None` when the profile made no such decision for the unit.
    pub outcome: Option<Outcome>,
    /// The check that decided it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<Check>,
}

/// One unit across the profiles.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Level.
    pub level: Level,
    /// Test.
    pub test: Test,
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// Province, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// By profile key (the profile's name; `name#2` for a repeated name).
    pub outcomes: BTreeMap<String, Side>,
    /// Whether the outcomes differ.
    pub changed: bool,
}

/// The comparison document.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Schema name.
    pub schema: &'static str,
    /// The profile keys, in command-line order.
    pub keys: Vec<String>,
    /// One block per profile.
    pub profiles: Vec<Block>,
    /// Units (all, or only the changed ones).
    pub changes: Vec<Change>,
    /// Number of units whose outcome differs.
    pub changed: usize,
}

/// Keys for profiles: their names, made unique.
pub fn keys(names: &[String]) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    names
        .iter()
        .map(|n| {
            let k = seen.entry(n.as_str()).or_default();
            *k += 1;
            if *k == 1 {
                n.clone()
            } else {
                format!("{n}#{k}")
            }
        })
        .collect()
}

/// Compare assessments already made (in the order given).
pub fn compare_assessments(runs: Vec<Assessment>, only_changed: bool) -> Comparison {
    let keys = keys(
        &runs
            .iter()
            .map(|a| a.profile.name.clone())
            .collect::<Vec<_>>(),
    );
    type UnitKey = (Level, Test, String);
    let mut units: BTreeMap<UnitKey, Change> = BTreeMap::new();
    for (k, a) in keys.iter().zip(&runs) {
        for d in &a.decisions {
            let entry = units
                .entry((d.level, d.test, d.id.clone()))
                .or_insert_with(|| Change {
                    level: d.level,
                    test: d.test,
                    id: d.id.clone(),
                    name: d.name.clone(),
                    province: d.province.clone(),
                    outcomes: BTreeMap::new(),
                    changed: false,
                });
            entry.outcomes.insert(k.clone(), side(d));
        }
    }
    let mut changes: Vec<Change> = Vec::with_capacity(units.len());
    for (_, mut c) in units {
        for k in &keys {
            c.outcomes.entry(k.clone()).or_insert(Side {
                outcome: None,
                decided_by: None,
            });
        }
        let first = c.outcomes.values().next().and_then(|s| s.outcome);
        c.changed = c.outcomes.values().any(|s| s.outcome != first);
        if !only_changed || c.changed {
            changes.push(c);
        }
    }
    let changed = if only_changed {
        changes.len()
    } else {
        changes.iter().filter(|c| c.changed).count()
    };
    Comparison {
        schema: SCHEMA,
        keys,
        profiles: runs
            .into_iter()
            .map(|a| Block {
                schema: a.schema,
                profile: a.profile,
                summary: a.summary,
            })
            .collect(),
        changes,
        changed,
    }
}

fn side(d: &Decision) -> Side {
    Side {
        outcome: Some(d.outcome),
        decided_by: d.deciding_check().cloned(),
    }
}

/// Assess each plan with the same data flags and compare.
pub fn compare(plans: &[Plan], opts: &AssessOptions, only_changed: bool) -> Result<Comparison> {
    let mut runs = Vec::with_capacity(plans.len());
    for p in plans {
        runs.push(assess(p, opts)?);
    }
    Ok(compare_assessments(runs, only_changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_distinct_keys() {
        let k = keys(&["a".into(), "b".into(), "a".into()]);
        assert_eq!(k, ["a", "b", "a#2"]);
    }
}
