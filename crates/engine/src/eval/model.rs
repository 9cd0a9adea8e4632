//! What an assessment is made of: the options of a run, the tables it reads, what a plan
//! needs before any data is read, and the result (`fupin.assessment.v1`). The driver
//! (`assess`), the household evaluation (`households`) and the unit rules (`units`) all use
//! these types; none of them is used by this module.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use fupin_core::decision::Decision;
use fupin_core::rule::RuleEntry;
use fupin_core::units::Tally;
use serde::Serialize;

use crate::input::{self, Needs};
use crate::setup::profile::{DataPaths, HouseholdDetail};

/// Command-line settings that override the profile.
#[derive(Debug, Clone, Default)]
pub struct AssessOptions {
    /// County table path.
    pub counties: Option<PathBuf>,
    /// Village table path.
    pub villages: Option<PathBuf>,
    /// Household table path.
    pub households: Option<PathBuf>,
    /// Household decisions to report.
    pub household_detail: Option<HouseholdDetail>,
    /// What to do with a row that cannot be read.
    pub on_bad_row: input::BadRows,
    /// Households per batch (default [`input::BATCH_ROWS`]).
    pub batch_rows: Option<usize>,
    /// Stream every household decision to this file (`.csv`, or JSON Lines otherwise),
    /// written whole or not at all; memory stays bounded whatever the number of households.
    pub decisions_out: Option<PathBuf>,
    /// Do not read household ids, so do not check them for duplicates (`tabulate`, which
    /// only counts).
    pub skip_id_check: bool,
    /// Progress callback for long runs.
    pub progress: Option<Progress>,
    /// The run's outputs ([`crate::output::Outputs`], with `decisions_out` claimed): the
    /// decision file is kept there to be committed with the others. Without it the decision
    /// file is committed as soon as it is complete.
    pub outputs: Option<Arc<crate::output::Outputs>>,
    /// Tables given in memory as Arrow record batches: each replaces the file of its table
    /// (and, like the tables above, the profile's `[data]` as a set). Messages and the report
    /// name them `counties (Arrow)` and so on ([`crate::input::arrow::ArrowTables::label`]).
    pub arrow: Option<Arc<crate::input::arrow::ArrowTables>>,
}

/// A progress callback: `(done, total)` in the source's units (row groups or bytes).
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(u64, u64) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// The profile block of the report.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileInfo {
    /// Profile name.
    pub name: String,
    /// Standard id.
    pub standard: String,
    /// Assessment year.
    pub year: i32,
    /// Rule sets layered.
    pub rule_sets: Vec<String>,
    /// Date the parameters were read at (addition to v1).
    pub date: String,
    /// Rules evaluated (addition to v1).
    pub rules: Vec<String>,
    /// Rules selected but not evaluated, with the reason (addition to v1).
    pub skipped: Vec<Skipped>,
    /// Input files read (addition to v1).
    pub inputs: BTreeMap<String, String>,
}

/// A selected rule that was not evaluated, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    /// Rule id.
    pub rule: String,
    /// Why.
    pub reason: String,
}

/// Household figures for the summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HouseholdSummary {
    /// Rows read.
    pub rows: usize,
    /// Rows by income year.
    pub rows_by_year: BTreeMap<i32, usize>,
    /// Tallies over households of the assessment year (the ones aggregated to villages and
    /// counties).
    pub assessment_year: Tally,
}

/// The summary block.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Counts by level, then outcome.
    pub counts: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    /// Counts by province, then level, then outcome (addition to v1).
    pub by_province: BTreeMap<String, BTreeMap<&'static str, BTreeMap<&'static str, usize>>>,
    /// Household figures, when households were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub households: Option<HouseholdSummary>,
    /// Parameters whose values used are not confirmed by the sources.
    pub unconfirmed_parameters: Vec<String>,
    /// Things the user should know (unconfirmed values, households outside the year).
    pub warnings: Vec<String>,
    /// Which of `warnings` speak of the standing of the rules and values the decisions rest
    /// on (a reading, an unconfirmed value) rather than of the data, by index: a front end
    /// may say them in one line ([`Summary::shown_warnings`]); the JSON keeps them all.
    #[serde(skip)]
    pub standing: Vec<usize>,
    /// Which of `warnings` are notes on the coverage of a test that the data explains (units
    /// not assessed because they are not poverty counties, or have no households of the
    /// year), by index: said in the same one line by default.
    #[serde(skip)]
    pub notes: Vec<usize>,
    /// Rows read, accepted and rejected, by table (addition to v1).
    pub rows: BTreeMap<String, input::RowCounts>,
}

/// One county's household tally, with the names a table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyTally {
    /// County code.
    pub code: String,
    /// County name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Households of the assessment year.
    pub tally: Tally,
}

/// A whole assessment (the `fupin.assessment.v1` document).
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// Schema name.
    pub schema: &'static str,
    /// Profile block.
    pub profile: ProfileInfo,
    /// Decisions: counties, then villages, then households (classification, then exit).
    pub decisions: Vec<Decision>,
    /// Summary.
    pub summary: Summary,
    /// Rows rejected under `--on-bad-row skip` (written as a separate report).
    #[serde(skip)]
    pub rejected: Vec<input::Rejected>,
    /// Household tallies of the assessment year by county code, when households were given
    /// (for `tabulate`; not part of the JSON document).
    #[serde(skip)]
    pub county_tallies: Vec<CountyTally>,
    /// What the result was computed from (addition to v1): filled by the library
    /// ([`crate::provenance`]); absent from documents built without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::provenance::Provenance>,
}

/// What a plan needs before any data is read.
pub(super) struct Setup {
    pub(super) counties_path: PathBuf,
    pub(super) villages_path: Option<PathBuf>,
    pub(super) households_path: Option<PathBuf>,
    pub(super) detail: HouseholdDetail,
    pub(super) rules: Vec<RuleEntry>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) needs: Needs,
}

/// The tables a run reads. Tables given in the options (the command line's data flags)
/// replace the profile's `[data]` **as a set**: when any is given, a table not given is not
/// read, even if the profile names one, so a user's tables are never combined with the
/// profile's (the bundled sample). An empty path means "no such table".
pub fn data_paths(profile: &crate::setup::profile::Profile, opts: &AssessOptions) -> DataPaths {
    use crate::input::arrow::ArrowTables;
    let memory = opts.arrow.as_deref();
    let in_memory = |t: &str| {
        memory
            .is_some_and(|m| m.get(&ArrowTables::label(t)).is_some())
            .then(|| ArrowTables::label(t))
    };
    let given = opts.counties.is_some()
        || opts.villages.is_some()
        || opts.households.is_some()
        || ["counties", "villages", "households"]
            .iter()
            .any(|t| in_memory(t).is_some());
    if !given {
        return profile.data.clone();
    }
    let keep = |p: &Option<PathBuf>, t: &str| {
        in_memory(t).or_else(|| p.clone().filter(|p| !p.as_os_str().is_empty()))
    };
    DataPaths {
        counties: keep(&opts.counties, "counties"),
        villages: keep(&opts.villages, "villages"),
        households: keep(&opts.households, "households"),
    }
}

/// How many of a run's warnings a person is shown (`--warnings`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WarningsShown {
    /// Every warning, one line each.
    All,
    /// The warnings about the data one line each, and one line counting the readings and
    /// unconfirmed values the decisions rest on, saying how to list them (the default).
    #[default]
    Summary,
    /// None.
    None,
}

impl Summary {
    /// Add a warning about the standing of a rule or value (see [`Summary::standing`]).
    pub fn push_standing(&mut self, w: String) {
        self.standing.push(self.warnings.len());
        self.warnings.push(w);
    }

    /// Add a note on a test's coverage (see [`Summary::notes`]).
    pub fn push_note(&mut self, w: String) {
        self.notes.push(self.warnings.len());
        self.warnings.push(w);
    }

    /// The one line that counts the readings and unconfirmed values the decisions rest on
    /// and the notes on coverage, or `None` when there are none.
    pub fn standing_line(&self) -> Option<String> {
        if self.standing.is_empty() && self.notes.is_empty() {
            return None;
        }
        let unconfirmed = self.unconfirmed_parameters.len();
        let readings = self.standing.len().saturating_sub(unconfirmed);
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let notes = match self.notes.len() {
            0 => String::new(),
            k => format!(", with {} on units not assessed", n(k, "note", "notes")),
        };
        Some(format!(
            "these decisions rest on {} and {}{notes}: `--warnings all` lists them, `fupin \
             rules show ID` explains each (a JSON report lists them under summary.warnings, an \
             HTML report among the run's warnings)",
            n(
                readings,
                "reading of the sources",
                "readings of the sources"
            ),
            n(unconfirmed, "unconfirmed value", "unconfirmed values"),
        ))
    }

    /// The warnings a person is shown, in order: under [`WarningsShown::Summary`] the
    /// warnings about the data, then the one [`Summary::standing_line`].
    pub fn shown_warnings(&self, shown: WarningsShown) -> Vec<String> {
        match shown {
            WarningsShown::All => self.warnings.clone(),
            WarningsShown::None => Vec::new(),
            WarningsShown::Summary => self
                .warnings
                .iter()
                .enumerate()
                .filter(|(i, _)| !self.standing.contains(i) && !self.notes.contains(i))
                .map(|(_, w)| w.clone())
                .chain(self.standing_line())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standing_warnings_are_summarised_in_one_line_and_the_data_warnings_kept() {
        let mut s = Summary::default();
        s.warnings.push("3 rows rejected".into());
        s.unconfirmed_parameters = vec!["a".into()];
        s.push_standing("parameter `a`: not confirmed".into());
        s.push_standing("rule `r`: a reading".into());
        s.push_standing("parameter `p` = true: a reading".into());
        s.warnings.push("2 households outside the year".into());
        assert_eq!(s.shown_warnings(WarningsShown::All), s.warnings);
        assert!(s.shown_warnings(WarningsShown::None).is_empty());
        let shown = s.shown_warnings(WarningsShown::Summary);
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert_eq!(shown[0], "3 rows rejected");
        assert_eq!(shown[1], "2 households outside the year");
        assert!(
            shown[2].starts_with(
                "these decisions rest on 2 readings of the sources and 1 unconfirmed value:"
            ),
            "{}",
            shown[2]
        );
        // A note on coverage joins the line.
        s.push_note("534 counties not assessed for exit".into());
        let shown = s.shown_warnings(WarningsShown::Summary);
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(
            shown[2].contains("1 unconfirmed value, with 1 note on units not assessed:"),
            "{}",
            shown[2]
        );
        // Nothing to summarise: no line.
        let plain = Summary {
            warnings: vec!["x".into()],
            ..Summary::default()
        };
        assert_eq!(plain.shown_warnings(WarningsShown::Summary), ["x"]);
        assert_eq!(plain.standing_line(), None);
    }
}
