//! After 2020: the monitoring of households at risk of (re)entering poverty (防止返贫动态监测
//! 和帮扶) and the five-year transition period of exited counties (过渡期).
//!
//! - Households ([`household`]): a household is a monitoring target unless it is still
//!   registered as poor; it is monitored when its income is below the monitoring line (about
//!   1.5 times the year's national line, or a yearly line a profile gives), when its rigid
//!   expenditure exceeds its income, or when a sudden-hardship flag is set. The outcome is
//!   one of the three categories used from 2021 (脱贫不稳定户, 边缘易致贫户, 突发严重困难户),
//!   placed by [`fupin_core::decision::monitoring_category`] (fupin's reading).
//! - Villages and counties ([`village::scale`], [`county::scale`]): monitored persons as a share of the registered
//!   population, against the guidance's scale (about 5%; at most 10% in deeply poor areas).
//! - Counties ([`county::transition`]): whether the county is in its five-year transition period in
//!   the assessment year.
//!
//! One rule per file, the path mirroring the rule id (`monitoring.household.risk.income` is
//! `src/household/risk/income.rs`), declared with `fupin_core::rule!`.
//!
//! Architecture invariant: rule crates do no I/O; parameters are compiled in with
//! `include_str!` and registered with the rule set. These rules also read two parameters of
//! the `std2011` rule set: the national line (`std2011.line`) and the length of the
//! transition period (`std2011.transition.years`).

pub mod county;
pub mod household;
mod scale;
pub mod village;

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::inventory;
use fupin_core::rule::{RuleMeta, RuleSetInfo};
use fupin_core::shared::{Shared, shared};

/// The rule set id.
pub const RULE_SET: &str = "monitoring";

/// The parameter file, compiled in.
pub const PARAMS: &str = include_str!("../params.toml");

inventory::submit! {
    RuleSetInfo {
        id: RULE_SET,
        summary: "after 2020: monitoring of households at risk of (re)entering poverty, its scale, and the five-year transition period",
        parameter_files: &[("rules/monitoring/params.toml", PARAMS)],
    }
}

/// Referenced by the binary so the linker keeps this crate's registrations.
pub fn link() {}

/// What a check records besides its comparison.
struct Basis<'a> {
    parameter: &'a str,
    source: Shared,
    effective: Option<Shared>,
    confirmed: bool,
    unconfirmed_parameter: &'a str,
    basis: Option<String>,
}

/// A check of `measured op threshold`, compared exactly.
fn check(meta: &RuleMeta, measured: Measure, op: Op, threshold: Measure, b: Basis<'_>) -> Check {
    let (passed, error) = match measured.compare(&threshold) {
        Some(o) => (op.holds(o), None),
        None => (false, Some("no value to compare".to_string())),
    };
    let mut c = Check {
        rule: shared(meta.id),
        passed,
        measured,
        threshold,
        op,
        parameter: shared(b.parameter),
        source: b.source,
        effective: b.effective,
        confirmed: true,
        unconfirmed: Vec::new(),
        readings: Vec::new(),
        basis: b.basis,
        role: meta.role,
        applicable: true,
        error,
    };
    if !b.confirmed {
        c.mark_unconfirmed(b.unconfirmed_parameter);
    }
    c
}

#[cfg(test)]
mod tests_support {
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    use fupin_core::ParameterStore;
    use fupin_core::rule::EvalContext;
    use fupin_core::units::Region;

    pub fn store() -> ParameterStore {
        let mut s = ParameterStore::new();
        s.load_toml("rules/monitoring/params.toml", super::PARAMS)
            .expect("monitoring parameters load");
        s.load_toml("rules/std2011/params.toml", fupin_std2011::PARAMS)
            .expect("std2011 parameters load");
        s
    }

    pub fn ctx_for(s: &ParameterStore, year: i32) -> EvalContext<'_> {
        static NONE: OnceLock<BTreeMap<String, Region>> = OnceLock::new();
        EvalContext {
            year,
            date: fupin_core::Date::new(year as i16, 12, 31).expect("date"),
            params: s,
            region_overrides: NONE.get_or_init(BTreeMap::new),
            counties_origin: "counties.csv",
            counties: None,
        }
    }
}
