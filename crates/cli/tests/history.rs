//! `fupin history`: the published national series with sources and statuses, and the check
//! of the shipped lines and registry against it.

mod common;

use std::fs;

use common::{fupin, root};
use predicates::prelude::*;

#[test]
fn prints_the_series_of_each_standard_with_sources() {
    fupin()
        .args(["history"])
        .assert()
        .success()
        .stdout(predicate::str::contains("std2011: the 2010 standard"))
        .stdout(predicate::str::contains("9899 [chinadaily-2013-02-27]"))
        .stdout(predicate::str::contains("0.6 [peoples-daily-2020-01-25]"))
        // Unconfirmed values are marked, derived ones too.
        .stdout(predicate::str::contains("16567? [unconfirmed]"))
        .stdout(predicate::str::contains("12238* [chinadaily-2013-02-27]"))
        .stdout(predicate::str::contains("[official-press]"));
}

#[test]
fn json_gives_every_value_with_status_grade_and_source() {
    let out = fupin()
        .args(["history", "--standard", "std2011", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["schema"], "fupin.history.v1");
    let rows = v["rows"].as_array().expect("rows");
    assert!(rows.iter().all(|r| r["standard"] == "std2011"));
    let r2012 = rows
        .iter()
        .find(|r| r["year"] == 2012 && r["quantity"] == "poor_population")
        .expect("2012");
    assert_eq!(r2012["value"], "9899");
    assert_eq!(r2012["status"], "confirmed");
    assert_eq!(r2012["grade"], "official-press");
    let r2010 = rows
        .iter()
        .find(|r| r["year"] == 2010 && r["quantity"] == "poor_population")
        .expect("2010");
    assert_eq!(r2010["status"], "unconfirmed");
}

#[test]
fn csv_has_one_row_per_value() {
    let out = fupin()
        .args(["history", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("standard,year,quantity,value,unit,status,derived,note,source,grade")
    );
    assert!(text.contains("std1986,1978,incidence_pct,30.7,percent,confirmed,"));
}

#[test]
fn the_shipped_lines_and_registry_agree_with_it() {
    fupin()
        .args(["history", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("std2011 line 2014"))
        .stdout(predicate::str::contains("county exits 2018"))
        .stdout(predicate::str::contains("DISAGREES").not());
}

#[test]
fn a_disagreement_is_reported_and_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = fs::read_to_string(root().join("data/history/national.toml")).expect("series");
    let changed = text.replace("{ year = 2018, value = 283,", "{ year = 2018, value = 284,");
    assert_ne!(text, changed);
    let path = dir.path().join("series.toml");
    fs::write(&path, changed).expect("write");
    fupin()
        .args(["history", "--check", "--series"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("county exits 2018"))
        .stdout(predicate::str::contains("DISAGREES"))
        .stderr(predicate::str::contains("1 shipped values disagree"));
}

#[test]
fn a_chart_of_the_incidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chart = dir.path().join("history.svg");
    fupin()
        .args(["history", "--chart"])
        .arg(&chart)
        .assert()
        .success();
    let svg = fs::read_to_string(&chart).expect("chart");
    assert!(svg.starts_with("<svg"));
    // One dot per published incidence value.
    let n = fupin()
        .args(["history", "--format", "csv"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let incidences = String::from_utf8(n)
        .expect("utf8")
        .lines()
        .filter(|l| l.contains(",incidence_pct,"))
        .count();
    assert_eq!(svg.matches("<circle").count(), incidences);
}

#[test]
fn an_unknown_standard_is_a_usage_error() {
    fupin()
        .args(["history", "--standard", "std1999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("std1999"));
}

fn stdout(args: &[&str]) -> String {
    let out = fupin()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf8")
}

#[test]
fn a_standard_is_named_by_its_nbs_name_and_outputs_keep_the_id() {
    // NBS calls std2001 the 2008 standard (domain.md §1.0): the same series, the same bytes.
    let by_id = stdout(&["history", "--standard", "std2001"]);
    for name in ["2008年标准", "2008 standard", "std2008", "2008"] {
        assert_eq!(stdout(&["history", "--standard", name]), by_id, "{name}");
    }
    assert!(by_id.contains("std2001: the 2008 standard"));
    let json = stdout(&["history", "--standard", "2008年标准", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let rows = v["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["standard"] == "std2001"));
    // The corrected 2000 figure: the white paper's 94.23 million (official text).
    let r2000 = rows
        .iter()
        .find(|r| r["year"] == 2000 && r["quantity"] == "poor_population")
        .expect("2000");
    assert_eq!(r2000["value"], "9423");
    assert_eq!(r2000["grade"], "official-text");
    assert_eq!(r2000["source_key"], "white-paper-2021-appendix");
    // The 1978 and current standards by their names too.
    assert_eq!(
        stdout(&["history", "--standard", "std1978"]),
        stdout(&["history", "--standard", "std1986"])
    );
    assert_eq!(
        stdout(&["history", "--standard", "现行标准", "--format", "csv"]),
        stdout(&["history", "--standard", "std2011", "--format", "csv"])
    );
}

#[test]
fn every_standard_flag_takes_the_names() {
    assert_eq!(
        stdout(&["lines", "--standard", "1978年标准", "--format", "json"]),
        stdout(&["lines", "--standard", "std1986", "--format", "json"])
    );
    let profile = "profiles/national-2011.toml";
    assert_eq!(
        stdout(&[
            "measures",
            "--profile",
            profile,
            "--standard",
            "2010 standard"
        ]),
        stdout(&["measures", "--profile", profile, "--standard", "std2011"])
    );
    for cmd in [
        vec!["lines", "--standard", "2011年标准"],
        vec!["history", "--standard", "2011年标准"],
        vec!["measures", "--profile", profile, "--standard", "2011年标准"],
    ] {
        fupin()
            .args(&cmd)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "unknown standard `2011年标准` (accepted: std1986 (1978, 1978 standard, std1978, \
                 1978年标准); std2001 (2008, 2008 standard, std2008, 2008年标准); std2011 (2010, \
                 2010 standard, std2010, 2010年标准, 现行标准))",
            ));
    }
}

#[test]
fn a_provinces_series_by_any_of_its_names() {
    let table = stdout(&["history", "--province", "贵州"]);
    for name in ["贵州省", "Guizhou"] {
        assert_eq!(stdout(&["history", "--province", name]), table, "{name}");
    }
    assert!(table.contains("贵州 (Guizhou), std2011: the 2010 standard"));
    // Seed 004: incidence 26.8% (2012) to 0.85% (2019), 9.23 million registered poor to
    // 308,000, the incomes of 2020; seed 001: nine counties left in mid-2020.
    for cell in [
        "26.8 [cns-2020-11-23]",
        "0.85 [cns-2020-11-23]",
        "923 [cns-2020-11-23]",
        "30.8 [cns-2020-11-23]",
        "9925.38 [cns-2020-11-23]",
        "11487.39 [cns-2020-11-23]",
        "9 [china-org-2020-06-28]",
        "2020-06-28",
    ] {
        assert!(table.contains(cell), "{cell}\n{table}");
    }
    // No national series in it.
    assert!(!table.contains("9899"));
    let json = stdout(&["history", "--province", "Guizhou", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let rows = v["rows"].as_array().expect("rows");
    assert!(rows.iter().all(|r| r["province"] == "贵州"));
    let csv = stdout(&["history", "--province", "贵州省", "--format", "csv"]);
    assert!(csv.starts_with(
        "standard,year,quantity,value,unit,status,derived,note,source,grade,province,scope,as_of\n"
    ));
    // Its county counts agree with the registry.
    fupin()
        .args(["history", "--province", "贵州", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("贵州 county exits 2020"))
        .stdout(predicate::str::contains("贵州 counties left 2020-06-28"))
        .stdout(predicate::str::contains("DISAGREES").not());
}

#[test]
fn without_a_province_the_national_output_has_no_provincial_field() {
    let json = stdout(&["history", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    for r in v["rows"].as_array().expect("rows") {
        for key in ["province", "scope", "as_of"] {
            assert!(r.get(key).is_none(), "{key}: {r}");
        }
    }
    let csv = stdout(&["history", "--format", "csv"]);
    assert!(
        csv.starts_with("standard,year,quantity,value,unit,status,derived,note,source,grade\n")
    );
    let table = stdout(&["history"]);
    assert!(table.starts_with(
        "The published national rural poor population and incidence by year (? unconfirmed, * derived)\n"
    ));
    // (The national sources name Guizhou; no provincial table is there.)
    assert!(!table.contains("贵州 (Guizhou)"));
    assert!(!table.contains("designated counties"));
}

#[test]
fn the_designation_rounds() {
    let table = stdout(&["history", "--designations"]);
    for cell in [
        "1986 ┆ 331 [keywords-pinkunxian]",
        "1994 ┆ 592 [keywords-pinkunxian]",
        "2001 ┆ 592 [keywords-pinkunxian]",
        "2012 ┆ 832* [keywords-pinkunxian]",
    ] {
        assert!(table.contains(cell), "{cell}\n{table}");
    }
    fupin()
        .args(["history", "--designations", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "designated counties 2012 published      832  shipped      832  agrees",
        ));
}

#[test]
fn a_province_without_series_or_not_a_province_is_a_usage_error() {
    fupin()
        .args(["history", "--province", "浙江"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--province 浙江: no published provincial series in the sources",
        ))
        .stderr(predicate::str::contains("贵州 (Guizhou)"));
    fupin()
        .args(["history", "--province", "Atlantis"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a province"));
}
