//! Rule documentation from the registry: what `fupin rules show` prints and what
//! `cargo xtask docs` writes to `docs/rules.md`.

use std::fmt::Write as _;

use fupin_core::ParameterStore;
use fupin_core::rule::{RuleEntry, RuleMeta, all_rule_sets, all_rules};

mod topics;

pub use topics::{SECTION_ANCHORS, topics_markdown};

/// The parameters a rule reads, with their dated values and sources.
fn parameters_text(m: &RuleMeta, params: &ParameterStore, indent: &str) -> String {
    let mut s = String::new();
    for pid in m.parameters {
        for p in params.iter().filter(|p| {
            if pid.ends_with('.') {
                p.id.starts_with(pid)
            } else {
                p.id == *pid
            }
        }) {
            let _ = writeln!(s, "{indent}{} ({}): {}", p.id, p.unit.as_str(), p.summary);
            for v in &p.values {
                let r = params.resolved(p, v);
                let flag = match v.status() {
                    fupin_core::params::Status::Confirmed => "",
                    fupin_core::params::Status::Unconfirmed => " [UNCONFIRMED]",
                    fupin_core::params::Status::Reading => " [READING]",
                };
                let _ = writeln!(
                    s,
                    "{indent}  from {}: {}{flag} — {}",
                    v.effective,
                    v.value,
                    r.source_text()
                );
                if let Some(reading) = &v.reading {
                    let _ = writeln!(s, "{indent}    reading: {reading}");
                }
            }
        }
    }
    s
}

/// What `rules show` and docs/rules.md say of a rule whose procedure is a reading.
const READING_NOTE: &str = "procedure: READING: fupin's reading of its source, not the text \
    (see Reading below; every check of this rule says `reading`)";

/// One rule's documentation, as `fupin rules show` prints it.
pub fn rule_text(rule: &RuleEntry, params: &ParameterStore) -> String {
    let m = rule.meta();
    let mut s = format!(
        "{}\n{}\n\nrule set: {} · level: {} · test: {} · role: {} · status: {} · since {}\n",
        m.id,
        m.summary_text(params),
        m.rule_set,
        m.level.as_str(),
        m.test.as_str(),
        m.role.as_str(),
        m.status.as_str(),
        m.since
    );
    if !m.columns.is_empty() {
        let _ = writeln!(s, "input columns: {}", m.columns.join(", "));
    }
    if m.reading().is_some() {
        s.push_str(READING_NOTE);
        s.push('\n');
    }
    s.push_str("\nparameters:\n");
    s.push_str(&parameters_text(m, params, "  "));
    s.push('\n');
    s.push_str(&fupin_core::rule::fill_parameters(&m.doc_text(), params));
    s.push('\n');
    s
}

/// `docs/rules.md`: every rule set and rule, from the registry.
pub fn rules_markdown(params: &ParameterStore) -> String {
    let mut s = String::from(
        "# fupin rules\n\nGenerated from the rule registry by `cargo xtask docs`; do not edit by \
         hand (CI checks it is current).\n\n",
    );
    let rules = all_rules();
    for set in all_rule_sets() {
        let _ = writeln!(s, "## Rule set `{}`\n\n{}\n", set.id, set.summary);
        for r in rules.iter().filter(|r| r.meta().rule_set == set.id) {
            let m = r.meta();
            let _ = writeln!(s, "### `{}`\n\n{}\n", m.id, m.summary_text(params));
            let _ = writeln!(
                s,
                "Level: {} · test: {} · role: {} · status: {} · since {}\n",
                m.level.as_str(),
                m.test.as_str(),
                m.role.as_str(),
                m.status.as_str(),
                m.since
            );
            if !m.columns.is_empty() {
                let _ = writeln!(s, "Input columns: `{}`\n", m.columns.join("`, `"));
            }
            if m.reading().is_some() {
                let _ = writeln!(s, "**{READING_NOTE}**\n");
            }
            s.push_str("Parameters:\n\n```\n");
            s.push_str(&parameters_text(m, params, ""));
            s.push_str("```\n\n");
            // Demote the doc's headings below the rule's.
            for line in fupin_core::rule::fill_parameters(&m.doc_text(), params).lines() {
                if let Some(h) = line.strip_prefix("# ") {
                    let _ = writeln!(s, "#### {h}");
                } else {
                    let _ = writeln!(s, "{line}");
                }
            }
            s.push('\n');
        }
    }
    s
}

/// `docs/sources.md`: every source with its grade and copies, the readings, the unconfirmed
/// values, and the sources of the published series; from the parameter files in `params`
/// (with the plugins' files loaded into it) and the series `history`. The topics
/// ([`topics_markdown`]) follow it.
pub fn sources_markdown(
    params: &ParameterStore,
    history: &crate::setup::history::History,
) -> String {
    use fupin_core::params::Status;
    use std::collections::BTreeMap;

    let mut s = String::from(SOURCES_PREAMBLE);
    // Readings: rules, then parameter values.
    s.push_str("<a id=\"readings\"></a>\n\n## Readings\n\nWhere a text allows more than one reading, fupin takes one and says so: the checks that rest on it list it under `readings` (JSON) and are marked `reading` (tables), a run warns of it, and `fupin rules show` gives it with its alternatives. A parameter reading is a choice: set the parameter in a profile's `[parameters]` to take another.\n\n### Rules whose procedure is a reading\n\n");
    for r in all_rules() {
        let m = r.meta();
        if let Some(reading) = m.reading() {
            let text = fupin_core::rule::fill_parameters(&reading, params);
            let _ = writeln!(s, "- `{}`: {}\n", m.id, one_paragraph(&text));
        }
    }
    s.push_str("### Parameter values that are readings\n\n");
    for p in params.iter() {
        for v in p.values.iter().filter(|v| v.status() == Status::Reading) {
            let _ = writeln!(
                s,
                "- `{}` = {} (from {}): {}\n",
                p.id,
                v.value,
                v.effective,
                v.reading.as_deref().unwrap_or_default()
            );
        }
    }
    s.push_str("<a id=\"unconfirmed-values\"></a>\n\n## Unconfirmed values\n\nNot found in the sources consulted, or found only in copies with no editorial standing (aggregator): marked `unconfirmed` in every check that uses them and in the warnings of a run. The province profiles' unconfirmed values are listed with their topics (below).\n\n");
    for p in params.iter() {
        for v in p.values.iter().filter(|v| !v.confirmed) {
            let _ = writeln!(
                s,
                "- `{}` = {} (from {}){}",
                p.id,
                v.value,
                v.effective,
                v.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            );
        }
    }
    for r in history
        .rows
        .iter()
        .filter(|r| r.status == Status::Unconfirmed)
    {
        let _ = writeln!(
            s,
            "- published series: {} = {}{}",
            r.label(),
            r.value,
            r.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        );
    }
    s.push('\n');
    // Sources of the parameter files, by grade, with the parameters that cite them.
    let mut used: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in params.iter() {
        for v in &p.values {
            let list = used.entry(v.source.as_str()).or_default();
            if !list.contains(&p.id.as_str()) {
                list.push(p.id.as_str());
            }
        }
    }
    s.push_str("<a id=\"parameter-sources\"></a>\n\n## Sources of the parameters, by grade\n\n");
    for grade in GRADES {
        let list: Vec<(&str, &fupin_core::Source)> = params
            .sources()
            .filter(|(k, src)| src.grade == grade && used.contains_key(k))
            .collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {}\n", grade_title(grade));
        for (key, src) in list {
            let (file, short) = key.split_once('#').unwrap_or(("", key));
            let _ = writeln!(
                s,
                "- **{}** ({}, {}) `{short}` in `{file}`",
                src.title, src.issuer, src.date
            );
            source_lines(&mut s, src);
            let _ = writeln!(s, "  - cited by: `{}`", used[key].join("`, `"));
        }
        s.push('\n');
    }
    s.push_str("<a id=\"series-sources\"></a>\n\n## Sources of the published series\n\nThe values `fupin history` prints (`data/history/national.toml`; the designation rounds, `designations.toml`, with `--designations`; the provinces' series, `provinces.toml`, with `--province`), each with its status; `fupin history --check` compares the shipped lines and registry with them.\n\n");
    for grade in GRADES {
        let list: Vec<(&String, &fupin_core::Source)> = history
            .sources
            .iter()
            .filter(|(_, src)| src.grade == grade)
            .collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {}\n", grade_title(grade));
        for (key, src) in list {
            let _ = writeln!(
                s,
                "- **{}** ({}, {}) `{key}`",
                src.title, src.issuer, src.date
            );
            source_lines(&mut s, src);
            let values: Vec<String> = history
                .rows
                .iter()
                .filter(|r| &r.source_key == key)
                .map(|r| r.label())
                .collect();
            let _ = writeln!(s, "  - gives: {}", values.join("; "));
        }
        s.push('\n');
    }
    s
}

/// The grades, best first, as docs/sources.md lists them.
const GRADES: [fupin_core::Grade; 5] = [
    fupin_core::Grade::OfficialText,
    fupin_core::Grade::OfficialPress,
    fupin_core::Grade::Press,
    fupin_core::Grade::Aggregator,
    fupin_core::Grade::Note,
];

fn source_lines(s: &mut String, src: &fupin_core::Source) {
    if src.url.is_empty() {
        let _ = writeln!(s, "  - address: none recorded");
    } else {
        let _ = writeln!(s, "  - <{}>", src.url);
    }
    for c in &src.also {
        if c.url.is_empty() {
            let _ = writeln!(s, "  - also ({}), no address recorded: {}", c.grade, c.note);
        } else {
            let _ = writeln!(s, "  - also ({}): <{}> {}", c.grade, c.url, c.note);
        }
    }
}

fn grade_title(g: fupin_core::Grade) -> &'static str {
    use fupin_core::Grade;
    match g {
        Grade::OfficialText => "Official text",
        Grade::OfficialPress => "Official press",
        Grade::Press => "Press",
        Grade::Aggregator => "Aggregator",
        Grade::Note => "fupin's notes (no source)",
        Grade::Unspecified => "Unspecified",
    }
}

/// A doc section as one paragraph (lines joined; list items kept apart by `;`).
fn one_paragraph(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.strip_prefix("- ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join(" ")
}

const SOURCES_PREAMBLE: &str = "# fupin's sources

Generated by `cargo xtask docs` from the rule sets' and plugins' parameter files, the rules'
documentation and the published series (`data/history/*.toml`); do not edit by hand
(CI checks it is current). Every threshold a check compares with, every published figure
`fupin history` prints, and every procedure fupin applies is listed here with its source and
status. The topics below come from `docs/topics.toml`, with the values of the province
profiles (`profiles/provinces/`). Documents point into this file by anchor
(`docs/sources.md#<anchor>`): the sections (`#readings`, `#unconfirmed-values`,
`#parameter-sources`, `#series-sources`) and the topics (`#topics`); a test resolves every
such pointer.

<a id=\"how-to-read\"></a>

## How to read it

**Status** of a value or a procedure:

- **confirmed**: read in a source, quoted or closely paraphrased, in at least one copy graded
  official text or official press (below).
- **reading**: the text is in the sources but allows more than one reading; fupin takes one,
  names it and the alternatives (below), and marks every check that rests on it.
- **unconfirmed**: not found in the sources consulted, or found only in copies graded
  aggregator (or in fupin's notes); a value kept as a placeholder, marked in every check that
  uses it, with a note saying why.

**Grade** of a source, by who published the copy cited:

- **official text**: the document as its issuing body published it (a government site, an
  official gazette, a statistical yearbook or communique).
- **official press**: state media reporting or quoting it (Xinhua, People's Daily, China
  Daily, CGTN, China News Service, China.org.cn, China Today, the State Council Information
  Office), on their sites or in a copy.
- **press**: other news media and commentary.
- **aggregator**: question-and-answer, document-collection and re-post sites; a copy with no
  editorial standing, kept where it is all there is (or as a second copy).
- **note**: fupin's own statement that no source gives the value.

A confirmed value's copies can still be weak: its status says the text was found in a copy
with editorial standing, each copy's grade says how far that copy can be trusted. Addresses
are the copies read; many are mirrors, since official sites keep few old pages. Where a better
copy was found it comes first and the copy first read is listed under *also*.

";
