//! SVG charts (plotters): the poverty lines over the years.

use std::collections::BTreeMap;

use fupin_engine::EngineError;
use plotters::prelude::*;

use crate::LineRow;

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
