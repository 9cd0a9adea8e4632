//! The five-year transition period after a county exits.

include!(concat!(env!("OUT_DIR"), "/county/transition.rs"));
