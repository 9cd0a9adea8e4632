//! Cross-crate, CLI and snapshot tests live in `tests/tests/`.
