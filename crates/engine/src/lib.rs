//! fupin-engine: the driver.
//!
//! Data flows one way: a [`profile::Profile`] is checked into a [`plan::Plan`] (standard,
//! selected rules, parameters with overrides); [`assess::assess`] reads and validates the
//! input tables ([`input`]), runs household rules over column batches, folds their results
//! into village and county tallies, runs village and county rules over the whole sets, and
//! returns an [`assess::Assessment`]; [`report`] renders it and writes it whole.
//!
//! Architecture invariant: the engine knows files and formats but not terminals or command
//! lines (that is `fupin-cli`), and it knows rules only through the registry in
//! `fupin-core`.

pub mod assess;
pub mod compare;
pub(crate) mod csv_records;
pub mod docs;
pub mod error;
pub mod indicator;
pub mod input;
pub mod measures;
pub mod output;
pub mod parquet_input;
pub mod plan;
pub mod plugin;
pub mod profile;
pub mod registry;
pub mod report;
pub(crate) mod scan;
pub mod select;
pub mod source;
pub mod sweep;
pub mod tabulate;
pub mod testing;
pub mod text;

pub use assess::{AssessOptions, Assessment, assess};
pub use error::{EngineError, Result};
pub use plan::Plan;
pub use profile::{Format, HouseholdDetail, Profile};
