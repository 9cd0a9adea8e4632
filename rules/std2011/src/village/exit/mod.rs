//! Village exit.

include!(concat!(env!("OUT_DIR"), "/village/exit.rs"));
