//! # fupin
//!
//! China's national rural poverty standards of 1986, 2001 and 2011, the designation of the
//! national poor counties and the exit criteria of 2016–2020, as explainable rules. This is
//! the library every front end calls: the `fupin` command line, and the Python, report and
//! Spark front ends. It re-exports the core types and gives a small surface:
//!
//! - [`open_profile`]: a profile by path, or a shipped one by name ([`SHIPPED_PROFILES`]);
//!   [`plan`] checks it against the registered rules.
//! - [`Tables`]: the input tables (paths, or Arrow record batches in memory:
//!   [`ArrowTables`]) and the bad-row policy; [`Tables::options`] turns
//!   them into the engine's [`AssessOptions`] for the finer settings (streamed decision file,
//!   progress callback, the run's claimed outputs).
//! - [`assess`], [`compare`], [`tabulate`], [`sweep`], [`measures`], [`lines`], [`rules`],
//!   [`rule_doc`], [`registry_summary`], [`transition`]: typed results.
//! - [`Assessment::provenance`] (filled by [`assess`] and [`compare`]): the fupin version, the
//!   profile digest, the parameter values used with their sources, the input files with their
//!   sizes and digests, the rows read and rejected.
//! - [`decisions_at`] and [`decisions_batch`]: decisions of one level as an iterator or as an
//!   Arrow record batch (one row per check, the columns of [`CHECK_COLUMNS`]).
//! - [`render`]: any result ([`Doc`]) as a table, JSON or CSV ([`Format`]).
//! - [`split`]: a run split over parts of the household table (Spark partitions) and merged
//!   exactly.
//!
//! ```
//! let profile = fupin::open_profile("national-2011")?;
//! let plan = fupin::plan(profile, Some(2019))?;
//! assert_eq!(plan.standard.id, "std2011");
//! assert!(fupin::rules(Some(&plan)).len() > 5);
//! # Ok::<(), fupin::Error>(())
//! ```

use std::path::{Path, PathBuf};

pub use fupin_core as core;
pub use fupin_core::decision::{Check, Decision, Level, Measure, Op, Outcome, Role, Test};
pub use fupin_core::rule::{RuleEntry, RuleMeta};
pub use fupin_core::units::{Guarantee, Region, RegistryStatus};
pub use fupin_core::{Date, Decimal, Money};
pub use fupin_engine as engine;
pub use fupin_engine::eval::assess::data_paths;
pub use fupin_engine::eval::assess::{
    AssessOptions, Assessment, Progress, Skipped, Summary, WarningsShown,
};
pub use fupin_engine::eval::compare::Comparison;
pub use fupin_engine::eval::lines::{LineRow, LinesQuery};
pub use fupin_engine::eval::measures::{Fgt, Group as MeasureGroup, GroupBy, Measures};
pub use fupin_engine::eval::sweep::Sweep;
pub use fupin_engine::eval::tabulate::Tabulation;
pub use fupin_engine::input::arrow::{ArrowTable, ArrowTables, BatchStream};
pub use fupin_engine::input::{
    BadRows, Rejected, Rejects, RowCounts, check_households, read_counties,
};
pub use fupin_engine::output::decisions::{CHECK_COLUMNS, check_row};
pub use fupin_engine::output::{Dest, Outputs};
pub use fupin_engine::output::{Doc, REJECTED_HEADER, check_line, render, render_to};
pub use fupin_engine::output::{remove_temporaries, write_stdout};
pub use fupin_engine::provenance::{ParameterUsed, Provenance};
pub use fupin_engine::setup::history::{
    Agreement, History, HistoryRow, Quantity, Query as HistoryQuery,
};
pub use fupin_engine::setup::plan::Plan;
pub use fupin_engine::setup::profile::{DataPaths, Override};
pub use fupin_engine::setup::profile::{Format, HouseholdDetail, Profile};
pub use fupin_engine::setup::registry::{
    By, RegistryCounty, TransitionBasis, TransitionFrom, TransitionView,
};
pub use fupin_engine::text::sanitize;
pub use fupin_engine::{EngineError as Error, Result};

mod arrow;
pub mod split;
pub use arrow::{UNIT_COLUMNS, decisions_batch, units_batch};

/// Keep every compiled-in rule crate's `inventory` registrations: call it once before using
/// the registry (the linker drops a crate nothing references). The functions of this crate
/// call it themselves.
pub fn link_all() {
    fupin_std1986::link();
    fupin_std2001::link();
    fupin_std2011::link();
    fupin_ethnic::link();
    fupin_monitoring::link();
}

/// The profiles shipped with fupin that stand alone (no `extends`), by name, with their
/// text. Their `[data]` tables are the repository's sample data: a shipped profile opened by
/// name reads no table unless [`Tables`] gives one.
pub const SHIPPED_PROFILES: [(&str, &str); 6] = [
    (
        "national-1986",
        include_str!("../../../profiles/national-1986.toml"),
    ),
    (
        "national-1994",
        include_str!("../../../profiles/national-1994.toml"),
    ),
    (
        "national-2001",
        include_str!("../../../profiles/national-2001.toml"),
    ),
    (
        "national-2011",
        include_str!("../../../profiles/national-2011.toml"),
    ),
    (
        "deep-poverty-2017",
        include_str!("../../../profiles/deep-poverty-2017.toml"),
    ),
    (
        "monitoring-2021",
        include_str!("../../../profiles/monitoring-2021.toml"),
    ),
];

/// Open a profile: a path to a TOML file (anything naming an existing file, or ending in
/// `.toml`), else the name of a shipped profile ([`SHIPPED_PROFILES`]).
pub fn open_profile(path_or_name: impl AsRef<Path>) -> Result<Profile> {
    link_all();
    let p = path_or_name.as_ref();
    let looks_like_path =
        p.exists() || p.extension().is_some_and(|e| e == "toml") || p.components().count() > 1;
    if looks_like_path {
        return Profile::load(p);
    }
    let name = p.to_string_lossy();
    match SHIPPED_PROFILES.iter().find(|(n, _)| *n == name) {
        Some((n, text)) => {
            let mut profile = Profile::parse(Path::new(&format!("<shipped>/{n}.toml")), text)?;
            profile.files.clear();
            profile.data = Default::default();
            Ok(profile)
        }
        None => Err(Error::Config(format!(
            "`{name}` is neither a profile file nor a shipped profile (shipped: {})",
            SHIPPED_PROFILES
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Check a profile against the registry and build its plan; `year` overrides the
/// profile's assessment year.
pub fn plan(profile: Profile, year: Option<i32>) -> Result<Plan> {
    link_all();
    Plan::build(profile, year)
}

/// The input tables of a run. A table given here replaces the profile's tables as a set:
/// when any is given, a table not given is not read. An empty path means no such table;
/// `-` is standard input.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// County table (CSV).
    pub counties: Option<PathBuf>,
    /// Village table (CSV).
    pub villages: Option<PathBuf>,
    /// Household table (CSV or Parquet).
    pub households: Option<PathBuf>,
    /// What to do with a row that cannot be read.
    pub on_bad_row: BadRows,
    /// Tables given in memory as Arrow record batches (from pandas, polars, pyarrow or
    /// Spark): each replaces the file of its table; messages name it `households (Arrow)`.
    pub in_memory: ArrowTables,
}

impl Tables {
    /// The profile's own tables.
    pub fn of_profile() -> Tables {
        Tables::default()
    }

    /// The engine's options for these tables, with the household decisions to report.
    pub fn options(&self, detail: Option<HouseholdDetail>) -> AssessOptions {
        AssessOptions {
            counties: self.counties.clone(),
            villages: self.villages.clone(),
            households: self.households.clone(),
            household_detail: detail,
            on_bad_row: self.on_bad_row,
            arrow: (self.in_memory.counties.is_some()
                || self.in_memory.villages.is_some()
                || self.in_memory.households.is_some())
            .then(|| std::sync::Arc::new(self.in_memory.clone())),
            ..AssessOptions::default()
        }
    }
}

/// Assess the plan's units; the result carries its [`Provenance`].
///
/// ```
/// // Doctests run in `crates/fupin`; the profile's tables are the bundled sample.
/// let profile = fupin::open_profile("../../profiles/national-2011.toml")?;
/// let plan = fupin::plan(profile, Some(2019))?;
/// let a = fupin::assess(&plan, &fupin::Tables::of_profile().options(None))?;
/// let exits = fupin::decisions_at(&a, fupin::Level::County)
///     .filter(|d| d.outcome.as_str() == "exit")
///     .count();
/// assert!(exits > 0);
/// let batch = fupin::decisions_batch(&a, fupin::Level::County)?;
/// assert_eq!(batch.num_columns(), fupin::CHECK_COLUMNS.len());
/// let p = a.provenance.as_ref().expect("provenance");
/// assert_eq!(p.inputs.len(), 3);
/// let json = fupin::render(fupin::Doc::Assessment(&a), fupin::Format::Json)?;
/// assert!(String::from_utf8_lossy(&json).contains("\"provenance\""));
/// # Ok::<(), fupin::Error>(())
/// ```
pub fn assess(plan: &Plan, opts: &AssessOptions) -> Result<Assessment> {
    link_all();
    let (mut a, digests) = with_digests(std::slice::from_ref(plan), opts, || {
        fupin_engine::assess(plan, opts)
    })?;
    a.provenance = Some(digests.provenance(0, plan, &a.summary.rows));
    Ok(a)
}

/// Run `f` while the digests of the files `plans` read are computed on another thread (a
/// 690 MB household file takes about 0.4 s to hash: the scan need not wait for it). An error
/// of the run comes first.
fn with_digests<T>(
    plans: &[Plan],
    opts: &AssessOptions,
    f: impl FnOnce() -> Result<T>,
) -> Result<(T, fupin_engine::eval::assess::Digests)> {
    std::thread::scope(|s| {
        let digests = s.spawn(|| fupin_engine::eval::assess::Digests::of(plans, opts));
        let out = f();
        let digests = digests
            .join()
            .map_err(|_| Error::Config("the thread computing input digests panicked".into()));
        let out = out?;
        Ok((out, digests??))
    })
}

/// Compare plans on the same data (one read of the households); each profile's block
/// carries its [`Provenance`].
pub fn compare(plans: &[Plan], opts: &AssessOptions, only_changed: bool) -> Result<Comparison> {
    link_all();
    let (mut c, digests) = with_digests(plans, opts, || {
        fupin_engine::eval::compare::compare(plans, opts, only_changed)
    })?;
    for (k, (block, plan)) in c.profiles.iter_mut().zip(plans).enumerate() {
        block.provenance = Some(digests.provenance(k, plan, &block.summary.rows));
    }
    Ok(c)
}

/// County tables under one or more plans from one read of the households.
pub fn tabulate(plans: &[Plan], opts: &AssessOptions) -> Result<Tabulation> {
    link_all();
    fupin_engine::eval::tabulate::tabulate(plans, opts)
}

/// Sweep one parameter (or a glob of them) over `points`.
pub fn sweep(
    profile: &Profile,
    year: Option<i32>,
    param: &str,
    points: &[Decimal],
    opts: &AssessOptions,
) -> Result<Sweep> {
    link_all();
    fupin_engine::eval::sweep::sweep(profile, year, param, points, opts)
}

/// The points of a sweep from `from` to `to` by `step` (`to` included when reached
/// exactly).
pub fn sweep_points(from: Decimal, to: Decimal, step: Decimal) -> Result<Vec<Decimal>> {
    fupin_engine::eval::sweep::values(from, to, step)
}

/// Poverty measures (FGT 0, 1, 2) under each standard's line; `prices`: `None` for the
/// households' income year, else a price year for the lines reported.
pub fn measures(
    plan: &Plan,
    opts: &AssessOptions,
    standards: &[String],
    by: GroupBy,
    prices: Option<i32>,
) -> Result<Measures> {
    link_all();
    fupin_engine::eval::measures::measures(plan, opts, standards, by, prices)
}

/// The published poverty lines, in current prices or moved to one price year.
pub fn lines(q: &LinesQuery) -> Result<Vec<LineRow>> {
    link_all();
    fupin_engine::eval::lines::lines(q)
}

/// The rules a plan selects, or every registered rule.
pub fn rules(plan: Option<&Plan>) -> Vec<RuleEntry> {
    link_all();
    match plan {
        Some(p) => p.rules.clone(),
        None => fupin_core::rule::all_rules(),
    }
}

/// One rule's documentation, with the values of its parameters.
pub fn rule_doc(id: &str) -> Result<String> {
    link_all();
    let rules = fupin_core::rule::all_rules();
    let Some(rule) = rules.iter().find(|r| r.meta().id == id) else {
        let hint = fupin_core::params::closest(id, rules.iter().map(|r| r.meta().id))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(Error::Config(format!(
            "unknown rule `{id}`{hint}; `fupin rules list` lists them"
        )));
    };
    let params = registered_parameters()?;
    Ok(fupin_engine::docs::rule_text(rule, &params))
}

/// `docs/rules.md`: every registered rule set and rule, documented, with the parameters'
/// values.
pub fn rules_markdown() -> Result<String> {
    Ok(fupin_engine::docs::rules_markdown(&registered_parameters()?))
}

/// `docs/sources.md`: every source with its grade, the readings, the unconfirmed values and
/// the sources of the published series. `plugin_params` are the plugins' parameter files
/// (origin, text), so their sources are listed too.
pub fn sources_markdown(plugin_params: &[(String, String)]) -> Result<String> {
    let mut params = registered_parameters()?;
    for (origin, text) in plugin_params {
        params
            .load_toml(origin, text)
            .map_err(|e| Error::Config(e.to_string()))?;
    }
    let h = fupin_engine::setup::history::bundled()?;
    Ok(fupin_engine::docs::sources_markdown(&params, &h))
}

/// The "Topics" section of `docs/sources.md`: the facts documents point to by anchor, from
/// the text of `docs/topics.toml`, with the values and sources of the province `profiles`
/// (path, text) the topics name.
pub fn topics_markdown(topics_toml: &str, profiles: &[(String, String)]) -> Result<String> {
    fupin_engine::docs::topics_markdown(topics_toml, profiles)
}

/// The JSON schema of a profile file (`docs/profile.schema.json`).
pub fn profile_json_schema() -> String {
    fupin_engine::setup::profile::json_schema()
}

/// Every registered rule set's parameters, with no profile's overrides.
pub fn registered_parameters() -> Result<fupin_core::ParameterStore> {
    link_all();
    fupin_core::rule::registered_parameters().map_err(|e| Error::Config(e.to_string()))
}

/// The registry of the 832 counties: the bundled one, or a registry file.
pub fn registry(path: Option<&Path>) -> Result<Vec<RegistryCounty>> {
    fupin_engine::setup::registry::load(path)
}

/// The published national series (the rural poor population and incidence by year under
/// each standard, the lines stated with them, the county exits by year): the bundled one, or
/// a series file; `standards` keeps those standards (all when empty), named by id or by
/// name (`2008年标准`, `std2008`, ...).
pub fn history(path: Option<&Path>, standards: &[String]) -> Result<History> {
    history_query(
        path,
        &HistoryQuery {
            standards: standards.to_vec(),
            ..HistoryQuery::default()
        },
    )
}

/// The published series a query asks for: the national ones, or a province's, or the
/// designation rounds (`fupin history [--province P] [--designations]`).
pub fn history_query(path: Option<&Path>, q: &HistoryQuery) -> Result<History> {
    link_all();
    fupin_engine::setup::history::select(path, q)
}

/// The shipped lines (the registered `<standard>.line` parameters) and the bundled registry
/// against a published series, where they overlap.
pub fn history_check(h: &History) -> Result<Vec<Agreement>> {
    let params = registered_parameters()?;
    let reg = registry(None)?;
    Ok(fupin_engine::setup::history::check(h, &params, &reg))
}

/// Count the registry's counties by province, exit year, contiguous area or designation.
pub fn registry_summary(
    counties: &[RegistryCounty],
    by: By,
) -> fupin_engine::setup::registry::Summary {
    fupin_engine::setup::registry::summary(counties, by)
}

/// The counties in their transition period in `year`, read as the parameter
/// `monitoring.transition.from_exit_date` says ([`transition_read`] with `None`).
pub fn transition(
    counties: &[RegistryCounty],
    year: i32,
    plan: Option<&Plan>,
) -> Result<TransitionView> {
    transition_read(counties, year, plan, None)
}

/// The counties in their transition period in `year`, its length
/// `std2011.transition.years` in force on 31 December of `year` (from the plan's parameters
/// when given, with its overrides, else the registered ones). `from_exit_date` chooses the
/// reading: from each county's exit date (`true`: 0 <= `year` − year of the exit date <=
/// length), or the national period from `monitoring.transition.national_start` for every
/// county that exited (`false`: start <= `year` <= start + length − 1); `None` takes
/// `monitoring.transition.from_exit_date`.
pub fn transition_read(
    counties: &[RegistryCounty],
    year: i32,
    plan: Option<&Plan>,
    from_exit_date: Option<bool>,
) -> Result<TransitionView> {
    const YEARS: &str = "std2011.transition.years";
    const FROM: &str = "monitoring.transition.from_exit_date";
    const START: &str = "monitoring.transition.national_start";
    if !(1978..=2100).contains(&year) {
        return Err(Error::Config(format!(
            "--year {year} is not a year between 1978 and 2100"
        )));
    }
    let registered;
    let params = match plan {
        Some(p) => &p.params,
        None => {
            registered = registered_parameters()?;
            &registered
        }
    };
    let date =
        Date::new(year as i16, 12, 31).map_err(|e| Error::Config(format!("--year {year}: {e}")))?;
    let at = |id: &str| {
        params
            .at(id, date)
            .map_err(|e| Error::Config(format!("--year {year}: {e}")))
    };
    let r = at(YEARS)?;
    let years = r
        .int()
        .map_err(|e| Error::Config(format!("{YEARS}: {e}")))?;
    let f = at(FROM)?;
    let from_chosen = from_exit_date.is_some();
    let from_exit_date = match from_exit_date {
        Some(b) => b,
        None => f
            .flag()
            .map_err(|e| Error::Config(format!("{FROM}: {e}")))?,
    };
    let (from, from_source) = if from_exit_date {
        (TransitionFrom::ExitDate, f.source_text())
    } else {
        let s = at(START)?;
        let start = s
            .int()
            .map_err(|e| Error::Config(format!("{START}: {e}")))?;
        (
            TransitionFrom::National {
                start: i32::try_from(start)
                    .map_err(|_| Error::Config(format!("{START}: {start} is not a year")))?,
            },
            s.source_text(),
        )
    };
    Ok(fupin_engine::setup::registry::transition(
        counties,
        year,
        TransitionBasis {
            years,
            parameter: YEARS.to_string(),
            source: r.source_text(),
            from,
            from_parameter: FROM.to_string(),
            from_chosen,
            from_source,
        },
    ))
}

/// The decisions of one level, in the order of the assessment.
pub fn decisions_at(a: &Assessment, level: Level) -> impl Iterator<Item = &Decision> {
    a.decisions.iter().filter(move |d| d.level == level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_profiles_open_by_name_and_read_no_table() {
        for (name, _) in SHIPPED_PROFILES {
            let p = open_profile(name).expect(name);
            assert_eq!(p.name, name);
            assert!(p.data.counties.is_none() && p.data.households.is_none());
            plan(p, None).expect(name);
        }
    }

    #[test]
    fn an_unknown_name_lists_the_shipped_profiles() {
        let e = open_profile("national-2012").expect_err("unknown");
        let msg = e.to_string();
        assert!(msg.contains("national-2011"), "{msg}");
    }

    #[test]
    fn transition_years_are_checked() {
        let reg = registry(None).expect("bundled registry");
        assert!(transition(&reg, 1900, None).is_err());
        let v = transition(&reg, 2021, None).expect("2021");
        assert!(!v.counties.is_empty());
    }
}
