//! The house rules, checked (as rust-analyzer's tidy test checks its own): the invariants
//! ARCHITECTURE.md states hold in the source, not only in the prose.
//!
//! - Rule crates depend only on `fupin-core`; core and rules do no file-system access and
//!   print nothing.
//! - `unsafe` appears only in `crates/plugin-api` and the engine's plugin loader.
//! - Every rule is one file whose path mirrors its id, its documentation has every section,
//!   and its summary names only parameters that exist.
//! - The front ends (the CLI, the report, the Python package, the tests, the xtasks) depend
//!   on the `fupin` library only.
//! - Engine files import no file that imports them back; setup and input never import
//!   evaluation or output; evaluation imports only the writer and the row schema of output.
//! - Copied fuzz seeds equal their sources.
//! - No source file is longer than [`MAX_LINES`] lines of code (tests below
//!   `#[cfg(test)]` not counted) unless [`LONG_FILES`] says why.
//! - ARCHITECTURE.md names every workspace member, and every path it names exists.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Lines of code a source file may have before the tests that follow `#[cfg(test)]`.
const MAX_LINES: usize = 800;

/// Files allowed to be longer, and why.
const LONG_FILES: &[(&str, &str)] = &[
    (
        "crates/engine/src/setup/profile.rs",
        "the profile schema: every key with its line-numbered message, `extends`, indicators \
         and plugins, and the JSON schema derived from the same types",
    ),
    (
        "crates/cli/tests/cli.rs",
        "the command line's integration tests, one per documented behaviour of each command",
    ),
];

/// Fuzz seeds copied from shipped files, which must stay equal to them.
const SEEDS: &[(&str, &str)] = &[
    (
        "fuzz/seeds/parameter_loader/params.toml",
        "rules/std2011/params.toml",
    ),
    (
        "fuzz/seeds/profile_loader/national-2011.toml",
        "profiles/national-2011.toml",
    ),
    (
        "fuzz/seeds/profile_loader/shaanxi.toml",
        "profiles/provinces/shaanxi.toml",
    ),
];

/// The sections every rule's documentation has.
const DOC_SECTIONS: [&str; 6] = [
    "# What it decides",
    "# Legal basis",
    "# Era",
    "# Parameters",
    "# Bound",
    "# Example",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The code of a file: without its `#[cfg(test)]` tail, without comment lines.
fn code(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect()
}

/// The `[dependencies]` table of a manifest (not dev-dependencies).
fn dependencies(manifest: &Path) -> BTreeSet<String> {
    let text = fs::read_to_string(manifest).expect("manifest");
    let doc: toml::Table = text.parse().expect("toml");
    doc.get("dependencies")
        .and_then(|d| d.as_table())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

fn members() -> Vec<String> {
    let text = fs::read_to_string(root().join("Cargo.toml")).expect("manifest");
    let doc: toml::Table = text.parse().expect("toml");
    doc["workspace"]["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m.as_str().expect("member").to_string())
        .collect()
}

#[test]
fn rule_crates_depend_on_core_only_and_do_no_io() {
    let mut problems = Vec::new();
    for m in members().iter().filter(|m| m.starts_with("rules/")) {
        let deps = dependencies(&root().join(m).join("Cargo.toml"));
        let extra: Vec<_> = deps.iter().filter(|d| *d != "fupin-core").collect();
        if !extra.is_empty() {
            problems.push(format!(
                "{m} depends on {extra:?} (rule crates use fupin-core only)"
            ));
        }
    }
    let forbidden = [
        "std::fs",
        "File::",
        "std::env",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "stdout()",
        "stderr()",
        "std::process",
    ];
    let mut dirs = vec![root().join("crates/core/src")];
    dirs.extend(
        members()
            .iter()
            .filter(|m| m.starts_with("rules/"))
            .map(|m| root().join(m).join("src")),
    );
    for f in dirs.iter().flat_map(|d| rust_files(d)) {
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = fs::read_to_string(&f).expect("read");
        for (i, line) in code(&text).iter().enumerate() {
            for word in forbidden {
                if line.contains(word) {
                    problems.push(format!("{}:{}: `{word}` in core or a rule", rel(&f), i + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn unsafe_only_in_the_plugin_abi_its_loader_and_the_allocator_option() {
    let allowed = [
        "crates/plugin-api/src/",
        "crates/engine/src/setup/plugin.rs",
        // mimalloc's purge delay, set through its C API at start-up.
        "crates/cli/src/allocator.rs",
    ];
    let mut problems = Vec::new();
    for dir in ["crates", "rules", "plugins", "xtask", "tests"] {
        for f in rust_files(&root().join(dir)) {
            let r = rel(&f);
            if allowed.iter().any(|a| r.starts_with(a)) || r == "tests/tests/tidy.rs" {
                continue;
            }
            let text = fs::read_to_string(&f).expect("read");
            for (i, line) in text.lines().enumerate() {
                let l = line.trim_start();
                if l.starts_with("//") {
                    continue;
                }
                let has = l
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == "unsafe");
                if has {
                    problems.push(format!("{r}:{}: unsafe", i + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The plugins are under the workspace lints (`unsafe_code = "deny"`).
    for m in members().iter().filter(|m| m.starts_with("plugins/")) {
        let text = fs::read_to_string(root().join(m).join("Cargo.toml")).expect("manifest");
        assert!(
            text.contains("[lints]\nworkspace = true"),
            "{m} is not under the workspace lints"
        );
    }
}

#[test]
fn every_rule_is_one_file_with_its_whole_documentation() {
    fupin::link_all();
    let params = fupin::registered_parameters().expect("parameters");
    let mut problems = Vec::new();
    let rules = fupin::rules(None);
    assert!(!rules.is_empty());
    for r in &rules {
        let m = r.meta();
        let mut parts = m.id.split('.');
        let set = parts.next().unwrap_or_default();
        let file = root()
            .join("rules")
            .join(set)
            .join("src")
            .join(format!("{}.rs", parts.collect::<Vec<_>>().join("/")));
        match fs::read_to_string(&file) {
            Ok(text) => {
                if !text.contains(&format!("id: \"{}\",", m.id)) {
                    problems.push(format!("{}: does not declare {}", rel(&file), m.id));
                }
                if text.matches("fupin_core::rule! {").count() != 1 {
                    problems.push(format!("{}: one rule per file", rel(&file)));
                }
            }
            Err(_) => problems.push(format!("{}: no file {}", m.id, rel(&file))),
        }
        for s in DOC_SECTIONS {
            if !m.doc.lines().any(|l| l.trim() == s) {
                problems.push(format!("{}: documentation has no `{s}`", m.id));
            }
        }
        for p in fupin::core::rule::placeholders(m.summary) {
            if params.get(p).is_err() {
                problems.push(format!("{}: summary names no parameter `{{{p}}}`", m.id));
            }
        }
        // In the documentation, `{a.b}` names a parameter; `{east,central,west}` (a list of
        // ids' endings) does not.
        for p in fupin::core::rule::placeholders(m.doc) {
            let id_like = p.contains('.')
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            if id_like && params.get(p).is_err() {
                problems.push(format!(
                    "{}: documentation names no parameter `{{{p}}}`",
                    m.id
                ));
            }
        }
    }
    // And every rule file is a registered rule (its build script made it a module).
    let ids: BTreeSet<&str> = rules.iter().map(|r| r.meta().id).collect();
    for m in members().iter().filter(|m| m.starts_with("rules/")) {
        let src = root().join(m).join("src");
        for f in rust_files(&src) {
            let text = fs::read_to_string(&f).expect("read");
            if !text.contains("fupin_core::rule! {") {
                continue;
            }
            let path = f.strip_prefix(&src).expect("under src").with_extension("");
            let id = std::iter::once(m.trim_start_matches("rules/").to_string())
                .chain(path.iter().map(|s| s.to_string_lossy().into_owned()))
                .collect::<Vec<_>>()
                .join(".");
            if !ids.contains(id.as_str()) {
                problems.push(format!("{}: no registered rule {id}", rel(&f)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn front_ends_use_the_library_only() {
    let engine_crates = [
        "fupin-core",
        "fupin-engine",
        "fupin-std1986",
        "fupin-std2001",
        "fupin-std2011",
        "fupin-ethnic",
        "fupin-monitoring",
    ];
    for m in [
        "crates/cli",
        "crates/report",
        "crates/python",
        "tests",
        "xtask",
    ] {
        let text = fs::read_to_string(root().join(m).join("Cargo.toml")).expect("manifest");
        let doc: toml::Table = text.parse().expect("toml");
        for table in ["dependencies", "dev-dependencies"] {
            for dep in doc
                .get(table)
                .and_then(|d| d.as_table())
                .map(|t| t.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
            {
                assert!(
                    !engine_crates.contains(&dep.as_str()),
                    "{m} depends on {dep}: front ends call the `fupin` library"
                );
            }
        }
        for f in rust_files(&root().join(m)) {
            if rel(&f) == "tests/tests/tidy.rs" {
                continue;
            }
            let text = fs::read_to_string(&f).expect("read");
            for (i, line) in code(&text).iter().enumerate() {
                if line.contains("fupin::engine::") {
                    panic!(
                        "{}:{}: reaches into the engine (`fupin::engine`): add what is \
                         needed to the library's API",
                        rel(&f),
                        i + 1
                    );
                }
            }
        }
    }
}

/// The module path of an engine file (`input/scan/checker.rs` is `input::scan::checker`,
/// `input/scan/mod.rs` is `input::scan`).
fn module_of(file: &str) -> Vec<String> {
    let mut segs: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if segs.last().is_some_and(|l| l == "mod" || l == "lib") {
        segs.pop();
    }
    segs
}

/// The engine files each file's `crate::…` and `super::…` paths name: the longest prefix of
/// the path that is a file (`a/b.rs`, or `a/b/mod.rs`). Edges to a `mod.rs` (a folder's
/// re-exports, which its children use) are left out.
fn engine_edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("crates/engine/src");
    let files: BTreeSet<String> = rust_files(&src)
        .iter()
        .map(|f| {
            f.strip_prefix(&src)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let resolve = |segs: &[String]| -> Option<String> {
        (1..=segs.len()).rev().find_map(|k| {
            let base = segs[..k].join("/");
            [format!("{base}.rs"), format!("{base}/mod.rs")]
                .into_iter()
                .find(|c| files.contains(c))
        })
    };
    let mut edges = BTreeMap::new();
    for f in &files {
        let text = fs::read_to_string(src.join(f)).expect("read");
        let here = module_of(f);
        let mut to = BTreeSet::new();
        for line in code(&text) {
            let mut rest = line;
            while let Some(i) = rest.find("crate::").or_else(|| rest.find("super::")) {
                let is_super = rest[i..].starts_with("super::");
                // `crate::` and `super::` are both 7 bytes.
                let after = &rest[i + 7..];
                let tail: Vec<String> = after
                    .split("::")
                    .map(|s| {
                        s.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap_or("")
                            .to_string()
                    })
                    .take_while(|s| !s.is_empty())
                    .take(3)
                    .collect();
                let mut segs: Vec<String> = if is_super {
                    let mut p = here.clone();
                    p.pop();
                    p
                } else {
                    Vec::new()
                };
                segs.extend(tail);
                if let Some(t) = resolve(&segs)
                    && &t != f
                    && !t.ends_with("mod.rs")
                {
                    to.insert(t);
                }
                rest = &rest[i + 7..];
            }
        }
        edges.insert(f.clone(), to);
    }
    edges
}

#[test]
fn engine_files_import_no_file_that_imports_them() {
    let edges = engine_edges();
    // The reader of paths works: known imports are found.
    for (from, to) in [
        ("eval/households.rs", "output/decisions.rs"),
        ("input/scan/mod.rs", "input/check.rs"),
        ("input/scan/checker.rs", "input/parquet.rs"),
        ("eval/assess.rs", "eval/households.rs"),
    ] {
        assert!(
            edges[from].contains(to),
            "{from} → {to} not found: {:?}",
            edges[from]
        );
    }
    // A cycle: some file reaches itself.
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((at, path)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    panic!("import cycle: {} → {start}", path.join(" → "));
                }
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    // The direction of the flow.
    for (f, to) in &edges {
        for t in to {
            let (from_layer, to_layer) = (
                f.split('/').next().unwrap_or(""),
                t.split('/').next().unwrap_or(""),
            );
            let upward = matches!(
                (from_layer, to_layer),
                ("setup" | "input", "eval" | "output")
            );
            let eval_to_output = from_layer == "eval"
                && to_layer == "output"
                && !matches!(t.as_str(), "output/decisions.rs" | "output/files.rs");
            assert!(
                !upward && !eval_to_output,
                "{f} imports {t}: setup and input come before evaluation and output; \
                 evaluation uses only output's writer and row schema"
            );
        }
    }
}

#[test]
fn copied_fuzz_seeds_equal_their_sources() {
    for (seed, source) in SEEDS {
        assert_eq!(
            fs::read(root().join(seed)).expect("seed"),
            fs::read(root().join(source)).expect("source"),
            "{seed} differs from {source}: copy it again"
        );
    }
}

#[test]
fn no_source_file_is_longer_than_agreed() {
    let mut problems = Vec::new();
    for (p, _) in LONG_FILES {
        if !root().join(p).is_file() {
            problems.push(format!("{p}: is in LONG_FILES but does not exist"));
        }
    }
    for dir in ["crates", "rules", "plugins", "xtask", "tests"] {
        for f in rust_files(&root().join(dir)) {
            let r = rel(&f);
            let text = fs::read_to_string(&f).expect("read");
            let n = text
                .lines()
                .take_while(|l| l.trim() != "#[cfg(test)]")
                .count();
            let allowed = LONG_FILES.iter().any(|(p, _)| *p == r);
            if n > MAX_LINES && !allowed {
                problems.push(format!(
                    "{r}: {n} lines of code (more than {MAX_LINES}): split it along its \
                     concerns, or add it to LONG_FILES with the reason"
                ));
            }
            if allowed && n <= MAX_LINES {
                problems.push(format!(
                    "{r}: is in LONG_FILES but has {n} lines: remove it"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Paths the documents show as examples of what a command creates.
const EXAMPLE_PATHS: [&str; 1] = ["plugins/hunan-exit/"];

#[test]
fn documents_name_only_paths_that_exist_and_architecture_every_member() {
    let text = fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    for m in members() {
        assert!(
            text.contains(&format!("`{m}`")) || text.contains(&format!("`{m}/")),
            "ARCHITECTURE.md does not name the workspace member `{m}`"
        );
    }
    let prefixes = [
        "crates/",
        "rules/",
        "plugins/",
        "tests/",
        "xtask/",
        "docs/",
        "data/",
        "profiles/",
        "fuzz/",
    ];
    let mut documents = vec![root().join("ARCHITECTURE.md"), root().join("README.md")];
    let mut docs: Vec<_> = fs::read_dir(root().join("docs"))
        .expect("docs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("rules.md"))
        .collect();
    docs.sort();
    documents.extend(docs);
    let mut problems = Vec::new();
    for doc in documents {
        let text = fs::read_to_string(&doc).expect("document");
        for quoted in text.split('`').skip(1).step_by(2) {
            let quoted = quoted.split(['#', ':']).next().unwrap_or_default();
            if prefixes.iter().any(|p| quoted.starts_with(p))
                && !quoted.contains(['*', '<', ' ', '{', '…'])
                && !root().join(quoted.trim_end_matches('/')).exists()
                && !EXAMPLE_PATHS.iter().any(|e| quoted.starts_with(e))
            {
                problems.push(format!(
                    "{} names `{quoted}`, which does not exist",
                    rel(&doc)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
