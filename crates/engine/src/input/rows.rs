//! The row policy of a run and what it rejected, shared by every table reader, and the
//! limits a household row is checked against.

use serde::Serialize;

/// Households per batch.
pub const BATCH_ROWS: usize = 65_536;

/// Highest income per capita accepted, in yuan: far above any rural household's, so a value
/// beyond it is a data error (a misplaced decimal point, a total instead of a per-capita
/// figure), not a rich household.
pub const MAX_INCOME_YUAN: i64 = 10_000_000;

/// Largest household accepted, persons.
pub const MAX_HOUSEHOLD_SIZE: i64 = 100;

/// What to do with a row that cannot be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BadRows {
    /// Stop with an error naming the file, row and column (the default).
    #[default]
    Error,
    /// Leave the row out, record it in the rejected-rows report, and go on.
    Skip,
}

/// Rows read, accepted and rejected in one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    /// Data rows read.
    pub read: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected (`read = accepted + rejected`).
    pub rejected: usize,
}

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The file.
    pub file: String,
    /// The row (line where the record starts; the header is line 1).
    pub row: usize,
    /// Why, naming the column.
    pub reason: String,
}

/// The bad-row policy of a run and what it rejected.
#[derive(Debug, Clone, Default)]
pub struct Rejects {
    /// The policy.
    pub policy: BadRows,
    /// Counts by table (`counties`, `villages`, `households`).
    pub counts: std::collections::BTreeMap<String, RowCounts>,
    /// The rejected rows, in reading order.
    pub rows: Vec<Rejected>,
}

impl Rejects {
    /// A collector with a policy.
    pub fn new(policy: BadRows) -> Rejects {
        Rejects {
            policy,
            ..Rejects::default()
        }
    }
}

/// The optional household columns the monitoring rules read (additions to the canonical
/// columns, design.md §6).
pub const MONITORING_COLUMNS: [&str; 3] = [
    "registry_status",
    "rigid_expenditure_per_capita",
    "sudden_hardship",
];
