//! The assessment: input → validated units → selected rules → decisions → report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fupin_core::decision::{Decision, Level, SCHEMA};
use fupin_core::rule::{EvalContext, RuleEntry};
use fupin_core::units::{CountyTable, VillageTable};

use super::household_summary;
use super::households::{HouseholdResults, scan_households};
pub use super::model::*;
use super::units;
use crate::error::{EngineError, Result};
use crate::input::{self, Needs};
use crate::setup::plan::Plan;
use crate::setup::profile::{DataPaths, HouseholdDetail};

/// Header names of a CSV file (for rules that apply only when their columns are present).
fn header_names(path: &Path, opts: &AssessOptions) -> Result<BTreeSet<String>> {
    if let Some(t) = opts.arrow.as_deref().and_then(|a| a.get(path)) {
        return Ok(t.column_names());
    }
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

pub(super) fn setup(plan: &Plan, opts: &AssessOptions) -> Result<Setup> {
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
        ("counties", Some(header_names(&counties_path, opts)?)),
        (
            "villages",
            villages_path
                .as_deref()
                .map(|p| header_names(p, opts))
                .transpose()?,
        ),
        (
            "households",
            households_path
                .as_deref()
                .map(|p| header_names(p, opts))
                .transpose()?,
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
pub(super) fn union_needs(setups: &[Setup]) -> Needs {
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

/// The county and village tables a run reads.
pub(super) struct Units {
    pub(super) counties: CountyTable,
    pub(super) villages: Option<VillageTable>,
    pub(super) counties_origin: String,
}

/// Read the county table, and the village table when a village rule will use it; the rows
/// they rejected.
pub(super) fn read_units(
    setups: &[Setup],
    opts: &AssessOptions,
) -> Result<(Units, input::Rejects)> {
    let first = setups
        .first()
        .ok_or_else(|| EngineError::Config("no profile to assess".into()))?;
    let needs = union_needs(setups);
    let mut rejects = input::Rejects::new(opts.on_bad_row);
    let counties = input::read_counties_in(
        &first.counties_path,
        opts.arrow.as_deref(),
        &needs.counties,
        &mut rejects,
    )?;
    // The village table is read when village rules will use it.
    let village_rules = setups
        .iter()
        .any(|s| s.rules.iter().any(|r| r.meta().level == Level::Village));
    let villages = first
        .villages_path
        .as_deref()
        .filter(|_| village_rules)
        .map(|v| {
            input::read_villages_in(
                v,
                opts.arrow.as_deref(),
                &counties,
                &needs.villages,
                &mut rejects,
            )
        })
        .transpose()?;
    let units = Units {
        counties,
        villages,
        counties_origin: first.counties_path.display().to_string(),
    };
    Ok((units, rejects))
}

/// The evaluation context of each plan over `units`.
pub(super) fn contexts<'a>(
    plans: &[&'a Plan],
    units: &'a Units,
    no_regions: &'a BTreeMap<String, fupin_core::units::Region>,
) -> Vec<EvalContext<'a>> {
    plans
        .iter()
        .map(|plan| EvalContext {
            year: plan.year,
            date: plan.date,
            params: &plan.params,
            region_overrides: if plan.profile.regions.is_empty() {
                no_regions
            } else {
                &plan.profile.regions
            },
            counties_origin: &units.counties_origin,
            counties: Some(&units.counties),
        })
        .collect()
}

fn run_plans(plans: &[&Plan], setups: Vec<Setup>, opts: &AssessOptions) -> Result<Vec<Assessment>> {
    let (units, rejects) = read_units(&setups, opts)?;
    let needs = union_needs(&setups);
    let households_path = setups[0].households_path.clone();
    let no_regions = BTreeMap::new();
    let ctxs = contexts(plans, &units, &no_regions);
    let scanned = households_path
        .as_deref()
        .map(|h| {
            scan_households(
                h,
                &ctxs,
                &setups,
                &units.counties,
                units.villages.as_ref(),
                &needs,
                opts,
            )
        })
        .transpose()?;
    let (per_plan, scan_info) = match scanned {
        Some((r, info)) => (r.into_iter().map(Some).collect::<Vec<_>>(), Some(info)),
        None => (plans.iter().map(|_| None).collect(), None),
    };
    finish_plans(plans, setups, &ctxs, &units, rejects, per_plan, scan_info)
}

/// Every plan's assessment from its household results (none without households).
pub(super) fn finish_plans(
    plans: &[&Plan],
    setups: Vec<Setup>,
    ctxs: &[EvalContext<'_>],
    units: &Units,
    mut rejects: input::Rejects,
    mut per_plan: Vec<Option<HouseholdResults>>,
    scan_info: Option<crate::input::scan::Outcome>,
) -> Result<Vec<Assessment>> {
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
    let mut out = Vec::new();
    for (k, (plan, s)) in plans.iter().zip(setups).enumerate() {
        let hh = per_plan[k].take();
        out.push(finish_plan(
            plan,
            s,
            &ctxs[k],
            &units.counties,
            units.villages.as_ref().or(derived),
            hh,
            scan_info.as_ref(),
            &rejects,
        )?);
    }
    Ok(out)
}

/// One plan's assessment from its household results: household figures first (their tallies
/// feed village and county incidence), then county and village decisions, then the summary.
#[allow(clippy::too_many_arguments)]
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
    let mut summary = Summary {
        rows: rejects.counts.clone(),
        ..Summary::default()
    };
    if let Some(w) = summary_rejected_warning(rejects) {
        summary.warnings.push(w);
    }
    let folded = match (households, info) {
        (Some(out), Some(info)) => {
            household_summary::fold_into_summary(plan, &s.rules, counties, out, info, &mut summary)
        }
        _ => household_summary::Folded::default(),
    };
    let mut decisions = units::county_decisions(
        plan,
        ctx,
        &s.rules,
        counties,
        folded.county_tallies.as_deref(),
        &mut summary,
    )?;
    if let Some(vt) = village_table {
        units::village_decisions(
            plan,
            ctx,
            &s.rules,
            counties,
            vt,
            s.villages_path.as_deref(),
            folded.village_tallies.as_deref(),
            &mut summary,
            &mut decisions,
        )?;
    }
    count_units(&decisions, &mut summary);
    decisions.extend(folded.decisions);
    count_by_province(&decisions, counties, &mut summary);
    warn_unconfirmed(plan, &s, &decisions, &mut summary);
    warn_readings(plan, &s, &decisions, &mut summary);
    Ok(Assessment {
        schema: SCHEMA,
        profile: profile_info(plan, &s),
        decisions,
        summary,
        rejected: rejects.rows.clone(),
        county_tallies: folded.by_county,
        provenance: None,
    })
}

/// Counts of county and village decisions by level and outcome (households are counted
/// from the run, since their decisions may not be kept).
fn count_units(decisions: &[Decision], summary: &mut Summary) {
    for d in decisions {
        *summary
            .counts
            .entry(d.level.as_str())
            .or_default()
            .entry(d.outcome.as_str())
            .or_default() += 1;
    }
}

/// Counts of county and village decisions by province, level and outcome.
fn count_by_province(decisions: &[Decision], counties: &CountyTable, summary: &mut Summary) {
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
}

/// A warning for every parameter whose value a check used is not confirmed by the sources:
/// the parameters the kept checks list, and those the household rules that ran read (their
/// checks are not kept unless asked for; the values in force at the assessment date).
fn warn_unconfirmed(plan: &Plan, s: &Setup, decisions: &[Decision], summary: &mut Summary) {
    let mut unconfirmed: BTreeSet<String> = decisions
        .iter()
        .flat_map(|d| &d.checks)
        .flat_map(|c| c.unconfirmed.iter().cloned())
        .collect();
    let household_rules: Vec<&fupin_core::RuleMeta> = plan
        .rules
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.level == Level::Household && rule_ran(s, m))
        .collect();
    for p in crate::provenance::parameters_used(plan) {
        if p.status == fupin_core::params::Status::Unconfirmed
            && household_rules.iter().any(|m| reads(m, &p.id))
        {
            unconfirmed.insert(p.id);
        }
    }
    for id in &unconfirmed {
        summary.push_standing(format!(
            "parameter `{id}`: a value used is not confirmed by the sources (see `fupin rules \
             show` and docs/sources.md#unconfirmed-values)"
        ));
    }
    summary.unconfirmed_parameters = unconfirmed.into_iter().collect();
}

/// Whether a rule of the plan ran: not skipped, and for a household rule, households given.
fn rule_ran(s: &Setup, m: &fupin_core::RuleMeta) -> bool {
    !s.skipped.iter().any(|k| k.rule == m.id)
        && (m.level != Level::Household || s.households_path.is_some())
}

/// Whether a rule reads a parameter (its id, or a prefix ending in `.` that covers it).
fn reads(m: &fupin_core::RuleMeta, id: &str) -> bool {
    m.parameters
        .iter()
        .any(|w| *w == id || (w.ends_with('.') && id.starts_with(w)))
}

/// A warning for every rule whose procedure, and every parameter value read, that is fupin's
/// reading of its source rather than the text: only for the rules that decided something (a
/// county or village rule with an applicable check; a household rule run on households).
fn warn_readings(plan: &Plan, s: &Setup, decisions: &[Decision], summary: &mut Summary) {
    let decided: BTreeSet<&str> = decisions
        .iter()
        .filter(|d| d.level != Level::Household)
        .flat_map(|d| &d.checks)
        .filter(|c| c.applicable)
        .map(|c| &*c.rule)
        .collect();
    let used = |m: &fupin_core::RuleMeta| {
        rule_ran(s, m) && (m.level == Level::Household || decided.contains(m.id))
    };
    let used_rules: Vec<&fupin_core::RuleMeta> = plan
        .rules
        .iter()
        .map(|r| r.meta())
        .filter(|m| used(m))
        .collect();
    for m in &used_rules {
        if m.reading().is_some() {
            summary.push_standing(format!(
                "rule `{}`: its procedure is fupin's reading of its source, not the text (see \
                 `fupin rules show {}`)",
                m.id, m.id
            ));
        }
    }
    let read = |id: &str| used_rules.iter().any(|m| reads(m, id));
    for p in crate::provenance::parameters_used(plan) {
        if p.status == fupin_core::params::Status::Reading && read(&p.id) {
            summary.push_standing(format!(
                "parameter `{}` = {}: fupin's reading of its source, not the text (see `fupin \
                 rules show` and docs/sources.md#readings)",
                p.id, p.value
            ));
        }
    }
}

/// The profile block: what was run, on what.
fn profile_info(plan: &Plan, s: &Setup) -> ProfileInfo {
    let mut inputs = BTreeMap::new();
    inputs.insert(
        "counties".to_string(),
        s.counties_path.display().to_string(),
    );
    if let Some(v) = &s.villages_path {
        inputs.insert("villages".to_string(), v.display().to_string());
    }
    if let Some(h) = &s.households_path {
        inputs.insert("households".to_string(), h.display().to_string());
    }
    let p = &plan.profile;
    ProfileInfo {
        name: p.name.clone(),
        standard: plan.standard.id.to_string(),
        year: plan.year,
        rule_sets: p.rule_sets.clone(),
        date: plan.date.to_string(),
        rules: s.rules.iter().map(|r| r.meta().id.to_string()).collect(),
        skipped: s.skipped.clone(),
        inputs,
    }
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

/// The provenance of a run of `plan` over the tables of `opts`, with the rows it counted.
pub fn provenance_of(
    plan: &Plan,
    opts: &AssessOptions,
    rows: &BTreeMap<String, input::RowCounts>,
) -> Result<crate::provenance::Provenance> {
    let digests = Digests::of(std::slice::from_ref(plan), opts)?;
    Ok(digests.provenance(0, plan, rows))
}

/// The digests of the files runs of some plans read (their profiles and tables), each file
/// read once however many plans name it. Nothing here depends on the run's results, so a
/// front end computes them on another thread while the households are scanned.
#[derive(Debug, Clone)]
pub struct Digests {
    /// Per plan: the profile files, and the tables.
    per_plan: Vec<(
        Vec<crate::provenance::FileDigest>,
        Vec<crate::provenance::InputFile>,
    )>,
}

impl Digests {
    /// The digests for `plans` over the tables of `opts`.
    pub fn of(plans: &[Plan], opts: &AssessOptions) -> Result<Digests> {
        let mut seen: BTreeMap<std::path::PathBuf, crate::provenance::FileDigest> = BTreeMap::new();
        let mut digest = |p: &Path| -> Result<crate::provenance::FileDigest> {
            if let Some(d) = seen.get(p) {
                return Ok(d.clone());
            }
            let d = crate::provenance::digest(p).map_err(|e| {
                crate::EngineError::Input(format!(
                    "{}: cannot read for its digest: {e}",
                    p.display()
                ))
            })?;
            seen.insert(p.to_path_buf(), d.clone());
            Ok(d)
        };
        let mut per_plan = Vec::new();
        for plan in plans {
            let mut profiles = Vec::new();
            for f in &plan.profile.files {
                profiles.push(digest(f)?);
            }
            if plan.profile.files.is_empty() {
                // A profile given as text (a shipped profile): the digest of that text.
                let text = plan.profile.text.as_bytes();
                profiles.push(crate::provenance::FileDigest {
                    path: plan.profile.shown(),
                    bytes: Some(text.len() as u64),
                    sha256: Some(
                        <sha2::Sha256 as sha2::Digest>::digest(text)
                            .iter()
                            .map(|b| format!("{b:02x}"))
                            .collect(),
                    ),
                });
            }
            let d = data_paths(&plan.profile, opts);
            let mut inputs = Vec::new();
            for (table, p) in [
                ("counties", d.counties),
                ("villages", d.villages),
                ("households", d.households),
            ] {
                if let Some(p) = p {
                    inputs.push(crate::provenance::InputFile {
                        table,
                        file: digest(&p)?,
                    });
                }
            }
            per_plan.push((profiles, inputs));
        }
        Ok(Digests { per_plan })
    }

    /// The provenance of the run of plan `k` (of those given to [`Digests::of`]), with the
    /// rows it counted.
    pub fn provenance(
        &self,
        k: usize,
        plan: &Plan,
        rows: &BTreeMap<String, input::RowCounts>,
    ) -> crate::provenance::Provenance {
        let (profiles, inputs) = self.per_plan.get(k).cloned().unwrap_or_default();
        crate::provenance::Provenance {
            fupin_version: env!("CARGO_PKG_VERSION"),
            profiles,
            parameters: crate::provenance::parameters_used(plan),
            inputs,
            rows: rows.clone(),
        }
    }
}
