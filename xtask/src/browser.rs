//! `cargo xtask browser [--screenshot FILE] [-- PYTEST ARGS]`: the report page in a real
//! browser. Debian's `chromium` (or the one `FUPIN_CHROMIUM` names) runs headless with no
//! network, driven by Playwright from the Python virtual environment of `cargo xtask python`
//! (`target/python-venv`; Playwright's own browser download is never used). The tests are
//! `crates/report/tests/browser`; `--screenshot docs/report.png` also writes the README's
//! picture of the sample report.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::python::{run, target_dir, venv_with};

const PACKAGES: [&str; 2] = ["pytest>=7", "playwright>=1.45,<2"];

/// The browser: `FUPIN_CHROMIUM`, else the first of the usual names on `PATH`.
fn chromium() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("FUPIN_CHROMIUM") {
        return Ok(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let f = dir.join(name);
            if f.is_file() {
                return Ok(f);
            }
        }
    }
    Err(
        "no Chromium found: install Debian's `chromium` (apt-get install chromium), or set \
         FUPIN_CHROMIUM to a Chromium or Chrome binary"
            .into(),
    )
}

/// Run the browser tests.
pub fn browser(root: &Path, args: &[String]) -> Result<(), String> {
    let browser = chromium()?;
    let screenshot = match args.iter().position(|a| a == "--screenshot") {
        Some(i) => Some(root.join(args.get(i + 1).ok_or("--screenshot needs a file")?)),
        None => None,
    };
    let pytest_args: Vec<&String> = match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].iter().collect(),
        None => Vec::new(),
    };
    let venv = target_dir(root).join("python-venv");
    let py = venv_with(&venv, &PACKAGES, "browser test dependencies")?;
    run(
        Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "fupin-cli"])
            .current_dir(root),
        "cargo build -p fupin-cli",
    )?;
    let mut pytest = Command::new(&py);
    pytest
        .args(["-m", "pytest", "crates/report/tests/browser", "-q"])
        .args(pytest_args)
        .current_dir(root)
        .env("FUPIN_CLI", target_dir(root).join("debug/fupin"))
        .env("FUPIN_CHROMIUM", &browser);
    if let Some(s) = &screenshot {
        pytest.env("FUPIN_SCREENSHOT", s);
    }
    run(&mut pytest, "pytest (browser)")
}
