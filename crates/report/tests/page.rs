//! The report page on the bundled sample: its structure (an insta snapshot of the outline:
//! headings, charts with their marks, tables with their columns and row counts), its size,
//! that it asks for nothing outside the file, that every chart draws the marks it claims,
//! that its numbers are the library's, and that data is escaped.

use std::path::{Path, PathBuf};

use tl::{HTMLTag, Parser, ParserOptions, VDom};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn report_of(profiles: &[&Path], opts: &fupin::AssessOptions) -> (fupin_report::Report, String) {
    let plans: Vec<fupin::Plan> = profiles
        .iter()
        .map(|p| fupin::plan(fupin::open_profile(p).expect("profile"), None).expect("plan"))
        .collect();
    let r = fupin_report::build(&plans, opts).expect("report");
    let html = fupin_report::html(&r).expect("html");
    (r, html)
}

fn sample(profiles: &[&str]) -> (fupin_report::Report, String) {
    let paths: Vec<PathBuf> = profiles.iter().map(|p| root().join(p)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    report_of(&refs, &fupin::Tables::of_profile().options(None))
}

fn attr(t: &HTMLTag<'_>, name: &str) -> Option<String> {
    t.attributes()
        .get(name)
        .flatten()
        .map(|v| v.as_utf8_str().into_owned())
}

fn text(t: &HTMLTag<'_>, p: &Parser<'_>) -> String {
    t.inner_text(p)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tags named `name` under `t`, in document order.
fn all<'a>(t: &'a HTMLTag<'a>, p: &'a Parser<'a>, name: &str) -> Vec<&'a HTMLTag<'a>> {
    t.query_selector(p, name)
        .map(|it| {
            it.filter_map(|h| h.get(p).and_then(|n| n.as_tag()))
                .collect()
        })
        .unwrap_or_default()
}

/// The marks a chart draws: circles, or rectangles other than the white background.
fn marks(fig: &HTMLTag<'_>, p: &Parser<'_>) -> usize {
    match attr(fig, "data-mark").as_deref() {
        Some("circle") => all(fig, p, "circle").len(),
        Some("rect") => all(fig, p, "rect")
            .iter()
            .filter(|r| {
                let fill = attr(r, "fill").unwrap_or_default().to_ascii_uppercase();
                fill != "#FFFFFF" && fill != "WHITE"
            })
            .count(),
        other => panic!("figure without a mark kind: {other:?}"),
    }
}

/// The tags `inner` inside the tags `outer` under `t` (tl's selectors have no descendant
/// combinator).
fn within<'a>(
    t: &'a HTMLTag<'a>,
    p: &'a Parser<'a>,
    outer: &str,
    inner: &str,
) -> Vec<&'a HTMLTag<'a>> {
    all(t, p, outer)
        .into_iter()
        .flat_map(|o| all(o, p, inner))
        .collect()
}

/// Headings, charts and tables in document order.
fn outline(dom: &VDom<'_>) -> String {
    let p = dom.parser();
    let mut out = String::new();
    for node in dom.nodes() {
        let Some(t) = node.as_tag() else { continue };
        match t.name().as_utf8_str().as_ref() {
            h @ ("h1" | "h2" | "h3" | "h4") => {
                let depth = h[1..].parse::<usize>().unwrap_or(1);
                out += &format!("{}{h} {}\n", "  ".repeat(depth - 1), text(t, p));
            }
            "figure" => {
                let n = marks(t, p);
                let claimed: usize = attr(t, "data-marks")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                out += &format!(
                    "        figure #{} {} {}s{}\n",
                    attr(t, "id").unwrap_or_default(),
                    n,
                    attr(t, "data-mark").unwrap_or_default(),
                    if n == claimed {
                        String::new()
                    } else {
                        format!(" (claims {claimed})")
                    }
                );
            }
            "table" => {
                let caption = all(t, p, "caption")
                    .first()
                    .map(|c| text(c, p))
                    .unwrap_or_default();
                let cols: Vec<String> = within(t, p, "thead", "th")
                    .iter()
                    .map(|h| text(h, p))
                    .collect();
                let rows = within(t, p, "tbody", "tr").len();
                out += &format!(
                    "        table \"{caption}\": {rows} rows; {}\n",
                    cols.join(" | ")
                );
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_sample_report_has_its_sections_charts_and_tables() {
    let (r, html) = sample(&["profiles/national-2011.toml"]);
    // The size budget (docs/report.md): under 2 MB for the bundled sample.
    assert!(html.len() < 2_000_000, "{} bytes", html.len());
    let dom = tl::parse(&html, ParserOptions::default()).expect("parse");
    let outline = outline(&dom);
    assert!(
        !outline.contains("claims"),
        "a chart draws fewer or more marks than it says:\n{outline}"
    );
    insta::assert_snapshot!("national-2011", outline);
    // One point per county of the exit test with a measured incidence; one bar per
    // non-zero count.
    let exit = &r.runs[0].exits[0];
    assert_eq!(exit.level, "county");
    assert_eq!(
        exit.chart.as_ref().map(|c| c.marks),
        Some(exit.points.len())
    );
    assert!(exit.points.len() > 100);
}

#[test]
fn the_page_asks_for_nothing_outside_itself() {
    let (_, html) = sample(&["profiles/national-2011.toml"]);
    let dom = tl::parse(&html, ParserOptions::default()).expect("parse");
    let p = dom.parser();
    for node in dom.nodes() {
        let Some(t) = node.as_tag() else { continue };
        let name = t.name().as_utf8_str().into_owned();
        assert!(
            ![
                "link", "img", "iframe", "object", "embed", "audio", "video", "source"
            ]
            .contains(&name.as_str()),
            "<{name}> loads a resource"
        );
        if name == "script" {
            assert!(attr(t, "src").is_none(), "a script from elsewhere");
        }
        for a in ["src", "srcset", "xlink:href", "data", "poster"] {
            assert!(attr(t, a).is_none(), "<{name} {a}=…>");
        }
        if let Some(href) = attr(t, "href") {
            assert!(
                href.starts_with('#'),
                "<{name} href={href}>: only links within the page"
            );
        }
        if name == "style" {
            let css = t.inner_text(p);
            assert!(
                !css.contains("url(") && !css.contains("@import"),
                "CSS that loads"
            );
        }
    }
}

#[test]
fn the_numbers_are_the_librarys() {
    let (r, html) = sample(&["profiles/national-2011.toml"]);
    let plan = fupin::plan(
        fupin::open_profile(root().join("profiles/national-2011.toml")).expect("profile"),
        None,
    )
    .expect("plan");
    let a = fupin::assess(&plan, &fupin::Tables::of_profile().options(None)).expect("assess");
    // Every outcome total and every province's count, as the summary has them.
    for level in &r.runs[0].outcomes {
        for g in &level.groups {
            for (o, n) in g.outcomes.iter().zip(&g.totals) {
                assert_eq!(
                    a.summary.counts[level.level.as_str()][o.as_str()],
                    *n,
                    "{} {o}",
                    level.level
                );
            }
            for row in &g.provinces {
                for (o, n) in g.outcomes.iter().zip(&row.counts) {
                    let want = a.summary.by_province[&row.province][level.level.as_str()]
                        .get(o.as_str())
                        .copied()
                        .unwrap_or(0);
                    assert_eq!(want, *n, "{} {} {o}", row.province, level.level);
                }
            }
        }
    }
    // Every county decision is a row of the county table, with its outcome.
    let counties: Vec<&fupin::Decision> = fupin::decisions_at(&a, fupin::Level::County).collect();
    assert_eq!(r.counties.len(), counties.len());
    for (row, d) in r.counties.iter().zip(&counties) {
        assert_eq!(
            (row.id.as_str(), row.outcome.as_str()),
            (d.id.as_str(), d.outcome.as_str())
        );
    }
    let dom = tl::parse(&html, ParserOptions::default()).expect("parse");
    let p = dom.parser();
    let table = dom
        .get_element_by_id("table-counties")
        .and_then(|h| h.get(p))
        .and_then(|n| n.as_tag())
        .expect("county table");
    assert_eq!(within(table, p, "tbody", "tr").len(), counties.len());
}

#[test]
fn two_profiles_show_counts_side_by_side_and_every_flip() {
    let (r, html) = sample(&[
        "profiles/national-2011.toml",
        "tests/fixtures/profiles/national-2011-west-2pct.toml",
    ]);
    let c = r.comparison.as_ref().expect("comparison");
    let plans: Vec<fupin::Plan> = [
        "profiles/national-2011.toml",
        "tests/fixtures/profiles/national-2011-west-2pct.toml",
    ]
    .iter()
    .map(|p| {
        fupin::plan(fupin::open_profile(root().join(p)).expect("profile"), None).expect("plan")
    })
    .collect();
    let mut opts = fupin::Tables::of_profile().options(None);
    opts.household_detail = Some(fupin::HouseholdDetail::None);
    let cmp = fupin::compare(&plans, &opts, true).expect("compare");
    assert!(cmp.changed > 0, "the scenario flips units");
    assert_eq!(
        c.flips.len(),
        cmp.changes.iter().filter(|ch| ch.changed).count()
    );
    // Each flip names the deciding check under each profile.
    for f in &c.flips {
        assert_eq!(f.sides.len(), 2);
        assert_ne!(f.sides[0].outcome, f.sides[1].outcome);
        assert!(f.sides.iter().all(|s| !s.deciding.is_empty()), "{f:?}");
    }
    let dom = tl::parse(&html, ParserOptions::default()).expect("parse");
    insta::assert_snapshot!("national-2011__west-2pct", outline(&dom));
}

#[test]
fn data_is_escaped_and_a_run_without_households_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The sample's counties, one county assessed for exit renamed and moved to a province
    // named in markup (in every row of it: the table is long, one row per year).
    let sample = std::fs::read_to_string(root().join("data/sample/counties.csv")).expect("sample");
    let mut lines: Vec<String> = sample.lines().map(String::from).collect();
    let header: Vec<String> = lines[0].split(',').map(String::from).collect();
    let col = |n: &str| header.iter().position(|c| c == n).expect(n);
    let (name, province, year, before) = (
        col("name"),
        col("province"),
        col("income_year"),
        col("designated_before"),
    );
    let code = lines[1..]
        .iter()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f[year] == "2019" && f[before] == "true")
        .map(|f| f[0].to_string())
        .expect("a county assessed for exit");
    for l in lines[1..].iter_mut() {
        let mut f: Vec<String> = l.split(',').map(String::from).collect();
        assert_eq!(f.len(), header.len(), "no quoted commas in the sample");
        if f[0] == code {
            f[name] = "<script>alert(1)</script>&县".into();
            f[province] = "<b>省</b>".into();
            *l = f.join(",");
        }
    }
    std::fs::write(dir.path().join("counties.csv"), lines.join("\n") + "\n").expect("write");
    let plan = fupin::plan(
        fupin::open_profile(root().join("profiles/national-2011.toml")).expect("profile"),
        None,
    )
    .expect("plan");
    let opts = fupin::Tables {
        counties: Some(dir.path().join("counties.csv")),
        villages: Some(PathBuf::new()),
        households: Some(PathBuf::new()),
        on_bad_row: fupin::BadRows::Error,
        in_memory: fupin::ArrowTables::default(),
    }
    .options(None);
    let r = fupin_report::build(&[plan], &opts).expect("report");
    let html = fupin_report::html(&r).expect("html");
    assert!(
        !html.contains("<script>alert(1)"),
        "a county name became markup"
    );
    assert!(!html.contains("<b>省"), "a province became markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;&amp;县"));
    // In the charts too (plotters escapes text): the province is a bar's label.
    assert!(html.contains("&lt;b&gt;省&lt;/b&gt;"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(r.runs[0].measures.is_none());
    assert!(html.contains("No household table was given"));
}
