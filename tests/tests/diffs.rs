//! Diff snapshots: a baseline profile against a variant over the same data, showing only
//! the units whose outcome changed and the check that decided each side. Change a rule or a
//! parameter and these snapshots list exactly the decisions it flips.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fupin::check_line;
use fupin::{AssessOptions, Plan, Profile};
use fupin::{Comparison, compare};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn diff(baseline: &str, variant: &str) -> String {
    diff_on(baseline, variant, None, None)
}

/// Compare on other data (counties and households in `data`) and year.
fn diff_on(baseline: &str, variant: &str, data: Option<&str>, year: Option<i32>) -> String {
    fupin::link_all();
    let plan = |p: &str| {
        let mut profile = Profile::load(&root().join(p)).expect("profile");
        if data.is_some() {
            profile.data = Default::default();
        }
        Plan::build(profile, year).expect("plan")
    };
    let opts = match data {
        None => AssessOptions::default(),
        Some(d) => AssessOptions {
            counties: Some(root().join(d).join("counties.csv")),
            households: Some(root().join(d).join("households.csv")),
            household_detail: Some(fupin::HouseholdDetail::All),
            ..AssessOptions::default()
        },
    };
    let c: Comparison = compare(&[plan(baseline), plan(variant)], &opts, true).expect("comparison");
    let mut out = format!(
        "{} units changed: {} → {}\n",
        c.changed, c.keys[0], c.keys[1]
    );
    for ch in &c.changes {
        let side = |k: &str| {
            let s = &ch.outcomes[k];
            match (&s.outcome, &s.decided_by) {
                (Some(o), Some(chk)) => format!("{o} [{}]", check_line(chk)),
                (Some(o), None) => o.to_string(),
                (None, _) => "-".into(),
            }
        };
        let _ = writeln!(
            out,
            "{} {} {} {}: {} → {}",
            ch.level.as_str(),
            ch.test.as_str(),
            ch.id,
            ch.name,
            side(&c.keys[0]),
            side(&c.keys[1])
        );
    }
    out
}

#[test]
fn western_bounds_lowered_to_two_percent() {
    insta::assert_snapshot!(
        "national-2011__west-2pct",
        diff(
            "profiles/national-2011.toml",
            "tests/fixtures/profiles/national-2011-west-2pct.toml"
        )
    );
}

#[test]
fn the_1994_adjustment_against_the_1986_round() {
    insta::assert_snapshot!(
        "national-1986__national-1994",
        diff("profiles/national-1986.toml", "profiles/national-1994.toml")
    );
}

#[test]
fn provincial_overlays_against_the_national_profile() {
    for p in ["jiangsu", "shaanxi", "sichuan"] {
        insta::assert_snapshot!(
            format!("national-2011__{p}"),
            diff(
                "profiles/national-2011.toml",
                &format!("profiles/provinces/{p}.toml")
            )
        );
    }
    // Zhejiang's line applies to 2015: a 2015 fixture (national line 2,855).
    insta::assert_snapshot!(
        "national-2011__zhejiang@2015",
        diff_on(
            "tests/fixtures/profiles/national-2011-classification.toml",
            "profiles/provinces/zhejiang.toml",
            Some("tests/fixtures/zhejiang-2015"),
            Some(2015)
        )
    );
}
