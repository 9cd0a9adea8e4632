//! Rendering an assessment as a table, JSON or CSV, and writing output files whole.

use std::path::Path;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use fupin_core::decision::{Check, Decision, Level};

use crate::assess::Assessment;
use crate::error::{EngineError, Result};
use crate::profile::Format;

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
    w.write_record([
        "level",
        "test",
        "id",
        "name",
        "county",
        "province",
        "outcome",
        "rule",
        "role",
        "passed",
        "measured",
        "op",
        "threshold",
        "parameter",
        "effective",
        "confirmed",
        "basis",
        "source",
        "error",
    ])
    .map_err(err)?;
    for d in &a.decisions {
        for c in &d.checks {
            let role = match c.role {
                fupin_core::decision::Role::Require => "require",
                fupin_core::decision::Role::Qualify => "qualify",
            };
            w.write_record([
                d.level.as_str(),
                d.test.as_str(),
                &d.id,
                &d.name,
                d.county.as_deref().unwrap_or(""),
                d.province.as_deref().unwrap_or(""),
                d.outcome.as_str(),
                &c.rule,
                role,
                if c.passed { "true" } else { "false" },
                &csv_measure(&c.measured),
                c.op.symbol(),
                &csv_measure(&c.threshold),
                &c.parameter,
                c.effective.as_deref().unwrap_or(""),
                if c.confirmed { "true" } else { "false" },
                c.basis.as_deref().unwrap_or(""),
                &c.source,
                c.error.as_deref().unwrap_or(""),
            ])
            .map_err(err)?;
        }
    }
    w.into_inner()
        .map_err(|e| EngineError::Config(format!("cannot write CSV: {e}")))
}

/// A measure as a plain number (percent without the sign) for CSV.
fn csv_measure(m: &fupin_core::decision::Measure) -> String {
    use fupin_core::decision::Measure;
    match m {
        Measure::Percent(_) | Measure::Rate { .. } => m
            .as_percent()
            .map(|p| p.normalize().to_string())
            .unwrap_or_default(),
        Measure::Missing => String::new(),
        other => other.to_string(),
    }
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
pub fn render_comparison(c: &crate::compare::Comparison, format: Format) -> Result<Vec<u8>> {
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
fn render_crossings(c: &crate::compare::Comparison, out: &mut String) {
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
        let side = |s: &crate::compare::CrossSide| match &s.decided_by {
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
pub fn render_sweep(s: &crate::sweep::Sweep, format: Format) -> Result<Vec<u8>> {
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
    let cell = |p: &crate::sweep::Point, (l, o): (&str, &str)| {
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
                for r in &rows {
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
pub fn render_measures(m: &crate::measures::Measures, format: Format) -> Result<Vec<u8>> {
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
            let row = |g: &crate::measures::Group| {
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
                for r in &rows {
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
            let short = |g: &crate::measures::Group| {
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
pub fn render_tabulation(t: &crate::tabulate::Tabulation, format: Format) -> Result<Vec<u8>> {
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
    let cells = |r: &crate::tabulate::Row| {
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
