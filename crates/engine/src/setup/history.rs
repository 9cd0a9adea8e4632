//! The published national series (`data/history/national.toml`, compiled in): the rural poor
//! population and the poverty incidence by year under each standard, the lines the
//! publications state with them, and the poverty counties' exits by year; each value with its
//! source, the source's grade and a status. [`check`] compares the shipped lines and registry
//! with the series where they overlap.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fupin_core::params::Status;
use fupin_core::params::Unit;
use fupin_core::{Decimal, Grade, Money, ParamValue, ParameterStore, Source};
use serde::{Deserialize, Serialize};

use crate::error::{EngineError, Result};
use crate::setup::registry::RegistryCounty;

/// The bundled series.
pub const BUNDLED: &str = include_str!("../../../../data/history/national.toml");

/// Where the bundled series lives in the repository, for messages.
const ORIGIN: &str = "data/history/national.toml";

/// What a value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Rural poor population at year end, 万人 (10,000 persons).
    PoorPopulation,
    /// Poverty incidence, percent of the rural population.
    IncidencePct,
    /// The line the publication states with its figures, yuan per person per year, current
    /// prices.
    LineYuan,
    /// Poverty counties whose exit was assessed on the year's data.
    CountyExits,
}

impl Quantity {
    /// The name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Quantity::PoorPopulation => "poor_population",
            Quantity::IncidencePct => "incidence_pct",
            Quantity::LineYuan => "line_yuan",
            Quantity::CountyExits => "county_exits",
        }
    }

    /// The parameter unit its values are read as (counts whole, percentages 0-100, yuan
    /// to the fen).
    fn unit_kind(self) -> Unit {
        match self {
            Quantity::PoorPopulation | Quantity::CountyExits => Unit::Count,
            Quantity::IncidencePct => Unit::Percent,
            Quantity::LineYuan => Unit::Yuan,
        }
    }

    /// The unit, in words.
    pub fn unit(self) -> &'static str {
        match self {
            Quantity::PoorPopulation => "10,000 persons",
            Quantity::IncidencePct => "percent",
            Quantity::LineYuan => "yuan",
            Quantity::CountyExits => "counties",
        }
    }
}

/// One published value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    /// Standard id.
    pub standard: String,
    /// Year (year end for populations; the data year for exits).
    pub year: i32,
    /// What it counts.
    pub quantity: Quantity,
    /// The value, exact as written.
    pub value: Decimal,
    /// `confirmed` or `unconfirmed`.
    pub status: Status,
    /// The arithmetic, for a value worked out from confirmed figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// A note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The source's key in the file.
    pub source_key: String,
    /// The source, as text (title, issuer, date, grade, address).
    pub source: String,
    /// The source's grade.
    pub grade: Grade,
}

/// The series and their sources.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// Schema name.
    pub schema: &'static str,
    /// Every value, by standard, quantity and year.
    pub rows: Vec<HistoryRow>,
    /// The sources, by key.
    pub sources: BTreeMap<String, Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    sources: BTreeMap<String, Source>,
    #[serde(default)]
    series: Vec<FileSeries>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSeries {
    standard: String,
    quantity: Quantity,
    values: Vec<FileValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileValue {
    year: i32,
    value: toml::Value,
    source: String,
    #[serde(default = "yes")]
    confirmed: bool,
    #[serde(default)]
    derived: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn yes() -> bool {
    true
}

const STANDARDS: [&str; 3] = ["std1986", "std2001", "std2011"];

/// Parse series text; `origin` names it in errors. Every source needs a grade, every value
/// a known source, a known standard, a number (incidence at most 100, nothing negative), and
/// one value per standard, quantity and year.
pub fn parse(origin: &str, text: &str) -> Result<History> {
    let bad = |m: String| EngineError::Config(format!("{origin}: {m}"));
    let doc: FileDoc = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    for (k, s) in &doc.sources {
        if s.grade == Grade::Unspecified {
            return Err(bad(format!("source `{k}` has no `grade`")));
        }
    }
    let mut rows = Vec::new();
    let mut seen = BTreeSet::new();
    for s in doc.series {
        if !STANDARDS.contains(&s.standard.as_str()) {
            return Err(bad(format!(
                "unknown standard `{}` (one of {})",
                s.standard,
                STANDARDS.join(", ")
            )));
        }
        for v in s.values {
            let at = format!("{} {} {}", s.standard, s.quantity.as_str(), v.year);
            let Some(src) = doc.sources.get(&v.source) else {
                return Err(bad(format!("{at}: unknown source `{}`", v.source)));
            };
            // Read as parameter values are: exact, and in range for the unit.
            let value = match ParamValue::from_toml(s.quantity.unit_kind(), &v.value)
                .map_err(|m| bad(format!("{at}: {m}")))?
            {
                ParamValue::Money(m) => money_yuan(m),
                ParamValue::Percent(d) => d,
                ParamValue::Int(n) => Decimal::from(n),
                other => return Err(bad(format!("{at}: `{other}` is not a number"))),
            };
            if !seen.insert((s.standard.clone(), s.quantity, v.year)) {
                return Err(bad(format!("{at}: given twice")));
            }
            rows.push(HistoryRow {
                standard: s.standard.clone(),
                year: v.year,
                quantity: s.quantity,
                value,
                status: if v.confirmed {
                    Status::Confirmed
                } else {
                    Status::Unconfirmed
                },
                derived: v.derived,
                note: v.note,
                source_key: v.source.clone(),
                source: src.to_string(),
                grade: src.grade,
            });
        }
    }
    rows.sort_by(|a, b| (&a.standard, a.quantity, a.year).cmp(&(&b.standard, b.quantity, b.year)));
    Ok(History {
        schema: "fupin.history.v1",
        rows,
        sources: doc.sources,
    })
}

/// The bundled series, or a series file.
pub fn load(path: Option<&Path>) -> Result<History> {
    match path {
        None => parse(ORIGIN, BUNDLED),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| EngineError::Input(format!("{}: {e}", p.display())))?;
            parse(&p.display().to_string(), &text)
        }
    }
}

/// One comparison of a shipped value with the published one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// What was compared, e.g. `std2001 line 2008` or `county exits 2018`.
    pub what: String,
    /// The published value.
    pub published: Decimal,
    /// What fupin ships (`None`: it ships no value for that year).
    pub shipped: Option<Decimal>,
    /// Whether they agree (a year fupin ships no value for is not a disagreement).
    pub agrees: bool,
    /// Where the shipped value comes from.
    pub shipped_from: String,
}

/// Compare the shipped lines (`<standard>.line`, the value effective in the year) and the
/// registry's exits by year with the series where they overlap.
pub fn check(h: &History, params: &ParameterStore, registry: &[RegistryCounty]) -> Vec<Agreement> {
    let mut out = Vec::new();
    let mut exits: BTreeMap<i32, i64> = BTreeMap::new();
    for c in registry {
        *exits.entry(c.exit_year).or_default() += 1;
    }
    for r in &h.rows {
        match r.quantity {
            Quantity::LineYuan => {
                let id = format!("{}.line", r.standard);
                let shipped = params.get(&id).ok().and_then(|p| {
                    p.values
                        .iter()
                        .find(|v| v.effective.year() == r.year as i16)
                        .and_then(|v| match v.value {
                            fupin_core::ParamValue::Money(m) => Some(money_yuan(m)),
                            _ => None,
                        })
                });
                out.push(Agreement {
                    what: format!("{} line {}", r.standard, r.year),
                    published: r.value,
                    shipped,
                    agrees: shipped.is_none_or(|s| s == r.value),
                    shipped_from: format!("parameter `{id}`"),
                });
            }
            Quantity::CountyExits => {
                let shipped = exits.get(&r.year).map(|n| Decimal::from(*n));
                out.push(Agreement {
                    what: format!("county exits {}", r.year),
                    published: r.value,
                    shipped,
                    agrees: shipped == Some(r.value),
                    shipped_from: "the registry of the 832 (exit_year)".into(),
                });
            }
            Quantity::PoorPopulation | Quantity::IncidencePct => {}
        }
    }
    out
}

fn money_yuan(m: Money) -> Decimal {
    Decimal::new(m.fen(), 2).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_series_loads_with_every_standard_and_quantity() {
        let h = load(None).expect("bundled");
        for s in STANDARDS {
            for q in [Quantity::PoorPopulation, Quantity::IncidencePct] {
                assert!(
                    h.rows.iter().any(|r| r.standard == s && r.quantity == q),
                    "{s} {q:?}"
                );
            }
        }
        // Spot values (domain: 98.99 million and 10.2% at the end of 2012; 5.51 million and
        // 0.6% at the end of 2019).
        let get = |s: &str, q: Quantity, y: i32| {
            h.rows
                .iter()
                .find(|r| r.standard == s && r.quantity == q && r.year == y)
                .map(|r| r.value)
        };
        assert_eq!(
            get("std2011", Quantity::PoorPopulation, 2012),
            Some(Decimal::from(9899))
        );
        assert_eq!(
            get("std2011", Quantity::IncidencePct, 2012),
            Some(Decimal::new(102, 1))
        );
        assert_eq!(
            get("std2011", Quantity::PoorPopulation, 2019),
            Some(Decimal::from(551))
        );
        assert_eq!(
            get("std2011", Quantity::IncidencePct, 2019),
            Some(Decimal::new(6, 1))
        );
        assert!(h.rows.iter().all(|r| h.sources.contains_key(&r.source_key)));
    }

    #[test]
    fn bad_files_are_refused_with_the_place() {
        let base = "[sources.s]\ntitle = \"t\"\nissuer = \"i\"\ndate = \"2020\"\ngrade = \"press\"\n\n\
                    [[series]]\nstandard = \"std2011\"\nquantity = \"incidence_pct\"\n\
                    values = [{ year = 2019, value = 0.6, source = \"s\" }]\n";
        assert!(parse("f", base).is_ok());
        for (from, to, expect) in [
            ("value = 0.6", "value = 100.5", "outside 0-100"),
            ("value = 0.6", "value = -1", "outside 0-100"),
            ("value = 0.6", "value = \"x\"", "not a percentage"),
            ("value = 0.6", "value = true", "expected a percent value"),
            ("source = \"s\"", "source = \"t\"", "unknown source"),
            ("std2011", "std2099", "unknown standard"),
            ("grade = \"press\"\n", "", "no `grade`"),
            ("incidence_pct", "headcount", "unknown variant"),
        ] {
            let text = base.replacen(from, to, 1);
            let err = parse("f", &text).expect_err(expect).to_string();
            assert!(
                err.contains(expect) && err.starts_with("f:"),
                "{from}: {err}"
            );
        }
        let twice = base.replace(
            "{ year = 2019, value = 0.6, source = \"s\" }",
            "{ year = 2019, value = 0.6, source = \"s\" }, { year = 2019, value = 0.7, source = \"s\" }",
        );
        assert!(
            parse("f", &twice)
                .expect_err("twice")
                .to_string()
                .contains("given twice")
        );
    }
}
