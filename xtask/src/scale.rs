//! `cargo xtask bench scale`: the national-scale figures of issue 17 in one command, on the
//! registry `cargo xtask gen-data` makes (the same directory as `bench w1`):
//!
//! - a full `fupin assess` (household ids read and checked for duplicates, village codes
//!   checked against the village table, household, village and county exit rules, the JSON
//!   report written), `--runs` times: wall time and peak memory;
//! - household decisions streamed to a file (`--household-decisions-out`) for the first
//!   500,000 and 2,000,000 households (of those there are) of the 3-million registry (made
//!   when missing; the given one when smaller), against the same assessment without the
//!   file: the peak must not grow with the household count;
//! - with `--times T` (T > 1), W1 on the Parquet file's rows T times over
//!   (`xtask/w1/repeat.py`, each copy's ids prefixed), against W1 on the file itself,
//!   alternately: every count must be T times the original's, and the peak the same order.
//!
//! Decision files are removed after each run (2 million households make 6 GB).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{Run, flag, measure, median, python};

/// Households of the registry the streamed-decision runs take their first households from.
const DECISIONS_REGISTRY: u64 = 3_000_000;

const USAGE: &str = "usage: cargo xtask bench scale [--households N] [--seed S] [--runs R] \
                     [--times T]";

fn number(args: &[String], name: &str, default: u64) -> Result<u64, String> {
    match flag(args, name) {
        None => Ok(default),
        Some(v) => v.replace('_', "").parse().map_err(|_| USAGE.to_string()),
    }
}

fn row(what: &str, r: Run) {
    println!(
        "| {what:<58} | {:>8.3} | {:>9.0} |",
        r.wall.as_secs_f64(),
        r.peak_kb as f64 / 1000.0
    );
}

fn runs_of(n: usize, cmd: impl Fn() -> Command) -> Result<Run, String> {
    let mut runs = Vec::new();
    for _ in 0..n {
        runs.push(measure(&mut cmd())?.0);
    }
    Ok(median(runs))
}

/// The first `k` households of `csv` (its header kept), written once.
fn first_rows(csv: &Path, k: u64, out: &Path) -> Result<(), String> {
    use std::io::{BufRead, Write};
    if out.exists() {
        return Ok(());
    }
    let f = std::fs::File::open(csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    let part = out.with_extension("csv.part");
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(&part).map_err(|e| format!("{}: {e}", part.display()))?,
    );
    for line in std::io::BufReader::new(f).lines().take(k as usize + 1) {
        let line = line.map_err(|e| format!("{}: {e}", csv.display()))?;
        writeln!(w, "{line}").map_err(|e| format!("{}: {e}", part.display()))?;
    }
    w.flush().map_err(|e| format!("{}: {e}", part.display()))?;
    drop(w);
    std::fs::rename(&part, out).map_err(|e| format!("{}: {e}", out.display()))
}

/// The full assessment's profile for the registry in `dir`: the 2011 standard's household,
/// village and county exit rules over the generated tables.
fn write_profile(root: &Path, dir: &Path, n: u64) -> Result<PathBuf, String> {
    let profile = dir.join("assess.toml");
    let text = format!(
        "# Written by `cargo xtask bench scale`.\nextends = {:?}\nname = \"assess-{n}\"\n\
         select = [\"std2011.household.*\", \"std2011.village.*\", \"std2011.county.exit.*\"]\n\n\
         [data]\ncounties = {:?}\nvillages = {:?}\nhouseholds = {:?}\n",
        root.join("profiles/national-2011.toml")
            .display()
            .to_string(),
        dir.join("counties.csv").display().to_string(),
        dir.join("villages.csv").display().to_string(),
        dir.join("households.parquet").display().to_string(),
    );
    std::fs::write(&profile, text).map_err(|e| format!("{}: {e}", profile.display()))?;
    Ok(profile)
}

pub fn scale(root: &Path, args: &[String]) -> Result<(), String> {
    let n = number(args, "--households", 30_000_000)?;
    let seed = flag(args, "--seed").unwrap_or_else(|| "1".into());
    let runs = number(args, "--runs", 3)?.max(1) as usize;
    let times = number(args, "--times", 1)?.max(1);
    let dir = root.join(format!("target/w1-{n}-{seed}"));
    crate::bench::ensure_registry(root, n, &seed, &dir)?;
    let fupin = crate::bench::release_fupin(root)?;
    let profile = write_profile(root, &dir, n)?;
    println!(
        "Scale on {n} households (seed {seed}, {}), {runs} runs each, {} cores\n",
        dir.display(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| {:<58} | {:>8} | {:>9} |", "run", "wall (s)", "peak (MB)");
    println!("|{}|{}|{}|", "-".repeat(60), "-".repeat(10), "-".repeat(11));
    let report = dir.join("assess.json");
    let full = runs_of(runs, || {
        let mut c = Command::new(&fupin);
        c.arg("assess")
            .arg("--profile")
            .arg(&profile)
            .args(["--format", "json", "--output"])
            .arg(&report);
        c
    })?;
    row(&format!("full assess, Parquet, {n} households"), full);
    // Streamed decisions: the first K households as CSV, of the registry of 3 million
    // households (or fewer): the first households of a larger registry do not reach every
    // village of its table, and a village without households or counts is an error.
    let (dn, ddir) = if n > DECISIONS_REGISTRY {
        let dn = DECISIONS_REGISTRY;
        let ddir = root.join(format!("target/w1-{dn}-{seed}"));
        crate::bench::ensure_registry(root, dn, &seed, &ddir)?;
        (dn, ddir)
    } else {
        (n, dir.clone())
    };
    let dprofile = write_profile(root, &ddir, dn)?;
    for k in [500_000u64, 2_000_000].into_iter().filter(|k| *k <= dn) {
        let part = ddir.join(format!("first-{k}.csv"));
        first_rows(&ddir.join("households.csv"), k, &part)?;
        let decisions = ddir.join(format!("decisions-{k}.csv"));
        let base = |c: &mut Command| {
            // Tables given on the command line replace the profile's as a set.
            c.arg("assess")
                .arg("--profile")
                .arg(&dprofile)
                .arg("--counties")
                .arg(ddir.join("counties.csv"))
                .arg("--villages")
                .arg(ddir.join("villages.csv"))
                .arg("--households")
                .arg(&part)
                .args(["--format", "json", "--output"])
                .arg(ddir.join(format!("assess-{k}.json")));
        };
        let without = runs_of(1, || {
            let mut c = Command::new(&fupin);
            base(&mut c);
            c
        })?;
        row(
            &format!("assess, first {k} of {dn} households (CSV)"),
            without,
        );
        let with = runs_of(1, || {
            let mut c = Command::new(&fupin);
            base(&mut c);
            c.arg("--household-decisions-out").arg(&decisions);
            c
        });
        let size = std::fs::metadata(&decisions).map_or(0, |m| m.len());
        let _ = std::fs::remove_file(&decisions);
        row(
            &format!(
                "… with decisions streamed ({:.2} GB file)",
                size as f64 / 1e9
            ),
            with?,
        );
    }
    if times > 1 {
        let big = root.join(format!("target/w1-{}", n * times));
        let big_file = big.join("households.parquet");
        if !big_file.exists() {
            let py = python(root)?;
            let ok = Command::new(&py)
                .arg(root.join("xtask/w1/repeat.py"))
                .arg(dir.join("households.parquet"))
                .arg(&big_file)
                .args(["--times", &times.to_string()])
                .status()
                .map_err(|e| format!("repeat.py: {e}"))?;
            if !ok.success() {
                return Err("xtask/w1/repeat.py failed".into());
            }
        }
        let w1 = |households: &Path, out: &Path| {
            let mut c = Command::new(&fupin);
            c.arg("tabulate");
            for line in [1150, 1920, 3218] {
                c.arg("--profile")
                    .arg(root.join(format!("profiles/w1/w1-{line}.toml")));
            }
            c.arg("--counties")
                .arg(dir.join("counties.csv"))
                .arg("--households")
                .arg(households)
                .args(["--format", "csv", "--output"])
                .arg(out);
            c
        };
        let (small_out, big_out) = (dir.join("w1-scale.csv"), big.join("w1-scale.csv"));
        let (mut small, mut large) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            small.push(measure(&mut w1(&dir.join("households.parquet"), &small_out))?.0);
            large.push(measure(&mut w1(&big_file, &big_out))?.0);
        }
        times_over(&small_out, &big_out, times)?;
        row(&format!("W1, Parquet, {n} households"), median(small));
        row(
            &format!(
                "W1, Parquet, {} households (every count × {times})",
                n * times
            ),
            median(large),
        );
    }
    Ok(())
}

/// Every count of the large table is `times` times the small one's; incidence and exit equal.
fn times_over(small: &PathBuf, large: &PathBuf, times: u64) -> Result<(), String> {
    let read = |p: &PathBuf| -> Result<Vec<csv::StringRecord>, String> {
        let mut r = csv::Reader::from_path(p).map_err(|e| format!("{}: {e}", p.display()))?;
        r.records()
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let (a, b) = (read(small)?, read(large)?);
    if a.len() != b.len() {
        return Err("W1 tables of different lengths".into());
    }
    // Columns: profile, county, name, province, households, persons, poor_persons,
    // remaining_persons, incidence_pct, exit.
    for (x, y) in a.iter().zip(&b) {
        for c in 4..8 {
            let (u, v) = (x.get(c).unwrap_or(""), y.get(c).unwrap_or(""));
            let ok = match (u.parse::<u64>(), v.parse::<u64>()) {
                (Ok(u), Ok(v)) => v == u * times,
                _ => u == v,
            };
            if !ok {
                return Err(format!("county {:?}: {u} × {times} ≠ {v}", x.get(1)));
            }
        }
        if x.get(8) != y.get(8) || x.get(9) != y.get(9) {
            return Err(format!("county {:?}: incidence or exit differs", x.get(1)));
        }
    }
    Ok(())
}
