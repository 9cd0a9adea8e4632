//! The sections that do not come from the assessment itself: the poverty measures, the
//! lines, a comparison, the registry.

use std::collections::{BTreeMap, BTreeSet};

use fupin::{AssessOptions, Plan, Result};

use crate::chart::{self, Bars};
use crate::gather::{bar_chart, chart, check_text, legend};
use crate::model::*;

pub(crate) fn measures_view(plan: &Plan, opts: &AssessOptions) -> Result<MeasuresView> {
    let m = fupin::measures(plan, opts, &[], fupin::GroupBy::Province, None)?;
    let standards: Vec<String> = m.lines.iter().map(|l| l.standard.clone()).collect();
    let lines = m
        .lines
        .iter()
        .map(|l| {
            (
                l.standard.clone(),
                format!("{} yuan at {} prices", l.base_line, l.base_year),
                format!("{} yuan at {} prices ({})", l.line, l.prices, l.index),
                l.confirmed,
            )
        })
        .collect();
    let row = |g: &fupin::MeasureGroup, key: String| MeasureRow {
        key,
        households: g.households,
        persons: g.persons,
        values: standards
            .iter()
            .map(|s| {
                let f = g.measures.get(s).copied().unwrap_or_default();
                (f.poor_persons, f.p0, f.p1, f.p2)
            })
            .collect(),
    };
    let mut rows: Vec<MeasureRow> = m.groups.iter().map(|g| row(g, g.key.clone())).collect();
    rows.push(row(&m.total, "total".to_string()));
    let cats: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
    let mut charts = Vec::new();
    for (k, (label, name)) in [
        ("P0", "headcount ratio"),
        ("P1", "poverty gap index"),
        ("P2", "squared poverty gap index"),
    ]
    .into_iter()
    .enumerate()
    {
        let series: Vec<(String, Vec<f64>)> = standards
            .iter()
            .enumerate()
            .map(|(j, s)| {
                let v = rows
                    .iter()
                    .map(|r| {
                        let (_, p0, p1, p2) = r.values[j];
                        [p0, p1, p2][k]
                    })
                    .collect();
                (s.clone(), v)
            })
            .collect();
        let title = format!("{label} ({name}) by province, households of {}", m.year);
        let total = rows.last().map(|r| r.values.clone()).unwrap_or_default();
        let alt = format!(
            "Grouped bars, one group per province and one for the total, one bar per \
             standard, of the {name} ({label}) of {} households; in all: {}.",
            m.year,
            standards
                .iter()
                .zip(&total)
                .map(|(s, v)| format!("{s} {:.4}", [v.1, v.2, v.3][k]))
                .collect::<Vec<_>>()
                .join(", ")
        );
        charts.push(bar_chart(
            &Bars {
                title: &title,
                value_desc: label,
                categories: &cats,
                series: &series,
                stacked: false,
            },
            alt,
        )?);
    }
    Ok(MeasuresView {
        year: m.year,
        lines,
        standards,
        rows,
        charts,
    })
}

pub(crate) fn lines_view(year: i32) -> Result<LinesView> {
    let current = fupin::lines(&fupin::LinesQuery::default())?;
    // Constant prices: the assessment year's, where the price index reaches it, else the
    // 2011 standard's base year.
    let (constant_year, constant, note) = match fupin::lines(&fupin::LinesQuery {
        prices: Some(year),
        ..Default::default()
    }) {
        Ok(rows) => (year, rows, None),
        Err(e) => {
            let rows = fupin::lines(&fupin::LinesQuery {
                prices: Some(2010),
                ..Default::default()
            })?;
            (
                2010,
                rows,
                Some(format!(
                    "Lines in {year} prices: {e}; shown in 2010 prices."
                )),
            )
        }
    };
    let by_key: BTreeMap<(&str, i32), &fupin::LineRow> = constant
        .iter()
        .map(|r| ((r.standard.as_str(), r.year), r))
        .collect();
    let rows = current
        .iter()
        .map(|r| {
            let c = by_key.get(&(r.standard.as_str(), r.year));
            (
                r.standard.clone(),
                r.year,
                r.line.to_string(),
                c.map(|c| c.line.to_string()).unwrap_or_default(),
                r.confirmed && c.is_none_or(|c| c.confirmed),
            )
        })
        .collect();
    let stds: Vec<String> = current
        .iter()
        .map(|r| r.standard.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let alt = |rows: &[fupin::LineRow], prices: &str| {
        let last: Vec<String> = stds
            .iter()
            .filter_map(|s| {
                rows.iter()
                    .filter(|r| &r.standard == s)
                    .max_by_key(|r| r.year)
                    .map(|r| format!("{s} {} yuan in {}", r.line, r.year))
            })
            .collect();
        format!(
            "Lines over the years, one per standard, in {prices}; filled dots are confirmed \
             values, hollow ones unconfirmed; latest: {}.",
            last.join(", ")
        )
    };
    let points = |rows: &[fupin::LineRow]| rows.len();
    Ok(LinesView {
        constant_year,
        rows,
        current: Some(chart(
            chart::lines_svg(&current, None),
            alt(&current, "current prices"),
            "circle",
            points(&current),
            legend(&stds),
        )?),
        constant: Some(chart(
            chart::lines_svg(&constant, Some(constant_year)),
            alt(&constant, &format!("{constant_year} prices")),
            "circle",
            points(&constant),
            legend(&stds),
        )?),
        note,
    })
}

pub(crate) fn compare_view(c: &fupin::Comparison) -> Result<ComparisonView> {
    let profiles = c.keys.clone();
    let mut counts = Vec::new();
    for level in ["county", "village", "household"] {
        let outcomes: BTreeSet<&str> = c
            .profiles
            .iter()
            .filter_map(|b| b.summary.counts.get(level))
            .flat_map(|m| m.keys().copied())
            .collect();
        for o in outcomes {
            let row: Vec<usize> = c
                .profiles
                .iter()
                .map(|b| {
                    b.summary
                        .counts
                        .get(level)
                        .and_then(|m| m.get(o))
                        .copied()
                        .unwrap_or(0)
                })
                .collect();
            counts.push((level.to_string(), o.to_string(), row));
        }
    }
    // One chart per level: counties, villages and households differ in number by orders
    // of magnitude.
    let mut charts = Vec::new();
    for level in ["county", "village", "household"] {
        let rows: Vec<&(String, String, Vec<usize>)> =
            counts.iter().filter(|(l, _, _)| l == level).collect();
        if rows.is_empty() {
            continue;
        }
        let cats: Vec<String> = rows.iter().map(|(_, o, _)| o.clone()).collect();
        let series: Vec<(String, Vec<f64>)> = profiles
            .iter()
            .enumerate()
            .map(|(j, p)| (p.clone(), rows.iter().map(|r| r.2[j] as f64).collect()))
            .collect();
        let flipped = c
            .changes
            .iter()
            .filter(|ch| ch.changed && ch.level.as_str() == level)
            .count();
        let alt = format!(
            "Grouped bars, one group per {level} outcome, one bar per profile ({}); {flipped} \
             {} change outcome.",
            profiles.join(", "),
            crate::gather::plural(level)
        );
        charts.push(bar_chart(
            &Bars {
                title: &format!(
                    "{} outcomes under each profile",
                    crate::gather::plural(level)
                ),
                value_desc: crate::gather::plural(level),
                categories: &cats,
                series: &series,
                stacked: false,
            },
            alt,
        )?);
    }
    let flips = c
        .changes
        .iter()
        .filter(|ch| ch.changed)
        .map(|ch| Flip {
            level: ch.level.as_str().to_string(),
            test: ch.test.as_str().to_string(),
            id: ch.id.clone(),
            name: ch.name.clone(),
            province: ch.province.clone().unwrap_or_default(),
            sides: profiles
                .iter()
                .map(|p| {
                    let side = ch.outcomes.get(p);
                    FlipSide {
                        outcome: side
                            .and_then(|s| s.outcome)
                            .map(|o| o.as_str().to_string())
                            .unwrap_or_default(),
                        deciding: side
                            .and_then(|s| s.decided_by.as_ref())
                            .map(check_text)
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(ComparisonView {
        profiles,
        counts,
        charts,
        flips,
    })
}

pub(crate) fn registry_view() -> Result<RegistryView> {
    let reg = fupin::registry(None)?;
    let years: Vec<i32> = reg
        .iter()
        .map(|c| c.exit_year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut by_prov: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_region: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for c in &reg {
        let i = years.iter().position(|y| *y == c.exit_year).unwrap_or(0);
        by_prov
            .entry(&c.province)
            .or_insert_with(|| vec![0; years.len()])[i] += 1;
        by_region
            .entry(&c.region)
            .or_insert_with(|| vec![0; years.len()])[i] += 1;
    }
    let totals: Vec<usize> = (0..years.len())
        .map(|i| by_prov.values().map(|v| v[i]).sum())
        .collect();
    let rows = by_prov
        .into_iter()
        .map(|(p, v)| {
            let t = v.iter().sum();
            (p.to_string(), v, t)
        })
        .collect();
    let regions: Vec<String> = ["east", "central", "west"]
        .into_iter()
        .filter(|r| by_region.contains_key(r))
        .map(String::from)
        .collect();
    let series: Vec<(String, Vec<f64>)> = regions
        .iter()
        .map(|r| {
            (
                r.clone(),
                by_region[r.as_str()].iter().map(|n| *n as f64).collect(),
            )
        })
        .collect();
    let cats: Vec<String> = years.iter().map(|y| format!("exit in {y}")).collect();
    let alt = format!(
        "Stacked bars, one per exit year, of the {} poverty counties by region (east, \
         central, west): {}.",
        reg.len(),
        years
            .iter()
            .zip(&totals)
            .map(|(y, n)| format!("{y}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let chart = bar_chart(
        &Bars {
            title: "The 832 poverty counties by exit year and region",
            value_desc: "counties",
            categories: &cats,
            series: &series,
            stacked: true,
        },
        alt,
    )?;
    Ok(RegistryView {
        total: reg.len(),
        years,
        rows,
        totals,
        chart: Some(chart),
    })
}
