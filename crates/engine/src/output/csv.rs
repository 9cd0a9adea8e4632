//! CSV: one record per row, a header first. Decisions are check rows ([`CHECK_COLUMNS`]).

use fupin_core::ParameterStore;
use fupin_core::rule::RuleEntry;

use super::Doc;
use super::decisions::{CHECK_COLUMNS, check_row, csv_measure};
use super::grid::Grid;
use crate::error::{EngineError, Result};
use crate::eval::compare::Comparison;
use crate::eval::lines::LineRow;
use crate::eval::model::Assessment;
use crate::eval::tabulate::Tabulation;
use crate::setup::plugin::LoadedPlugin;
use crate::setup::registry::{Summary as RegistrySummary, TransitionView};

/// Render a document as CSV.
pub(super) fn render(doc: Doc<'_>) -> Result<Vec<u8>> {
    match doc {
        Doc::Assessment(a) => assessment(a),
        Doc::Comparison(c) => comparison(c),
        Doc::Tabulation(t) => tabulation(t),
        Doc::Sweep(s) => write(&super::grid::sweep(s)),
        Doc::Measures(m) => write(&super::grid::measures(m)),
        Doc::Lines(l) => lines(l),
        Doc::Rules(r, p) => rules(r, p),
        Doc::RegistrySummary(s) => registry_summary(s),
        Doc::History(h) => history(h),
        Doc::HistoryCheck(a) => history_check(a),
        Doc::Transition(v, _) => transition(v),
        Doc::Plugins(l) => plugins(l),
        Doc::Rejected(r) => rejected(r),
    }
}

fn err(e: csv::Error) -> EngineError {
    EngineError::Config(format!("cannot write CSV: {e}"))
}

/// A grid as CSV.
fn write(g: &Grid) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&g.header).map_err(err)?;
    for r in &g.rows {
        w.write_record(r).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// An assessment: one check row per check.
fn assessment(a: &Assessment) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CHECK_COLUMNS).map_err(err)?;
    for d in &a.decisions {
        for c in &d.checks {
            w.write_record(check_row(d, c)).map_err(err)?;
        }
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// The header line of the rejected-rows report.
pub const REJECTED_HEADER: &str = "file,row,reason";

/// The rejected-rows report: file, row, reason.
fn rejected(rows: &[crate::input::Rejected]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(REJECTED_HEADER.split(',')).map_err(err)?;
    for r in rows {
        w.write_record([r.file.as_str(), &r.row.to_string(), &r.reason])
            .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// The columns of `fupin plugins list --format csv`: one row per rule set.
pub const PLUGIN_COLUMNS: [&str; 11] = [
    "rule_set",
    "kind",
    "summary",
    "plugin",
    "path",
    "sha256",
    "pinned",
    "abi_version",
    "engine_version",
    "compiler",
    "rules",
];

/// Render as CSV: a comparison.
fn comparison(c: &Comparison) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
    let mut header: Vec<String> = ["level", "test", "id", "name", "province", "changed"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for k in &c.keys {
        for f in ["outcome", "rule", "passed", "measured", "op", "threshold"] {
            header.push(format!("{k}.{f}"));
        }
    }
    w.write_record(&header).map_err(err)?;
    for ch in &c.changes {
        let mut row = vec![
            ch.level.as_str().to_string(),
            ch.test.as_str().to_string(),
            ch.id.clone(),
            ch.name.clone(),
            ch.province.clone().unwrap_or_default(),
            ch.changed.to_string(),
        ];
        for k in &c.keys {
            let side = &ch.outcomes[k];
            row.push(
                side.outcome
                    .map(|o| o.as_str().to_string())
                    .unwrap_or_default(),
            );
            match &side.decided_by {
                Some(chk) => {
                    row.push(chk.rule.to_string());
                    row.push(chk.passed.to_string());
                    row.push(csv_measure(&chk.measured));
                    row.push(chk.op.symbol().to_string());
                    row.push(csv_measure(&chk.threshold));
                }
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        w.write_record(&row).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Render as CSV: a tabulation (one row per profile and county).
fn tabulation(t: &Tabulation) -> Result<Vec<u8>> {
    write(&super::grid::tabulation(t))
}

/// Render as CSV: the rows of `fupin lines`.
fn lines(rows: &[LineRow]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
    w.write_record([
        "standard",
        "year",
        "line",
        "prices",
        "confirmed",
        "concept",
        "index",
        "source",
    ])
    .map_err(err)?;
    for r in rows {
        w.write_record([
            r.standard.as_str(),
            &r.year.to_string(),
            &r.line.to_string(),
            &r.prices,
            if r.confirmed { "true" } else { "false" },
            r.concept.as_deref().unwrap_or(""),
            r.index.as_deref().unwrap_or(""),
            &r.source,
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Render as CSV: a list of rules (`fupin rules list`).
fn rules(rules: &[RuleEntry], params: &ParameterStore) -> Result<Vec<u8>> {
    let mut s = String::from("id,rule_set,level,test,role,status,summary\n");
    for r in rules {
        let m = r.meta();
        s.push_str(&format!(
            "{},{},{},{},{},{},\"{}\"\n",
            m.id,
            m.rule_set,
            m.level.as_str(),
            m.test.as_str(),
            m.role.as_str(),
            m.status.as_str(),
            m.summary_text(params).replace('"', "\"\"")
        ));
    }
    Ok(s.into_bytes())
}

/// Render as CSV: a registry count (`fupin registry summary`).
fn registry_summary(s: &RegistrySummary) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
    w.write_record(["key", "count"]).map_err(err)?;
    for (k, n) in &s.counts {
        w.write_record([k.as_str(), &n.to_string()]).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Render as CSV: the published series, one row per value (`fupin history`); a province's
/// series add the columns `province`, `scope` and `as_of` (the national ones never have them).
fn history(h: &crate::setup::history::History) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let more = h
        .rows
        .iter()
        .any(|r| r.province.is_some() || r.scope.is_some() || r.as_of.is_some());
    let mut header = vec![
        "standard", "year", "quantity", "value", "unit", "status", "derived", "note", "source",
        "grade",
    ];
    if more {
        header.extend(["province", "scope", "as_of"]);
    }
    w.write_record(&header).map_err(err)?;
    for r in &h.rows {
        let (year, value) = (r.year.to_string(), r.value.to_string());
        let mut record = vec![
            r.standard.as_str(),
            &year,
            r.quantity.as_str(),
            &value,
            r.quantity.unit(),
            r.status.as_str(),
            r.derived.as_deref().unwrap_or(""),
            r.note.as_deref().unwrap_or(""),
            &r.source,
            r.grade.as_str(),
        ];
        if more {
            record.extend([
                r.province.as_deref().unwrap_or(""),
                r.scope.as_deref().unwrap_or(""),
                r.as_of.as_deref().unwrap_or(""),
            ]);
        }
        w.write_record(&record).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Render as CSV: the shipped values against the published ones (`fupin history --check`).
fn history_check(a: &[crate::setup::history::Agreement]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["what", "published", "shipped", "agrees", "shipped_from"])
        .map_err(err)?;
    for x in a {
        w.write_record([
            x.what.as_str(),
            &x.published.to_string(),
            &x.shipped.map(|s| s.to_string()).unwrap_or_default(),
            if x.agrees { "true" } else { "false" },
            &x.shipped_from,
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Render as CSV: the counties in their transition period in `year` (`fupin registry transition`).
fn transition(v: &TransitionView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
    w.write_record([
        "code",
        "code_current",
        "name",
        "province",
        "exit_year",
        "start",
        "end",
        "year_of_period",
        "exit_date",
        "exit_date_of",
        "exit_date_source",
    ])
    .map_err(err)?;
    for c in &v.counties {
        w.write_record([
            c.code.as_str(),
            &c.code_current,
            &c.name,
            &c.province,
            &c.exit_year.to_string(),
            &c.start.to_string(),
            &c.end.to_string(),
            &c.year_of_period.to_string(),
            &c.exit_date.date,
            c.exit_date.of.as_str(),
            &c.exit_date.source,
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Render as CSV: the compiled-in rule sets and the plugins a profile loaded (`fupin plugins list`).
fn plugins(loaded: &[LoadedPlugin]) -> Result<Vec<u8>> {
    // One row per rule set: compiled in, or from a plugin with its file and pins.
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
    w.write_record(PLUGIN_COLUMNS).map_err(err)?;
    for c in fupin_core::rule::all_rule_sets() {
        let mut row = vec![c.id.to_string(), "compiled".into(), c.summary.into()];
        row.resize(PLUGIN_COLUMNS.len(), String::new());
        w.write_record(&row).map_err(err)?;
    }
    for p in loaded {
        w.write_record([
            p.rule_set.clone(),
            "plugin".into(),
            p.summary.clone(),
            p.name.clone(),
            p.path.clone(),
            p.sha256.clone(),
            p.pinned.to_string(),
            p.abi_version.to_string(),
            p.engine_version.clone(),
            p.compiler.clone(),
            p.rules.join(" "),
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}
