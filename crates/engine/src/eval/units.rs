//! Village and county rules over the whole sets of units: each test's rules evaluated, their
//! checks combined per unit, the units a test assesses chosen (county exit applies to poverty
//! counties; the monitoring scale to units with households), the transition period attached.

use std::collections::BTreeSet;
use std::path::Path;

use fupin_core::decision::{Decision, Level, Test, Transition, combine};
use fupin_core::rule::{CountyData, EvalContext, RuleEntry, VillageData};
use fupin_core::units::{CountyTable, Tally, VillageTable};

use super::model::Summary;
use crate::error::{EngineError, Result};
use crate::setup::plan::Plan;

/// The transition period of a county that exits in the assessment year, when the standard
/// defines one (`<standard>.transition.years`).
fn transition(plan: &Plan, ctx: &EvalContext<'_>) -> Result<Option<Transition>> {
    let id = format!("{}.transition.years", plan.standard.id);
    if !plan.params.contains(&id) {
        return Ok(None);
    }
    let Ok(r) = plan.params.at(&id, ctx.date) else {
        return Ok(None);
    };
    let years = r.int().map_err(|e| EngineError::Config(e.to_string()))?;
    Ok(Some(Transition {
        exit_year: plan.year,
        years,
        until_year: plan.year + years as i32,
        parameter: id,
        source: r.source_text(),
    }))
}

/// The counties assessed for exit when some are marked as not poverty counties: a table of
/// the others with their tallies, and how many were left out. `None` when all are assessed.
fn exit_subset(
    counties: &CountyTable,
    tallies: Option<&[Tally]>,
    year: i32,
) -> (Option<CountyTable>, Option<Vec<Tally>>, usize) {
    subset(counties, tallies, |_, code| {
        counties
            .row(code, year)
            .is_none_or(|r| r.designated_before != Some(false))
    })
}

/// The monitoring scale is a share of the households in the data: counties without
/// households of the assessment year get no scale decision (with household tallies).
fn scale_subset(
    counties: &CountyTable,
    tallies: Option<&[Tally]>,
) -> (Option<CountyTable>, Option<Vec<Tally>>, usize) {
    match tallies {
        Some(t) => subset(counties, tallies, |i, _| t[i].households > 0),
        None => (None, None, 0),
    }
}

/// The counties `keep` (index, code) selects, with their tallies, and how many were left.
fn subset(
    counties: &CountyTable,
    tallies: Option<&[Tally]>,
    keep: impl Fn(usize, &str) -> bool,
) -> (Option<CountyTable>, Option<Vec<Tally>>, usize) {
    let keep: Vec<usize> = counties
        .codes()
        .iter()
        .enumerate()
        .filter(|(i, code)| keep(*i, code))
        .map(|(i, _)| i)
        .collect();
    if keep.len() == counties.len() {
        return (None, None, 0);
    }
    let codes = counties.codes();
    let kept: std::collections::HashSet<&str> = keep.iter().map(|&i| codes[i].as_str()).collect();
    let rows = counties
        .rows()
        .iter()
        .filter(|r| kept.contains(r.code.as_str()))
        .cloned()
        .collect();
    let sub_tallies = tallies.map(|t| keep.iter().map(|&i| t[i]).collect());
    (
        Some(CountyTable::new(rows)),
        sub_tallies,
        counties.len() - keep.len(),
    )
}

/// The distinct tests among rules, in a fixed order.
fn tests_of(tests: impl Iterator<Item = Test>) -> Vec<Test> {
    let set: BTreeSet<Test> = tests.collect();
    set.into_iter().collect()
}

/// County decisions, test by test: each test's rules over the whole set of counties (or
/// the counties it assesses), combined per county.
pub(super) fn county_decisions(
    plan: &Plan,
    ctx: &EvalContext<'_>,
    rules: &[RuleEntry],
    counties: &CountyTable,
    county_tallies: Option<&[Tally]>,
    summary: &mut Summary,
) -> Result<Vec<Decision>> {
    let mut decisions = Vec::new();
    let county_rules: Vec<_> = rules
        .iter()
        .filter_map(|r| match r {
            RuleEntry::County(c) => Some(*c),
            _ => None,
        })
        .collect();
    for test in tests_of(county_rules.iter().map(|r| r.meta().test)) {
        // County exit applies to poverty counties (贫困县退出: 贫困县包括重点县和片区县): when the
        // assessment-year row says `designated_before = false`, the county is not assessed.
        let (table, tallies, left_out) = match test {
            Test::Exit => exit_subset(counties, county_tallies, plan.year),
            Test::MonitoringScale => scale_subset(counties, county_tallies),
            _ => (None, None, 0),
        };
        if left_out > 0 && test == Test::MonitoringScale {
            summary.push_note(format!(
                "{left_out} counties have no households of {} in the household data: no \
                 monitoring-scale decision for them",
                plan.year
            ));
        } else if left_out > 0 {
            summary.push_note(format!(
                "{left_out} counties not assessed for exit: their {} row has designated_before = \
                 false (not a poverty county)",
                plan.year
            ));
        }
        let table_ref = table.as_ref().unwrap_or(counties);
        let data = CountyData {
            counties: table_ref,
            tallies: if table.is_some() {
                tallies.as_deref()
            } else {
                county_tallies
            },
        };
        let mut per_rule = Vec::new();
        for r in county_rules.iter().filter(|r| r.meta().test == test) {
            let checks = r.evaluate(ctx, &data)?;
            per_rule.push(one_each(
                r.meta(),
                checks,
                table_ref.codes().len(),
                "counties",
            )?);
        }
        for code in table_ref.codes() {
            let checks = next_unit(&mut per_rule);
            let outcome = combine(test, &checks);
            let any = table_ref.any_row(code);
            let mut d = Decision {
                level: Level::County,
                test,
                id: code.clone(),
                name: any.map(|c| c.name.clone()).unwrap_or_default(),
                outcome,
                checks,
                county: None,
                province: any.map(|c| c.province.clone()),
                transition: None,
            };
            if outcome == fupin_core::Outcome::Exit {
                d.transition = transition(plan, ctx)?;
            }
            decisions.push(d);
        }
    }

    Ok(decisions)
}

/// Village decisions, test by test, over the village table, appended to `decisions`.
#[allow(clippy::too_many_arguments)]
pub(super) fn village_decisions(
    plan: &Plan,
    ctx: &EvalContext<'_>,
    rules: &[RuleEntry],
    counties: &CountyTable,
    vt: &VillageTable,
    villages_path: Option<&Path>,
    village_tallies: Option<&[Tally]>,
    summary: &mut Summary,
    decisions: &mut Vec<Decision>,
) -> Result<()> {
    let village_rules: Vec<_> = rules
        .iter()
        .filter_map(|r| match r {
            RuleEntry::Village(v) => Some(*v),
            _ => None,
        })
        .collect();
    let origin = villages_path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "household data".into());
    let data = VillageData {
        villages: vt,
        counties,
        tallies: village_tallies,
        origin: &origin,
    };
    let tests = tests_of(village_rules.iter().map(|r| r.meta().test));
    // A decision per village and test, allocated once (growing by doubling would hold the
    // old and the new vector at once: 25 MB more at 126,240 villages).
    decisions.reserve_exact(vt.villages().len() * tests.len());
    for test in tests {
        let mut per_rule = Vec::new();
        for r in village_rules.iter().filter(|r| r.meta().test == test) {
            let checks = r.evaluate(ctx, &data)?;
            per_rule.push(one_each(r.meta(), checks, vt.villages().len(), "villages")?);
        }
        let mut without_households = 0;
        for (i, v) in vt.villages().iter().enumerate() {
            // Each village's checks are moved out of the rules' lists: a clone would hold
            // every check twice until the last village (126,240 villages: 120 MB).
            let checks = next_unit(&mut per_rule);
            // The monitoring scale is a share of the households in the data.
            if test == Test::MonitoringScale
                && village_tallies.is_some_and(|t| t.get(i).is_none_or(|t| t.households == 0))
            {
                without_households += 1;
                continue;
            }
            decisions.push(Decision {
                level: Level::Village,
                test,
                id: v.code.clone(),
                name: v.name.clone(),
                outcome: combine(test, &checks),
                checks,
                county: Some(v.county.clone()),
                province: None,
                transition: None,
            });
        }
        if without_households > 0 {
            summary.push_note(format!(
                "{without_households} villages have no households of {} in the household \
                 data: no monitoring-scale decision for them",
                plan.year
            ));
        }
    }
    Ok(())
}

/// The next unit's checks, one per rule, in a vector of exactly that size (collected from a
/// `filter_map` it would start at four: 1 KB more per village).
fn next_unit(
    per_rule: &mut [std::vec::IntoIter<fupin_core::decision::Check>],
) -> Vec<fupin_core::decision::Check> {
    let mut checks = Vec::with_capacity(per_rule.len());
    checks.extend(per_rule.iter_mut().filter_map(Iterator::next));
    checks
}

/// A rule's checks, one for each of the `n` units in order, marked as resting on its
/// reading when its procedure is one; handed out unit by unit (moved, not cloned: a clone
/// would hold every check twice until the last unit, 120 MB for 126,240 villages). A rule
/// that gives another number of checks is an error naming it, never a panic or a check
/// given to the wrong unit.
fn one_each(
    meta: &fupin_core::rule::RuleMeta,
    mut checks: Vec<fupin_core::decision::Check>,
    n: usize,
    units: &str,
) -> Result<std::vec::IntoIter<fupin_core::decision::Check>> {
    if checks.len() != n {
        return Err(EngineError::Input(format!(
            "rule `{}` gave {} checks for {n} {units}",
            meta.id,
            checks.len()
        )));
    }
    if meta.reading().is_some() {
        for c in &mut checks {
            c.mark_reading(meta.id);
        }
    }
    Ok(checks.into_iter())
}

#[cfg(test)]
mod tests {
    use fupin_core::decision::{Check, Measure, Role};
    use fupin_core::rule::{RuleMeta, RuleStatus};

    use super::{next_unit, one_each};

    const META: RuleMeta = RuleMeta {
        id: "test.village.exit.x",
        rule_set: "test",
        summary: "x",
        doc: "# Reading\nA reading.",
        status: RuleStatus::Stable,
        level: fupin_core::decision::Level::Village,
        test: fupin_core::decision::Test::Exit,
        role: Role::Require,
        parameters: &[],
        columns: &[],
        only_with_columns: false,
        since: "0.1.0",
    };

    fn check(measured: i64) -> Check {
        Check {
            measured: Measure::Count(measured),
            ..crate::eval::test_check(Role::Require, true)
        }
    }

    /// Each unit is given its own checks, in order, one per rule, marked with the rule's
    /// reading; a rule with a check too few or too many is an error that names it.
    #[test]
    fn each_unit_gets_its_own_checks_and_a_wrong_count_is_named() {
        let mut per_rule = vec![
            one_each(&META, vec![check(0), check(1), check(2)], 3, "villages").expect("a"),
            one_each(&META, vec![check(10), check(11), check(12)], 3, "villages").expect("b"),
        ];
        for unit in 0..3 {
            let checks = next_unit(&mut per_rule);
            assert_eq!(checks.capacity(), 2);
            let got: Vec<_> = checks.iter().map(|c| c.measured.clone()).collect();
            assert_eq!(got, [Measure::Count(unit), Measure::Count(10 + unit)]);
            assert!(checks.iter().all(|c| c.readings == [META.id]));
        }
        for wrong in [2, 4] {
            let e = one_each(&META, (0..wrong).map(check).collect(), 3, "villages")
                .expect_err("a wrong count");
            assert_eq!(
                e.to_string(),
                format!("rule `test.village.exit.x` gave {wrong} checks for 3 villages")
            );
        }
    }
}
