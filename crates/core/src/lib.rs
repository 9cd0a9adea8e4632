//! fupin-core: the domain model every other crate shares.
//!
//! - [`money`]: exact money in integer fen, with its price year.
//! - [`units`]: counties, villages and households (households as columns, in batches).
//! - [`params`]: dated parameters with unit and source, loaded from TOML and schema-checked.
//! - [`rule`]: the rule traits (household, village, county), rule metadata and the registry.
//! - [`decision`]: decisions and their checks, the explanation of every outcome.
//! - [`standard`]: poverty standards and their published line series.
//! - [`prices`]: constant prices by chaining the published lines (domain.md A3).
//!
//! Architecture invariant: this crate does no I/O beyond parsing strings it is handed; it
//! knows nothing about files, terminals or command lines.

pub mod decision;
pub mod kit;
pub mod money;
pub mod params;
pub mod prices;
pub mod rule;
pub mod shared;
pub mod source;
pub mod standard;
pub mod text;
pub mod units;

pub use decision::{Check, Decision, Level, Measure, Op, Outcome, Test};
pub use money::Money;
pub use params::{
    Grade, ParamError, ParamValue, Parameter, ParameterStore, Source, SourceCopy, Unit,
};
pub use rule::{EvalContext, RuleEntry, RuleMeta, RuleStatus};
pub use units::{County, CountyTable, HouseholdBatch, Region, Village, VillageTable};

/// Re-exported so rule crates register with the same `inventory` version as the core.
pub use inventory;
/// Re-exported civil date type used for effective dates.
pub use jiff::civil::Date;

/// Exact ratios (rule crates compare shares with them; re-exported so that rule crates
/// depend on this crate only).
pub use num_rational::Ratio;
/// Re-exported exact decimal type used for percentages.
pub use rust_decimal::Decimal;
/// Re-exported so that a rule crate can read reference data it compiles in (a TOML file,
/// `#[serde(crate = "fupin_core::serde")]`) while depending on this crate only.
pub use serde;

/// Parse a TOML document compiled into a rule crate (reference data) into `T`; the error is
/// the parser's message.
pub fn parse_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}
