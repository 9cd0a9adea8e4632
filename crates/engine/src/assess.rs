//! The assessment: input → validated units → selected rules → decisions → report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fupin_core::decision::{Decision, Level, Role, SCHEMA, Test, Transition, combine};
use fupin_core::rule::{CountyData, EvalContext, HouseholdKernel, RuleEntry, VillageData};
use fupin_core::units::{CountyTable, HouseholdBatch, NO_VILLAGE, Tally, VillageTable};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{EngineError, Result};
use crate::input::{self, Households, Needs};
use crate::plan::Plan;
use crate::profile::HouseholdDetail;

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
}

/// Header names of a CSV file (for rules that apply only when their columns are present).
fn header_names(path: &Path) -> Result<BTreeSet<String>> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
    {
        return crate::parquet_input::column_names(path);
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| EngineError::Input(format!("{}: cannot open: {e}", path.display())))?;
    let h = r
        .headers()
        .map_err(|e| EngineError::Input(format!("{}: {e}", path.display())))?;
    Ok(h.iter()
        .map(|s| s.trim_start_matches('\u{feff}').trim().to_string())
        .collect())
}

/// Run a plan.
pub fn assess(plan: &Plan, opts: &AssessOptions) -> Result<Assessment> {
    let p = &plan.profile;
    let counties_path = opts.counties.clone().or_else(|| p.data.counties.clone());
    let villages_path = opts.villages.clone().or_else(|| p.data.villages.clone());
    let households_path = opts
        .households
        .clone()
        .or_else(|| p.data.households.clone());
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

    let mut rejects = input::Rejects::new(opts.on_bad_row);
    let counties = input::read_counties(&counties_path, &needs.counties, &mut rejects)?;
    let villages = villages_path
        .as_deref()
        .map(|v| input::read_villages(v, &counties, &needs.villages, &mut rejects))
        .transpose()?;
    let households = households_path
        .as_deref()
        .map(|h| {
            input::read_households_in_batches(
                h,
                &counties,
                villages.as_ref(),
                &needs.households,
                detail == HouseholdDetail::All,
                &mut rejects,
                opts.batch_rows.unwrap_or(input::BATCH_ROWS),
            )
        })
        .transpose()?;
    if !rejects.rows.is_empty() {
        summary_rejected_warning(&rejects)
            .into_iter()
            .for_each(|w| tracing::warn!("{w}"));
    }

    let no_regions = BTreeMap::new();
    let counties_origin = counties_path.display().to_string();
    let ctx = EvalContext {
        year: plan.year,
        date: plan.date,
        params: &plan.params,
        region_overrides: if p.regions.is_empty() {
            &no_regions
        } else {
            &p.regions
        },
        counties_origin: &counties_origin,
        counties: Some(&counties),
    };

    let mut decisions = Vec::new();
    let mut summary = Summary {
        rows: rejects.counts.clone(),
        ..Summary::default()
    };
    if let Some(w) = summary_rejected_warning(&rejects) {
        summary.warnings.push(w);
    }
    let village_table: Option<&VillageTable> = villages.as_ref().or_else(|| {
        households
            .as_ref()
            .and_then(|h| h.derived_villages.as_ref())
    });

    // Households first: their results feed village and county incidence.
    let mut county_tallies = None;
    let mut village_tallies = None;
    let mut household_decisions = Vec::new();
    if let Some(h) = &households {
        let out = run_households(
            &ctx,
            &rules,
            h,
            &counties,
            village_table,
            detail,
            &mut household_decisions,
        )?;
        // Incidence from households counts persons in households that fail the exit test
        // (domain.md A4); without exit rules there is no such count.
        let exit_rules = rules
            .iter()
            .any(|r| r.meta().level == Level::Household && r.meta().test == Test::Exit);
        if exit_rules {
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
        if in_year < h.rows {
            summary.warnings.push(format!(
                "{} of {} household rows are for income years other than the assessment year \
                 {}: they are classified, but only the {in_year} rows of {} are aggregated to \
                 villages and counties",
                h.rows - in_year,
                h.rows,
                plan.year,
                plan.year
            ));
        }
        summary.households = Some(HouseholdSummary {
            rows: h.rows,
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
        let (table, tallies, left_out) = if test == Test::Exit {
            exit_subset(&counties, county_tallies.as_deref(), plan.year)
        } else {
            (None, None, 0)
        };
        if left_out > 0 {
            summary.warnings.push(format!(
                "{left_out} counties not assessed for exit: their {} row has designated_before = \
                 false (not a poverty county)",
                plan.year
            ));
        }
        let table_ref = table.as_ref().unwrap_or(&counties);
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
            per_rule.push(r.evaluate(&ctx, &data)?);
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
                d.transition = transition(plan, &ctx)?;
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
            counties: &counties,
            tallies: village_tallies.as_deref(),
            origin: &origin,
        };
        for test in tests_of(village_rules.iter().map(|r| r.meta().test)) {
            let mut per_rule = Vec::new();
            for r in village_rules.iter().filter(|r| r.meta().test == test) {
                per_rule.push(r.evaluate(&ctx, &data)?);
            }
            for (i, v) in vt.villages().iter().enumerate() {
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
        rejected: rejects.rows,
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
    let keep: Vec<usize> = counties
        .codes()
        .iter()
        .enumerate()
        .filter(|(_, code)| {
            counties
                .row(code, year)
                .is_none_or(|r| r.designated_before != Some(false))
        })
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

/// What evaluating household batches needs.
struct Run<'a> {
    prepared: &'a [Prepared],
    tests: &'a [Test],
    year: i32,
    counties: &'a CountyTable,
}

impl Run<'_> {
    /// Evaluate one batch into `acc`, and build its decisions when asked.
    fn batch(
        &self,
        batch: &HouseholdBatch,
        acc: &mut HouseholdResults,
        mut decisions: Option<&mut Vec<Decision>>,
    ) {
        let bits: Vec<Vec<bool>> = self
            .prepared
            .iter()
            .map(|p| {
                let mut b = vec![false; batch.len()];
                p.kernel.eval(batch, &mut b);
                b
            })
            .collect();
        for i in 0..batch.len() {
            let mut poor = false;
            let mut remains = false;
            for &t in self.tests {
                let positive = outcome_of(self.prepared, &bits, t, i);
                let (yes, no) = t.outcomes();
                let outcome = if positive { yes } else { no };
                *acc.counts.entry(outcome.as_str()).or_default() += 1;
                *acc.county_counts[batch.county[i] as usize]
                    .entry(outcome.as_str())
                    .or_default() += 1;
                match t {
                    Test::Classification => poor = positive,
                    Test::Exit => remains = !positive,
                    Test::Designation => {}
                }
                if let Some(d) = decisions.as_deref_mut() {
                    d.push(household_decision(
                        self.prepared,
                        batch,
                        i,
                        t,
                        outcome,
                        self.counties,
                    ));
                }
            }
            *acc.rows_by_year.entry(batch.year[i]).or_default() += 1;
            if batch.year[i] != self.year {
                continue;
            }
            let size = i64::from(batch.size[i]);
            let t = Tally {
                households: 1,
                persons: size,
                poor_persons: if poor { size } else { 0 },
                remaining_persons: if remains { size } else { 0 },
            };
            acc.county[batch.county[i] as usize].add(&t);
            if batch.village[i] != NO_VILLAGE
                && let Some(v) = acc.village.get_mut(batch.village[i] as usize)
            {
                v.add(&t);
            }
            acc.total.add(&t);
        }
    }
}

impl HouseholdResults {
    fn new(counties: usize, villages: usize) -> Self {
        HouseholdResults {
            county: vec![Tally::default(); counties],
            village: vec![Tally::default(); villages],
            total: Tally::default(),
            counts: BTreeMap::new(),
            county_counts: vec![BTreeMap::new(); counties],
            rows_by_year: BTreeMap::new(),
        }
    }

    /// Add another worker's results (exact: integer sums).
    fn merge(mut self, other: Self) -> Self {
        for (a, b) in self.county.iter_mut().zip(&other.county) {
            a.add(b);
        }
        for (a, b) in self.village.iter_mut().zip(&other.village) {
            a.add(b);
        }
        self.total.add(&other.total);
        for (k, n) in other.counts {
            *self.counts.entry(k).or_default() += n;
        }
        for (a, b) in self.county_counts.iter_mut().zip(other.county_counts) {
            for (k, n) in b {
                *a.entry(k).or_default() += n;
            }
        }
        for (k, n) in other.rows_by_year {
            *self.rows_by_year.entry(k).or_default() += n;
        }
        self
    }
}

struct HouseholdResults {
    county: Vec<Tally>,
    village: Vec<Tally>,
    total: Tally,
    counts: BTreeMap<&'static str, usize>,
    /// Outcome counts per county index.
    county_counts: Vec<BTreeMap<&'static str, usize>>,
    rows_by_year: BTreeMap<i32, usize>,
}

struct Prepared {
    kernel: Box<dyn HouseholdKernel>,
    test: Test,
    role: Role,
}

fn run_households(
    ctx: &EvalContext<'_>,
    rules: &[RuleEntry],
    h: &Households,
    counties: &CountyTable,
    villages: Option<&VillageTable>,
    detail: HouseholdDetail,
    decisions: &mut Vec<Decision>,
) -> Result<HouseholdResults> {
    let years: Vec<i32> = h.years.iter().copied().collect();
    let mut prepared = Vec::new();
    for r in rules {
        if let RuleEntry::Household(hr) = r {
            prepared.push(Prepared {
                kernel: hr.prepare(ctx, &years)?,
                test: hr.meta().test,
                role: hr.meta().role,
            });
        }
    }
    let tests: Vec<Test> = [Test::Classification, Test::Exit]
        .into_iter()
        .filter(|t| prepared.iter().any(|p| p.test == *t))
        .collect();
    let n_counties = counties.len();
    let n_villages = villages.map_or(0, VillageTable::len);
    let run = Run {
        prepared: &prepared,
        tests: &tests,
        year: ctx.year,
        counties,
    };
    // Tallies: each worker folds its batches into its own accumulator; integer sums merge
    // exactly, so the result does not depend on the number of threads.
    let res = h
        .batches
        .par_iter()
        .fold(
            || HouseholdResults::new(n_counties, n_villages),
            |mut acc, batch| {
                run.batch(batch, &mut acc, None);
                acc
            },
        )
        .reduce(
            || HouseholdResults::new(n_counties, n_villages),
            HouseholdResults::merge,
        );
    if detail == HouseholdDetail::All {
        // Decisions in file order: batches map in parallel, collect in order.
        let per_batch: Vec<Vec<Decision>> = h
            .batches
            .par_iter()
            .map(|batch| {
                let mut scratch = HouseholdResults::new(n_counties, n_villages);
                let mut out = Vec::with_capacity(batch.len() * tests.len());
                run.batch(batch, &mut scratch, Some(&mut out));
                out
            })
            .collect();
        decisions.extend(per_batch.into_iter().flatten());
    }
    Ok(res)
}

/// Whether household `i` gets the positive outcome of `test`: every veto passes and, when
/// the test has qualifying rules, one of them passes (the same logic as
/// [`fupin_core::decision::combine`], over bits).
fn outcome_of(prepared: &[Prepared], bits: &[Vec<bool>], test: Test, i: usize) -> bool {
    let mut any_q = false;
    let mut q = false;
    for (p, b) in prepared.iter().zip(bits) {
        if p.test != test {
            continue;
        }
        match p.role {
            Role::Require if !b[i] => return false,
            Role::Require => {}
            Role::Qualify => {
                any_q = true;
                q |= b[i];
            }
        }
    }
    !any_q || q
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
