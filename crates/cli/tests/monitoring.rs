//! The monitoring of households at risk, the transition period and the comparison across
//! eras, through the binary on the bundled sample.

mod common;
use common::{fupin, root};

use predicates::prelude::*;

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("JSON output")
}

#[test]
fn the_monitoring_profile_explains_each_household_and_county() {
    let out = fupin()
        .current_dir(root())
        .args([
            "assess",
            "--profile",
            "profiles/monitoring-2021.toml",
            "--household-decisions",
            "all",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let counts = &v["summary"]["counts"];
    for o in [
        "unstable_exited",
        "marginal",
        "sudden_hardship",
        "not_monitored",
    ] {
        assert!(
            counts["household"][o].as_u64().unwrap_or(0) > 0,
            "{o}: {counts}"
        );
    }
    for o in [
        "within_scale",
        "over_scale",
        "in_transition",
        "not_in_transition",
    ] {
        assert!(
            counts["county"][o].as_u64().unwrap_or(0) > 0,
            "{o}: {counts}"
        );
    }
    let decisions = v["decisions"].as_array().expect("decisions");
    // The household on the 2021 monitoring line (6,000.00) is not monitored by income; the
    // one a fen below it is.
    let income_check = |id: &str| {
        let d = decisions
            .iter()
            .find(|d| d["id"] == id && d["test"] == "monitoring")
            .expect("household decision");
        d["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["rule"] == "monitoring.household.risk.income")
            .cloned()
            .expect("income check")
    };
    let at = decisions
        .iter()
        .filter(|d| d["test"] == "monitoring")
        .find_map(|d| {
            let c = d["checks"]
                .as_array()?
                .iter()
                .find(|c| c["rule"] == "monitoring.household.risk.income")?;
            (c["measured"] == 6000).then(|| d["id"].as_str().expect("id").to_string())
        })
        .expect("a household at 6,000.00");
    let c = income_check(&at);
    assert_eq!(c["passed"], false);
    assert_eq!(c["threshold"], 6000);
    assert_eq!(c["op"], "<");
    assert_eq!(
        c["confirmed"], false,
        "the 2020 line carried forward is unconfirmed"
    );
    // The registry status is shown as text.
    let target = decisions
        .iter()
        .find(|d| d["test"] == "monitoring")
        .and_then(|d| {
            d["checks"]
                .as_array()?
                .iter()
                .find(|c| c["rule"] == "monitoring.household.target.registry_status")
                .cloned()
        })
        .expect("target check");
    assert_eq!(target["op"], "!=");
    assert_eq!(target["threshold"], "not_exited");
    // Transition from the registry: 阜平县 (130624) exited in 2019.
    let t = decisions
        .iter()
        .find(|d| d["id"] == "130624" && d["test"] == "transition")
        .expect("transition decision");
    assert_eq!(t["outcome"], "in_transition");
    assert_eq!(t["checks"][0]["measured"], 2);
}

#[test]
fn registry_transition_lists_the_counties_of_a_year() {
    let count = |year: &str| {
        let out = fupin()
            .args(["registry", "transition", "--year", year, "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        json(&out)["counties"].as_array().expect("counties").len()
    };
    // Exits 2016-2020 (28, 125, 283, 344, 52): all 832 in 2021, the 2016 exits leave in
    // 2022, the 2020 exits are the last in 2025.
    assert_eq!(count("2021"), 832);
    assert_eq!(count("2022"), 832 - 28);
    assert_eq!(count("2025"), 52);
    assert_eq!(count("2026"), 0);
    fupin()
        .args([
            "registry",
            "transition",
            "--year",
            "2021",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "code,code_current,name,province,exit_year,start,end,year_of_period\n",
        ));
    fupin()
        .args(["registry", "transition", "--year", "2021"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "exited 2016:   28 (period 2016–2021)",
        ));
    fupin()
        .args(["registry", "transition", "--year", "2015"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("std2011.transition.years"));
}

#[test]
fn compare_shows_which_exited_households_would_be_monitored_and_why() {
    let args = [
        "compare",
        "--profile",
        "profiles/national-2011.toml",
        "--profile",
        "profiles/monitoring-2021.toml",
        "--counties",
        "data/sample/counties.csv",
        "--villages",
        "data/sample/villages.csv",
        "--households",
        "data/sample/households.csv",
        "--household-decisions",
        "all",
    ];
    let out = fupin()
        .current_dir(root())
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let tab = v["cross_tabs"]
        .as_array()
        .expect("cross tabs")
        .iter()
        .find(|t| t["level"] == "household" && t["from"][1] == "exit" && t["to"][1] == "monitoring")
        .expect("exit by monitoring");
    let exited_monitored = tab["counts"]["exit"]["unstable_exited"]
        .as_u64()
        .unwrap_or(0);
    assert!(exited_monitored > 0, "{tab}");
    // Households that remain poor in 2019 are still registered: never monitoring targets.
    let remain = &tab["counts"]["remain"];
    assert_eq!(remain.as_object().map(|m| m.len()), Some(1), "{remain}");
    assert!(remain["not_monitored"].as_u64().unwrap_or(0) > 0);
    // Each such household carries both decisions and why.
    let u = v["across_tests"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| {
            u["level"] == "household"
                && u["outcomes"]["monitoring-2021"][0]["outcome"] == "unstable_exited"
        })
        .expect("a monitored household");
    assert!(
        u["outcomes"]["national-2011"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(
        u["outcomes"]["monitoring-2021"][0]["decided_by"]["rule"]
            .as_str()
            .is_some_and(|r| r.starts_with("monitoring.household.risk."))
    );
    fupin()
        .current_dir(root())
        .args(args)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "households decided under exit by national-2011 and under monitoring by monitoring-2021:",
        ))
        .stdout(predicate::str::contains("unstable_exited: monitoring.household.risk."));
}

/// `assess` under the monitoring profile with the sample counties and these households.
fn assess_households(p: &std::path::Path) -> assert_cmd::assert::Assert {
    fupin()
        .current_dir(root())
        .args([
            "assess",
            "--profile",
            "profiles/monitoring-2021.toml",
            "--counties",
            "data/sample/counties.csv",
            "--households",
        ])
        .arg(p)
        .assert()
}

#[test]
fn a_bad_registry_status_is_named_by_row_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text =
        std::fs::read_to_string(root().join("data/sample/households-2021.csv")).expect("sample");
    let bad = text.replacen(",never_poor,", ",retired,", 1);
    let p = dir.path().join("h.csv");
    std::fs::write(&p, bad).expect("write");
    assess_households(&p)
        .code(1)
        .stderr(predicate::str::contains("column `registry_status`"))
        .stderr(predicate::str::contains(
            "`retired` is not a registry status",
        ));
    // Without the column the monitoring target rule names what it needs.
    let without: String = text
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split(',').collect();
            f.remove(6);
            f.join(",") + "\n"
        })
        .collect();
    std::fs::write(&p, without).expect("write");
    assess_households(&p)
        .code(1)
        .stderr(predicate::str::contains(
            "missing required column `registry_status` (rule monitoring.",
        ));
}

#[test]
fn a_yearly_monitoring_line_from_a_profile_replaces_one_and_a_half_times_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = root().join("profiles/monitoring-2021.toml");
    let p = dir.path().join("province.toml");
    std::fs::write(
        &p,
        format!(
            "extends = {:?}\nname = \"province\"\n[parameters]\n\"monitoring.household.line\" = \
             [{{ value = 6500, effective = \"2021-01-01\", source = \"a provincial line\" }}]\n",
            base.display().to_string()
        ),
    )
    .expect("write");
    let monitored = |profile: &std::path::Path| {
        let out = fupin()
            .args(["assess", "--profile"])
            .arg(profile)
            .args(["--household-decisions", "all", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v = json(&out);
        let checks: Vec<serde_json::Value> = v["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .filter(|d| d["test"] == "monitoring")
            .filter_map(|d| {
                d["checks"]
                    .as_array()?
                    .iter()
                    .find(|c| c["rule"] == "monitoring.household.risk.income")
                    .cloned()
            })
            .collect();
        let n = v["summary"]["counts"]["household"]["not_monitored"]
            .as_u64()
            .expect("count");
        (n, checks)
    };
    let (national, _) = monitored(&base);
    let (province, checks) = monitored(&p);
    assert!(
        province < national,
        "a higher line monitors more households"
    );
    assert!(checks.iter().all(|c| c["threshold"] == 6500
        && c["parameter"] == "monitoring.household.line"
        && c["confirmed"] == true));
}
