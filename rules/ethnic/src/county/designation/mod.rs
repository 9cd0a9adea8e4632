//! The 1986 relaxations and the 2017 deep-poverty areas.

include!(concat!(env!("OUT_DIR"), "/county/designation.rs"));
