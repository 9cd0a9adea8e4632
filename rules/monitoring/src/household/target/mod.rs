//! Which households the monitoring is for.

mod registry_status;

pub use registry_status::TargetStatus;
