//! Profiles: which standard, year, rule sets, rules, parameter overrides and data a run uses.
//!
//! A profile is TOML (design.md §4). Unknown keys are errors with the line and, when a known
//! key is close, a suggestion. Paths are relative to the profile's own directory.
//!
//! ```toml
//! name = "national-2011"
//! standard = "std2011"
//! year = 2019
//! rule_sets = ["std2011"]
//! select = ["std2011.*"]          # optional: globs over rule ids (default: every rule)
//! ignore = ["std2011.*.notice_*"] # optional
//!
//! [parameters]                    # optional overrides, constant or dated
//! "std2011.exit.county.max_incidence_pct.west" = 3
//! "std2011.line" = { value = 3218, effective = "2019-01-01", source = "W1 line" }
//!
//! [regions]                       # optional: county code -> east | central | west
//! "530113" = "west"
//!
//! [data]
//! counties = "../data/sample/counties.csv"
//!
//! [output]
//! format = "table"                # table | json | csv
//! household_decisions = "all"     # all | none
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fupin_core::Date;
use fupin_core::params::closest;
use fupin_core::units::Region;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{EngineError, Result};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned text for a terminal.
    Table,
    /// One JSON document (`fupin.assessment.v1`).
    Json,
    /// One row per check.
    Csv,
}

impl Format {
    /// Every format, as the command line and profiles name them.
    pub const ALL: [Format; 3] = [Format::Table, Format::Json, Format::Csv];

    /// The name (`table`, `json`, `csv`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                format!("`{s}` is not a format ({})", names.join(", "))
            })
    }
}

/// Which household decisions to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HouseholdDetail {
    /// Every household's decisions with their checks.
    All,
    /// Counts only.
    None,
}

/// A parameter override from a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    /// Parameter id.
    pub id: String,
    /// Effective date, or `None` for a constant.
    pub effective: Option<Date>,
    /// The raw value (checked against the parameter's unit when the plan is built).
    pub value: toml::Value,
    /// Source text given in the profile.
    pub source: Option<String>,
    /// False when the profile marks the value unconfirmed.
    pub confirmed: bool,
    /// Line in the profile, for messages (0: given by a caller of the library, not a file).
    pub line: usize,
}

/// Data paths, resolved against the profile's directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataPaths {
    /// County table.
    pub counties: Option<PathBuf>,
    /// Village table.
    pub villages: Option<PathBuf>,
    /// Household table.
    pub households: Option<PathBuf>,
}

/// Output options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputOptions {
    /// Default format.
    pub format: Option<Format>,
    /// Household decisions to report.
    pub household_decisions: Option<HouseholdDetail>,
}

/// A county indicator defined in a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Rule id.
    pub id: String,
    /// One line.
    pub summary: String,
    /// Column read.
    pub column: String,
    /// Unit.
    pub unit: fupin_core::Unit,
    /// Operator.
    pub op: fupin_core::Op,
    /// Threshold.
    pub threshold: toml::Value,
    /// Effective date.
    pub effective: Date,
    /// Source.
    pub source: fupin_core::Source,
    /// Test.
    pub test: fupin_core::Test,
    /// Apply only when the column is present.
    pub only_with_column: bool,
    /// Line in the profile.
    pub line: usize,
    /// False when the profile marks the threshold unconfirmed (its checks say so).
    pub confirmed: bool,
}

/// A plugin named in a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginRef {
    /// Resolved path.
    pub path: PathBuf,
    /// Expected sha256, lower-case hex.
    pub sha256: Option<String>,
    /// Line in the profile.
    pub line: usize,
}

/// A parsed profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The file it was read from.
    pub path: PathBuf,
    /// Every file the profile was read from: the profiles it extends, then itself (the
    /// run's inputs, which no output may replace).
    pub files: Vec<PathBuf>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Standard id.
    pub standard: String,
    /// Assessment year.
    pub year: i32,
    /// Assessment date override (default: 31 December of the year).
    pub date: Option<Date>,
    /// Rule sets to layer, in order.
    pub rule_sets: Vec<String>,
    /// Rule selectors (globs over rule ids).
    pub select: Vec<String>,
    /// Rule ignores (globs over rule ids).
    pub ignore: Vec<String>,
    /// Parameter overrides.
    pub parameters: Vec<Override>,
    /// Region overrides by county code.
    pub regions: BTreeMap<String, Region>,
    /// Data paths.
    pub data: DataPaths,
    /// Output options.
    pub output: OutputOptions,
    /// County indicators defined in the profile.
    pub indicators: Vec<Indicator>,
    /// Plugins to load.
    pub plugins: Vec<PluginRef>,
    /// The profile's text, for locating keys in messages.
    pub text: String,
}

/// Longest `extends` chain.
const MAX_EXTENDS: usize = 8;

const TOP_KEYS: &[&str] = &[
    "extends",
    "indicators",
    "plugins",
    "name",
    "description",
    "standard",
    "year",
    "date",
    "rule_sets",
    "select",
    "ignore",
    "parameters",
    "regions",
    "data",
    "output",
];

/// A fupin profile (TOML): which standard, year, rule sets, rules, parameter overrides and
/// data a run uses.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "fupin profile")]
struct RawProfile {
    /// A profile this one extends (relative path): its keys apply first, this profile's
    /// after (lists are appended, parameters and indicators added, data paths replaced).
    #[serde(default)]
    extends: Option<String>,
    /// Profile name (shown in reports and comparisons).
    name: String,
    /// What the profile reproduces.
    #[serde(default)]
    description: String,
    /// Standard id: std1986, std2001, std2011 (required unless extending).
    #[serde(default)]
    standard: Option<String>,
    /// Assessment year (required unless extending).
    #[serde(default)]
    year: Option<i64>,
    /// Assessment date (YYYY-MM-DD) at which parameters are read; default 31 December of
    /// the year.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    date: Option<Date>,
    /// Rule sets to layer, in order (std1986, std2001, std2011, ethnic, ...).
    #[serde(default)]
    rule_sets: Vec<String>,
    /// Globs over rule ids to select (default: every rule of the rule sets).
    #[serde(default)]
    select: Vec<String>,
    /// Globs over rule ids to ignore; the more specific selector wins, ignore beats select
    /// at equal specificity.
    #[serde(default)]
    ignore: Vec<String>,
    /// Parameter overrides by id: a value (constant), {value, effective, source,
    /// confirmed}, or a list of such tables (a dated series).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawOverride>")]
    parameters: BTreeMap<String, toml::Value>,
    /// County region overrides by code: east, central or west.
    #[serde(default)]
    regions: BTreeMap<String, String>,
    /// Data paths, relative to the profile.
    #[serde(default)]
    data: RawData,
    /// Output options.
    #[serde(default)]
    output: RawOutput,
    /// County indicators defined as data (provincial additions).
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    /// Compiled plugins to load (only these are loaded).
    #[serde(default)]
    plugins: Vec<RawPlugin>,
}

/// A county indicator: `column op threshold` on the assessment year's row.
#[derive(Deserialize, JsonSchema, Clone)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    /// Rule id, dotted (e.g. `shaanxi.county.exit.paved_roads`); its rule set is the first
    /// part.
    id: String,
    /// One line.
    summary: String,
    /// The county column read.
    column: String,
    /// Unit of the column and threshold: yuan, percent, days, years, year, count, bool.
    unit: String,
    /// `<`, `<=`, `>`, `>=` or `==`, as the source words it.
    op: String,
    /// The threshold.
    #[schemars(with = "serde_json::Value")]
    threshold: toml::Value,
    /// The date from which it applies.
    #[schemars(with = "String")]
    effective: Date,
    /// Its official source.
    source: RawSource,
    /// `exit` (default) or `designation`.
    #[serde(default)]
    test: Option<String>,
    /// Apply only when the column is in the data (default true).
    #[serde(default)]
    only_with_column: Option<bool>,
    /// False when the sources do not confirm the threshold (default true): every check of
    /// the indicator is then marked unconfirmed, as for a parameter value.
    #[serde(default)]
    confirmed: Option<bool>,
}

/// A source.
#[derive(Deserialize, JsonSchema, Clone)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    issuer: String,
    date: String,
    #[serde(default)]
    url: String,
    /// official-text, official-press, press, aggregator or note (optional).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    grade: Option<fupin_core::Grade>,
}

/// A plugin to load.
#[derive(Deserialize, JsonSchema, Clone)]
#[serde(deny_unknown_fields)]
struct RawPlugin {
    /// Path of the shared library, relative to the profile.
    path: String,
    /// Optional sha256 (hex) the file must have.
    #[serde(default)]
    sha256: Option<String>,
}

/// A parameter override.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum RawOverride {
    /// A dated override.
    Dated(DatedOverride),
    /// Several dated values (a line series, say).
    Series(Vec<DatedOverride>),
    /// A constant: replaces every dated value.
    Plain(#[schemars(with = "serde_json::Value")] toml::Value),
}

/// A dated parameter override.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DatedOverride {
    /// The value, in the parameter's unit.
    #[schemars(with = "serde_json::Value")]
    value: toml::Value,
    /// Effective date (YYYY-MM-DD); without it the value is a constant.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    effective: Option<Date>,
    /// Where the value comes from.
    #[serde(default)]
    source: Option<String>,
    /// False when the sources do not confirm the value (default true).
    #[serde(default)]
    confirmed: Option<bool>,
}

/// Data paths.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawData {
    /// County table (CSV).
    counties: Option<String>,
    /// Village table (CSV); "" for none.
    villages: Option<String>,
    /// Household table (CSV); "" for none.
    households: Option<String>,
}

/// Output options.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    /// Default output format.
    format: Option<Format>,
    /// Household decisions to report.
    household_decisions: Option<HouseholdDetail>,
}

/// The JSON schema of a profile, pretty-printed (generated by `cargo xtask schema`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RawProfile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The 1-based line of the first occurrence of `needle` in `text` (for messages).
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

impl Profile {
    /// Read and parse a profile file.
    pub fn load(path: &Path) -> Result<Profile> {
        Self::load_in(path, &mut Vec::new())
    }

    /// Read a profile, `chain` holding the (canonical) profiles that extend it.
    fn load_in(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Profile> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            EngineError::Config(format!("{}: cannot read profile: {e}", path.display()))
        })?;
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if chain.contains(&canonical) || chain.len() >= MAX_EXTENDS {
            return Err(EngineError::Config(format!(
                "{}: `extends` forms a cycle or a chain longer than {MAX_EXTENDS}",
                path.display()
            )));
        }
        chain.push(canonical);
        let p = Self::parse_in(path, &text, chain);
        chain.pop();
        p
    }

    /// Parse profile text; `path` names it and anchors relative data paths.
    pub fn parse(path: &Path, text: &str) -> Result<Profile> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Self::parse_in(path, text, &mut vec![canonical])
    }

    fn parse_in(path: &Path, text: &str, chain: &mut Vec<PathBuf>) -> Result<Profile> {
        let shown = path.display().to_string();
        let raw: RawProfile = toml::from_str(text).map_err(|e| {
            let mut msg = e.to_string();
            if let Some(hint) = unknown_key_hint(&msg) {
                msg.push_str(&hint);
            }
            EngineError::Config(format!("{shown}: {}", msg.trim_end()))
        })?;
        let at = |needle: &str| {
            line_of(text, needle)
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default()
        };
        let parent = match &raw.extends {
            None => None,
            Some(b) => {
                let bp = path.parent().unwrap_or_else(|| Path::new(".")).join(b);
                Some(Self::load_in(&bp, chain).map_err(|e| {
                    EngineError::Config(format!("{shown}: key `extends`{}: {e}", at("extends")))
                })?)
            }
        };
        let missing = |key: &str| {
            EngineError::Config(format!(
                "{shown}: missing key `{key}` (required unless the profile `extends` another)"
            ))
        };
        let year = match (raw.year, &parent) {
            (Some(y), _) => i32::try_from(y)
                .ok()
                .filter(|y| (1978..=2100).contains(y))
                .ok_or_else(|| {
                    EngineError::Config(format!(
                        "{shown}: key `year`{}: {y} is not a year between 1978 and 2100",
                        at("year")
                    ))
                })?,
            (None, Some(b)) => b.year,
            (None, None) => return Err(missing("year")),
        };
        let standard = match (raw.standard.clone(), &parent) {
            (Some(s), _) => s,
            (None, Some(b)) => b.standard.clone(),
            (None, None) => return Err(missing("standard")),
        };
        let mut rule_sets = parent
            .as_ref()
            .map(|b| b.rule_sets.clone())
            .unwrap_or_default();
        for r in &raw.rule_sets {
            if !rule_sets.contains(r) {
                rule_sets.push(r.clone());
            }
        }
        if rule_sets.is_empty() {
            return Err(EngineError::Config(format!(
                "{shown}: key `rule_sets`{}: name at least one rule set",
                at("rule_sets")
            )));
        }
        let mut parameters = Vec::new();
        for (id, value) in raw.parameters {
            let line = line_of(text, &id).unwrap_or(0);
            // Tables and lists are dated overrides: read them strictly, so a bad date or an
            // unknown key is reported as such.
            let bad = |e: toml::de::Error| {
                EngineError::Config(format!(
                    "{shown}: key `parameters.\"{id}\"` (line {line}): {}",
                    e.message()
                ))
            };
            let o = match value {
                toml::Value::Table(t) => RawOverride::Dated(
                    toml::Value::Table(t)
                        .try_into::<DatedOverride>()
                        .map_err(bad)?,
                ),
                toml::Value::Array(a) => RawOverride::Series(
                    toml::Value::Array(a)
                        .try_into::<Vec<DatedOverride>>()
                        .map_err(bad)?,
                ),
                plain => RawOverride::Plain(plain),
            };
            let dated = match o {
                RawOverride::Dated(d) => vec![d],
                // A series applies in order; an entry without `effective` is a constant
                // (it replaces every value before the entries after it).
                RawOverride::Series(list) => list,
                RawOverride::Plain(v) => vec![DatedOverride {
                    value: v,
                    effective: None,
                    source: None,
                    confirmed: None,
                }],
            };
            for d in dated {
                parameters.push(Override {
                    id: id.clone(),
                    effective: d.effective,
                    value: d.value,
                    source: d.source,
                    confirmed: d.confirmed.unwrap_or(true),
                    line,
                });
            }
        }
        let mut regions = BTreeMap::new();
        for (code, r) in raw.regions {
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(EngineError::Config(format!(
                    "{shown}: key `regions.{}`{}: a region override is keyed by a six-digit \
                     county code",
                    crate::text::quote(&code),
                    at(&code)
                )));
            }
            let region = r.parse::<Region>().map_err(|m| {
                EngineError::Config(format!(
                    "{shown}: key `regions.{code}`{}: {m}",
                    at(&format!("\"{code}\""))
                ))
            })?;
            regions.insert(code, region);
        }
        let base = path.parent().unwrap_or_else(|| Path::new("."));
        let resolve = |p: Option<String>| p.map(|p| base.join(p));
        let mut indicators = Vec::new();
        for ind in raw.indicators {
            let line = line_of(text, &format!("\"{}\"", ind.id)).unwrap_or(0);
            let bad = |m: String| {
                EngineError::Config(format!(
                    "{shown}: indicator `{}` (line {line}): {m}",
                    ind.id
                ))
            };
            if crate::input::COUNTY_COLUMNS.contains(&ind.column.as_str()) {
                return Err(bad(format!(
                    "column `{}` is a canonical county column, read by fupin's own rules; an \
                     indicator reads a column of its own (rename the column, e.g. `{}_{}`)",
                    ind.column,
                    ind.column,
                    ind.id.rsplit('.').next().unwrap_or("indicator")
                )));
            }
            let unit: fupin_core::Unit = toml::Value::String(ind.unit.clone())
                .try_into()
                .map_err(|_| bad(format!("unknown unit `{}`", ind.unit)))?;
            let op = crate::setup::indicator::parse_op(&ind.op)
                .ok_or_else(|| bad(format!("`{}` is not one of <, <=, >, >=, ==", ind.op)))?;
            let test = match ind.test.as_deref() {
                None | Some("exit") => fupin_core::Test::Exit,
                Some("designation") => fupin_core::Test::Designation,
                Some(t) => return Err(bad(format!("test `{t}` is not exit or designation"))),
            };
            indicators.push(Indicator {
                id: ind.id,
                summary: ind.summary,
                column: ind.column,
                unit,
                op,
                threshold: ind.threshold,
                effective: ind.effective,
                source: fupin_core::Source {
                    title: ind.source.title,
                    issuer: ind.source.issuer,
                    date: ind.source.date,
                    url: ind.source.url,
                    grade: ind.source.grade.unwrap_or_default(),
                    also: Vec::new(),
                },
                test,
                only_with_column: ind.only_with_column.unwrap_or(true),
                line,
                confirmed: ind.confirmed.unwrap_or(true),
            });
        }
        let mut plugins = Vec::new();
        for pl in raw.plugins {
            let line = line_of(text, &pl.path).unwrap_or(0);
            if let Some(h) = pl
                .sha256
                .as_ref()
                .filter(|h| h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                return Err(EngineError::Config(format!(
                    "{shown}: key `plugins.sha256` (line {}): `{h}` is not a sha256 in hex",
                    line_of(text, h).unwrap_or(line)
                )));
            }
            plugins.push(PluginRef {
                path: base.join(&pl.path),
                sha256: pl.sha256.map(|h| h.to_ascii_lowercase()),
                line,
            });
        }
        // An empty path means "none", also against a profile this one extends.
        let cleared = [
            raw.data.counties.as_deref() == Some(""),
            raw.data.villages.as_deref() == Some(""),
            raw.data.households.as_deref() == Some(""),
        ];
        let nonempty = |p: Option<String>| p.filter(|p| !p.is_empty());
        let data = DataPaths {
            counties: resolve(nonempty(raw.data.counties)),
            villages: resolve(nonempty(raw.data.villages)),
            households: resolve(nonempty(raw.data.households)),
        };
        let mut profile = Profile {
            path: path.to_path_buf(),
            files: vec![path.to_path_buf()],
            name: raw.name,
            description: raw.description,
            standard,
            year,
            date: raw.date,
            rule_sets,
            select: raw.select,
            ignore: raw.ignore,
            parameters,
            regions,
            data,
            output: OutputOptions {
                format: raw.output.format,
                household_decisions: raw.output.household_decisions,
            },
            indicators,
            plugins,
            text: text.to_string(),
        };
        if let Some(b) = parent {
            profile.inherit(b, raw.date.is_none() && raw.year.is_none(), cleared);
        }
        Ok(profile)
    }

    /// Take from `base` what this (extending) profile does not set.
    fn inherit(&mut self, base: Profile, inherit_date: bool, cleared: [bool; 3]) {
        if inherit_date {
            self.date = base.date;
        }
        let mut files = base.files;
        files.append(&mut self.files);
        self.files = files;
        let mut select = base.select;
        select.append(&mut self.select);
        self.select = select;
        let mut ignore = base.ignore;
        ignore.append(&mut self.ignore);
        self.ignore = ignore;
        let mut parameters = base.parameters;
        parameters.append(&mut self.parameters);
        self.parameters = parameters;
        for (k, v) in base.regions {
            self.regions.entry(k).or_insert(v);
        }
        let pick = |own: Option<PathBuf>, base: Option<PathBuf>, cleared: bool| {
            if cleared { None } else { own.or(base) }
        };
        self.data.counties = pick(self.data.counties.take(), base.data.counties, cleared[0]);
        self.data.villages = pick(self.data.villages.take(), base.data.villages, cleared[1]);
        self.data.households = pick(
            self.data.households.take(),
            base.data.households,
            cleared[2],
        );
        self.output.format = self.output.format.or(base.output.format);
        self.output.household_decisions = self
            .output
            .household_decisions
            .or(base.output.household_decisions);
        let mut indicators = base.indicators;
        indicators.append(&mut self.indicators);
        self.indicators = indicators;
        let mut plugins = base.plugins;
        plugins.append(&mut self.plugins);
        self.plugins = plugins;
    }

    /// The profile as TOML, self-contained (an `extends` chain is flattened; data paths are
    /// relative to the profile's directory). Parsing the text at the same path gives the same
    /// profile ([`Profile::canonical`] compares them).
    pub fn to_toml(&self) -> String {
        use toml::Value as V;
        use toml::map::Map;
        let s = |x: &str| V::String(x.to_string());
        let list = |xs: &[String]| V::Array(xs.iter().map(|x| s(x)).collect());
        let mut t = Map::new();
        t.insert("name".into(), s(&self.name));
        if !self.description.is_empty() {
            t.insert("description".into(), s(&self.description));
        }
        t.insert("standard".into(), s(&self.standard));
        t.insert("year".into(), V::Integer(i64::from(self.year)));
        if let Some(d) = self.date {
            t.insert("date".into(), s(&d.to_string()));
        }
        t.insert("rule_sets".into(), list(&self.rule_sets));
        if !self.select.is_empty() {
            t.insert("select".into(), list(&self.select));
        }
        if !self.ignore.is_empty() {
            t.insert("ignore".into(), list(&self.ignore));
        }
        let mut params = Map::new();
        let mut ids: Vec<&str> = Vec::new();
        for o in &self.parameters {
            if !ids.contains(&o.id.as_str()) {
                ids.push(&o.id);
            }
        }
        for id in ids {
            let entries: Vec<&Override> = self.parameters.iter().filter(|o| o.id == id).collect();
            let table = |o: &Override| {
                let mut m = Map::new();
                m.insert("value".into(), o.value.clone());
                if let Some(e) = o.effective {
                    m.insert("effective".into(), s(&e.to_string()));
                }
                if let Some(src) = &o.source {
                    m.insert("source".into(), s(src));
                }
                if !o.confirmed {
                    m.insert("confirmed".into(), V::Boolean(false));
                }
                V::Table(m)
            };
            let value = match entries.as_slice() {
                [o] if o.effective.is_none() && o.source.is_none() && o.confirmed => {
                    o.value.clone()
                }
                [o] => table(o),
                many => V::Array(many.iter().map(|o| table(o)).collect()),
            };
            params.insert(id.to_string(), value);
        }
        if !params.is_empty() {
            t.insert("parameters".into(), V::Table(params));
        }
        if !self.regions.is_empty() {
            t.insert(
                "regions".into(),
                V::Table(
                    self.regions
                        .iter()
                        .map(|(k, v)| (k.clone(), s(v.as_str())))
                        .collect(),
                ),
            );
        }
        let base = self.path.parent().unwrap_or_else(|| Path::new("."));
        let rel = |p: &Path| {
            p.strip_prefix(base)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        };
        let mut data = Map::new();
        for (k, v) in [
            ("counties", &self.data.counties),
            ("villages", &self.data.villages),
            ("households", &self.data.households),
        ] {
            if let Some(p) = v {
                data.insert(k.into(), s(&rel(p)));
            }
        }
        if !data.is_empty() {
            t.insert("data".into(), V::Table(data));
        }
        let mut output = Map::new();
        if let Some(f) = self.output.format {
            let name = match f {
                Format::Table => "table",
                Format::Json => "json",
                Format::Csv => "csv",
            };
            output.insert("format".into(), s(name));
        }
        if let Some(h) = self.output.household_decisions {
            let name = match h {
                HouseholdDetail::All => "all",
                HouseholdDetail::None => "none",
            };
            output.insert("household_decisions".into(), s(name));
        }
        if !output.is_empty() {
            t.insert("output".into(), V::Table(output));
        }
        if !self.indicators.is_empty() {
            let items = self
                .indicators
                .iter()
                .map(|i| {
                    let mut m = Map::new();
                    m.insert("id".into(), s(&i.id));
                    m.insert("summary".into(), s(&i.summary));
                    m.insert("column".into(), s(&i.column));
                    m.insert("unit".into(), s(i.unit.as_str()));
                    m.insert("op".into(), s(i.op.symbol()));
                    m.insert("threshold".into(), i.threshold.clone());
                    m.insert("effective".into(), s(&i.effective.to_string()));
                    let mut src = Map::new();
                    src.insert("title".into(), s(&i.source.title));
                    src.insert("issuer".into(), s(&i.source.issuer));
                    src.insert("date".into(), s(&i.source.date));
                    src.insert("url".into(), s(&i.source.url));
                    if i.source.grade != fupin_core::Grade::Unspecified {
                        src.insert("grade".into(), s(i.source.grade.as_str()));
                    }
                    m.insert("source".into(), V::Table(src));
                    m.insert("test".into(), s(i.test.as_str()));
                    m.insert("only_with_column".into(), V::Boolean(i.only_with_column));
                    if !i.confirmed {
                        m.insert("confirmed".into(), V::Boolean(false));
                    }
                    V::Table(m)
                })
                .collect();
            t.insert("indicators".into(), V::Array(items));
        }
        if !self.plugins.is_empty() {
            let items = self
                .plugins
                .iter()
                .map(|p| {
                    let mut m = Map::new();
                    m.insert("path".into(), s(&rel(&p.path)));
                    if let Some(h) = &p.sha256 {
                        m.insert("sha256".into(), s(h));
                    }
                    V::Table(m)
                })
                .collect();
            t.insert("plugins".into(), V::Array(items));
        }
        toml::to_string(&V::Table(t)).unwrap_or_default()
    }

    /// The profile without what only locates it in its text (the text, line numbers), for
    /// comparing two profiles.
    pub fn canonical(&self) -> Profile {
        let mut p = self.clone();
        p.text.clear();
        p.files.clear();
        for o in &mut p.parameters {
            o.line = 0;
        }
        for i in &mut p.indicators {
            i.line = 0;
        }
        for x in &mut p.plugins {
            x.line = 0;
        }
        p
    }

    /// ` (line N)` for the first line mentioning `needle`, or nothing.
    pub fn at(&self, needle: &str) -> String {
        line_of(&self.text, needle)
            .map(|l| format!(" (line {l})"))
            .unwrap_or_default()
    }

    /// The profile's path as shown in messages.
    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

/// For serde's "unknown field `x`, expected one of ..." add a suggestion when one is close.
fn unknown_key_hint(msg: &str) -> Option<String> {
    let rest = msg.split("unknown field `").nth(1)?;
    let key = rest.split('`').next()?;
    let expected: Vec<&str> = rest
        .split("expected")
        .nth(1)
        .map(|e| e.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let pool: Vec<&str> = if expected.is_empty() {
        TOP_KEYS.to_vec()
    } else {
        expected
    };
    closest(key, pool.into_iter()).map(|s| format!("\ndid you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "t"
standard = "std2011"
year = 2019
rule_sets = ["std2011"]
ignore = ["std2011.county.exit.notice_*"]

[parameters]
"std2011.exit.county.max_incidence_pct.west" = 3.5
"std2011.line" = { value = 3218, effective = "2019-01-01", source = "W1" }

[regions]
"530113" = "west"

[data]
counties = "../data/c.csv"
"#;

    fn parse(text: &str) -> Result<Profile> {
        Profile::parse(Path::new("profiles/t.toml"), text)
    }

    mod round_trip {
        use super::*;
        use proptest::prelude::*;

        fn override_value() -> impl Strategy<Value = String> {
            prop_oneof![
                (0i64..100_000).prop_map(|v| v.to_string()),
                (0u32..10_000, 1u32..3).prop_map(|(m, s)| format!(
                    "\"{}.{:0w$}\"",
                    m / 10,
                    m % 10,
                    w = s as usize
                )),
                (2010i32..2021, 0i64..5_000).prop_map(|(y, v)| format!(
                    "{{ value = {v}, effective = \"{y}-01-01\", source = \"s {y}\" }}"
                )),
                proptest::collection::vec((2010i32..2021, 0i64..5_000, any::<bool>()), 1..4)
                    .prop_map(|xs| {
                        let items: Vec<String> = xs
                            .iter()
                            .map(|(y, v, c)| {
                                format!(
                                    "{{ value = {v}, effective = \"{y}-06-01\", confirmed = {c} }}"
                                )
                            })
                            .collect();
                        format!("[{}]", items.join(", "))
                    }),
            ]
        }

        prop_compose! {
            fn profile_text()(
                name in "[a-z][a-z0-9-]{0,12}",
                year in 1986i32..2021,
                sets in proptest::sample::subsequence(vec!["std1986", "std2001", "std2011", "ethnic"], 1..4),
                select in proptest::collection::vec("std20(01|11)\\.[a-z*]{1,8}", 0..3),
                ignore in proptest::collection::vec("[a-z]{1,6}\\.\\*", 0..3),
                params in proptest::collection::btree_map("p\\.[a-z]{1,6}", override_value(), 0..4),
                regions in proptest::collection::btree_map("[1-6][0-9]{5}", prop_oneof!["east", "central", "west"], 0..3),
                households in proptest::option::of("[a-z]{1,8}\\.csv"),
                format in proptest::option::of(prop_oneof!["table", "json", "csv"]),
            ) -> String {
                let q = |v: &[String]| v.iter().map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(", ");
                let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
                let mut t = format!(
                    "name = \"{name}\"\nstandard = \"std2011\"\nyear = {year}\nrule_sets = [{}]\nselect = [{}]\nignore = [{}]\n",
                    q(&sets), q(&select), q(&ignore)
                );
                t.push_str("[parameters]\n");
                for (k, v) in &params {
                    t.push_str(&format!("\"{k}\" = {v}\n"));
                }
                t.push_str("[regions]\n");
                for (k, v) in &regions {
                    t.push_str(&format!("\"{k}\" = \"{v}\"\n"));
                }
                t.push_str("[data]\ncounties = \"data/counties.csv\"\n");
                if let Some(h) = households {
                    t.push_str(&format!("households = \"data/{h}\"\n"));
                }
                if let Some(f) = format {
                    t.push_str(&format!("[output]\nformat = \"{f}\"\n"));
                }
                t
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(96))]
            #[test]
            fn a_profile_printed_and_parsed_again_is_the_same_profile(text in profile_text()) {
                let path = Path::new("profiles/generated.toml");
                let p1 = Profile::parse(path, &text).expect("generated profile parses");
                let printed = p1.to_toml();
                let p2 = Profile::parse(path, &printed)
                    .unwrap_or_else(|e| panic!("printed profile does not parse: {e}\n{printed}"));
                prop_assert_eq!(p1.canonical(), p2.canonical());
            }
        }
    }

    #[test]
    fn shipped_profiles_print_and_parse_back() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for name in [
            "national-1986",
            "national-1994",
            "national-2001",
            "national-2011",
            // Indicators with graded, unconfirmed sources.
            "provinces/shaanxi",
        ] {
            let path = root.join(format!("profiles/{name}.toml"));
            let p1 = Profile::load(&path).expect("loads");
            let p2 = Profile::parse(&path, &p1.to_toml()).expect("parses back");
            assert_eq!(p1.canonical(), p2.canonical(), "{name}");
        }
    }

    #[test]
    fn extends_cycles_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::fs::write(&a, "extends = \"./b.toml\"\nname = \"a\"\n").expect("write");
        std::fs::write(&b, "extends = \"./a.toml\"\nname = \"b\"\n").expect("write");
        let e = Profile::load(&a).expect_err("cycle");
        assert!(e.to_string().contains("cycle"), "{e}");
        std::fs::write(&a, "extends = \"./././a.toml\"\nname = \"a\"\n").expect("write");
        let e = Profile::load(&a).expect_err("self");
        assert!(e.to_string().contains("cycle"), "{e}");
    }

    #[test]
    fn parses_a_full_profile() {
        let p = parse(GOOD).expect("parses");
        assert_eq!(p.year, 2019);
        assert_eq!(p.parameters.len(), 2);
        let line = p
            .parameters
            .iter()
            .find(|o| o.id == "std2011.line")
            .expect("line");
        assert_eq!(line.effective, Some("2019-01-01".parse().expect("date")));
        assert_eq!(line.line, 10);
        assert_eq!(p.regions.get("530113"), Some(&Region::West));
        assert_eq!(
            p.data.counties,
            Some(PathBuf::from("profiles/../data/c.csv"))
        );
    }

    #[test]
    fn unknown_keys_name_line_and_suggest() {
        let e = parse(&GOOD.replace("ignore =", "ignor =")).expect_err("unknown key");
        let m = e.to_string();
        assert!(m.contains("profiles/t.toml"), "{m}");
        assert!(m.contains("line 6"), "{m}");
        assert!(m.contains("did you mean `ignore`?"), "{m}");
        assert_eq!(e.exit_code(), 2);
        let e = parse(&GOOD.replace("counties =", "countys =")).expect_err("unknown key");
        assert!(e.to_string().contains("did you mean `counties`?"), "{e}");
    }

    #[test]
    fn bad_values_name_their_key() {
        let e = parse(&GOOD.replace("year = 2019", "year = 19")).expect_err("year");
        assert!(e.to_string().contains("key `year` (line 4)"), "{e}");
        let e = parse(&GOOD.replace("= \"west\"", "= \"north\"")).expect_err("region");
        assert!(e.to_string().contains("regions.530113"), "{e}");
        let e = parse(&GOOD.replace("year = 2019", "year = \"2019\"")).expect_err("type");
        assert!(e.to_string().contains("line 4"), "{e}");
        let e = parse("name = \"x\"\nstandard = [").expect_err("syntax");
        assert!(e.to_string().contains("line 2"), "{e}");
    }
}
