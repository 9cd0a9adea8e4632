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
