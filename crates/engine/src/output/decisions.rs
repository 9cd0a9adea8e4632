//! Decisions as rows: the one schema of a check row (the CSV report and the streamed
//! decision file both write it), and the household decision file streamed during a scan.

use std::io::{Seek, Write};
use std::path::Path;

use fupin_core::decision::{Check, Decision, Measure};

use crate::error::{EngineError, Result};

/// The columns of a check row, wherever decisions are written as CSV: one row per check,
/// with its decision's unit and outcome.
pub const CHECK_COLUMNS: [&str; 19] = [
    "level",
    "test",
    "id",
    "name",
    "county",
    "province",
    "outcome",
    "rule",
    "role",
    "passed",
    "measured",
    "op",
    "threshold",
    "parameter",
    "effective",
    "confirmed",
    "basis",
    "source",
    "error",
];

/// A measure as a plain number (percent without the sign) for CSV.
pub fn csv_measure(m: &Measure) -> String {
    match m {
        Measure::Percent(_) | Measure::Rate { .. } => m
            .as_percent()
            .map(|p| p.normalize().to_string())
            .unwrap_or_default(),
        Measure::Missing => String::new(),
        other => other.to_string(),
    }
}

/// The cells of one check row, in [`CHECK_COLUMNS`] order.
pub fn check_row(d: &Decision, c: &Check) -> [String; 19] {
    let flag = |b: bool| if b { "true" } else { "false" }.to_string();
    [
        d.level.as_str().to_string(),
        d.test.as_str().to_string(),
        d.id.clone(),
        d.name.clone(),
        d.county.clone().unwrap_or_default(),
        d.province.clone().unwrap_or_default(),
        d.outcome.as_str().to_string(),
        c.rule.to_string(),
        c.role.as_str().to_string(),
        flag(c.passed),
        csv_measure(&c.measured),
        c.op.symbol().to_string(),
        csv_measure(&c.threshold),
        c.parameter.to_string(),
        c.effective.as_deref().unwrap_or_default().to_string(),
        flag(c.confirmed),
        c.basis.clone().unwrap_or_default(),
        c.source.to_string(),
        c.error.clone().unwrap_or_default(),
    ]
}

/// One decision as the decision file holds it: check rows ([`CHECK_COLUMNS`]) or one JSON
/// line (the object of the JSON report).
pub(crate) fn serialize_decision(d: &Decision, csv_rows: bool, buf: &mut Vec<u8>) {
    if !csv_rows {
        if serde_json::to_writer(&mut *buf, d).is_ok() {
            buf.push(b'\n');
        }
        return;
    }
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut *buf);
    for c in &d.checks {
        let _ = w.write_record(check_row(d, c));
    }
    let _ = w.flush();
}

/// Household decisions streamed to a staged output ([`crate::output`]): committed with the
/// run's other outputs when the run succeeds, or at once when the caller gave no
/// [`AssessOptions::outputs`].
pub(crate) struct DecisionSink {
    shown: String,
    csv: bool,
    file: std::io::BufWriter<crate::output::files::Staged>,
    /// A failure to start the file again for a second pass (reported by `finish`).
    broken: Option<String>,
}

impl DecisionSink {
    pub(crate) fn new(
        path: &Path,
        outputs: Option<&crate::output::files::Outputs>,
    ) -> Result<DecisionSink> {
        let dest = match outputs.and_then(|o| o.claimed(path)) {
            Some(d) => d,
            None => {
                crate::output::files::Outputs::new().claim(path, "--household-decisions-out")?
            }
        };
        let staged = crate::output::files::Outputs::stream(&dest)?;
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let mut s = DecisionSink {
            shown: path.display().to_string(),
            csv,
            file: std::io::BufWriter::with_capacity(1 << 20, staged),
            broken: None,
        };
        s.header()?;
        Ok(s)
    }

    fn fail(&self, e: &std::io::Error) -> EngineError {
        crate::output::files::write_error(&self.shown, e)
    }

    fn header(&mut self) -> Result<()> {
        if self.csv {
            let mut line = CHECK_COLUMNS.join(",");
            line.push('\n');
            self.file
                .write_all(line.as_bytes())
                .map_err(|e| self.fail(&e))?;
        }
        Ok(())
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.file.write_all(bytes).map_err(|e| self.fail(&e))
    }

    /// Start the file again (a second pass re-reads everything).
    pub(crate) fn reset(&mut self) {
        let r = self.file.flush().and_then(|()| {
            let f = self.file.get_mut().file_mut();
            f.set_len(0)?;
            f.seek(std::io::SeekFrom::Start(0)).map(|_| ())
        });
        if let Err(e) = r
            .map_err(|e| e.to_string())
            .and_then(|()| self.header().map_err(|e| e.to_string()))
        {
            self.broken = Some(e);
        }
    }

    /// The file complete: kept with the run's outputs, or committed now.
    pub(crate) fn finish(self, outputs: Option<&crate::output::files::Outputs>) -> Result<()> {
        if let Some(e) = &self.broken {
            return Err(EngineError::Input(format!(
                "{}: cannot write: {e}",
                self.shown
            )));
        }
        let shown = self.shown.clone();
        let staged = self
            .file
            .into_inner()
            .map_err(|e| crate::output::files::write_error(&shown, e.error()))?;
        match outputs {
            Some(o) => o.keep(staged),
            None => {
                let o = crate::output::files::Outputs::new();
                o.keep(staged);
                o.commit()?;
            }
        }
        Ok(())
    }
}
