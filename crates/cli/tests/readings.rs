//! Readings: a check that rests on fupin's reading of a text says so (JSON `readings`, the
//! table's `reading` mark), the run warns of it, provenance gives each parameter's status,
//! `rules show` names the reading and its alternatives, and the alternative reading is a
//! parameter choice that changes the result.

mod common;

use common::fupin;
use predicates::prelude::*;

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn checks_list_the_readings_they_rest_on_and_the_run_warns() {
    let out = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2001.toml",
            "--format",
            "json",
            "--warnings",
            "all",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "rule `std2001.county.designation.key_county`: its procedure is fupin's reading",
        ))
        .stderr(predicate::str::contains(
            "parameter `std2001.designation.low_gdp_revenue.joint` = true: fupin's reading",
        ))
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let checks: Vec<&serde_json::Value> = v["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .flat_map(|d| d["checks"].as_array().expect("checks"))
        .filter(|c| c["rule"] == "std2001.county.designation.key_county")
        .collect();
    assert!(!checks.is_empty());
    for c in checks {
        let readings: Vec<&str> = c["readings"]
            .as_array()
            .expect("readings")
            .iter()
            .filter_map(|r| r.as_str())
            .collect();
        assert_eq!(
            readings,
            [
                "std2001.designation.low_gdp_revenue.joint",
                "std2001.county.designation.key_county"
            ]
        );
    }
    // A check with no reading has no `readings` key (the v1 contract unchanged).
    let plain = v["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .flat_map(|d| d["checks"].as_array().expect("checks"))
        .find(|c| c["rule"] != "std2001.county.designation.key_county");
    if let Some(c) = plain {
        assert!(c.get("readings").is_none(), "{c}");
    }
    let params = v["provenance"]["parameters"]
        .as_array()
        .expect("parameters");
    let status = |id: &str| {
        params
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["status"].as_str().unwrap_or_default().to_string())
            .expect(id)
    };
    assert_eq!(
        status("std2001.designation.low_gdp_revenue.joint"),
        "reading"
    );
    assert_eq!(status("std2001.designation.income_year"), "unconfirmed");
    assert_eq!(status("std2001.designation.key_counties"), "confirmed");
}

#[test]
fn rules_show_names_the_reading_and_its_alternatives() {
    fupin()
        .args(["rules", "show", "std2001.county.designation.key_county"])
        .assert()
        .success()
        .stdout(predicate::str::contains("procedure: READING"))
        .stdout(predicate::str::contains("# Reading"))
        .stdout(predicate::str::contains("`joint = false`"))
        .stdout(predicate::str::contains("true [READING]"));
    fupin()
        .args(["rules", "show", "ethnic.county.designation.old_base_1986"])
        .assert()
        .success()
        .stdout(predicate::str::contains("300.00 yuan [READING]"))
        .stdout(predicate::str::contains("the bottom, 200"));
}

#[test]
fn the_other_reading_is_a_parameter_choice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("separate.toml");
    std::fs::write(
        &p,
        format!(
            "extends = \"{}\"\nname = \"separate\"\n\n[parameters]\n\
             \"std2001.designation.low_gdp_revenue.joint\" = false\n",
            common::root().join("profiles/national-2001.toml").display()
        ),
    )
    .expect("profile");
    let out = fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(&p)
        .assert()
        .success()
        .stderr(predicate::str::contains("low_gdp_revenue.joint` = false").not())
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let basis = v["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .flat_map(|d| d["checks"].as_array().expect("checks"))
        .find(|c| c["rule"] == "std2001.county.designation.key_county")
        .and_then(|c| c["basis"].as_str())
        .expect("basis")
        .to_string();
    assert!(basis.contains("(counted separately)"), "{basis}");
}

#[test]
fn a_county_exactly_at_an_exit_bound_fails_under_the_strict_reading() {
    // 沽源县 has a false-exit rate of exactly 2% and 积石山 a missed-assessment rate of
    // exactly 2%: they exit by the default reading (the bound passes) and remain when the
    // bound fails (瞭望's 必须低于2%).
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("strict.toml");
    std::fs::write(
        &p,
        format!(
            "extends = \"{}\"\nname = \"strict-bounds\"\n\n[parameters]\n\
             \"std2011.exit.county.bound_passes\" = false\n",
            common::root().join("profiles/national-2011.toml").display()
        ),
    )
    .expect("profile");
    let out = fupin()
        .args(["compare", "--only-changed", "--format", "json"])
        .args(["--profile", "profiles/national-2011.toml", "--profile"])
        .arg(&p)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let changes = v["changes"].as_array().expect("changes");
    let ids: Vec<&str> = changes.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(ids, ["130724", "622927"], "{}", v["changes"]);
    for (c, rule) in changes.iter().zip([
        "std2011.county.exit.false_exit",
        "std2011.county.exit.missed",
    ]) {
        let inclusive = &c["outcomes"]["national-2011"];
        assert_eq!(inclusive["outcome"], "exit");
        assert_eq!(inclusive["decided_by"]["op"], "<=");
        assert_eq!(
            inclusive["decided_by"]["readings"],
            serde_json::json!(["std2011.exit.county.bound_passes", rule])
        );
        let strict = &c["outcomes"]["strict-bounds"];
        assert_eq!(strict["outcome"], "remain");
        assert_eq!(strict["decided_by"]["rule"], rule);
        assert_eq!(strict["decided_by"]["op"], "<");
        assert_eq!(strict["decided_by"]["measured"], 2);
        assert_eq!(strict["decided_by"]["passed"], false);
    }
    // Both wordings are in the rules' documentation.
    fupin()
        .args(["rules", "show", "std2011.county.exit.approval"])
        .assert()
        .success()
        .stdout(predicate::str::contains("procedure: READING"))
        .stdout(predicate::str::contains(
            "std2011.exit.county.bound_passes (bool)",
        ))
        .stdout(predicate::str::contains("群众认可度必须高于90%"))
        .stdout(predicate::str::contains("群众认可度低于90%的，不得退出"));
}
