//! Comparing profiles over the same data: eras (1986 vs 2011), variants (a province's overlay
//! vs the national rules), or a rule change (a threshold moved).
//!
//! Each profile is assessed on the same data flags; the result has one block per profile
//! (its assessment: profile, decisions, and summary with counts by level, outcome and
//! province; every unit) and a `changes` list: each unit (level, test, id) whose outcome
//! differs between the profiles, with its outcome in each profile and the check that decided
//! it. (`--only-changed` is accepted for compatibility: `changes` always holds only changed
//! units.)

use std::collections::BTreeMap;

use fupin_core::decision::{Check, Decision, Level, Outcome, Test};
use serde::Serialize;

use crate::error::Result;
use crate::eval::assess::{AssessOptions, Assessment, ProfileInfo, Summary};
use crate::setup::plan::Plan;

/// Schema name of the comparison document.
pub const SCHEMA: &str = "fupin.comparison.v1";

/// One profile's block: its assessment (design.md §5: "one such block per profile").
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// Schema of the block (`fupin.assessment.v1`).
    pub schema: &'static str,
    /// The profile.
    pub profile: ProfileInfo,
    /// Its decisions.
    pub decisions: Vec<Decision>,
    /// Its summary.
    pub summary: Summary,
    /// What it was computed from (addition), when the library filled it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::provenance::Provenance>,
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
    /// Units the profiles decide under different tests (an addition: the 2019 exit test
    /// against the 2021 monitoring, say), with their outcome under each profile's tests.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub across_tests: Vec<Crossing>,
    /// For each pair of profiles and tests that only one of the two runs: how the units
    /// decided under both fall, from-outcome by to-outcome.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cross_tabs: Vec<CrossTab>,
}

/// One unit's outcome under a test of one profile, with the check that decided it.
#[derive(Debug, Clone, Serialize)]
pub struct CrossSide {
    /// The test.
    pub test: Test,
    /// The outcome.
    pub outcome: Outcome,
    /// The check that decided it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<Check>,
}

/// A unit decided under different tests by different profiles.
#[derive(Debug, Clone, Serialize)]
pub struct Crossing {
    /// Level.
    pub level: Level,
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// The county (villages and households).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    /// By profile key: its decisions of the unit, one per test.
    pub outcomes: BTreeMap<String, Vec<CrossSide>>,
}

/// Counts of units by their outcome under one profile's test and another's.
#[derive(Debug, Clone, Serialize)]
pub struct CrossTab {
    /// Level.
    pub level: Level,
    /// The earlier profile (command-line order) and its test.
    pub from: (String, Test),
    /// The later profile and its test.
    pub to: (String, Test),
    /// `counts[from outcome][to outcome]`.
    pub counts: BTreeMap<Outcome, BTreeMap<Outcome, usize>>,
}

/// Keys for profiles: their names, made unique: a repeated name gets `#2`, `#3`, … (never
/// a key another profile already has or is named), so no profile's block or column can
/// overwrite another's.
pub fn keys(names: &[String]) -> Vec<String> {
    let all: std::collections::BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    names
        .iter()
        .map(|n| {
            let key = if taken.contains(n) {
                (2..)
                    .map(|k| format!("{n}#{k}"))
                    .find(|k| !taken.contains(k) && !all.contains(k.as_str()))
                    .unwrap_or_default()
            } else {
                n.clone()
            };
            taken.insert(key.clone());
            key
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
    // Per unit: its decision in each profile (by key).
    let mut units: BTreeMap<UnitKey, BTreeMap<String, &Decision>> = BTreeMap::new();
    for (k, a) in keys.iter().zip(&runs) {
        for d in &a.decisions {
            units
                .entry((d.level, d.test, d.id.clone()))
                .or_default()
                .insert(k.clone(), d);
        }
    }
    let mut changes: Vec<Change> = Vec::with_capacity(units.len());
    for ((level, test, id), by_key) in &units {
        let first = by_key.values().next().copied();
        let outcome_of = |k: &String| by_key.get(k).map(|d| d.outcome);
        let changed = keys.iter().any(|k| outcome_of(k) != outcome_of(&keys[0]));
        // `changes` lists the units whose outcome differs (every unit is in the blocks).
        if !changed {
            continue;
        }
        // For a changed unit, the rule whose verdict flipped explains both sides.
        let flipped: Option<&str> = if changed {
            flipped_rule(&keys, by_key)
        } else {
            None
        };
        let outcomes = keys
            .iter()
            .map(|k| {
                let s = match by_key.get(k) {
                    Some(d) => Side {
                        outcome: Some(d.outcome),
                        decided_by: flipped
                            .and_then(|r| d.checks.iter().find(|c| &*c.rule == r))
                            .or_else(|| d.deciding_check())
                            .cloned(),
                    },
                    None => Side {
                        outcome: None,
                        decided_by: None,
                    },
                };
                (k.clone(), s)
            })
            .collect();
        changes.push(Change {
            level: *level,
            test: *test,
            id: id.clone(),
            name: first.map(|d| d.name.clone()).unwrap_or_default(),
            province: first.and_then(|d| d.province.clone()),
            outcomes,
            changed,
        });
    }
    drop(units);
    let (across_tests, cross_tabs) = crossings(&keys, &runs);
    let _ = only_changed;
    let changed = changes.len();
    Comparison {
        schema: SCHEMA,
        keys,
        profiles: runs
            .into_iter()
            .map(|a| Block {
                schema: a.schema,
                profile: a.profile,
                decisions: a.decisions,
                summary: a.summary,
                provenance: a.provenance,
            })
            .collect(),
        changes,
        changed,
        across_tests,
        cross_tabs,
    }
}

/// (level, earlier run, its test, later run, its test).
type TabKey = (Level, usize, Test, usize, Test);
/// `[from outcome][to outcome] = count`.
type OutcomeTable = BTreeMap<Outcome, BTreeMap<Outcome, usize>>;

/// Units that two profiles decide under different tests: a test one profile runs on the
/// unit and the other does not, and the other way round.
fn crossings(keys: &[String], runs: &[Assessment]) -> (Vec<Crossing>, Vec<CrossTab>) {
    type Unit = (Level, String);
    let mut units: BTreeMap<Unit, BTreeMap<usize, Vec<&Decision>>> = BTreeMap::new();
    for (i, a) in runs.iter().enumerate() {
        for d in &a.decisions {
            units
                .entry((d.level, d.id.clone()))
                .or_default()
                .entry(i)
                .or_default()
                .push(d);
        }
    }
    let mut out = Vec::new();
    let mut tabs: BTreeMap<TabKey, OutcomeTable> = BTreeMap::new();
    for ((level, id), by_run) in &units {
        let mut crossed = false;
        let runs_of: Vec<&usize> = by_run.keys().collect();
        for (x, &&i) in runs_of.iter().enumerate() {
            for &&j in &runs_of[x + 1..] {
                let only = |a: usize, b: usize| -> Vec<&Decision> {
                    by_run[&a]
                        .iter()
                        .filter(|d| !by_run[&b].iter().any(|o| o.test == d.test))
                        .copied()
                        .collect()
                };
                let (from, to) = (only(i, j), only(j, i));
                for f in &from {
                    for t in &to {
                        crossed = true;
                        *tabs
                            .entry((*level, i, f.test, j, t.test))
                            .or_default()
                            .entry(f.outcome)
                            .or_default()
                            .entry(t.outcome)
                            .or_default() += 1;
                    }
                }
            }
        }
        if !crossed {
            continue;
        }
        let first = by_run.values().next().and_then(|v| v.first());
        out.push(Crossing {
            level: *level,
            id: id.clone(),
            name: first.map(|d| d.name.clone()).unwrap_or_default(),
            county: first.and_then(|d| d.county.clone()),
            outcomes: by_run
                .iter()
                .map(|(i, ds)| {
                    (
                        keys[*i].clone(),
                        ds.iter()
                            .map(|d| CrossSide {
                                test: d.test,
                                outcome: d.outcome,
                                decided_by: d.deciding_check().cloned(),
                            })
                            .collect(),
                    )
                })
                .collect(),
        });
    }
    let tabs = tabs
        .into_iter()
        .map(|((level, i, ft, j, tt), counts)| CrossTab {
            level,
            from: (keys[i].clone(), ft),
            to: (keys[j].clone(), tt),
            counts,
        })
        .collect();
    (out, tabs)
}

/// The first rule (in check order) whose verdict differs between two of the profiles that
/// decided the unit.
fn flipped_rule<'a>(keys: &[String], by_key: &BTreeMap<String, &'a Decision>) -> Option<&'a str> {
    let decided: Vec<&&Decision> = keys.iter().filter_map(|k| by_key.get(k)).collect();
    let first = decided.first()?;
    first.checks.iter().find_map(|c| {
        let differs = decided[1..].iter().any(|d| {
            d.checks
                .iter()
                .find(|o| o.rule == c.rule)
                .is_some_and(|o| o.passed != c.passed)
        });
        differs.then_some(&*c.rule)
    })
}

/// Assess each plan with the same data flags and compare.
pub fn compare(plans: &[Plan], opts: &AssessOptions, only_changed: bool) -> Result<Comparison> {
    // One read of the household table serves every profile (when their data agree).
    let refs: Vec<&Plan> = plans.iter().collect();
    let runs = crate::eval::assess::assess_many(&refs, opts)?;
    Ok(compare_assessments(runs, only_changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_distinct_keys() {
        let k = keys(&["a".into(), "b".into(), "a".into()]);
        assert_eq!(k, ["a", "b", "a#2"]);
        // A profile literally named `a#2` keeps its name; the repeated `a` moves on.
        let k = keys(&["a#2".into(), "a".into(), "a".into(), "a".into()]);
        assert_eq!(k, ["a#2", "a", "a#3", "a#4"]);
        let mut unique = k.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), k.len());
    }
}
