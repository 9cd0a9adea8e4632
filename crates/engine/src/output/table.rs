//! Tables for a terminal: aligned text (comfy-table), with the deciding check of each
//! decision as one line.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use fupin_core::ParameterStore;
use fupin_core::decision::{Check, Decision, Level};
use fupin_core::rule::RuleEntry;

use super::Doc;
use crate::error::Result;
use crate::eval::compare::Comparison;
use crate::eval::lines::LineRow;
use crate::eval::measures::Measures;
use crate::eval::model::Assessment;
use crate::eval::sweep::Sweep;
use crate::eval::tabulate::Tabulation;
use crate::setup::plugin::LoadedPlugin;
use crate::setup::registry::{Summary as RegistrySummary, TransitionView};

/// Render a document as a table.
pub(super) fn render(doc: Doc<'_>) -> Result<Vec<u8>> {
    match doc {
        Doc::Assessment(a) => Ok(assessment(a).into_bytes()),
        Doc::Comparison(c) => comparison(c),
        Doc::Tabulation(t) => tabulation(t),
        Doc::Sweep(s) => sweep(s),
        Doc::Measures(m) => measures(m),
        Doc::Lines(l) => lines(l),
        Doc::Rules(r, p) => rules(r, p),
        Doc::RegistrySummary(s) => registry_summary(s),
        Doc::History(h) => Ok(history(h).into_bytes()),
        Doc::HistoryCheck(a) => Ok(history_check(a).into_bytes()),
        Doc::Transition(v, year) => transition(v, year),
        Doc::Plugins(l) => plugins(l),
        Doc::Rejected(r) => super::csv::render(Doc::Rejected(r)),
    }
}

/// A check as one line of text: `rule: measured op threshold (passed)`.
pub fn check_line(c: &Check) -> String {
    let verdict = match (&c.error, c.passed) {
        (Some(e), _) => format!("error: {e}"),
        (None, true) => "passed".to_string(),
        (None, false) => "failed".to_string(),
    };
    // The status when it is not plain `confirmed`: unconfirmed, or fupin's reading.
    let unconfirmed = match c.status() {
        fupin_core::params::Status::Confirmed => "",
        fupin_core::params::Status::Unconfirmed => ", unconfirmed",
        fupin_core::params::Status::Reading => ", reading",
    };
    format!(
        "{}: {} {} {} ({verdict}{unconfirmed})",
        c.rule, c.measured, c.op, c.threshold
    )
}

fn deciding(d: &Decision) -> String {
    d.deciding_check().map(check_line).unwrap_or_default()
}

fn assessment(a: &Assessment) -> String {
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

/// A sweep: its parameter, unit and the ids swept, then the grid.
fn sweep(s: &Sweep) -> Result<Vec<u8>> {
    let g = super::grid::sweep(s);
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(g.header);
    for r in g.rows {
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

/// Poverty measures: the lines used, then P0 / P1 / P2 per standard and group.
fn measures(m: &Measures) -> Result<Vec<u8>> {
    let stds: Vec<String> = m.lines.iter().map(|l| l.standard.clone()).collect();
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

/// Render as a table: a comparison.
fn comparison(c: &Comparison) -> Result<Vec<u8>> {
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

/// Render as a table: a tabulation.
fn tabulation(t: &Tabulation) -> Result<Vec<u8>> {
    let g = super::grid::tabulation(t);
    let mut tb = Table::new();
    tb.load_preset(UTF8_FULL_CONDENSED);
    tb.set_header(g.header);
    for r in g.rows {
        tb.add_row(r);
    }
    Ok(format!(
        "{tb}
"
    )
    .into_bytes())
}

/// Render as a table: the rows of `fupin lines`.
fn lines(rows: &[LineRow]) -> Result<Vec<u8>> {
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
    Ok(s.into_bytes())
}

/// Render as a table: a list of rules (`fupin rules list`).
fn rules(rules: &[RuleEntry], params: &ParameterStore) -> Result<Vec<u8>> {
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
    Ok(s.into_bytes())
}

/// Render as a table: a registry count (`fupin registry summary`).
fn registry_summary(s: &RegistrySummary) -> Result<Vec<u8>> {
    let mut out = String::new();
    for (k, n) in &s.counts {
        out.push_str(&format!("{k:<40} {n:>5}\n"));
    }
    out.push_str(&format!("{:<40} {:>5}\n", "total", s.total));
    Ok(out.into_bytes())
}

/// Render as a table: the published series, one table per standard (a province's, or a
/// part's, apart), then the sources (`fupin history`). An unconfirmed value ends in `?`, a
/// derived one in `*`; a value of a date, not a year end, is on a row of its date.
fn history(h: &crate::setup::history::History) -> String {
    use crate::setup::history::{HistoryRow, Quantity, province};
    use std::collections::{BTreeMap, BTreeSet};
    let names = [
        (
            "std1986",
            "the 1978 standard (absolute poverty; 206 yuan in 1985)",
        ),
        (
            "std2001",
            "the 2008 standard (low-income line 2000-2007, poverty line 2008-2010)",
        ),
        ("std2011", "the 2010 standard (2,300 yuan at 2010 prices)"),
    ];
    // The national series alone keep their title and four columns.
    let national = h
        .rows
        .iter()
        .all(|r| r.province.is_none() && Quantity::NATIONAL.contains(&r.quantity));
    let mut out = String::from(if national {
        "The published national rural poor population and incidence by year (? unconfirmed, \
         * derived)\n"
    } else {
        "The published series by year (? unconfirmed, * derived)\n"
    });
    let mut groups: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    for r in &h.rows {
        let g = (r.province.as_deref(), r.scope.as_deref());
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    let mut used = BTreeSet::new();
    for (prov, scope) in groups {
        for (std, name) in names {
            let rows: Vec<&HistoryRow> = h
                .rows
                .iter()
                .filter(|r| {
                    r.standard == std
                        && r.province.as_deref() == prov
                        && r.scope.as_deref() == scope
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            let mut columns: Vec<Quantity> = if national {
                Quantity::NATIONAL.to_vec()
            } else {
                Vec::new()
            };
            for r in &rows {
                if !columns.contains(&r.quantity) {
                    columns.push(r.quantity);
                }
            }
            columns.sort();
            // Rows by year, then by date within the year (a year end after its dates).
            let mut by_when: BTreeMap<(i32, Option<&str>), BTreeMap<Quantity, String>> =
                BTreeMap::new();
            for r in &rows {
                let mark = match (r.status, &r.derived) {
                    (fupin_core::params::Status::Unconfirmed, _) => "?",
                    (_, Some(_)) => "*",
                    _ => "",
                };
                by_when
                    .entry((r.year, r.as_of.as_deref()))
                    .or_default()
                    .insert(r.quantity, format!("{}{mark} [{}]", r.value, r.source_key));
                used.insert(r.source_key.clone());
            }
            let mut t = Table::new();
            let mut header = vec!["year"];
            header.extend(columns.iter().map(|q| q.column()));
            t.load_preset(UTF8_FULL_CONDENSED).set_header(header);
            let mut keys: Vec<_> = by_when.keys().copied().collect();
            keys.sort_by_key(|(y, d)| (*y, d.is_none(), *d));
            for key in keys {
                let q = &by_when[&key];
                let mut cells = vec![key.1.map_or_else(|| key.0.to_string(), str::to_string)];
                cells.extend(
                    columns
                        .iter()
                        .map(|k| q.get(k).cloned().unwrap_or_default()),
                );
                t.add_row(cells);
            }
            let whose = match prov {
                Some(p) => format!("{p} ({}), ", province(p).map_or("", |x| x.english)),
                None => String::new(),
            };
            let part = scope.map_or(String::new(), |s| format!("\n  {s}"));
            out.push_str(&format!("\n{whose}{std}: {name}{part}\n{t}\n"));
        }
    }
    out.push_str("\nsources:\n");
    for k in used {
        if let Some(s) = h.sources.get(&k) {
            out.push_str(&format!("  [{k}] {s}\n"));
        }
    }
    out
}

/// Render as a table: the shipped values against the published ones.
fn history_check(a: &[crate::setup::history::Agreement]) -> String {
    let mut out = String::new();
    for x in a {
        let shipped = x
            .shipped
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into());
        let verdict = match (x.agrees, x.shipped.is_some()) {
            (true, true) => "agrees",
            (true, false) => "not shipped",
            (false, _) => "DISAGREES",
        };
        out.push_str(&format!(
            "{:<22} published {:>8}  shipped {:>8}  {verdict:<11} ({})\n",
            x.what, x.published, shipped, x.shipped_from
        ));
    }
    out
}

/// Render as a table: the counties in their transition period in `year` (`fupin registry transition`).
fn transition(v: &TransitionView, year: i32) -> Result<Vec<u8>> {
    use crate::setup::registry::TransitionFrom;
    let b = &v.basis;
    let (from, flag) = match b.from {
        TransitionFrom::ExitDate => ("from each county's exit date".to_string(), true),
        TransitionFrom::National { start } => {
            (format!("from {start} for every county that exited"), false)
        }
    };
    let chosen = if b.from_chosen {
        "chosen by the caller"
    } else {
        "the parameter's value"
    };
    let mut out = format!(
        "transition period ({} years {from}; {}) in {year}: {} counties\nbound: {}\n\
         source: {}\nstart: {} = {flag} ({chosen}; a reading); source: {}\n",
        b.years,
        b.parameter,
        v.counties.len(),
        v.bound,
        b.source,
        b.from_parameter,
        b.from_source
    );
    // Each exit year (the year of the data assessed) with the years of its exit dates and
    // its periods.
    for (y, n) in &v.by_exit_year {
        let of_year = || v.counties.iter().filter(|c| c.exit_year == *y);
        let dates: std::collections::BTreeSet<i32> = of_year().map(|c| c.exit_date.year).collect();
        let periods: std::collections::BTreeSet<(i32, i32)> =
            of_year().map(|c| (c.start, c.end)).collect();
        let join = |v: Vec<String>| v.join(", ");
        out.push_str(&format!(
            "  exit year {y}: {n:>4} (exit dates in {}; period {})\n",
            join(dates.iter().map(ToString::to_string).collect()),
            join(periods.iter().map(|(a, b)| format!("{a}–{b}")).collect())
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
        let by = match c.exit_date.of {
            fupin_core::units::ExitDateOf::County => "",
            fupin_core::units::ExitDateOf::Batch => "by ",
        };
        out.push_str(&format!(
            "{:<7} {:<7} {:<20} {:<12} exit {} ({by}{}, {}) period {}–{} (year {} of it)\n",
            dash(&c.code),
            dash(&c.code_current),
            c.name,
            c.province,
            c.exit_year,
            c.exit_date.date,
            c.exit_date.of.as_str(),
            c.start,
            c.end,
            c.year_of_period
        ));
    }
    Ok(out.into_bytes())
}

/// Render as a table: the compiled-in rule sets and the plugins a profile loaded (`fupin plugins list`).
fn plugins(loaded: &[LoadedPlugin]) -> Result<Vec<u8>> {
    let mut s = String::from("compiled-in rule sets:\n");
    for c in fupin_core::rule::all_rule_sets() {
        s.push_str(&format!("  {:<10} {}\n", c.id, c.summary));
    }
    if loaded.is_empty() {
        s.push_str(
            "plugins: none loaded (plugins load only when a profile names them: --profile)\n",
        );
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
    Ok(s.into_bytes())
}
