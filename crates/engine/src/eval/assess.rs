//! The assessment: input → validated units → selected rules → decisions → report.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use fupin_core::decision::{Decision, Level, Role, SCHEMA, Test, Transition, combine};
use fupin_core::rule::{CountyData, EvalContext, HouseholdKernel, RuleEntry, VillageData};
use fupin_core::units::{CountyTable, HouseholdBatch, NO_VILLAGE, Tally, VillageTable};
use serde::Serialize;

use crate::error::{EngineError, Result};
use crate::input::{self, Needs};
use crate::output::decisions::{DecisionSink, serialize_decision};
use crate::setup::plan::Plan;
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

/// Header names of a CSV file (for rules that apply only when their columns are present).
fn header_names(path: &Path) -> Result<BTreeSet<String>> {
    if crate::input::source::format(path)? == crate::input::source::Format::Parquet {
        return crate::input::parquet::column_names(path);
    }
    let shown = crate::input::source::shown(path);
    let file = crate::input::source::open(path)?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(std::io::BufReader::new(file));
    let h = r
        .headers()
        .map_err(|e| EngineError::Input(format!("{shown}: {e}")))?;
    Ok(h.iter()
        .map(|s| s.trim_start_matches('\u{feff}').trim().to_string())
        .collect())
}

/// Run a plan.
pub fn assess(plan: &Plan, opts: &AssessOptions) -> Result<Assessment> {
    let mut all = assess_many(&[plan], opts)?;
    all.pop()
        .ok_or_else(|| EngineError::Config("no profile to assess".into()))
}

/// What a plan needs before any data is read.
struct Setup {
    counties_path: PathBuf,
    villages_path: Option<PathBuf>,
    households_path: Option<PathBuf>,
    detail: HouseholdDetail,
    rules: Vec<RuleEntry>,
    skipped: Vec<Skipped>,
    needs: Needs,
}

/// The tables a run reads. Tables given in the options (the command line's data flags)
/// replace the profile's `[data]` **as a set**: when any is given, a table not given is not
/// read, even if the profile names one, so a user's tables are never combined with the
/// profile's (the bundled sample). An empty path means "no such table".
pub fn data_paths(profile: &crate::setup::profile::Profile, opts: &AssessOptions) -> DataPaths {
    let given = opts.counties.is_some() || opts.villages.is_some() || opts.households.is_some();
    if !given {
        return profile.data.clone();
    }
    let keep = |p: &Option<PathBuf>| p.clone().filter(|p| !p.as_os_str().is_empty());
    DataPaths {
        counties: keep(&opts.counties),
        villages: keep(&opts.villages),
        households: keep(&opts.households),
    }
}

fn setup(plan: &Plan, opts: &AssessOptions) -> Result<Setup> {
    let p = &plan.profile;
    let DataPaths {
        counties: counties_path,
        villages: villages_path,
        households: households_path,
    } = data_paths(p, opts);
    let detail = opts
        .household_detail
        .or(p.output.household_decisions)
        .unwrap_or(HouseholdDetail::All);
    if counties_path.is_none() && (villages_path.is_some() || households_path.is_some()) {
        return Err(EngineError::Config(
            "village and household data refer to counties: give the county table too \
             (--counties or [data] counties in the profile)"
                .into(),
        ));
    }
    let Some(counties_path) = counties_path else {
        return Err(EngineError::Config(format!(
            "{}: no input data: give --counties (and --villages, --households) or a [data] \
             section in the profile",
            p.shown()
        )));
    };
    let mut skipped = Vec::new();
    let mut rules: Vec<RuleEntry> = Vec::new();
    let headers = BTreeMap::from([
        ("counties", Some(header_names(&counties_path)?)),
        (
            "villages",
            villages_path.as_deref().map(header_names).transpose()?,
        ),
        (
            "households",
            households_path.as_deref().map(header_names).transpose()?,
        ),
    ]);
    for r in &plan.rules {
        let m = r.meta();
        let data_for_level = match m.level {
            Level::County => true,
            Level::Village => villages_path.is_some() || households_path.is_some(),
            Level::Household => households_path.is_some(),
        };
        if !data_for_level {
            skipped.push(Skipped {
                rule: m.id.to_string(),
                reason: format!("no {} data", m.level.as_str()),
            });
            continue;
        }
        if m.only_with_columns {
            let absent: Vec<&str> = m
                .columns
                .iter()
                .filter(|c| {
                    let (table, col) = c.split_once('.').unwrap_or(("", c));
                    !headers
                        .get(table)
                        .and_then(|h| h.as_ref())
                        .is_some_and(|h| h.contains(col))
                })
                .copied()
                .collect();
            if !absent.is_empty() {
                skipped.push(Skipped {
                    rule: m.id.to_string(),
                    reason: format!("applies only when given; absent: {}", absent.join(", ")),
                });
                continue;
            }
        }
        rules.push(*r);
    }

    let mut needs = Needs::default();
    for r in &rules {
        for c in r.meta().columns {
            let (table, col) = c.split_once('.').unwrap_or(("", c));
            let why = format!("rule {} needs it", r.meta().id);
            let list = match table {
                "counties" => &mut needs.counties,
                "villages" => &mut needs.villages,
                _ => &mut needs.households,
            };
            list.push((col.to_string(), why));
        }
    }
    let village_rules = rules.iter().any(|r| r.meta().level == Level::Village);
    if village_rules && households_path.is_some() {
        needs.households.push((
            "village".into(),
            "village rules aggregate households by village".into(),
        ));
    }

    Ok(Setup {
        counties_path,
        villages_path,
        households_path,
        detail,
        rules,
        skipped,
        needs,
    })
}

/// Assess several plans over the same data: the household table is read once and every
/// plan's household rules run on each batch (`compare`, `tabulate`). Plans whose data paths
/// differ are assessed one by one.
pub fn assess_many(plans: &[&Plan], opts: &AssessOptions) -> Result<Vec<Assessment>> {
    let setups: Vec<Setup> = plans
        .iter()
        .map(|p| setup(p, opts))
        .collect::<Result<_>>()?;
    let same = setups.windows(2).all(|w| {
        w[0].counties_path == w[1].counties_path
            && w[0].villages_path == w[1].villages_path
            && w[0].households_path == w[1].households_path
    });
    if !same {
        let mut out = Vec::new();
        for (plan, s) in plans.iter().zip(setups) {
            out.extend(run_plans(&[plan], vec![s], opts)?);
        }
        return Ok(out);
    }
    run_plans(plans, setups, opts)
}

/// Union of the plans' column needs.
fn union_needs(setups: &[Setup]) -> Needs {
    let mut n = Needs::default();
    for s in setups {
        for (dst, src) in [
            (&mut n.counties, &s.needs.counties),
            (&mut n.villages, &s.needs.villages),
            (&mut n.households, &s.needs.households),
        ] {
            for (c, why) in src {
                if !dst.iter().any(|(d, _)| d == c) {
                    dst.push((c.clone(), why.clone()));
                }
            }
        }
    }
    n
}

fn run_plans(plans: &[&Plan], setups: Vec<Setup>, opts: &AssessOptions) -> Result<Vec<Assessment>> {
    let first = setups
        .first()
        .ok_or_else(|| EngineError::Config("no profile to assess".into()))?;
    let counties_path = first.counties_path.clone();
    let villages_path = first.villages_path.clone();
    let households_path = first.households_path.clone();
    let needs = union_needs(&setups);
    let mut rejects = input::Rejects::new(opts.on_bad_row);
    let counties = input::read_counties(&counties_path, &needs.counties, &mut rejects)?;
    // The village table is read when village rules will use it.
    let village_rules = setups
        .iter()
        .any(|s| s.rules.iter().any(|r| r.meta().level == Level::Village));
    let villages = villages_path
        .as_deref()
        .filter(|_| village_rules)
        .map(|v| input::read_villages(v, &counties, &needs.villages, &mut rejects))
        .transpose()?;
    let counties_origin = counties_path.display().to_string();
    let no_regions = BTreeMap::new();
    let ctxs: Vec<EvalContext<'_>> = plans
        .iter()
        .map(|plan| EvalContext {
            year: plan.year,
            date: plan.date,
            params: &plan.params,
            region_overrides: if plan.profile.regions.is_empty() {
                &no_regions
            } else {
                &plan.profile.regions
            },
            counties_origin: &counties_origin,
            counties: Some(&counties),
        })
        .collect();
    let scanned = households_path
        .as_deref()
        .map(|h| {
            scan_households(
                h,
                &ctxs,
                &setups,
                &counties,
                villages.as_ref(),
                &needs,
                opts,
            )
        })
        .transpose()?;
    let mut out = Vec::new();
    let (mut per_plan, scan_info) = match scanned {
        Some((r, info)) => (r.into_iter().map(Some).collect::<Vec<_>>(), Some(info)),
        None => (plans.iter().map(|_| None).collect(), None),
    };
    if let Some(info) = &scan_info {
        let c = rejects.counts.entry("households".to_string()).or_default();
        c.read += info.counts.read;
        c.accepted += info.counts.accepted;
        c.rejected += info.counts.rejected;
        rejects.rows.extend(info.rejected.iter().cloned());
    }
    if !rejects.rows.is_empty() {
        summary_rejected_warning(&rejects)
            .into_iter()
            .for_each(|w| tracing::warn!("{w}"));
    }
    let derived = scan_info
        .as_ref()
        .and_then(|i| i.derived.as_ref())
        .map(|d| &d.0);
    for (k, (plan, s)) in plans.iter().zip(setups).enumerate() {
        let hh = per_plan[k].take();
        out.push(finish_plan(
            plan,
            s,
            &ctxs[k],
            &counties,
            villages.as_ref().or(derived),
            hh,
            scan_info.as_ref(),
            &rejects,
        )?);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments, clippy::too_many_lines)]
fn finish_plan(
    plan: &Plan,
    s: Setup,
    ctx: &EvalContext<'_>,
    counties: &CountyTable,
    village_table: Option<&VillageTable>,
    households: Option<HouseholdResults>,
    info: Option<&crate::input::scan::Outcome>,
    rejects: &input::Rejects,
) -> Result<Assessment> {
    let p = &plan.profile;
    let Setup {
        counties_path,
        villages_path,
        households_path,
        rules,
        skipped,
        ..
    } = s;
    let counties_origin = counties_path.display().to_string();
    let mut decisions = Vec::new();
    let mut summary = Summary {
        rows: rejects.counts.clone(),
        ..Summary::default()
    };
    if let Some(w) = summary_rejected_warning(rejects) {
        summary.warnings.push(w);
    }

    // Households first: their results feed village and county incidence.
    let mut county_tallies = None;
    let mut village_tallies = None;
    let mut household_decisions = Vec::new();
    let mut by_county = Vec::new();
    if let (Some(mut out), Some(info)) = (households, info) {
        household_decisions = std::mem::take(&mut out.decisions);
        by_county = counties
            .codes()
            .iter()
            .zip(&out.county)
            .map(|(code, t)| {
                let row = counties.any_row(code);
                CountyTally {
                    code: code.clone(),
                    name: row.map(|r| r.name.clone()).unwrap_or_default(),
                    province: row.map(|r| r.province.clone()).unwrap_or_default(),
                    tally: *t,
                }
            })
            .collect();
        let h_rows = info.counts.accepted;
        // Incidence from households counts persons in households that fail the exit test
        // (domain.md A4); without exit rules there is no such count.
        let exit_rules = rules
            .iter()
            .any(|r| r.meta().level == Level::Household && r.meta().test == Test::Exit);
        // Monitoring shares need the tallies too; they are passed without exit rules only
        // when no village or county exit rule would read incidence from them.
        let monitoring_only = rules
            .iter()
            .any(|r| r.meta().level == Level::Household && r.meta().test == Test::Monitoring)
            && !rules
                .iter()
                .any(|r| r.meta().level != Level::Household && r.meta().test == Test::Exit);
        if exit_rules || monitoring_only {
            county_tallies = Some(out.county);
            village_tallies = Some(out.village);
        } else {
            summary.warnings.push(
                "household data given but no household exit rule selected: village and county \
                 incidence come from the village and county columns"
                    .into(),
            );
        }
        for (outcome, n) in out.counts {
            *summary
                .counts
                .entry("household")
                .or_default()
                .entry(outcome)
                .or_default() += n;
        }
        for (ci, counts) in out.county_counts.iter().enumerate() {
            let Some(row) = counties.codes().get(ci).and_then(|c| counties.any_row(c)) else {
                continue;
            };
            for (outcome, n) in counts {
                *summary
                    .by_province
                    .entry(row.province.clone())
                    .or_default()
                    .entry("household")
                    .or_default()
                    .entry(outcome)
                    .or_default() += n;
            }
        }
        let in_year = out.rows_by_year.get(&plan.year).copied().unwrap_or(0);
        if in_year < h_rows {
            summary.warnings.push(format!(
                "{} of {} household rows are for income years other than the assessment year \
                 {}: they are classified, but only the {in_year} rows of {} are aggregated to \
                 villages and counties",
                h_rows - in_year,
                h_rows,
                plan.year,
                plan.year
            ));
        }
        summary.households = Some(HouseholdSummary {
            rows: h_rows,
            rows_by_year: out.rows_by_year,
            assessment_year: out.total,
        });
    }

    let county_rules: Vec<_> = rules
        .iter()
        .filter_map(|r| match r {
            RuleEntry::County(c) => Some(*c),
            _ => None,
        })
        .collect();
    for test in tests_of(county_rules.iter().map(|r| r.meta().test)) {
        // County exit applies to poverty counties (贫困县退出: 贫困县包括重点县和片区县): when the
        // assessment-year row says `designated_before = false`, the county is not assessed.
        let (table, tallies, left_out) = match test {
            Test::Exit => exit_subset(counties, county_tallies.as_deref(), plan.year),
            Test::MonitoringScale => scale_subset(counties, county_tallies.as_deref()),
            _ => (None, None, 0),
        };
        if left_out > 0 && test == Test::MonitoringScale {
            summary.warnings.push(format!(
                "{left_out} counties have no households of {} in the household data: no \
                 monitoring-scale decision for them",
                plan.year
            ));
        } else if left_out > 0 {
            summary.warnings.push(format!(
                "{left_out} counties not assessed for exit: their {} row has designated_before = \
                 false (not a poverty county)",
                plan.year
            ));
        }
        let table_ref = table.as_ref().unwrap_or(counties);
        let data = CountyData {
            counties: table_ref,
            tallies: if table.is_some() {
                tallies.as_deref()
            } else {
                county_tallies.as_deref()
            },
        };
        let mut per_rule = Vec::new();
        for r in county_rules.iter().filter(|r| r.meta().test == test) {
            per_rule.push(r.evaluate(ctx, &data)?);
        }
        for (i, code) in table_ref.codes().iter().enumerate() {
            let checks: Vec<_> = per_rule.iter().map(|c| c[i].clone()).collect();
            let outcome = combine(test, &checks);
            let any = table_ref.any_row(code);
            let mut d = Decision {
                level: Level::County,
                test,
                id: code.clone(),
                name: any.map(|c| c.name.clone()).unwrap_or_default(),
                outcome,
                checks,
                county: None,
                province: any.map(|c| c.province.clone()),
                transition: None,
            };
            if outcome == fupin_core::Outcome::Exit {
                d.transition = transition(plan, ctx)?;
            }
            decisions.push(d);
        }
    }

    let village_rules: Vec<_> = rules
        .iter()
        .filter_map(|r| match r {
            RuleEntry::Village(v) => Some(*v),
            _ => None,
        })
        .collect();
    if let Some(vt) = village_table {
        let origin = villages_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "household data".into());
        let data = VillageData {
            villages: vt,
            counties,
            tallies: village_tallies.as_deref(),
            origin: &origin,
        };
        for test in tests_of(village_rules.iter().map(|r| r.meta().test)) {
            let mut per_rule = Vec::new();
            for r in village_rules.iter().filter(|r| r.meta().test == test) {
                per_rule.push(r.evaluate(ctx, &data)?);
            }
            let mut without_households = 0;
            for (i, v) in vt.villages().iter().enumerate() {
                // The monitoring scale is a share of the households in the data.
                if test == Test::MonitoringScale
                    && village_tallies
                        .as_deref()
                        .is_some_and(|t| t.get(i).is_none_or(|t| t.households == 0))
                {
                    without_households += 1;
                    continue;
                }
                let checks: Vec<_> = per_rule.iter().map(|c| c[i].clone()).collect();
                decisions.push(Decision {
                    level: Level::Village,
                    test,
                    id: v.code.clone(),
                    name: v.name.clone(),
                    outcome: combine(test, &checks),
                    checks,
                    county: Some(v.county.clone()),
                    province: None,
                    transition: None,
                });
            }
            if without_households > 0 {
                summary.warnings.push(format!(
                    "{without_households} villages have no households of {} in the household \
                     data: no monitoring-scale decision for them",
                    plan.year
                ));
            }
        }
    }
    for d in &decisions {
        *summary
            .counts
            .entry(d.level.as_str())
            .or_default()
            .entry(d.outcome.as_str())
            .or_default() += 1;
    }
    decisions.extend(household_decisions);
    // Households are counted from the run (their decisions may not be kept).
    for d in decisions.iter().filter(|d| d.level != Level::Household) {
        let province = d.province.clone().or_else(|| {
            d.county
                .as_deref()
                .and_then(|c| counties.any_row(c))
                .map(|r| r.province.clone())
        });
        if let Some(p) = province {
            *summary
                .by_province
                .entry(p)
                .or_default()
                .entry(d.level.as_str())
                .or_default()
                .entry(d.outcome.as_str())
                .or_default() += 1;
        }
    }

    let unconfirmed: BTreeSet<String> = decisions
        .iter()
        .flat_map(|d| &d.checks)
        .flat_map(|c| c.unconfirmed.iter().cloned())
        .collect();
    for id in &unconfirmed {
        summary.warnings.push(format!(
            "parameter `{id}`: a value used is not confirmed by the sources (see `fupin rules \
             show` and domain.md)"
        ));
    }
    summary.unconfirmed_parameters = unconfirmed.into_iter().collect();

    let mut inputs = BTreeMap::new();
    inputs.insert("counties".to_string(), counties_origin.clone());
    if let Some(v) = &villages_path {
        inputs.insert("villages".to_string(), v.display().to_string());
    }
    if let Some(h) = &households_path {
        inputs.insert("households".to_string(), h.display().to_string());
    }
    Ok(Assessment {
        schema: SCHEMA,
        profile: ProfileInfo {
            name: p.name.clone(),
            standard: plan.standard.id.to_string(),
            year: plan.year,
            rule_sets: p.rule_sets.clone(),
            date: plan.date.to_string(),
            rules: rules.iter().map(|r| r.meta().id.to_string()).collect(),
            skipped,
            inputs,
        },
        decisions,
        summary,
        rejected: rejects.rows.clone(),
        county_tallies: by_county,
        provenance: None,
    })
}

fn summary_rejected_warning(rejects: &input::Rejects) -> Option<String> {
    if rejects.rows.is_empty() {
        return None;
    }
    let parts: Vec<String> = rejects
        .counts
        .iter()
        .map(|(t, c)| {
            format!(
                "{t}: {} read = {} accepted + {} rejected",
                c.read, c.accepted, c.rejected
            )
        })
        .collect();
    Some(format!(
        "{} rows rejected (--on-bad-row skip); {}",
        rejects.rows.len(),
        parts.join("; ")
    ))
}

/// The transition period of a county that exits in the assessment year, when the standard
/// defines one (`<standard>.transition.years`).
fn transition(plan: &Plan, ctx: &EvalContext<'_>) -> Result<Option<Transition>> {
    let id = format!("{}.transition.years", plan.standard.id);
    if !plan.params.contains(&id) {
        return Ok(None);
    }
    let Ok(r) = plan.params.at(&id, ctx.date) else {
        return Ok(None);
    };
    let years = r.int().map_err(|e| EngineError::Config(e.to_string()))?;
    Ok(Some(Transition {
        exit_year: plan.year,
        years,
        until_year: plan.year + years as i32,
        parameter: id,
        source: r.source_text(),
    }))
}

/// The counties assessed for exit when some are marked as not poverty counties: a table of
/// the others with their tallies, and how many were left out. `None` when all are assessed.
fn exit_subset(
    counties: &CountyTable,
    tallies: Option<&[Tally]>,
    year: i32,
) -> (Option<CountyTable>, Option<Vec<Tally>>, usize) {
    subset(counties, tallies, |_, code| {
        counties
            .row(code, year)
            .is_none_or(|r| r.designated_before != Some(false))
    })
}

/// The monitoring scale is a share of the households in the data: counties without
/// households of the assessment year get no scale decision (with household tallies).
fn scale_subset(
    counties: &CountyTable,
    tallies: Option<&[Tally]>,
) -> (Option<CountyTable>, Option<Vec<Tally>>, usize) {
    match tallies {
        Some(t) => subset(counties, tallies, |i, _| t[i].households > 0),
        None => (None, None, 0),
    }
}

/// The counties `keep` (index, code) selects, with their tallies, and how many were left.
fn subset(
    counties: &CountyTable,
    tallies: Option<&[Tally]>,
    keep: impl Fn(usize, &str) -> bool,
) -> (Option<CountyTable>, Option<Vec<Tally>>, usize) {
    let keep: Vec<usize> = counties
        .codes()
        .iter()
        .enumerate()
        .filter(|(i, code)| keep(*i, code))
        .map(|(i, _)| i)
        .collect();
    if keep.len() == counties.len() {
        return (None, None, 0);
    }
    let codes = counties.codes();
    let kept: std::collections::HashSet<&str> = keep.iter().map(|&i| codes[i].as_str()).collect();
    let rows = counties
        .rows()
        .iter()
        .filter(|r| kept.contains(r.code.as_str()))
        .cloned()
        .collect();
    let sub_tallies = tallies.map(|t| keep.iter().map(|&i| t[i]).collect());
    (
        Some(CountyTable::new(rows)),
        sub_tallies,
        counties.len() - keep.len(),
    )
}

/// The distinct tests among rules, in a fixed order.
fn tests_of(tests: impl Iterator<Item = Test>) -> Vec<Test> {
    let set: BTreeSet<Test> = tests.collect();
    set.into_iter().collect()
}

/// A plan's household rules, prepared lazily for the income years of each batch.
struct PlanKernels<'a> {
    ctx: &'a EvalContext<'a>,
    rules: Vec<&'static dyn fupin_core::rule::HouseholdRule>,
    tests: Vec<Test>,
    cache: Mutex<HashMap<Vec<i32>, Arc<Vec<Prepared>>>>,
    /// Build household decisions (for the report or the decision file).
    keep: bool,
    /// Keep them in the report.
    retain: bool,
    /// Serialise them for the decision file: `Some(true)` CSV, `Some(false)` JSON Lines.
    stream: Option<bool>,
}

impl PlanKernels<'_> {
    fn for_years(&self, years: Vec<i32>) -> Result<Arc<Vec<Prepared>>> {
        if let Some(k) = self
            .cache
            .lock()
            .map_err(|_| EngineError::Config("a worker thread panicked".into()))?
            .get(&years)
        {
            return Ok(k.clone());
        }
        let mut prepared = Vec::new();
        for r in &self.rules {
            prepared.push(Prepared {
                kernel: r.prepare(self.ctx, &years)?,
                test: r.meta().test,
                role: r.meta().role,
                reads_hardship: r.meta().columns.contains(&"households.sudden_hardship"),
            });
        }
        let k = Arc::new(prepared);
        self.cache
            .lock()
            .map_err(|_| EngineError::Config("a worker thread panicked".into()))?
            .insert(years, k.clone());
        Ok(k)
    }
}

/// Outcome slots of household counts: classification (poor, not poor), exit (exit,
/// remain), monitoring (the three categories, not monitored).
const SLOTS: usize = 8;

/// The slot of a household outcome.
fn slot_of(outcome: fupin_core::Outcome) -> usize {
    use fupin_core::Outcome as O;
    match outcome {
        O::Exit => 2,
        O::Remain => 3,
        O::UnstableExited => 4,
        O::Marginal => 5,
        O::SuddenHardship => 6,
        O::NotMonitored => 7,
        O::NotPoor => 1,
        _ => 0,
    }
}

/// The household outcomes of a test, for counting.
fn household_outcomes(test: Test) -> Vec<fupin_core::Outcome> {
    use fupin_core::Outcome as O;
    match test {
        Test::Monitoring => vec![
            O::UnstableExited,
            O::Marginal,
            O::SuddenHardship,
            O::NotMonitored,
        ],
        t => {
            let (yes, no) = t.outcomes();
            vec![yes, no]
        }
    }
}

/// The monitoring outcome of household `i` (fupin's reading, [`monitoring_category`]):
/// `monitored` is the test's combined result; the registry status comes from the column
/// (unknown without it: the generic positive outcome, `marginal`); the hardship flag counts
/// only through a selected monitoring rule that reads `sudden_hardship` and passed.
fn monitoring_outcome(
    batch: &HouseholdBatch,
    i: usize,
    monitored: bool,
    hardship: bool,
) -> fupin_core::Outcome {
    match batch
        .status
        .get(i)
        .and_then(|s| fupin_core::units::RegistryStatus::from_code(*s))
    {
        Some(status) => fupin_core::decision::monitoring_category(status, monitored, hardship),
        None if monitored => fupin_core::Outcome::Marginal,
        None => fupin_core::Outcome::NotMonitored,
    }
}

/// A county's sums within a batch in 32 bytes, so the counties of a batch (831 × 32 bytes)
/// stay in the L1 cache while households hit them at random. `u32` is enough: a batch has
/// at most [`crate::input::scan::MAX_BATCH_ROWS`] households of at most 100 persons.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct CountyAcc {
    rows: u32,
    poor: u32,
    exits: u32,
    households: u32,
    persons: u32,
    poor_persons: u32,
    remaining_persons: u32,
}

/// One batch's results for one plan.
#[derive(Default)]
struct BatchOut {
    county: Vec<Tally>,
    county_counts: Vec<[usize; SLOTS]>,
    counts: [usize; SLOTS],
    /// (village index in the batch, tally) per household of the assessment year.
    villages: Vec<(u32, Tally)>,
    total: Tally,
    rows_by_year: Vec<(i32, usize)>,
    decisions: Vec<Decision>,
    /// Decisions serialised for the decision file.
    stream: Vec<u8>,
}

/// Evaluate one batch for one plan.
fn eval_batch(
    k: &PlanKernels<'_>,
    batch: &HouseholdBatch,
    counties: &CountyTable,
    with_villages: bool,
) -> Result<BatchOut> {
    let mut years: Vec<i32> = Vec::new();
    for &y in &batch.year {
        if years.last() != Some(&y) && !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable();
    let prepared = k.for_years(years)?;
    let n_counties = counties.len();
    let mut out = BatchOut {
        county: vec![Tally::default(); n_counties],
        county_counts: vec![[0; SLOTS]; n_counties],
        ..BatchOut::default()
    };
    let n = batch.len();
    let bits: Vec<Vec<bool>> = prepared
        .iter()
        .map(|p| {
            let mut b = vec![false; n];
            p.kernel.eval(batch, &mut b);
            b
        })
        .collect();
    // Each test's outcome over the whole batch as 0/1 (the logic of `combine`,
    // column-wise): every veto (require) passes and, when there are qualifying rules, one
    // of them passes.
    let positive = |t: Test| -> Option<Vec<u8>> {
        if !k.tests.contains(&t) {
            return None;
        }
        let mut all = vec![1u8; n];
        let mut any: Option<Vec<u8>> = None;
        for (p, b) in prepared.iter().zip(&bits) {
            if p.test != t {
                continue;
            }
            match p.role {
                Role::Require => all.iter_mut().zip(b).for_each(|(a, x)| *a &= u8::from(*x)),
                Role::Qualify => {
                    let q = any.get_or_insert_with(|| vec![0u8; n]);
                    q.iter_mut().zip(b).for_each(|(a, x)| *a |= u8::from(*x));
                }
            }
        }
        if let Some(q) = any {
            all.iter_mut().zip(&q).for_each(|(a, x)| *a &= *x);
        }
        Some(all)
    };
    let poor = positive(Test::Classification);
    let exits = positive(Test::Exit);
    let monitored = positive(Test::Monitoring);
    // The hardship flag through the selected monitoring rules that read it.
    let hardship: Vec<bool> = if monitored.is_some() {
        let mut h = vec![false; n];
        for (p, b) in prepared.iter().zip(&bits) {
            if p.test == Test::Monitoring && p.reads_hardship {
                h.iter_mut().zip(b).for_each(|(a, x)| *a |= *x);
            }
        }
        h
    } else {
        Vec::new()
    };
    let categories: Option<Vec<fupin_core::Outcome>> = monitored.as_ref().map(|m| {
        (0..n)
            .map(|i| monitoring_outcome(batch, i, m[i] == 1, hardship[i]))
            .collect()
    });
    if k.keep {
        for i in 0..n {
            for &t in &k.tests {
                let yes = match t {
                    Test::Exit => exits.as_ref().is_some_and(|e| e[i] == 1),
                    _ => poor.as_ref().is_some_and(|p| p[i] == 1),
                };
                let (y, no) = t.outcomes();
                let outcome = match (t, &categories) {
                    (Test::Monitoring, Some(c)) => c[i],
                    _ if yes => y,
                    _ => no,
                };
                let d = household_decision(&prepared, batch, i, t, outcome, counties);
                if let Some(csv_rows) = k.stream {
                    serialize_decision(&d, csv_rows, &mut out.stream);
                }
                if k.retain {
                    out.decisions.push(d);
                }
            }
        }
    }
    let year = k.ctx.year;
    let single_year = batch.year.iter().all(|y| *y == batch.year[0]);
    if single_year && n > 0 {
        out.rows_by_year.push((batch.year[0], n));
    } else {
        for &y in &batch.year {
            match out.rows_by_year.iter_mut().find(|(x, _)| *x == y) {
                Some((_, c)) => *c += 1,
                None => out.rows_by_year.push((y, 1)),
            }
        }
    }
    let all_in_year = single_year && batch.year.first() == Some(&year);
    // Outcome bits as 0/1 so the loop below has no branches on them.
    let zeros = vec![
        0u8;
        if poor.is_none() || exits.is_none() {
            n
        } else {
            0
        }
    ];
    let p_bits: &[u8] = poor.as_deref().unwrap_or(&zeros);
    let e_bits: &[u8] = exits.as_deref().unwrap_or(&zeros);
    let (has_p, has_e) = (u32::from(poor.is_some()), u32::from(exits.is_some()));
    // Monitoring sums, kept apart so the accumulator of the other tests stays small:
    // per county, the monitoring slots and (monitored persons, registered persons).
    let mut mon_counts = vec![[0u32; 4]; if categories.is_some() { n_counties } else { 0 }];
    let mut mon_persons = vec![[0i64; 2]; mon_counts.len()];
    let has_status = !batch.status.is_empty();
    let mut acc = vec![CountyAcc::default(); n_counties];
    for i in 0..n {
        let ci = batch.county[i] as usize;
        let p = u32::from(p_bits[i]);
        let e = u32::from(e_bits[i]);
        let a = &mut acc[ci];
        a.rows += 1;
        a.poor += p;
        a.exits += e;
        if !all_in_year && batch.year[i] != year {
            continue;
        }
        let size = batch.size[i];
        let remains = has_e * (1 - e);
        a.households += 1;
        a.persons += size;
        a.poor_persons += size * p;
        a.remaining_persons += size * remains;
        let (mut monitored_persons, mut registered_persons) = (0i64, 0i64);
        if let Some(c) = &categories {
            let s = slot_of(c[i]) - 4;
            mon_counts[ci][s] += 1;
            if c[i] != fupin_core::Outcome::NotMonitored {
                monitored_persons = i64::from(size);
            }
            if has_status
                && fupin_core::units::RegistryStatus::from_code(batch.status[i])
                    .is_some_and(|st| st.registered())
            {
                registered_persons = i64::from(size);
            }
            mon_persons[ci][0] += monitored_persons;
            mon_persons[ci][1] += registered_persons;
        }
        if with_villages && batch.village[i] != NO_VILLAGE {
            let size = i64::from(size);
            out.villages.push((
                batch.village[i],
                Tally {
                    households: 1,
                    persons: size,
                    poor_persons: size * i64::from(p),
                    remaining_persons: size * i64::from(remains),
                    monitored_persons,
                    registered_persons,
                },
            ));
        }
    }
    // Monitoring outcomes are counted for every row, like the other tests; the persons only
    // for rows of the assessment year (above).
    if let Some(c) = &categories {
        for (i, o) in c.iter().enumerate() {
            if !(all_in_year || batch.year[i] == year) {
                let ci = batch.county[i] as usize;
                mon_counts[ci][slot_of(*o) - 4] += 1;
            }
        }
    }
    for (ci, a) in acc.iter().enumerate() {
        let c = |x: u32| x as usize;
        // Slots: 0 poor, 1 not poor, 2 exit, 3 remain (counted only for the tests run).
        let m = mon_counts.get(ci).copied().unwrap_or_default();
        let mp = mon_persons.get(ci).copied().unwrap_or_default();
        out.county_counts[ci] = [
            c(has_p * a.poor),
            c(has_p * (a.rows - a.poor)),
            c(has_e * a.exits),
            c(has_e * (a.rows - a.exits)),
            c(m[0]),
            c(m[1]),
            c(m[2]),
            c(m[3]),
        ];
        out.county[ci] = Tally {
            households: i64::from(a.households),
            persons: i64::from(a.persons),
            poor_persons: i64::from(a.poor_persons),
            remaining_persons: i64::from(a.remaining_persons),
            monitored_persons: mp[0],
            registered_persons: mp[1],
        };
    }
    for (c, t) in out.county_counts.iter().zip(&out.county) {
        for (s, n) in c.iter().enumerate() {
            out.counts[s] += n;
        }
        out.total.add(t);
    }
    Ok(out)
}

/// Merged household results of one plan.
struct HouseholdResults {
    county: Vec<Tally>,
    village: Vec<Tally>,
    total: Tally,
    counts: BTreeMap<&'static str, usize>,
    /// Outcome counts per county index.
    county_counts: Vec<BTreeMap<&'static str, usize>>,
    rows_by_year: BTreeMap<i32, usize>,
    decisions: Vec<Decision>,
}

/// Folds batch results in file order.
struct Fold {
    county: Vec<Tally>,
    village: Vec<Tally>,
    total: Tally,
    counts: [usize; SLOTS],
    county_counts: Vec<[usize; SLOTS]>,
    rows_by_year: BTreeMap<i32, usize>,
    decisions: Vec<Decision>,
}

impl Fold {
    fn new(counties: usize, villages: usize) -> Fold {
        Fold {
            county: vec![Tally::default(); counties],
            village: vec![Tally::default(); villages],
            total: Tally::default(),
            counts: [0; SLOTS],
            county_counts: vec![[0; SLOTS]; counties],
            rows_by_year: BTreeMap::new(),
            decisions: Vec::new(),
        }
    }

    fn add(&mut self, b: BatchOut, village_map: &[u32]) {
        for (a, t) in self.county.iter_mut().zip(&b.county) {
            a.add(t);
        }
        for (a, c) in self.county_counts.iter_mut().zip(&b.county_counts) {
            for s in 0..SLOTS {
                a[s] += c[s];
            }
        }
        for s in 0..SLOTS {
            self.counts[s] += b.counts[s];
        }
        for (v, t) in &b.villages {
            let g = if village_map.is_empty() {
                *v
            } else {
                village_map[*v as usize]
            } as usize;
            if self.village.len() <= g {
                self.village.resize(g + 1, Tally::default());
            }
            self.village[g].add(t);
        }
        self.total.add(&b.total);
        for (y, n) in b.rows_by_year {
            *self.rows_by_year.entry(y).or_default() += n;
        }
        self.decisions.extend(b.decisions);
    }

    fn finish(self, tests: &[Test], derived: Option<&[u32]>, villages: usize) -> HouseholdResults {
        let names = |c: &[usize; SLOTS]| {
            let mut m = BTreeMap::new();
            for &t in tests {
                for o in household_outcomes(t) {
                    m.insert(o.as_str(), c[slot_of(o)]);
                }
            }
            m.retain(|_, n| *n > 0);
            m
        };
        let village = match derived {
            Some(remap) => {
                let mut v = vec![Tally::default(); villages];
                for (g, t) in self.village.iter().enumerate() {
                    if let Some(&i) = remap.get(g)
                        && let Some(slot) = v.get_mut(i as usize)
                    {
                        slot.add(t);
                    }
                }
                v
            }
            None => {
                let mut v = self.village;
                v.resize(villages, Tally::default());
                v
            }
        };
        HouseholdResults {
            county: self.county,
            village,
            total: self.total,
            counts: names(&self.counts),
            county_counts: self.county_counts.iter().map(names).collect(),
            rows_by_year: self.rows_by_year,
            decisions: self.decisions,
        }
    }
}

struct Prepared {
    kernel: Box<dyn HouseholdKernel>,
    test: Test,
    role: Role,
    /// The rule reads the sudden-hardship flag (its pass makes a monitored household
    /// never registered as poor 突发严重困难户).
    reads_hardship: bool,
}

/// Read the households once and run every plan's household rules on each batch.
fn scan_households(
    path: &Path,
    ctxs: &[EvalContext<'_>],
    setups: &[Setup],
    counties: &CountyTable,
    villages: Option<&VillageTable>,
    needs: &Needs,
    opts: &AssessOptions,
) -> Result<(Vec<HouseholdResults>, crate::input::scan::Outcome)> {
    let kernels: Vec<PlanKernels<'_>> = ctxs
        .iter()
        .zip(setups)
        .enumerate()
        .map(|(k, (ctx, s))| {
            let rules: Vec<_> = s
                .rules
                .iter()
                .filter_map(|r| match r {
                    RuleEntry::Household(h) => Some(*h),
                    _ => None,
                })
                .collect();
            let tests = [Test::Classification, Test::Exit, Test::Monitoring]
                .into_iter()
                .filter(|t| rules.iter().any(|r| r.meta().test == *t))
                .collect();
            PlanKernels {
                ctx,
                rules,
                tests,
                cache: Mutex::new(HashMap::new()),
                keep: s.detail == HouseholdDetail::All || (k == 0 && opts.decisions_out.is_some()),
                retain: s.detail == HouseholdDetail::All,
                stream: opts
                    .decisions_out
                    .as_deref()
                    .filter(|_| k == 0)
                    .map(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))),
            }
        })
        .collect();
    // Village codes are decoded (and checked) only when village rules will use them.
    let read_village = setups
        .iter()
        .any(|s| s.rules.iter().any(|r| r.meta().level == Level::Village));
    let read_ids = !opts.skip_id_check || kernels.iter().any(|k| k.keep);
    if opts.decisions_out.is_some() && kernels.len() > 1 {
        return Err(EngineError::Config(
            "household decisions can be streamed to a file for one profile at a time".into(),
        ));
    }
    let progress = opts.progress.as_ref().map(|p| p.0.clone());
    let progress_fn = progress.as_deref();
    let spec = crate::input::scan::Spec {
        path,
        counties,
        villages,
        needs: &needs.households,
        read_ids,
        read_village,
        policy: opts.on_bad_row,
        batch_rows: opts
            .batch_rows
            .unwrap_or(input::BATCH_ROWS)
            .clamp(1, crate::input::scan::MAX_BATCH_ROWS),
        progress: progress_fn.map(|f| f as &(dyn Fn(u64, u64) + Sync)),
        chunk_bytes: crate::input::scan::CSV_CHUNK_BYTES,
        large_results: kernels.iter().any(|k| k.keep),
    };
    let n_counties = counties.len();
    let n_villages = villages.map_or(0, VillageTable::len);
    let with_villages = read_village;
    let process = |piece: &crate::input::scan::Piece<'_>| -> Result<Vec<BatchOut>> {
        kernels
            .iter()
            .map(|k| eval_batch(k, piece.batch, counties, with_villages))
            .collect()
    };
    let folds: Vec<Fold> = kernels
        .iter()
        .map(|_| Fold::new(n_counties, n_villages))
        .collect();
    let sink = opts
        .decisions_out
        .as_deref()
        .map(|p| DecisionSink::new(p, opts.outputs.as_deref()))
        .transpose()?;
    let state = std::cell::RefCell::new((folds, sink));
    let info = {
        let mut merge = |outs: Vec<BatchOut>, m: &crate::input::scan::Merged<'_>| -> Result<()> {
            let mut st = state.borrow_mut();
            let (folds, sink) = &mut *st;
            for (k, (f, mut o)) in folds.iter_mut().zip(outs).enumerate() {
                if k == 0
                    && let Some(s) = sink.as_mut()
                {
                    s.write(&std::mem::take(&mut o.stream))?;
                }
                f.add(o, m.village_map);
            }
            Ok(())
        };
        // A second pass re-reads everything (rows found bad only at the end are left out):
        // the folds and the decision file start again.
        let mut reset = || {
            let mut st = state.borrow_mut();
            for f in &mut st.0 {
                *f = Fold::new(n_counties, n_villages);
            }
            if let Some(s) = st.1.as_mut() {
                s.reset();
            }
        };
        crate::input::scan::scan(&spec, &process, &mut merge, &mut reset)?
    };
    let (folds, sink) = state.into_inner();
    if let Some(s) = sink {
        s.finish(opts.outputs.as_deref())?;
    }
    let derived = info.derived.as_ref().map(|d| d.1.as_slice());
    let n_v = info.derived.as_ref().map_or(n_villages, |d| d.0.len());
    let results = folds
        .into_iter()
        .zip(&kernels)
        .map(|(f, k)| f.finish(&k.tests, derived, n_v))
        .collect();
    Ok((results, info))
}

fn household_decision(
    prepared: &[Prepared],
    batch: &HouseholdBatch,
    i: usize,
    test: Test,
    outcome: fupin_core::Outcome,
    counties: &CountyTable,
) -> Decision {
    let checks = prepared
        .iter()
        .filter(|p| p.test == test)
        .map(|p| p.kernel.explain(batch, i))
        .collect();
    Decision {
        level: Level::Household,
        test,
        id: batch.id(i),
        name: String::new(),
        outcome,
        checks,
        county: counties.codes().get(batch.county[i] as usize).cloned(),
        province: None,
        transition: None,
    }
}
