//! `cargo xtask plugins`: build the plugin crates (release) and place their libraries in
//! `target/plugins/`, where the shipped plugin profiles look for them.
//!
//! `cargo xtask new-plugin NAME [--dir DIR] [--no-build]`: scaffold a provincial plugin crate
//! from `xtask/templates/plugin/`, add it to the workspace, build it and run its snapshot
//! tests (the first run writes the snapshots for review).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The plugin crates under `plugins/` (those with a `Cargo.toml`), by package name.
fn plugin_packages(root: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let dir = root.join("plugins");
    for e in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = e.map_err(|e| e.to_string())?.path().join("Cargo.toml");
        let name = std::fs::read_to_string(&path).ok().and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("name = \""))
                .map(|n| n.trim_end_matches('"').to_string())
        });
        if let Some(name) = name.filter(|n| n != "fupin-plugin-testing") {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed"))
    }
}

/// Build every plugin and place it in `target/plugins/`.
pub fn build_all(root: &Path) -> Result<(), String> {
    let packages = plugin_packages(root)?;
    let mut cmd = cargo();
    cmd.current_dir(root).args(["build", "--release"]);
    for p in &packages {
        cmd.args(["--package", p]);
    }
    run(&mut cmd)?;
    let dest = root.join("target/plugins");
    std::fs::create_dir_all(&dest).map_err(|e| format!("{}: {e}", dest.display()))?;
    for p in &packages {
        let lib = format!(
            "{}{}{}",
            std::env::consts::DLL_PREFIX,
            p.replace('-', "_"),
            std::env::consts::DLL_SUFFIX
        );
        let from = root.join("target/release").join(&lib);
        std::fs::copy(&from, dest.join(&lib)).map_err(|e| format!("{}: {e}", from.display()))?;
        println!("target/plugins/{lib}");
    }
    Ok(())
}

/// The files of a new plugin crate, from the templates.
pub fn scaffold_files(name: &str) -> Result<Vec<(PathBuf, String)>, String> {
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || name.starts_with('-')
    {
        return Err(format!(
            "`{name}`: a plugin name is lower-case letters, digits and '-' (e.g. hunan-exit)"
        ));
    }
    let rule_set = name.split('-').next().unwrap_or(name).to_string();
    let krate = name.replace('-', "_");
    let fill = |t: &str| {
        t.replace("{{name}}", name)
            .replace("{{rule_set}}", &rule_set)
            .replace("{{crate}}", &krate)
    };
    Ok(vec![
        (
            PathBuf::from("Cargo.toml"),
            fill(include_str!("../templates/plugin/Cargo.toml.tmpl")),
        ),
        (
            PathBuf::from("params.toml"),
            fill(include_str!("../templates/plugin/params.toml.tmpl")),
        ),
        (
            PathBuf::from("src/lib.rs"),
            fill(include_str!("../templates/plugin/lib.rs.tmpl")),
        ),
        (
            PathBuf::from("tests/snapshots.rs"),
            fill(include_str!("../templates/plugin/snapshots.rs.tmpl")),
        ),
    ])
}

/// Scaffold, register, build and test a new plugin.
pub fn new_plugin(root: &Path, args: &[String]) -> Result<(), String> {
    let name = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .ok_or("usage: cargo xtask new-plugin NAME [--no-build]")?;
    let dir = root.join("plugins").join(name);
    if dir.exists() {
        return Err(format!("{} exists", dir.display()));
    }
    for (rel, text) in scaffold_files(name)? {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    // Register the crate in the workspace.
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    let entry = format!("\"plugins/{name}\", ");
    let text = text.replacen(
        "\"plugins/testing\", ",
        &format!("{entry}\"plugins/testing\", "),
        2,
    );
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    println!("created plugins/{name} and added it to the workspace");
    if args.iter().any(|a| a == "--no-build") {
        return Ok(());
    }
    let package = format!("fupin-plugin-{name}");
    // The scaffold formatted as `cargo fmt --check` wants it (skipped when rustfmt is absent).
    if cargo()
        .current_dir(root)
        .args(["fmt", "--package", &package])
        .status()
        .map(|s| !s.success())
        .unwrap_or(true)
    {
        eprintln!("note: `cargo fmt --package {package}` did not run; format the new files");
    }
    run(cargo()
        .current_dir(root)
        .args(["build", "--package", &package]))?;
    run(cargo()
        .current_dir(root)
        .env("INSTA_UPDATE", "always")
        .args(["test", "--package", &package]))?;
    println!(
        "built and tested {package}: review plugins/{name}/tests/snapshots/, replace every \
         REPLACE, then load it from a profile (docs/plugins.md)"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaffold_fills_every_placeholder() {
        let files = scaffold_files("hunan-exit").expect("files");
        assert_eq!(files.len(), 4);
        for (path, text) in &files {
            assert!(!text.contains("{{"), "{}: {text}", path.display());
        }
        let lib = &files
            .iter()
            .find(|(p, _)| p.ends_with("lib.rs"))
            .expect("lib")
            .1;
        assert!(lib.contains("hunan.county.exit.indicator"));
        let cargo = &files
            .iter()
            .find(|(p, _)| p.ends_with("Cargo.toml"))
            .expect("toml")
            .1;
        assert!(cargo.contains("name = \"fupin-plugin-hunan-exit\""));
        assert!(scaffold_files("Hunan").is_err());
        assert!(scaffold_files("").is_err());
    }
}
