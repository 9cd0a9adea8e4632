//! Input: tables opened by path or stream (`source`), the one CSV grammar (`csv_records`),
//! Parquet and Arrow column readers (`parquet`), the county and village readers (`tables`),
//! and the household scan with its row checks (`scan`). Every error names file, row and
//! column; nothing is dropped silently.

pub mod arrow;
pub(crate) mod check;
pub(crate) mod csv_records;
pub mod parquet;
pub mod rows;
pub(crate) mod scan;
pub mod source;
pub mod tables;
pub(crate) mod values;

pub use rows::*;
pub use scan::check_households;
pub use tables::*;
