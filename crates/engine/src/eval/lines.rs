//! The published poverty lines of the standards, in current prices or moved to one price
//! year by the chain of published lines (domain.md A3): `fupin lines`.

use fupin_core::prices::PriceChain;
use fupin_core::rule::{all_standards, registered_parameters};
use fupin_core::standard::{LineValue, line_series};

use crate::error::Result;

/// Which lines to list.
#[derive(Debug, Clone, Default)]
pub struct LinesQuery {
    /// Standards (empty: all registered).
    pub standards: Vec<String>,
    /// First year.
    pub from: Option<i32>,
    /// Last year.
    pub to: Option<i32>,
    /// `None`: current prices; else the price year to move every line to.
    pub prices: Option<i32>,
}

/// The lines a query asks for, one row per standard and year.
pub fn lines(q: &LinesQuery) -> Result<Vec<LineRow>> {
    if let (Some(f), Some(t)) = (q.from, q.to)
        && f > t
    {
        return Err(crate::EngineError::Config(format!(
            "--from {f} is after --to {t}: give the earlier year first"
        )));
    }
    let params = registered_parameters().map_err(|e| crate::EngineError::Config(e.to_string()))?;
    let standards = all_standards();
    let known: Vec<&str> = standards.iter().map(|k| k.id).collect();
    let wanted = crate::setup::standards::resolve_all(&q.standards, &known)
        .map_err(|m| crate::EngineError::Config(format!("--standard: {m}")))?;
    let prices = q.prices;
    let chain = PriceChain::new(&params, &standards);
    let mut rows = Vec::new();
    for s in standards
        .iter()
        .filter(|s| wanted.is_empty() || wanted.iter().any(|x| x == s.id))
    {
        let series = line_series(&params, s.id, s.line_parameter)
            .map_err(|e| crate::EngineError::Config(e.to_string()))?;
        for v in series {
            if q.from.is_some_and(|f| v.year < f) || q.to.is_some_and(|t| v.year > t) {
                continue;
            }
            rows.push(match prices {
                None => line_row(&v, "current".into(), None, v.confirmed),
                Some(p) => {
                    let c = chain
                        .convert(v.line, v.price_year, p)
                        .map_err(|e| crate::EngineError::Config(format!("--prices {p}: {e}")))?;
                    let mut moved = v.clone();
                    moved.line = c.amount;
                    let mut row = line_row(
                        &moved,
                        p.to_string(),
                        Some(c.index.to_string()),
                        v.confirmed && c.confirmed,
                    );
                    row.factors = c.factors;
                    row
                }
            });
        }
    }
    if rows.is_empty() {
        return Err(crate::EngineError::Config(format!(
            "no published line from {} to {} (`fupin lines` without --from and --to lists every year)",
            q.from
                .map_or("the first year".to_string(), |y| y.to_string()),
            q.to.map_or("the last year".to_string(), |y| y.to_string()),
        )));
    }
    Ok(rows)
}

/// One row of `fupin lines` (design.md §5: standard, year, line, prices, confirmed; the rest
/// are additions).
#[derive(Debug, Clone, serde::Serialize)]
pub struct LineRow {
    /// Standard id.
    pub standard: String,
    /// Year of the line.
    pub year: i32,
    #[serde(serialize_with = "yuan")]
    /// The line, yuan per person per year, in `prices`.
    pub line: fupin_core::Money,
    /// `current`, or the price year the line was moved to.
    pub prices: String,
    /// Whether the sources confirm the value (and every value of the chain that moved it).
    pub confirmed: bool,
    /// The income concept (net or disposable income).
    pub concept: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The price index that moved the line, when moved.
    pub index: Option<String>,
    /// The chain's factors (addition): which published values moved the line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<String>,
    /// The parameter holding the published line.
    pub parameter: String,
    /// Its source.
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// A note on the value.
    pub note: Option<String>,
}

fn yuan<S: serde::Serializer>(m: &fupin_core::Money, s: S) -> std::result::Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&fupin_core::decision::Measure::Money(*m), s)
}

fn line_row(v: &LineValue, prices: String, index: Option<String>, confirmed: bool) -> LineRow {
    LineRow {
        standard: v.standard.clone(),
        year: v.year,
        line: v.line,
        prices,
        confirmed,
        concept: v.concept.clone(),
        index,
        factors: Vec::new(),
        parameter: v.parameter.to_string(),
        source: v.source.to_string(),
        note: v.note.clone(),
    }
}
