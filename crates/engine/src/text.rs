//! Values as messages show them: cut to a readable length and with control characters
//! escaped, so that a 50 MB field or a NUL byte never reaches a terminal whole.

use std::fmt::Write;

pub use fupin_core::text::{SHOWN_CHARS, quote};

/// Bytes for a message: as text when they are UTF-8, else as escaped bytes.
pub fn quote_bytes(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => quote(s),
        Err(_) => {
            let head: String = b
                .iter()
                .take(SHOWN_CHARS)
                .flat_map(|c| std::ascii::escape_default(*c))
                .map(char::from)
                .collect();
            if b.len() > SHOWN_CHARS {
                format!("`{head}`… ({} bytes in all)", b.len())
            } else {
                format!("`{head}`")
            }
        }
    }
}

/// An I/O error as a message (without Rust's ` (os error N)` suffix for common cases).
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::StorageFull => "no space left on device".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

/// Make any message safe for a terminal: control characters other than a line end are
/// escaped, and a message longer than 4,000 characters is cut.
pub fn sanitize(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(4096));
    for (n, c) in msg.chars().enumerate() {
        if n == 4000 {
            let _ = write!(out, "… (message cut: {} bytes in all)", msg.len());
            break;
        }
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "{}", c.escape_default());
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_with_their_length_and_controls_escaped() {
        let big = "9".repeat(50 << 20);
        let q = quote(&big);
        assert!(q.len() < 200, "{}", q.len());
        assert!(q.contains("52428800 characters"), "{q}");
        assert_eq!(quote("a\0b\x1b[31m"), "`a\\u{0}b\\u{1b}[31m`");
        assert_eq!(quote("县"), "`县`");
        assert_eq!(quote_bytes(b"\xff\x00a"), "`\\xff\\x00a`");
        assert_eq!(sanitize("x\u{7}y\nz"), "x\\u{7}y\nz");
        assert!(sanitize(&"é".repeat(10_000)).len() < 9_000);
    }
}
