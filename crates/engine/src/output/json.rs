//! JSON: one pretty-printed document with a final newline. Results serialise as they are
//! (`fupin.assessment.v1` and the other schemas); rule and plugin lists are built here.

use fupin_core::ParameterStore;
use fupin_core::rule::RuleEntry;

use super::Doc;
use crate::error::{EngineError, Result};
use crate::setup::plugin::LoadedPlugin;

/// Render a document as JSON.
pub(super) fn render(doc: Doc<'_>) -> Result<Vec<u8>> {
    match doc {
        Doc::Assessment(a) => json_bytes(a),
        Doc::Comparison(c) => json_bytes(c),
        Doc::Tabulation(t) => json_bytes(t),
        Doc::Sweep(s) => json_bytes(s),
        Doc::Measures(m) => json_bytes(m),
        Doc::Lines(l) => json_bytes(l),
        Doc::Rules(r, p) => json_bytes(&rules(r, p)),
        Doc::RegistrySummary(s) => json_bytes(s),
        Doc::History(h) => json_bytes(h),
        Doc::HistoryCheck(a) => json_bytes(a),
        Doc::Transition(v, _) => json_bytes(v),
        Doc::Plugins(l) => json_bytes(&plugins(l)),
        Doc::Rejected(r) => json_bytes(r),
    }
}

/// A value as pretty JSON into `w`, serialised as it is written (no final newline).
pub(super) fn write<T: serde::Serialize + ?Sized>(
    v: &T,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    Ok(serde_json::to_writer_pretty(w, v)?)
}

/// A value as pretty JSON with a final newline.
pub fn json_bytes<T: serde::Serialize + ?Sized>(v: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v)
        .map_err(|e| EngineError::Config(format!("cannot write JSON: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// `fupin rules list`: one object per rule, the summary filled with `params`.
fn rules(rules: &[RuleEntry], params: &ParameterStore) -> Vec<serde_json::Value> {
    rules
        .iter()
        .map(|r| {
            let m = r.meta();
            serde_json::json!({
                "id": m.id,
                "rule_set": m.rule_set,
                "level": m.level,
                "test": m.test,
                "role": m.role,
                "status": m.status,
                "summary": m.summary_text(params),
                "parameters": m.parameters,
                "columns": m.columns,
                "since": m.since,
            })
        })
        .collect()
}

/// `fupin plugins list`: the compiled-in rule sets and the loaded plugins.
fn plugins(loaded: &[LoadedPlugin]) -> serde_json::Value {
    let compiled: Vec<serde_json::Value> = fupin_core::rule::all_rule_sets()
        .iter()
        .map(|s| serde_json::json!({ "rule_set": s.id, "summary": s.summary, "compiled_in": true }))
        .collect();
    serde_json::json!({
        "compiled": compiled,
        "plugins": loaded,
    })
}
