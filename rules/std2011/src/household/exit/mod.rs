//! The 2016 household exit test: income above the line and the two assurances and three
//! guarantees (两不愁三保障), each a veto.

mod basic_medical;
mod compulsory_education;
mod food_clothing;
mod income;
mod safe_housing;
mod safe_water;

pub use basic_medical::HouseholdBasicMedical;
pub use compulsory_education::HouseholdCompulsoryEducation;
pub use food_clothing::HouseholdFoodClothing;
pub use income::HouseholdExitIncome;
pub use safe_housing::HouseholdSafeHousing;
pub use safe_water::HouseholdSafeWater;
