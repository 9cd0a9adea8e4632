//! Rule selection: `select` and `ignore` globs over rule ids (Ruff's precedence).
//!
//! - A rule matched by no selector is selected when `select` is empty, else not.
//! - Otherwise the most specific matching selector decides: specificity is the number of
//!   literal (non-wildcard) characters, so an exact id beats `std2011.county.*`, which beats
//!   `std2011.*`.
//! - At equal specificity `ignore` beats `select`.

use glob::Pattern;

/// A compiled selector.
#[derive(Debug, Clone)]
pub struct Selector {
    /// The text as written.
    pub text: String,
    pattern: Pattern,
    specificity: usize,
}

impl Selector {
    /// Compile a glob; the error says what is wrong with it.
    pub fn new(text: &str) -> Result<Selector, String> {
        let pattern = Pattern::new(text).map_err(|e| format!("`{text}` is not a glob: {e}"))?;
        let specificity = text
            .chars()
            .filter(|c| !matches!(c, '*' | '?' | '[' | ']'))
            .count();
        Ok(Selector {
            text: text.to_string(),
            pattern,
            specificity,
        })
    }

    /// Whether the selector matches a rule id.
    pub fn matches(&self, id: &str) -> bool {
        self.pattern.matches(id)
    }
}

/// Whether a rule is selected under `select` and `ignore`.
pub fn is_selected(id: &str, select: &[Selector], ignore: &[Selector]) -> bool {
    let best = |list: &[Selector]| {
        list.iter()
            .filter(|s| s.matches(id))
            .map(|s| s.specificity)
            .max()
    };
    match (best(select), best(ignore)) {
        (None, None) => select.is_empty(),
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (Some(s), Some(i)) => s > i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(list: &[&str]) -> Vec<Selector> {
        list.iter()
            .map(|s| Selector::new(s).expect("glob"))
            .collect()
    }

    const ID: &str = "std2011.county.exit.notice_held";

    #[test]
    fn no_selectors_selects_everything() {
        assert!(is_selected(ID, &[], &[]));
    }

    #[test]
    fn a_select_list_excludes_unmatched_rules() {
        assert!(!is_selected(ID, &sel(&["std2011.household.*"]), &[]));
        assert!(is_selected(ID, &sel(&["std2011.county.*"]), &[]));
    }

    #[test]
    fn ignore_beats_select_at_equal_specificity() {
        assert!(!is_selected(
            ID,
            &sel(&["std2011.county.*"]),
            &sel(&["std2011.county.*"])
        ));
    }

    #[test]
    fn more_specific_select_beats_broader_ignore() {
        assert!(is_selected(ID, &sel(&[ID]), &sel(&["std2011.county.*"])));
    }

    #[test]
    fn more_specific_ignore_beats_broader_select() {
        assert!(!is_selected(
            ID,
            &sel(&["std2011.*"]),
            &sel(&["std2011.county.exit.notice_*"])
        ));
    }

    #[test]
    fn ignore_alone_removes_only_what_it_matches() {
        let ignore = sel(&["*.notice_*"]);
        assert!(!is_selected(ID, &[], &ignore));
        assert!(is_selected("std2011.county.exit.incidence", &[], &ignore));
    }
}
