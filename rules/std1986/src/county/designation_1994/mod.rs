//! The 1994 8-7 Plan adjustment: counties below 400 yuan join; designated counties stay
//! unless above 700 yuan.

include!(concat!(env!("OUT_DIR"), "/county/designation_1994.rs"));
