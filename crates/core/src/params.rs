//! Dated parameters: every threshold the rules compare with, as data with its source.
//!
//! A parameter has one id in a single dotted namespace
//! (`std2011.exit.county.max_incidence_pct.west`), a unit from a closed list, and a list of
//! dated values. Each value has an effective date, optionally a publication date, a source
//! {title, issuer, date, url} and a confirmation status: values that domain.md marks
//! UNCONFIRMED are stored with `confirmed = false` and every check that uses them says so.
//!
//! Parameter files are TOML; unknown keys are errors (schema-checked through serde's
//! `deny_unknown_fields`), and so are unknown sources, unit mismatches and duplicate dates.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::decision::Measure;

use crate::money::Money;
pub use crate::source::{Grade, Source, SourceCopy};
/// Raw TOML values, as overrides take them (re-exported so rule crates need no `toml`).
pub use toml::Value as TomlValue;

/// The closed list of parameter units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Yuan (money, exact to the fen), optionally at a stated price year.
    Yuan,
    /// Percent: 2.5 means 2.5%.
    Percent,
    /// Days.
    Days,
    /// Years (a length of time).
    Years,
    /// A calendar year (the income year a rule reads).
    Year,
    /// A whole number of things (persons, objections, counties).
    Count,
    /// Yes or no.
    Bool,
    /// A multiple (1.5 means one and a half times), exact, at least 0.
    Times,
}

impl Unit {
    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::Percent => "percent",
            Unit::Days => "days",
            Unit::Years => "years",
            Unit::Year => "year",
            Unit::Count => "count",
            Unit::Bool => "bool",
            Unit::Times => "times",
        }
    }
}

/// A typed parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// Money, exact.
    Money(Money),
    /// A percentage.
    Percent(Decimal),
    /// Days, years or a count.
    Int(i64),
    /// Yes or no.
    Bool(bool),
    /// A multiple (addition: `times`), exact.
    Times(Decimal),
}

impl ParamValue {
    /// The value as a [`Measure`] for a check.
    pub fn to_measure(&self) -> Measure {
        match self {
            ParamValue::Money(m) => Measure::Money(*m),
            ParamValue::Percent(p) => Measure::Percent(*p),
            ParamValue::Int(n) => Measure::Count(*n),
            ParamValue::Bool(b) => Measure::Bool(*b),
            // A multiple is shown as the percentage it is (1.5 → 150%).
            ParamValue::Times(t) => Measure::Percent(*t * Decimal::from(100)),
        }
    }

    /// Parse a raw TOML value as a value of `unit`.
    pub fn from_toml(unit: Unit, raw: &toml::Value) -> Result<ParamValue, String> {
        let text = match raw {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            // A float is read through its shortest decimal text, which is what was written.
            toml::Value::Float(f) if f.is_finite() => format!("{f}"),
            toml::Value::Boolean(b) if unit == Unit::Bool => return Ok(ParamValue::Bool(*b)),
            other => {
                return Err(format!(
                    "expected a {} value, found {}",
                    unit.as_str(),
                    other.type_str()
                ));
            }
        };
        Self::parse(unit, &text)
    }

    /// Parse a value of `unit` from text.
    pub fn parse(unit: Unit, text: &str) -> Result<ParamValue, String> {
        let t = text.trim();
        match unit {
            Unit::Yuan => {
                let m = t.parse::<Money>().map_err(|e| e.to_string())?;
                if m < Money::ZERO {
                    return Err(format!(
                        "{t} yuan is negative: an amount of money here is at least 0"
                    ));
                }
                Ok(ParamValue::Money(m))
            }
            Unit::Percent => {
                // Exactly as written: a value that would round or underflow (1e-40) is refused.
                let d = Decimal::from_str_exact(t).map_err(|e| match e {
                    rust_decimal::Error::Underflow
                    | rust_decimal::Error::ExceedsMaximumPossibleValue => {
                        format!("`{t}` cannot be kept exactly (at most 28 decimal places)")
                    }
                    _ => format!("`{t}` is not a percentage"),
                })?;
                if d.is_sign_negative() || d > Decimal::from(100) {
                    return Err(format!("{t}% is outside 0-100"));
                }
                Ok(ParamValue::Percent(d))
            }
            Unit::Times => {
                let d = Decimal::from_str_exact(t).map_err(|_| {
                    format!("`{t}` is not an exact multiple (a decimal number such as 1.5)")
                })?;
                if d.is_sign_negative() {
                    return Err(format!("{t} is negative: a multiple here is at least 0"));
                }
                Ok(ParamValue::Times(d))
            }
            Unit::Year => {
                let y: i64 = t.parse().map_err(|_| format!("`{t}` is not a year"))?;
                if !(1978..=2100).contains(&y) {
                    return Err(format!("{y} is not a year between 1978 and 2100"));
                }
                Ok(ParamValue::Int(y))
            }
            Unit::Days | Unit::Years | Unit::Count => {
                let n: i64 = t
                    .parse()
                    .map_err(|_| format!("`{t}` is not a whole number"))?;
                if n < 0 {
                    return Err(format!("{n} is negative"));
                }
                Ok(ParamValue::Int(n))
            }
            Unit::Bool => match t {
                "true" => Ok(ParamValue::Bool(true)),
                "false" => Ok(ParamValue::Bool(false)),
                _ => Err(format!("`{t}` is not true or false")),
            },
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Money(m) => write!(f, "{m} yuan"),
            ParamValue::Percent(p) => write!(f, "{}%", p.normalize()),
            ParamValue::Int(n) => write!(f, "{n}"),
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Times(t) => write!(f, "{}×", t.normalize()),
        }
    }
}

/// One dated value of a parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatedValue {
    /// The date from which the value applies.
    pub effective: Date,
    /// The date the value was published, when it differs from the effective date.
    pub published: Option<Date>,
    /// The value.
    pub value: ParamValue,
    /// Price year of a money value (the 2011 standard's 2,300 yuan is at 2010 prices).
    pub price_year: Option<i16>,
    /// Income concept of a poverty line: `net` (纯收入) or `disposable` (可支配收入).
    pub concept: Option<String>,
    /// The source's key.
    pub source: String,
    /// False where domain.md marks the value UNCONFIRMED.
    pub confirmed: bool,
    /// A note (why unconfirmed, approximations).
    pub note: Option<String>,
    /// Set when the value is fupin's reading of a text that allows others: the reading,
    /// and the alternatives with how to choose them (status `reading`).
    pub reading: Option<String>,
}

impl DatedValue {
    /// `unconfirmed`, `reading` or `confirmed`.
    pub fn status(&self) -> Status {
        if !self.confirmed {
            Status::Unconfirmed
        } else if self.reading.is_some() {
            Status::Reading
        } else {
            Status::Confirmed
        }
    }
}

/// How far the sources carry a value or a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read in the sources (quoted or closely paraphrased).
    Confirmed,
    /// The text is in the sources, but it allows more than one reading and fupin takes one
    /// (named, with the alternatives, where it is used).
    Reading,
    /// Not found in the sources consulted: a placeholder.
    Unconfirmed,
}

impl Status {
    /// The name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reading => "reading",
            Status::Unconfirmed => "unconfirmed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parameter with its dated values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// Dotted id.
    pub id: String,
    /// Unit.
    pub unit: Unit,
    /// One-line description.
    pub summary: String,
    /// Values sorted by effective date.
    pub values: Vec<DatedValue>,
    /// Where the parameter was defined (a file path or a profile).
    pub origin: String,
}

/// A parameter value resolved at a date, with its source.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    /// The parameter.
    pub param: &'a Parameter,
    /// The value in force.
    pub value: &'a DatedValue,
    /// Its source.
    pub source: &'a Source,
}

impl Resolved<'_> {
    /// The money value, or an error naming the parameter.
    pub fn money(&self) -> Result<Money, ParamError> {
        match self.value.value {
            ParamValue::Money(m) => Ok(m),
            _ => Err(self.wrong_type("yuan")),
        }
    }

    /// The multiple.
    pub fn times(&self) -> Result<Decimal, ParamError> {
        match self.value.value {
            ParamValue::Times(t) => Ok(t),
            _ => Err(self.wrong_type("times")),
        }
    }

    /// The percent value.
    pub fn percent(&self) -> Result<Decimal, ParamError> {
        match self.value.value {
            ParamValue::Percent(p) => Ok(p),
            _ => Err(self.wrong_type("percent")),
        }
    }

    /// The integer value (days, years, count).
    pub fn int(&self) -> Result<i64, ParamError> {
        match self.value.value {
            ParamValue::Int(n) => Ok(n),
            _ => Err(self.wrong_type("days, years or count")),
        }
    }

    /// The yes/no value.
    pub fn flag(&self) -> Result<bool, ParamError> {
        match self.value.value {
            ParamValue::Bool(b) => Ok(b),
            _ => Err(self.wrong_type("bool")),
        }
    }

    fn wrong_type(&self, want: &str) -> ParamError {
        ParamError::WrongUnit {
            id: self.param.id.clone(),
            want: want.to_string(),
            found: self.param.unit.as_str().to_string(),
        }
    }

    /// Text of the source, as a check records it.
    pub fn source_text(&self) -> String {
        self.source.to_string()
    }
}

/// Errors in parameter files and look-ups.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// TOML syntax or schema error (the message names line, column and key).
    #[error("{origin}: {message}")]
    Toml {
        /// File or profile.
        origin: String,
        /// The parser's message.
        message: String,
    },
    /// A semantic error at a key.
    #[error("{origin}: parameter `{id}`: {message}")]
    Invalid {
        /// File or profile.
        origin: String,
        /// Parameter id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// No parameter with that id.
    #[error("unknown parameter `{id}`{}", suggestion_text(.suggestion))]
    Unknown {
        /// The id asked for.
        id: String,
        /// A close id, if one exists.
        suggestion: Option<String>,
    },
    /// No value in force at the date.
    #[error("parameter `{id}` has no value in force on {date} (first value from {first})")]
    NotInForce {
        /// Parameter id.
        id: String,
        /// The date asked for.
        date: Date,
        /// Its first effective date.
        first: String,
    },
    /// A rule asked for a different unit than the parameter has.
    #[error("parameter `{id}` is in {found}, but the rule reads it as {want}")]
    WrongUnit {
        /// Parameter id.
        id: String,
        /// Unit the rule wants.
        want: String,
        /// Unit the parameter has.
        found: String,
    },
}

fn suggestion_text(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    sources: BTreeMap<String, Source>,
    #[serde(default)]
    parameter: Vec<FileParam>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileParam {
    id: String,
    unit: Unit,
    summary: String,
    /// A parameter with no value until a profile gives one (a yearly monitoring line that
    /// a province or a year sets): `values` may then be empty.
    #[serde(default)]
    optional: bool,
    values: Vec<FileValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileValue {
    effective: Date,
    #[serde(default)]
    published: Option<Date>,
    value: toml::Value,
    #[serde(default)]
    price_year: Option<i16>,
    #[serde(default)]
    concept: Option<String>,
    source: String,
    #[serde(default = "yes")]
    confirmed: bool,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    reading: Option<String>,
}

fn yes() -> bool {
    true
}

/// All parameters known to a run: the registered rule sets' files plus profile overrides.
#[derive(Debug, Clone, Default)]
pub struct ParameterStore {
    params: BTreeMap<String, Parameter>,
    sources: BTreeMap<String, Source>,
}

impl ParameterStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Load one parameter file. `origin` names it in errors.
    pub fn load_toml(&mut self, origin: &str, text: &str) -> Result<(), ParamError> {
        let doc: FileDoc = toml::from_str(text).map_err(|e| ParamError::Toml {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        // Source keys are local to their file: two files may use the same key.
        let scoped = |key: &str| format!("{origin}#{key}");
        for (key, src) in doc.sources {
            if src.grade == Grade::Unspecified {
                return Err(ParamError::Toml {
                    origin: origin.to_string(),
                    message: format!(
                        "source `{key}` has no `grade` (official-text, official-press, press, \
                         aggregator or note)"
                    ),
                });
            }
            self.sources.insert(scoped(&key), src);
        }
        for p in doc.parameter {
            let invalid = |message: String| ParamError::Invalid {
                origin: origin.to_string(),
                id: p.id.clone(),
                message,
            };
            if !valid_id(&p.id) {
                return Err(invalid(
                    "ids are dotted lower-case names (a-z, 0-9, _ and .)".into(),
                ));
            }
            if self.params.contains_key(&p.id) {
                return Err(invalid("defined twice".into()));
            }
            if p.values.is_empty() && !p.optional {
                return Err(invalid("has no values".into()));
            }
            let mut values = Vec::with_capacity(p.values.len());
            for v in p.values {
                if !self.sources.contains_key(&scoped(&v.source)) {
                    return Err(invalid(format!(
                        "value effective {} cites unknown source `{}`",
                        v.effective, v.source
                    )));
                }
                let value = ParamValue::from_toml(p.unit, &v.value)
                    .map_err(|m| invalid(format!("value effective {}: {m}", v.effective)))?;
                if v.price_year.is_some() && p.unit != Unit::Yuan {
                    return Err(invalid("price_year is only for yuan values".into()));
                }
                if let Some(c) = v
                    .concept
                    .as_deref()
                    .filter(|c| !["net", "disposable"].contains(c))
                {
                    return Err(invalid(format!(
                        "concept `{c}` is not `net` or `disposable`"
                    )));
                }
                values.push(DatedValue {
                    effective: v.effective,
                    published: v.published,
                    value,
                    price_year: v.price_year,
                    concept: v.concept,
                    source: scoped(&v.source),
                    confirmed: v.confirmed,
                    note: v.note,
                    reading: v.reading,
                });
            }
            values.sort_by_key(|v| v.effective);
            if let Some(w) = values.windows(2).find(|w| w[0].effective == w[1].effective) {
                return Err(invalid(format!(
                    "two values effective on {}",
                    w[0].effective
                )));
            }
            self.params.insert(
                p.id.clone(),
                Parameter {
                    id: p.id,
                    unit: p.unit,
                    summary: p.summary,
                    values,
                    origin: origin.to_string(),
                },
            );
        }
        Ok(())
    }

    /// Override a parameter from a profile: with no `effective` date the value replaces every
    /// dated value (a constant); with a date it is inserted, replacing a value of that date.
    pub fn override_value(
        &mut self,
        id: &str,
        effective: Option<Date>,
        raw: &toml::Value,
        source: Source,
        confirmed: bool,
        origin: &str,
    ) -> Result<(), ParamError> {
        let suggestion = self.suggest(id);
        let param = self.params.get_mut(id).ok_or(ParamError::Unknown {
            id: id.to_string(),
            suggestion,
        })?;
        let value = ParamValue::from_toml(param.unit, raw).map_err(|m| ParamError::Invalid {
            origin: origin.to_string(),
            id: id.to_string(),
            message: m,
        })?;
        let key = format!(
            "override:{origin}:{id}:{}",
            effective.map_or("constant".to_string(), |d| d.to_string())
        );
        self.sources.insert(key.clone(), source);
        // A constant override keeps the price year and concept of the newest value, so a
        // line override is still read in the same prices.
        let template = param.values.last().cloned();
        let dated = DatedValue {
            effective: effective.unwrap_or(Date::MIN),
            published: None,
            value,
            price_year: template.as_ref().and_then(|t| t.price_year),
            concept: template.and_then(|t| t.concept),
            source: key,
            confirmed,
            note: Some(format!("overridden by {origin}")),
            reading: None,
        };
        match effective {
            None => param.values = vec![dated],
            Some(d) => {
                param.values.retain(|v| v.effective != d);
                param.values.push(dated);
                param.values.sort_by_key(|v| v.effective);
            }
        }
        param.origin = origin.to_string();
        Ok(())
    }

    /// Add a parameter with one value (a profile's indicator threshold, a plugin's
    /// parameter). The id must be new.
    #[allow(clippy::too_many_arguments)]
    pub fn add_parameter(
        &mut self,
        id: &str,
        unit: Unit,
        summary: &str,
        effective: Date,
        raw: &toml::Value,
        source: Source,
        origin: &str,
    ) -> Result<(), ParamError> {
        let invalid = |message: String| ParamError::Invalid {
            origin: origin.to_string(),
            id: id.to_string(),
            message,
        };
        if !valid_id(id) {
            return Err(invalid(
                "ids are dotted lower-case names (a-z, 0-9, _ and .)".into(),
            ));
        }
        if self.params.contains_key(id) {
            return Err(invalid("is already defined".into()));
        }
        let value = ParamValue::from_toml(unit, raw).map_err(invalid)?;
        let key = format!("{origin}#{id}");
        self.sources.insert(key.clone(), source);
        self.params.insert(
            id.to_string(),
            Parameter {
                id: id.to_string(),
                unit,
                summary: summary.to_string(),
                values: vec![DatedValue {
                    effective,
                    published: None,
                    value,
                    price_year: None,
                    concept: None,
                    source: key,
                    confirmed: true,
                    note: None,
                    reading: None,
                }],
                origin: origin.to_string(),
            },
        );
        Ok(())
    }

    /// Mark every value of a parameter unconfirmed (a profile indicator whose source does not
    /// confirm its threshold): every check that reads it is then marked `unconfirmed`.
    pub fn mark_unconfirmed(&mut self, id: &str) -> Result<(), ParamError> {
        let suggestion = self.suggest(id);
        let param = self.params.get_mut(id).ok_or(ParamError::Unknown {
            id: id.to_string(),
            suggestion,
        })?;
        for v in &mut param.values {
            v.confirmed = false;
        }
        Ok(())
    }

    /// The parameter with this id.
    pub fn get(&self, id: &str) -> Result<&Parameter, ParamError> {
        self.params.get(id).ok_or_else(|| ParamError::Unknown {
            id: id.to_string(),
            suggestion: self.suggest(id),
        })
    }

    /// True when the id is known.
    pub fn contains(&self, id: &str) -> bool {
        self.params.contains_key(id)
    }

    /// The value in force on `date`: the latest value whose effective date is not after it.
    pub fn at(&self, id: &str, date: Date) -> Result<Resolved<'_>, ParamError> {
        let param = self.get(id)?;
        let value = param
            .values
            .iter()
            .rev()
            .find(|v| v.effective <= date)
            .ok_or_else(|| ParamError::NotInForce {
                id: id.to_string(),
                date,
                first: param.values.first().map_or_else(
                    || "none (no value given)".to_string(),
                    |v| v.effective.to_string(),
                ),
            })?;
        Ok(self.resolved(param, value))
    }

    /// Resolve a specific value of a parameter (for listing a series).
    pub fn resolved<'a>(&'a self, param: &'a Parameter, value: &'a DatedValue) -> Resolved<'a> {
        // Sources are checked when values are loaded, so the look-up cannot fail.
        static UNKNOWN: std::sync::OnceLock<Source> = std::sync::OnceLock::new();
        let source = self.sources.get(&value.source).unwrap_or_else(|| {
            UNKNOWN.get_or_init(|| Source {
                title: "unknown source".into(),
                issuer: String::new(),
                date: String::new(),
                url: String::new(),
                grade: Grade::Unspecified,
                also: Vec::new(),
            })
        });
        Resolved {
            param,
            value,
            source,
        }
    }

    /// Every source, by its key (`origin#key`).
    pub fn sources(&self) -> impl Iterator<Item = (&str, &Source)> {
        self.sources.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// All parameters, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Parameter> {
        self.params.values()
    }

    /// A source by key.
    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }

    /// The closest known id to `id`, if any is close.
    pub fn suggest(&self, id: &str) -> Option<String> {
        closest(id, self.params.keys().map(String::as_str))
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && !id.ends_with('.')
        && !id.contains("..")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[sources.s]
grade = "press"
title = "T"
issuer = "I"
date = "2016-04-28"

[[parameter]]
id = "x.max_pct"
unit = "percent"
summary = "a threshold"
values = [
  { effective = "2016-04-28", value = "3", source = "s" },
  { effective = "2018-01-01", value = 2.5, source = "s", confirmed = false },
]

[[parameter]]
id = "x.line"
unit = "yuan"
summary = "a line"
values = [{ effective = "2010-01-01", value = 2300, price_year = 2010, source = "s" }]
"#;

    fn store() -> ParameterStore {
        let mut s = ParameterStore::new();
        s.load_toml("test.toml", FILE).expect("loads");
        s
    }

    fn date(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn resolves_by_date_on_both_sides_of_the_effective_date() {
        let s = store();
        assert!(matches!(
            s.at("x.max_pct", date("2016-04-27")),
            Err(ParamError::NotInForce { .. })
        ));
        let r = s.at("x.max_pct", date("2016-04-28")).expect("in force");
        assert_eq!(r.percent(), Ok(Decimal::from(3)));
        let r = s.at("x.max_pct", date("2017-12-31")).expect("in force");
        assert_eq!(r.percent(), Ok(Decimal::from(3)));
        let r = s.at("x.max_pct", date("2018-01-01")).expect("in force");
        assert_eq!(r.percent(), Ok(Decimal::new(25, 1)));
        assert!(!r.value.confirmed);
        let r = s.at("x.line", date("2020-01-01")).expect("in force");
        assert_eq!(r.money(), Ok(Money::from_yuan(2300)));
        assert_eq!(r.value.price_year, Some(2010));
        assert_eq!(r.source_text(), "T (I, 2016-04-28) [press]");
    }

    #[test]
    fn unknown_keys_are_errors_with_line() {
        let mut s = ParameterStore::new();
        let bad = FILE.replace("summary = \"a line\"", "summry = \"a line\"");
        let err = s.load_toml("bad.toml", &bad).expect_err("unknown key");
        let msg = err.to_string();
        assert!(msg.contains("bad.toml"), "{msg}");
        assert!(msg.contains("summry"), "{msg}");
        assert!(msg.contains("line"), "{msg}");
    }

    #[test]
    fn semantic_errors_name_the_parameter() {
        let cases = [
            ("unit = \"percent\"", "unit = \"furlongs\"", "furlongs"),
            (
                "source = \"s\" },\n  {",
                "source = \"nope\" },\n  {",
                "unknown source",
            ),
            ("value = \"3\"", "value = \"300\"", "outside 0-100"),
            (
                "value = 2300",
                "value = \"2300.001\"",
                "more than two decimals",
            ),
            ("2018-01-01", "2016-04-28", "two values effective"),
            ("id = \"x.line\"", "id = \"X Line\"", "dotted lower-case"),
            // Every source of a parameter file says how far its copy can be trusted.
            ("grade = \"press\"\n", "", "has no `grade`"),
            (
                "grade = \"press\"",
                "grade = \"blog\"",
                "unknown variant `blog`",
            ),
        ];
        for (from, to, expect) in cases {
            let mut s = ParameterStore::new();
            let text = FILE.replacen(from, to, 1);
            assert_ne!(text, FILE, "case {from} did not apply");
            let err = s.load_toml("f.toml", &text).expect_err(expect).to_string();
            assert!(err.contains(expect), "{from}: {err}");
        }
    }

    #[test]
    fn overrides_replace_or_insert() {
        let mut s = store();
        let src = Source {
            title: "profile".into(),
            issuer: "user".into(),
            date: String::new(),
            url: String::new(),
            grade: Grade::Unspecified,
            also: Vec::new(),
        };
        s.override_value(
            "x.line",
            None,
            &toml::Value::Integer(3218),
            src.clone(),
            true,
            "p.toml",
        )
        .expect("override");
        let r = s.at("x.line", date("1990-01-01")).expect("constant");
        assert_eq!(r.money(), Ok(Money::from_yuan(3218)));
        assert_eq!(r.value.price_year, Some(2010));
        s.override_value(
            "x.max_pct",
            Some(date("2019-01-01")),
            &toml::Value::Float(1.5),
            src.clone(),
            true,
            "p.toml",
        )
        .expect("dated override");
        assert_eq!(
            s.at("x.max_pct", date("2019-06-01"))
                .and_then(|r| r.percent()),
            Ok(Decimal::new(15, 1))
        );
        assert_eq!(
            s.at("x.max_pct", date("2018-06-01"))
                .and_then(|r| r.percent()),
            Ok(Decimal::new(25, 1))
        );
        let err = s
            .override_value(
                "x.max_pc",
                None,
                &toml::Value::Integer(1),
                src,
                true,
                "p.toml",
            )
            .expect_err("unknown");
        assert!(
            err.to_string().contains("did you mean `x.max_pct`"),
            "{err}"
        );
    }

    #[test]
    fn suggestions_only_for_close_words() {
        let words = ["std2011.line", "select"];
        assert_eq!(
            closest("selct", words.iter().copied()),
            Some("select".into())
        );
        assert_eq!(closest("zzzzzzzz", words.iter().copied()), None);
    }
}
