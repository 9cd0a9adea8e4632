//! Cross-crate tests: every shipped profile over the bundled sample data, as snapshots of its
//! decisions (one line per decision, with the check that decided it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fupin::{AssessOptions, Assessment, Format, Plan, Profile, assess};
use fupin::{Doc, check_line, render};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(profile: &str) -> Assessment {
    fupin::link_all();
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
fn the_national_profiles_on_the_sample_data() {
    for round in ["1986", "1994", "2001", "2011"] {
        let a = run(&format!("profiles/national-{round}.toml"));
        insta::assert_snapshot!(format!("national-{round}@sample"), compact(&a));
    }
}

/// The 2001 round designates in every province of the sample that the real 2001 list gives
/// key counties (domain.md §11.1: Hebei 39 among them), and in no other.
#[test]
fn the_2001_round_designates_where_the_real_list_did() {
    let a = run("profiles/national-2001.toml");
    let list: Vec<&str> = vec![
        "河北",
        "山西",
        "内蒙古",
        "吉林",
        "黑龙江",
        "安徽",
        "江西",
        "河南",
        "湖北",
        "湖南",
        "广西",
        "海南",
        "重庆",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "宁夏",
        "新疆",
    ];
    assert!(!a.summary.by_province.is_empty());
    for (province, levels) in &a.summary.by_province {
        let designated = levels
            .get("county")
            .and_then(|o| o.get("designated"))
            .copied()
            .unwrap_or(0);
        let on_list = list.iter().any(|n| province.starts_with(n));
        assert_eq!(designated > 0, on_list, "{province}: {designated}");
    }
    let hebei = &a.summary.by_province["河北省"]["county"];
    assert!(hebei.get("designated").copied().unwrap_or(0) > 0);
}

/// Every other shipped profile that needs no compiled plugin, on its own data. (Plugin
/// profiles need built libraries: `crates/cli/tests/plugins.rs` builds and checks them.)
#[test]
fn every_other_shipped_profile_on_its_data() {
    let mut paths = Vec::new();
    for dir in ["profiles", "profiles/provinces"] {
        for e in std::fs::read_dir(root().join(dir)).expect("profiles") {
            let p = e.expect("entry").path();
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if p.extension().is_some_and(|x| x == "toml")
                && !name.starts_with("national-")
                && !name.ends_with("-plugin.toml")
            {
                paths.push(format!("{dir}/{name}"));
            }
        }
    }
    paths.sort();
    assert!(paths.len() >= 5, "{paths:?}");
    for p in paths {
        let a = run(&p);
        let key = p.trim_start_matches("profiles/").replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("{key}@sample"), compact(&a));
    }
}

#[test]
fn every_round_reads_the_same_long_format_county_table() {
    for round in ["1986", "1994", "2001", "2011"] {
        let p = Profile::load(&root().join(format!("profiles/national-{round}.toml")))
            .expect("profile loads");
        assert_eq!(
            p.data.counties.as_deref().and_then(|c| c.file_name()),
            Some(std::ffi::OsStr::new("counties.csv")),
            "{round}"
        );
    }
}

#[test]
fn the_same_inputs_give_byte_identical_output() {
    let a = render(
        Doc::Assessment(&run("profiles/national-2011.toml")),
        Format::Json,
    )
    .expect("json");
    let b = render(
        Doc::Assessment(&run("profiles/national-2011.toml")),
        Format::Json,
    )
    .expect("json");
    assert_eq!(a, b);
}

#[test]
fn every_shipped_profile_checks() {
    fupin::link_all();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("profiles"))
        .expect("profiles/")
        .chain(std::fs::read_dir(root().join("profiles/provinces")).expect("provinces/"))
    {
        let path = entry.expect("entry").path();
        let plugin = path.to_string_lossy().ends_with("-plugin.toml");
        if path.extension().is_some_and(|e| e == "toml") && !plugin {
            let p = Profile::load(&path).expect("profile parses");
            Plan::build(p, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += 1;
        }
    }
    assert!(n >= 4, "{n} profiles");
}

#[test]
fn results_are_identical_whatever_the_thread_count() {
    fupin::link_all();
    let run_with = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| {
            let p = Profile::load(&root().join("profiles/national-2011.toml")).expect("profile");
            let plan = Plan::build(p, None).expect("plan");
            let opts = AssessOptions {
                household_detail: Some(fupin::HouseholdDetail::All),
                // Small batches: the 2,549 sample households become 27 batches.
                batch_rows: Some(97),
                ..AssessOptions::default()
            };
            let a = assess(&plan, &opts).expect("assessment");
            render(Doc::Assessment(&a), Format::Json).expect("json")
        })
    };
    let one = run_with(1);
    assert_eq!(one, run_with(2));
    assert_eq!(one, run_with(4));
    // And the same as one batch for all.
    let p = Profile::load(&root().join("profiles/national-2011.toml")).expect("profile");
    let plan = Plan::build(p, None).expect("plan");
    let whole = assess(
        &plan,
        &AssessOptions {
            household_detail: Some(fupin::HouseholdDetail::All),
            ..AssessOptions::default()
        },
    )
    .expect("assessment");
    assert_eq!(
        one,
        render(Doc::Assessment(&whole), Format::Json).expect("json")
    );
}
