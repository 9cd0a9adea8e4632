//! The rows a document shows as CSV and as a table alike: one shape, two renderers.

use crate::eval::measures::{Group, Measures};
use crate::eval::sweep::{Point, Sweep};
use crate::eval::tabulate::{Row, Tabulation};

/// A header and its rows.
pub(super) struct Grid {
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
}

/// A sweep: the parameter's value, then the count of every (level, outcome) that occurs at
/// any point, the headcount and the incidence.
pub(super) fn sweep(s: &Sweep) -> Grid {
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
    let cell = |p: &Point, (l, o): (&str, &str)| {
        p.counts
            .get(l)
            .and_then(|c| c.get(o))
            .copied()
            .unwrap_or(0)
            .to_string()
    };
    let mut header = vec![s.parameter.clone()];
    header.extend(cols.iter().map(|(l, o)| format!("{l}.{o}")));
    header.push("headcount".into());
    header.push("incidence_pct".into());
    let rows = s
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
    Grid { header, rows }
}

/// Poverty measures: one row per group and the total, five figures per standard.
pub(super) fn measures(m: &Measures) -> Grid {
    let stds: Vec<&str> = m.lines.iter().map(|l| l.standard.as_str()).collect();
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
    let row = |g: &Group| {
        let mut r = vec![
            g.key.clone(),
            g.name.clone(),
            g.households.to_string(),
            g.persons.to_string(),
        ];
        for s in &stds {
            let f = g.measures.get(*s).copied().unwrap_or_default();
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
    Grid { header, rows }
}

/// A tabulation: one row per profile and county.
pub(super) fn tabulation(t: &Tabulation) -> Grid {
    let header: Vec<String> = [
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
    ]
    .map(String::from)
    .to_vec();
    let opt = |v: &Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let cells = |r: &Row| {
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
    Grid {
        header,
        rows: t.rows.iter().map(cells).collect(),
    }
}
