//! The 1986 designation and the 1988 pastoral batch.

mod income;
mod pastoral_1988;

pub use income::Designation1986Income;
pub use pastoral_1988::Designation1988Pastoral;
