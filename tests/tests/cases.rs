//! Worked examples from the sources (domain.md), as case files under `tests/cases/`: each
//! names a profile, gives its inputs inline and states the expected outcomes with the rule
//! that decides them and the reason.

use std::path::{Path, PathBuf};

use fupin::HouseholdDetail;
use fupin::{AssessOptions, Plan, Profile, assess};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    source: String,
    profile: String,
    #[serde(default)]
    year: Option<i32>,
    /// Rules of the profile to leave out for this case (globs).
    #[serde(default)]
    ignore: Vec<String>,
    inputs: Inputs,
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Inputs {
    counties: String,
    #[serde(default)]
    villages: Option<String>,
    #[serde(default)]
    households: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default = "county")]
    level: String,
    id: String,
    test: String,
    outcome: String,
    #[serde(default)]
    rule: Option<String>,
    reason: String,
}

fn county() -> String {
    "county".into()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Case = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    assert!(
        !case.source.is_empty(),
        "{}: a case names its source",
        case.name
    );
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body.trim_start()).map(|()| p)
    };
    let opts = AssessOptions {
        counties: Some(write("counties.csv", &case.inputs.counties).map_err(|e| e.to_string())?),
        villages: case
            .inputs
            .villages
            .as_deref()
            .map(|v| write("villages.csv", v))
            .transpose()
            .map_err(|e| e.to_string())?,
        households: case
            .inputs
            .households
            .as_deref()
            .map(|h| write("households.csv", h))
            .transpose()
            .map_err(|e| e.to_string())?,
        household_detail: Some(HouseholdDetail::All),
        on_bad_row: Default::default(),
        batch_rows: None,
        ..AssessOptions::default()
    };
    let mut profile = Profile::load(&root().join(&case.profile)).map_err(|e| e.to_string())?;
    // The case's inputs replace the profile's data.
    profile.data = Default::default();
    profile.ignore.extend(case.ignore.iter().cloned());
    let plan = Plan::build(profile, case.year).map_err(|e| e.to_string())?;
    let a = assess(&plan, &opts).map_err(|e| format!("{}: {e}", case.name))?;
    for e in &case.expect {
        let d = a
            .decisions
            .iter()
            .find(|d| d.level.as_str() == e.level && d.id == e.id && d.test.as_str() == e.test)
            .ok_or_else(|| {
                format!(
                    "{}: no {} {} decision for {}",
                    case.name, e.level, e.test, e.id
                )
            })?;
        if d.outcome.as_str() != e.outcome {
            return Err(format!(
                "{}: {} is {}, expected {} ({})",
                case.name, e.id, d.outcome, e.outcome, e.reason
            ));
        }
        if let Some(rule) = &e.rule {
            // The rule's check produced the outcome: it applies, and it passed for a
            // positive outcome (exit, designated, poor, a monitoring category) and failed for
            // a negative one.
            let positive = d.test.outcomes().1 != d.outcome;
            let check = d
                .checks
                .iter()
                .find(|c| *c.rule == **rule)
                .ok_or_else(|| format!("{}: {} has no check of {rule}", case.name, e.id))?;
            if !check.applicable || check.passed != positive {
                return Err(format!(
                    "{}: {}'s check of {rule} (passed {}, applicable {}) did not produce {} ({})",
                    case.name, e.id, check.passed, check.applicable, e.outcome, e.reason
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn every_case_file_holds() {
    fupin::link_all();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/cases"))
        .expect("tests/cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "case files: {files:?}");
    let failures: Vec<String> = files.iter().filter_map(|f| run_case(f).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
