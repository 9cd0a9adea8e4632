//! The names a poverty standard goes by. fupin's ids (`std1986`, `std2001`, `std2011`) name
//! the year a standard's rules were first applied; NBS names the same three standards by
//! the base year of their series (domain.md §1.0: "1978年标准", "2008年标准", "2010年标准",
//! the last "即现行…", the current standard; glossary.md). Wherever a standard is named
//! (`--standard` of `history`, `lines`, `measures`), the ids and these names are accepted;
//! outputs always give the id.

/// Each standard's id with the other names it is accepted by. Compared after trimming,
/// with ASCII letters in any case and runs of spaces as one.
pub const NAMES: [(&str, &[&str]); 3] = [
    (
        "std1986",
        &["1978", "1978 standard", "std1978", "1978年标准"],
    ),
    (
        "std2001",
        &["2008", "2008 standard", "std2008", "2008年标准"],
    ),
    (
        "std2011",
        &["2010", "2010 standard", "std2010", "2010年标准", "现行标准"],
    ),
];

/// The id of the standard `name` names, among the registered ids `known`: an id as it is,
/// or one of its names ([`NAMES`]). An unknown name is refused, listing every accepted name.
pub fn resolve(name: &str, known: &[&str]) -> Result<String, String> {
    let wanted = normalise(name);
    let named = NAMES
        .iter()
        .filter(|(id, _)| known.contains(id))
        .find(|(id, names)| normalise(id) == wanted || names.iter().any(|n| normalise(n) == wanted))
        .map(|(id, _)| *id);
    // A registered standard with no other name (a plugin's) is named by its id alone.
    match named.or_else(|| known.iter().copied().find(|k| normalise(k) == wanted)) {
        Some(id) => Ok(id.to_string()),
        None => Err(refusal(name, known)),
    }
}

/// [`resolve`] for each name, in order, each id once.
pub fn resolve_all(names: &[String], known: &[&str]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let id = resolve(n, known)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// The refusal: the name, then every accepted name by standard.
fn refusal(name: &str, known: &[&str]) -> String {
    let list: Vec<String> = known
        .iter()
        .map(|id| match NAMES.iter().find(|(n, _)| n == id) {
            Some((_, names)) => format!("{id} ({})", names.join(", ")),
            None => (*id).to_string(),
        })
        .collect();
    format!(
        "unknown standard {} (accepted: {})",
        crate::text::quote(name),
        list.join("; ")
    )
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 3] = ["std1986", "std2001", "std2011"];

    #[test]
    fn every_name_resolves_to_its_id() {
        for (name, id) in [
            ("std1986", "std1986"),
            ("1978", "std1986"),
            ("1978 standard", "std1986"),
            ("std1978", "std1986"),
            ("1978年标准", "std1986"),
            ("std2001", "std2001"),
            ("2008", "std2001"),
            ("2008 standard", "std2001"),
            ("std2008", "std2001"),
            ("2008年标准", "std2001"),
            ("std2011", "std2011"),
            ("2010", "std2011"),
            ("2010 standard", "std2011"),
            ("std2010", "std2011"),
            ("2010年标准", "std2011"),
            ("现行标准", "std2011"),
            // Case, surrounding spaces and runs of spaces do not matter.
            ("  STD2008 ", "std2001"),
            ("2010   Standard", "std2011"),
        ] {
            assert_eq!(resolve(name, &KNOWN).as_deref(), Ok(id), "{name}");
        }
        // The table itself: every listed name resolves to its own id.
        for (id, names) in NAMES {
            for n in names.iter().chain([&id]) {
                assert_eq!(resolve(n, &KNOWN).as_deref(), Ok(id), "{n}");
            }
        }
    }

    #[test]
    fn an_unknown_name_is_refused_with_every_accepted_name() {
        for name in ["std1999", "1986", "2011", "2001", "贫困标准", ""] {
            let err = resolve(name, &KNOWN).expect_err(name);
            assert!(
                err.starts_with(&format!("unknown standard `{name}`")),
                "{err}"
            );
            for (id, names) in NAMES {
                assert!(err.contains(id), "{err}");
                for n in names {
                    assert!(err.contains(n), "{n}: {err}");
                }
            }
        }
    }

    #[test]
    fn only_registered_standards_are_named() {
        // A standard that is not registered is refused under any of its names; a
        // registered one with no other names is named by its id.
        assert!(resolve("2008年标准", &["std2011"]).is_err());
        assert_eq!(resolve("stdX", &["std2011", "stdX"]).as_deref(), Ok("stdX"));
        let err = resolve("nope", &["std2011", "stdX"]).expect_err("unknown");
        assert!(
            err.ends_with(
                "(accepted: std2011 (2010, 2010 standard, std2010, 2010年标准, 现行标准); stdX)"
            ),
            "{err}"
        );
    }

    #[test]
    fn names_are_resolved_in_order_each_once() {
        let names: Vec<String> = ["2010年标准", "std1978", "std2011", "现行标准"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            resolve_all(&names, &KNOWN),
            Ok(vec!["std2011".to_string(), "std1986".to_string()])
        );
    }
}
