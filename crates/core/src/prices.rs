//! Constant prices by chaining the published lines (domain.md A3).
//!
//! NBS indexed each standard's line with its own price index, and no general rural price
//! series for 1985–2010 is available (domain.md §2). So fupin expresses money in another
//! year's prices by chaining the published lines, as NBS indexed them: the 1978-standard
//! series links 1985 to 2000 (206 → 625), the 2008-standard series links 2000 to 2010
//! (865 → 1,274), the 2010-standard series links 2010 onward (2,300 → 2,536 → …). Each
//! registered standard names the segment of years it links ([`StandardInfo::chain`]).
//!
//! The index of a year is exact (a ratio of integers); a conversion says which series it
//! used and whether every value in the chain is confirmed. A year no series covers is an
//! error that says so, never a guess.

use std::fmt;

use num_rational::Ratio;
use serde::Serialize;

use crate::Decimal;
use crate::money::Money;
use crate::params::{ParamValue, ParameterStore};
use crate::rule::StandardInfo;
use crate::standard::{LineError, line_for_year};

/// The name of the index this module computes, as conversions report it.
pub const INDEX_NAME: &str = "chained published poverty lines (docs/sources.md#price-chain)";

/// The name of the index when a conversion also goes past the last published line by a
/// price index (`StandardInfo::price_index`).
pub const INDEX_NAME_WITH_CPI: &str = "chained published poverty lines, then the rural CPI past \
                                       the last line (docs/sources.md#price-chain)";

/// One factor of a chain: a series' value at one year over its value at another, or, past
/// the last published line, a year's price index over the previous year's (`index`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Factor {
    /// The standard whose published series gave the factor, or the price-index parameter.
    pub standard: String,
    /// Numerator year.
    pub to_year: i32,
    /// Denominator year.
    pub from_year: i32,
    /// Numerator value (yuan).
    pub to_line: Money,
    /// Denominator value (yuan).
    pub from_line: Money,
    /// Whether both values are confirmed.
    pub confirmed: bool,
    /// For a price-index factor: the index of `to_year` as a multiple of the previous year's
    /// prices (a published 100.7, previous year = 100, is 1.007); the line fields then hold
    /// nothing (zero).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<Decimal>,
}

impl Factor {
    /// The factor as an exact ratio.
    fn ratio(&self) -> Ratio<i128> {
        match self.index {
            Some(i) => Ratio::new(i.mantissa(), 10i128.pow(i.scale())),
            None => money_ratio(self.to_line, self.from_line),
        }
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(
                f,
                "{} {}/{} = {i}",
                self.standard, self.to_year, self.from_year
            ),
            None => write!(
                f,
                "{} {}/{} = {}/{}",
                self.standard, self.to_year, self.from_year, self.to_line, self.from_line
            ),
        }
    }
}

/// The price level of a year relative to 1985 (the first chained year), exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceLevel {
    /// The year.
    pub year: i32,
    /// Level relative to the chain's first year.
    pub level: Ratio<i128>,
    /// Factors multiplied to reach it from the chain's first year.
    pub factors: Vec<Factor>,
}

/// Why a price level cannot be given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PriceError {
    /// A line is missing or malformed.
    #[error(transparent)]
    Line(#[from] LineError),
    /// No series covers the year.
    #[error(
        "no published line series covers {year}, so it has no price level; years the chain \
         covers: {covered}"
    )]
    NotCovered {
        /// Year asked for.
        year: i32,
        /// Years that have a level.
        covered: String,
    },
}

/// A money amount moved from one price year to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversion {
    /// The amount in the target prices (rounded half away from zero to the fen).
    pub amount: Money,
    /// The price year converted from.
    pub from_year: i32,
    /// The price year converted to.
    pub to_year: i32,
    /// [`INDEX_NAME`], or [`INDEX_NAME_WITH_CPI`] when a factor is a price index.
    pub index: &'static str,
    /// The factors: target level over source level.
    pub factors: Vec<String>,
    /// True when every value in the chain is confirmed.
    pub confirmed: bool,
}

/// The chain over the registered standards.
#[derive(Debug, Clone)]
pub struct PriceChain<'a> {
    params: &'a ParameterStore,
    segments: Vec<StandardInfo>,
}

fn money_ratio(num: Money, den: Money) -> Ratio<i128> {
    Ratio::new(i128::from(num.fen()), i128::from(den.fen()))
}

impl<'a> PriceChain<'a> {
    /// A chain over `standards`, ordered by the first year of their segments.
    pub fn new(params: &'a ParameterStore, standards: &[StandardInfo]) -> Self {
        let mut segments: Vec<StandardInfo> = standards.to_vec();
        segments.sort_by_key(|s| s.chain.0);
        PriceChain { params, segments }
    }

    fn value(&self, s: &StandardInfo, year: i32) -> Option<(Money, bool)> {
        line_for_year(self.params, s.id, s.line_parameter, year)
            .ok()
            .map(|l| (l.line, l.confirmed))
    }

    fn factor(&self, s: &StandardInfo, from: i32, to: i32) -> Option<Factor> {
        let (a, ca) = self.value(s, from)?;
        let (b, cb) = self.value(s, to)?;
        Some(Factor {
            standard: s.id.to_string(),
            to_year: to,
            from_year: from,
            to_line: b,
            from_line: a,
            confirmed: ca && cb,
            index: None,
        })
    }

    /// The level at the start of segment `i` (the product of the earlier segments' links).
    fn segment_start(&self, i: usize) -> Option<(Ratio<i128>, Vec<Factor>)> {
        let mut level = Ratio::from_integer(1);
        let mut factors = Vec::new();
        for s in &self.segments[..i] {
            let end = s.chain.1?;
            let f = self.factor(s, s.chain.0, end)?;
            level *= f.ratio();
            factors.push(f);
        }
        Some((level, factors))
    }

    /// The price level of `year`: through the segment A3 assigns to it, or, when that
    /// series has no value for the year, through another series that has one (the factors
    /// say which).
    pub fn level(&self, year: i32) -> Result<PriceLevel, PriceError> {
        let in_segment =
            |s: &StandardInfo| year >= s.chain.0 && s.chain.1.is_none_or(|e| year <= e);
        let mut order: Vec<usize> = (0..self.segments.len())
            .filter(|&i| in_segment(&self.segments[i]))
            .collect();
        order.extend((0..self.segments.len()).filter(|&i| !in_segment(&self.segments[i])));
        for i in order {
            let s = &self.segments[i];
            let Some((start, mut factors)) = self.segment_start(i) else {
                continue;
            };
            let Some(f) = self.factor(s, s.chain.0, year) else {
                continue;
            };
            let level = start * f.ratio();
            if f.from_year != f.to_year {
                factors.push(f);
            }
            return Ok(PriceLevel {
                year,
                level,
                factors,
            });
        }
        if let Some(l) = self.continued(year) {
            return Ok(l);
        }
        Err(PriceError::NotCovered {
            year,
            covered: self.covered_years().join(", "),
        })
    }

    /// The level of a year after the last published line of the open-ended segment, by its
    /// price index (previous year = 100), one factor per year from the last line on. `None`
    /// when there is no such segment or index, or a year between has no index value.
    fn continued(&self, year: i32) -> Option<PriceLevel> {
        let i = self.segments.iter().position(|s| s.chain.1.is_none())?;
        let s = &self.segments[i];
        let index = self.params.get(s.price_index?).ok()?;
        let last = self
            .params
            .get(s.line_parameter)
            .ok()?
            .values
            .iter()
            .map(|v| i32::from(v.effective.year()))
            .filter(|&y| y < year)
            .max()?;
        let (start, mut factors) = self.segment_start(i)?;
        let f = self.factor(s, s.chain.0, last)?;
        let mut level = start * f.ratio();
        if f.from_year != f.to_year {
            factors.push(f);
        }
        for y in last + 1..=year {
            let v = index
                .values
                .iter()
                .find(|v| i32::from(v.effective.year()) == y)?;
            let ParamValue::Times(p) = v.value else {
                return None;
            };
            let f = Factor {
                standard: index.id.clone(),
                to_year: y,
                from_year: y - 1,
                to_line: Money::ZERO,
                from_line: Money::ZERO,
                confirmed: v.confirmed,
                index: Some(p),
            };
            level *= f.ratio();
            factors.push(f);
        }
        Some(PriceLevel {
            year,
            level,
            factors,
        })
    }

    fn covered_years(&self) -> Vec<String> {
        let mut years: Vec<i32> = Vec::new();
        for s in &self.segments {
            if let Ok(p) = self.params.get(s.line_parameter) {
                years.extend(p.values.iter().map(|v| i32::from(v.effective.year())));
            }
            if s.chain.1.is_none()
                && let Some(Ok(p)) = s.price_index.map(|id| self.params.get(id))
            {
                years.extend(p.values.iter().map(|v| i32::from(v.effective.year())));
            }
        }
        years.sort_unstable();
        years.dedup();
        years.iter().map(i32::to_string).collect()
    }

    /// Express `amount`, in `from` prices, in `to` prices.
    pub fn convert(&self, amount: Money, from: i32, to: i32) -> Result<Conversion, PriceError> {
        let a = self.level(from)?;
        let b = self.level(to)?;
        let r = b.level / a.level;
        let scaled = Ratio::from_integer(i128::from(amount.fen())) * r;
        let fen = scaled.round().to_integer();
        let amount = Money::from_fen(i64::try_from(fen).unwrap_or(i64::MAX));
        let confirmed = a.factors.iter().chain(&b.factors).all(|f| f.confirmed);
        let index = if a
            .factors
            .iter()
            .chain(&b.factors)
            .any(|f| f.index.is_some())
        {
            INDEX_NAME_WITH_CPI
        } else {
            INDEX_NAME
        };
        let mut factors: Vec<String> = Vec::new();
        if from != to {
            factors.push(format!("level({to}) / level({from})"));
            factors.extend(b.factors.iter().map(|f| format!("level({to}): × {f}")));
            factors.extend(a.factors.iter().map(|f| format!("level({from}): × {f}")));
        }
        Ok(Conversion {
            amount,
            from_year: from,
            to_year: to,
            index,
            factors,
            confirmed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[sources.s]
grade = "press"
title = "t"
issuer = "i"
date = "d"

[[parameter]]
id = "a.line"
unit = "yuan"
summary = "1978 standard"
values = [
  { effective = "1985-01-01", value = 206, source = "s" },
  { effective = "2000-01-01", value = 625, source = "s" },
  { effective = "2003-01-01", value = 637, source = "s" },
]

[[parameter]]
id = "b.line"
unit = "yuan"
summary = "2008 standard"
values = [
  { effective = "2000-01-01", value = 865, source = "s" },
  { effective = "2010-01-01", value = 1274, source = "s" },
]

[[parameter]]
id = "c.line"
unit = "yuan"
summary = "2010 standard"
values = [
  { effective = "2010-01-01", value = 2300, source = "s" },
  { effective = "2011-01-01", value = 2536, source = "s", confirmed = false },
]

[[parameter]]
id = "c.cpi"
unit = "times"
summary = "price index, as a multiple of the previous year's prices"
values = [
  { effective = "2012-01-01", value = 1.025, source = "s" },
  { effective = "2013-01-01", value = 0.995, source = "s" },
  { effective = "2015-01-01", value = 1.01, source = "s" },
]
"#;

    fn standards() -> Vec<StandardInfo> {
        let s = |id, line_parameter, chain: (i32, Option<i32>)| StandardInfo {
            id,
            name: id,
            line_parameter,
            base_year: chain.0,
            chain,
            price_index: (id == "c").then_some("c.cpi"),
            summary: "",
        };
        vec![
            s("c", "c.line", (2010, None)),
            s("a", "a.line", (1985, Some(2000))),
            s("b", "b.line", (2000, Some(2010))),
        ]
    }

    fn store() -> ParameterStore {
        let mut p = ParameterStore::new();
        p.load_toml("f", FILE).expect("loads");
        p
    }

    #[test]
    fn the_1985_line_in_2010_prices_chains_two_series() {
        let p = store();
        let st = standards();
        let chain = PriceChain::new(&p, &st);
        // 206 × (625/206) × (1274/865) = 920.5202... → 920.52.
        let c = chain
            .convert(Money::from_yuan(206), 1985, 2010)
            .expect("converts");
        assert_eq!(c.amount, Money::from_fen(92_052));
        assert!(c.confirmed);
        // And back.
        let back = chain
            .convert(Money::from_fen(92_052), 2010, 1985)
            .expect("converts");
        assert_eq!(back.amount, Money::from_yuan(206));
        // 865 (2000) → 1274 (2010) exactly; 2300 (2010) stays.
        assert_eq!(
            chain
                .convert(Money::from_yuan(865), 2000, 2010)
                .expect("c")
                .amount,
            Money::from_yuan(1274)
        );
        assert_eq!(
            chain
                .convert(Money::from_yuan(2300), 2010, 2010)
                .expect("c")
                .amount,
            Money::from_yuan(2300)
        );
    }

    #[test]
    fn a_year_outside_its_segment_uses_another_series_and_says_so() {
        let p = store();
        let st = standards();
        let chain = PriceChain::new(&p, &st);
        // 2003 is in b's segment, but b has no 2003 value: a's series gives 637/206.
        let l = chain.level(2003).expect("level");
        assert_eq!(l.level, Ratio::new(637, 206));
        assert_eq!(l.factors[0].standard, "a");
    }

    #[test]
    fn unconfirmed_values_and_uncovered_years() {
        let p = store();
        let st = standards();
        let chain = PriceChain::new(&p, &st);
        let c = chain
            .convert(Money::from_yuan(2300), 2010, 2011)
            .expect("converts");
        assert_eq!(c.amount, Money::from_yuan(2536));
        assert!(!c.confirmed);
        let e = chain.level(1990).expect_err("1990 is not covered");
        assert!(e.to_string().contains("2012, 2013, 2015"), "{e}");
        assert!(
            e.to_string()
                .contains("no published line series covers 1990"),
            "{e}"
        );
    }

    #[test]
    fn past_the_last_line_the_price_index_continues_the_open_segment() {
        let p = store();
        let st = standards();
        let chain = PriceChain::new(&p, &st);
        // 2012 = level(2011) × 102.5/100; 2013 = × 99.5/100 (an index below 100 lowers it).
        let l11 = chain.level(2011).expect("2011").level;
        let l12 = chain.level(2012).expect("2012");
        assert_eq!(l12.level, l11 * Ratio::new(1025, 1000));
        let f = l12.factors.last().expect("the index factor");
        assert_eq!(f.index, Some(Decimal::new(1025, 3)));
        assert_eq!(f.to_string(), "c.cpi 2012/2011 = 1.025");
        let l13 = chain.level(2013).expect("2013");
        assert_eq!(
            l13.level,
            l11 * Ratio::new(1025, 1000) * Ratio::new(995, 1000)
        );
        // 2,536 (2011) in 2013 prices: 2536 × 1.025 × 0.995 = 2586.403 → 2,586.40; the
        // 2011 line is unconfirmed, so the conversion is too.
        let c = chain
            .convert(Money::from_yuan(2536), 2011, 2013)
            .expect("converts");
        assert_eq!(c.amount, Money::from_fen(258_640));
        assert!(!c.confirmed);
        // The conversion names the index it used: the lines, then the price index.
        assert_eq!(c.index, INDEX_NAME_WITH_CPI);
        let within = chain
            .convert(Money::from_yuan(2300), 2010, 2011)
            .expect("converts");
        assert_eq!(within.index, INDEX_NAME);
        // A year with no index value between (2014) ends the chain, and so does the end of
        // the index: no guess.
        assert!(chain.level(2014).is_err());
        assert!(chain.level(2015).is_err());
        assert!(chain.level(2016).is_err());
        // A closed segment is never continued: b has no index.
        assert!(chain.level(2010).is_ok());
    }
}
