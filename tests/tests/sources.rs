//! Pointers into `docs/sources.md` resolve.
//!
//! - Every `docs/sources.md#<anchor>` in a tracked text file, and every in-page link
//!   `](#<anchor>)` of `docs/sources.md`, names an anchor the file defines (an
//!   `<a id="…">` or a heading's slug).
//! - A rule's documentation, a parameter file and a profile point at a specific item, so a
//!   bare `docs/sources.md` there (no `#<anchor>`) is an error.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The file pointed to (written in two parts, so this file's own text is no pointer).
const TARGET: &str = concat!("docs/sources", ".md");

/// A heading's anchor as GitHub makes it: lower case, spaces to `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors `docs/sources.md` defines.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix('#') {
            out.insert(slug(h.trim_start_matches('#')));
        }
        let mut rest = line;
        while let Some(i) = rest.find("<a id=\"") {
            let after = &rest[i + 7..];
            let end = after.find('"').unwrap_or(after.len());
            out.insert(after[..end].to_string());
            rest = &after[end..];
        }
    }
    out
}

fn is_anchor_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Every pointer in `text`: its line and its anchor (`None`: the bare file). A `#` followed
/// by no anchor character (`#<anchor>`, a placeholder) is no pointer.
fn pointers(text: &str) -> Vec<(usize, Option<String>)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find(TARGET) {
            let after = &rest[i + TARGET.len()..];
            match after.strip_prefix('#') {
                Some(a) => {
                    let anchor: String = a.chars().take_while(|&c| is_anchor_char(c)).collect();
                    if !anchor.is_empty() {
                        out.push((n + 1, Some(anchor)));
                    }
                }
                None => out.push((n + 1, None)),
            }
            rest = after;
        }
    }
    out
}

/// The tracked files (`git ls-files`), or without git every file but `target/` and `.git/`.
fn tracked_files() -> Vec<PathBuf> {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success());
    match listed {
        Some(o) => String::from_utf8_lossy(&o.stdout)
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(|p| root().join(p))
            .collect(),
        None => walk(&root()),
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        let name = e.file_name();
        if p.is_dir() {
            if name != "target" && name != ".git" {
                out.extend(walk(&p));
            }
        } else {
            out.push(p);
        }
    }
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn sources_anchors() -> BTreeSet<String> {
    let text = fs::read_to_string(root().join(TARGET)).expect("docs/sources.md");
    anchors(&text)
}

#[test]
fn every_anchor_pointed_to_in_docs_sources_md_is_defined() {
    let defined = sources_anchors();
    // The reader of anchors works: the sections and a topic are found.
    for a in [
        "readings",
        "unconfirmed-values",
        "parameter-sources",
        "safe-water",
    ] {
        assert!(defined.contains(a), "{TARGET} does not define `{a}`");
    }
    let mut problems = Vec::new();
    let mut seen = 0;
    for file in tracked_files() {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        for (line, anchor) in pointers(&text) {
            seen += 1;
            if let Some(a) = anchor
                && !defined.contains(&a)
            {
                problems.push(format!(
                    "{}:{line}: {TARGET}#{a}: no such anchor",
                    rel(&file)
                ));
            }
        }
    }
    assert!(
        seen > 20,
        "only {seen} pointers found: is the file list read?"
    );
    // In-page links of docs/sources.md itself.
    let own = fs::read_to_string(root().join(TARGET)).expect("docs/sources.md");
    for (n, line) in own.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find("](#") {
            let a: String = rest[i + 3..]
                .chars()
                .take_while(|&c| is_anchor_char(c))
                .collect();
            if !defined.contains(&a) {
                problems.push(format!("{TARGET}:{}: link to #{a}: no such anchor", n + 1));
            }
            rest = &rest[i + 3..];
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rule_docs_parameter_files_and_profiles_point_to_an_anchor() {
    let mut problems = Vec::new();
    for r in fupin::rules(None) {
        let m = r.meta();
        let bare = pointers(m.doc).iter().filter(|(_, a)| a.is_none()).count();
        if bare == 0 {
            continue;
        }
        problems.push(format!(
            "rule `{}`: its documentation points at {TARGET} {bare} time(s) without an anchor",
            m.id
        ));
    }
    let in_scope = |p: &str| {
        let parts: Vec<&str> = p.split('/').collect();
        match parts.as_slice() {
            ["rules" | "plugins", _, "params.toml"] => true,
            ["plugins", _, "src", ..] => p.ends_with(".rs"),
            ["profiles", .., last] => last.ends_with(".toml"),
            _ => false,
        }
    };
    let mut files = 0;
    for file in tracked_files() {
        let name = rel(&file);
        if !in_scope(&name) {
            continue;
        }
        files += 1;
        let text = fs::read_to_string(&file).expect("text file");
        for (line, anchor) in pointers(&text) {
            if anchor.is_none() {
                problems.push(format!(
                    "{name}:{line}: points at {TARGET} without an anchor (name the item: \
                     {TARGET}#<anchor>)"
                ));
            }
        }
    }
    assert!(
        files > 10,
        "only {files} parameter files and profiles found"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn pointers_and_anchors_are_read_as_written() {
    let text =
        format!("a {TARGET}#safe-water, b ({TARGET}), c `{TARGET}#<anchor>`\n{TARGET}#x_1.\n");
    assert_eq!(
        pointers(&text),
        [
            (1, Some("safe-water".to_string())),
            (1, None),
            (2, Some("x_1".to_string())),
        ]
    );
    let defined = anchors("<a id=\"topics\"></a>\n\n## Sources of the parameters, by grade\n");
    assert_eq!(
        defined,
        BTreeSet::from([
            "topics".to_string(),
            "sources-of-the-parameters-by-grade".to_string()
        ])
    );
}
