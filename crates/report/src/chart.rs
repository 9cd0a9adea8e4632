//! SVG charts (plotters): the poverty lines over the years, a sweep's response, and the
//! report's bars and scatters.

use std::collections::BTreeMap;

use fupin::Error as EngineError;
use plotters::prelude::*;

use fupin::LineRow;

/// Draw each standard's line over the years; `prices` names the price level in the title.
pub fn lines_svg(rows: &[LineRow], prices: Option<i32>) -> Result<String, EngineError> {
    let mut by_std: BTreeMap<&str, Vec<(i32, f64, bool)>> = BTreeMap::new();
    for r in rows {
        by_std.entry(r.standard.as_str()).or_default().push((
            r.year,
            r.line.to_yuan_f64(),
            r.confirmed,
        ));
    }
    let ymax = rows
        .iter()
        .map(|r| r.line.to_yuan_f64())
        .fold(0.0, f64::max)
        * 1.1;
    let title = match prices {
        None => "Rural poverty lines, current prices (yuan per person per year)".to_string(),
        Some(p) => format!("Rural poverty lines in {p} prices (yuan per person per year)"),
    };
    year_series_svg(&title, ("year", "yuan"), &by_std, ymax.max(1.0))
}

/// One line per standard over the years, each value a dot: filled when confirmed, hollow
/// when not (the lines, the published incidence).
fn year_series_svg(
    title: &str,
    (x_desc, y_desc): (&str, &str),
    by_std: &BTreeMap<&str, Vec<(i32, f64, bool)>>,
    ymax: f64,
) -> Result<String, EngineError> {
    let fail = |e: String| EngineError::Config(format!("cannot draw the chart: {e}"));
    if by_std.is_empty() {
        return Err(fail("no values to draw".into()));
    }
    let (x0, x1) = by_std
        .values()
        .flatten()
        .fold((i32::MAX, i32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d((x0 - 1)..(x1 + 1), 0.0..ymax)
            .map_err(|e| fail(e.to_string()))?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
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
pub fn sweep_svg(s: &fupin::Sweep) -> Result<String, EngineError> {
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

/// Colours by name: a report names each series, and the same outcome keeps its colour in
/// every chart (see [`color_of`]).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// The colour of a series: outcomes have fixed colours (exit and not poor green, remain and
/// poor red, designated blue, not designated grey), anything else the `i`th palette colour.
pub fn color_of(name: &str, i: usize) -> RGBColor {
    match name {
        "exit" | "not_poor" | "within_scale" => RGBColor(44, 160, 44),
        "remain" | "poor" | "over_scale" => RGBColor(214, 39, 40),
        "designated" | "in_transition" => RGBColor(31, 119, 180),
        "not_designated" | "not_monitored" | "not_in_transition" => RGBColor(170, 170, 170),
        _ => PALETTE[i % PALETTE.len()],
    }
}

/// `#rrggbb` of a colour, for the HTML legend beside a chart.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A bar chart with one horizontal bar (stacked) or one group of bars (grouped) per
/// category.
pub struct Bars<'a> {
    /// Title drawn on the chart.
    pub title: &'a str,
    /// The quantity along the bars.
    pub value_desc: &'a str,
    /// The categories, top to bottom.
    pub categories: &'a [String],
    /// The series: a name (its colour, see [`color_of`]) and one value per category.
    pub series: &'a [(String, Vec<f64>)],
    /// Segments end to end (counts of a whole), or side by side (rates).
    pub stacked: bool,
}

/// The number of marks [`bars_svg`] draws: one rectangle per non-zero value.
pub fn bar_marks(series: &[(String, Vec<f64>)]) -> usize {
    series
        .iter()
        .flat_map(|(_, v)| v.iter())
        .filter(|v| **v != 0.0)
        .count()
}

/// Draw [`Bars`]; every non-zero value is one filled rectangle (its only `<rect>` with a
/// colour of the series), so a reader (or a test) can count the marks.
pub fn bars_svg(b: &Bars<'_>) -> Result<String, EngineError> {
    let fail = |e: String| EngineError::Config(format!("cannot draw the chart: {e}"));
    let n = b.categories.len();
    if n == 0 || b.series.is_empty() {
        return Err(fail("no values to draw".into()));
    }
    let k = b.series.len();
    let xmax = if b.stacked {
        (0..n)
            .map(|i| b.series.iter().map(|(_, v)| v[i]).sum::<f64>())
            .fold(0.0, f64::max)
    } else {
        b.series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .fold(0.0, f64::max)
    };
    let xmax = if xmax > 0.0 { xmax * 1.05 } else { 1.0 };
    let height = (60 + n * if b.stacked { 26 } else { 14 + 9 * k }).clamp(180, 2400) as u32;
    let label_w = b
        .categories
        .iter()
        .map(|c| {
            c.chars()
                .map(|ch| if ch.is_ascii() { 7 } else { 13 })
                .sum::<u32>()
        })
        .max()
        .unwrap_or(40)
        .clamp(40, 240)
        + 12;
    let cats = b.categories.to_vec();
    // Whole numbers (counts) are labelled as such; rates with three decimals.
    let counts = b
        .series
        .iter()
        .flat_map(|(_, v)| v.iter())
        .all(|v| v.fract() == 0.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(b.title, ("sans-serif", 17))
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0.0..xmax, -0.5..(n as f64 - 0.5))
            .map_err(|e| fail(e.to_string()))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n.max(2) * 2 + 1)
            .y_label_formatter(&|y: &f64| {
                let i = y.round();
                if (y - i).abs() > 1e-6 || i < 0.0 {
                    return String::new();
                }
                // Category 0 at the top.
                let row = n as i64 - 1 - i as i64;
                usize::try_from(row)
                    .ok()
                    .and_then(|r| cats.get(r).cloned())
                    .unwrap_or_default()
            })
            .x_label_formatter(&|x: &f64| {
                if counts {
                    format!("{x:.0}")
                } else {
                    format!("{x:.3}")
                }
            })
            .x_desc(b.value_desc)
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        for i in 0..n {
            let y = (n - 1 - i) as f64;
            let mut start = 0.0;
            for (j, (name, values)) in b.series.iter().enumerate() {
                let v = values[i];
                if v == 0.0 {
                    continue;
                }
                let color = color_of(name, j);
                let (x0, x1, y0, y1) = if b.stacked {
                    let r = (start, start + v, y - 0.35, y + 0.35);
                    start += v;
                    r
                } else {
                    let h = 0.8 / k as f64;
                    let top = y + 0.4 - h * j as f64;
                    (0.0, v, top - h * 0.9, top)
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        color.filled(),
                    )))
                    .map_err(|e| fail(e.to_string()))?;
            }
        }
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    Ok(svg)
}

/// One point of a [`Scatter`].
pub struct Point {
    /// Position along the x axis.
    pub x: f64,
    /// Position along the y axis.
    pub y: f64,
    /// The series (its colour, see [`color_of`]).
    pub series: usize,
}

/// Points against horizontal reference lines (thresholds).
pub struct Scatter<'a> {
    /// Title drawn on the chart.
    pub title: &'a str,
    /// The x axis.
    pub x_desc: &'a str,
    /// The y axis.
    pub y_desc: &'a str,
    /// The series' names, in the order `Point::series` indexes them.
    pub series: &'a [String],
    /// The points: each one `<circle>`.
    pub points: &'a [Point],
    /// Horizontal reference lines (a threshold), drawn as lines, never as circles.
    pub hlines: &'a [f64],
}

/// Draw a [`Scatter`]: one `<circle>` per point and nothing else drawn as a circle.
pub fn scatter_svg(s: &Scatter<'_>) -> Result<String, EngineError> {
    let fail = |e: String| EngineError::Config(format!("cannot draw the chart: {e}"));
    if s.points.is_empty() {
        return Err(fail("no points to draw".into()));
    }
    let (x0, x1) = s
        .points
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let pad = (x1 - x0) * 0.02;
    let ymax = s
        .points
        .iter()
        .map(|p| p.y)
        .chain(s.hlines.iter().copied())
        .fold(0.0, f64::max)
        .max(0.1)
        * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(s.title, ("sans-serif", 17))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), 0.0..ymax)
            .map_err(|e| fail(e.to_string()))?;
        chart
            .configure_mesh()
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .x_desc(s.x_desc)
            .y_desc(s.y_desc)
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        for h in s.hlines {
            chart
                .draw_series(LineSeries::new(
                    [(x0 - pad, *h), (x1 + pad, *h)],
                    BLACK.mix(0.6).stroke_width(1),
                ))
                .map_err(|e| fail(e.to_string()))?;
        }
        chart
            .draw_series(s.points.iter().map(|p| {
                let name = s.series.get(p.series).map_or("", String::as_str);
                Circle::new((p.x, p.y), 3, color_of(name, p.series).filled())
            }))
            .map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    Ok(svg)
}

/// Draw the published poverty incidence over the years, one line per standard; confirmed
/// values as filled dots, unconfirmed ones hollow (`fupin history --chart`).
pub fn history_svg(h: &fupin::History) -> Result<String, EngineError> {
    let mut by_std: BTreeMap<String, Vec<(i32, f64, bool)>> = BTreeMap::new();
    for r in h
        .rows
        .iter()
        .filter(|r| r.quantity == fupin::Quantity::IncidencePct)
    {
        let v: f64 = r.value.to_string().parse().unwrap_or(0.0);
        // A province's series is drawn apart from the national one of its standard.
        let name = match (&r.province, &r.scope) {
            (None, None) => r.standard.clone(),
            (p, s) => [p.as_deref(), s.as_deref(), Some(r.standard.as_str())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        };
        by_std.entry(name).or_default().push((
            r.year,
            v,
            r.status != fupin::core::params::Status::Unconfirmed,
        ));
    }
    let by_std: BTreeMap<&str, Vec<(i32, f64, bool)>> = by_std
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    year_series_svg(
        "Rural poverty incidence under each standard, as published (%)",
        ("year (end)", "percent of the rural population"),
        &by_std,
        100.0,
    )
}
