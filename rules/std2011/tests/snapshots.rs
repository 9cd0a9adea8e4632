//! Snapshot tests of the std2011 rules: one snapshot per rule and fixture, each rule run in
//! isolation (the profile selects only it) through the real engine.
//!
//! Fixtures (`tests/fixtures/<name>/`) put units on both sides of every bound. Review a
//! changed snapshot as a change of decisions: `cargo insta review`, or read the `.snap.new`
//! files; never accept blindly.

use std::path::{Path, PathBuf};

use fupin_core::decision::{Level, Test};
use fupin_core::rule::all_rules;
use fupin_engine::testing::{RuleRun, run_rule};

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(rule: &str, fixture: &str, year: i32) -> String {
    fupin_std2011::link();
    let dir = fixture_dir(fixture);
    // Village and county incidence from households needs the household exit test.
    let context: &[&str] =
        if dir.join("households.csv").exists() && !rule.starts_with("std2011.household.") {
            &["std2011.household.exit.*"]
        } else {
            &[]
        };
    run_rule(
        &dir,
        &RuleRun {
            rule,
            context,
            rule_sets: &["std2011"],
            standard: "std2011",
            year,
            extra: "",
        },
    )
}

#[test]
fn every_rule_over_every_fixture() {
    fupin_std2011::link();
    let rules: Vec<_> = all_rules()
        .into_iter()
        .filter(|r| r.meta().rule_set == "std2011")
        .collect();
    // Every rule file of the crate is registered (the ids mirror the files' paths).
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for r in &rules {
        let rel = r.meta().id.trim_start_matches("std2011.").replace('.', "/");
        assert!(src.join(format!("{rel}.rs")).is_file(), "{}", r.meta().id);
    }
    assert!(!rules.is_empty());
    for fixture in ["columns", "households"] {
        for r in &rules {
            let m = r.meta();
            // Designation rules have their own fixture (`designation_2012`).
            if m.test == Test::Designation || (m.level == Level::Household && fixture == "columns")
            {
                continue;
            }
            insta::assert_snapshot!(format!("{}@{fixture}", m.id), run(m.id, fixture, 2019));
        }
    }
}

#[test]
fn safe_water_is_not_required_in_2018() {
    insta::assert_snapshot!(
        "std2011.household.exit.safe_water@households-2018",
        run("std2011.household.exit.safe_water", "households", 2018)
    );
}

#[test]
fn designation_2012() {
    for rule in [
        "std2011.county.designation_2012.key_county",
        "std2011.county.designation_2012.contiguous_area",
    ] {
        insta::assert_snapshot!(
            format!("{rule}@designation"),
            run(rule, "designation", 2012)
        );
    }
}
