//! County designation: the 1986 round with the 1988 pastoral batch (`designation`) and the
//! 1994 8-7 Plan adjustment (`designation_1994`).

pub mod designation;
pub mod designation_1994;
