//! The 2012 adjustment of the key counties and the contiguous areas.

include!(concat!(env!("OUT_DIR"), "/county/designation_2012.rs"));
