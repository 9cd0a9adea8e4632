//! `fupin report`: the page written whole to the file named, never over an input, and the
//! usage errors. The page itself is tested in `crates/report` (structure, numbers) and in a
//! browser (`cargo xtask browser`).

mod common;

use std::fs;

use common::{fupin, root};
use predicates::prelude::*;

#[test]
fn writes_one_page_of_the_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.html");
    fupin()
        .args([
            "report",
            "--profile",
            "profiles/national-2011.toml",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let html = fs::read_to_string(&out).expect("report");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("<h2>The registry of the 832</h2>"));
    // Only the page: no temporary left beside it.
    assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn two_profiles_and_a_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("compare.html");
    fupin()
        .args([
            "report",
            "--profile",
            "profiles/national-2011.toml",
            "--profile",
            "tests/fixtures/profiles/national-2011-west-2pct.toml",
            "--year",
            "2019",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let html = fs::read_to_string(&out).expect("report");
    assert!(html.contains("<h2>Profiles compared</h2>"));
    assert!(html.contains("national-2011 vs west-2pct"));
}

#[test]
fn never_replaces_an_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let counties = dir.path().join("counties.csv");
    fs::copy(root().join("data/sample/counties.csv"), &counties).expect("copy");
    let before = fs::read(&counties).expect("read");
    fupin()
        .args([
            "report",
            "--profile",
            "profiles/national-2011.toml",
            "--counties",
        ])
        .arg(&counties)
        .args(["--villages", "", "--households", "", "--output"])
        .arg(&counties)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to replace an input"));
    assert_eq!(fs::read(&counties).expect("read"), before);
    // The profile itself.
    fupin()
        .args([
            "report",
            "--profile",
            "profiles/national-2011.toml",
            "--output",
            "profiles/national-2011.toml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to replace an input"));
}

#[test]
fn bad_data_names_the_file_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let households = dir.path().join("households.csv");
    // The sample with one more household: the last one again, under a new id, with an
    // income of three decimals.
    let text = fs::read_to_string(root().join("data/sample/households.csv")).expect("read");
    let header: Vec<&str> = text.lines().next().expect("header").split(',').collect();
    let income = header
        .iter()
        .position(|c| *c == "net_income_per_capita")
        .expect("income column");
    let mut last: Vec<String> = text
        .lines()
        .last()
        .expect("a row")
        .split(',')
        .map(String::from)
        .collect();
    last[0] = "hbad".into();
    last[income] = "12.345".into();
    fs::write(&households, format!("{text}{}\n", last.join(","))).expect("write");
    let out = dir.path().join("report.html");
    fupin()
        .args(["report", "--profile", "profiles/national-2011.toml"])
        .arg("--counties")
        .arg(root().join("data/sample/counties.csv"))
        .arg("--villages")
        .arg(root().join("data/sample/villages.csv"))
        .arg("--households")
        .arg(&households)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("households.csv"))
        .stderr(predicate::str::contains("net_income_per_capita"));
    assert!(!out.exists(), "a report of bad data was written");
}

#[test]
fn output_is_required() {
    fupin()
        .args(["report", "--profile", "profiles/national-2011.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output"));
}
