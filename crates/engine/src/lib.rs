//! fupin-engine: the driver, laid out along the data flow. Front ends call it through the
//! `fupin` library crate.
//!
//! - [`setup`]: a [`Profile`] checked into a [`Plan`] (standard, selected rules, parameters
//!   with overrides, plugins).
//! - [`input`]: tables opened and read, every value checked, the households streamed in
//!   chunks on all cores.
//! - [`eval`]: household kernels over column batches, folded into village and county
//!   tallies, village and county rules over the whole sets: an
//!   [`eval::assess::Assessment`]; and compare, sweep, measures, tabulate, lines on top.
//! - [`output`]: rendering (table, JSON, CSV), the one check-row schema, files written whole
//!   or not at all.
//! - [`provenance`]: what a result was computed from.
//!
//! Architecture invariant: the engine knows files and formats but not terminals or command
//! lines (that is `fupin-cli`), and it knows rules only through the registry in
//! `fupin-core`.

pub mod docs;
pub mod error;
pub mod eval;
pub mod input;
pub mod output;
pub mod provenance;
pub mod setup;
pub mod testing;
pub mod text;

pub use error::{EngineError, Result};
pub use eval::assess::{AssessOptions, Assessment, assess};
pub use setup::plan::Plan;
pub use setup::profile::{Format, HouseholdDetail, Profile};
