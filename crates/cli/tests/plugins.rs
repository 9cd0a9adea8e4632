//! Plugin tests: plugins are built during the test run (a nested `cargo build` into its own
//! target directory), then loaded through the real binary.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Mutex;

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fupin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fupin"));
    c.current_dir(root());
    c
}

static BUILD: Mutex<()> = Mutex::new(());

/// Build a plugin crate (with features) and return the library's path.
fn build_plugin(package: &str, features: &[&str]) -> PathBuf {
    let _guard = BUILD.lock().unwrap_or_else(|p| p.into_inner());
    let tag = if features.is_empty() {
        "default".to_string()
    } else {
        features.join("-")
    };
    let target = root().join("target/plugin-tests").join(tag);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Process::new(cargo);
    cmd.current_dir(root())
        .args(["build", "--quiet", "--package", package, "--target-dir"])
        .arg(&target);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    let status = cmd.status().expect("cargo runs");
    assert!(status.success(), "building {package} failed");
    let lib = format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        package.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    );
    let path = target.join("debug").join(lib);
    assert!(path.exists(), "{}", path.display());
    path
}

/// A profile in a temporary directory naming one plugin, over the Guizhou sample.
fn profile_with(plugin: &Path, sha256: Option<&str>, select: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let pin = sha256
        .map(|h| format!(", sha256 = \"{h}\""))
        .unwrap_or_default();
    let text = format!(
        "name = \"plugin-test\"\nstandard = \"std2011\"\nyear = 2020\nrule_sets = [\"std2011\"]\n\
         select = [\"std2011.county.exit.*\", \"{select}\"]\n\
         plugins = [{{ path = \"{}\"{pin} }}]\n[data]\ncounties = \"{}\"\n",
        plugin.display(),
        root()
            .join("data/sample/provinces/guizhou-2020-counties.csv")
            .display()
    );
    std::fs::write(dir.path().join("profile.toml"), text).expect("write");
    dir
}

fn sha256_of(path: &Path) -> String {
    let out = Process::new("sha256sum").arg(path).output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string(),
        _ => panic!("sha256sum is needed for this test"),
    }
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("json")
}

#[test]
fn guizhou_plugin_decides_through_the_cli() {
    let lib = build_plugin("fupin-plugin-guizhou", &[]);
    let dir = profile_with(&lib, Some(&sha256_of(&lib)), "guizhou.*");
    let profile = dir.path().join("profile.toml");
    let out = fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(&profile)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let outcome = |id: &str| {
        v["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| (d["outcome"].clone(), d["checks"].clone()))
            .expect("decision")
    };
    // 紫云: every step done and all three agencies recommend → exit.
    assert_eq!(outcome("520425").0, "exit");
    // 纳雍: 2 of 3 agencies → remain, decided by the plugin's rule with its source.
    let (o, checks) = outcome("520525");
    assert_eq!(o, "remain");
    let third = checks
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "guizhou.county.exit.third_party")
        .expect("plugin check");
    assert_eq!(third["passed"], false);
    assert_eq!(third["measured"], 2);
    assert_eq!(third["threshold"], 3);
    assert_eq!(third["parameter"], "guizhou.exit.third_party.agencies");
    assert!(
        third["source"]
            .as_str()
            .expect("source")
            .contains("China News Service")
    );
    // 威宁: prefecture review not passed; 赫章: no application.
    assert_eq!(outcome("520526").0, "remain");
    assert_eq!(outcome("520527").0, "remain");
    fupin()
        .args(["plugins", "list", "--profile"])
        .arg(&profile)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "plugin guizhou-exit (rule set guizhou)",
        ))
        .stdout(predicate::str::contains("(pinned)"))
        .stdout(predicate::str::contains("guizhou.county.exit.third_party"));
    // As CSV: one row per rule set, the plugin's with its file and pin.
    let csv = fupin()
        .args(["plugins", "list", "--format", "csv", "--profile"])
        .arg(&profile)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut r = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header[..3], ["rule_set", "kind", "summary"]);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert!(
        rows.iter()
            .any(|x| &x[0] == "std2011" && &x[1] == "compiled")
    );
    let plugin = rows.iter().find(|x| &x[1] == "plugin").expect("plugin row");
    assert_eq!(&plugin[0], "guizhou");
    assert_eq!(&plugin[6], "true");
    // `rules show` does not know plugin rules without the profile; `rules list` with it does.
    fupin()
        .args(["rules", "list", "--profile"])
        .arg(&profile)
        .assert()
        .success()
        .stdout(predicate::str::contains("guizhou.county.exit.application"));
}

#[test]
fn compare_national_against_the_plugin_profile() {
    let lib = build_plugin("fupin-plugin-guizhou", &[]);
    let dir = profile_with(&lib, None, "guizhou.*");
    let national = dir.path().join("national.toml");
    std::fs::write(
        &national,
        format!(
            "name = \"national\"\nstandard = \"std2011\"\nyear = 2020\nrule_sets = [\"std2011\"]\n\
             select = [\"std2011.county.exit.*\"]\n[data]\ncounties = \"{}\"\n",
            root()
                .join("data/sample/provinces/guizhou-2020-counties.csv")
                .display()
        ),
    )
    .expect("write");
    let out = fupin()
        .args(["compare", "--only-changed", "--format", "json", "--profile"])
        .arg(&national)
        .arg("--profile")
        .arg(dir.path().join("profile.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["changed"], 4);
    for ch in v["changes"].as_array().expect("changes") {
        assert_eq!(ch["outcomes"]["national"]["outcome"], "exit");
        assert_eq!(ch["outcomes"]["plugin-test"]["outcome"], "remain");
        let rule = ch["outcomes"]["plugin-test"]["decided_by"]["rule"]
            .as_str()
            .expect("rule");
        assert!(rule.starts_with("guizhou."), "{rule}");
    }
}

#[test]
fn the_three_agencies_required_of_each_county_is_a_reading_with_a_choice() {
    let lib = build_plugin("fupin-plugin-guizhou", &[]);
    let dir = profile_with(&lib, None, "guizhou.*");
    // The alternative: the three agencies served the nine counties together, so a county
    // needs the recommendation of the agencies that evaluated it.
    let per_county = dir.path().join("evaluated-by.toml");
    std::fs::write(
        &per_county,
        format!(
            "extends = \"{}\"\nname = \"evaluated-by\"\n\n[parameters]\n\
             \"guizhou.exit.third_party.agencies\" = 1\n",
            dir.path().join("profile.toml").display()
        ),
    )
    .expect("write");
    let third_party = |profile: &Path, id: &str| {
        let out = fupin()
            .args(["assess", "--format", "json", "--profile"])
            .arg(profile)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v = json(&out);
        let status = v["provenance"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["id"] == "guizhou.exit.third_party.agencies")
            .map(|p| p["status"].clone())
            .expect("the agencies parameter in provenance");
        let d = v["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .find(|d| d["id"] == id)
            .expect("decision")
            .clone();
        let check = d["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["rule"] == "guizhou.county.exit.third_party")
            .expect("third-party check")
            .clone();
        (d["outcome"].clone(), check, status)
    };
    let readings = |c: &serde_json::Value| -> Vec<String> {
        c["readings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    // 望谟: evaluated by two agencies, both recommending. Read as "three for each county"
    // (the default, marked a reading), it remains.
    let (outcome, c, status) = third_party(&dir.path().join("profile.toml"), "522326");
    assert_eq!(outcome, "remain");
    assert_eq!(status, "reading");
    assert_eq!(c["passed"], false, "{c}");
    assert_eq!(c["threshold"], 3);
    assert!(
        readings(&c).contains(&"guizhou.exit.third_party.agencies".to_string()),
        "{c}"
    );
    // Under the other reading it exits; the value is then the profile's choice.
    let (outcome, c, status) = third_party(&per_county, "522326");
    assert_eq!(outcome, "exit");
    assert_eq!(status, "confirmed");
    assert_eq!(c["passed"], true, "{c}");
    assert_eq!(c["threshold"], 1);
    assert!(
        !readings(&c).contains(&"guizhou.exit.third_party.agencies".to_string()),
        "{c}"
    );
    // 纳雍: evaluated by three, two recommending: every agency that evaluated it must still
    // recommend (`unanimous`), so it remains under either reading.
    let (outcome, c, _) = third_party(&per_county, "520525");
    assert_eq!(outcome, "remain");
    assert_eq!(c["passed"], false, "{c}");
}

#[test]
fn a_wrong_pin_is_refused() {
    let lib = build_plugin("fupin-plugin-guizhou", &[]);
    let wrong = "0".repeat(64);
    let dir = profile_with(&lib, Some(&wrong), "guizhou.*");
    fupin()
        .args(["assess", "--profile"])
        .arg(dir.path().join("profile.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("but the profile pins 0000"));
}

#[test]
fn a_plugin_of_another_abi_version_is_refused_naming_both() {
    let lib = build_plugin("fupin-plugin-testing", &["wrong-abi"]);
    let dir = profile_with(&lib, None, "testing.*");
    fupin()
        .args(["assess", "--profile"])
        .arg(dir.path().join("profile.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "plugin ABI version 999 does not match this engine's ABI version 1",
        ));
}

#[test]
fn a_panicking_plugin_fails_its_checks_not_the_run() {
    let lib = build_plugin("fupin-plugin-testing", &["panic"]);
    let dir = profile_with(&lib, None, "testing.*");
    let out = fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(dir.path().join("profile.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    for d in v["decisions"].as_array().expect("decisions") {
        assert_eq!(d["outcome"], "remain", "{d}");
        let c = d["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["rule"] == "testing.county.exit.always")
            .expect("plugin check");
        assert!(
            c["error"]
                .as_str()
                .expect("error")
                .contains("plugin panicked: deliberate panic"),
            "{c}"
        );
    }
}

#[test]
fn the_well_formed_testing_plugin_passes() {
    let lib = build_plugin("fupin-plugin-testing", &[]);
    let dir = profile_with(&lib, None, "testing.*");
    let out = fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(dir.path().join("profile.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let decisions = v["decisions"].as_array().expect("decisions");
    assert_eq!(decisions.len(), 5);
    for d in decisions {
        let c = d["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["rule"] == "testing.county.exit.always")
            .expect("plugin check");
        assert_eq!(c["passed"], true);
        assert_eq!(
            c["basis"],
            format!(
                "testing plugin saw county {}",
                d["id"].as_str().unwrap_or_default()
            )
        );
    }
}

#[test]
fn a_file_that_is_not_a_library_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("libfake.so");
    std::fs::write(&fake, "this is not a shared library\n").expect("write");
    let p = profile_with(&fake, None, "std2011.*");
    fupin()
        .args(["assess", "--profile"])
        .arg(p.path().join("profile.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a loadable library"));
    let missing = dir.path().join("libmissing.so");
    let p = profile_with(&missing, None, "std2011.*");
    fupin()
        .args(["assess", "--profile"])
        .arg(p.path().join("profile.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn a_library_without_the_entry_symbol_is_refused() {
    // The plugin API crate built as an ordinary library has no entry symbol: use a cdylib of
    // a plugin built without `declare_plugin!`... the C library is one such library.
    let libc = [
        "/lib/x86_64-linux-gnu/libm.so.6",
        "/usr/lib/x86_64-linux-gnu/libm.so.6",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    let Some(libm) = libc else {
        // Not on this platform's usual path: the other refusal tests still cover loading.
        return;
    };
    let p = profile_with(&libm, None, "std2011.*");
    fupin()
        .args(["assess", "--profile"])
        .arg(p.path().join("profile.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a fupin plugin"));
}

#[test]
fn shipped_plugin_profiles_run_once_plugins_are_in_place() {
    // What `cargo xtask plugins` does: build the plugins and place them in target/plugins/.
    let dest = root().join("target/plugins");
    std::fs::create_dir_all(&dest).expect("target/plugins");
    for pkg in ["fupin-plugin-guizhou", "fupin-plugin-guangdong"] {
        let lib = build_plugin(pkg, &[]);
        std::fs::copy(&lib, dest.join(lib.file_name().expect("name"))).expect("copy");
    }
    fupin()
        .args([
            "assess",
            "--profile",
            "profiles/provinces/guizhou-plugin.toml",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "guizhou.county.exit.third_party: 2 >= 3 (failed, reading)",
        ));
    // The other reading of "all three recommended": a majority of the agencies suffices.
    let dir = tempfile::tempdir().expect("tempdir");
    let majority = dir.path().join("majority.toml");
    std::fs::write(
        &majority,
        format!(
            "extends = \"{}\"\nname = \"guizhou-majority\"\n\n[parameters]\n\
             \"guizhou.exit.third_party.unanimous\" = false\n\
             \"guizhou.exit.third_party.agencies\" = 2\n",
            root()
                .join("profiles/provinces/guizhou-plugin.toml")
                .display()
        ),
    )
    .expect("profile");
    fupin()
        .args(["assess", "--profile"])
        .arg(&majority)
        .assert()
        .success()
        .stdout(predicate::str::contains("guizhou.county.exit.third_party: 2 >= 3").not());
    let out = fupin()
        .args(["assess", "--format", "json", "--profile"])
        .arg(&majority)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let nayong = v["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .find(|d| d["id"] == "520525")
        .expect("纳雍县");
    let third = nayong["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "guizhou.county.exit.third_party")
        .expect("third-party check");
    assert_eq!(third["passed"], true, "{third}");
    assert_eq!(third["threshold"], 2);
    let out = fupin()
        .args([
            "assess",
            "--profile",
            "profiles/provinces/guangdong-plugin.toml",
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
    let outcome = |id: &str| {
        v["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["outcome"].as_str().unwrap_or_default().to_string())
            .expect("decision")
    };
    // Line: 33% of the weighted mean 10,000.00 = 3,300.00.
    assert_eq!(outcome("g2"), "poor");
    assert_eq!(outcome("g3"), "not_poor");
    // The 33% rests on one aggregator copy: every check of the line says so, and the run.
    assert_eq!(
        v["summary"]["unconfirmed_parameters"],
        serde_json::json!(["guangdong.line.share_of_rural_income_pct"])
    );
    // Against the national line of 2013 (2,736 yuan) on the same households: g2 (3,299.99)
    // becomes poor under Guangdong's line, decided by the plugin's rule.
    let out = fupin()
        .args([
            "compare",
            "--only-changed",
            "--household-decisions",
            "all",
            "--format",
            "json",
            "--profile",
            "tests/fixtures/profiles/national-2011-classification.toml",
            "--profile",
            "profiles/provinces/guangdong-plugin.toml",
            "--year",
            "2013",
            "--counties",
            "data/sample/provinces/guangdong-2013-counties.csv",
            "--households",
            "data/sample/provinces/guangdong-2013-households.csv",
            "--villages",
            "data/sample/provinces/guangdong-2013-villages.csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let changed: Vec<&str> = v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["level"] == "household")
        .map(|c| c["id"].as_str().unwrap_or_default())
        .collect();
    // g1 (2,300) is poor and g3 (3,300.00, not below 3,300) is not, under both lines.
    assert_eq!(changed, ["g2"], "{}", v["changes"]);
    let g2 = &v["changes"][0]["outcomes"];
    assert_eq!(g2["national-2011-classification"]["outcome"], "not_poor");
    assert_eq!(g2["guangdong-plugin"]["outcome"], "poor");
    assert_eq!(
        g2["guangdong-plugin"]["decided_by"]["rule"],
        "guangdong.household.poor.relative_line"
    );
}
