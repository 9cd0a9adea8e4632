//! The risks that make a target household monitored (any one suffices).

include!(concat!(env!("OUT_DIR"), "/household/risk.rs"));
