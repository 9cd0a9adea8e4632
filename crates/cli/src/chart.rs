//! SVG charts (plotters): the poverty lines over the years.

use std::collections::BTreeMap;

use fupin::Error as EngineError;
use plotters::prelude::*;

use fupin::LineRow;

/// Draw each standard's line over the years; `prices` names the price level in the title.
pub(crate) fn lines_svg(rows: &[LineRow], prices: Option<i32>) -> Result<String, EngineError> {
    let fail = |e: String| EngineError::Config(format!("cannot draw the chart: {e}"));
    let mut by_std: BTreeMap<&str, Vec<(i32, f64, bool)>> = BTreeMap::new();
    for r in rows {
        by_std.entry(r.standard.as_str()).or_default().push((
            r.year,
            r.line.to_yuan_f64(),
            r.confirmed,
        ));
    }
    if by_std.is_empty() {
        return Err(fail("no lines to draw".into()));
    }
    let (x0, x1) = rows.iter().fold((i32::MAX, i32::MIN), |(a, b), r| {
        (a.min(r.year), b.max(r.year))
    });
    let ymax = rows
        .iter()
        .map(|r| r.line.to_yuan_f64())
        .fold(0.0, f64::max)
        * 1.1;
    let title = match prices {
        None => "Rural poverty lines, current prices (yuan per person per year)".to_string(),
        Some(p) => format!("Rural poverty lines in {p} prices (yuan per person per year)"),
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d((x0 - 1)..(x1 + 1), 0.0..ymax.max(1.0))
            .map_err(|e| fail(e.to_string()))?;
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc("yuan")
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        let palette = [&BLUE, &RED, &GREEN, &MAGENTA, &CYAN];
        for (i, (std, points)) in by_std.iter().enumerate() {
            let color = palette[i % palette.len()];
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|(x, y, _)| (*x, *y)),
                    color,
                ))
                .map_err(|e| fail(e.to_string()))?
                .label(*std)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color));
            // Confirmed values as filled dots, unconfirmed as hollow ones.
            chart
                .draw_series(points.iter().map(|(x, y, confirmed)| {
                    let style = if *confirmed {
                        color.filled()
                    } else {
                        color.stroke_width(1)
                    };
                    Circle::new((*x, *y), 4, style)
                }))
                .map_err(|e| fail(e.to_string()))?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    Ok(svg)
}

/// Draw a sweep: for each level, the count of its positive outcome (exit, designated, poor)
/// against the parameter's value.
pub(crate) fn sweep_svg(s: &fupin::Sweep) -> Result<String, EngineError> {
    let fail = |e: String| EngineError::Config(format!("cannot draw the chart: {e}"));
    let positive = ["exit", "designated", "poor"];
    let mut series: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for p in &s.points {
        let x: f64 = p.value.to_string().parse().unwrap_or(0.0);
        for (level, counts) in &p.counts {
            for (outcome, n) in counts {
                if positive.contains(outcome) {
                    series
                        .entry(format!("{level} {outcome}"))
                        .or_default()
                        .push((x, *n as f64));
                }
            }
        }
    }
    if series.is_empty() || s.points.is_empty() {
        return Err(fail("no counts to draw".into()));
    }
    // The response: the series the parameter moves (all of them if none moves).
    let moving: BTreeMap<String, Vec<(f64, f64)>> = series
        .iter()
        .filter(|(_, pts)| pts.iter().any(|(_, y)| *y != pts[0].1))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !moving.is_empty() {
        series = moving;
    }
    let xs: Vec<f64> = s
        .points
        .iter()
        .map(|p| p.value.to_string().parse().unwrap_or(0.0))
        .collect();
    let (x0, x1) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let ymax = series
        .values()
        .flatten()
        .map(|(_, y)| *y)
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{} ({}): profile {}", s.parameter, s.unit, s.profile),
                ("sans-serif", 18),
            )
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(x0..x1, 0.0..ymax)
            .map_err(|e| fail(e.to_string()))?;
        chart
            .configure_mesh()
            .x_desc(s.unit.as_str())
            .y_desc("units")
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        let palette = [&BLUE, &RED, &GREEN, &MAGENTA, &CYAN];
        for (i, (name, points)) in series.iter().enumerate() {
            let color = palette[i % palette.len()];
            chart
                .draw_series(LineSeries::new(points.iter().copied(), color))
                .map_err(|e| fail(e.to_string()))?
                .label(name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color));
            chart
                .draw_series(points.iter().map(|p| Circle::new(*p, 3, color.filled())))
                .map_err(|e| fail(e.to_string()))?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    Ok(svg)
}
