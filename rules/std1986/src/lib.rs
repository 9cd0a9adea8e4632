//! The 1978 standard (206 yuan for 1985 income, first applied in 1986) and the county
//! designations of 1986 (with the 1988 pastoral batch) and 1994 (the "8-7 Plan").
//!
//! The relaxed 1986 thresholds for ethnic autonomous and old-revolutionary-base counties are
//! in the `ethnic` rule set; `profiles/national-1986.toml` layers both.
//!
//! One rule per file, the path mirroring the rule id (`std1986.county.designation.income` is
//! `src/county/designation/income.rs`), declared with `fupin_core::rule!`.
//!
//! Architecture invariant: no I/O; parameters compiled in.

pub mod county;

use fupin_core::inventory;
use fupin_core::rule::{RuleSetInfo, StandardInfo};

/// The parameter file, compiled in.
pub const PARAMS: &str = include_str!("../params.toml");

inventory::submit! {
    RuleSetInfo {
        id: "std1986",
        summary: "1978 standard (206 yuan for 1985 income); 1986 designation (+1988 pastoral batch); 1994 8-7 Plan adjustment",
        parameter_files: &[("rules/std1986/params.toml", PARAMS)],
    }
}

inventory::submit! {
    StandardInfo {
        id: "std1986",
        name: "1978 standard (absolute poverty line): 206 yuan for 1985 income",
        line_parameter: "std1986.line",
        base_year: 1985,
        chain: (1985, Some(2000)),
        price_index: None,
        summary: "Called 农村贫困标准 1978-1999 and 农村绝对贫困标准 2000-2007 (NBS); set in 1986 at \
                  206 yuan for 1985 income. Its series links 1985 to 2000 prices (206 → 625).",
    }
}

/// Referenced by binaries and tests so the linker keeps this crate's registrations.
pub fn link() {}
