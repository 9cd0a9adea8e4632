//! Output: rendering (`report`) and files written whole or not at all (`files`).

pub mod decisions;
pub mod files;
pub mod report;

pub use files::{Dest, Outputs, Staged, remove_temporaries, write_stdout};
