//! Counties, villages and households.
//!
//! Counties and villages are few (832 poverty counties, 128,000 poor villages) and are kept
//! as rows. Households are many (about 30 million registered in 2014–2020) and are kept as
//! columns in batches ([`HouseholdBatch`]), so that household rules run over arrays, not one
//! object per household.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// The region a county belongs to (domain.md A2): west means the 12 provinces of the western
/// development region; the exit thresholds are 3% there and 2% elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// Eastern provinces.
    East,
    /// Central provinces.
    Central,
    /// The 12 western-development provinces.
    West,
}

impl Region {
    /// The lower-case name used in data and parameter ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::East => "east",
            Region::Central => "central",
            Region::West => "west",
        }
    }

    /// The region of a province by the western-development definition (domain.md A2), for
    /// provinces named in Chinese (full or short form) or in English.
    pub fn of_province(province: &str) -> Option<Region> {
        const WEST: [&str; 12] = [
            "内蒙古",
            "广西",
            "重庆",
            "四川",
            "贵州",
            "云南",
            "西藏",
            "陕西",
            "甘肃",
            "青海",
            "宁夏",
            "新疆",
        ];
        const CENTRAL: [&str; 8] = [
            "山西",
            "吉林",
            "黑龙江",
            "安徽",
            "江西",
            "河南",
            "湖北",
            "湖南",
        ];
        const EAST: [&str; 11] = [
            "北京", "天津", "河北", "辽宁", "上海", "江苏", "浙江", "福建", "山东", "广东", "海南",
        ];
        const WEST_EN: [&str; 12] = [
            "inner mongolia",
            "guangxi",
            "chongqing",
            "sichuan",
            "guizhou",
            "yunnan",
            "tibet",
            "shaanxi",
            "gansu",
            "qinghai",
            "ningxia",
            "xinjiang",
        ];
        const CENTRAL_EN: [&str; 8] = [
            "shanxi",
            "jilin",
            "heilongjiang",
            "anhui",
            "jiangxi",
            "henan",
            "hubei",
            "hunan",
        ];
        const EAST_EN: [&str; 11] = [
            "beijing",
            "tianjin",
            "hebei",
            "liaoning",
            "shanghai",
            "jiangsu",
            "zhejiang",
            "fujian",
            "shandong",
            "guangdong",
            "hainan",
        ];
        let p = province.trim();
        let lower = p.to_ascii_lowercase();
        let starts = |list: &[&str]| list.iter().any(|n| p.starts_with(n));
        let named = |list: &[&str]| list.iter().any(|n| lower == *n);
        if starts(&WEST) || named(&WEST_EN) {
            Some(Region::West)
        } else if starts(&CENTRAL) || named(&CENTRAL_EN) {
            Some(Region::Central)
        } else if starts(&EAST) || named(&EAST_EN) {
            Some(Region::East)
        } else {
            None
        }
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "east" | "East" | "东部" => Ok(Region::East),
            "central" | "Central" | "中部" => Ok(Region::Central),
            "west" | "West" | "西部" => Ok(Region::West),
            other => Err(format!(
                "`{other}` is not a region (east, central, west, 东部, 中部, 西部)"
            )),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the county table: a county in one income year (design.md §6).
///
/// Optional fields are `None` when the column is absent or the cell is empty; a rule that
/// needs a value states its column, and the loader requires the column.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct County {
    /// 6-digit GB/T 2260 code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Region (east, central, west).
    pub region: Option<Region>,
    /// Ethnic autonomous county.
    pub ethnic_autonomous: Option<bool>,
    /// Old revolutionary base county.
    pub old_revolutionary_base: Option<bool>,
    /// Land-border county.
    pub border: Option<bool>,
    /// Pastoral or semi-pastoral county.
    pub pastoral: Option<bool>,
    /// In one of the 14 contiguous destitute areas.
    pub contiguous_area: Option<bool>,
    /// The year the yearly values refer to.
    pub income_year: Option<i32>,
    /// Rural net income per capita, yuan.
    pub net_income_per_capita: Option<Money>,
    /// Rural population, persons.
    pub rural_population: Option<i64>,
    /// Poor population, persons.
    pub poor_population: Option<i64>,
    /// Low-income population (between the absolute and the low-income line), persons
    /// (addition to the canonical columns, read by the 2001 "631" method).
    pub low_income_population: Option<i64>,
    /// GDP per capita, yuan.
    pub gdp_per_capita: Option<Money>,
    /// Local fiscal revenue per capita, yuan.
    pub fiscal_revenue_per_capita: Option<Money>,
    /// Designated in the previous round.
    pub designated_before: Option<bool>,
    /// False-exit rate found by the evaluation, percent.
    pub false_exit_pct: Option<Decimal>,
    /// Missed-assessment rate found by the evaluation, percent.
    pub missed_pct: Option<Decimal>,
    /// Public approval found by the evaluation, percent.
    pub approval_pct: Option<Decimal>,
    /// Days the exit list was publicly noticed.
    pub notice_days: Option<i64>,
    /// Objections received during the notice.
    pub notice_objections: Option<i64>,
    /// Non-canonical columns a rule asked for (profile indicators, plugins), as text; and
    /// `exit_year` and `deep_poverty` whenever the table has them (the monitoring rules read
    /// them when given).
    pub extra: BTreeMap<String, String>,
    /// The year the county exited poverty (摘帽) by the registry of the 832 that fupin ships,
    /// filled in by the engine; `None` for a county not in the registry. It is the year whose
    /// data the exit was assessed on; the exit was approved or announced later
    /// ([`County::registry_exit_date`]).
    pub registry_exit_year: Option<i32>,
    /// When the county's exit was approved or announced, by the registry of the 832 that
    /// fupin ships, filled in by the engine; `None` for a county not in the registry.
    pub registry_exit_date: Option<ExitDate>,
    /// 1-based data row in its file (the header is row 1), for messages.
    pub row: usize,
}

/// When a county's exit (摘帽) was approved or announced (`data/registry/exit_dates.toml`):
/// the county's own date where a source gives it, else its exit batch's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExitDate {
    /// `YYYY-MM-DD`, or `YYYY-MM` where the source gives only the month.
    pub date: String,
    /// Its year.
    pub year: i32,
    /// Whose date it is.
    pub of: ExitDateOf,
    /// What happened on it (approved by the province, announced).
    pub event: String,
    /// Where it was read.
    pub source: String,
}

/// Whose date an [`ExitDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitDateOf {
    /// The county's own approval or announcement.
    County,
    /// The latest date of the county's exit batch: the county had exited by then.
    Batch,
}

impl ExitDateOf {
    /// `county` or `batch`, as in the registry file.
    pub fn as_str(self) -> &'static str {
        match self {
            ExitDateOf::County => "county",
            ExitDateOf::Batch => "batch",
        }
    }
}

impl fmt::Display for ExitDate {
    /// `2017-02-25 (the county's own: EVENT; SOURCE)` or `by 2017-11-01 (its batch's: …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.of {
            ExitDateOf::County => write!(f, "{} (the county's own", self.date)?,
            ExitDateOf::Batch => write!(f, "by {} (its batch's, the batch's latest", self.date)?,
        }
        write!(f, ": {}; {})", self.event, self.source)
    }
}

/// All county rows, long format: a county may appear once per income year.
#[derive(Debug, Clone, Default)]
pub struct CountyTable {
    rows: Vec<County>,
    codes: Vec<String>,
    by_code: BTreeMap<String, Vec<usize>>,
}

impl CountyTable {
    /// Build from rows; the caller has checked that (code, income_year) is unique.
    pub fn new(rows: Vec<County>) -> Self {
        let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            by_code.entry(r.code.clone()).or_default().push(i);
        }
        for idx in by_code.values_mut() {
            idx.sort_by_key(|&i| rows[i].income_year);
        }
        let codes = by_code.keys().cloned().collect();
        CountyTable {
            rows,
            codes,
            by_code,
        }
    }

    /// Distinct county codes, sorted.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Number of distinct counties.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there are no counties.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Index of a code in [`codes`](Self::codes).
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.codes.binary_search_by(|c| c.as_str().cmp(code)).ok()
    }

    /// All rows.
    pub fn rows(&self) -> &[County] {
        &self.rows
    }

    /// The row of a county for `year`: the row whose `income_year` equals it, or the only
    /// row when the table has no year for that county.
    pub fn row(&self, code: &str, year: i32) -> Option<&County> {
        let idx = self.by_code.get(code)?;
        let exact = idx
            .iter()
            .map(|&i| &self.rows[i])
            .find(|r| r.income_year == Some(year));
        exact.or_else(|| match idx.as_slice() {
            [only] if self.rows[*only].income_year.is_none() => Some(&self.rows[*only]),
            _ => None,
        })
    }

    /// Any row of a county (for its name, province and region).
    pub fn any_row(&self, code: &str) -> Option<&County> {
        self.by_code.get(code).map(|idx| &self.rows[idx[0]])
    }

    /// The income years present for a county.
    pub fn years(&self, code: &str) -> Vec<i32> {
        self.by_code
            .get(code)
            .map(|idx| {
                idx.iter()
                    .filter_map(|&i| self.rows[i].income_year)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// One village (design.md §6).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Village {
    /// Village code.
    pub code: String,
    /// County code.
    pub county: String,
    /// Name.
    pub name: String,
    /// Population, persons.
    pub population: Option<i64>,
    /// Poor population, persons.
    pub poor_population: Option<i64>,
    /// 1-based row in its file, for messages; 0 when derived from household data.
    pub row: usize,
}

/// All villages, sorted by code.
#[derive(Debug, Clone, Default)]
pub struct VillageTable {
    villages: Vec<Village>,
}

impl VillageTable {
    /// Build from villages; the caller has checked codes are unique.
    pub fn new(mut villages: Vec<Village>) -> Self {
        villages.sort_by(|a, b| a.code.cmp(&b.code));
        VillageTable { villages }
    }

    /// All villages.
    pub fn villages(&self) -> &[Village] {
        &self.villages
    }

    /// Index of a code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.villages
            .binary_search_by(|v| v.code.as_str().cmp(code))
            .ok()
    }

    /// Number of villages.
    pub fn len(&self) -> usize {
        self.villages.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.villages.is_empty()
    }
}

/// The five guarantees of the household exit test, as bits of [`HouseholdBatch::guarantees`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guarantee {
    /// 不愁吃、不愁穿: enough food and clothing.
    FoodClothing = 1,
    /// 义务教育有保障: compulsory education.
    CompulsoryEducation = 2,
    /// 基本医疗有保障: basic medical care.
    BasicMedical = 4,
    /// 住房安全有保障: safe housing.
    SafeHousing = 8,
    /// 饮水安全有保障: safe drinking water.
    SafeWater = 16,
}

impl Guarantee {
    /// All five, in column order.
    pub const ALL: [Guarantee; 5] = [
        Guarantee::FoodClothing,
        Guarantee::CompulsoryEducation,
        Guarantee::BasicMedical,
        Guarantee::SafeHousing,
        Guarantee::SafeWater,
    ];

    /// The bit.
    pub fn bit(self) -> u8 {
        self as u8
    }

    /// The canonical column name.
    pub fn column(self) -> &'static str {
        match self {
            Guarantee::FoodClothing => "food_clothing",
            Guarantee::CompulsoryEducation => "compulsory_education",
            Guarantee::BasicMedical => "basic_medical",
            Guarantee::SafeHousing => "safe_housing",
            Guarantee::SafeWater => "safe_water",
        }
    }
}

/// Sentinel village index for a household with no village.
pub const NO_VILLAGE: u32 = u32::MAX;

/// A household's status in the poverty registry (建档立卡), the optional household column
/// `registry_status` that the monitoring rules read (an addition to the canonical columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryStatus {
    /// Never registered as poor (一般农户).
    NeverPoor = 1,
    /// Registered as poor and exited (脱贫户).
    Exited = 2,
    /// Registered as poor and not exited (未脱贫户).
    NotExited = 3,
}

impl RegistryStatus {
    /// The three statuses.
    pub const ALL: [RegistryStatus; 3] = [
        RegistryStatus::NeverPoor,
        RegistryStatus::Exited,
        RegistryStatus::NotExited,
    ];

    /// The name used in data and output.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistryStatus::NeverPoor => "never_poor",
            RegistryStatus::Exited => "exited",
            RegistryStatus::NotExited => "not_exited",
        }
    }

    /// The status of a column code (`1`, `2`, `3`), `None` for anything else.
    pub fn from_code(code: u8) -> Option<RegistryStatus> {
        RegistryStatus::ALL.into_iter().find(|s| *s as u8 == code)
    }

    /// Whether the household is in the poverty registry (exited or not).
    pub fn registered(self) -> bool {
        self != RegistryStatus::NeverPoor
    }
}

impl FromStr for RegistryStatus {
    type Err = String;

    /// The English names, their Chinese equivalents, or the codes 1, 2, 3.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "never_poor" | "一般农户" | "一般户" | "1" => Ok(RegistryStatus::NeverPoor),
            "exited" | "脱贫户" | "已脱贫" | "2" => Ok(RegistryStatus::Exited),
            "not_exited" | "未脱贫户" | "未脱贫" | "3" => Ok(RegistryStatus::NotExited),
            _ => Err(
                "is not a registry status (never_poor, exited, not_exited; 一般农户, 脱贫户, \
                 未脱贫户; or 1, 2, 3)"
                    .to_string(),
            ),
        }
    }
}

/// Households as columns: one batch of rows of the household table.
///
/// Indices refer to the run's [`CountyTable::codes`] and [`VillageTable`]. Money is fen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HouseholdBatch {
    /// Household ids (may be empty when ids are not needed).
    pub ids: Vec<String>,
    /// County index.
    pub county: Vec<u32>,
    /// Village index, or [`NO_VILLAGE`].
    pub village: Vec<u32>,
    /// Persons in the household (at least 1).
    pub size: Vec<u32>,
    /// Income year.
    pub year: Vec<i32>,
    /// Net income per capita.
    pub income: Vec<Money>,
    /// Guarantees met, as bits of [`Guarantee`].
    pub guarantees: Vec<u8>,
    /// Which guarantee columns were present in the input.
    pub guarantees_known: u8,
    /// Registry status as [`RegistryStatus`] codes (empty when the column is absent).
    pub status: Vec<u8>,
    /// Rigid expenditure per capita (illness, disability, disaster), when the column
    /// `rigid_expenditure_per_capita` is given (empty otherwise).
    pub rigid_expenditure: Vec<Money>,
    /// The sudden-hardship flag, when the column `sudden_hardship` is given (empty
    /// otherwise).
    pub sudden_hardship: Vec<bool>,
    /// 1-based file row of the batch's first household, for messages.
    pub first_row: usize,
}

impl HouseholdBatch {
    /// Number of households.
    pub fn len(&self) -> usize {
        self.county.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.county.is_empty()
    }

    /// The id of household `i`, or its row number when ids were not kept.
    pub fn id(&self, i: usize) -> String {
        self.ids
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("row {}", self.first_row + i))
    }
}

/// Per-unit tallies of persons, folded from household results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Households.
    pub households: i64,
    /// Persons in all households.
    pub persons: i64,
    /// Persons in households classified poor.
    pub poor_persons: i64,
    /// Persons in households that fail the household exit test (still poor, domain.md A4).
    pub remaining_persons: i64,
    /// Persons in households the monitoring test selects (any category); left out of the
    /// JSON when zero, so runs without the monitoring test read as before.
    #[serde(skip_serializing_if = "is_zero")]
    pub monitored_persons: i64,
    /// Persons in households of the poverty registry (exited or not), the denominator of
    /// the monitoring scale (left out of the JSON when zero).
    #[serde(skip_serializing_if = "is_zero")]
    pub registered_persons: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl Tally {
    /// Add another tally.
    pub fn add(&mut self, other: &Tally) {
        self.households += other.households;
        self.persons += other.persons;
        self.poor_persons += other.poor_persons;
        self.remaining_persons += other.remaining_persons;
        self.monitored_persons += other.monitored_persons;
        self.registered_persons += other.registered_persons;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_provinces_follow_a2() {
        assert_eq!(Region::of_province("内蒙古自治区"), Some(Region::West));
        assert_eq!(Region::of_province("陕西省"), Some(Region::West));
        assert_eq!(Region::of_province("山西省"), Some(Region::Central));
        assert_eq!(Region::of_province("河北省"), Some(Region::East));
        assert_eq!(Region::of_province("海南省"), Some(Region::East));
        assert_eq!(Region::of_province("Shaanxi"), Some(Region::West));
        assert_eq!(Region::of_province("Shanxi"), Some(Region::Central));
        assert_eq!(Region::of_province("Atlantis"), None);
    }

    #[test]
    fn county_rows_by_year() {
        let row = |code: &str, year: Option<i32>| County {
            code: code.into(),
            income_year: year,
            ..County::default()
        };
        let t = CountyTable::new(vec![
            row("530113", Some(2019)),
            row("530113", Some(2018)),
            row("130631", None),
        ]);
        assert_eq!(t.codes(), ["130631", "530113"]);
        assert_eq!(
            t.row("530113", 2018).and_then(|r| r.income_year),
            Some(2018)
        );
        assert!(t.row("530113", 2020).is_none());
        assert!(t.row("130631", 2020).is_some());
        assert_eq!(t.years("530113"), vec![2018, 2019]);
    }
}
