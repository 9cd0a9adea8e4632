//! Snapshot tests of the std2011 rules: one snapshot per rule and fixture, each rule run in
//! isolation (the profile selects only it) through the real engine.
//!
//! Fixtures (`tests/fixtures/<name>/`) put units on both sides of every bound. Review a
//! changed snapshot as a change of decisions: `cargo insta review`, or read the `.snap.new`
//! files; never accept blindly.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fupin_core::decision::Level;
use fupin_core::rule::all_rules;
use fupin_engine::profile::HouseholdDetail;
use fupin_engine::{AssessOptions, Plan, Profile, assess};

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Run one rule over one fixture and render its decisions one per line.
fn run(rule: &str, fixture: &str, year: i32) -> String {
    fupin_std2011::link();
    let dir = fixture_dir(fixture);
    let has_households = dir.join("households.csv").exists();
    // Village and county incidence from households needs the household exit test.
    let context = if has_households && !rule.starts_with("std2011.household.") {
        ", \"std2011.household.exit.*\""
    } else {
        ""
    };
    let mut text = format!(
        "name = \"{rule}\"\nstandard = \"std2011\"\nyear = {year}\nrule_sets = [\"std2011\"]\n\
         select = [\"{rule}\"{context}]\n[data]\ncounties = \"counties.csv\"\n\
         villages = \"villages.csv\"\n"
    );
    if has_households {
        text.push_str("households = \"households.csv\"\n");
    }
    let profile = Profile::parse(&dir.join("profile.toml"), &text).expect("profile parses");
    let plan = Plan::build(profile, None).expect("plan builds");
    let a = assess(
        &plan,
        &AssessOptions {
            household_detail: Some(HouseholdDetail::All),
            ..AssessOptions::default()
        },
    )
    .expect("assessment runs");
    let mut out = String::new();
    for d in &a.decisions {
        for c in d.checks.iter().filter(|c| c.rule == rule) {
            let _ = writeln!(
                out,
                "{} {} {:<14} {:<13} {} {} {} passed={} {}{}",
                d.level.as_str(),
                d.test.as_str(),
                d.id,
                d.outcome.as_str(),
                c.measured,
                c.op,
                c.threshold,
                c.passed,
                c.parameter,
                c.basis
                    .as_deref()
                    .map(|b| format!(" [{b}]"))
                    .unwrap_or_default()
            );
        }
    }
    for s in &a.profile.skipped {
        let _ = writeln!(out, "skipped {}: {}", s.rule, s.reason);
    }
    out
}

#[test]
fn every_rule_over_every_fixture() {
    fupin_std2011::link();
    let rules: Vec<_> = all_rules()
        .into_iter()
        .filter(|r| r.meta().rule_set == "std2011")
        .collect();
    assert_eq!(rules.len(), 14, "std2011 registers 14 rules");
    for fixture in ["columns", "households"] {
        for r in &rules {
            let m = r.meta();
            if m.level == Level::Household && fixture == "columns" {
                continue;
            }
            let text = run(m.id, fixture, 2019);
            insta::assert_snapshot!(format!("{}@{fixture}", m.id), text);
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
