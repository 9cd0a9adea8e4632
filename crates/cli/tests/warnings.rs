//! Warnings that are read: a default run says the warnings about the data one line each and,
//! in one line, how many readings and unconfirmed values its decisions rest on;
//! `--warnings all` lists each, `--warnings none` nothing; the JSON keeps every one.

mod common;
use common::fupin;

fn run(extra: &[&str]) -> (Vec<u8>, Vec<String>) {
    let mut args = vec!["assess", "--profile", "profiles/national-2011.toml"];
    args.extend(extra);
    let out = fupin().args(&args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let warnings = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .map(String::from)
        .collect();
    (out.stdout, warnings)
}

#[test]
fn a_default_run_prints_one_line_of_warnings_and_the_json_keeps_them_all() {
    let (json, summary) = run(&["--format", "json"]);
    assert_eq!(summary.len(), 1, "{summary:#?}");
    assert!(
        summary[0].starts_with("warning: these decisions rest on ")
            && summary[0].contains("`--warnings all` lists them"),
        "{}",
        summary[0]
    );
    let (json_all, all) = run(&["--format", "json", "--warnings", "all"]);
    let (json_none, none) = run(&["--format", "json", "--warnings", "none"]);
    assert!(none.is_empty(), "{none:?}");
    // The document is the same whatever is shown.
    assert_eq!(json, json_all);
    assert_eq!(json, json_none);
    let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
    let listed = v["summary"]["warnings"].as_array().expect("warnings").len();
    assert_eq!(all.len(), listed);
    assert!(listed > 3, "{listed}");
    // The counts in the line are the JSON's: the unconfirmed values listed, and the other
    // warnings about the standing of rules and values (the readings).
    let unconfirmed = v["summary"]["unconfirmed_parameters"]
        .as_array()
        .expect("list")
        .len();
    let readings = v["summary"]["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| {
            w.as_str()
                .is_some_and(|w| w.contains("fupin's reading of its source"))
        })
        .count();
    assert!(unconfirmed > 0 && readings > 0, "{unconfirmed} {readings}");
    let want = format!(
        "warning: these decisions rest on {readings} readings of the sources and {unconfirmed} \
         unconfirmed values, with 1 note on units not assessed:"
    );
    assert!(summary[0].starts_with(&want), "{}\n{want}", summary[0]);
}

#[test]
fn the_table_says_the_same_one_line() {
    let (table, _) = run(&[]);
    let table = String::from_utf8(table).expect("utf-8");
    let lines: Vec<&str> = table.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let (table, _) = run(&["--warnings", "all"]);
    let table = String::from_utf8(table).expect("utf-8");
    assert!(table.lines().filter(|l| l.contains("warning:")).count() > 3);
}

#[test]
fn readings_are_warned_of_only_for_the_rules_that_decided() {
    // The 2011 profile without its designation rules: the 2012 designation reading is not
    // among the warnings, since no rule of it decided anything.
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("exit-only.toml");
    let root = common::root();
    std::fs::write(
        &p,
        format!(
            "extends = \"{}\"\nname = \"exit-only\"\nignore = [\"std2011.county.designation_2012.*\"]\n",
            root.join("profiles/national-2011.toml").display()
        ),
    )
    .expect("write");
    let p = p.to_string_lossy().into_owned();
    let out = fupin()
        .args([
            "assess",
            "--profile",
            &p,
            "--format",
            "json",
            "--warnings",
            "all",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("designation_2012"), "{err}");
    assert!(err.contains("std2011.county.exit"), "{err}");
}
