//! Run the library and gather a [`Report`]: the runs, their outcome counts and exits, and
//! the county table; the other sections are in `sections.rs`.

use std::collections::BTreeSet;

use fupin::{AssessOptions, Check, Decision, Level, Plan, Result, Summary};
use serde::Serialize;

use crate::chart::{self, Bars, Point, Scatter};
use crate::model::*;
use crate::sections::{compare_view, lines_view, measures_view, registry_view};

/// Outcomes grouped by the test they answer, in the order the page shows them.
const TESTS: [(&str, &[&str]); 6] = [
    ("designation", &["designated", "not_designated"]),
    ("classification", &["poor", "not_poor"]),
    ("exit", &["exit", "remain"]),
    (
        "monitoring",
        &[
            "unstable_exited",
            "marginal",
            "sudden_hardship",
            "not_monitored",
        ],
    ),
    ("monitoring scale", &["within_scale", "over_scale"]),
    ("transition", &["in_transition", "not_in_transition"]),
];

/// The JSON text of a measure (the numbers on the page are the JSON output's).
pub(crate) fn json_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(v) => v.to_string(),
    }
}

/// `counties`, `villages`, `households`.
pub(crate) fn plural(level: &str) -> &'static str {
    match level {
        "county" => "counties",
        "village" => "villages",
        _ => "households",
    }
}

pub(crate) fn check_text(c: &Check) -> String {
    format!(
        "{}: {} {} {}",
        c.rule,
        json_text(&c.measured),
        c.op,
        json_text(&c.threshold)
    )
}

pub(crate) fn chart(
    svg: Result<String>,
    alt: String,
    mark: &'static str,
    marks: usize,
    legend: Vec<(String, String)>,
) -> Result<Chart> {
    // The SVG is named for assistive technology by its text alternative.
    let svg = svg?.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{}\" ", escape_attr(&alt)),
        1,
    );
    Ok(Chart {
        svg,
        alt,
        mark,
        marks,
        legend,
    })
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A bar chart: one mark per non-zero value, the legend the series' names.
pub(crate) fn bar_chart(b: &Bars<'_>, alt: String) -> Result<Chart> {
    let names: Vec<String> = b.series.iter().map(|(n, _)| n.clone()).collect();
    chart(
        chart::bars_svg(b),
        alt,
        "rect",
        chart::bar_marks(b.series),
        legend(&names),
    )
}

pub(crate) fn legend(names: &[String]) -> Vec<(String, String)> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), chart::hex(chart::color_of(n, i))))
        .collect()
}

/// Run the plans on the tables of `opts` and gather the report: `assess` for one plan,
/// `compare` for several (one read of the households), the poverty measures of each plan
/// by province, the lines, and the registry for plans of the 2011 standard.
pub fn build(plans: &[Plan], opts: &AssessOptions) -> Result<Report> {
    let Some(first) = plans.first() else {
        return Err(fupin::Error::Config(
            "a report needs at least one --profile".into(),
        ));
    };
    let mut opts = opts.clone();
    // Households are counted, not listed: the page shows counts and measures.
    opts.household_detail = Some(fupin::HouseholdDetail::None);
    let mut runs = Vec::new();
    let mut counties = Vec::new();
    let mut comparison = None;
    let mut rejected = Vec::new();
    if plans.len() == 1 {
        let a = fupin::assess(first, &opts)?;
        rejected.clone_from(&a.rejected);
        let view = View {
            decisions: &a.decisions,
            summary: &a.summary,
            skipped: &a.profile.skipped,
            provenance: a.provenance.as_ref(),
        };
        runs.push(run(first, &view, &opts)?);
        counties.extend(county_rows(&first.profile.name, &a.decisions));
    } else {
        let c = fupin::compare(plans, &opts, false)?;
        for (block, plan) in c.profiles.iter().zip(plans) {
            let view = View {
                decisions: &block.decisions,
                summary: &block.summary,
                skipped: &block.profile.skipped,
                provenance: block.provenance.as_ref(),
            };
            runs.push(run(plan, &view, &opts)?);
            counties.extend(county_rows(&block.profile.name, &block.decisions));
        }
        comparison = Some(compare_view(&c)?);
    }
    let lines = lines_view(first.year)?;
    let registry = if plans.iter().any(|p| p.profile.standard == "std2011") {
        Some(registry_view()?)
    } else {
        None
    };
    let names: Vec<&str> = plans.iter().map(|p| p.profile.name.as_str()).collect();
    Ok(Report {
        fupin_version: env!("CARGO_PKG_VERSION"),
        title: format!("fupin report: {}", names.join(" vs ")),
        runs,
        lines,
        comparison,
        registry,
        counties,
        rejected,
    })
}

/// One profile's results, from `assess` or from a block of `compare`.
struct View<'a> {
    decisions: &'a [Decision],
    summary: &'a Summary,
    skipped: &'a [fupin::Skipped],
    provenance: Option<&'a fupin::Provenance>,
}

fn run(plan: &Plan, v: &View<'_>, opts: &AssessOptions) -> Result<Run> {
    let (decisions, summary, provenance) = (v.decisions, v.summary, v.provenance);
    let p = &plan.profile;
    let overrides = p
        .parameters
        .iter()
        .map(|o| {
            (
                o.id.clone(),
                o.value.to_string(),
                o.source.clone().unwrap_or_default(),
            )
        })
        .collect();
    let (files, parameters, inputs) = match provenance {
        Some(pv) => (
            pv.profiles
                .iter()
                .map(|f| {
                    (
                        f.path.clone(),
                        f.bytes.map(|b| b.to_string()).unwrap_or_default(),
                        f.sha256.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            pv.parameters.clone(),
            pv.inputs
                .iter()
                .map(|i| {
                    let rows = pv.rows.get(i.table).copied().unwrap_or_default();
                    InputView {
                        table: i.table.to_string(),
                        path: i.file.path.clone(),
                        bytes: i.file.bytes.map(|b| b.to_string()).unwrap_or_default(),
                        sha256: i.file.sha256.clone().unwrap_or_default(),
                        read: rows.read,
                        accepted: rows.accepted,
                        rejected: rows.rejected,
                    }
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let has_households = inputs.iter().any(|i: &InputView| i.table == "households");
    let (measures, measures_note) = if has_households {
        (Some(measures_view(plan, opts)?), None)
    } else {
        (
            None,
            Some("No household table was given, so there is nothing to measure.".to_string()),
        )
    };
    let exits = [Level::County, Level::Village]
        .into_iter()
        .filter_map(|l| exit_view(l, decisions).transpose())
        .collect::<Result<Vec<_>>>()?;
    Ok(Run {
        name: p.name.clone(),
        description: p.description.clone(),
        standard: p.standard.clone(),
        year: plan.year,
        rule_sets: p.rule_sets.clone(),
        rules: plan.rules.len(),
        skipped: v
            .skipped
            .iter()
            .map(|s| (s.rule.clone(), s.reason.clone()))
            .collect(),
        overrides,
        files,
        parameters,
        inputs,
        outcomes: outcome_counts(summary)?,
        exits,
        measures,
        measures_note,
        warnings: summary.warnings.clone(),
        warnings_summary: summary.shown_warnings(fupin::WarningsShown::Summary),
    })
}

fn outcome_counts(s: &Summary) -> Result<Vec<LevelCounts>> {
    let mut out = Vec::new();
    for level in ["county", "village", "household"] {
        let Some(counts) = s.counts.get(level) else {
            continue;
        };
        let mut groups = Vec::new();
        let mut seen = BTreeSet::new();
        let known: Vec<(String, Vec<&str>)> = TESTS
            .iter()
            .map(|(t, o)| (t.to_string(), o.to_vec()))
            .collect();
        let others: Vec<&str> = counts
            .keys()
            .copied()
            .filter(|o| !TESTS.iter().any(|(_, os)| os.contains(o)))
            .collect();
        for (test, outcomes) in known.into_iter().chain([("other".to_string(), others)]) {
            let outcomes: Vec<String> = outcomes
                .iter()
                .filter(|o| counts.contains_key(*o))
                .map(|o| o.to_string())
                .collect();
            if outcomes.is_empty() {
                continue;
            }
            seen.extend(outcomes.iter().cloned());
            let provinces: Vec<ProvinceRow> = s
                .by_province
                .iter()
                .filter_map(|(prov, levels)| {
                    let c = levels.get(level)?;
                    let row: Vec<usize> = outcomes
                        .iter()
                        .map(|o| c.get(o.as_str()).copied().unwrap_or(0))
                        .collect();
                    (row.iter().sum::<usize>() > 0).then(|| ProvinceRow {
                        province: prov.clone(),
                        counts: row,
                    })
                })
                .collect();
            let totals: Vec<usize> = outcomes
                .iter()
                .map(|o| counts.get(o.as_str()).copied().unwrap_or(0))
                .collect();
            let chart = if provinces.is_empty() {
                None
            } else {
                let cats: Vec<String> = provinces.iter().map(|r| r.province.clone()).collect();
                let series: Vec<(String, Vec<f64>)> = outcomes
                    .iter()
                    .enumerate()
                    .map(|(j, o)| {
                        (
                            o.clone(),
                            provinces.iter().map(|r| r.counts[j] as f64).collect(),
                        )
                    })
                    .collect();
                let title = format!("{}: {test} by province", plural(level));
                let alt = format!(
                    "Stacked bars, one per province, of {level} {test} outcomes; in all: {}.",
                    outcomes
                        .iter()
                        .zip(&totals)
                        .map(|(o, n)| format!("{o} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                Some(bar_chart(
                    &Bars {
                        title: &title,
                        value_desc: plural(level),
                        categories: &cats,
                        series: &series,
                        stacked: true,
                    },
                    alt,
                )?)
            };
            groups.push(OutcomeGroup {
                test,
                outcomes,
                provinces,
                totals,
                chart,
            });
        }
        out.push(LevelCounts {
            level: level.to_string(),
            plural: plural(level).to_string(),
            groups,
        });
    }
    Ok(out)
}

/// The incidence check of an exit decision: the check whose rule id ends in `.incidence`
/// and whose measure is a rate or a percentage.
fn incidence(d: &Decision) -> Option<&Check> {
    d.checks
        .iter()
        .find(|c| c.rule.ends_with(".incidence") && c.measured.as_percent().is_some())
}

fn exit_view(level: Level, decisions: &[Decision]) -> Result<Option<ExitView>> {
    let exits: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.level == level && d.test.as_str() == "exit")
        .collect();
    if exits.is_empty() {
        return Ok(None);
    }
    let mut measured: Vec<(&Decision, &Check, f64)> = exits
        .iter()
        .filter_map(|d| {
            let c = incidence(d)?;
            let pct: f64 = c.measured.as_percent()?.to_string().parse().ok()?;
            Some((*d, c, pct))
        })
        .collect();
    measured.sort_by(|a, b| a.2.total_cmp(&b.2).then_with(|| a.0.id.cmp(&b.0.id)));
    let unmeasured = exits.len() - measured.len();
    let rule = measured
        .first()
        .map(|(_, c, _)| c.rule.to_string())
        .unwrap_or_default();
    let names: Vec<String> = ["exit", "remain"].map(String::from).to_vec();
    let mut hlines: Vec<f64> = Vec::new();
    let points: Vec<Point> = measured
        .iter()
        .enumerate()
        .map(|(i, (d, c, pct))| {
            if let Some(t) = c
                .threshold
                .as_percent()
                .and_then(|t| t.to_string().parse::<f64>().ok())
                && !hlines.contains(&t)
            {
                hlines.push(t);
            }
            Point {
                x: (i + 1) as f64,
                y: *pct,
                series: usize::from(d.outcome.as_str() != "exit"),
            }
        })
        .collect();
    let lvl = level.as_str();
    let n_exit = measured
        .iter()
        .filter(|(d, _, _)| d.outcome.as_str() == "exit")
        .count();
    let chart = if points.is_empty() {
        None
    } else {
        let title = format!(
            "{}: poverty incidence against the exit threshold",
            plural(lvl)
        );
        let thresholds = hlines
            .iter()
            .map(|t| format!("{t}%"))
            .collect::<Vec<_>>()
            .join(" and ");
        let alt = format!(
            "One point per {lvl}, ranked by poverty incidence (percent), green when the {lvl} \
             exits and red when it remains, with a line at each threshold ({thresholds}): \
             {} {}, {n_exit} exit, {} remain.",
            points.len(),
            plural(lvl),
            points.len() - n_exit
        );
        Some(chart(
            chart::scatter_svg(&Scatter {
                title: &title,
                x_desc: &format!("{} ranked by incidence", plural(lvl)),
                y_desc: "incidence (%)",
                series: &names,
                points: &points,
                hlines: &hlines,
            }),
            alt,
            "circle",
            points.len(),
            legend(&names),
        )?)
    };
    let points = measured
        .iter()
        .map(|(d, c, _)| ExitPoint {
            id: d.id.clone(),
            name: d.name.clone(),
            area: d
                .province
                .clone()
                .or_else(|| d.county.clone())
                .unwrap_or_default(),
            outcome: d.outcome.as_str().to_string(),
            measured: json_text(&c.measured),
            threshold: json_text(&c.threshold),
            op: c.op.to_string(),
            deciding: deciding(d).map_or_else(|| all_pass(d), check_text),
        })
        .collect();
    Ok(Some(ExitView {
        level: lvl.to_string(),
        plural: plural(lvl).to_string(),
        rule,
        points,
        unmeasured,
        chart,
    }))
}

/// The check that decided a decision, as the page names it: the first failing veto, else
/// the deciding qualifying check (a designation route, a poverty line); `None` when every
/// check is a veto and all pass (an exit), where no single check decided.
fn deciding(d: &Decision) -> Option<&Check> {
    use fupin::Role;
    let vetoes_only = d.checks.iter().all(|c| c.role == Role::Require);
    let all_pass = d.checks.iter().all(|c| c.passed);
    if vetoes_only && all_pass && !d.checks.is_empty() {
        None
    } else {
        d.deciding_check()
    }
}

/// What decided a unit that passes every veto.
fn all_pass(d: &Decision) -> String {
    format!("all {} checks pass", d.checks.len())
}

fn county_rows(profile: &str, decisions: &[Decision]) -> Vec<CountyRow> {
    decisions
        .iter()
        .filter(|d| d.level == Level::County)
        .map(|d| {
            let c = deciding(d);
            CountyRow {
                profile: profile.to_string(),
                id: d.id.clone(),
                name: d.name.clone(),
                province: d.province.clone().unwrap_or_default(),
                test: d.test.as_str().to_string(),
                outcome: d.outcome.as_str().to_string(),
                rule: c.map_or_else(|| all_pass(d), |c| c.rule.to_string()),
                measured: c.map(|c| json_text(&c.measured)).unwrap_or_default(),
                op: c.map(|c| c.op.to_string()).unwrap_or_default(),
                threshold: c.map(|c| json_text(&c.threshold)).unwrap_or_default(),
                passed: c.is_some_and(|c| c.passed),
            }
        })
        .collect()
}
