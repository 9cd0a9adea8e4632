//! Which households the monitoring is for.

include!(concat!(env!("OUT_DIR"), "/household/target.rs"));
