//! Rules, their metadata and the registry.
//!
//! A rule decides one condition for units of one level and returns one [`Check`] per unit.
//! Rules come in three shapes:
//!
//! - [`HouseholdRule`]: prepared once per run (parameters resolved), then evaluated over
//!   columns of a [`HouseholdBatch`]; explanations are built only for the households a user
//!   asks to see.
//! - [`VillageRule`] and [`CountyRule`]: evaluated over the whole set of units at once, so a
//!   rule that ranks counties within a province (the 2001 "631" method, the 2012 adjustment)
//!   has the set it needs.
//!
//! Rule crates register [`RuleEntry`]s, [`RuleSetInfo`]s (with their parameter files) and
//! [`StandardInfo`]s with `inventory`. The binary references every linked rule crate so the
//! linker keeps their registrations.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::decision::{Check, Level, Measure, Role, Test};
use crate::params::{ParamError, ParameterStore, Resolved};
use crate::shared::shared;
use crate::units::{County, CountyTable, HouseholdBatch, Region, Tally, VillageTable};

/// Whether a rule is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleStatus {
    /// In use.
    Stable,
    /// Kept for reproducing old runs; a newer rule replaces it.
    Deprecated,
}

impl RuleStatus {
    /// The name as written in every output (`stable`, `deprecated`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::Stable => "stable",
            RuleStatus::Deprecated => "deprecated",
        }
    }
}

/// What a rule is, for listing, documentation and selection.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable id, dotted: `<rule set>.<level>.<test>.<condition>`.
    pub id: &'static str,
    /// The rule set it belongs to (`std2011`, `ethnic`, ...).
    pub rule_set: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Long documentation (the doc comment of the rule's type), with the headings
    /// *What it decides / Legal basis / Era / Parameters / Bound / Example*.
    pub doc: &'static str,
    /// Stable or deprecated.
    pub status: RuleStatus,
    /// Unit level.
    pub level: Level,
    /// The test it contributes to.
    pub test: Test,
    /// Veto or sufficient condition.
    pub role: Role,
    /// The parameters it reads (ids, or prefixes ending in `.` for regional families).
    pub parameters: &'static [&'static str],
    /// The input columns it needs, as `table.column`.
    pub columns: &'static [&'static str],
    /// When true the rule applies only to data that has all of its columns (a procedural
    /// step recorded in optional columns, such as the public notice); when false a missing
    /// column is an error.
    pub only_with_columns: bool,
    /// The fupin version in which the rule appeared.
    pub since: &'static str,
}

impl RuleMeta {
    /// The *Reading* section of the documentation: present when the rule's procedure is
    /// fupin's reading of a text that allows others (its checks are marked `reading`).
    pub fn reading(&self) -> Option<String> {
        let text = self.doc_text();
        let start = text.find("# Reading\n")? + "# Reading\n".len();
        let rest = &text[start..];
        let end = rest.find("\n# ").unwrap_or(rest.len());
        Some(rest[..end].trim().to_string()).filter(|s| !s.is_empty())
    }

    /// The long documentation with the leading space of each doc-comment line removed.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

/// Declare a rule type whose doc comment is also its run-time documentation (`DOC`).
///
/// ```
/// fupin_core::documented! {
///     /// # What it decides
///     /// Whatever it decides.
///     pub struct MyRule;
/// }
/// assert!(MyRule::DOC.contains("What it decides"));
/// ```
#[macro_export]
macro_rules! documented {
    ($(#[doc = $d:literal])* $vis:vis struct $name:ident;) => {
        $(#[doc = $d])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;
        impl $name {
            /// The doc comment above, as text.
            pub const DOC: &'static str = concat!($($d, "\n"),*);
        }
    };
}

/// The rule set of a rule id: the id up to its first `.`.
pub const fn rule_set_of(id: &'static str) -> &'static str {
    let b = id.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i] != b'.' {
        i += 1;
    }
    let (head, _) = b.split_at(i);
    match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(_) => panic!("a rule id is ASCII"),
    }
}

/// Declare a rule: its type (a unit struct whose doc comment is its run-time
/// documentation), its metadata and its registration, in one place. The file that declares
/// it then implements the level's trait ([`HouseholdRule`], [`VillageRule`] or
/// [`CountyRule`]) with the rule's logic, reading its metadata as `Self::META`.
///
/// The rule set is the id's first segment; the id's path mirrors the file's
/// (`std2011.county.exit.incidence` is `rules/std2011/src/county/exit/incidence.rs`).
/// A summary names parameters as `{id}`, filled with their values when shown
/// ([`fill_parameters`]), so it never restates a number that lives in `params.toml`.
///
/// ```
/// use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};
/// use fupin_core::decision::Check;
///
/// fupin_core::rule! {
///     /// # What it decides
///     /// Nothing: an example.
///     pub struct Example;
///     id: "example.county.exit.nothing",
///     level: County,
///     test: Exit,
///     role: Require,
///     summary: "Example: incidence <= {example.max_pct}",
///     parameters: ["example.max_pct"],
///     columns: [],
///     since: "0.2.0",
/// }
///
/// impl CountyRule for Example {
///     fn evaluate(&self, _: &EvalContext<'_>, _: &CountyData<'_>) -> Result<Vec<Check>, RuleError> {
///         Ok(Vec::new())
///     }
/// }
///
/// assert_eq!(Example::META.rule_set, "example");
/// assert!(Example::DOC.contains("What it decides"));
/// assert!(fupin_core::rule::all_rules().iter().any(|r| r.meta().id == "example.county.exit.nothing"));
/// ```
#[macro_export]
macro_rules! rule {
    (
        $(#[doc = $d:literal])*
        $vis:vis struct $name:ident;
        id: $id:literal,
        level: $level:ident,
        test: $test:ident,
        role: $role:ident,
        summary: $summary:literal,
        parameters: [$($p:expr),* $(,)?],
        columns: [$($c:expr),* $(,)?],
        $(only_with_columns: $owc:literal,)?
        since: $since:literal $(,)?
    ) => {
        $(#[doc = $d])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            /// The doc comment above, as text.
            pub const DOC: &'static str = concat!($($d, "\n"),*);
            /// The rule's metadata.
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                id: $id,
                rule_set: $crate::rule::rule_set_of($id),
                summary: $summary,
                doc: Self::DOC,
                status: $crate::rule::RuleStatus::Stable,
                level: $crate::decision::Level::$level,
                test: $crate::decision::Test::$test,
                role: $crate::decision::Role::$role,
                parameters: &[$($p),*],
                columns: &[$($c),*],
                only_with_columns: false $(|| $owc)?,
                since: $since,
            };
        }

        impl $crate::rule::Described for $name {
            fn meta(&self) -> &$crate::rule::RuleMeta {
                &Self::META
            }
        }

        $crate::inventory::submit! { $crate::rule::RuleEntry::$level(&$name) }
    };
}

/// A text with `{parameter.id}` placeholders, filled with each parameter's latest value
/// (as `fupin lines` and the parameter files write it: `2%`, `150.00 yuan`, `1.5×`). A
/// placeholder naming no parameter is left as it is (the tidy test refuses those).
pub fn fill_parameters(text: &str, params: &ParameterStore) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let id = &after[..close];
                match params.get(id).ok().and_then(|p| p.values.last()) {
                    Some(v) => out.push_str(&v.value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(id);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{parameter.id}` placeholders of a text.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

impl RuleMeta {
    /// The summary with its parameters filled in.
    pub fn summary_text(&self, params: &ParameterStore) -> String {
        fill_parameters(self.summary, params)
    }
}

/// An error raised while evaluating a rule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RuleError {
    /// A parameter is missing, not in force or of the wrong unit: a configuration error.
    #[error("rule `{rule}`: {source}")]
    Param {
        /// Rule id.
        rule: String,
        /// The parameter error.
        source: ParamError,
    },
    /// The input data cannot be evaluated by this rule (a value it needs is missing).
    #[error("rule `{rule}`: {message}")]
    Input {
        /// Rule id.
        rule: String,
        /// What is missing, naming the file, unit and column.
        message: String,
    },
}

/// What every rule sees: the assessment year, the parameters, profile settings.
#[derive(Debug, Clone, Copy)]
pub struct EvalContext<'a> {
    /// Assessment year.
    pub year: i32,
    /// Assessment date: parameters are read as in force on this date (31 December of the
    /// assessment year unless the profile says otherwise).
    pub date: Date,
    /// All parameters, overrides applied.
    pub params: &'a ParameterStore,
    /// Profile overrides of county regions (code → region), domain.md A2.
    pub region_overrides: &'a BTreeMap<String, Region>,
    /// Where county data came from, for messages (a file path).
    pub counties_origin: &'a str,
    /// The county table, for household rules that need county context (a plugin's
    /// provincial line, say).
    pub counties: Option<&'a CountyTable>,
}

impl<'a> EvalContext<'a> {
    /// Resolve a parameter in force on the assessment date, on behalf of a rule.
    pub fn param(&self, rule: &RuleMeta, id: &str) -> Result<Resolved<'a>, RuleError> {
        self.param_at(rule, id, self.date)
    }

    /// Resolve a parameter in force on `date`.
    pub fn param_at(
        &self,
        rule: &RuleMeta,
        id: &str,
        date: Date,
    ) -> Result<Resolved<'a>, RuleError> {
        self.params.at(id, date).map_err(|source| RuleError::Param {
            rule: rule.id.to_string(),
            source,
        })
    }

    /// The region of a county: the profile's override, else the `region` column, else the
    /// province by domain.md A2.
    pub fn region_of(&self, rule: &RuleMeta, county: &County) -> Result<Region, RuleError> {
        if let Some(r) = self.region_overrides.get(&county.code) {
            return Ok(*r);
        }
        county
            .region
            .or_else(|| Region::of_province(&county.province))
            .ok_or_else(|| RuleError::Input {
                rule: rule.id.to_string(),
                message: format!(
                    "{}: row {}: county {} has no `region` and its province `{}` is not one \
                     of the 31 provinces",
                    self.counties_origin, county.row, county.code, county.province
                ),
            })
    }
}

/// Build a check comparing `measured` with a parameter's value under the rule's `op`.
pub fn compare(
    rule: &RuleMeta,
    op: crate::decision::Op,
    measured: Measure,
    threshold: &Resolved<'_>,
    basis: Option<String>,
) -> Check {
    let t = threshold.value.value.to_measure();
    let (passed, error) = match measured.compare(&t) {
        Some(ord) => (op.holds(ord), None),
        None => (false, Some("no value to compare".to_string())),
    };
    let mut check = Check {
        rule: shared(rule.id),
        passed,
        measured,
        threshold: t,
        op,
        parameter: shared(&threshold.param.id),
        source: shared(&threshold.source_text()),
        effective: Some(shared(&threshold.value.effective.to_string())),
        confirmed: true,
        unconfirmed: Vec::new(),
        readings: Vec::new(),
        basis,
        role: rule.role,
        applicable: true,
        error,
    };
    if !threshold.value.confirmed {
        check.mark_unconfirmed(&threshold.param.id);
    }
    // A rule whose procedure is a reading is marked once per rule by the engine (it reads
    // the rule's documentation); a reading value is marked here, where it is used.
    if threshold.value.reading.is_some() {
        check.mark_reading(&threshold.param.id);
    }
    check
}

/// What every rule has: its metadata. [`rule!`](crate::rule!) implements it; a rule
/// built at run time (a plugin's, a profile's indicator) implements it by hand.
pub trait Described {
    /// Metadata.
    fn meta(&self) -> &RuleMeta;
}

/// A household rule: prepared once, then run over columns.
pub trait HouseholdRule: Described + Sync + Send {
    /// Resolve parameters for the income years present in the data.
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        years: &[i32],
    ) -> Result<Box<dyn HouseholdKernel>, RuleError>;
}

/// A prepared household rule.
pub trait HouseholdKernel: Send + Sync {
    /// Write whether the condition holds for each household of the batch into `out`
    /// (`out.len() == batch.len()`).
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]);
    /// The full check for household `i` of the batch.
    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check;
}

/// What village rules see.
#[derive(Debug, Clone, Copy)]
pub struct VillageData<'a> {
    /// The villages.
    pub villages: &'a VillageTable,
    /// The counties (for a village's region).
    pub counties: &'a CountyTable,
    /// Tallies from household data, one per village, when households were given.
    pub tallies: Option<&'a [Tally]>,
    /// Where village data came from, for messages.
    pub origin: &'a str,
}

/// A village rule over all villages.
pub trait VillageRule: Described + Sync + Send {
    /// One check per village, in table order.
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &VillageData<'_>,
    ) -> Result<Vec<Check>, RuleError>;
}

/// What county rules see.
#[derive(Debug, Clone, Copy)]
pub struct CountyData<'a> {
    /// All county rows (long format).
    pub counties: &'a CountyTable,
    /// Tallies from household data, one per county code, when households were given.
    pub tallies: Option<&'a [Tally]>,
}

/// A county rule over the whole set of counties.
pub trait CountyRule: Described + Sync + Send {
    /// One check per county code, in [`CountyTable::codes`] order.
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError>;
}

/// A registered rule.
#[derive(Clone, Copy)]
pub enum RuleEntry {
    /// A household rule.
    Household(&'static dyn HouseholdRule),
    /// A village rule.
    Village(&'static dyn VillageRule),
    /// A county rule.
    County(&'static dyn CountyRule),
}

impl RuleEntry {
    /// Metadata.
    pub fn meta(&self) -> &'static RuleMeta {
        match *self {
            RuleEntry::Household(r) => r.meta(),
            RuleEntry::Village(r) => r.meta(),
            RuleEntry::County(r) => r.meta(),
        }
    }
}

impl std::fmt::Debug for RuleEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RuleEntry({})", self.meta().id)
    }
}

inventory::collect!(RuleEntry);

/// A registered rule set with its parameter files.
#[derive(Debug, Clone, Copy)]
pub struct RuleSetInfo {
    /// Id (`std2011`).
    pub id: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Parameter files: (path shown in messages, TOML text).
    pub parameter_files: &'static [(&'static str, &'static str)],
}

inventory::collect!(RuleSetInfo);

/// A registered poverty standard: a line with its base price year and published series.
#[derive(Debug, Clone, Copy)]
pub struct StandardInfo {
    /// Id (`std2011`).
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// The parameter holding the published current-price line of each year.
    pub line_parameter: &'static str,
    /// The year whose prices the standard is defined in.
    pub base_year: i32,
    /// The years over which this standard's published series serves as the price index
    /// when eras are compared (domain.md A3): first year, and last year (`None`: onward).
    pub chain: (i32, Option<i32>),
    /// A price index that continues this standard's link of the chain past the last year of
    /// its published line series: a parameter of unit `times` holding, for each year, the
    /// index as a multiple of the previous year's prices (published as 100.7 with the
    /// previous year = 100: 1.007; domain.md §2, §11.4). Only an open-ended segment
    /// (`chain.1 == None`) is continued; `None`: the chain ends with the series.
    pub price_index: Option<&'static str>,
    /// One paragraph on what the standard is.
    pub summary: &'static str,
}

inventory::collect!(StandardInfo);

/// Every registered rule, sorted by id.
pub fn all_rules() -> Vec<RuleEntry> {
    let mut v: Vec<RuleEntry> = inventory::iter::<RuleEntry>.into_iter().copied().collect();
    v.sort_by_key(|r| r.meta().id);
    v
}

/// Every registered rule set, sorted by id.
pub fn all_rule_sets() -> Vec<RuleSetInfo> {
    let mut v: Vec<RuleSetInfo> = inventory::iter::<RuleSetInfo>
        .into_iter()
        .copied()
        .collect();
    v.sort_by_key(|r| r.id);
    v
}

/// Every registered standard, sorted by id.
pub fn all_standards() -> Vec<StandardInfo> {
    let mut v: Vec<StandardInfo> = inventory::iter::<StandardInfo>
        .into_iter()
        .copied()
        .collect();
    v.sort_by_key(|r| r.id);
    v
}

/// A parameter store loaded with every registered rule set's parameter files.
pub fn registered_parameters() -> Result<ParameterStore, ParamError> {
    let mut store = ParameterStore::new();
    for set in all_rule_sets() {
        for (path, text) in set.parameter_files {
            store.load_toml(path, text)?;
        }
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: &str = r#"
[sources.s]
grade = "press"
title = "test"
issuer = "fupin"
date = "2026"

[[parameter]]
id = "t.max_pct"
unit = "percent"
summary = "a bound"
values = [
  { effective = "2016-01-01", value = 2, source = "s" },
  { effective = "2019-01-01", value = 2.5, source = "s" },
]
"#;

    #[test]
    fn summaries_show_the_latest_value_and_keep_unknown_placeholders() {
        let mut p = ParameterStore::new();
        p.load_toml("t.toml", PARAMS).expect("loads");
        assert_eq!(
            fill_parameters("rate <= {t.max_pct} (else {t.nothing})", &p),
            "rate <= 2.5% (else {t.nothing})"
        );
        assert_eq!(fill_parameters("no placeholder", &p), "no placeholder");
        assert_eq!(fill_parameters("open { only", &p), "open { only");
        assert_eq!(placeholders("a {x.y} b {z}"), ["x.y", "z"]);
    }

    #[test]
    fn the_rule_set_is_the_first_segment_of_the_id() {
        assert_eq!(rule_set_of("std2011.county.exit.incidence"), "std2011");
        assert_eq!(rule_set_of("plain"), "plain");
    }
}
