//! The risks that make a target household monitored (any one suffices).

pub(crate) mod income;
mod rigid_expenditure;
mod sudden_hardship;

pub use income::RiskIncome;
pub use rigid_expenditure::RiskRigidExpenditure;
pub use sudden_hardship::RiskSuddenHardship;
