//! The published series (`data/history/*.toml`, compiled in): the national rural poor
//! population and poverty incidence by year under each standard, the lines the publications
//! state with them and the poverty counties' exits by year (`national.toml`); the counties
//! designated in each round (`designations.toml`); and the provinces' series where the
//! sources give them (`provinces.toml`). Each value has its source, the source's grade and a
//! status. [`select`] picks what `fupin history` shows; [`check`] compares the shipped lines
//! and registry with the series where they overlap.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fupin_core::params::Status;
use fupin_core::params::Unit;
use fupin_core::{Decimal, Grade, Money, ParamValue, ParameterStore, Source};
use serde::{Deserialize, Serialize};

use crate::error::{EngineError, Result};
use crate::setup::registry::RegistryCounty;

/// The bundled national series.
pub const BUNDLED: &str = include_str!("../../../../data/history/national.toml");

/// The bundled designation rounds.
pub const DESIGNATIONS: &str = include_str!("../../../../data/history/designations.toml");

/// The bundled provincial series.
pub const PROVINCES: &str = include_str!("../../../../data/history/provinces.toml");

/// Where the bundled series live in the repository, for messages.
const ORIGIN: &str = "data/history/national.toml";
const DESIGNATIONS_ORIGIN: &str = "data/history/designations.toml";
const PROVINCES_ORIGIN: &str = "data/history/provinces.toml";

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
    /// Poverty counties designated in the round of the year.
    DesignatedCounties,
    /// Poverty counties not yet out at year end (or at the value's date).
    RemainingCounties,
    /// Poor villages not yet out at year end (or at the value's date).
    RemainingVillages,
    /// Per-capita net income of the poor, yuan per person per year, current prices.
    PoorIncomeYuan,
}

impl Quantity {
    /// The name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Quantity::PoorPopulation => "poor_population",
            Quantity::IncidencePct => "incidence_pct",
            Quantity::LineYuan => "line_yuan",
            Quantity::CountyExits => "county_exits",
            Quantity::DesignatedCounties => "designated_counties",
            Quantity::RemainingCounties => "remaining_counties",
            Quantity::RemainingVillages => "remaining_villages",
            Quantity::PoorIncomeYuan => "poor_income_yuan",
        }
    }

    /// The parameter unit its values are read as (counts whole, percentages 0-100, yuan
    /// to the fen, populations in 万人 exact: 308,000 persons are 30.8).
    fn unit_kind(self) -> Unit {
        match self {
            Quantity::PoorPopulation => Unit::Times,
            Quantity::CountyExits
            | Quantity::DesignatedCounties
            | Quantity::RemainingCounties
            | Quantity::RemainingVillages => Unit::Count,
            Quantity::IncidencePct => Unit::Percent,
            Quantity::LineYuan | Quantity::PoorIncomeYuan => Unit::Yuan,
        }
    }

    /// The unit, in words.
    pub fn unit(self) -> &'static str {
        match self {
            Quantity::PoorPopulation => "10,000 persons",
            Quantity::IncidencePct => "percent",
            Quantity::LineYuan | Quantity::PoorIncomeYuan => "yuan",
            Quantity::CountyExits | Quantity::DesignatedCounties | Quantity::RemainingCounties => {
                "counties"
            }
            Quantity::RemainingVillages => "villages",
        }
    }

    /// The heading of its column in a table.
    pub fn column(self) -> &'static str {
        match self {
            Quantity::PoorPopulation => "poor (10,000 persons)",
            Quantity::IncidencePct => "incidence (%)",
            Quantity::LineYuan => "line (yuan)",
            Quantity::CountyExits => "county exits",
            Quantity::DesignatedCounties => "designated counties",
            Quantity::RemainingCounties => "counties left",
            Quantity::RemainingVillages => "villages left",
            Quantity::PoorIncomeYuan => "income of the poor (yuan)",
        }
    }

    /// The four quantities of the national series, the columns of its tables.
    pub const NATIONAL: [Quantity; 4] = [
        Quantity::PoorPopulation,
        Quantity::IncidencePct,
        Quantity::LineYuan,
        Quantity::CountyExits,
    ];
}

/// A province: its short and full Chinese names and its English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// Short name, as the series files and outputs give it (`贵州`).
    pub short: &'static str,
    /// Full name (`贵州省`), as the registry gives it.
    pub full: &'static str,
    /// English name (`Guizhou`).
    pub english: &'static str,
}

const fn prov(short: &'static str, full: &'static str, english: &'static str) -> Province {
    Province {
        short,
        full,
        english,
    }
}

/// The 31 provinces, autonomous regions and municipalities of the mainland.
pub const PROVINCE_NAMES: [Province; 31] = [
    prov("北京", "北京市", "Beijing"),
    prov("天津", "天津市", "Tianjin"),
    prov("河北", "河北省", "Hebei"),
    prov("山西", "山西省", "Shanxi"),
    prov("内蒙古", "内蒙古自治区", "Inner Mongolia"),
    prov("辽宁", "辽宁省", "Liaoning"),
    prov("吉林", "吉林省", "Jilin"),
    prov("黑龙江", "黑龙江省", "Heilongjiang"),
    prov("上海", "上海市", "Shanghai"),
    prov("江苏", "江苏省", "Jiangsu"),
    prov("浙江", "浙江省", "Zhejiang"),
    prov("安徽", "安徽省", "Anhui"),
    prov("福建", "福建省", "Fujian"),
    prov("江西", "江西省", "Jiangxi"),
    prov("山东", "山东省", "Shandong"),
    prov("河南", "河南省", "Henan"),
    prov("湖北", "湖北省", "Hubei"),
    prov("湖南", "湖南省", "Hunan"),
    prov("广东", "广东省", "Guangdong"),
    prov("广西", "广西壮族自治区", "Guangxi"),
    prov("海南", "海南省", "Hainan"),
    prov("重庆", "重庆市", "Chongqing"),
    prov("四川", "四川省", "Sichuan"),
    prov("贵州", "贵州省", "Guizhou"),
    prov("云南", "云南省", "Yunnan"),
    prov("西藏", "西藏自治区", "Tibet"),
    prov("陕西", "陕西省", "Shaanxi"),
    prov("甘肃", "甘肃省", "Gansu"),
    prov("青海", "青海省", "Qinghai"),
    prov("宁夏", "宁夏回族自治区", "Ningxia"),
    prov("新疆", "新疆维吾尔自治区", "Xinjiang"),
];

/// The province a name names: its short or full Chinese name, or its English name in any
/// case (`贵州`, `贵州省`, `Guizhou`).
pub fn province(name: &str) -> Option<&'static Province> {
    let n = name.trim();
    PROVINCE_NAMES
        .iter()
        .find(|p| p.short == n || p.full == n || p.english.eq_ignore_ascii_case(n))
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
    /// The province (short name) of a provincial series; none for a national one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// The part of the province or country a series covers, when not the whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The date of a value that is not a year-end figure (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

impl HistoryRow {
    /// What the value is, in one line: `std2011 poor_population 2012`, or for a provincial
    /// value `贵州 std2011 remaining_counties 2020-06-28` (the scope in brackets).
    pub fn label(&self) -> String {
        let mut s = String::new();
        if let Some(p) = &self.province {
            s.push_str(p);
            s.push(' ');
        }
        if let Some(sc) = &self.scope {
            s.push_str(&format!("({sc}) "));
        }
        let when = self.as_of.clone().unwrap_or_else(|| self.year.to_string());
        s.push_str(&format!(
            "{} {} {when}",
            self.standard,
            self.quantity.as_str()
        ));
        s
    }
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
    #[serde(default)]
    province: Option<String>,
    #[serde(default)]
    scope: Option<String>,
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
    #[serde(default)]
    as_of: Option<String>,
}

fn yes() -> bool {
    true
}

/// The standards the series are given under.
pub const STANDARDS: [&str; 3] = ["std1986", "std2001", "std2011"];

/// Parse series text; `origin` names it in errors. Every source needs a grade, every value
/// a known source, a known standard, a number (incidence at most 100, nothing negative), a
/// date `as_of` in its year if any, and one value per province, scope, standard, quantity
/// and year; a series's province is one of [`PROVINCE_NAMES`] by its short name.
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
        if let Some(p) = &s.province
            && !PROVINCE_NAMES.iter().any(|x| x.short == p)
        {
            return Err(bad(format!(
                "unknown province `{p}` (a short name: {})",
                PROVINCE_NAMES.map(|x| x.short).join(", ")
            )));
        }
        if s.scope.as_deref().is_some_and(|x| x.trim().is_empty()) {
            return Err(bad(format!(
                "{} {}: an empty `scope` (leave it out for the whole)",
                s.standard,
                s.quantity.as_str()
            )));
        }
        for v in s.values {
            let at = format!(
                "{}{} {} {}",
                s.province
                    .as_deref()
                    .map(|p| format!("{p} "))
                    .unwrap_or_default(),
                s.standard,
                s.quantity.as_str(),
                v.year
            );
            let Some(src) = doc.sources.get(&v.source) else {
                return Err(bad(format!("{at}: unknown source `{}`", v.source)));
            };
            // Read as parameter values are: exact, and in range for the unit.
            let value = match ParamValue::from_toml(s.quantity.unit_kind(), &v.value)
                .map_err(|m| bad(format!("{at}: {m}")))?
            {
                ParamValue::Money(m) => money_yuan(m),
                ParamValue::Percent(d) | ParamValue::Times(d) => d,
                ParamValue::Int(n) => Decimal::from(n),
                other => return Err(bad(format!("{at}: `{other}` is not a number"))),
            };
            if let Some(d) = &v.as_of
                && !is_date_in(d, v.year)
            {
                return Err(bad(format!(
                    "{at}: `as_of = \"{d}\"` is not a date (YYYY-MM-DD) in {}",
                    v.year
                )));
            }
            let key = (
                s.province.clone(),
                s.scope.clone(),
                s.standard.clone(),
                s.quantity,
                v.year,
            );
            if !seen.insert(key) {
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
                province: s.province.clone(),
                scope: s.scope.clone(),
                as_of: v.as_of,
            });
        }
    }
    sort(&mut rows);
    Ok(History {
        schema: "fupin.history.v1",
        rows,
        sources: doc.sources,
    })
}

/// National rows first (as they always came), then by province and scope; within each, by
/// standard, quantity and year.
fn sort(rows: &mut [HistoryRow]) {
    rows.sort_by(|a, b| {
        (&a.province, &a.scope, &a.standard, a.quantity, a.year).cmp(&(
            &b.province,
            &b.scope,
            &b.standard,
            b.quantity,
            b.year,
        ))
    });
}

/// Whether `d` is a calendar date written YYYY-MM-DD in `year`.
fn is_date_in(d: &str, year: i32) -> bool {
    d.parse::<fupin_core::Date>()
        .is_ok_and(|x| i32::from(x.year()) == year && x.to_string() == d)
}

/// The bundled national series, or a series file.
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

/// The bundled files, each parsed alone: the national series, the designation rounds, the
/// provinces.
fn bundled_parts() -> Result<Vec<History>> {
    Ok(vec![
        parse(ORIGIN, BUNDLED)?,
        parse(DESIGNATIONS_ORIGIN, DESIGNATIONS)?,
        parse(PROVINCES_ORIGIN, PROVINCES)?,
    ])
}

/// Every bundled series in one (docs/sources.md lists them all). A source key that two
/// files define must be defined the same way.
pub fn bundled() -> Result<History> {
    let mut all = History {
        schema: "fupin.history.v1",
        rows: Vec::new(),
        sources: BTreeMap::new(),
    };
    for part in bundled_parts()? {
        merge(&mut all, part, |_| true)?;
    }
    sort(&mut all.rows);
    Ok(all)
}

/// Add the rows of `part` that `keep` keeps, and, when any is kept, every source of its file.
fn merge(into: &mut History, part: History, keep: impl Fn(&HistoryRow) -> bool) -> Result<()> {
    let rows: Vec<HistoryRow> = part.rows.into_iter().filter(|r| keep(r)).collect();
    if rows.is_empty() {
        return Ok(());
    }
    for (k, src) in part.sources {
        match into.sources.get(&k) {
            Some(had) if *had != src => {
                return Err(EngineError::Config(format!(
                    "the series files define source `{k}` twice, differently"
                )));
            }
            _ => {
                into.sources.insert(k, src);
            }
        }
    }
    into.rows.extend(rows);
    Ok(())
}

/// What `fupin history` shows.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Standards, by id or any name [`crate::setup::standards`] accepts (empty: all).
    pub standards: Vec<String>,
    /// A province's series instead of the national ones (short, full or English name).
    pub province: Option<String>,
    /// The counties designated in each round instead of the national series.
    pub designations: bool,
}

/// The series a query asks for, from the bundled files or one series file. Without
/// `province` or `designations`: the national series, with every source of their file, as
/// they always came. With either, those series instead (both: both), with every source of
/// the files they are in. Standards are given by id or name; outputs give the id.
pub fn select(path: Option<&Path>, q: &Query) -> Result<History> {
    let cfg = EngineError::Config;
    let standards = crate::setup::standards::resolve_all(&q.standards, &STANDARDS)
        .map_err(|m| cfg(format!("--standard: {m}")))?;
    let area = match q.province.as_deref() {
        None => None,
        Some(name) => Some(province(name).ok_or_else(|| {
            cfg(format!(
                "--province {}: not a province (a province's Chinese name, short or full, or \
                 its English name: 贵州, 贵州省 or Guizhou)",
                crate::text::quote(name)
            ))
        })?),
    };
    let parts = match path {
        Some(_) => vec![load(path)?],
        None => bundled_parts()?,
    };
    let national = area.is_none() && !q.designations;
    let in_view = |r: &HistoryRow| match (&r.province, area) {
        (Some(rp), Some(p)) => rp == p.short,
        (Some(_), None) => false,
        (None, _) if r.quantity == Quantity::DesignatedCounties => q.designations,
        (None, _) => national,
    };
    if let Some(p) = area
        && !parts.iter().any(|h| {
            h.rows
                .iter()
                .any(|r| r.province.as_deref() == Some(p.short))
        })
    {
        let mut with: Vec<String> = Vec::new();
        for r in parts.iter().flat_map(|h| &h.rows) {
            if let Some(x) = r.province.as_deref().and_then(province)
                && !with.iter().any(|w| w.starts_with(x.short))
            {
                with.push(format!("{} ({})", x.short, x.english));
            }
        }
        return Err(cfg(format!(
            "--province {}: no published provincial series in the sources (provinces with \
             series: {})",
            p.short,
            if with.is_empty() {
                "none".to_string()
            } else {
                with.join(", ")
            }
        )));
    }
    for s in &standards {
        if !parts
            .iter()
            .any(|h| h.rows.iter().any(|r| in_view(r) && &r.standard == s))
        {
            return Err(cfg(format!(
                "--standard {s}: no published series{}",
                area.map_or(String::new(), |p| format!(" for {}", p.short))
            )));
        }
    }
    let mut out = History {
        schema: "fupin.history.v1",
        rows: Vec::new(),
        sources: BTreeMap::new(),
    };
    for part in parts {
        merge(&mut out, part, |r| {
            in_view(r) && (standards.is_empty() || standards.contains(&r.standard))
        })?;
    }
    sort(&mut out.rows);
    Ok(out)
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
/// registry with the series where they overlap: the counties' exits by year, the 832 of the
/// 2012 round, and the counties left at a year's end (exit year after it) or at a date in a
/// year (that year's batch and later: the previous batch's approvals ended by mid-May in
/// 2019 and 2020, domain.md §11.2); a provincial value against the province's counties.
pub fn check(h: &History, params: &ParameterStore, registry: &[RegistryCounty]) -> Vec<Agreement> {
    let mut out = Vec::new();
    for r in &h.rows {
        let counties = |keep: &dyn Fn(&RegistryCounty) -> bool| {
            let n = registry
                .iter()
                .filter(|c| {
                    r.province
                        .as_deref()
                        .is_none_or(|p| province(&c.province).is_some_and(|x| x.short == p))
                })
                .filter(|c| keep(c))
                .count();
            // A year or province with no county in the registry: nothing shipped.
            (n > 0).then(|| Decimal::from(n as i64))
        };
        let what = |w: String| match &r.province {
            Some(p) => format!("{p} {w}"),
            None => w,
        };
        let registry_from = match &r.province {
            Some(p) => format!("the registry of the 832, {p}"),
            None => "the registry of the 832".to_string(),
        };
        let (what, shipped, agrees, shipped_from) = match r.quantity {
            Quantity::LineYuan if r.province.is_none() => {
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
                (
                    format!("{} line {}", r.standard, r.year),
                    shipped,
                    shipped.is_none_or(|s| s == r.value),
                    format!("parameter `{id}`"),
                )
            }
            Quantity::CountyExits => {
                let shipped = counties(&|c| c.exit_year == r.year);
                (
                    what(format!("county exits {}", r.year)),
                    shipped,
                    shipped == Some(r.value),
                    format!("{registry_from} (exit_year)"),
                )
            }
            // The registry is the list of the 2012 round.
            Quantity::DesignatedCounties if r.standard == "std2011" => {
                let shipped = counties(&|_| true);
                (
                    what(format!("designated counties {}", r.year)),
                    shipped,
                    shipped == Some(r.value),
                    registry_from,
                )
            }
            Quantity::RemainingCounties => {
                let shipped = match &r.as_of {
                    Some(_) => counties(&|c| c.exit_year >= r.year),
                    None => counties(&|c| c.exit_year > r.year),
                };
                let when = r.as_of.clone().unwrap_or_else(|| r.year.to_string());
                (
                    what(format!("counties left {when}")),
                    shipped.or(Some(Decimal::ZERO)),
                    shipped.unwrap_or(Decimal::ZERO) == r.value,
                    format!("{registry_from} (exit_year)"),
                )
            }
            _ => continue,
        };
        out.push(Agreement {
            what,
            published: r.value,
            shipped,
            agrees,
            shipped_from,
        });
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

    fn get<'a>(
        h: &'a History,
        province: Option<&str>,
        s: &str,
        q: Quantity,
        y: i32,
    ) -> Option<&'a HistoryRow> {
        h.rows.iter().find(|r| {
            r.province.as_deref() == province
                && r.scope.is_none()
                && r.standard == s
                && r.quantity == q
                && r.year == y
        })
    }

    #[test]
    fn official_text_beats_press_for_2000_under_the_2008_standard() {
        // The white paper (official text) gives 94.23 million with the 865-yuan standard;
        // China Today (press) gave 94.22 million, kept as a copy under the source's `also`.
        let h = load(None).expect("bundled");
        let r = get(&h, None, "std2001", Quantity::PoorPopulation, 2000).expect("2000");
        assert_eq!(r.value, Decimal::from(9423));
        assert_eq!(r.source_key, "white-paper-2021-appendix");
        assert_eq!(r.grade, Grade::OfficialText);
        assert_eq!(r.status, Status::Confirmed);
        let src = &h.sources["white-paper-2021-appendix"];
        assert!(src.also.iter().any(|c| c.url.contains("chinatoday.com.cn")
            && c.grade == Grade::OfficialPress
            && c.note.contains("94.22 million")));
    }

    #[test]
    fn the_national_series_are_what_they_always_were_without_a_province() {
        // The default view is the national file, rows and sources, unchanged.
        let national = load(None).expect("national");
        let shown = select(None, &Query::default()).expect("default");
        assert_eq!(
            serde_json::to_string(&shown).expect("json"),
            serde_json::to_string(&national).expect("json")
        );
        assert!(shown.rows.iter().all(|r| r.province.is_none()
            && r.scope.is_none()
            && r.as_of.is_none()
            && Quantity::NATIONAL.contains(&r.quantity)));
        // A standard named by its NBS name keeps its id in the output.
        let by_name = select(
            None,
            &Query {
                standards: vec!["2008年标准".into()],
                ..Query::default()
            },
        )
        .expect("by name");
        let by_id = fupin_std("std2001");
        assert_eq!(
            serde_json::to_string(&by_name).expect("json"),
            serde_json::to_string(&by_id).expect("json")
        );
        assert!(by_name.rows.iter().all(|r| r.standard == "std2001"));
    }

    fn fupin_std(id: &str) -> History {
        select(
            None,
            &Query {
                standards: vec![id.into()],
                ..Query::default()
            },
        )
        .expect("by id")
    }

    #[test]
    fn guizhou_has_its_series_under_any_of_its_names() {
        let q = |name: &str| Query {
            province: Some(name.into()),
            ..Query::default()
        };
        let h = select(None, &q("贵州")).expect("贵州");
        for name in ["贵州省", "Guizhou", " guizhou "] {
            let other = select(None, &q(name)).expect(name);
            assert_eq!(
                serde_json::to_string(&other).expect("json"),
                serde_json::to_string(&h).expect("json"),
                "{name}"
            );
        }
        assert!(h.rows.iter().all(|r| r.province.as_deref() == Some("贵州")));
        // Seed 004 (China News Service, 2020-11-23): incidence 26.8% in 2012 and 0.85% in
        // 2019; 9.23 million registered poor in 2012, 308,000 at the end of 2019; incomes in
        // 2020; 66 counties, 9 left at the end of 2019, out in 2020.
        let value = |q: Quantity, y: i32| {
            get(&h, Some("贵州"), "std2011", q, y)
                .map(|r| r.value.to_string())
                .unwrap_or_default()
        };
        assert_eq!(value(Quantity::IncidencePct, 2012), "26.8");
        assert_eq!(value(Quantity::IncidencePct, 2019), "0.85");
        assert_eq!(value(Quantity::PoorPopulation, 2012), "923");
        assert_eq!(value(Quantity::PoorPopulation, 2019), "30.8");
        assert_eq!(value(Quantity::PoorIncomeYuan, 2020), "9925.38");
        assert_eq!(value(Quantity::DesignatedCounties, 2012), "66");
        assert_eq!(value(Quantity::RemainingCounties, 2019), "9");
        assert_eq!(value(Quantity::CountyExits, 2020), "9");
        let nine = h
            .rows
            .iter()
            .find(|r| r.scope.is_some() && r.quantity == Quantity::PoorIncomeYuan)
            .expect("the nine counties' income");
        assert_eq!(nine.value.to_string(), "11487.39");
        assert_eq!(nine.as_of.as_deref(), Some("2020-11-23"));
        // Seed 001 (China.org.cn, 2020-06-28): nine counties left in mid-2020.
        let mid = h
            .rows
            .iter()
            .find(|r| r.as_of.as_deref() == Some("2020-06-28"))
            .expect("mid-2020");
        assert_eq!(
            (
                mid.quantity,
                mid.value.to_string().as_str(),
                mid.source_key.as_str()
            ),
            (Quantity::RemainingCounties, "9", "china-org-2020-06-28")
        );
        assert!(h.rows.iter().all(|r| r.status == Status::Confirmed
            && r.grade == Grade::OfficialPress
            && h.sources.contains_key(&r.source_key)));
    }

    #[test]
    fn the_seven_provinces_left_in_mid_2020_add_up_to_52_counties() {
        let all = bundled().expect("bundled");
        let left: Vec<&HistoryRow> = all
            .rows
            .iter()
            .filter(|r| {
                r.quantity == Quantity::RemainingCounties
                    && r.as_of.as_deref() == Some("2020-06-28")
            })
            .collect();
        assert_eq!(left.len(), 7);
        let sum: Decimal = left.iter().map(|r| r.value).sum();
        assert_eq!(sum, Decimal::from(52));
        // Ningxia's one is worked out from the 52, and says so.
        let ningxia = left
            .iter()
            .find(|r| r.province.as_deref() == Some("宁夏"))
            .expect("宁夏");
        assert!(
            ningxia
                .derived
                .as_deref()
                .is_some_and(|d| d.starts_with("52"))
        );
    }

    #[test]
    fn the_designation_rounds() {
        let h = select(
            None,
            &Query {
                designations: true,
                ..Query::default()
            },
        )
        .expect("designations");
        let rounds: Vec<(i32, &str, String)> = h
            .rows
            .iter()
            .map(|r| (r.year, r.standard.as_str(), r.value.to_string()))
            .collect();
        assert_eq!(
            rounds,
            [
                (1986, "std1986", "331".to_string()),
                (1994, "std1986", "592".to_string()),
                (2001, "std2001", "592".to_string()),
                (2012, "std2011", "832".to_string()),
            ]
        );
        let r2012 = &h.rows[3];
        assert_eq!(
            r2012.derived.as_deref(),
            Some("592 key counties + 680 contiguous-area counties - 440 counties that are both")
        );
        assert_eq!(592 + 680 - 440, 832);
        assert!(h.rows.iter().all(|r| r.grade == Grade::OfficialPress));
    }

    #[test]
    fn provinces_without_series_and_unknown_names_are_refused() {
        let err = |q: Query| select(None, &q).expect_err("refused").to_string();
        let e = err(Query {
            province: Some("浙江".into()),
            ..Query::default()
        });
        assert!(
            e.contains("--province 浙江: no published provincial series"),
            "{e}"
        );
        assert!(e.contains("贵州 (Guizhou)"), "{e}");
        let e = err(Query {
            province: Some("Atlantis".into()),
            ..Query::default()
        });
        assert!(e.contains("not a province"), "{e}");
        let e = err(Query {
            province: Some("贵州".into()),
            standards: vec!["1978年标准".into()],
            ..Query::default()
        });
        assert_eq!(e, "--standard std1986: no published series for 贵州");
        let e = err(Query {
            standards: vec!["std1999".into()],
            ..Query::default()
        });
        assert!(
            e.starts_with("--standard: unknown standard `std1999` (accepted: std1986 (1978,"),
            "{e}"
        );
    }

    #[test]
    fn every_bundled_county_count_agrees_with_the_registry() {
        let registry = crate::setup::registry::load(None).expect("registry");
        let all = bundled().expect("bundled");
        let agreements = check(&all, &ParameterStore::new(), &registry);
        let bad: Vec<_> = agreements.iter().filter(|a| !a.agrees).collect();
        assert!(bad.is_empty(), "{bad:#?}");
        for what in [
            "designated counties 2012",
            "贵州 designated counties 2012",
            "贵州 county exits 2020",
            "贵州 counties left 2019",
            "宁夏 counties left 2020-06-28",
            "county exits 2018",
        ] {
            assert!(agreements.iter().any(|a| a.what == what), "{what}");
        }
        // A province's value is compared with its own counties only.
        let mut wrong = select(
            None,
            &Query {
                province: Some("Guizhou".into()),
                ..Query::default()
            },
        )
        .expect("贵州");
        for r in &mut wrong.rows {
            if r.quantity == Quantity::CountyExits {
                r.value = Decimal::from(10);
            }
        }
        let a = check(&wrong, &ParameterStore::new(), &registry);
        let exits = a
            .iter()
            .find(|a| a.what == "贵州 county exits 2020")
            .expect("exits");
        assert_eq!(
            (exits.agrees, exits.shipped),
            (false, Some(Decimal::from(9)))
        );
    }

    #[test]
    fn the_bundled_files_agree_on_shared_sources_and_every_province_is_named() {
        let all = bundled().expect("bundled");
        assert!(
            all.rows
                .iter()
                .all(|r| all.sources.contains_key(&r.source_key))
        );
        for r in all.rows.iter().filter_map(|r| r.province.as_deref()) {
            let p = province(r).expect("a province");
            assert_eq!(province(p.full), Some(p));
            assert_eq!(province(&p.english.to_uppercase()), Some(p));
        }
        assert_eq!(province("广西壮族自治区").map(|p| p.short), Some("广西"));
        assert_eq!(province("Tibet").map(|p| p.full), Some("西藏自治区"));
        assert_eq!(province("Atlantis"), None);
        // Row labels: national ones as docs/sources.md always gave them.
        let national = load(None).expect("national");
        assert_eq!(national.rows[0].label(), "std1986 poor_population 1978");
        assert!(
            all.rows
                .iter()
                .any(|r| r.label() == "贵州 std2011 remaining_counties 2020-06-28")
        );
    }

    #[test]
    fn provincial_fields_are_checked() {
        let base = "[sources.s]\ntitle = \"t\"\nissuer = \"i\"\ndate = \"2020\"\ngrade = \"press\"\n\n\
                    [[series]]\nprovince = \"贵州\"\nstandard = \"std2011\"\nquantity = \"poor_population\"\n\
                    values = [{ year = 2020, as_of = \"2020-06-28\", value = 1.88, source = \"s\" }]\n";
        let ok = parse("f", base).expect("ok");
        assert_eq!(ok.rows[0].value.to_string(), "1.88");
        for (from, to, expect) in [
            ("\"贵州\"", "\"贵州省\"", "unknown province `贵州省`"),
            (
                "2020-06-28",
                "2021-06-28",
                "is not a date (YYYY-MM-DD) in 2020",
            ),
            ("2020-06-28", "2020-6-28", "is not a date"),
            ("2020-06-28", "2020-02-30", "is not a date"),
            (
                "province = \"贵州\"\n",
                "province = \"贵州\"\nscope = \" \"\n",
                "an empty `scope`",
            ),
            ("value = 1.88", "value = -1", "negative"),
        ] {
            let text = base.replacen(from, to, 1);
            let err = parse("f", &text).expect_err(expect).to_string();
            assert!(
                err.contains(expect) && err.starts_with("f:"),
                "{from}: {err}"
            );
        }
        // One value per province, scope, standard, quantity and year: a scope apart is fine.
        let twice = base.replace(
            "{ year = 2020, as_of = \"2020-06-28\", value = 1.88, source = \"s\" }",
            "{ year = 2020, value = 1, source = \"s\" }, { year = 2020, value = 2, source = \"s\" }",
        );
        assert!(
            parse("f", &twice)
                .expect_err("twice")
                .to_string()
                .contains("given twice")
        );
        let apart = format!(
            "{base}\n[[series]]\nprovince = \"贵州\"\nscope = \"part\"\nstandard = \"std2011\"\n\
             quantity = \"poor_population\"\nvalues = [{{ year = 2020, value = 1, source = \"s\" }}]\n"
        );
        assert_eq!(parse("f", &apart).expect("apart").rows.len(), 2);
    }
}
