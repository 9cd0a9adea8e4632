//! Cell values read the same way from every table and format.

/// A boolean cell: `true`/`false` in any case, or `1`/`0`.
pub(crate) fn parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" => Ok(true),
        "0" => Ok(false),
        _ if s.eq_ignore_ascii_case("true") => Ok(true),
        _ if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(format!(
            "{} is not a boolean (true, false, 1, 0)",
            crate::text::quote(s)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bool;

    #[test]
    fn booleans_in_any_case_and_digits() {
        for (s, v) in [("1", true), ("0", false), ("TRUE", true), ("False", false)] {
            assert_eq!(parse_bool(s), Ok(v), "{s}");
        }
        for s in ["yes", "", "2", " true"] {
            assert!(parse_bool(s).is_err(), "{s}");
        }
    }
}
