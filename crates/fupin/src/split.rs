//! Runs split over parts of the household table and merged exactly: the household rules of
//! every plan on each part ([`partial`], in a Spark executor), the parts' sums added up by key,
//! and the village and county rules on the sums ([`finish`], on the driver), with the same
//! code as [`crate::assess`]. See `docs/distributed.md`.
//!
//! `crates/fupin/tests/split.rs` proves the result equal to a run on the whole table for
//! any cut and any row order.

pub use fupin_engine::eval::partial::{PARTIAL_COLUMNS, SUMMED_COLUMNS, partial_schema};
pub use fupin_engine::eval::sweep::SweepPlans;

use arrow_array::RecordBatch;

use crate::{AssessOptions, Assessment, Plan, Profile, Result, Sweep, Tabulation, link_all};

/// The sums of one part of the household table under every plan (rows of
/// [`PARTIAL_COLUMNS`]). Row numbers in messages count within the part.
pub fn partial(plans: &[Plan], opts: &AssessOptions) -> Result<RecordBatch> {
    link_all();
    let refs: Vec<&Plan> = plans.iter().collect();
    fupin_engine::eval::partial::partial(&refs, opts)
}

/// The assessments of `plans` from the partial rows of all the parts (merged by key or not:
/// equal keys are added here), each with its [`crate::Provenance`]. `opts` gives the county
/// and village tables, and the household table's columns (a table without rows will do).
pub fn finish(
    plans: &[Plan],
    opts: &AssessOptions,
    parts: &[RecordBatch],
) -> Result<Vec<Assessment>> {
    link_all();
    let refs: Vec<&Plan> = plans.iter().collect();
    let mut runs = fupin_engine::eval::partial::finish(&refs, opts, parts)?;
    let digests = fupin_engine::eval::assess::Digests::of(plans, opts)?;
    for (k, (a, plan)) in runs.iter_mut().zip(plans).enumerate() {
        a.provenance = Some(digests.provenance(k, plan, &a.summary.rows));
    }
    Ok(runs)
}

/// The county tables of `plans` from their assessments ([`crate::tabulate`]'s result).
pub fn tabulation(plans: &[Plan], runs: &[Assessment]) -> Result<Tabulation> {
    fupin_engine::eval::tabulate::tabulation(plans, runs)
}

/// The plans of a sweep ([`crate::sweep`]): one per point.
pub fn sweep_plans(
    profile: &Profile,
    year: Option<i32>,
    param: &str,
    points: &[crate::Decimal],
) -> Result<SweepPlans> {
    link_all();
    fupin_engine::eval::sweep::sweep_plans(profile, year, param, points)
}

/// The sweep document from the assessment of each point's plan, in order.
pub fn sweep_of(profile: &Profile, plans: &SweepPlans, runs: Vec<Assessment>) -> Sweep {
    fupin_engine::eval::sweep::sweep_of(profile, plans, runs)
}

/// The household columns a run of `plans` reads ([`partial`] needs no other): what Spark
/// selects before handing partitions to the engine. `read_ids`: ids checked for duplicates.
pub fn household_columns(
    plans: &[Plan],
    opts: &AssessOptions,
    read_ids: bool,
) -> Result<Vec<String>> {
    link_all();
    let refs: Vec<&Plan> = plans.iter().collect();
    fupin_engine::eval::partial::household_columns(&refs, opts, read_ids)
}
