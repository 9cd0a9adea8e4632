//! Evaluation: a plan over validated tables. `assess` (one scan for several plans; household
//! kernels, tallies, village and county rules), and the views built on it: `compare`,
//! `sweep`, `measures`, `tabulate`.

pub mod assess;
pub mod compare;
mod household_summary;
mod households;
pub mod lines;
pub mod measures;
pub mod model;
pub mod partial;
pub mod sweep;
pub mod tabulate;
mod units;
