//! Cross-crate tests: every shipped profile over the bundled sample data, as snapshots of its
//! decisions (one line per decision, with the check that decided it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fupin_engine::report::{check_line, render};
use fupin_engine::{AssessOptions, Assessment, Format, Plan, Profile, assess};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(profile: &str) -> Assessment {
    fupin_std1986::link();
    fupin_std2001::link();
    fupin_std2011::link();
    fupin_ethnic::link();
    let p = Profile::load(&root().join(profile)).expect("profile loads");
    let plan = Plan::build(p, None).expect("plan builds");
    assess(&plan, &AssessOptions::default()).expect("assessment runs")
}

fn compact(a: &Assessment) -> String {
    let mut out = String::new();
    for d in &a.decisions {
        let decided = d.deciding_check().map(check_line).unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {} {} {} {}: {decided}",
            d.level.as_str(),
            d.test.as_str(),
            d.id,
            d.name,
            d.outcome.as_str()
        );
    }
    let _ = writeln!(
        out,
        "summary: {}",
        serde_json::to_string(&a.summary).expect("json")
    );
    out
}

#[test]
fn national_2011_on_the_sample_data() {
    let a = run("profiles/national-2011.toml");
    insta::assert_snapshot!("national-2011@sample", compact(&a));
}

#[test]
fn the_same_inputs_give_byte_identical_output() {
    let a = render(&run("profiles/national-2011.toml"), Format::Json).expect("json");
    let b = render(&run("profiles/national-2011.toml"), Format::Json).expect("json");
    assert_eq!(a, b);
}
