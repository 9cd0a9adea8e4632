//! The monitoring scale of a village.

mod share;

pub use share::VillageScale;
