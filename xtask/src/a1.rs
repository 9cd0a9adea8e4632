//! `cargo xtask bench a1`: workload A1 (issue 35), the full assessment (`fupin assess` with
//! the 2011 household rules, village exit and county exit by incidence, every household id
//! checked for duplicates) on the files each writer writes with its defaults, beside DuckDB
//! and polars doing the same job (`xtask/a1/`), with every village and county outcome checked
//! equal, and the decode floor of the columns the job reads. The helpers it shares with W1
//! (the registry, the release build, the measurement, the Python environment, the decode)
//! are in `bench.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::bench::{
    Run, WRITERS, decode_columns, ensure_registry, flag, measure, median, python, release_fupin,
};

pub(crate) const A1_USAGE: &str = "usage: cargo xtask bench a1 [--households N] [--seed S] [--dir DIR] \
                        [--runs R] [--writer fupin|pyarrow|polars|pandas|duckdb|all]";

/// The household columns A1's job reads (fupin's projection for the A1 profile): the ids
/// (checked for duplicates), county, village, size, year (the line is the income year's),
/// income and the five guarantees. The decode floor decodes exactly these.
const A1_COLUMNS: [&str; 11] = [
    "household_id",
    "county",
    "village",
    "size",
    "year",
    "net_income_per_capita",
    "food_clothing",
    "compulsory_education",
    "basic_medical",
    "safe_housing",
    "safe_water",
];

/// The rules A1 runs: the 2011 household rules, village exit and county exit by incidence.
const A1_SELECT: &str =
    r#"["std2011.household.*", "std2011.village.*", "std2011.county.exit.incidence"]"#;

/// A parameter's value in force at `date` (YYYY-MM-DD) in a rule set's `params.toml`.
fn param_at<'a>(params: &'a toml::Table, id: &str, date: &str) -> Result<&'a toml::Value, String> {
    let p = params
        .get("parameter")
        .and_then(toml::Value::as_array)
        .and_then(|l| {
            l.iter()
                .find(|p| p.get("id").and_then(toml::Value::as_str) == Some(id))
        })
        .ok_or_else(|| format!("rules/std2011/params.toml: no parameter {id}"))?;
    let effective = |v: &toml::Value| {
        v.get("effective")
            .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string))
            .unwrap_or_default()
    };
    p.get("values")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|v| effective(v).as_str() <= date)
        .max_by_key(|v| effective(v))
        .and_then(|v| v.get("value"))
        .ok_or_else(|| format!("{id}: no value in force on {date}"))
}

/// The values A1's peers take from the parameters fupin reads (`rules/std2011/params.toml`
/// at the assessment date of `profiles/national-2011.toml`, 31 December of its year), as the
/// JSON the scripts of `xtask/a1/` read: the year, its line, the guarantees the exit test
/// requires, the village and county bounds by region and whether a county at the bound
/// passes.
fn a1_params(root: &Path) -> Result<String, String> {
    let read = |rel: &str| -> Result<toml::Table, String> {
        let p = root.join(rel);
        std::fs::read_to_string(&p)
            .map_err(|e| format!("{}: {e}", p.display()))?
            .parse::<toml::Table>()
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let profile = read("profiles/national-2011.toml")?;
    let params = read("rules/std2011/params.toml")?;
    let year = profile
        .get("year")
        .and_then(toml::Value::as_integer)
        .ok_or("profiles/national-2011.toml: no year")?;
    if profile.contains_key("date") || profile.contains_key("parameters") {
        return Err(
            "profiles/national-2011.toml sets a date or parameters: A1's peers \
                    read neither"
                .into(),
        );
    }
    let date = format!("{year}-12-31");
    // The exit bound is the published line unless a province raises the 2010 bound.
    let at_2010 = param_at(&params, "std2011.exit.household.line_2010_prices", &date)?;
    let base = param_at(&params, "std2011.line", "2010-12-31")?;
    if at_2010.as_integer() != base.as_integer() {
        return Err(format!(
            "the exit line at 2010 prices ({at_2010}) is not the 2010 line ({base}): A1's \
             peers compare with the published line"
        ));
    }
    let line = param_at(&params, "std2011.line", &date)?;
    let mut guarantees = Vec::new();
    for g in fupin::Guarantee::ALL {
        let id = format!("std2011.exit.household.requires.{}", g.column());
        if param_at(&params, &id, &date)?.as_bool() == Some(true) {
            guarantees.push(format!("{:?}", g.column()));
        }
    }
    let bounds = |level: &str| -> Result<String, String> {
        let mut parts = Vec::new();
        for region in ["east", "central", "west"] {
            let id = format!("std2011.exit.{level}.max_incidence_pct.{region}");
            parts.push(format!("{region:?}: {}", param_at(&params, &id, &date)?));
        }
        Ok(format!("{{{}}}", parts.join(", ")))
    };
    let passes = param_at(&params, "std2011.exit.county.bound_passes", &date)?
        .as_bool()
        .ok_or("std2011.exit.county.bound_passes: not a bool")?;
    Ok(format!(
        "{{\"year\": {year}, \"line\": {line}, \"guarantees\": [{}], \"village_max_pct\": {}, \
         \"county_max_pct\": {}, \"county_bound_passes\": {passes}}}\n",
        guarantees.join(", "),
        bounds("village")?,
        bounds("county")?,
    ))
}

/// A1's profile for a households file: the 2011 household rules, village exit and county exit
/// by incidence over the registry's county and village tables (the `bench scale` profile
/// with county exit by incidence alone).
fn a1_profile(
    root: &Path,
    dir: &Path,
    out: &Path,
    households: &Path,
    name: &str,
) -> Result<PathBuf, String> {
    let profile = out.join("a1.toml");
    let text = format!(
        "# Written by `cargo xtask bench a1`.\nextends = {:?}\nname = {name:?}\n\
         select = {A1_SELECT}\n\n[data]\ncounties = {:?}\nvillages = {:?}\nhouseholds = {:?}\n",
        root.join("profiles/national-2011.toml")
            .display()
            .to_string(),
        dir.join("counties.csv").display().to_string(),
        dir.join("villages.csv").display().to_string(),
        households.display().to_string(),
    );
    std::fs::write(&profile, text).map_err(|e| format!("{}: {e}", profile.display()))?;
    Ok(profile)
}

/// A village or county table of A1 (`xtask/a1/`): code → persons, persons failing, outcome.
type Outcomes = BTreeMap<String, [String; 3]>;

fn a1_outcomes(path: &Path) -> Result<Outcomes, String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Outcomes::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let f = |i: usize| rec.get(i).unwrap_or("").to_string();
        if out.insert(f(0), [f(1), f(2), f(3)]).is_some() {
            return Err(format!("{}: {} twice", path.display(), f(0)));
        }
    }
    Ok(out)
}

/// Every unit of fupin's table in the peer's and the other way round, with the same outcome,
/// and the same persons and persons failing where fupin measured them on households.
fn a1_same(fupin: &Outcomes, peer: &Outcomes, what: &str) -> Result<(), String> {
    for (code, f) in fupin {
        let Some(p) = peer.get(code) else {
            return Err(format!("{what}: {code} is in fupin's report only"));
        };
        if f[2] != p[2] {
            return Err(format!(
                "{what}: {code}: fupin's outcome {} against {}",
                f[2], p[2]
            ));
        }
        if !f[0].is_empty() && (f[0] != p[0] || f[1] != p[1]) {
            return Err(format!(
                "{what}: {code}: fupin counts {} failing of {} persons, the peer {} of {}",
                f[1], f[0], p[1], p[0]
            ));
        }
    }
    if let Some(code) = peer.keys().find(|c| !fupin.contains_key(*c)) {
        return Err(format!("{what}: {code} is not in fupin's report"));
    }
    Ok(())
}

/// One writer's A1 figures, for the closing table.
struct A1Row {
    writer: String,
    mb: f64,
    decode: Run,
    fupin: Run,
    duckdb: Run,
    polars: Run,
}

/// `cargo xtask bench a1` (issue 35): `fupin assess` with the 2011 household rules, village
/// exit and county exit by incidence, JSON report to a file, on the registry's households as
/// each writer writes them (`xtask/a1/write.py`: ids and village codes as text), against
/// DuckDB and polars doing the same job (`xtask/a1/`) and the decode floor of the columns the
/// job reads. Every village and county outcome (and its persons and failing persons) is
/// checked equal between fupin's report and each peer before the figures are printed. The
/// tools run alternately, `--runs` rounds; wall time is the median, peak the highest.
#[allow(clippy::too_many_lines)]
pub(crate) fn a1(root: &Path, args: &[String]) -> Result<(), String> {
    let usage = || A1_USAGE.to_string();
    let n: u64 = flag(args, "--households")
        .unwrap_or_else(|| "30000000".into())
        .replace('_', "")
        .parse()
        .map_err(|_| usage())?;
    let seed = flag(args, "--seed").unwrap_or_else(|| "1".into());
    let runs: usize = flag(args, "--runs")
        .unwrap_or_else(|| "3".into())
        .parse()
        .map_err(|_| usage())?;
    let runs = runs.max(1);
    let writer = flag(args, "--writer").unwrap_or_else(|| "all".into());
    let writers: Vec<&str> = match writer.as_str() {
        "all" => WRITERS.to_vec(),
        w if WRITERS.contains(&w) => vec![w],
        _ => return Err(usage()),
    };
    let dir = flag(args, "--dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(format!("target/w1-{n}-{seed}")));
    ensure_registry(root, n, &seed, &dir)?;
    let fupin = release_fupin(root)?;
    let py = python(root)?;
    let scripts = root.join("xtask/a1");
    let params = dir.join("a1-params.json");
    std::fs::write(&params, a1_params(root)?).map_err(|e| format!("{}: {e}", params.display()))?;
    println!(
        "A1 on {n} households (seed {seed}, {}), files written by {}, {runs} runs each, \
         alternately, {} cores",
        dir.display(),
        writers.join(", "),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let mut rows: Vec<A1Row> = Vec::new();
    for w in writers {
        let wdir = dir.join(format!("a1-{w}"));
        std::fs::create_dir_all(&wdir).map_err(|e| format!("{}: {e}", wdir.display()))?;
        let households = if w == "fupin" {
            dir.join("households.parquet")
        } else {
            let file = wdir.join("households.parquet");
            if !file.exists() {
                let part = wdir.join("households.parquet.part");
                let ok = Command::new(&py)
                    .arg(scripts.join("write.py"))
                    .arg(w)
                    .arg(dir.join("households.csv"))
                    .arg(&part)
                    .status()
                    .map_err(|e| format!("xtask/a1/write.py: {e}"))?;
                if !ok.success() {
                    return Err(format!("xtask/a1/write.py {w} failed"));
                }
                std::fs::rename(&part, &file).map_err(|e| format!("{}: {e}", file.display()))?;
            }
            file
        };
        let mb = std::fs::metadata(&households).map_or(0, |m| m.len()) as f64 / 1e6;
        let profile = a1_profile(root, &dir, &wdir, &households, &format!("a1-{w}-{n}"))?;
        println!("\n## A1, {w}'s file ({}, {mb:.0} MB)", households.display());
        let report = wdir.join("a1-fupin.json");
        let out = |tool: &str, level: &str| wdir.join(format!("a1-{tool}-{level}.csv"));
        let (mut decode, mut fupin_runs) = (Vec::new(), Vec::new());
        let mut peers: BTreeMap<&str, (Vec<Run>, Vec<f64>)> = BTreeMap::new();
        let mut expected: Option<(Outcomes, Outcomes)> = None;
        for round in 0..runs {
            let t = Instant::now();
            let (rows, _) = decode_columns(&households, &A1_COLUMNS, true)?;
            decode.push(Run {
                wall: t.elapsed(),
                peak_kb: 0,
            });
            if rows as u64 != n {
                return Err(format!("the decode read {rows} rows, expected {n}"));
            }
            let mut cmd = Command::new(&fupin);
            cmd.current_dir(root)
                .arg("assess")
                .arg("--profile")
                .arg(&profile)
                .args(["--format", "json", "--output"])
                .arg(&report);
            fupin_runs.push(measure(&mut cmd)?.0);
            if round == 0 {
                let ok = Command::new(&py)
                    .arg(scripts.join("outcomes.py"))
                    .arg(&report)
                    .arg(out("fupin", "villages"))
                    .arg(out("fupin", "counties"))
                    .status()
                    .map_err(|e| format!("xtask/a1/outcomes.py: {e}"))?;
                if !ok.success() {
                    return Err(format!("xtask/a1/outcomes.py {}", report.display()));
                }
                expected = Some((
                    a1_outcomes(&out("fupin", "villages"))?,
                    a1_outcomes(&out("fupin", "counties"))?,
                ));
            }
            for tool in ["duckdb", "polars"] {
                let mut cmd = Command::new(&py);
                cmd.arg(scripts.join(format!("a1_{tool}.py")))
                    .arg(&households)
                    .arg(dir.join("counties.csv"))
                    .arg(&params)
                    .arg(out(tool, "villages"))
                    .arg(out(tool, "counties"));
                let (r, stdout) = measure(&mut cmd)?;
                let e = peers.entry(tool).or_default();
                e.0.push(r);
                e.1.push(stdout.parse::<f64>().unwrap_or(f64::NAN));
                if round == 0
                    && let Some((v, c)) = &expected
                {
                    a1_same(
                        v,
                        &a1_outcomes(&out(tool, "villages"))?,
                        &format!("A1 villages, fupin against {tool} ({w}'s file)"),
                    )?;
                    a1_same(
                        c,
                        &a1_outcomes(&out(tool, "counties"))?,
                        &format!("A1 counties, fupin against {tool} ({w}'s file)"),
                    )?;
                }
            }
        }
        if let Some((v, c)) = &expected {
            let exits = |o: &Outcomes| o.values().filter(|x| x[2] == "exit").count();
            println!(
                "outcomes: fupin, DuckDB and polars agree on every village ({}, {} exit) and \
                 county ({}, {} exit)",
                v.len(),
                exits(v),
                c.len(),
                exits(c)
            );
        }
        let mut peer = |tool: &str| {
            let (r, mut inner) = peers.remove(tool).unwrap_or_default();
            inner.sort_by(f64::total_cmp);
            (median(r), inner.get(inner.len() / 2).copied())
        };
        let (duckdb, duckdb_inner) = peer("duckdb");
        let (polars, polars_inner) = peer("polars");
        let row = A1Row {
            writer: w.to_string(),
            mb,
            decode: median(decode),
            fupin: median(fupin_runs),
            duckdb,
            polars,
        };
        let (floor, duck) = (secs(row.decode), secs(row.duckdb));
        println!(
            "| {:<26} | {:>8} | {:>12} | {:>9} | {:>8} | {:>8} |",
            "tool", "wall (s)", "job only (s)", "peak (MB)", "/ decode", "/ DuckDB"
        );
        println!(
            "|{}|{}|{}|{}|{}|{}|",
            "-".repeat(28),
            "-".repeat(10),
            "-".repeat(14),
            "-".repeat(11),
            "-".repeat(10),
            "-".repeat(10)
        );
        let table: [(&str, Run, Option<f64>); 4] = [
            ("decode floor (in-process)", row.decode, None),
            ("fupin assess (JSON report)", row.fupin, None),
            ("DuckDB", row.duckdb, duckdb_inner),
            ("polars", row.polars, polars_inner),
        ];
        for (name, r, inner) in table {
            println!(
                "| {:<26} | {:>8.3} | {:>12} | {:>9} | {:>8.2} | {:>8.2} |",
                name,
                secs(r),
                inner.map_or("-".to_string(), |t| format!("{t:.3}")),
                peak_mb(r),
                secs(r) / floor,
                secs(r) / duck
            );
        }
        println!(
            "A1 on {w}'s file: fupin ÷ decode floor {:.2} (target ≤ 2), fupin ÷ DuckDB {:.2} \
             (target ≤ 0.5), fupin peak {} MB (target ≤ 256)",
            secs(row.fupin) / floor,
            secs(row.fupin) / duck,
            peak_mb(row.fupin)
        );
        rows.push(row);
    }
    if rows.len() > 1 {
        println!(
            "\n## A1, every writer ({n} households, median of {runs}; wall in s, peak in MB)\n"
        );
        println!(
            "| writer (file) | decode floor | fupin | DuckDB | polars | fupin ÷ decode (≤ 2) \
             | fupin ÷ DuckDB (≤ 0.5) | fupin peak (≤ 256 MB) |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        for r in &rows {
            println!(
                "| {} ({:.0} MB) | {:.3} | {:.3} | {:.3} | {:.3} | {:.2} | {:.2} | {} |",
                r.writer,
                r.mb,
                secs(r.decode),
                secs(r.fupin),
                secs(r.duckdb),
                secs(r.polars),
                secs(r.fupin) / secs(r.decode),
                secs(r.fupin) / secs(r.duckdb),
                peak_mb(r.fupin)
            );
        }
    }
    Ok(())
}

fn secs(r: Run) -> f64 {
    r.wall.as_secs_f64()
}

/// The peak in MB (10^6 bytes; `VmHWM` is in KiB), "-" when not measured.
fn peak_mb(r: Run) -> String {
    if r.peak_kb == 0 {
        "-".into()
    } else {
        format!("{:.0}", r.peak_kb as f64 * 1024.0 / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    #[test]
    fn a1_peers_read_the_values_fupin_reads() {
        let json = a1_params(&root()).expect("params");
        assert_eq!(
            json,
            "{\"year\": 2019, \"line\": 3218, \"guarantees\": [\"food_clothing\", \
             \"compulsory_education\", \"basic_medical\", \"safe_housing\", \"safe_water\"], \
             \"village_max_pct\": {\"east\": 2, \"central\": 2, \"west\": 3}, \
             \"county_max_pct\": {\"east\": 2, \"central\": 2, \"west\": 3}, \
             \"county_bound_passes\": true}\n"
        );
    }

    #[test]
    fn a1_outcomes_must_agree_unit_by_unit() {
        let t = |rows: &[(&str, &str, &str, &str)]| -> Outcomes {
            rows.iter()
                .map(|(c, p, f, o)| (c.to_string(), [p.to_string(), f.to_string(), o.to_string()]))
                .collect()
        };
        let fupin = t(&[("1", "100", "2", "exit"), ("2", "", "", "remain")]);
        let peer = t(&[("1", "100", "2", "exit"), ("2", "50", "9", "remain")]);
        assert!(a1_same(&fupin, &peer, "x").is_ok());
        let other = t(&[("1", "100", "2", "remain"), ("2", "50", "9", "remain")]);
        assert!(a1_same(&fupin, &other, "x").is_err());
        let counts = t(&[("1", "100", "3", "exit"), ("2", "50", "9", "remain")]);
        assert!(a1_same(&fupin, &counts, "x").is_err());
        let fewer = t(&[("1", "100", "2", "exit")]);
        assert!(a1_same(&fupin, &fewer, "x").is_err());
        let more = t(&[
            ("1", "100", "2", "exit"),
            ("2", "50", "9", "remain"),
            ("3", "1", "0", "exit"),
        ]);
        assert!(a1_same(&fupin, &more, "x").is_err());
    }
}
