//! The 1994 8-7 Plan adjustment: counties below 400 yuan join; designated counties stay
//! unless above 700 yuan.

mod income;
mod kept;

pub use income::Designation1994Income;
pub use kept::Designation1994Kept;
