//! Snapshot tests of the std1986 and ethnic designation rules over boundary fixtures: one
//! snapshot per rule, each rule run in isolation through the real engine.

use std::path::Path;

use fupin_engine::testing::{RuleRun, run_rule};

fn run(rule: &str, year: i32, extra: &str) -> String {
    fupin_std1986::link();
    fupin_ethnic::link();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bounds");
    run_rule(
        &dir,
        &RuleRun {
            rule,
            context: &[],
            rule_sets: &["std1986", "ethnic"],
            standard: "std1986",
            year,
            extra,
        },
    )
}

#[test]
fn designation_1986_rules() {
    for rule in [
        "std1986.county.designation.income",
        "ethnic.county.designation.autonomous_1986",
        "ethnic.county.designation.old_base_1986",
    ] {
        insta::assert_snapshot!(format!("{rule}@bounds"), run(rule, 1986, ""));
    }
}

#[test]
fn pastoral_batch_from_1988() {
    let rule = "std1986.county.designation.pastoral_1988";
    insta::assert_snapshot!(
        format!("{rule}@bounds"),
        run(rule, 1986, "date = \"1988-12-31\"")
    );
    // Not in force in 1986.
    insta::assert_snapshot!(format!("{rule}@bounds-1986"), run(rule, 1986, ""));
}

#[test]
fn designation_1994_rules() {
    for rule in [
        "std1986.county.designation_1994.income",
        "std1986.county.designation_1994.kept",
    ] {
        insta::assert_snapshot!(format!("{rule}@bounds"), run(rule, 1994, ""));
    }
}
