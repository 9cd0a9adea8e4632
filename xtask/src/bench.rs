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
pub(crate) const WRITERS: [&str; 5] = ["fupin", "pyarrow", "polars", "pandas", "duckdb"];

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
        Some("a1") => crate::a1::a1(root, &args[1..]),
        Some("all") => all(root, &args[1..]),
        _ => Err(format!(
            "{USAGE}\n       {}\n       \
             cargo xtask bench scale [--households N] [--seed S] [--runs R] [--times T]\n       \
             cargo xtask bench all [--households N] [--seed S] [--runs R] [--times T]",
            crate::a1::A1_USAGE
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
    crate::a1::a1(root, &a)?;
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
pub(crate) fn decode_columns(
    path: &Path,
    cols: &[&str],
    touch: bool,
) -> Result<(usize, u64), String> {
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
