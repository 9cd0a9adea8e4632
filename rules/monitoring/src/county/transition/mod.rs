//! The five-year transition period after a county exits.

mod period;

pub use period::{TransitionPeriod, YEARS};
