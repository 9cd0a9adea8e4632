//! Output: every result rendered as a whole document in a [`Format`], one module per format
//! (`table`, `json`, `csv`; the rows CSV and tables share are in `grid`), the one schema of
//! a check row (`decisions`), and files written whole or not at all (`files`).
//!
//! Adding a format is one renderer file with a `render(Doc) -> Result<Vec<u8>>` and a
//! [`Format`] variant: the compiler then points at the one `match` below.

mod csv;
pub mod decisions;
pub mod files;
mod grid;
mod json;
mod table;

use std::io::Write;

use fupin_core::ParameterStore;
use fupin_core::rule::RuleEntry;

use crate::error::Result;
use crate::eval::compare::Comparison;
use crate::eval::lines::LineRow;
use crate::eval::measures::Measures;
use crate::eval::model::Assessment;
use crate::eval::sweep::Sweep;
use crate::eval::tabulate::Tabulation;
use crate::input::Rejected;
use crate::setup::plugin::LoadedPlugin;
use crate::setup::registry::{Summary as RegistrySummary, TransitionView};

pub use self::csv::{PLUGIN_COLUMNS, REJECTED_HEADER};
pub use crate::setup::profile::Format;
pub use files::{Dest, Outputs, Staged, remove_temporaries, write_stdout};
pub use json::json_bytes;
pub use table::check_line;

/// A result to render.
#[derive(Debug, Clone, Copy)]
pub enum Doc<'a> {
    /// An assessment (`fupin.assessment.v1`).
    Assessment(&'a Assessment),
    /// A comparison of profiles.
    Comparison(&'a Comparison),
    /// County tables under profiles.
    Tabulation(&'a Tabulation),
    /// A parameter sweep.
    Sweep(&'a Sweep),
    /// Poverty measures.
    Measures(&'a Measures),
    /// Published poverty lines.
    Lines(&'a [LineRow]),
    /// Rules, their summaries filled with these parameters' values.
    Rules(&'a [RuleEntry], &'a ParameterStore),
    /// Counts of the 832-county registry.
    RegistrySummary(&'a RegistrySummary),
    /// The published national series (`fupin history`).
    History(&'a crate::setup::history::History),
    /// The shipped lines and registry against the published series (`fupin history --check`).
    HistoryCheck(&'a [crate::setup::history::Agreement]),
    /// The counties in their transition period in a year.
    Transition(&'a TransitionView, i32),
    /// The compiled-in rule sets and the loaded plugins.
    Plugins(&'a [LoadedPlugin]),
    /// Rows rejected under `--on-bad-row skip` (file, row, reason; a table shows the CSV).
    Rejected(&'a [Rejected]),
}

/// Render a result in a format: the bytes of one whole document.
pub fn render(doc: Doc<'_>, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Table => table::render(doc),
        Format::Json => json::render(doc),
        Format::Csv => csv::render(doc),
    }
}

/// Render a result into `w` (`what` names it in messages). The same bytes as [`render`]; a
/// JSON assessment, comparison or tabulation is serialised as it is written instead of
/// held whole in memory first (the report of 126,240 villages is 120 MB).
pub fn render_to(
    doc: Doc<'_>,
    format: Format,
    w: &mut dyn std::io::Write,
    what: &str,
) -> Result<()> {
    let fail = |e: std::io::Error| files::write_error(what, &e);
    let mut b = std::io::BufWriter::with_capacity(1 << 16, w);
    match (format, doc) {
        (Format::Json, Doc::Assessment(a)) => json::write(a, &mut b),
        (Format::Json, Doc::Comparison(c)) => json::write(c, &mut b),
        (Format::Json, Doc::Tabulation(t)) => json::write(t, &mut b),
        _ => {
            let bytes = render(doc, format)?;
            return b.write_all(&bytes).and_then(|()| b.flush()).map_err(fail);
        }
    }
    .and_then(|()| b.write_all(b"\n"))
    .and_then(|()| b.flush())
    .map_err(fail)
}
