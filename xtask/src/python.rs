//! `cargo xtask python [--release] [--venv DIR] [-- PYTEST ARGS]`: the Python package in a
//! virtual environment (`target/python-venv` by default): its test dependencies, the package
//! built from the checkout by maturin (the dev profile unless `--release`, so that CI reuses
//! what `cargo test` compiled), then its pytest suite against the CLI built beside it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the suite and the example need (duckdb and matplotlib for the tests that use them,
/// pyspark for `fupin.spark`'s, run in Spark local mode).
const TEST_PACKAGES: [&str; 8] = [
    "maturin>=1.7,<2",
    "pytest>=7",
    "pandas>=2.2",
    "pyarrow>=14",
    "polars>=1.0",
    "duckdb>=1.1",
    "matplotlib>=3.7",
    "pyspark>=4.0,<5",
];

pub(crate) fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("target"))
}

/// The virtual environment at `venv` (created when missing) with `packages` installed or
/// upgraded; its Python.
pub(crate) fn venv_with(venv: &Path, packages: &[&str], what: &str) -> Result<PathBuf, String> {
    let py = venv.join("bin").join("python");
    if !py.exists() {
        run(
            Command::new("python3").args(["-m", "venv"]).arg(venv),
            "python3 -m venv",
        )?;
    }
    run(
        Command::new(&py)
            .args(["-m", "pip", "install", "-q", "--upgrade"])
            .args(packages),
        &format!("pip install ({what})"),
    )?;
    Ok(py)
}

/// Build the package into a virtual environment and run its tests.
pub fn python(root: &Path, args: &[String]) -> Result<(), String> {
    let release = args.iter().any(|a| a == "--release");
    let venv = match args.iter().position(|a| a == "--venv") {
        Some(i) => PathBuf::from(args.get(i + 1).ok_or("--venv needs a directory")?),
        None => target_dir(root).join("python-venv"),
    };
    let pytest_args: Vec<&String> = match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].iter().collect(),
        None => Vec::new(),
    };
    let bin = venv.join("bin");
    let py = venv_with(&venv, &TEST_PACKAGES, "test dependencies")?;
    run(
        Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "fupin-cli"])
            .current_dir(root),
        "cargo build -p fupin-cli",
    )?;
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .map_err(|e| e.to_string())?;
    let mut pip = Command::new(&py);
    pip.args([
        "-m",
        "pip",
        "install",
        "-q",
        "--no-build-isolation",
        "--force-reinstall",
        "--no-deps",
        "./crates/python",
    ])
    .current_dir(root)
    .env("PATH", &path);
    if !release {
        pip.env("MATURIN_PEP517_ARGS", "--profile dev");
    }
    run(&mut pip, "pip install ./crates/python")?;
    run(
        Command::new(&py)
            .args(["-m", "pytest", "crates/python/tests", "-q"])
            .args(pytest_args)
            .current_dir(root)
            .env("FUPIN_CLI", target_dir(root).join("debug/fupin")),
        "pytest",
    )
}
