//! Rule documentation from the registry: what `fupin rules show` prints and what
//! `cargo xtask docs` writes to `docs/rules.md`.

use std::fmt::Write as _;

use fupin_core::ParameterStore;
use fupin_core::rule::{RuleEntry, RuleMeta, all_rule_sets, all_rules};

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
