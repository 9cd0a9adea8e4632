//! Snapshot tests of the monitoring rules: one snapshot per rule over the fixture, each rule
//! run through the real engine with the household monitoring rules as context (the village
//! and county scale needs their tallies; a household's category needs the whole test).
//!
//! The fixture (`tests/fixtures/households/`, the same data as the worked example
//! `tests/cases/2021-monitoring.toml`) puts households and counties on both sides of every
//! bound. Review a changed snapshot as a change of decisions; never accept blindly.

use std::path::Path;

use fupin_core::rule::all_rules;
use fupin_engine::testing::{RuleRun, run_rule};

fn run(rule: &str, year: i32) -> String {
    fupin_monitoring::link();
    fupin_std2011::link();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/households");
    run_rule(
        &dir,
        &RuleRun {
            rule,
            context: &["monitoring.household.*"],
            rule_sets: &["monitoring"],
            standard: "std2011",
            year,
            extra: "",
        },
    )
}

#[test]
fn every_rule_over_the_fixture() {
    fupin_monitoring::link();
    let rules: Vec<_> = all_rules()
        .into_iter()
        .filter(|r| r.meta().rule_set == "monitoring")
        .collect();
    assert!(!rules.is_empty(), "the monitoring rules are registered");
    for r in &rules {
        let id = r.meta().id;
        insta::assert_snapshot!(format!("{id}@households"), run(id, 2021));
    }
}

#[test]
fn before_the_third_category_the_hardship_rule_is_a_configuration_error() {
    // Assessed at the end of 2020, `monitoring.household.risk.sudden_hardship` (from 2021)
    // is not in force.
    let out = run("monitoring.household.risk.sudden_hardship", 2020);
    assert!(out.contains("no value in force on 2020-12-31"), "{out}");
}
