//! What the page shows, gathered from the library's results into plain data.

use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The fupin version that computed it.
    pub fupin_version: &'static str,
    /// The page title.
    pub title: String,
    /// One run per profile, in the order given.
    pub runs: Vec<Run>,
    /// The three standards' lines over the years.
    pub lines: LinesView,
    /// With several profiles: counts side by side and the units whose outcome flips.
    pub comparison: Option<ComparisonView>,
    /// The registry of the 832 counties, for profiles of the 2011 standard.
    pub registry: Option<RegistryView>,
    /// Every county decision of every run (the sortable table).
    pub counties: Vec<CountyRow>,
    /// Rows rejected under `--on-bad-row skip` (one profile; a comparison counts them in
    /// its inputs).
    #[serde(skip)]
    pub rejected: Vec<fupin::Rejected>,
}

/// A chart, with what a reader without the picture needs.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// The SVG (plotters), inline.
    pub svg: String,
    /// The text alternative: what the chart shows, with its key numbers.
    pub alt: String,
    /// The element that marks one value (`circle` or `rect`).
    pub mark: &'static str,
    /// How many marks the chart draws (one per point or per non-zero bar).
    pub marks: usize,
    /// Legend: series name and its colour (`#rrggbb`).
    pub legend: Vec<(String, String)>,
}

/// One profile's run.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// Profile name.
    pub name: String,
    /// Profile description.
    pub description: String,
    /// Standard id.
    pub standard: String,
    /// Assessment year.
    pub year: i32,
    /// Rule sets layered.
    pub rule_sets: Vec<String>,
    /// Rules selected.
    pub rules: usize,
    /// Rules selected but not run, with the reason.
    pub skipped: Vec<(String, String)>,
    /// What the profile overrides: parameter id, value, source (or empty).
    pub overrides: Vec<(String, String, String)>,
    /// The profile files: path, bytes, sha256.
    pub files: Vec<(String, String, String)>,
    /// Every parameter value the rules read.
    pub parameters: Vec<fupin::ParameterUsed>,
    /// The input tables.
    pub inputs: Vec<InputView>,
    /// Outcome counts by level, test and province.
    pub outcomes: Vec<LevelCounts>,
    /// County and village exits: incidence against threshold.
    pub exits: Vec<ExitView>,
    /// Household poverty measures by province (when households were given).
    pub measures: Option<MeasuresView>,
    /// Why the measures are absent.
    pub measures_note: Option<String>,
    /// The run's warnings.
    pub warnings: Vec<String>,
    /// The run's warnings as a terminal shows them by default: those about the data, and one
    /// line counting the readings and unconfirmed values (`--warnings summary`).
    #[serde(skip)]
    pub warnings_summary: Vec<String>,
}

/// One input table.
#[derive(Debug, Clone, Serialize)]
pub struct InputView {
    /// `counties`, `villages` or `households`.
    pub table: String,
    /// Path as given.
    pub path: String,
    /// Size in bytes (empty for a stream).
    pub bytes: String,
    /// sha256 (empty for a stream).
    pub sha256: String,
    /// Rows read.
    pub read: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected.
    pub rejected: usize,
}

/// Counts of one level's outcomes.
#[derive(Debug, Clone, Serialize)]
pub struct LevelCounts {
    /// `county`, `village` or `household`.
    pub level: String,
    /// `counties`, `villages` or `households`.
    pub plural: String,
    /// One group per test (designation, exit, classification, ...).
    pub groups: Vec<OutcomeGroup>,
}

/// The outcomes of one test at one level, by province.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeGroup {
    /// The test, in words.
    pub test: String,
    /// Its outcomes.
    pub outcomes: Vec<String>,
    /// One row per province.
    pub provinces: Vec<ProvinceRow>,
    /// Totals per outcome (the summary's counts).
    pub totals: Vec<usize>,
    /// Stacked bars by province.
    pub chart: Option<Chart>,
}

/// Counts of one province.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceRow {
    /// Province.
    pub province: String,
    /// Count per outcome, in the group's order.
    pub counts: Vec<usize>,
}

/// One exit test's units against their thresholds.
#[derive(Debug, Clone, Serialize)]
pub struct ExitView {
    /// `county` or `village`.
    pub level: String,
    /// `counties` or `villages`.
    pub plural: String,
    /// The incidence rule.
    pub rule: String,
    /// One point per unit whose incidence was measured, by incidence.
    pub points: Vec<ExitPoint>,
    /// Units of the test with no measured incidence.
    pub unmeasured: usize,
    /// The scatter.
    pub chart: Option<Chart>,
}

/// One unit's exit.
#[derive(Debug, Clone, Serialize)]
pub struct ExitPoint {
    /// Code.
    pub id: String,
    /// Name.
    pub name: String,
    /// Province (counties) or county code (villages).
    pub area: String,
    /// Outcome.
    pub outcome: String,
    /// Incidence, percent, as in the JSON output.
    pub measured: String,
    /// Threshold, percent.
    pub threshold: String,
    /// Comparison.
    pub op: String,
    /// The check that decided the outcome: rule, and `measured op threshold`.
    pub deciding: String,
}

/// Poverty measures by province.
#[derive(Debug, Clone, Serialize)]
pub struct MeasuresView {
    /// Income year.
    pub year: i32,
    /// The lines used: standard, base line and year, the line in the income year's prices,
    /// the index, confirmed.
    pub lines: Vec<(String, String, String, bool)>,
    /// Standards, in column order.
    pub standards: Vec<String>,
    /// One row per province, then the total.
    pub rows: Vec<MeasureRow>,
    /// P0, P1, P2 by province and standard.
    pub charts: Vec<Chart>,
}

/// One group's measures.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureRow {
    /// Province, or `total`.
    pub key: String,
    /// Households.
    pub households: i64,
    /// Persons.
    pub persons: i64,
    /// Per standard: poor persons, P0, P1, P2 (full precision, as the JSON output).
    pub values: Vec<(i64, f64, f64, f64)>,
}

/// The published lines.
#[derive(Debug, Clone, Serialize)]
pub struct LinesView {
    /// The price year of the constant-price chart.
    pub constant_year: i32,
    /// Rows: standard, year, line in current prices, line in constant prices, confirmed.
    pub rows: Vec<(String, i32, String, String, bool)>,
    /// Current prices.
    pub current: Option<Chart>,
    /// Constant prices.
    pub constant: Option<Chart>,
    /// Why a chart is missing.
    pub note: Option<String>,
}

/// Several profiles side by side.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// Profile names, in order.
    pub profiles: Vec<String>,
    /// Level, outcome, count under each profile.
    pub counts: Vec<(String, String, Vec<usize>)>,
    /// The counts as grouped bars, one chart per level.
    pub charts: Vec<Chart>,
    /// Every unit whose outcome differs between profiles.
    pub flips: Vec<Flip>,
}

/// A unit whose outcome differs.
#[derive(Debug, Clone, Serialize)]
pub struct Flip {
    /// Level.
    pub level: String,
    /// Test.
    pub test: String,
    /// Code.
    pub id: String,
    /// Name.
    pub name: String,
    /// Province, when known.
    pub province: String,
    /// One side per profile.
    pub sides: Vec<FlipSide>,
}

/// A flip under one profile.
#[derive(Debug, Clone, Serialize)]
pub struct FlipSide {
    /// Outcome (empty: not assessed under this profile).
    pub outcome: String,
    /// The deciding check, as text.
    pub deciding: String,
}

/// The registry of the 832.
#[derive(Debug, Clone, Serialize)]
pub struct RegistryView {
    /// Counties.
    pub total: usize,
    /// Exit years, in order.
    pub years: Vec<i32>,
    /// Province, counts per year, total.
    pub rows: Vec<(String, Vec<usize>, usize)>,
    /// Totals per year.
    pub totals: Vec<usize>,
    /// Exits by year, stacked by region.
    pub chart: Option<Chart>,
}

/// One county decision, for the sortable table.
#[derive(Debug, Clone, Serialize)]
pub struct CountyRow {
    /// Profile name.
    pub profile: String,
    /// Code.
    pub id: String,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Test.
    pub test: String,
    /// Outcome.
    pub outcome: String,
    /// The deciding check's rule.
    pub rule: String,
    /// Its measured value (as the JSON output writes it).
    pub measured: String,
    /// Its comparison.
    pub op: String,
    /// Its threshold.
    pub threshold: String,
    /// Whether it passed.
    pub passed: bool,
}
