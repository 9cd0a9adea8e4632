//! Household results into an assessment's summary: the outcome counts overall and by
//! province, the rows by income year, and the county and village tallies that the village
//! and county rules read (when they read incidence from the households).

use fupin_core::decision::{Decision, Level, Test};
use fupin_core::rule::RuleEntry;
use fupin_core::units::{CountyTable, Tally};

use super::households::HouseholdResults;
use super::model::*;
use crate::setup::plan::Plan;

/// What the household results leave for the rest of the assessment.
#[derive(Default)]
pub(super) struct Folded {
    /// Tallies by county and village, when village and county rules read incidence (or the
    /// monitoring scale) from the households.
    pub(super) county_tallies: Option<Vec<Tally>>,
    pub(super) village_tallies: Option<Vec<Tally>>,
    /// The household decisions kept.
    pub(super) decisions: Vec<Decision>,
    /// Tallies of the assessment year by county, with names (for `tabulate`).
    pub(super) by_county: Vec<CountyTally>,
}

/// Household counts and figures into the summary; the tallies and decisions for the rest.
pub(super) fn fold_into_summary(
    plan: &Plan,
    rules: &[RuleEntry],
    counties: &CountyTable,
    mut out: HouseholdResults,
    info: &crate::input::scan::Outcome,
    summary: &mut Summary,
) -> Folded {
    let mut f = Folded {
        decisions: std::mem::take(&mut out.decisions),
        ..Folded::default()
    };
    f.by_county = counties
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
        f.county_tallies = Some(out.county);
        f.village_tallies = Some(out.village);
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
    f
}
