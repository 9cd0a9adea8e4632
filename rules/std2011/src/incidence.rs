//! Poverty incidence of a village or county (domain.md A4).
//!
//! With household data: persons in households that fail the household exit test, divided by
//! all persons in the unit's households. Without: `poor_population / population`. The ratio
//! is kept exact ([`Measure::Rate`]) and compared with the percentage threshold without
//! rounding.

use fupin_core::decision::Measure;
use fupin_core::units::Tally;

/// The measured incidence and where it came from, or why it cannot be measured.
pub fn measure(
    tally: Option<&Tally>,
    poor_population: Option<i64>,
    population: Option<i64>,
    columns: (&str, &str),
) -> Result<(Measure, String), String> {
    if let Some(t) = tally.filter(|t| t.households > 0) {
        return Ok((
            Measure::Rate {
                num: t.remaining_persons,
                den: t.persons,
            },
            format!(
                "households: {} of {} persons in households that fail the household exit test",
                t.remaining_persons, t.persons
            ),
        ));
    }
    match (poor_population, population) {
        (Some(p), Some(n)) if n > 0 => Ok((
            Measure::Rate { num: p, den: n },
            format!("{}/{} = {p}/{n}", columns.0, columns.1),
        )),
        (Some(_), Some(_)) => Err(format!("`{}` is zero", columns.1)),
        _ => Err(format!(
            "no households in the household data and no `{}` and `{}` values",
            columns.0, columns.1
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn households_take_precedence_over_columns() {
        let t = Tally {
            households: 2,
            persons: 10,
            poor_persons: 3,
            remaining_persons: 1,
            ..Tally::default()
        };
        let (m, basis) = measure(Some(&t), Some(5), Some(100), ("p", "n")).expect("measured");
        assert_eq!(m, Measure::Rate { num: 1, den: 10 });
        assert!(basis.starts_with("households"));
        let (m, _) = measure(None, Some(5), Some(100), ("p", "n")).expect("columns");
        assert_eq!(m, Measure::Rate { num: 5, den: 100 });
        let empty = Tally::default();
        let (m, _) = measure(Some(&empty), Some(5), Some(100), ("p", "n")).expect("fallback");
        assert_eq!(m, Measure::Rate { num: 5, den: 100 });
        assert!(measure(None, None, Some(100), ("p", "n")).is_err());
        assert!(measure(None, Some(0), Some(0), ("p", "n")).is_err());
    }
}
