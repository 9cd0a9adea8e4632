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
    // Transition from the registry: 阜平县 (130624) was assessed on 2019 data and exited
    // with its batch, by 2020-05-16: one year since its exit date in 2021.
    let t = decisions
        .iter()
        .find(|d| d["id"] == "130624" && d["test"] == "transition")
        .expect("transition decision");
    assert_eq!(t["outcome"], "in_transition");
    assert_eq!(t["checks"][0]["measured"], 1);
    let basis = t["checks"][0]["basis"].as_str().unwrap_or_default();
    assert!(
        basis.contains("exit date by 2020-05-16 (its batch's latest")
            && basis.contains("assessed on 2019 data"),
        "{basis}"
    );
    assert!(
        t["checks"][0]["readings"].as_array().is_some_and(|r| r
            .iter()
            .any(|r| r == "monitoring.transition.from_exit_date")),
        "{t}"
    );
}

/// `fupin registry transition --year Y [--from …]` as JSON.
fn transition_json(year: &str, from: &[&str]) -> serde_json::Value {
    let out = fupin()
        .args(["registry", "transition", "--year", year, "--format", "json"])
        .args(from)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json(&out)
}

#[test]
fn registry_transition_lists_the_counties_of_a_year() {
    let count = |year: &str, from: &[&str]| {
        transition_json(year, from)["counties"]
            .as_array()
            .expect("counties")
            .len()
    };
    // From each county's exit date: the 2016 exits were approved in 2017, the 2017 ones in
    // 2018, the 2018 ones in 2019, the 2019 and 2020 ones in 2020 (28, 125, 283, 344, 52),
    // except Tibet's last 19 of the 2019 batch, approved 2019-12-09.
    assert_eq!(count("2016", &[]), 0);
    assert_eq!(count("2017", &[]), 28);
    assert_eq!(count("2020", &[]), 832);
    assert_eq!(count("2022", &[]), 832);
    assert_eq!(count("2023", &[]), 832 - 28);
    assert_eq!(count("2024", &[]), 283 + 344 + 52);
    assert_eq!(count("2025", &[]), 344 - 19 + 52);
    assert_eq!(count("2026", &[]), 0);
    // The other reading: 2021–2025 for every county that exited.
    let national = ["--from", "national"];
    assert_eq!(count("2020", &national), 0);
    assert_eq!(count("2021", &national), 832);
    assert_eq!(count("2025", &national), 832);
    assert_eq!(count("2026", &national), 0);
    assert_eq!(count("2023", &["--from", "exit-date"]), 832 - 28);
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
            "code,code_current,name,province,exit_year,start,end,year_of_period,exit_date,\
             exit_date_of,exit_date_source\n",
        ));
    fupin()
        .args(["registry", "transition", "--year", "2021"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "exit year 2016:   28 (exit dates in 2017; period 2017–2022)",
        ))
        .stdout(predicate::str::contains(
            "start: monitoring.transition.from_exit_date = true (the parameter's value; a reading)",
        ));
    fupin()
        .args(["registry", "transition", "--year", "2015"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("std2011.transition.years"));
    fupin()
        .args(["registry", "transition", "--year", "2022", "--from", "2021"])
        .assert()
        .code(2);
}

#[test]
fn registry_transition_in_2022_keeps_the_2016_exits_approved_in_2017() {
    let v = transition_json("2022", &[]);
    let counties = v["counties"].as_array().expect("counties");
    assert_eq!(v["from"], "exit_date");
    assert_eq!(v["from_parameter"], "monitoring.transition.from_exit_date");
    assert_eq!(v["from_chosen"], false);
    assert_eq!(v["by_exit_year"]["2016"], 28, "{}", v["by_exit_year"]);
    assert_eq!(counties.len(), 832);
    let of_2016: Vec<&serde_json::Value> =
        counties.iter().filter(|c| c["exit_year"] == 2016).collect();
    assert_eq!(of_2016.len(), 28);
    for c in &of_2016 {
        // The sixth calendar year of a period from an exit date in 2017: 5 years since.
        assert_eq!(c["start"], 2017, "{c}");
        assert_eq!(c["end"], 2022, "{c}");
        assert_eq!(c["year_of_period"], 6, "{c}");
        assert!(
            c["exit_date"]["source"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }
    // The counties whose own date the sources give, and the batch's latest date for the
    // others.
    let date = |code: &str| {
        let c = of_2016
            .iter()
            .find(|c| c["code"] == code)
            .unwrap_or_else(|| panic!("{code}"));
        (
            c["exit_date"]["date"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            c["exit_date"]["of"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    };
    assert_eq!(date("360881"), ("2017-02-25".into(), "county".into()));
    assert_eq!(date("410225"), ("2017-02-27".into(), "county".into()));
    assert_eq!(date("410526"), ("2017-10-31".into(), "county".into()));
    assert_eq!(date("130631"), ("2017-11-01".into(), "batch".into()));
    // In 2023 they leave (6 years after 2017); under the national reading they are in
    // until 2025 whatever their date.
    let v = transition_json("2023", &[]);
    assert_eq!(v["by_exit_year"].get("2016"), None);
    let v = transition_json("2022", &["--from", "national"]);
    assert_eq!(v["from"], "national");
    assert_eq!(v["start"], 2021);
    assert_eq!(v["from_parameter"], "monitoring.transition.from_exit_date");
    assert_eq!(v["from_chosen"], true);
    assert_eq!(v["counties"].as_array().map(Vec::len), Some(832));
    // The table names the date used and whose it is.
    fupin()
        .args(["registry", "transition", "--year", "2022"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "transition period (5 years from each county's exit date",
        ))
        .stdout(predicate::str::contains(
            "exit 2016 (2017-02-25, county) period 2017–2022",
        ))
        .stdout(predicate::str::contains(
            "exit 2016 (by 2017-11-01, batch) period 2017–2022",
        ));
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
