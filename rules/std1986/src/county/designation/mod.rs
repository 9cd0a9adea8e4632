//! The 1986 designation and the 1988 pastoral batch.

include!(concat!(env!("OUT_DIR"), "/county/designation.rs"));
