//! Household classification: is the household poor?

mod income;

pub use income::HouseholdPoor;
