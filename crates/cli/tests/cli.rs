//! CLI tests: the real `fupin` binary on files.
//!
//! These live in the cli crate (not the top-level `tests/`) because cargo gives a binary's
//! path only to tests of its own package.

mod common;
use common::{COUNTIES, HOUSEHOLDS, fupin, root};
use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn assess_bundled_profile_as_json_explains_every_decision() {
    let out = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["schema"], "fupin.assessment.v1");
    assert_eq!(v["profile"]["standard"], "std2011");
    assert_eq!(v["profile"]["year"], 2019);
    let decisions = v["decisions"].as_array().expect("decisions");
    assert!(decisions.iter().any(|d| d["level"] == "county"));
    assert!(decisions.iter().any(|d| d["level"] == "village"));
    for d in decisions {
        let checks = d["checks"].as_array().expect("checks");
        assert!(!checks.is_empty(), "{d}");
        for c in checks {
            for key in ["rule", "measured", "threshold", "op", "parameter", "source"] {
                assert!(!c[key].is_null(), "check lacks {key}: {c}");
            }
            assert!(c["source"].as_str().is_some_and(|s| !s.is_empty()));
        }
    }
    let exits: Vec<_> = decisions
        .iter()
        .filter(|d| d["level"] == "county" && d["outcome"] == "exit")
        .collect();
    assert!(!exits.is_empty());
    for d in exits {
        assert_eq!(d["transition"]["until_year"], 2024, "{d}");
    }
    assert!(
        v["summary"]["counts"]["household"]["poor"]
            .as_u64()
            .is_some()
    );
}

#[test]
fn assess_household_decisions_on_request() {
    let out = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "json",
            "--household-decisions",
            "all",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let households: Vec<_> = v["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|d| d["level"] == "household")
        .collect();
    let rows = v["summary"]["households"]["rows"].as_u64().expect("rows") as usize;
    // A classification and an exit decision per household.
    assert_eq!(households.len(), rows * 2);
}

#[test]
fn assess_table_and_csv_output_file() {
    fupin()
        .args(["assess", "--profile", "profiles/national-2011.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("deciding check"))
        .stdout(predicate::str::contains("village: exit"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.csv");
    fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "csv",
        ])
        .arg("--output")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let text = fs::read_to_string(&out).expect("output written");
    assert!(text.starts_with("level,test,id,name,county,province,outcome,rule,"));
    assert!(text.contains("std2011.county.exit.incidence"));
}

#[test]
fn year_flag_selects_the_county_rows_of_that_year() {
    let out = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--year",
            "2018",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "other than the assessment year 2018",
        ))
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["profile"]["year"], 2018);
    let county = &v["decisions"][0];
    let incidence = county["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "std2011.county.exit.incidence")
        .expect("incidence check");
    assert!(
        incidence["basis"]
            .as_str()
            .expect("basis")
            .starts_with("poor_population/rural_population"),
        "{incidence}"
    );
}

#[test]
fn rules_list_and_show_document_every_rule() {
    let out = fupin()
        .args(["rules", "list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let ids: Vec<String> = v
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    // Every rule file of the rule crates is listed, and nothing else: the ids are the files'
    // paths (`rules/std2011/src/county/exit/incidence.rs` is `std2011.county.exit.incidence`).
    let mut from_files = rule_ids_from_files(&root().join("rules"));
    from_files.sort();
    let mut listed = ids.clone();
    listed.sort();
    assert_eq!(listed, from_files);
    for id in &ids {
        fupin()
            .args(["rules", "show", id])
            .assert()
            .success()
            .stdout(predicate::str::contains("# Legal basis"))
            .stdout(predicate::str::contains("# Bound"))
            .stdout(predicate::str::contains("parameters:"));
    }
    fupin()
        .args(["rules", "show", "std2011.county.exit.incidnce"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `std2011.county.exit.incidence`",
        ));
    fupin()
        .args(["rules", "list", "--profile", "profiles/national-2011.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("std2011.county.exit.incidence"));
}

#[test]
fn lines_current_and_constant_prices() {
    let out = fupin()
        .args(["lines", "--standard", "std2011", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let rows = v.as_array().expect("rows");
    assert_eq!(rows.len(), 11);
    let year = |y: i64| rows.iter().find(|r| r["year"] == y).expect("year");
    assert_eq!(year(2010)["line"], 2300);
    assert_eq!(year(2016)["line"], 2952);
    assert_eq!(year(2017)["confirmed"], false);
    assert_eq!(year(2019)["prices"], "current");
    let out = fupin()
        .args([
            "lines",
            "--standard",
            "std2011",
            "--prices",
            "2010",
            "--format",
            "json",
        ])
        .args(["--from", "2011", "--to", "2016"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    for r in v.as_array().expect("rows") {
        assert_eq!(r["line"], 2300, "{r}");
        assert_eq!(r["prices"], "2010");
        assert!(
            r["index"]
                .as_str()
                .expect("index named")
                .contains("chained published")
        );
    }
    // Past 2022 (the last rural CPI the sources give) no price level: refused.
    fupin()
        .args(["lines", "--prices", "2023"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no published line series covers 2023",
        ));
}

#[test]
fn lines_of_three_eras_in_2010_prices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chart = dir.path().join("lines.svg");
    let out = fupin()
        .args(["lines", "--prices", "2010", "--format", "json", "--chart"])
        .arg(&chart)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let rows = v.as_array().expect("rows");
    let at = |std: &str, year: i64| {
        rows.iter()
            .find(|r| r["standard"] == std && r["year"] == year)
            .unwrap_or_else(|| panic!("{std} {year}"))
    };
    // 206 × (625/206) × (1274/865) = 920.52; 865 → 1274; 2300 stays.
    assert_eq!(at("std1986", 1985)["line"], 920.52);
    assert_eq!(at("std2001", 2000)["line"], 1274);
    assert_eq!(at("std2011", 2010)["line"], 2300);
    for r in rows {
        assert_eq!(r["prices"], "2010");
        assert!(r["index"].as_str().is_some_and(|i| !i.is_empty()), "{r}");
    }
    assert_eq!(at("std1986", 1978)["confirmed"], false);
    let factors = at("std1986", 1985)["factors"].to_string();
    assert!(
        factors.contains("625.00/206.00") && factors.contains("1274.00/865.00"),
        "{factors}"
    );
    let svg = fs::read_to_string(&chart).expect("chart written");
    assert!(svg.starts_with("<svg") && svg.contains("std2001"));
}

#[test]
fn profile_check() {
    fupin()
        .args(["profile", "check", "profiles/national-2011.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok: standard std2011, year 2019, 16 rules",
        ));
}

/// A small valid data set in a temporary directory, with a profile pointing at it.
struct Case {
    dir: tempfile::TempDir,
}

const PROFILE: &str = "name = \"case\"\nstandard = \"std2011\"\nyear = 2019\nrule_sets = [\"std2011\"]\n\
ignore = [\"std2011.county.designation_2012.*\"]\n\
[data]\ncounties = \"counties.csv\"\nvillages = \"villages.csv\"\nhouseholds = \"households.csv\"\n";

impl Case {
    fn new() -> Case {
        let dir = common::case_dir(&[("profile.toml", PROFILE)]);
        Case { dir }
    }

    fn with(self, file: &str, from: &str, to: &str) -> Case {
        let p = self.dir.path().join(file);
        let text = fs::read_to_string(&p).expect("read");
        assert!(text.contains(from), "{file} lacks {from:?}");
        fs::write(&p, text.replacen(from, to, 1)).expect("write");
        self
    }

    /// Run `assess` with an output file; check the exit code, the message, and that no
    /// output file was left behind.
    fn fails(&self, code: i32, messages: &[&str]) {
        let out = self.dir.path().join("out.json");
        let mut cmd = fupin();
        cmd.args(["assess", "--format", "json", "--profile"])
            .arg(self.dir.path().join("profile.toml"))
            .arg("--output")
            .arg(&out);
        let mut a = cmd.assert().code(code);
        for m in messages {
            a = a.stderr(predicate::str::contains(*m));
        }
        a.stderr(predicate::str::contains("panicked").not());
        assert!(!out.exists(), "a failed run left {}", out.display());
        let leftovers: Vec<_> = fs::read_dir(self.dir.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".fupin-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left behind");
    }
}

#[test]
fn the_valid_case_runs() {
    let c = Case::new();
    let out = c.dir.path().join("out.json");
    fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(c.dir.path().join("profile.toml"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let v = json(&fs::read(&out).expect("written"));
    // h2 (2,000.50 < 3,218) is poor: 4 of 4 persons in B县 fail the exit test.
    assert_eq!(v["summary"]["counts"]["household"]["poor"], 1);
    assert_eq!(v["summary"]["counts"]["county"]["remain"], 1);
}

#[test]
fn bad_input_missing_column() {
    Case::new()
        .with("households.csv", ",net_income_per_capita,", ",income,")
        .fails(
            1,
            &[
                "households.csv",
                "missing required column `net_income_per_capita`",
            ],
        );
}

#[test]
fn bad_input_malformed_number() {
    Case::new()
        .with("households.csv", "2000.50", "20OO.50")
        .fails(
            1,
            &[
                "households.csv: row 3, column `net_income_per_capita`",
                "20OO.50",
            ],
        );
}

#[test]
fn bad_input_too_many_decimals() {
    Case::new()
        .with("households.csv", "2000.50", "2000.505")
        .fails(
            1,
            &[
                "row 3, column `net_income_per_capita`",
                "more than two decimals",
            ],
        );
}

#[test]
fn bad_input_negative_income() {
    Case::new()
        .with("households.csv", "2000.50", "-2000.50")
        .fails(1, &["row 3, column `net_income_per_capita`", "negative"]);
}

#[test]
fn bad_input_negative_or_zero_size() {
    Case::new()
        .with("households.csv", "300101001001,4,", "300101001001,-4,")
        .fails(1, &["row 3, column `size`", "negative"]);
    Case::new()
        .with("households.csv", "300101001001,4,", "300101001001,0,")
        .fails(1, &["row 3, column `size`", "not a household size"]);
}

#[test]
fn bad_input_unknown_village_or_county() {
    Case::new()
        .with(
            "households.csv",
            "h2,300101,300101001001",
            "h2,300101,300101009999",
        )
        .fails(
            1,
            &["row 3, column `village`", "unknown village `300101009999`"],
        );
    Case::new()
        .with("households.csv", "h2,300101,", "h2,399999,")
        .fails(1, &["row 3, column `county`", "unknown county 399999"]);
    Case::new()
        .with(
            "households.csv",
            "h2,300101,300101001001",
            "h2,300101,100101001001",
        )
        .fails(1, &["row 3, column `village`", "belongs to county 100101"]);
    Case::new()
        .with("villages.csv", "300101001001,300101", "300101001001,388888")
        .fails(
            1,
            &[
                "villages.csv: row 3, column `county`",
                "unknown county 388888",
            ],
        );
}

#[test]
fn bad_input_duplicate_ids() {
    Case::new().with("households.csv", "h2,", "h1,").fails(
        1,
        &[
            "row 3, column `household_id`",
            "appears twice",
            "first at row 2",
        ],
    );
    Case::new()
        .with("counties.csv", "300101,B县", "100101,B县")
        .fails(1, &["counties.csv: row 3, column `code`", "appears twice"]);
    Case::new()
        .with("villages.csv", "300101001001,300101", "100101001001,300101")
        .fails(1, &["villages.csv: row 3, column `code`", "appears twice"]);
}

#[test]
fn bad_input_out_of_range_values() {
    Case::new()
        .with("counties.csv", "1,1,95\n300101", "1,1,120\n300101")
        .fails(
            1,
            &[
                "counties.csv: row 2, column `approval_pct`",
                "outside 0-100",
            ],
        );
    Case::new()
        .with("counties.csv", "1000,10,", "1000,1001,")
        .fails(
            1,
            &[
                "row 2, column `poor_population`",
                "more than the rural population",
            ],
        );
    Case::new()
        .with("counties.csv", "100101,A县", "10010,A县")
        .fails(1, &["row 2, column `code`", "6-digit"]);
}

#[test]
fn bad_input_malformed_csv() {
    Case::new()
        .with(
            "households.csv",
            "h2,300101,300101001001,4,",
            "h2,300101,300101001001,4,9,",
        )
        .fails(
            1,
            &[
                "households.csv: row 3",
                "has 12 fields, but the header has 11",
            ],
        );
    let c = Case::new();
    fs::write(c.dir.path().join("villages.csv"), "").expect("write");
    c.fails(1, &["villages.csv", "empty"]);
    let c = Case::new();
    fs::write(
        c.dir.path().join("counties.csv"),
        COUNTIES.lines().next().expect("header"),
    )
    .expect("write");
    c.fails(1, &["counties.csv", "no data rows"]);
}

#[test]
fn a_missing_value_a_rule_needs_is_an_input_error() {
    Case::new()
        .with("counties.csv", "1000,20,1,1,95", "1000,20,1,,95")
        .fails(1, &["counties.csv: row 3, column `missed_pct`", "no value"]);
}

#[test]
fn bad_profile_unknown_rule_or_parameter() {
    Case::new()
        .with(
            "profile.toml",
            "[data]",
            "select = [\"std2011.county.exit.incidnce\"]\n[data]",
        )
        .fails(
            2,
            &[
                "profile.toml",
                "key `select` (line 6)",
                "matches no rule",
                "did you mean",
            ],
        );
    Case::new()
        .with(
            "profile.toml",
            "[data]",
            "[parameters]\n\"std2011.exit.county.max_incidence_pct.wst\" = 3\n[data]",
        )
        .fails(
            2,
            &["parameters.", "line 7", "unknown parameter", "did you mean"],
        );
    Case::new()
        .with(
            "profile.toml",
            "[data]",
            "[parameters]\n\"std2011.exit.county.max_incidence_pct.west\" = \"many\"\n[data]",
        )
        .fails(2, &["line 7", "not a percentage"]);
    Case::new()
        .with(
            "profile.toml",
            "rule_sets = [\"std2011\"]",
            "rule_sets = [\"std2012\"]",
        )
        .fails(
            2,
            &["key `rule_sets` (line 4)", "unknown rule set `std2012`"],
        );
    Case::new()
        .with("profile.toml", "year = 2019", "yaer = 2019")
        .fails(2, &["profile.toml", "line 3", "yaer"]);
    Case::new()
        .with("profile.toml", "year = 2019", "year = 2014")
        .fails(
            2,
            &[
                "no value in force on 2014-12-31",
                "first value from 2016-04-29",
            ],
        );
}

#[test]
fn a_parameter_override_changes_decisions() {
    // B县's only household (2,000.50 yuan) fails the 2019 line of 3,218; a dated override of
    // the 2019 line to 2,000 yuan lifts it above the line, and the county exits.
    let c = Case::new().with(
        "profile.toml",
        "[data]",
        "[parameters]\n\"std2011.line\" = { value = 2000, effective = \"2019-01-01\", source = \"test\" }\n[data]",
    );
    let out = fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(c.dir.path().join("profile.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(
        v["summary"]["counts"]["county"]["exit"], 2,
        "{}",
        v["summary"]
    );
    assert!(
        v["decisions"][0]["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .all(|c| c["passed"] == true)
    );
}

#[test]
fn usage_errors_exit_2() {
    fupin().args(["assess"]).assert().code(2);
    fupin()
        .args(["assess", "--profile", "no/such/profile.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/profile.toml: cannot read profile",
        ));
}

#[test]
fn a_bom_is_accepted() {
    let c = Case::new();
    let p = c.dir.path().join("counties.csv");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(fs::read(&p).expect("read"));
    fs::write(&p, bytes).expect("write");
    fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(c.dir.path().join("profile.toml"))
        .assert()
        .success();
}

#[test]
fn bad_input_non_utf8_bytes() {
    let c = Case::new();
    let p = c.dir.path().join("villages.csv");
    let mut bytes = fs::read(&p).expect("read");
    // GBK-encoded 甲村 in place of the UTF-8 name on data row 1.
    let at = bytes
        .windows("甲村".len())
        .position(|w| w == "甲村".as_bytes())
        .expect("name present");
    bytes.splice(at..at + "甲村".len(), [0xBC, 0xD7, 0xB4, 0xE5]);
    fs::write(&p, bytes).expect("write");
    c.fails(1, &["villages.csv: row 2", "not valid UTF-8"]);
}

#[test]
fn registry_summary_by_every_grouping() {
    let out = fupin()
        .args([
            "registry",
            "summary",
            "--by",
            "exit-year",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["by"], "exit-year");
    assert_eq!(v["counts"]["2018"], 283);
    assert_eq!(v["total"], 832);
    let out = fupin()
        .args([
            "registry", "summary", "--by", "province", "--format", "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json(&out)["counts"]["云南省"], 88);
    for by in ["area", "designation"] {
        fupin()
            .args(["registry", "summary", "--by", by])
            .assert()
            .success()
            .stdout(predicate::str::contains("total"));
    }
    fupin()
        .args(["registry", "summary", "--by", "colour"])
        .assert()
        .code(2);
}

#[test]
fn exit_is_assessed_only_for_poverty_counties() {
    // A县's 2019 row says it is not a poverty county: no exit decision for it.
    let c = Case::new();
    fs::write(
        c.dir.path().join("counties.csv"),
        "code,name,province,region,income_year,rural_population,poor_population,false_exit_pct,missed_pct,approval_pct,designated_before\n\
         100101,A县,河北省,east,2019,1000,10,1,1,95,false\n\
         300101,B县,贵州省,west,2019,1000,20,1,1,95,true\n",
    )
    .expect("write");
    let out = fupin()
        .args([
            "assess",
            "--format",
            "json",
            "--warnings",
            "all",
            "--profile",
        ])
        .arg(c.dir.path().join("profile.toml"))
        .assert()
        .success()
        .stderr(predicate::str::contains("1 counties not assessed for exit"))
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let counties: Vec<_> = v["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|d| d["level"] == "county")
        .map(|d| d["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(counties, ["300101"]);
}

#[test]
fn measures_fgt_by_county_worked_by_hand() {
    // B县: one household of 4 at 2,000.50 yuan, 2019 line 3,218: gap = 1217.5 / 3218.
    // P0 = 4/7, P1 = 4 × 0.378341 / 7, P2 = 4 × 0.378341² / 7 over both counties (7 persons).
    let c = Case::new();
    let out = fupin()
        .args([
            "measures",
            "--format",
            "json",
            "--standard",
            "std2011",
            "--profile",
        ])
        .arg(c.dir.path().join("profile.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let t = &v["total"]["measures"]["std2011"];
    assert_eq!(v["total"]["persons"], 7);
    assert_eq!(t["poor_persons"], 4);
    assert_eq!(t["p0"], 0.571429);
    assert_eq!(t["p1"], 0.216195);
    assert_eq!(t["p2"], 0.081795);
    assert_eq!(t["mean_shortfall"], 1217.5);
    assert_eq!(v["lines"][0]["line"], "3218.00");
    let b = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"] == "300101")
        .expect("B县");
    assert_eq!(b["measures"]["std2011"]["p0"], 1.0);
}

#[test]
fn compare_lists_exactly_the_flipped_units_with_their_checks() {
    // Lowering the western county bound from 3% to 1% flips B县 (20 of 1,000 poor = 2%) from
    // exit to remain; A县 (1% in the east) exits under both.
    let c = Case::new();
    let base = c.dir.path().join("base.toml");
    let variant = c.dir.path().join("variant.toml");
    let profile = |name: &str, extra: &str| {
        format!(
            "name = \"{name}\"\nstandard = \"std2011\"\nyear = 2019\nrule_sets = [\"std2011\"]\n\
             select = [\"std2011.county.exit.*\"]\n{extra}[data]\ncounties = \"counties.csv\"\n"
        )
    };
    fs::write(&base, profile("case", "")).expect("write");
    fs::write(
        &variant,
        profile(
            "strict",
            "[parameters]\n\"std2011.exit.county.max_incidence_pct.west\" = 1\n",
        ),
    )
    .expect("write");
    let out = fupin()
        .args(["compare", "--only-changed", "--format", "json"])
        .arg("--profile")
        .arg(&base)
        .arg("--profile")
        .arg(&variant)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["schema"], "fupin.comparison.v1");
    assert_eq!(v["keys"], serde_json::json!(["case", "strict"]));
    assert_eq!(v["changed"], 1, "{}", v["changes"]);
    let ch = &v["changes"][0];
    assert_eq!(ch["id"], "300101");
    assert_eq!(ch["outcomes"]["case"]["outcome"], "exit");
    assert_eq!(ch["outcomes"]["strict"]["outcome"], "remain");
    assert_eq!(
        ch["outcomes"]["strict"]["decided_by"]["rule"],
        "std2011.county.exit.incidence"
    );
    assert_eq!(ch["outcomes"]["strict"]["decided_by"]["threshold"], 1);
    // Counts by level and province per profile.
    let blocks = v["profiles"].as_array().expect("blocks");
    assert_eq!(blocks.len(), 2);
    // Each block is the profile's assessment (design.md §5).
    for b in blocks {
        assert_eq!(b["schema"], "fupin.assessment.v1");
        assert_eq!(b["decisions"].as_array().map(Vec::len), Some(2));
    }
    assert_eq!(
        blocks[1]["summary"]["by_province"]["贵州省"]["county"]["remain"],
        1
    );
    fupin()
        .args(["compare", "--profile"])
        .arg(&base)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least two"));
}

#[test]
fn sweep_of_the_county_incidence_threshold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chart = dir.path().join("sweep.svg");
    let out = fupin()
        .args([
            "sweep",
            "--profile",
            "profiles/national-2011.toml",
            "--param",
            "std2011.exit.county.max_incidence_pct.*",
            "--from",
            "1",
            "--to",
            "5",
            "--step",
            "1",
            "--format",
            "json",
            "--chart",
        ])
        .arg(&chart)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["parameters"].as_array().expect("ids").len(), 3);
    let points = v["points"].as_array().expect("points");
    assert_eq!(points.len(), 5);
    let exits: Vec<u64> = points
        .iter()
        .map(|p| p["counts"]["county"]["exit"].as_u64().unwrap_or(0))
        .collect();
    // A looser threshold never lets fewer counties exit.
    assert!(exits.windows(2).all(|w| w[0] <= w[1]), "{exits:?}");
    assert!(exits[0] < exits[4], "{exits:?}");
    assert!(
        fs::read_to_string(&chart)
            .expect("chart")
            .contains("county exit")
    );
    fupin()
        .args([
            "sweep",
            "--profile",
            "profiles/national-2011.toml",
            "--param",
            "std2011.nope",
        ])
        .args(["--from", "1", "--to", "2", "--step", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("matches no parameter"));
}

#[test]
fn skip_mode_reports_rejected_rows_and_accounts_for_every_row() {
    let c = Case::new();
    // Three bad rows among five: a malformed income, an unknown county, a short row.
    let households = format!(
        "{HOUSEHOLDS}h3,100101,100101001001,2,2019,12x,1,1,1,1,1\n\
         h4,999999,100101001001,2,2019,5000,1,1,1,1,1\n\
         h5,100101,100101001001,2,2019\n"
    );
    fs::write(c.dir.path().join("households.csv"), households).expect("write");
    let out = c.dir.path().join("out.json");
    fupin()
        .args([
            "assess",
            "--format",
            "json",
            "--on-bad-row",
            "skip",
            "--profile",
        ])
        .arg(c.dir.path().join("profile.toml"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 rows rejected"));
    let v = json(&fs::read(&out).expect("output"));
    let rows = &v["summary"]["rows"]["households"];
    assert_eq!(rows["read"], 5);
    assert_eq!(rows["accepted"], 2);
    assert_eq!(rows["rejected"], 3);
    assert_eq!(v["summary"]["households"]["rows"], 2);
    let report =
        fs::read_to_string(c.dir.path().join("out.json.rejected.csv")).expect("report written");
    assert!(report.starts_with("file,row,reason\n"), "{report}");
    for (row, what) in [
        ("4", "column `net_income_per_capita`"),
        ("5", "unknown county 999999"),
        ("6", "has 5 fields, but the header has 11"),
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.contains(&format!(",{row},")) && l.contains(what)),
            "row {row} ({what}) missing from:\n{report}"
        );
    }
    // Without --output the report goes to stderr.
    fupin()
        .args(["assess", "--on-bad-row", "skip", "--profile"])
        .arg(c.dir.path().join("profile.toml"))
        .assert()
        .success()
        .stderr(predicate::str::contains("file,row,reason"));
    // The default is to stop at the first bad row, writing nothing.
    fs::remove_file(&out).expect("remove");
    c.fails(
        1,
        &["households.csv: row 4, column `net_income_per_capita`"],
    );
}

#[test]
fn a_failed_run_leaves_an_existing_output_untouched() {
    let c = Case::new().with("households.csv", "2000.50", "-1");
    let out = c.dir.path().join("out.json");
    fs::write(&out, "previous result\n").expect("write");
    fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(c.dir.path().join("profile.toml"))
        .arg("--output")
        .arg(&out)
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(&out).expect("kept"), "previous result\n");
}

#[test]
fn an_output_that_cannot_be_written_leaves_nothing_behind() {
    let c = Case::new();
    // The output path is a directory: refused before anything is read or written.
    let out = c.dir.path().join("out-dir");
    fs::create_dir(&out).expect("dir");
    fs::write(out.join("keep.txt"), "kept").expect("write");
    fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(c.dir.path().join("profile.toml"))
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    assert!(out.is_dir());
    assert_eq!(
        fs::read_to_string(out.join("keep.txt")).expect("kept"),
        "kept"
    );
    let leftovers = fs::read_dir(c.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".fupin-"))
        .count();
    assert_eq!(leftovers, 0, "temporary files left behind");
}

#[test]
fn bad_input_nan_infinity_and_absurd_values() {
    Case::new().with("households.csv", "2000.50", "NaN").fails(
        1,
        &[
            "row 3, column `net_income_per_capita`",
            "`NaN` is not a decimal",
        ],
    );
    Case::new()
        .with("counties.csv", "1,1,95\n300101", "1,1,inf\n300101")
        .fails(
            1,
            &["row 2, column `approval_pct`", "`inf` is not a percentage"],
        );
    Case::new()
        .with("households.csv", "2000.50", "20000000")
        .fails(
            1,
            &[
                "row 3, column `net_income_per_capita`",
                "beyond any plausible value",
            ],
        );
    Case::new()
        .with("households.csv", "300101001001,4,", "300101001001,101,")
        .fails(1, &["row 3, column `size`", "not a household size"]);
}

#[test]
fn bad_input_an_unterminated_quote() {
    // The quote swallows the rest of the file into one field: the record is short.
    Case::new()
        .with("households.csv", "h2,300101", "\"h2,300101")
        .fails(
            1,
            &["households.csv: row 3", "fields, but the header has 11"],
        );
}

#[test]
fn bad_input_rows_for_years_no_rule_covers() {
    Case::new()
        .with("households.csv", ",2019,2000.50", ",2021,2000.50")
        .fails(
            1,
            &[
                "households of income year 2021",
                "no published line for 2021",
            ],
        );
}

#[test]
fn bad_profile_override_with_a_bad_date_or_unit() {
    Case::new()
        .with(
            "profile.toml",
            "[data]",
            "[parameters]\n\"std2011.line\" = { value = 3000, effective = \"2019-13-01\" }\n[data]",
        )
        .fails(2, &["profile.toml", "line 7", "month"]);
    Case::new()
        .with(
            "profile.toml",
            "[data]",
            "[parameters]\n\"std2011.line\" = \"three thousand\"\n[data]",
        )
        .fails(2, &["line 7", "is not a decimal amount of yuan"]);
}

#[test]
fn bad_profile_toml_syntax() {
    Case::new()
        .with("profile.toml", "year = 2019", "year = = 2019")
        .fails(2, &["profile.toml", "line 3"]);
}

#[test]
fn tabulate_counts_every_profile_from_one_read_and_agrees_with_assess() {
    let out = fupin()
        .args(["tabulate", "--profile", "profiles/w1/w1-1150.toml"])
        .args(["--profile", "profiles/w1/w1-3218.toml", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "profile,county,name,province,households,persons,poor_persons,remaining_persons,\
             incidence_pct,exit"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let sum = |profile: &str, col: usize| -> i64 {
        rows.iter()
            .filter(|r| r[0] == profile)
            .map(|r| r[col].parse::<i64>().unwrap_or(0))
            .sum()
    };
    // Same households under both profiles; fewer poor under the lower line.
    assert_eq!(sum("w1-1150", 5), sum("w1-3218", 5));
    assert!(sum("w1-1150", 5) > 0);
    assert!(sum("w1-1150", 6) < sum("w1-3218", 6));
    // Classification only: no exit columns for the 1,150 profile.
    assert!(
        rows.iter()
            .filter(|r| r[0] == "w1-1150")
            .all(|r| r[7].is_empty() && r[9].is_empty())
    );
    // The 3,218 profile's persons and exit failures match assess's summary.
    let a = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/w1/w1-3218.toml",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&a).expect("json");
    let t = &v["summary"]["households"]["assessment_year"];
    assert_eq!(t["persons"].as_i64(), Some(sum("w1-3218", 5)));
    assert_eq!(t["remaining_persons"].as_i64(), Some(sum("w1-3218", 7)));
    assert_eq!(t["poor_persons"].as_i64(), Some(sum("w1-3218", 6)));
    // Each county's exit outcome is the county decision's.
    for d in v["decisions"].as_array().expect("decisions") {
        if d["level"] == "county" {
            let id = d["id"].as_str().expect("id");
            let row = rows
                .iter()
                .find(|r| r[0] == "w1-3218" && r[1] == id)
                .expect("county row");
            assert_eq!(Some(row[9]), d["outcome"].as_str(), "{id}");
        }
    }
}

#[test]
fn household_decisions_stream_to_a_file_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("dir");
    let jsonl = dir.path().join("h.jsonl");
    let csv_out = dir.path().join("h.csv");
    let full = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "json",
        ])
        .args(["--household-decisions", "all"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&full).expect("json");
    let in_report: Vec<&serde_json::Value> = v["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|d| d["level"] == "household")
        .collect();
    fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "json",
        ])
        .arg("--household-decisions-out")
        .arg(&jsonl)
        .assert()
        .success();
    let text = fs::read_to_string(&jsonl).expect("jsonl");
    let streamed: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    assert_eq!(streamed.len(), in_report.len());
    for (a, b) in streamed.iter().zip(&in_report) {
        assert_eq!(a, *b);
    }
    fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "json",
        ])
        .arg("--household-decisions-out")
        .arg(&csv_out)
        .assert()
        .success();
    let text = fs::read_to_string(&csv_out).expect("csv");
    let checks: usize = in_report
        .iter()
        .map(|d| d["checks"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(text.lines().count(), checks + 1);
    // One check-row schema: the streamed file holds exactly the household rows of the CSV
    // report, under the same header.
    let report = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "csv",
            "--household-decisions",
            "all",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report = String::from_utf8(report).expect("utf-8");
    let mut want = report.lines().take(1).collect::<Vec<_>>();
    want.extend(report.lines().filter(|l| l.starts_with("household,")));
    assert_eq!(text.lines().collect::<Vec<_>>(), want);
    // A failing run leaves no decision file.
    let bad = dir.path().join("bad.jsonl");
    fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "json",
        ])
        .args(["--households", "no-such-file.csv"])
        .arg("--household-decisions-out")
        .arg(&bad)
        .assert()
        .failure();
    assert!(!bad.exists());
}

#[test]
fn tabulate_needs_households() {
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("p.toml");
    fs::write(
        &profile,
        format!(
            "name = \"no households\"\nstandard = \"std2011\"\nyear = 2019\n\
             rule_sets = [\"std2011\"]\nselect = [\"std2011.household.*\"]\n\
             [data]\ncounties = \"{}\"\n",
            root().join("data/sample/counties.csv").display()
        ),
    )
    .expect("write");
    fupin()
        .args(["tabulate", "--profile"])
        .arg(&profile)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tabulate counts households: give a household table",
        ));
}

#[test]
fn a_second_pass_starts_the_decision_file_again() {
    // A duplicate household is found after the first pass; under `skip` the pass is run
    // again without it, and the decision file must hold the second pass only.
    let dir = tempfile::tempdir().expect("dir");
    let households = dir.path().join("households.csv");
    let text = fs::read_to_string(root().join("data/sample/households.csv")).expect("read");
    let first = text.lines().nth(1).expect("a data row").to_string();
    fs::write(&households, format!("{text}{first}\n")).expect("write");
    let out = dir.path().join("d.jsonl");
    fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--format",
            "json",
        ])
        .args(["--on-bad-row", "skip", "--households"])
        .arg(&households)
        .args([
            "--counties",
            "data/sample/counties.csv",
            "--villages",
            "data/sample/villages.csv",
        ])
        .arg("--household-decisions-out")
        .arg(&out)
        .arg("--output")
        .arg(dir.path().join("a.json"))
        .assert()
        .success();
    let rows = text.lines().count() - 1;
    let lines = fs::read_to_string(&out).expect("decisions").lines().count();
    assert_eq!(
        lines,
        rows * 2,
        "one classification and one exit decision per household"
    );
    let rejected = fs::read_to_string(dir.path().join("a.json.rejected.csv")).expect("report");
    assert!(rejected.contains("appears twice"), "{rejected}");
}

#[test]
fn rule_summaries_show_the_parameter_values_in_force() {
    // No number is restated in a summary: it is the parameter's value, and a profile's
    // override shows in `rules list --profile`.
    let listed = |args: &[&str]| {
        let out = fupin()
            .args(["rules", "list", "--format", "csv"])
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("utf-8")
    };
    let national = listed(&[]);
    assert!(
        national.contains("County exit: public approval >= 90%"),
        "{national}"
    );
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("p.toml");
    fs::write(
        &profile,
        format!(
            "extends = \"{}\"\nname = \"stricter\"\n[parameters]\n\
             \"std2011.exit.county.min_approval_pct\" = {{ value = 95, effective = \"2016-04-29\", source = \"test\" }}\n",
            root().join("profiles/national-2011.toml").display()
        ),
    )
    .expect("write");
    let stricter = listed(&["--profile", profile.to_str().expect("utf-8 path")]);
    assert!(
        stricter.contains("County exit: public approval >= 95%"),
        "{stricter}"
    );
    assert!(!stricter.contains("approval >= 90%"), "{stricter}");
}

/// The rule ids the rule crates' files declare: every `.rs` file under `rules/<set>/src/`
/// that declares a rule with `fupin_core::rule!`, its path giving the id.
fn rule_ids_from_files(rules: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut ids = Vec::new();
    for set in fs::read_dir(rules).expect("rules").flatten() {
        let src = set.path().join("src");
        if !src.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        walk(&src, &mut files);
        for f in files {
            if !fs::read_to_string(&f)
                .expect("read")
                .contains("fupin_core::rule! {")
            {
                continue;
            }
            let rel = f.strip_prefix(&src).expect("under src").with_extension("");
            let mut id = set.file_name().to_string_lossy().to_string();
            for c in rel.components() {
                id.push('.');
                id.push_str(&c.as_os_str().to_string_lossy());
            }
            ids.push(id);
        }
    }
    ids
}
