//! The 2016 household exit test: income above the line and the two assurances and three
//! guarantees (两不愁三保障), each a veto.

include!(concat!(env!("OUT_DIR"), "/household/exit.rs"));
