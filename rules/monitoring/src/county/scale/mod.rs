//! The monitoring scale of a county.

mod share;

pub use share::CountyScale;
