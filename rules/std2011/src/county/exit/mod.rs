//! County exit: every indicator a veto.

include!(concat!(env!("OUT_DIR"), "/county/exit.rs"));
