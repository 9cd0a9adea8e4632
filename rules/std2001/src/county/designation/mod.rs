//! The 2001 key counties by the "631" method.

mod key_county;

pub use key_county::KeyCounty2001;
