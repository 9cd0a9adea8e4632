//! Poverty measures over household data under each standard: the Foster–Greer–Thorbecke
//! family FGT(α) for α = 0 (headcount ratio), 1 (poverty gap) and 2 (squared gap), weighted
//! by household size (persons), by village, county or province.
//!
//! Each standard's line is its defining value (206 yuan at 1985 prices, 865 at 2000 prices,
//! 2,300 at 2010 prices) moved to each household's income year by the price chain
//! (domain.md A3), so the three eras are compared over the same data in constant prices.
//! Whether a household is poor is decided exactly (income < line, in fen); the gaps
//! `(line − income) / line` are ratios and so do not depend on the price level shown
//! (`--prices` changes only the lines and the mean shortfall reported in yuan).
//! Households of the assessment year are measured.

use std::collections::{BTreeMap, HashMap};

use fupin_core::Money;
use fupin_core::prices::PriceChain;
use fupin_core::rule::{StandardInfo, all_standards};
use fupin_core::standard::line_for_year;
use fupin_core::units::{CountyTable, NO_VILLAGE, VillageTable};
use serde::Serialize;

use crate::error::{EngineError, Result};
use crate::eval::assess::AssessOptions;
use crate::input;
use crate::setup::plan::Plan;

/// Schema name of the measures document.
pub const SCHEMA: &str = "fupin.measures.v1";

/// Grouping of the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// By village.
    Village,
    /// By county.
    County,
    /// By province.
    Province,
}

/// A standard's line as used.
#[derive(Debug, Clone, Serialize)]
pub struct LineUsed {
    /// Standard id.
    pub standard: String,
    /// The defining value and its price year.
    pub base_line: Money,
    /// Its price year.
    pub base_year: i32,
    /// The line in the reporting prices.
    pub line: Money,
    /// The reporting price year.
    pub prices: i32,
    /// Every value in its chain is confirmed.
    pub confirmed: bool,
    /// The index.
    pub index: &'static str,
}

/// FGT measures of one group under one standard.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Fgt {
    /// Persons in poor households.
    pub poor_persons: i64,
    /// FGT(0): headcount ratio.
    pub p0: f64,
    /// FGT(1): poverty gap index.
    pub p1: f64,
    /// FGT(2): squared poverty gap index.
    pub p2: f64,
    /// Mean shortfall per poor person, yuan in the reporting prices.
    pub mean_shortfall: f64,
}

/// One group.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Village code, county code or province.
    pub key: String,
    /// Name (villages and counties).
    pub name: String,
    /// Households measured.
    pub households: i64,
    /// Persons measured.
    pub persons: i64,
    /// Measures by standard.
    pub measures: BTreeMap<String, Fgt>,
}

/// The measures document.
#[derive(Debug, Clone, Serialize)]
pub struct Measures {
    /// Schema name.
    pub schema: &'static str,
    /// Profile name.
    pub profile: String,
    /// Income year measured.
    pub year: i32,
    /// Grouping.
    pub by: GroupBy,
    /// Lines used.
    pub lines: Vec<LineUsed>,
    /// Groups, by key.
    pub groups: Vec<Group>,
    /// All households.
    pub total: Group,
}

/// Exact sums of one group: persons poor, and the gaps in fen (`Σ size × (z − y)`) and
/// squared gaps (`Σ size × (z − y)²`) under each line. Integer sums, so the result does not
/// depend on the order households are added in (or the number of threads).
#[derive(Default, Clone)]
struct Acc {
    households: i64,
    persons: i64,
    poor: Vec<i64>,
    gap: Vec<i128>,
    gap2: Vec<i128>,
}

impl Acc {
    fn new(n: usize) -> Acc {
        Acc {
            poor: vec![0; n],
            gap: vec![0; n],
            gap2: vec![0; n],
            ..Acc::default()
        }
    }

    fn add(&mut self, o: &Acc) {
        self.households += o.households;
        self.persons += o.persons;
        for k in 0..self.poor.len() {
            self.poor[k] += o.poor[k];
            self.gap[k] += o.gap[k];
            self.gap2[k] += o.gap2[k];
        }
    }

    fn household(&mut self, size: i64, income: i64, z_fen: &[i64]) {
        self.households += 1;
        self.persons += size;
        for (k, z) in z_fen.iter().enumerate() {
            if income < *z {
                let g = i128::from(*z - income);
                self.poor[k] += size;
                self.gap[k] += i128::from(size) * g;
                self.gap2[k] += i128::from(size) * g * g;
            }
        }
    }

    fn finish(
        &self,
        key: String,
        name: String,
        stds: &[StandardInfo],
        z_fen: &[i64],
        to_report: &[f64],
    ) -> Group {
        let n = self.persons.max(1) as f64;
        let round = |x: f64| (x * 1e6).round() / 1e6;
        Group {
            key,
            name,
            households: self.households,
            persons: self.persons,
            measures: stds
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let z = z_fen[i].max(1) as f64;
                    (
                        s.id.to_string(),
                        Fgt {
                            poor_persons: self.poor[i],
                            p0: round(self.poor[i] as f64 / n),
                            p1: round(self.gap[i] as f64 / z / n),
                            p2: round(self.gap2[i] as f64 / (z * z) / n),
                            mean_shortfall: if self.poor[i] > 0 {
                                (self.gap[i] as f64 / 100.0 * to_report[i] / self.poor[i] as f64
                                    * 100.0)
                                    .round()
                                    / 100.0
                            } else {
                                0.0
                            },
                        },
                    )
                })
                .collect(),
        }
    }
}

/// Compute the measures.
pub fn measures(
    plan: &Plan,
    opts: &AssessOptions,
    standards: &[String],
    by: GroupBy,
    prices: Option<i32>,
) -> Result<Measures> {
    let p = &plan.profile;
    let memory = |t: &str| {
        let label = crate::input::arrow::ArrowTables::label(t);
        opts.arrow
            .as_deref()
            .and_then(|a| a.get(&label))
            .map(|_| label)
    };
    let counties_path = memory("counties")
        .or_else(|| opts.counties.clone())
        .or_else(|| p.data.counties.clone())
        .ok_or_else(|| EngineError::Config("measures need the county table".into()))?;
    let households_path = memory("households")
        .or_else(|| opts.households.clone())
        .or_else(|| p.data.households.clone())
        .ok_or_else(|| EngineError::Config("measures need household data (--households)".into()))?;
    let villages_path = memory("villages")
        .or_else(|| opts.villages.clone())
        .or_else(|| p.data.villages.clone());
    let registered = all_standards();
    let stds: Vec<StandardInfo> = if standards.is_empty() {
        registered.clone()
    } else {
        let known: Vec<&str> = registered.iter().map(|s| s.id).collect();
        crate::setup::standards::resolve_all(standards, &known)
            .map_err(|m| EngineError::Config(format!("--standard: {m}")))?
            .iter()
            .filter_map(|id| registered.iter().find(|s| s.id == id).copied())
            .collect()
    };
    let mut rejects = input::Rejects::new(opts.on_bad_row);
    let counties: CountyTable =
        input::read_counties_in(&counties_path, opts.arrow.as_deref(), &[], &mut rejects)?;
    let villages: Option<VillageTable> = villages_path
        .as_deref()
        .map(|v| input::read_villages_in(v, opts.arrow.as_deref(), &counties, &[], &mut rejects))
        .transpose()?;
    let chain = PriceChain::new(&plan.params, &registered);
    let year = plan.year;
    let report_year = prices.unwrap_or(year);
    let mut lines = Vec::new();
    let mut z_fen = Vec::new();
    for s in &stds {
        let base = line_for_year(&plan.params, s.id, s.line_parameter, s.base_year)
            .map_err(|e| EngineError::Config(e.to_string()))?;
        let at_year = chain
            .convert(base.line, s.base_year, year)
            .map_err(|e| EngineError::Config(format!("{}: {e}", s.id)))?;
        let at_report = chain
            .convert(base.line, s.base_year, report_year)
            .map_err(|e| EngineError::Config(format!("{}: {e}", s.id)))?;
        z_fen.push(at_year.amount.fen());
        lines.push(LineUsed {
            standard: s.id.to_string(),
            base_line: base.line,
            base_year: s.base_year,
            line: at_report.amount,
            prices: report_year,
            confirmed: base.confirmed && at_year.confirmed && at_report.confirmed,
            // The index of either conversion that went past the last line by the CPI.
            index: if at_report.index == fupin_core::prices::INDEX_NAME_WITH_CPI {
                at_report.index
            } else {
                at_year.index
            },
        });
    }
    // Shortfalls are reported in the reporting prices: scale by line(report) / line(year).
    let to_report: Vec<f64> = lines
        .iter()
        .zip(&z_fen)
        .map(|(l, z)| l.line.fen() as f64 / (*z).max(1) as f64)
        .collect();

    let n = stds.len();
    let needs = vec![(
        "net_income_per_capita".to_string(),
        "poverty measures need incomes".to_string(),
    )];
    let spec = crate::input::scan::Spec {
        path: &households_path,
        counties: &counties,
        villages: villages.as_ref(),
        needs: &needs,
        read_ids: true,
        read_village: by == GroupBy::Village,
        policy: opts.on_bad_row,
        batch_rows: opts.batch_rows.unwrap_or(input::BATCH_ROWS),
        progress: None,
        chunk_bytes: crate::input::scan::CSV_CHUNK_BYTES,
        large_results: false,
        memory: opts.arrow.as_deref().and_then(|a| a.get(&households_path)),
    };
    // Per batch: sums by (county, village) index; merged in file order.
    let process = |piece: &crate::input::scan::Piece<'_>| -> Result<HashMap<(u32, u32), Acc>> {
        let b = piece.batch;
        let mut m: HashMap<(u32, u32), Acc> = HashMap::new();
        for i in 0..b.len() {
            if b.year[i] != year {
                continue;
            }
            m.entry((b.county[i], b.village[i]))
                .or_insert_with(|| Acc::new(n))
                .household(i64::from(b.size[i]), b.income[i].fen(), &z_fen);
        }
        Ok(m)
    };
    let sums = std::sync::Mutex::new(HashMap::<(u32, u32), Acc>::new());
    let info = crate::input::scan::scan(
        &spec,
        &process,
        &mut |m, merged| {
            let mut all = sums
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for ((c, v), a) in m {
                let v = if v == NO_VILLAGE || merged.village_map.is_empty() {
                    v
                } else {
                    merged.village_map[v as usize]
                };
                all.entry((c, v)).or_insert_with(|| Acc::new(n)).add(&a);
            }
            Ok(())
        },
        &mut || {
            sums.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clear()
        },
    )?;
    let derived = info.derived.as_ref();
    let vt = villages.as_ref().or(derived.map(|d| &d.0));
    let village_code = |v: u32| -> Option<String> {
        if v == NO_VILLAGE {
            return None;
        }
        let i = match derived {
            Some((_, remap)) => *remap.get(v as usize)?,
            None => v,
        };
        vt.map(|t| t.villages()[i as usize].code.clone())
    };
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    let mut total = Acc::new(n);
    for ((c, v), a) in sums
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        let county = &counties.codes()[c as usize];
        let key = match by {
            GroupBy::County => county.clone(),
            GroupBy::Province => counties
                .any_row(county)
                .map(|r| r.province.clone())
                .unwrap_or_default(),
            GroupBy::Village => village_code(v).unwrap_or_else(|| format!("{county} (no village)")),
        };
        groups.entry(key).or_insert_with(|| Acc::new(n)).add(&a);
        total.add(&a);
    }
    let name_of = |key: &str| match by {
        GroupBy::County => counties
            .any_row(key)
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        GroupBy::Village => vt
            .and_then(|t| t.index_of(key).map(|i| t.villages()[i].name.clone()))
            .unwrap_or_default(),
        GroupBy::Province => String::new(),
    };
    Ok(Measures {
        schema: SCHEMA,
        profile: p.name.clone(),
        year,
        by,
        lines,
        groups: groups
            .iter()
            .map(|(k, a)| a.finish(k.clone(), name_of(k), &stds, &z_fen, &to_report))
            .collect(),
        total: total.finish("total".into(), String::new(), &stds, &z_fen, &to_report),
    })
}
