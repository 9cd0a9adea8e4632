//! The topics of `docs/sources.md`: the facts that rule documentation, parameter files and
//! profiles point to (`docs/sources.md#<id>`), from the hand-written `docs/topics.toml`, with
//! the values and sources of the province profiles each topic names.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use fupin_core::Grade;
use serde::Deserialize;

use crate::error::{EngineError, Result};

/// Anchors the generated sections of `docs/sources.md` define; a topic may not reuse them.
pub const SECTION_ANCHORS: [&str; 6] = [
    "how-to-read",
    "readings",
    "unconfirmed-values",
    "parameter-sources",
    "series-sources",
    "topics",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    topic: Vec<Topic>,
}

/// One topic: its anchor, the facts (Markdown) and their sources.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Topic {
    /// The anchor (`docs/sources.md#<id>`): lower-case letters, digits and `-`.
    id: String,
    title: String,
    /// The facts with their statuses, as Markdown.
    text: String,
    /// A province profile whose values and sources the topic lists.
    #[serde(default)]
    profile: Option<String>,
    sources: Vec<TopicSource>,
}

/// A source of a topic, graded like a parameter file's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicSource {
    title: String,
    issuer: String,
    date: String,
    /// The copy read; empty when no address was recorded.
    #[serde(default)]
    url: String,
    grade: Grade,
    /// What it supports (or fails to).
    gives: String,
}

/// The "Topics" section of `docs/sources.md` from the text of `docs/topics.toml` and the
/// province profiles (path, text). Every profile that overrides a parameter or defines an
/// indicator must be named by a topic, so its sources are listed.
pub fn topics_markdown(topics_toml: &str, profiles: &[(String, String)]) -> Result<String> {
    let bad = |m: String| EngineError::Config(format!("docs/topics.toml: {m}"));
    let file: TopicsFile = toml::from_str(topics_toml).map_err(|e| bad(e.to_string()))?;
    let mut ids = BTreeSet::new();
    for t in &file.topic {
        if t.id.is_empty()
            || !t
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(bad(format!(
                "topic `{}`: an id is lower-case letters, digits and `-`",
                t.id
            )));
        }
        if SECTION_ANCHORS.contains(&t.id.as_str()) || !ids.insert(t.id.as_str()) {
            return Err(bad(format!("topic `{}`: the anchor is already used", t.id)));
        }
        if t.sources.is_empty() || t.text.trim().is_empty() {
            return Err(bad(format!("topic `{}`: give its facts and sources", t.id)));
        }
        if let Some(s) = t.sources.iter().find(|s| s.grade == Grade::Unspecified) {
            return Err(bad(format!(
                "topic `{}`: source `{}` has no grade",
                t.id, s.title
            )));
        }
        if let Some(p) = &t.profile
            && !profiles.iter().any(|(path, _)| path == p)
        {
            return Err(bad(format!(
                "topic `{}`: profile `{p}` is not a province profile",
                t.id
            )));
        }
    }
    let mut listed = Vec::new();
    for (path, text) in profiles {
        let values = profile_values(path, text)?;
        let named = file
            .topic
            .iter()
            .any(|t| t.profile.as_deref() == Some(path));
        if !values.is_empty() && !named {
            return Err(bad(format!(
                "`{path}` sets values but no topic names it (`profile = \"{path}\"`)"
            )));
        }
        listed.push((path.as_str(), values));
    }

    let mut s = String::from(
        "<a id=\"topics\"></a>\n\n## Topics\n\nThe facts that rule documentation, parameter files \
         and profiles point to (`docs/sources.md#<topic>`), with their statuses and sources, \
         from `docs/topics.toml`; for a province profile, each value it sets with its status \
         and the source text it gives.\n\n",
    );
    for t in &file.topic {
        let _ = writeln!(s, "<a id=\"{}\"></a>\n\n### {}\n", t.id, t.title);
        let _ = writeln!(s, "{}\n", t.text.trim());
        if let Some((path, values)) = t
            .profile
            .as_deref()
            .and_then(|p| listed.iter().find(|(path, _)| *path == p))
        {
            let _ = writeln!(s, "Values set by `{path}`:\n");
            for v in values {
                let _ = writeln!(s, "- {v}");
            }
            s.push('\n');
        }
        s.push_str("Sources:\n\n");
        for src in &t.sources {
            let _ = writeln!(
                s,
                "- **{}** ({}, {}) [{}]",
                src.title, src.issuer, src.date, src.grade
            );
            if src.url.is_empty() {
                let _ = writeln!(s, "  - address: none recorded");
            } else {
                let _ = writeln!(s, "  - <{}>", src.url);
            }
            let _ = writeln!(s, "  - gives: {}", src.gives.trim());
        }
        s.push('\n');
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    Ok(s)
}

/// The values a profile sets itself (not those of a profile it extends), one line each:
/// parameter overrides and indicators, with their status and source.
fn profile_values(path: &str, text: &str) -> Result<Vec<String>> {
    use toml::Value as V;
    let bad = |m: &str| EngineError::Config(format!("{path}: {m}"));
    let doc: toml::Table = toml::from_str(text).map_err(|e| bad(&e.to_string()))?;
    let status = |t: &toml::Table| match t.get("confirmed") {
        Some(V::Boolean(false)) => "unconfirmed",
        _ => "confirmed",
    };
    let shown = |v: &V| match v {
        V::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = Vec::new();
    if let Some(params) = doc.get("parameters").and_then(V::as_table) {
        for (id, v) in params {
            let entries: Vec<&V> = match v {
                V::Array(list) => list.iter().collect(),
                one => vec![one],
            };
            for e in entries {
                match e.as_table() {
                    Some(t) => {
                        let value = t.get("value").map(shown).unwrap_or_default();
                        let from = t
                            .get("effective")
                            .map(|d| format!(" from {}", shown(d)))
                            .unwrap_or_default();
                        let source = t
                            .get("source")
                            .map(shown)
                            .unwrap_or_else(|| "no source given".into());
                        out.push(format!(
                            "`{id}` = {value}{from}, **{}**: {source}",
                            status(t)
                        ));
                    }
                    None => out.push(format!(
                        "`{id}` = {} (a constant), **confirmed**: no source given",
                        shown(e)
                    )),
                }
            }
        }
    }
    if let Some(list) = doc.get("indicators").and_then(V::as_array) {
        for t in list.iter().filter_map(V::as_table) {
            let get = |k: &str| t.get(k).map(shown).unwrap_or_default();
            let src = t.get("source").and_then(V::as_table);
            let sget = |k: &str| src.and_then(|s| s.get(k)).map(shown).unwrap_or_default();
            let grade = match sget("grade") {
                g if g.is_empty() => String::new(),
                g => format!(" [{g}]"),
            };
            let url = match sget("url") {
                u if u.is_empty() => String::new(),
                u => format!(" <{u}>"),
            };
            out.push(format!(
                "indicator `{}` (`{}` {} {}) from {}, **{}**: {} ({}, {}){grade}{url}",
                get("id"),
                get("column"),
                get("op"),
                get("threshold"),
                get("effective"),
                status(t),
                sget("title"),
                sget("issuer"),
                sget("date"),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOPICS: &str = r#"
[[topic]]
id = "p-profile"
title = "P"
text = "Facts."
profile = "profiles/provinces/p.toml"
sources = [{ title = "t", issuer = "i", date = "2017", grade = "aggregator", gives = "all" }]
"#;

    const PROFILE: &str = r#"
[parameters]
"a.b" = { value = 3, effective = "2016-08-25", confirmed = false, source = "plan" }
"a.c" = [{ value = 1, effective = "2016-01-01", source = "s" }]

[[indicators]]
id = "p.county.exit.x"
column = "x_pct"
op = ">="
threshold = 97
effective = "2017-11-01"
confirmed = false
source = { title = "T", issuer = "I", date = "2017-11", url = "https://e.example/1", grade = "aggregator" }
"#;

    #[test]
    fn a_topic_lists_its_profile_values_with_their_status() {
        let profiles = [("profiles/provinces/p.toml".to_string(), PROFILE.to_string())];
        let s = topics_markdown(TOPICS, &profiles).expect("topics");
        assert!(s.contains("<a id=\"p-profile\"></a>\n\n### P\n"), "{s}");
        assert!(
            s.contains("- `a.b` = 3 from 2016-08-25, **unconfirmed**: plan\n"),
            "{s}"
        );
        assert!(
            s.contains("- `a.c` = 1 from 2016-01-01, **confirmed**: s\n"),
            "{s}"
        );
        assert!(s.contains(
            "- indicator `p.county.exit.x` (`x_pct` >= 97) from 2017-11-01, **unconfirmed**: T \
             (I, 2017-11) [aggregator] <https://e.example/1>\n"
        ));
        assert!(
            s.contains("  - address: none recorded\n  - gives: all\n"),
            "{s}"
        );
    }

    #[test]
    fn a_profile_with_values_needs_a_topic_and_anchors_are_unique() {
        let other = [("profiles/provinces/q.toml".to_string(), PROFILE.to_string())];
        let e = topics_markdown(TOPICS, &other).expect_err("unknown profile");
        assert!(e.to_string().contains("not a province profile"), "{e}");
        let both = [
            ("profiles/provinces/p.toml".to_string(), PROFILE.to_string()),
            ("profiles/provinces/q.toml".to_string(), PROFILE.to_string()),
        ];
        let e = topics_markdown(TOPICS, &both).expect_err("unnamed profile");
        assert!(e.to_string().contains("no topic names it"), "{e}");
        let twice = format!("{TOPICS}{}", TOPICS.replace("profile = ", "# "));
        let e = topics_markdown(&twice, &both[..1]).expect_err("same id");
        assert!(e.to_string().contains("already used"), "{e}");
        let reserved = TOPICS.replace("p-profile", "readings");
        let e = topics_markdown(&reserved, &both[..1]).expect_err("reserved id");
        assert!(e.to_string().contains("already used"), "{e}");
    }
}
