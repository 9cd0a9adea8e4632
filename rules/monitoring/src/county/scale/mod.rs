//! The monitoring scale of a county.

include!(concat!(env!("OUT_DIR"), "/county/scale.rs"));
