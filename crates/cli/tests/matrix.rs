//! Every era in every command: each command under each shipped profile, and `compare` and
//! `report` across eras, on the bundled sample; any error fails the test, naming the command.
//!
//! A profile without a household table (the designation rounds) is given the sample's
//! households for the commands that measure households, at the households' own year: the
//! designation years (1986, 1994, 2001) have no price level, since no published line covers
//! them (domain.md §1.1), and a run there is refused as `uncovered_years_are_refused_clearly`
//! shows. The profiles that load compiled plugins run in `plugins.rs`
//! (`shipped_plugin_profiles_run_once_plugins_are_in_place`), once the plugins are built.

mod common;
use common::{fupin, root};

/// Every shipped profile that needs no compiled plugin.
fn profiles() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["profiles", "profiles/provinces"] {
        let mut names: Vec<String> = std::fs::read_dir(root().join(dir))
            .expect("profiles")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml") && !n.contains("plugin"))
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    assert!(out.len() >= 10, "{out:?}");
    out
}

/// Whether the profile names a household table of its own.
fn has_households(profile: &str) -> bool {
    let text = std::fs::read_to_string(root().join(profile)).expect("profile");
    let base = text
        .lines()
        .find_map(|l| l.strip_prefix("extends = "))
        .map(|b| b.trim().trim_matches('"').to_string());
    let own = text
        .lines()
        .any(|l| l.starts_with("households = ") && !l.contains("\"\""));
    own || base.is_some_and(|b| {
        let p = std::path::Path::new(profile).parent().expect("dir").join(b);
        has_households(&p.to_string_lossy())
    })
}

/// The sample's tables at the households' year, for a profile without households.
fn with_households(profile: &str) -> Vec<String> {
    if has_households(profile) {
        return Vec::new();
    }
    [
        "--counties",
        "data/sample/counties.csv",
        "--villages",
        "data/sample/villages.csv",
        "--households",
        "data/sample/households.csv",
        "--year",
        "2019",
    ]
    .map(String::from)
    .to_vec()
}

fn run(args: &[String]) {
    let out = fupin().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "fupin {} failed ({}):\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_command_runs_under_every_shipped_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("r.html").to_string_lossy().into_owned();
    for p in profiles() {
        run(&args(&["assess", "--profile", &p, "--format", "json"]));
        run(&args(&["report", "--profile", &p, "--output", &html]));
        run(&args(&[
            "sweep",
            "--profile",
            &p,
            "--param",
            "std2011.line",
            "--from",
            "2000",
            "--to",
            "2400",
            "--step",
            "200",
            "--format",
            "json",
        ]));
        let hh = with_households(&p);
        for cmd in ["measures", "tabulate"] {
            let mut a = args(&[cmd, "--profile", &p, "--format", "json"]);
            a.extend(hh.iter().cloned());
            run(&a);
        }
        // Measures in another year's prices, under every era's line.
        let mut a = args(&["measures", "--profile", &p, "--prices", "2010"]);
        a.extend(hh.iter().cloned());
        run(&a);
    }
    for y in ["1985", "2000", "2010", "2019", "2020", "2021", "2022"] {
        run(&args(&["lines", "--prices", y, "--format", "json"]));
    }
    run(&args(&["history", "--format", "json"]));
    run(&args(&["history", "--check"]));
}

#[test]
fn compare_and_report_across_eras() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("r.html").to_string_lossy().into_owned();
    let eras = [
        "profiles/national-1986.toml",
        "profiles/national-1994.toml",
        "profiles/national-2001.toml",
        "profiles/national-2011.toml",
        "profiles/monitoring-2021.toml",
    ];
    for (i, a) in eras.iter().enumerate() {
        for b in &eras[i + 1..] {
            run(&args(&[
                "compare",
                "--profile",
                a,
                "--profile",
                b,
                "--format",
                "json",
            ]));
        }
    }
    // The use fupin exists for: the 2019 exits against the 2021 monitoring, in one report.
    run(&args(&[
        "report",
        "--profile",
        "profiles/national-2011.toml",
        "--profile",
        "profiles/monitoring-2021.toml",
        "--output",
        &html,
    ]));
    let page = std::fs::read_to_string(&html).expect("report");
    assert!(page.contains("monitoring-2021") && page.contains("national-2011"));
    run(&args(&[
        "tabulate",
        "--profile",
        "profiles/national-2011.toml",
        "--profile",
        "profiles/monitoring-2021.toml",
        "--format",
        "json",
    ]));
}

#[test]
fn after_2020_lines_and_measures_are_priced_by_the_rural_cpi_and_marked_unconfirmed() {
    let out = fupin()
        .args([
            "lines",
            "--standard",
            "std2011",
            "--prices",
            "2021",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let row = v
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["year"] == 2020)
        .expect("2020");
    // 4,000 (2020) × 1.007 (the 2021 rural CPI, std2011.chain.rural_cpi) = 4,028.00, and
    // the CPI has only copies without editorial standing: not confirmed.
    assert_eq!(row["line"].to_string(), "4028");
    assert_eq!(row["confirmed"], false);
    assert!(
        row["factors"]
            .as_array()
            .expect("factors")
            .iter()
            .any(|f| f.as_str() == Some("level(2021): × std2011.chain.rural_cpi 2021/2020 = 1.007")),
        "{row}"
    );
}

#[test]
fn uncovered_years_are_refused_clearly() {
    // No published line of any standard covers 1990 (domain.md §1.1), nor any year after the
    // last rural CPI the sources give (2022): refused, naming the years that are covered.
    for y in ["1990", "2023"] {
        let out = fupin()
            .args(["lines", "--prices", y])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("no published line series covers {y}"))
                && err.contains("2021, 2022"),
            "{err}"
        );
    }
}
