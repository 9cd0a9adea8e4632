//! The 2001 key counties by the "631" method.

include!(concat!(env!("OUT_DIR"), "/county/designation.rs"));
