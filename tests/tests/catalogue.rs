//! The bad-input catalogue (`docs/errors.md`) names a test for every entry: each must exist.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if p.is_dir() && name != "target" && !name.starts_with('.') {
            rust_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_catalogue_entry_names_an_existing_test() {
    let doc = std::fs::read_to_string(root().join("docs/errors.md")).expect("docs/errors.md");
    let mut sources = Vec::new();
    for dir in ["crates", "rules", "tests", "plugins"] {
        rust_sources(&root().join(dir), &mut sources);
    }
    let text: String = sources
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let mut named = 0;
    for line in doc.lines().filter(|l| l.starts_with('|')) {
        // The last cell names the test, in backticks.
        let Some(last) = line.trim_end_matches('|').rsplit('|').next() else {
            continue;
        };
        let last = last.trim();
        if let Some(name) = last.strip_prefix('`').and_then(|l| l.strip_suffix('`')) {
            named += 1;
            assert!(
                text.contains(&format!("fn {name}(")),
                "docs/errors.md names `{name}`, which is no test"
            );
        }
    }
    assert!(named >= 35, "only {named} entries name a test");
}
