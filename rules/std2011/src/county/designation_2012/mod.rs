//! The 2012 adjustment of the key counties and the contiguous areas.

mod contiguous_area;
mod key_county;

pub use contiguous_area::ContiguousArea2012;
pub use key_county::KeyCounty2012;
