//! fupin's report: one self-contained HTML page of a run (`fupin report`), and the SVG
//! charts the commands draw (`--chart`).
//!
//! [`build`] runs the library (assess, or compare for several profiles; measures; lines;
//! the registry) and gathers what the page shows into a [`Report`], plain data that
//! serialises; [`html`] renders it with one template (minijinja, escaping every value) and
//! inline charts (plotters' SVG backend). The page makes no request of any kind: styles,
//! the small sorting script and the charts are inline; it reads without JavaScript and
//! prints.
//!
//! ```no_run
//! let plan = fupin::plan(fupin::open_profile("profiles/national-2011.toml")?, None)?;
//! let opts = fupin::Tables::of_profile().options(None);
//! let report = fupin_report::build(&[plan], &opts)?;
//! std::fs::write("report.html", fupin_report::html(&report)?).expect("write");
//! # Ok::<(), fupin::Error>(())
//! ```

pub mod chart;
mod gather;
mod model;
mod page;
mod sections;

pub use gather::build;
pub use model::{
    Chart, ComparisonView, CountyRow, ExitPoint, ExitView, Flip, FlipSide, InputView, LevelCounts,
    LinesView, MeasureRow, MeasuresView, OutcomeGroup, ProvinceRow, RegistryView, Report, Run,
};
pub use page::html;
