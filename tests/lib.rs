//! Cross-crate and snapshot tests live in `tests/tests/`; CLI tests of the real binary live
//! in `crates/cli/tests/` (cargo gives a binary's path only to its own package's tests).
