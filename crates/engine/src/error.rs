//! Engine errors, split by the exit status the contract gives them (design.md §5).

use fupin_core::rule::RuleError;

/// What went wrong, by kind: bad input data (exit 1) or usage/configuration (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// Bad input data: a file, row and column are named in the message.
    #[error("{0}")]
    Input(String),
    /// Bad usage or configuration: an unreadable or invalid profile, an unknown rule or
    /// parameter; the file and TOML key (with its line) are named in the message.
    #[error("{0}")]
    Config(String),
}

impl EngineError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            EngineError::Input(_) => 1,
            EngineError::Config(_) => 2,
        }
    }
}

impl From<RuleError> for EngineError {
    fn from(e: RuleError) -> Self {
        match e {
            RuleError::Param { .. } => EngineError::Config(e.to_string()),
            RuleError::Input { .. } => EngineError::Input(e.to_string()),
        }
    }
}

/// Shorthand.
pub type Result<T, E = EngineError> = std::result::Result<T, E>;
