//! Household classification: is the household poor?

include!(concat!(env!("OUT_DIR"), "/household/poor.rs"));
