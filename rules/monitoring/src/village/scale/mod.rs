//! The monitoring scale of a village.

include!(concat!(env!("OUT_DIR"), "/village/scale.rs"));
