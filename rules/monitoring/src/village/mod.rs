//! Village rules after 2020.

pub mod scale;
