//! The low-income standard (865 yuan at 2000 prices; NBS's "2008 standard") and the 2001
//! key-county designation by the "631" method.
//!
//! One rule per file, the path mirroring the rule id, declared with `fupin_core::rule!`.
//!
//! Architecture invariant: no I/O; parameters compiled in.

pub mod county;
pub mod list_2001;

use fupin_core::inventory;
use fupin_core::rule::{RuleSetInfo, StandardInfo};

/// The parameter file, compiled in.
pub const PARAMS: &str = include_str!("../params.toml");

inventory::submit! {
    RuleSetInfo {
        id: "std2001",
        summary: "Low-income standard (865 yuan at 2000 prices), 2008-2010 unified line; 2001 key counties by the 631 method",
        parameter_files: &[("rules/std2001/params.toml", PARAMS)],
    }
}

inventory::submit! {
    StandardInfo {
        id: "std2001",
        name: "2008 standard: low-income line 865 yuan at 2000 prices (2000-2007), poverty line 2008-2010",
        line_parameter: "std2001.line",
        base_year: 2000,
        chain: (2000, Some(2010)),
        price_index: None,
        summary: "Called 农村低收入标准 2000-2007 and 农村贫困标准 2008-2010 (NBS). Its series links \
                  2000 to 2010 prices (865 → 1,274).",
    }
}

/// Referenced by binaries and tests so the linker keeps this crate's registrations.
pub fn link() {}
