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
