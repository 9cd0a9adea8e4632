//! County designation variants.

pub mod designation;
