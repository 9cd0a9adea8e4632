//! Evaluation: a plan over validated tables. `assess` (one scan for several plans; household
//! kernels, tallies, village and county rules), and the views built on it: `compare`,
//! `sweep`, `measures`, `tabulate`.

pub mod assess;
pub mod compare;
mod household_summary;
mod households;
pub mod lines;
pub mod measures;
pub mod model;
pub mod partial;
pub mod sweep;
pub mod tabulate;
mod units;

/// A check for the evaluation's unit tests: rule `r`, its role and outcome, a measured
/// boolean, the rest empty.
#[cfg(test)]
pub(crate) fn test_check(
    role: fupin_core::decision::Role,
    passed: bool,
) -> fupin_core::decision::Check {
    use fupin_core::decision::{Check, Measure, Op};
    Check {
        rule: "r".into(),
        passed,
        measured: Measure::Bool(passed),
        threshold: Measure::Bool(true),
        op: Op::Eq,
        parameter: "".into(),
        source: "".into(),
        effective: None,
        confirmed: true,
        unconfirmed: Vec::new(),
        readings: Vec::new(),
        basis: None,
        role,
        applicable: true,
        error: None,
    }
}
