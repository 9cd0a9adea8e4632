//! The page: one minijinja template with the styles and the sorting script inline.

use fupin::Result;
use minijinja::{Environment, Value, context};

use crate::model::Report;

const TEMPLATE: &str = include_str!("../templates/report.html");
const STYLE: &str = include_str!("../templates/report.css");
const SCRIPT: &str = include_str!("../templates/report.js");

/// Render a [`Report`] as one HTML page. Every value from the data is escaped (the
/// template's names end in `.html`, so minijinja escapes by default); the charts are SVG
/// that plotters wrote with its text escaped, inserted as they are.
pub fn html(report: &Report) -> Result<String> {
    let fail =
        |e: minijinja::Error| fupin::Error::Config(format!("cannot render the report: {e:#}"));
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE).map_err(fail)?;
    env.add_filter("svg", |s: String| Value::from_safe_string(s));
    env.add_filter("fixed4", |v: f64| format!("{v:.4}"));
    let t = env.get_template("report.html").map_err(fail)?;
    t.render(context! {
        r => Value::from_serialize(report),
        style => Value::from_safe_string(STYLE.to_string()),
        script => Value::from_safe_string(SCRIPT.to_string()),
    })
    .map_err(fail)
}
