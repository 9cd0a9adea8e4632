//! Values as messages show them: cut to a readable length and with control characters
//! escaped, so that a 50 MB field or a NUL byte never reaches a terminal whole.

use std::fmt::Write;

/// Characters of a value shown in a message before it is cut.
pub const SHOWN_CHARS: usize = 60;

/// A value for a message, in backticks: control characters escaped (`\n`, `\u{0}`), cut
/// after [`SHOWN_CHARS`] characters with the full length given.
pub fn quote(s: &str) -> String {
    let mut out = String::from("`");
    let mut cut = false;
    for (n, c) in s.chars().enumerate() {
        if n == SHOWN_CHARS {
            cut = true;
            break;
        }
        match c {
            '`' => out.push('\''),
            c if c.is_control() => {
                let _ = write!(out, "{}", c.escape_default());
            }
            c => out.push(c),
        }
    }
    out.push('`');
    if cut {
        let _ = write!(
            out,
            "… ({} characters, {} bytes in all)",
            s.chars().count(),
            s.len()
        );
    }
    out
}
