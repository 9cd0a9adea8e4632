//! County rules after 2020: the monitoring scale and the transition period.

pub mod scale;
pub mod transition;
