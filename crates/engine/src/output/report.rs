//! Rendering an assessment as a table, JSON or CSV, and writing output files whole.

use std::path::Path;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use fupin_core::decision::{Check, Decision, Level};

use crate::error::{EngineError, Result};
use crate::eval::assess::Assessment;
use crate::output::decisions::{CHECK_COLUMNS, check_row, csv_measure};
use crate::setup::profile::Format;

/// A check as one line of text: `rule: measured op threshold (passed)`.
pub fn check_line(c: &Check) -> String {
    let verdict = match (&c.error, c.passed) {
        (Some(e), _) => format!("error: {e}"),
        (None, true) => "passed".to_string(),
        (None, false) => "failed".to_string(),
    };
    let unconfirmed = if c.confirmed { "" } else { ", unconfirmed" };
    format!(
        "{}: {} {} {} ({verdict}{unconfirmed})",
        c.rule, c.measured, c.op, c.threshold
    )
}

fn deciding(d: &Decision) -> String {
    d.deciding_check().map(check_line).unwrap_or_default()
}

/// A value as pretty JSON with a final newline.
pub fn json_bytes<T: serde::Serialize + ?Sized>(v: &T) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v)
        .map_err(|e| EngineError::Config(format!("cannot write JSON: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// Render the assessment in a format.
pub fn render(a: &Assessment, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Json => json_bytes(a),
        Format::Csv => render_csv(a),
        Format::Table => Ok(render_table(a).into_bytes()),
    }
}

fn render_table(a: &Assessment) -> String {
    let p = &a.profile;
    let mut out = format!(
        "profile {} · standard {} · year {} · rule sets: {}\n",
        p.name,
        p.standard,
        p.year,
        p.rule_sets.join(", ")
    );
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["level", "test", "id", "name", "outcome", "deciding check"]);
    for d in &a.decisions {
        t.add_row([
            d.level.as_str(),
            d.test.as_str(),
            &d.id,
            &d.name,
            d.outcome.as_str(),
            &deciding(d),
        ]);
    }
    if !a.decisions.is_empty() {
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out.push_str("summary:\n");
    for (level, counts) in &a.summary.counts {
        let parts: Vec<String> = counts.iter().map(|(o, n)| format!("{o} {n}")).collect();
        out.push_str(&format!("  {level}: {}\n", parts.join(", ")));
    }
    if let Some(h) = &a.summary.households {
        let t = &h.assessment_year;
        out.push_str(&format!(
            "  households of {}: {} households, {} persons; {} persons poor, {} persons in \
             households that fail the exit test\n",
            p.year, t.households, t.persons, t.poor_persons, t.remaining_persons
        ));
    }
    for s in &p.skipped {
        out.push_str(&format!("  skipped {}: {}\n", s.rule, s.reason));
    }
    for w in &a.summary.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    out
}

fn render_csv(a: &Assessment) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
    w.write_record(CHECK_COLUMNS).map_err(err)?;
    for d in &a.decisions {
        for c in &d.checks {
            w.write_record(check_row(d, c)).map_err(err)?;
        }
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Write `bytes` to `path` whole or not at all, or to standard output when `path` is `None`
/// (one output committed through [`crate::output::Outputs`]).
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    let mut outs = crate::output::Outputs::new();
    let dest = outs.claim(path.unwrap_or(Path::new("-")), "--output")?;
    outs.stage(&dest, bytes.to_vec());
    outs.commit()
}

/// Render a comparison.
pub fn render_comparison(c: &crate::eval::compare::Comparison, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Json => json_bytes(c),
        Format::Csv => {
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
                            row.push(chk.rule.clone());
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
        Format::Table => {
            let mut out = String::new();
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            let mut header = vec!["level".to_string(), "outcome".to_string()];
            header.extend(c.keys.iter().cloned());
            t.set_header(header);
            let mut rows: std::collections::BTreeMap<(&str, &str), Vec<usize>> =
                std::collections::BTreeMap::new();
            for (i, b) in c.profiles.iter().enumerate() {
                for (level, counts) in &b.summary.counts {
                    for (outcome, n) in counts {
                        rows.entry((level, outcome))
                            .or_insert_with(|| vec![0; c.profiles.len()])[i] = *n;
                    }
                }
            }
            for ((level, outcome), ns) in rows {
                let mut r = vec![level.to_string(), outcome.to_string()];
                r.extend(ns.iter().map(|n| n.to_string()));
                t.add_row(r);
            }
            out.push_str(&t.to_string());
            out.push('\n');
            let listed: Vec<_> = c.changes.iter().filter(|ch| ch.changed).collect();
            out.push_str(&format!(
                "{} units differ between the profiles\n",
                c.changed
            ));
            if !listed.is_empty() {
                let mut t = Table::new();
                t.load_preset(UTF8_FULL_CONDENSED);
                let mut header = vec![
                    "level".to_string(),
                    "test".into(),
                    "id".into(),
                    "name".into(),
                ];
                header.extend(c.keys.iter().cloned());
                t.set_header(header);
                for ch in listed {
                    let mut r = vec![
                        ch.level.as_str().to_string(),
                        ch.test.as_str().to_string(),
                        ch.id.clone(),
                        ch.name.clone(),
                    ];
                    for k in &c.keys {
                        let s = &ch.outcomes[k];
                        r.push(match (&s.outcome, &s.decided_by) {
                            (Some(o), Some(chk)) => format!("{o}: {}", check_line(chk)),
                            (Some(o), None) => o.to_string(),
                            (None, _) => "-".to_string(),
                        });
                    }
                    t.add_row(r);
                }
                out.push_str(&t.to_string());
                out.push('\n');
            }
            render_crossings(c, &mut out);
            Ok(out.into_bytes())
        }
    }
}

/// Units decided under different tests by different profiles: each cross-tabulation, then
/// the units whose outcome under the later profile's test is not that test's negative
/// outcome (for the 2019 exit test against the 2021 monitoring: the monitored households,
/// with the check that decided each side). The JSON has every unit.
fn render_crossings(c: &crate::eval::compare::Comparison, out: &mut String) {
    for tab in &c.cross_tabs {
        let to_outcomes: std::collections::BTreeSet<_> = tab
            .counts
            .values()
            .flat_map(|m| m.keys().copied())
            .collect();
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED);
        let mut header = vec![format!(
            "{} {} \\ {} {}",
            tab.from.0,
            tab.from.1.as_str(),
            tab.to.0,
            tab.to.1.as_str()
        )];
        header.extend(to_outcomes.iter().map(|o| o.to_string()));
        t.set_header(header);
        for (from, row) in &tab.counts {
            let mut r = vec![from.to_string()];
            r.extend(
                to_outcomes
                    .iter()
                    .map(|o| row.get(o).copied().unwrap_or(0).to_string()),
            );
            t.add_row(r);
        }
        let plural = match tab.level {
            Level::County => "counties",
            Level::Village => "villages",
            Level::Household => "households",
        };
        out.push_str(&format!(
            "{plural} decided under {} by {} and under {} by {}:\n",
            tab.from.1.as_str(),
            tab.from.0,
            tab.to.1.as_str(),
            tab.to.0
        ));
        out.push_str(&t.to_string());
        out.push('\n');
        let listed: Vec<_> = c
            .across_tests
            .iter()
            .filter(|u| u.level == tab.level)
            .filter_map(|u| {
                let from = u
                    .outcomes
                    .get(&tab.from.0)?
                    .iter()
                    .find(|s| s.test == tab.from.1)?;
                let to = u
                    .outcomes
                    .get(&tab.to.0)?
                    .iter()
                    .find(|s| s.test == tab.to.1)?;
                (to.outcome != tab.to.1.outcomes().1).then_some((u, from, to))
            })
            .collect();
        if listed.is_empty() {
            continue;
        }
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED);
        t.set_header(vec![
            "id".to_string(),
            "county".into(),
            format!("{} {}", tab.from.0, tab.from.1.as_str()),
            format!("{} {}", tab.to.0, tab.to.1.as_str()),
        ]);
        let side = |s: &crate::eval::compare::CrossSide| match &s.decided_by {
            Some(chk) => format!("{}: {}", s.outcome, check_line(chk)),
            None => s.outcome.to_string(),
        };
        for (u, from, to) in listed {
            t.add_row(vec![
                u.id.clone(),
                u.county.clone().unwrap_or_default(),
                side(from),
                side(to),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
}

/// Render a sweep.
pub fn render_sweep(s: &crate::eval::sweep::Sweep, format: Format) -> Result<Vec<u8>> {
    // Columns: every (level, outcome) that occurs at any point.
    let mut cols: Vec<(&str, &str)> = Vec::new();
    for p in &s.points {
        for (level, counts) in &p.counts {
            for outcome in counts.keys() {
                if !cols.contains(&(level, outcome)) {
                    cols.push((level, outcome));
                }
            }
        }
    }
    cols.sort();
    let cell = |p: &crate::eval::sweep::Point, (l, o): (&str, &str)| {
        p.counts
            .get(l)
            .and_then(|c| c.get(o))
            .copied()
            .unwrap_or(0)
            .to_string()
    };
    match format {
        Format::Json => json_bytes(s),
        Format::Csv | Format::Table => {
            let mut header = vec![s.parameter.clone()];
            header.extend(cols.iter().map(|(l, o)| format!("{l}.{o}")));
            header.push("headcount".into());
            header.push("incidence_pct".into());
            let rows: Vec<Vec<String>> = s
                .points
                .iter()
                .map(|p| {
                    let mut r = vec![p.value.normalize().to_string()];
                    r.extend(cols.iter().map(|c| cell(p, *c)));
                    r.push(p.headcount.map(|h| h.to_string()).unwrap_or_default());
                    r.push(p.incidence_pct.map(|x| x.to_string()).unwrap_or_default());
                    r
                })
                .collect();
            if format == Format::Csv {
                let mut w = csv::Writer::from_writer(Vec::new());
                let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
                w.write_record(&header).map_err(err)?;
                for r in rows {
                    w.write_record(r).map_err(err)?;
                }
                return w
                    .into_inner()
                    .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")));
            }
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            t.set_header(header);
            for r in rows {
                t.add_row(r);
            }
            Ok(format!(
                "sweep of {} ({}; {}) in profile {}\n{t}\n",
                s.parameter,
                s.unit,
                s.parameters.join(", "),
                s.profile
            )
            .into_bytes())
        }
    }
}

/// Render poverty measures.
pub fn render_measures(m: &crate::eval::measures::Measures, format: Format) -> Result<Vec<u8>> {
    let stds: Vec<String> = m.lines.iter().map(|l| l.standard.clone()).collect();
    match format {
        Format::Json => json_bytes(m),
        Format::Csv | Format::Table => {
            let mut header = vec![
                "key".to_string(),
                "name".into(),
                "households".into(),
                "persons".into(),
            ];
            for s in &stds {
                for f in ["poor_persons", "p0", "p1", "p2", "mean_shortfall"] {
                    header.push(format!("{s}.{f}"));
                }
            }
            let row = |g: &crate::eval::measures::Group| {
                let mut r = vec![
                    g.key.clone(),
                    g.name.clone(),
                    g.households.to_string(),
                    g.persons.to_string(),
                ];
                for s in &stds {
                    let f = g.measures.get(s).copied().unwrap_or_default();
                    r.push(f.poor_persons.to_string());
                    r.push(f.p0.to_string());
                    r.push(f.p1.to_string());
                    r.push(f.p2.to_string());
                    r.push(f.mean_shortfall.to_string());
                }
                r
            };
            let mut rows: Vec<Vec<String>> = m.groups.iter().map(row).collect();
            rows.push(row(&m.total));
            if format == Format::Csv {
                let mut w = csv::Writer::from_writer(Vec::new());
                let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
                w.write_record(&header).map_err(err)?;
                for r in rows {
                    w.write_record(r).map_err(err)?;
                }
                return w
                    .into_inner()
                    .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")));
            }
            let mut out = format!(
                "poverty measures, households of {} (profile {}), by {:?}\n",
                m.year, m.profile, m.by
            );
            for l in &m.lines {
                out.push_str(&format!(
                    "  {}: {} yuan at {} prices = {} yuan at {} prices{}\n",
                    l.standard,
                    l.base_line,
                    l.base_year,
                    l.line,
                    l.prices,
                    if l.confirmed {
                        ""
                    } else {
                        " (unconfirmed values in the chain)"
                    }
                ));
            }
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            let mut h = vec!["key".to_string(), "name".into(), "persons".into()];
            for s in &stds {
                h.push(format!("{s} P0 / P1 / P2"));
            }
            t.set_header(h);
            let short = |g: &crate::eval::measures::Group| {
                let mut r = vec![g.key.clone(), g.name.clone(), g.persons.to_string()];
                for s in &stds {
                    let f = g.measures.get(s).copied().unwrap_or_default();
                    r.push(format!("{:.4} / {:.4} / {:.4}", f.p0, f.p1, f.p2));
                }
                r
            };
            for g in &m.groups {
                t.add_row(short(g));
            }
            t.add_row(short(&m.total));
            out.push_str(&t.to_string());
            out.push('\n');
            Ok(out.into_bytes())
        }
    }
}

/// The header line of the rejected-rows report.
pub const REJECTED_HEADER: &str = "file,row,reason";

/// The rejected-rows report: file, row, reason.
pub fn rejected_csv(rows: &[crate::input::Rejected]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
    w.write_record(REJECTED_HEADER.split(',')).map_err(err)?;
    for r in rows {
        w.write_record([r.file.as_str(), &r.row.to_string(), &r.reason])
            .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// Render a tabulation: CSV (one row per profile and county), JSON, or a table.
pub fn render_tabulation(t: &crate::eval::tabulate::Tabulation, format: Format) -> Result<Vec<u8>> {
    let header = [
        "profile",
        "county",
        "name",
        "province",
        "households",
        "persons",
        "poor_persons",
        "remaining_persons",
        "incidence_pct",
        "exit",
    ];
    let opt = |v: &Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let cells = |r: &crate::eval::tabulate::Row| {
        vec![
            r.profile.clone(),
            r.county.clone(),
            r.name.clone(),
            r.province.clone(),
            r.households.to_string(),
            r.persons.to_string(),
            opt(&r.poor_persons),
            opt(&r.remaining_persons),
            r.incidence_pct.clone().unwrap_or_default(),
            r.exit.clone().unwrap_or_default(),
        ]
    };
    match format {
        Format::Json => json_bytes(t),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
            w.write_record(header).map_err(err)?;
            for r in &t.rows {
                w.write_record(cells(r)).map_err(err)?;
            }
            w.into_inner()
                .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
        }
        Format::Table => {
            let mut tb = Table::new();
            tb.load_preset(UTF8_FULL_CONDENSED);
            tb.set_header(header);
            for r in &t.rows {
                tb.add_row(cells(r));
            }
            Ok(format!("{tb}\n").into_bytes())
        }
    }
}

/// Render the rows of `fupin lines`.
pub fn render_lines(rows: &[crate::eval::lines::LineRow], format: Format) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Json => json_bytes(&rows)?,
        Format::Csv => {
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
                .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))?
        }
        Format::Table => {
            let mut s = format!(
                "{:<9} {:>5} {:>10} {:>8} {:<11} {:<11} source (current prices) or index\n",
                "standard", "year", "line", "prices", "confirmed", "concept"
            );
            for r in rows {
                s.push_str(&format!(
                    "{:<9} {:>5} {:>10} {:>8} {:<11} {:<11} {}\n",
                    r.standard,
                    r.year,
                    r.line.to_string(),
                    r.prices,
                    if r.confirmed { "yes" } else { "UNCONFIRMED" },
                    r.concept.as_deref().unwrap_or(""),
                    r.index.as_deref().unwrap_or(&r.source)
                ));
            }
            s.into_bytes()
        }
    })
}

/// Render a list of rules (`fupin rules list`).
pub fn render_rules(
    rules: &[fupin_core::rule::RuleEntry],
    params: &fupin_core::ParameterStore,
    format: Format,
) -> Result<Vec<u8>> {
    let rows: Vec<serde_json::Value> = rules
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
        .collect();
    Ok(match format {
        Format::Json => json_bytes(&rows)?,
        Format::Csv => {
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
            s.into_bytes()
        }
        Format::Table => {
            let mut s = String::new();
            for r in rules {
                let m = r.meta();
                s.push_str(&format!(
                    "{:<48} {:<9} {:<15} {:<8} {}\n",
                    m.id,
                    m.level.as_str(),
                    m.test.as_str(),
                    m.role.as_str(),
                    m.summary_text(params)
                ));
            }
            s.into_bytes()
        }
    })
}

/// Render a registry count (`fupin registry summary`).
pub fn render_registry_summary(
    s: &crate::setup::registry::Summary,
    format: Format,
) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Json => json_bytes(&s)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let err = |e: csv::Error| EngineError::Config(format!("cannot write CSV: {e}"));
            w.write_record(["key", "count"]).map_err(err)?;
            for (k, n) in &s.counts {
                w.write_record([k.as_str(), &n.to_string()]).map_err(err)?;
            }
            w.into_inner()
                .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))?
        }
        Format::Table => {
            let mut out = String::new();
            for (k, n) in &s.counts {
                out.push_str(&format!("{k:<40} {n:>5}\n"));
            }
            out.push_str(&format!("{:<40} {:>5}\n", "total", s.total));
            out.into_bytes()
        }
    })
}

/// Render the counties in their transition period in `year` (`fupin registry transition`).
pub fn render_transition(
    v: &crate::setup::registry::TransitionView,
    year: i32,
    format: Format,
) -> Result<Vec<u8>> {
    const YEARS: &str = "std2011.transition.years";
    Ok(match format {
        Format::Json => json_bytes(&v)?,
        Format::Csv => {
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
                ])
                .map_err(err)?;
            }
            w.into_inner()
                .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))?
        }
        Format::Table => {
            let mut out = format!(
                "transition period ({} years from each county's exit; {YEARS}) in {year}: {} \
                 counties\nbound: {}\nsource: {}\n",
                v.years,
                v.counties.len(),
                v.bound,
                v.source
            );
            for (y, n) in &v.by_exit_year {
                out.push_str(&format!(
                    "  exited {y}: {n:>4} (period {y}–{})\n",
                    i64::from(*y) + v.years
                ));
            }
            let dash = |s: &str| {
                if s.is_empty() {
                    "-".to_string()
                } else {
                    s.to_string()
                }
            };
            for c in &v.counties {
                out.push_str(&format!(
                    "{:<7} {:<7} {:<20} {:<12} exit {} period {}–{} (year {} of it)\n",
                    dash(&c.code),
                    dash(&c.code_current),
                    c.name,
                    c.province,
                    c.exit_year,
                    c.start,
                    c.end,
                    c.year_of_period
                ));
            }
            out.into_bytes()
        }
    })
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

/// Render the compiled-in rule sets and the plugins a profile loaded (`fupin plugins list`).
pub fn render_plugins(
    loaded: &[crate::setup::plugin::LoadedPlugin],
    format: Format,
) -> Result<Vec<u8>> {
    let compiled: Vec<serde_json::Value> = fupin_core::rule::all_rule_sets()
        .iter()
        .map(|s| serde_json::json!({ "rule_set": s.id, "summary": s.summary, "compiled_in": true }))
        .collect();
    Ok(match format {
        Format::Json => json_bytes(&serde_json::json!({
            "compiled": compiled,
            "plugins": loaded,
        }))?,
        Format::Csv => {
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
                .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))?
        }
        Format::Table => {
            let mut s = String::from("compiled-in rule sets:\n");
            for c in fupin_core::rule::all_rule_sets() {
                s.push_str(&format!("  {:<10} {}\n", c.id, c.summary));
            }
            if loaded.is_empty() {
                s.push_str("plugins: none loaded (plugins load only when a profile names them: --profile)\n");
            }
            for p in loaded {
                s.push_str(&format!(
                    "plugin {} (rule set {}): {}\n  from {}\n  sha256 {}{}\n  ABI {} · fupin {} · {}\n  rules: {}\n",
                    p.name,
                    p.rule_set,
                    p.summary,
                    p.path,
                    p.sha256,
                    if p.pinned { " (pinned)" } else { "" },
                    p.abi_version,
                    p.engine_version,
                    p.compiler,
                    p.rules.join(", ")
                ));
            }
            s.into_bytes()
        }
    })
}
