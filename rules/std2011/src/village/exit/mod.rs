//! Village exit.

mod incidence;

pub use incidence::VillageIncidence;
