//! Assessments split over parts of the household table and merged exactly (Spark, issue 15).
//!
//! Everything the village and county rules read from the households is an integer sum:
//! households, persons, persons poor, persons failing the exit test, monitored and registered
//! persons, by county and by village, outcome counts, rows by income year. So each part of
//! the households (a Spark partition, in any order, of any size) is evaluated on its own by
//! [`partial`] into rows of sums, the rows of every part are added up by key (in Spark, a
//! `groupBy(...).sum()`; any grouping of the additions gives the same integers), and
//! [`finish`] rebuilds the household results from the sums and runs the village and county
//! rules with the same code as `assess`. The result equals `assess` on the whole table
//! (`a_split_table_gives_the_whole_tables_result`).
//!
//! Checks that need the whole table are the caller's: duplicate household ids across parts
//! (each part checks its own), and a village under two counties, which [`finish`] finds
//! from the sums. Row numbers in messages count within a part.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::builder::{Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{Array, ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use fupin_core::units::{Tally, Village, VillageTable};

use super::assess::{self, AssessOptions, Assessment};
use super::households::{self, HouseholdResults};
use crate::error::{EngineError, Result};
use crate::setup::plan::Plan;
use crate::setup::profile::HouseholdDetail;

/// The columns of a partial row: which plan (`-1`: the scan itself), what is summed
/// (`kind`: `rows`, `county`, `village`, `total`, `year`, `outcome`), its key, the county
/// (of a village, or of an outcome count; empty otherwise), the six tally sums and a count.
pub const PARTIAL_COLUMNS: [&str; 11] = [
    "plan",
    "kind",
    "key",
    "county",
    "households",
    "persons",
    "poor_persons",
    "remaining_persons",
    "monitored_persons",
    "registered_persons",
    "n",
];

/// The columns summed when parts are merged (those after the four keys).
pub const SUMMED_COLUMNS: &[&str] = PARTIAL_COLUMNS.split_at(4).1;

/// The schema of partial rows (every column non-null).
pub fn partial_schema() -> SchemaRef {
    let fields: Vec<Field> = PARTIAL_COLUMNS
        .iter()
        .map(|c| {
            let t = match *c {
                "plan" => DataType::Int32,
                "kind" | "key" | "county" => DataType::Utf8,
                _ => DataType::Int64,
            };
            Field::new(*c, t, false)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Partial rows as they are built.
#[derive(Default)]
struct Rows {
    plan: Int32Builder,
    kind: StringBuilder,
    key: StringBuilder,
    county: StringBuilder,
    sums: [Int64Builder; 7],
}

impl Rows {
    fn push(&mut self, plan: i32, kind: &str, key: &str, county: &str, t: &Tally, n: i64) {
        self.plan.append_value(plan);
        self.kind.append_value(kind);
        self.key.append_value(key);
        self.county.append_value(county);
        let values = [
            t.households,
            t.persons,
            t.poor_persons,
            t.remaining_persons,
            t.monitored_persons,
            t.registered_persons,
            n,
        ];
        for (b, v) in self.sums.iter_mut().zip(values) {
            b.append_value(v);
        }
    }

    fn count(&mut self, plan: i32, kind: &str, key: &str, county: &str, n: usize) {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        self.push(plan, kind, key, county, &Tally::default(), n);
    }

    fn finish(mut self) -> Result<RecordBatch> {
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(self.plan.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.key.finish()),
            Arc::new(self.county.finish()),
        ];
        for b in &mut self.sums {
            cols.push(Arc::new(b.finish()));
        }
        RecordBatch::try_new(partial_schema(), cols)
            .map_err(|e| EngineError::Config(format!("partial rows: {e}")))
    }
}

/// The options of a split run (no household decisions), each plan's setup, and the
/// household table's path.
fn prepare(
    plans: &[&Plan],
    opts: &AssessOptions,
) -> Result<(AssessOptions, Vec<super::model::Setup>, std::path::PathBuf)> {
    let mut o = opts.clone();
    o.household_detail = Some(HouseholdDetail::None);
    o.decisions_out = None;
    let setups: Vec<_> = plans
        .iter()
        .map(|p| assess::setup(p, &o))
        .collect::<Result<_>>()?;
    let Some(path) = setups.first().and_then(|s| s.households_path.clone()) else {
        return Err(EngineError::Config(
            "a split run needs a household table".into(),
        ));
    };
    Ok((o, setups, path))
}

/// Evaluate every plan's household rules on the households of `opts` (one part of a larger
/// table) and return the sums the village and county rules need, as partial rows
/// ([`PARTIAL_COLUMNS`]). Household decisions are not built.
pub fn partial(plans: &[&Plan], opts: &AssessOptions) -> Result<RecordBatch> {
    let (o, setups, path) = prepare(plans, opts)?;
    let (units, _) = assess::read_units(&setups, &o)?;
    let needs = assess::union_needs(&setups);
    let no_regions = BTreeMap::new();
    let ctxs = assess::contexts(plans, &units, &no_regions);
    let (results, info) = households::scan_households(
        &path,
        &ctxs,
        &setups,
        &units.counties,
        units.villages.as_ref(),
        &needs,
        &o,
    )?;
    let mut rows = Rows::default();
    rows.count(-1, "rows", "read", "", info.counts.read);
    rows.count(-1, "rows", "accepted", "", info.counts.accepted);
    let codes = units.counties.codes();
    let (villages, derived) = match (&info.derived, &units.villages) {
        (Some((t, _)), _) => (Some(t), true),
        (None, v) => (v.as_ref(), false),
    };
    for (k, r) in results.iter().enumerate() {
        let plan = i32::try_from(k).unwrap_or(i32::MAX);
        for (code, t) in codes.iter().zip(&r.county) {
            if *t != Tally::default() {
                rows.push(plan, "county", code, "", t, 0);
            }
        }
        if let Some(vt) = villages {
            for (v, t) in vt.villages().iter().zip(&r.village) {
                // Derived villages exist by appearing, whatever their tallies.
                if derived || *t != Tally::default() {
                    rows.push(plan, "village", &v.code, &v.county, t, 0);
                }
            }
        }
        rows.push(plan, "total", "", "", &r.total, 0);
        for (y, n) in &r.rows_by_year {
            rows.count(plan, "year", &y.to_string(), "", *n);
        }
        for (o, n) in &r.counts {
            rows.count(plan, "outcome", o, "", *n);
        }
        for (code, counts) in codes.iter().zip(&r.county_counts) {
            for (o, n) in counts {
                rows.count(plan, "outcome", o, code, *n);
            }
        }
    }
    rows.finish()
}

/// Sums by (plan, kind, key, county), added exactly.
type Merged = BTreeMap<(i32, String, String, String), [i64; 7]>;

fn column<'b, T: 'static>(b: &'b RecordBatch, name: &str) -> Result<&'b T> {
    b.column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<T>())
        .ok_or_else(|| {
            EngineError::Input(format!(
                "partial rows: column `{name}` is missing or of another type (expected the \
                 columns of fupin's partial rows)"
            ))
        })
}

/// Add up partial rows with equal keys (rows already merged pass through unchanged).
fn merge(parts: &[RecordBatch]) -> Result<Merged> {
    let mut m = Merged::new();
    for b in parts {
        let plan = column::<Int32Array>(b, "plan")?;
        let kind = column::<StringArray>(b, "kind")?;
        let key = column::<StringArray>(b, "key")?;
        let county = column::<StringArray>(b, "county")?;
        let sums: Vec<&Int64Array> = SUMMED_COLUMNS
            .iter()
            .map(|c| column::<Int64Array>(b, c))
            .collect::<Result<_>>()?;
        if plan.null_count() + kind.null_count() + key.null_count() + county.null_count() > 0
            || sums.iter().any(|s| s.null_count() > 0)
        {
            return Err(EngineError::Input("partial rows: a value is null".into()));
        }
        for i in 0..b.num_rows() {
            let e = m
                .entry((
                    plan.value(i),
                    kind.value(i).to_string(),
                    key.value(i).to_string(),
                    county.value(i).to_string(),
                ))
                .or_insert([0; 7]);
            for (a, s) in e.iter_mut().zip(&sums) {
                *a = a.checked_add(s.value(i)).ok_or_else(|| {
                    EngineError::Input("partial rows: a sum overflows 64 bits".into())
                })?;
            }
        }
    }
    Ok(m)
}

fn tally(s: &[i64; 7]) -> Tally {
    Tally {
        households: s[0],
        persons: s[1],
        poor_persons: s[2],
        remaining_persons: s[3],
        monitored_persons: s[4],
        registered_persons: s[5],
    }
}

fn count(s: &[i64; 7]) -> usize {
    usize::try_from(s[6]).unwrap_or(0)
}

/// The assessments of `plans` from the partial rows of every part of the household table
/// (merged or not: rows with equal keys are added here). `opts` names the county and
/// village tables, and the household table by a table with its columns (no rows need be
/// given: they are not read; the columns decide which rules apply, as in `assess`).
pub fn finish(
    plans: &[&Plan],
    opts: &AssessOptions,
    parts: &[RecordBatch],
) -> Result<Vec<Assessment>> {
    let (o, setups, path) = prepare(plans, opts)?;
    let shown = crate::input::source::shown(&path);
    let merged = merge(parts)?;
    let (units, rejects) = assess::read_units(&setups, &o)?;
    let codes = units.counties.codes();
    let mut info = crate::input::scan::Outcome::default();
    let mut village_county: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ((plan, kind, key, county), s) in &merged {
        match (*plan, kind.as_str()) {
            (-1, "rows") if key == "read" => info.counts.read += count(s),
            (-1, "rows") if key == "accepted" => info.counts.accepted += count(s),
            (p, _) if p < 0 || p as usize >= plans.len() => {
                return Err(EngineError::Input(format!(
                    "partial rows: plan {p} is not one of the {} profiles given",
                    plans.len()
                )));
            }
            (_, "village") => {
                let v = village_county.entry(key).or_default();
                if !v.contains(&county.as_str()) {
                    v.push(county);
                }
            }
            (_, "county" | "total" | "year" | "outcome") => {}
            (_, k) => {
                return Err(EngineError::Input(format!(
                    "partial rows: unknown kind `{k}`"
                )));
            }
        }
    }
    if info.counts.read == 0 {
        return Err(EngineError::Input(format!(
            "{shown}: the table has no rows"
        )));
    }
    // Villages derived from the households (no village table): each under one county.
    let derived_table = if units.villages.is_none() && !village_county.is_empty() {
        let mut list = Vec::new();
        for (code, counties) in &village_county {
            if let [a, b, ..] = counties.as_slice() {
                return Err(EngineError::Input(format!(
                    "{shown}: village {code} appears under county {a} and under county {b}"
                )));
            }
            list.push(Village {
                code: (*code).to_string(),
                county: counties[0].to_string(),
                ..Village::default()
            });
        }
        Some(VillageTable::new(list))
    } else {
        None
    };
    let villages = units.villages.as_ref().or(derived_table.as_ref());
    let mut per_plan = Vec::new();
    for k in 0..plans.len() {
        let plan = i32::try_from(k).unwrap_or(i32::MAX);
        let mut r = HouseholdResults {
            county: vec![Tally::default(); codes.len()],
            village: vec![Tally::default(); villages.map_or(0, VillageTable::len)],
            total: Tally::default(),
            counts: BTreeMap::new(),
            county_counts: vec![BTreeMap::new(); codes.len()],
            rows_by_year: BTreeMap::new(),
            decisions: Vec::new(),
        };
        let county_index = |code: &str| {
            units.counties.index_of(code).ok_or_else(|| {
                EngineError::Input(format!(
                    "partial rows: county {code} is not in the county table"
                ))
            })
        };
        let outcome = |name: &str| {
            households::household_outcome(name).ok_or_else(|| {
                EngineError::Input(format!("partial rows: unknown outcome `{name}`"))
            })
        };
        for ((_, kind, key, county), s) in merged.range(
            (plan, String::new(), String::new(), String::new())
                ..(plan + 1, String::new(), String::new(), String::new()),
        ) {
            match kind.as_str() {
                "county" => r.county[county_index(key)?].add(&tally(s)),
                "village" => {
                    let i = villages.and_then(|v| v.index_of(key)).ok_or_else(|| {
                        EngineError::Input(format!(
                            "partial rows: village {key} is not in the village table"
                        ))
                    })?;
                    r.village[i].add(&tally(s));
                }
                "total" => r.total.add(&tally(s)),
                "year" => {
                    let y: i32 = key.parse().map_err(|_| {
                        EngineError::Input(format!("partial rows: `{key}` is not a year"))
                    })?;
                    *r.rows_by_year.entry(y).or_default() += count(s);
                }
                "outcome" if county.is_empty() => {
                    *r.counts.entry(outcome(key)?).or_default() += count(s);
                }
                "outcome" => {
                    *r.county_counts[county_index(county)?]
                        .entry(outcome(key)?)
                        .or_default() += count(s);
                }
                _ => {}
            }
        }
        per_plan.push(Some(r));
    }
    info.derived = derived_table.map(|t| {
        let n = t.len();
        (t, (0..n as u32).collect())
    });
    let no_regions = BTreeMap::new();
    let ctxs = assess::contexts(plans, &units, &no_regions);
    assess::finish_plans(plans, setups, &ctxs, &units, rejects, per_plan, Some(info))
}

/// The household columns a run of `plans` reads (those present among the households'
/// columns of `opts`): what a part needs to be given (Spark selects them before handing
/// partitions to the engine). `read_ids`: the household ids are checked for duplicates.
pub fn household_columns(
    plans: &[&Plan],
    opts: &AssessOptions,
    read_ids: bool,
) -> Result<Vec<String>> {
    let (_, setups, _) = prepare(plans, opts)?;
    let read_village = setups.iter().any(|s| {
        s.rules
            .iter()
            .any(|r| r.meta().level == fupin_core::decision::Level::Village)
    });
    let mut out: Vec<String> = crate::input::scan::projected_columns(read_ids, read_village)
        .into_iter()
        .map(String::from)
        .collect();
    for (c, _) in assess::union_needs(&setups).households {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}
