//! The 2011 national rural poverty standard and the 2016 exit mechanism.
//!
//! - The standard: 2,300 yuan per person per year at 2010 prices, with the published line of
//!   each year as data (`params.toml`, parameter `std2011.line`).
//! - Household classification: [`household::poor::HouseholdPoor`] (income < line).
//! - Household exit test: income > line plus five guarantees ([`household::exit`]).
//! - Village exit: incidence ([`village::exit::VillageIncidence`]).
//! - County exit: incidence by region, false-exit and missed-assessment rates, public
//!   approval, and the public notice when its columns are given ([`county::exit`]).
//! - The 2012 key-county adjustment and the contiguous areas ([`county::designation_2012`]).
//!
//! One rule per file, the path mirroring the rule id: `std2011.county.exit.incidence` is
//! `src/county/exit/incidence.rs`, declared with `fupin_core::rule!`.
//! - The five-year transition period after a county exits: parameter
//!   `std2011.transition.years`, applied by the engine to exit decisions.
//!
//! Architecture invariant: rule crates do no I/O; parameters are compiled in with
//! `include_str!` and registered with the rule set.

pub mod county;
pub mod household;
mod incidence;
pub mod village;

use fupin_core::inventory;
use fupin_core::rule::{RuleSetInfo, StandardInfo};

/// The rule set id.
pub const RULE_SET: &str = "std2011";

/// The parameter file, compiled in.
pub const PARAMS: &str = include_str!("../params.toml");

inventory::submit! {
    RuleSetInfo {
        id: RULE_SET,
        summary: "2011 standard (2,300 yuan at 2010 prices) and the 2016 exit mechanism",
        parameter_files: &[("rules/std2011/params.toml", PARAMS)],
    }
}

inventory::submit! {
    StandardInfo {
        id: "std2011",
        name: "2010 standard (现行标准): 2,300 yuan per person per year at 2010 prices",
        line_parameter: "std2011.line",
        base_year: 2010,
        chain: (2010, None),
        price_index: Some("std2011.chain.rural_cpi"),
        summary: "Adopted 2011-11-29; NBS updates it each year with the rural low-income \
                  residents' price index. Net income until 2013, disposable income from 2014.",
    }
}

/// Referenced by the binary so the linker keeps this crate's registrations.
pub fn link() {}

#[cfg(test)]
mod tests_support {
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    use fupin_core::ParameterStore;
    use fupin_core::rule::EvalContext;
    use fupin_core::units::Region;

    pub fn store() -> ParameterStore {
        let mut s = ParameterStore::new();
        s.load_toml("rules/std2011/params.toml", super::PARAMS)
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
