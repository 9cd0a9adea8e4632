//! Ethnic-area, old-revolutionary-base, border and pastoral variants of the national rules,
//! registered as their own rule set so profiles layer them where the historical rule
//! included them.
//!
//! - 1986: the relaxed thresholds for ethnic autonomous counties (< 200 yuan) and for old
//!   revolutionary base counties of major influence (< 300 yuan, the top of the 200–300 band).
//! - 2001: the relaxed low-income cut-off for old revolutionary base and ethnic-minority
//!   border areas (1,500 yuan instead of 1,300), read by the "631" method in `std2001`.
//! - 2017: the deep-poverty areas: 三区三州 and the deeply impoverished counties ([`areas`]),
//!   with the 2017 set's 南疆四地州 kept apart from the 2012 14-area list's 南疆三地州.
//!
//! One rule per file, the path mirroring the rule id, declared with `fupin_core::rule!`.
//!
//! Architecture invariant: no I/O; parameters compiled in.

pub mod areas;
pub mod county;

use fupin_core::inventory;
use fupin_core::rule::RuleSetInfo;

/// The parameter file, compiled in.
pub const PARAMS: &str = include_str!("../params.toml");

inventory::submit! {
    RuleSetInfo {
        id: "ethnic",
        summary: "Ethnic-area, old-base and border variants: 1986 relaxations, the 2001 relaxed cut-off, 2017 deep-poverty areas",
        parameter_files: &[("rules/ethnic/params.toml", PARAMS)],
    }
}

/// Referenced by binaries and tests so the linker keeps this crate's registrations.
pub fn link() {}
