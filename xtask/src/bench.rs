//! `cargo xtask bench w1`: benchmark W1 (issue 6) run end to end by fupin, polars and DuckDB
//! on the same generated registry, checked to agree, with wall time, peak memory and ratios.
//!
//! W1, per county: persons; persons in households poor under 1,150, 1,920 and 3,218 yuan
//! (given to fupin as profile overrides, `profiles/w1/`); persons in households that fail the
//! 2011 household exit test; the incidence; the county exit outcome (<= 2%, <= 3% in the
//! west). fupin runs through its command line (`fupin tabulate` with the three profiles, one
//! read of the households); polars and DuckDB run the Python scripts in `xtask/w1/`, in a
//! virtual environment under `target/` that the command creates when missing. Also measured:
//! the time only to decode the columns W1 reads (the arrow/parquet crates, row groups split
//! over all cores), the floor for any tool reading the file.
//!
//! `--writer pyarrow|polars|pandas|duckdb` measures the same rows as that tool writes them with
//! its defaults (`xtask/w1/write.py`: integer codes and float money from polars, pandas and
//! DuckDB; pandas categoricals; pyarrow's decimals and fully quoted CSV), written once into
//! `DIR/WRITER/`; `fupin` (the default) is `cargo xtask gen-data`'s own files.
//!
//! `cargo xtask bench a1` (issue 35): `fupin assess` with the 2011 household rules, village
//! exit and county exit by incidence, JSON report to a file, on the same registry's Parquet
//! households as each writer writes them (ids and village codes as text, `xtask/a1/write.py`),
//! against DuckDB and polars doing the same job (`xtask/a1/a1_duckdb.py`, `a1_polars.py`) and
//! the decode floor of the eleven columns the job reads (each value touched once); every
//! village and county outcome checked equal (`a1`, below).
//!
//! Wall time is the whole process (start to exit), median of `--runs`; peak memory is the
//! process's high-water mark (`VmHWM`, sampled every 2 ms until it exits). The command
//! re-runs itself from a release build of xtask, so the in-process decode is optimised like
//! fupin.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: cargo xtask bench w1 [--households N] [--seed S] [--dir DIR] \
                     [--runs R] [--input parquet|csv|both] \
                     [--writer fupin|pyarrow|polars|pandas|duckdb]";

/// The tools whose default files W1 can be measured on (`--writer`).
const WRITERS: [&str; 5] = ["fupin", "pyarrow", "polars", "pandas", "duckdb"];

/// Python packages, pinned so the comparison is reproducible.
const PY_PACKAGES: [&str; 4] = [
    "polars==2.1.0",
    "duckdb==2.0.0",
    "pyarrow==26.0.1",
    "pandas==3.1.1",
];

pub(crate) fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

pub fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    // `cargo xtask` builds in the dev profile; the decode-only baseline runs in this process,
    // so measure from a release build of xtask (re-run as one).
    if cfg!(debug_assertions) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(root)
            .args(["run", "--release", "--quiet", "-p", "xtask", "--", "bench"])
            .args(args)
            .status()
            .map_err(|e| format!("cargo run --release -p xtask: {e}"))?;
        return if status.success() {
            Ok(())
        } else {
            Err("the release build of the benchmark failed".into())
        };
    }
    match args.first().map(String::as_str) {
        Some("w1") => w1(root, &args[1..]),
        Some("scale") => crate::scale::scale(root, &args[1..]),
        Some("a1") => a1(root, &args[1..]),
        Some("all") => all(root, &args[1..]),
        _ => Err(format!(
            "{USAGE}\n       {A1_USAGE}\n       \
             cargo xtask bench scale [--households N] [--seed S] [--runs R] [--times T]\n       \
             cargo xtask bench all [--households N] [--seed S] [--runs R] [--times T]"
        )),
    }
}

/// `cargo xtask bench all`: every figure of issues 17 and 35 in one command: W1 on the files
/// of every writer, Parquet and CSV, then A1 on the files of every writer, then the
/// national-scale runs (`--times`, 10 unless given).
fn all(root: &Path, args: &[String]) -> Result<(), String> {
    let mut given: Vec<String> = Vec::new();
    for name in ["--households", "--seed", "--runs"] {
        if let Some(v) = flag(args, name) {
            given.extend([name.to_string(), v]);
        }
    }
    for writer in WRITERS {
        let mut a = given.clone();
        a.extend(["--writer".to_string(), writer.to_string()]);
        w1(root, &a)?;
        println!();
    }
    let mut a = given.clone();
    a.extend(["--writer".to_string(), "all".to_string()]);
    a1(root, &a)?;
    println!();
    let mut a = given;
    a.extend([
        "--times".to_string(),
        flag(args, "--times").unwrap_or_else(|| "10".into()),
    ]);
    crate::scale::scale(root, &a)
}

/// `cargo xtask gen-data`'s registry of `n` households in `dir` (CSV and Parquet), made
/// when missing.
pub(crate) fn ensure_registry(root: &Path, n: u64, seed: &str, dir: &Path) -> Result<(), String> {
    if dir.join("households.parquet").exists() {
        return Ok(());
    }
    let a: Vec<String> = ["--households", &n.to_string(), "--seed", seed, "--out"]
        .iter()
        .map(|s| s.to_string())
        .chain([dir.display().to_string(), "--parquet".into()])
        .collect();
    crate::gendata::gen_data(root, &a)
}

/// The release build of the `fupin` binary, built now (a no-op when it is up to date).
pub(crate) fn release_fupin(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let ok = Command::new(&cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "fupin-cli"])
        .status()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !ok.success() {
        return Err("cargo build --release -p fupin-cli failed".into());
    }
    Ok(root.join("target/release/fupin"))
}

/// One measured process run.
#[derive(Clone, Copy)]
pub(crate) struct Run {
    pub(crate) wall: Duration,
    pub(crate) peak_kb: u64,
}

/// Run a command, sampling its peak memory; fail on a non-zero exit.
pub(crate) fn measure(cmd: &mut Command) -> Result<(Run, String), String> {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let mut child = child;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_path)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kb);
        }
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(e.to_string()),
        }
    }
    let wall = start.elapsed();
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok((
        Run {
            wall,
            peak_kb: peak,
        },
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
    ))
}

pub(crate) fn median(mut runs: Vec<Run>) -> Run {
    runs.sort_by_key(|r| r.wall);
    let mut m = runs[runs.len() / 2];
    m.peak_kb = runs.iter().map(|r| r.peak_kb).max().unwrap_or(0);
    m
}

/// The virtual environment with polars and DuckDB, created when missing.
pub(crate) fn python(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join("target/w1-venv");
    let py = venv.join("bin/python");
    let ready = py.exists()
        && Command::new(&py)
            .args(["-c", "import polars, duckdb, pyarrow, pandas"])
            .status()
            .is_ok_and(|s| s.success());
    if ready {
        return Ok(py);
    }
    eprintln!(
        "bench: installing {} into {}",
        PY_PACKAGES.join(", "),
        venv.display()
    );
    let ok = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .map_err(|e| format!("python3 -m venv: {e}"))?;
    if !ok.success() {
        return Err("python3 -m venv failed".into());
    }
    let ok = Command::new(&py)
        .args(["-m", "pip", "install", "--quiet"])
        .args(PY_PACKAGES)
        .status()
        .map_err(|e| format!("pip: {e}"))?;
    if !ok.success() {
        return Err("pip install of polars, duckdb, pyarrow and pandas failed".into());
    }
    Ok(py)
}

/// Decode only the columns W1 reads, row groups split over all cores; returns rows.
fn decode_only(path: &Path) -> Result<usize, String> {
    // The columns W1 reads: county, size, year, income and the five guarantees.
    let cols: Vec<&str> = ["county", "size", "year", "net_income_per_capita"]
        .into_iter()
        .chain(fupin::Guarantee::ALL.iter().map(|g| g.column()))
        .collect();
    Ok(decode_columns(path, &cols, false)?.0)
}

/// Decode `cols` of a Parquet file (those it has), row groups split over all cores, in
/// batches of 65,536 rows as fupin reads them; returns the rows and, with `touch`, a sum over
/// every byte of every decoded buffer (each value touched once). With `touch`, text county
/// and village codes are read as Arrow dictionaries, as fupin asks the reader for them
/// (`with_dictionary_codes` in the engine's scan): the cheapest decode of those columns.
fn decode_columns(path: &Path, cols: &[&str], touch: bool) -> Result<(usize, u64), String> {
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::{
        ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
    };
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    let e = |x: &dyn std::fmt::Display| format!("{}: {x}", path.display());
    let file = std::fs::File::open(path).map_err(|x| e(&x))?;
    let mut meta =
        ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(|x| e(&x))?;
    if touch {
        meta = with_dictionary_codes(meta);
    }
    let idx: Vec<usize> = cols
        .iter()
        .filter_map(|c| meta.schema().index_of(c).ok())
        .collect();
    let mask = ProjectionMask::roots(meta.parquet_schema(), idx);
    let groups = meta.metadata().num_row_groups();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let total = AtomicUsize::new(0);
    let sum = AtomicU64::new(0);
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for _ in 0..threads {
            handles.push(s.spawn(|| -> Result<(), String> {
                loop {
                    let g = next.fetch_add(1, Ordering::Relaxed);
                    if g >= groups {
                        return Ok(());
                    }
                    let f = std::fs::File::open(path).map_err(|x| e(&x))?;
                    let r = ParquetRecordBatchReaderBuilder::new_with_metadata(f, meta.clone())
                        .with_row_groups(vec![g])
                        .with_projection(mask.clone())
                        .with_batch_size(65_536)
                        .build()
                        .map_err(|x| e(&x))?;
                    for b in r {
                        let b = b.map_err(|x| e(&x))?;
                        total.fetch_add(b.num_rows(), Ordering::Relaxed);
                        if touch {
                            let t = b
                                .columns()
                                .iter()
                                .fold(0u64, |acc, c| acc.wrapping_add(touch_array(c.as_ref())));
                            sum.fetch_add(t, Ordering::Relaxed);
                        }
                    }
                }
            }));
        }
        for h in handles {
            h.join()
                .map_err(|_| "decode thread panicked".to_string())??;
        }
        Ok::<(), String>(())
    })?;
    Ok((total.into_inner(), sum.into_inner()))
}

/// Text county and village columns read as dictionaries (Int32 keys over Utf8), as the
/// engine's scan reads them; other columns as they are.
fn with_dictionary_codes(
    meta: parquet::arrow::arrow_reader::ArrowReaderMetadata,
) -> parquet::arrow::arrow_reader::ArrowReaderMetadata {
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions};
    let schema = meta.schema();
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                if ["county", "village"].contains(&f.name().as_str()) =>
            {
                f.as_ref().clone().with_data_type(DataType::Dictionary(
                    Box::new(DataType::Int32),
                    Box::new(DataType::Utf8),
                ))
            }
            _ => f.as_ref().clone(),
        })
        .collect();
    let hint = std::sync::Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    ArrowReaderMetadata::try_new(
        meta.metadata().clone(),
        ArrowReaderOptions::new().with_schema(hint),
    )
    .unwrap_or(meta)
}

/// Every byte of an array's buffers (values, offsets, validity) and of its children (a
/// dictionary's values) read once and summed: each decoded value touched once.
fn touch_array(a: &dyn arrow_array::Array) -> u64 {
    let d = a.to_data();
    let mut s = d
        .buffers()
        .iter()
        .fold(0u64, |acc, b| acc.wrapping_add(sum_bytes(b.as_slice())));
    if let Some(n) = d.nulls() {
        s = s.wrapping_add(sum_bytes(n.buffer().as_slice()));
    }
    for c in d.child_data() {
        s = s.wrapping_add(touch_array(arrow_array::make_array(c.clone()).as_ref()));
    }
    s
}

/// The bytes read as little-endian 64-bit words and summed (wrapping).
fn sum_bytes(bytes: &[u8]) -> u64 {
    let words = bytes.chunks_exact(8);
    let rest = words.remainder();
    let s = words.fold(0u64, |acc, w| {
        let mut x = [0u8; 8];
        x.copy_from_slice(w);
        acc.wrapping_add(u64::from_le_bytes(x))
    });
    rest.iter()
        .fold(s, |acc, &x| acc.wrapping_add(u64::from(x)))
}

type Table = BTreeMap<String, Vec<String>>;

/// A CSV's rows, each as column → value.
type Rows = Vec<BTreeMap<String, String>>;

/// A CSV's rows.
fn read_table(path: &Path) -> Result<Rows, String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        rows.push(
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect(),
        );
    }
    Ok(rows)
}

const COLS: [&str; 7] = [
    "persons",
    "poor_1150",
    "poor_1920",
    "poor_3218",
    "fail",
    "incidence_pct",
    "exit",
];

/// fupin's long table (profile × county) as the W1 table.
fn fupin_table(path: &Path) -> Result<Table, String> {
    let rows = read_table(path)?;
    let mut t: Table = BTreeMap::new();
    for r in rows {
        let g = |k: &str| r.get(k).cloned().unwrap_or_default();
        if g("persons") == "0" {
            continue;
        }
        let e = t
            .entry(g("county"))
            .or_insert_with(|| vec![String::new(); COLS.len()]);
        e[0] = g("persons");
        match g("profile").as_str() {
            "w1-1150" => e[1] = g("poor_persons"),
            "w1-1920" => e[2] = g("poor_persons"),
            "w1-3218" => {
                e[3] = g("poor_persons");
                e[4] = g("remaining_persons");
                e[5] = g("incidence_pct");
                e[6] = g("exit");
            }
            p => return Err(format!("unexpected profile {p} in fupin's table")),
        }
    }
    Ok(t)
}

fn tool_table(path: &Path) -> Result<Table, String> {
    let rows = read_table(path)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let v = COLS
                .iter()
                .map(|c| r.get(*c).cloned().unwrap_or_default())
                .collect();
            (r.get("county").cloned().unwrap_or_default(), v)
        })
        .collect())
}

/// Whether two W1 tables agree: counts and outcomes exactly, incidence to 1e-6.
fn same(a: &Table, b: &Table, what: &str) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!("{what}: {} counties against {}", a.len(), b.len()));
    }
    for ((ka, va), (kb, vb)) in a.iter().zip(b) {
        if ka != kb {
            return Err(format!("{what}: county {ka} against {kb}"));
        }
        for (i, c) in COLS.iter().enumerate() {
            let ok = if *c == "incidence_pct" {
                let x: f64 = va[i].parse().unwrap_or(f64::NAN);
                let y: f64 = vb[i].parse().unwrap_or(f64::NAN);
                (x - y).abs() <= 1.5e-6
            } else {
                va[i] == vb[i]
            };
            if !ok {
                return Err(format!(
                    "{what}: county {ka}, {c}: {} against {}",
                    va[i], vb[i]
                ));
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_lines)]
fn w1(root: &Path, args: &[String]) -> Result<(), String> {
    let n: u64 = flag(args, "--households")
        .unwrap_or_else(|| "30000000".into())
        .replace('_', "")
        .parse()
        .map_err(|_| USAGE.to_string())?;
    let seed = flag(args, "--seed").unwrap_or_else(|| "1".into());
    let runs: usize = flag(args, "--runs")
        .unwrap_or_else(|| "3".into())
        .parse()
        .map_err(|_| USAGE.to_string())?;
    let runs = runs.max(1);
    let input = flag(args, "--input").unwrap_or_else(|| "both".into());
    let writer = flag(args, "--writer").unwrap_or_else(|| "fupin".into());
    if !WRITERS.contains(&writer.as_str()) {
        return Err(USAGE.into());
    }
    let dir = flag(args, "--dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(format!("target/w1-{n}-{seed}")));
    ensure_registry(root, n, &seed, &dir)?;
    let fupin = release_fupin(root)?;
    let py = python(root)?;
    let scripts = root.join("xtask/w1");
    let counties = dir.join("counties.csv");
    let inputs: Vec<&str> = match input.as_str() {
        "both" => vec!["parquet", "csv"],
        "parquet" => vec!["parquet"],
        "csv" => vec!["csv"],
        _ => return Err(USAGE.into()),
    };
    println!(
        "W1 on {n} households (seed {seed}, {}), files written by {writer}, {runs} runs each, \
         {} cores",
        dir.display(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for ext in inputs {
        // The same rows as another tool writes them with its defaults (`xtask/w1/write.py`),
        // written once into DIR/WRITER/.
        let (households, dir) = if writer == "fupin" {
            (dir.join(format!("households.{ext}")), dir.clone())
        } else {
            let wdir = dir.join(&writer);
            let file = wdir.join(format!("households.{ext}"));
            if !file.exists() {
                std::fs::create_dir_all(&wdir).map_err(|e| format!("{}: {e}", wdir.display()))?;
                let ok = Command::new(&py)
                    .arg(scripts.join("write.py"))
                    .args([writer.as_str(), ext])
                    .arg(dir.join("households.csv"))
                    .arg(&file)
                    .status()
                    .map_err(|e| format!("write.py: {e}"))?;
                if !ok.success() {
                    return Err(format!("write.py {writer} {ext} failed"));
                }
            }
            (file, wdir)
        };
        let size = std::fs::metadata(&households).map_or(0, |m| m.len());
        println!(
            "\n## {ext} ({}, {:.0} MB)",
            households.display(),
            size as f64 / 1e6
        );
        let mut results: Vec<(&str, Run, Option<f64>)> = Vec::new();
        if ext == "parquet" {
            let mut times = Vec::new();
            for _ in 0..runs {
                let t = Instant::now();
                let rows = decode_only(&households)?;
                times.push(Run {
                    wall: t.elapsed(),
                    peak_kb: 0,
                });
                if rows as u64 != n {
                    return Err(format!("decode read {rows} rows, expected {n}"));
                }
            }
            results.push(("decode only (in-process)", median(times), None));
        }
        let out_f = dir.join(format!("w1-fupin-{ext}.csv"));
        let mut v = Vec::new();
        for _ in 0..runs {
            let mut cmd = Command::new(&fupin);
            cmd.current_dir(root).arg("tabulate");
            for l in ["1150", "1920", "3218"] {
                cmd.arg("--profile")
                    .arg(root.join(format!("profiles/w1/w1-{l}.toml")));
            }
            cmd.arg("--counties")
                .arg(&counties)
                .arg("--households")
                .arg(&households)
                .args(["--format", "csv", "--output"])
                .arg(&out_f);
            v.push(measure(&mut cmd)?.0);
        }
        results.push(("fupin tabulate (3 profiles)", median(v), None));
        let fupin_t = fupin_table(&out_f)?;
        for tool in ["polars", "duckdb"] {
            let out_t = dir.join(format!("w1-{tool}-{ext}.csv"));
            let mut v = Vec::new();
            let mut inner = Vec::new();
            for _ in 0..runs {
                let mut cmd = Command::new(&py);
                cmd.arg(scripts.join(format!("w1_{tool}.py")))
                    .arg(&households)
                    .arg(&counties)
                    .arg(&out_t);
                let (r, stdout) = measure(&mut cmd)?;
                v.push(r);
                inner.push(stdout.parse::<f64>().unwrap_or(f64::NAN));
            }
            inner.sort_by(f64::total_cmp);
            let t = tool_table(&out_t)?;
            same(&fupin_t, &t, &format!("fupin against {tool} ({ext})"))?;
            results.push((tool, median(v), Some(inner[inner.len() / 2])));
        }
        println!(
            "county tables: fupin, polars and DuckDB agree ({} counties)",
            fupin_t.len()
        );
        let base = results
            .iter()
            .find(|r| r.0 == "polars")
            .map(|r| r.1.wall.as_secs_f64())
            .unwrap_or(1.0);
        let fupin_wall = results
            .iter()
            .find(|r| r.0.starts_with("fupin"))
            .map(|r| r.1.wall.as_secs_f64())
            .unwrap_or(0.0);
        println!(
            "| {:<28} | {:>9} | {:>12} | {:>10} | {:>13} |",
            "tool", "wall (s)", "job only (s)", "peak (MB)", "wall / polars"
        );
        for (name, r, inner) in &results {
            println!(
                "| {:<28} | {:>9.3} | {:>12} | {:>10} | {:>13.2} |",
                name,
                r.wall.as_secs_f64(),
                inner.map_or("-".to_string(), |t| format!("{t:.3}")),
                if r.peak_kb > 0 {
                    format!("{:.0}", r.peak_kb as f64 / 1024.0)
                } else {
                    "-".into()
                },
                r.wall.as_secs_f64() / base
            );
        }
        if let Some(d) = results.iter().find(|r| r.0.starts_with("decode")) {
            println!(
                "fupin / decode only: {:.2}",
                fupin_wall / d.1.wall.as_secs_f64()
            );
        }
    }
    Ok(())
}

const A1_USAGE: &str = "usage: cargo xtask bench a1 [--households N] [--seed S] [--dir DIR] \
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
fn a1(root: &Path, args: &[String]) -> Result<(), String> {
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
