//! County designation of 2001.

pub mod designation;
