//! Household evaluation: every plan's household rules prepared for the income years of each
//! batch and run over its columns (kernels), outcomes counted into slots, tallies by county
//! and village folded in file order, decisions built for the households a user asks to see.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use fupin_core::decision::{Decision, Level, Role, Test};
use fupin_core::rule::{EvalContext, HouseholdKernel, RuleEntry};
use fupin_core::units::{CountyTable, HouseholdBatch, NO_VILLAGE, Tally, VillageTable};

use super::model::*;
use crate::error::{EngineError, Result};
use crate::input::{self, Needs};
use crate::output::decisions::{DecisionSink, serialize_decision};
use crate::setup::profile::HouseholdDetail;

/// A plan's household rules, prepared lazily for the income years of each batch.
struct PlanKernels<'a> {
    ctx: &'a EvalContext<'a>,
    rules: Vec<&'static dyn fupin_core::rule::HouseholdRule>,
    tests: Vec<Test>,
    cache: Mutex<HashMap<Vec<i32>, Arc<Vec<Prepared>>>>,
    /// Build household decisions (for the report or the decision file).
    keep: bool,
    /// Keep them in the report.
    retain: bool,
    /// Serialise them for the decision file: `Some(true)` CSV, `Some(false)` JSON Lines.
    stream: Option<bool>,
}

impl PlanKernels<'_> {
    fn for_years(&self, years: Vec<i32>) -> Result<Arc<Vec<Prepared>>> {
        if let Some(k) = self
            .cache
            .lock()
            .map_err(|_| EngineError::Config("a worker thread panicked".into()))?
            .get(&years)
        {
            return Ok(k.clone());
        }
        let mut prepared = Vec::new();
        for r in &self.rules {
            prepared.push(Prepared {
                kernel: r.prepare(self.ctx, &years)?,
                test: r.meta().test,
                role: r.meta().role,
                reads_hardship: r.meta().columns.contains(&"households.sudden_hardship"),
                reading: r.meta().reading().map(|_| r.meta().id),
            });
        }
        let k = Arc::new(prepared);
        self.cache
            .lock()
            .map_err(|_| EngineError::Config("a worker thread panicked".into()))?
            .insert(years, k.clone());
        Ok(k)
    }
}

/// Outcome slots of household counts: classification (poor, not poor), exit (exit,
/// remain), monitoring (the three categories, not monitored).
const SLOTS: usize = 8;

/// The slot of a household outcome.
fn slot_of(outcome: fupin_core::Outcome) -> usize {
    use fupin_core::Outcome as O;
    match outcome {
        O::Exit => 2,
        O::Remain => 3,
        O::UnstableExited => 4,
        O::Marginal => 5,
        O::SuddenHardship => 6,
        O::NotMonitored => 7,
        O::NotPoor => 1,
        _ => 0,
    }
}

/// The household outcomes of a test, for counting.
fn household_outcomes(test: Test) -> Vec<fupin_core::Outcome> {
    use fupin_core::Outcome as O;
    match test {
        Test::Monitoring => vec![
            O::UnstableExited,
            O::Marginal,
            O::SuddenHardship,
            O::NotMonitored,
        ],
        t => {
            let (yes, no) = t.outcomes();
            vec![yes, no]
        }
    }
}

/// The monitoring outcome of household `i` (fupin's reading, [`monitoring_category`]):
/// `monitored` is the test's combined result; the registry status comes from the column
/// (unknown without it: the generic positive outcome, `marginal`); the hardship flag counts
/// only through a selected monitoring rule that reads `sudden_hardship` and passed.
fn monitoring_outcome(
    batch: &HouseholdBatch,
    i: usize,
    monitored: bool,
    hardship: bool,
) -> fupin_core::Outcome {
    match batch
        .status
        .get(i)
        .and_then(|s| fupin_core::units::RegistryStatus::from_code(*s))
    {
        Some(status) => fupin_core::decision::monitoring_category(status, monitored, hardship),
        None if monitored => fupin_core::Outcome::Marginal,
        None => fupin_core::Outcome::NotMonitored,
    }
}

/// A county's sums within a batch in 32 bytes, so the counties of a batch (831 × 32 bytes)
/// stay in the L1 cache while households hit them at random. `u32` is enough: a batch has
/// at most [`crate::input::scan::MAX_BATCH_ROWS`] households of at most 100 persons.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct CountyAcc {
    rows: u32,
    poor: u32,
    exits: u32,
    households: u32,
    persons: u32,
    poor_persons: u32,
    remaining_persons: u32,
}

/// One batch's results for one plan, compact: the window of batches in flight holds one
/// of these per batch and plan, so the counties' sums stay in their 32-byte accumulators
/// (and the monitoring sums apart, only when monitoring is run) until they are folded.
#[derive(Default)]
struct BatchOut {
    acc: Vec<CountyAcc>,
    /// Per county, the monitoring slots (empty without monitoring).
    mon_counts: Vec<[u32; 4]>,
    /// Per county, (monitored persons, registered persons) (empty without monitoring).
    mon_persons: Vec<[i64; 2]>,
    /// The classification and exit tests were run (1) or not (0).
    has_p: u32,
    has_e: u32,
    /// One row per household of the assessment year in a village (12 bytes: a window of
    /// batches in flight holds one per household).
    villages: Vec<VillageRow>,
    rows_by_year: Vec<(i32, usize)>,
    decisions: Vec<Decision>,
    /// Decisions serialised for the decision file.
    stream: Vec<u8>,
}

/// A household's part of its village's tally.
#[derive(Clone, Copy)]
struct VillageRow {
    /// Village index in the batch.
    village: u32,
    size: u32,
    /// Bits: 1 poor, 2 remains (fails the exit test), 4 monitored, 8 registered.
    flags: u8,
}

impl VillageRow {
    fn tally(self) -> Tally {
        let size = i64::from(self.size);
        let bit = |b: u8| i64::from(self.flags & b != 0);
        Tally {
            households: 1,
            persons: size,
            poor_persons: size * bit(1),
            remaining_persons: size * bit(2),
            monitored_persons: size * bit(4),
            registered_persons: size * bit(8),
        }
    }
}

/// The logic of [`combine`], column-wise, for `n` households: 1 where every veto (require)
/// passes and, when there are qualifying rules, one of them passes. (`combine` gives the
/// negative outcome when there is no check at all; a test is combined here only when it has
/// rules.) A property test checks that the two agree.
fn combine_columns<'b>(n: usize, rules: impl Iterator<Item = (Role, &'b [bool])>) -> Vec<u8> {
    let mut all = vec![1u8; n];
    let mut any: Option<Vec<u8>> = None;
    for (role, b) in rules {
        match role {
            Role::Require => all.iter_mut().zip(b).for_each(|(a, x)| *a &= u8::from(*x)),
            Role::Qualify => {
                let q = any.get_or_insert_with(|| vec![0u8; n]);
                q.iter_mut().zip(b).for_each(|(a, x)| *a |= u8::from(*x));
            }
        }
    }
    if let Some(q) = any {
        all.iter_mut().zip(&q).for_each(|(a, x)| *a &= *x);
    }
    all
}

/// Evaluate one batch for one plan.
fn eval_batch(
    k: &PlanKernels<'_>,
    batch: &HouseholdBatch,
    counties: &CountyTable,
    with_villages: bool,
) -> Result<BatchOut> {
    let years = batch_years(&batch.year);
    let single_year = years.len() == 1;
    let prepared = k.for_years(years)?;
    let n_counties = counties.len();
    let mut out = BatchOut::default();
    let n = batch.len();
    // The kernels write into buffers this thread reuses from batch to batch (fresh ones
    // were zeroed and faulted in for every batch).
    let mut bits = take_buffers(prepared.len(), n);
    for (p, b) in prepared.iter().zip(&mut bits) {
        p.kernel.eval(batch, b);
    }
    // Each test's outcome over the whole batch as 0/1.
    let positive = |t: Test| -> Option<Vec<u8>> {
        k.tests.contains(&t).then(|| {
            combine_columns(
                n,
                prepared
                    .iter()
                    .zip(&bits)
                    .filter(|(p, _)| p.test == t)
                    .map(|(p, b)| (p.role, b.as_slice())),
            )
        })
    };
    let poor = positive(Test::Classification);
    let exits = positive(Test::Exit);
    let monitored = positive(Test::Monitoring);
    // The hardship flag through the selected monitoring rules that read it.
    let hardship: Vec<bool> = if monitored.is_some() {
        let mut h = vec![false; n];
        for (p, b) in prepared.iter().zip(&bits) {
            if p.test == Test::Monitoring && p.reads_hardship {
                h.iter_mut().zip(b).for_each(|(a, x)| *a |= *x);
            }
        }
        h
    } else {
        Vec::new()
    };
    let categories: Option<Vec<fupin_core::Outcome>> = monitored.as_ref().map(|m| {
        (0..n)
            .map(|i| monitoring_outcome(batch, i, m[i] == 1, hardship[i]))
            .collect()
    });
    if k.keep {
        for i in 0..n {
            for &t in &k.tests {
                let yes = match t {
                    Test::Exit => exits.as_ref().is_some_and(|e| e[i] == 1),
                    _ => poor.as_ref().is_some_and(|p| p[i] == 1),
                };
                let (y, no) = t.outcomes();
                let outcome = match (t, &categories) {
                    (Test::Monitoring, Some(c)) => c[i],
                    _ if yes => y,
                    _ => no,
                };
                let d = household_decision(&prepared, batch, i, t, outcome, counties);
                if let Some(csv_rows) = k.stream {
                    serialize_decision(&d, csv_rows, &mut out.stream);
                }
                if k.retain {
                    out.decisions.push(d);
                }
            }
        }
    }
    let year = k.ctx.year;
    if single_year && n > 0 {
        out.rows_by_year.push((batch.year[0], n));
    } else {
        for &y in &batch.year {
            match out.rows_by_year.iter_mut().find(|(x, _)| *x == y) {
                Some((_, c)) => *c += 1,
                None => out.rows_by_year.push((y, 1)),
            }
        }
    }
    let all_in_year = single_year && batch.year.first() == Some(&year);
    // Outcome bits as 0/1 so the loop below has no branches on them.
    let zeros = vec![
        0u8;
        if poor.is_none() || exits.is_none() {
            n
        } else {
            0
        }
    ];
    let p_bits: &[u8] = poor.as_deref().unwrap_or(&zeros);
    let e_bits: &[u8] = exits.as_deref().unwrap_or(&zeros);
    let (has_p, has_e) = (u32::from(poor.is_some()), u32::from(exits.is_some()));
    // Monitoring sums, kept apart so the accumulator of the other tests stays small:
    // per county, the monitoring slots and (monitored persons, registered persons).
    let mut mon_counts = vec![[0u32; 4]; if categories.is_some() { n_counties } else { 0 }];
    let mut mon_persons = vec![[0i64; 2]; mon_counts.len()];
    let has_status = !batch.status.is_empty();
    let mut acc = vec![CountyAcc::default(); n_counties];
    let plain = all_in_year && categories.is_none() && !with_villages;
    if plain {
        // The common case (every row of the assessment year, no monitoring, no villages):
        // one pass without branches but the county index's bound.
        let rows = batch.county.iter().zip(&batch.size);
        for ((&c, &size), (&p, &e)) in rows.zip(p_bits.iter().zip(e_bits)) {
            let (p, e) = (u32::from(p), u32::from(e));
            let a = &mut acc[c as usize];
            a.rows += 1;
            a.poor += p;
            a.exits += e;
            a.persons += size;
            a.poor_persons += size * p;
            a.remaining_persons += size * (has_e * (1 - e));
        }
        for a in &mut acc {
            a.households = a.rows;
        }
    }
    // Otherwise, row by row.
    let general = if plain { 0 } else { n };
    for i in 0..general {
        let ci = batch.county[i] as usize;
        let p = u32::from(p_bits[i]);
        let e = u32::from(e_bits[i]);
        let a = &mut acc[ci];
        a.rows += 1;
        a.poor += p;
        a.exits += e;
        if !all_in_year && batch.year[i] != year {
            continue;
        }
        let size = batch.size[i];
        let remains = has_e * (1 - e);
        a.households += 1;
        a.persons += size;
        a.poor_persons += size * p;
        a.remaining_persons += size * remains;
        let (mut monitored_persons, mut registered_persons) = (0i64, 0i64);
        if let Some(c) = &categories {
            let s = slot_of(c[i]) - 4;
            mon_counts[ci][s] += 1;
            if c[i] != fupin_core::Outcome::NotMonitored {
                monitored_persons = i64::from(size);
            }
            if has_status
                && fupin_core::units::RegistryStatus::from_code(batch.status[i])
                    .is_some_and(|st| st.registered())
            {
                registered_persons = i64::from(size);
            }
            mon_persons[ci][0] += monitored_persons;
            mon_persons[ci][1] += registered_persons;
        }
        if with_villages && batch.village[i] != NO_VILLAGE {
            let flag = |on: bool, b: u8| if on { b } else { 0 };
            out.villages.push(VillageRow {
                village: batch.village[i],
                size,
                flags: flag(p == 1, 1)
                    | flag(remains == 1, 2)
                    | flag(monitored_persons != 0, 4)
                    | flag(registered_persons != 0, 8),
            });
        }
    }
    // Monitoring outcomes are counted for every row, like the other tests; the persons only
    // for rows of the assessment year (above).
    if let Some(c) = &categories {
        for (i, o) in c.iter().enumerate() {
            if !(all_in_year || batch.year[i] == year) {
                let ci = batch.county[i] as usize;
                mon_counts[ci][slot_of(*o) - 4] += 1;
            }
        }
    }
    out.acc = acc;
    out.mon_counts = mon_counts;
    out.mon_persons = mon_persons;
    out.has_p = has_p;
    out.has_e = has_e;
    give_back_buffers(bits);
    Ok(out)
}

/// The distinct income years of a batch, sorted. A batch almost always holds one year: its
/// bounds are found in a loop the compiler vectorises, the rows walked only when they differ.
fn batch_years(year: &[i32]) -> Vec<i32> {
    let (lo, hi) = year
        .iter()
        .fold((i32::MAX, i32::MIN), |(lo, hi), &y| (lo.min(y), hi.max(y)));
    if lo > hi {
        return Vec::new();
    }
    if lo == hi {
        return vec![lo];
    }
    let mut years: Vec<i32> = Vec::new();
    for &y in year {
        if years.last() != Some(&y) && !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable();
    years
}

thread_local! {
    /// Kernel output buffers kept by each worker thread between batches.
    static BUFFERS: std::cell::RefCell<Vec<Vec<bool>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `count` buffers of `n` values each, all false, from this thread's spares when it has any.
fn take_buffers(count: usize, n: usize) -> Vec<Vec<bool>> {
    BUFFERS.with(|spare| {
        let mut spare = spare.borrow_mut();
        (0..count)
            .map(|_| {
                let mut b = spare.pop().unwrap_or_default();
                b.clear();
                b.resize(n, false);
                b
            })
            .collect()
    })
}

/// Keep buffers for this thread's next batch (at most a few dozen, so a profile with many
/// rules does not hold memory it will not reuse).
fn give_back_buffers(bits: Vec<Vec<bool>>) {
    BUFFERS.with(|spare| {
        let mut spare = spare.borrow_mut();
        for b in bits {
            if spare.len() < 64 {
                spare.push(b);
            }
        }
    });
}

/// Merged household results of one plan.
pub(super) struct HouseholdResults {
    /// Tallies of the assessment year by county index.
    pub(super) county: Vec<Tally>,
    /// Tallies of the assessment year by village index (of the village table, or of the
    /// villages derived from the households).
    pub(super) village: Vec<Tally>,
    pub(super) total: Tally,
    /// Outcome counts over all households (every year).
    pub(super) counts: BTreeMap<&'static str, usize>,
    /// Outcome counts per county index.
    pub(super) county_counts: Vec<BTreeMap<&'static str, usize>>,
    pub(super) rows_by_year: BTreeMap<i32, usize>,
    pub(super) decisions: Vec<Decision>,
}

/// The household outcome named `name` (as `Outcome::as_str` writes it).
pub(super) fn household_outcome(name: &str) -> Option<&'static str> {
    [Test::Classification, Test::Exit, Test::Monitoring]
        .into_iter()
        .flat_map(household_outcomes)
        .map(|o| o.as_str())
        .find(|o| *o == name)
}

/// Folds batch results in file order.
struct Fold {
    county: Vec<Tally>,
    village: Vec<Tally>,
    total: Tally,
    counts: [usize; SLOTS],
    county_counts: Vec<[usize; SLOTS]>,
    rows_by_year: BTreeMap<i32, usize>,
    decisions: Vec<Decision>,
}

impl Fold {
    fn new(counties: usize, villages: usize) -> Fold {
        Fold {
            county: vec![Tally::default(); counties],
            village: vec![Tally::default(); villages],
            total: Tally::default(),
            counts: [0; SLOTS],
            county_counts: vec![[0; SLOTS]; counties],
            rows_by_year: BTreeMap::new(),
            decisions: Vec::new(),
        }
    }

    fn add(&mut self, b: BatchOut, village_map: &[u32]) {
        let (has_p, has_e) = (b.has_p, b.has_e);
        let rows = self.county.iter_mut().zip(&mut self.county_counts);
        for (ci, ((tally, counts), a)) in rows.zip(&b.acc).enumerate() {
            let m = b.mon_counts.get(ci).copied().unwrap_or_default();
            let mp = b.mon_persons.get(ci).copied().unwrap_or_default();
            // Slots: 0 poor, 1 not poor, 2 exit, 3 remain (counted only for the tests run),
            // then the four monitoring outcomes.
            let slots = [
                has_p * a.poor,
                has_p * (a.rows - a.poor),
                has_e * a.exits,
                has_e * (a.rows - a.exits),
                m[0],
                m[1],
                m[2],
                m[3],
            ];
            let t = Tally {
                households: i64::from(a.households),
                persons: i64::from(a.persons),
                poor_persons: i64::from(a.poor_persons),
                remaining_persons: i64::from(a.remaining_persons),
                monitored_persons: mp[0],
                registered_persons: mp[1],
            };
            for (s, n) in slots.into_iter().enumerate() {
                counts[s] += n as usize;
                self.counts[s] += n as usize;
            }
            tally.add(&t);
            self.total.add(&t);
        }
        for row in &b.villages {
            let g = if village_map.is_empty() {
                row.village
            } else {
                village_map[row.village as usize]
            } as usize;
            if self.village.len() <= g {
                self.village.resize(g + 1, Tally::default());
            }
            self.village[g].add(&row.tally());
        }
        for (y, n) in b.rows_by_year {
            *self.rows_by_year.entry(y).or_default() += n;
        }
        self.decisions.extend(b.decisions);
    }

    fn finish(self, tests: &[Test], derived: Option<&[u32]>, villages: usize) -> HouseholdResults {
        let names = |c: &[usize; SLOTS]| {
            let mut m = BTreeMap::new();
            for &t in tests {
                for o in household_outcomes(t) {
                    m.insert(o.as_str(), c[slot_of(o)]);
                }
            }
            m.retain(|_, n| *n > 0);
            m
        };
        let village = match derived {
            Some(remap) => {
                let mut v = vec![Tally::default(); villages];
                for (g, t) in self.village.iter().enumerate() {
                    if let Some(&i) = remap.get(g)
                        && let Some(slot) = v.get_mut(i as usize)
                    {
                        slot.add(t);
                    }
                }
                v
            }
            None => {
                let mut v = self.village;
                v.resize(villages, Tally::default());
                v
            }
        };
        HouseholdResults {
            county: self.county,
            village,
            total: self.total,
            counts: names(&self.counts),
            county_counts: self.county_counts.iter().map(names).collect(),
            rows_by_year: self.rows_by_year,
            decisions: self.decisions,
        }
    }
}

struct Prepared {
    kernel: Box<dyn HouseholdKernel>,
    test: Test,
    role: Role,
    /// The rule reads the sudden-hardship flag (its pass makes a monitored household
    /// never registered as poor 突发严重困难户).
    reads_hardship: bool,
    /// The rule's id when its procedure is a reading (its checks say so).
    reading: Option<&'static str>,
}

/// Read the households once and run every plan's household rules on each batch.
pub(super) fn scan_households(
    path: &Path,
    ctxs: &[EvalContext<'_>],
    setups: &[Setup],
    counties: &CountyTable,
    villages: Option<&VillageTable>,
    needs: &Needs,
    opts: &AssessOptions,
) -> Result<(Vec<HouseholdResults>, crate::input::scan::Outcome)> {
    let kernels: Vec<PlanKernels<'_>> = ctxs
        .iter()
        .zip(setups)
        .enumerate()
        .map(|(k, (ctx, s))| {
            let rules: Vec<_> = s
                .rules
                .iter()
                .filter_map(|r| match r {
                    RuleEntry::Household(h) => Some(*h),
                    _ => None,
                })
                .collect();
            let tests = [Test::Classification, Test::Exit, Test::Monitoring]
                .into_iter()
                .filter(|t| rules.iter().any(|r| r.meta().test == *t))
                .collect();
            PlanKernels {
                ctx,
                rules,
                tests,
                cache: Mutex::new(HashMap::new()),
                keep: s.detail == HouseholdDetail::All || (k == 0 && opts.decisions_out.is_some()),
                retain: s.detail == HouseholdDetail::All,
                stream: opts
                    .decisions_out
                    .as_deref()
                    .filter(|_| k == 0)
                    .map(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))),
            }
        })
        .collect();
    // Village codes are decoded (and checked) only when village rules will use them.
    let read_village = setups
        .iter()
        .any(|s| s.rules.iter().any(|r| r.meta().level == Level::Village));
    let read_ids = !opts.skip_id_check || kernels.iter().any(|k| k.keep);
    if opts.decisions_out.is_some() && kernels.len() > 1 {
        return Err(EngineError::Config(
            "household decisions can be streamed to a file for one profile at a time".into(),
        ));
    }
    let progress = opts.progress.as_ref().map(|p| p.0.clone());
    let progress_fn = progress.as_deref();
    let spec = crate::input::scan::Spec {
        path,
        counties,
        villages,
        needs: &needs.households,
        read_ids,
        read_village,
        policy: opts.on_bad_row,
        batch_rows: opts
            .batch_rows
            .unwrap_or(input::BATCH_ROWS)
            .clamp(1, crate::input::scan::MAX_BATCH_ROWS),
        progress: progress_fn.map(|f| f as &(dyn Fn(u64, u64) + Sync)),
        chunk_bytes: crate::input::scan::CSV_CHUNK_BYTES,
        large_results: kernels.iter().any(|k| k.keep),
        memory: opts.arrow.as_deref().and_then(|a| a.get(path)),
    };
    let n_counties = counties.len();
    let n_villages = villages.map_or(0, VillageTable::len);
    let with_villages = read_village;
    let process = |piece: &crate::input::scan::Piece<'_>| -> Result<Vec<BatchOut>> {
        kernels
            .iter()
            .map(|k| eval_batch(k, piece.batch, counties, with_villages))
            .collect()
    };
    let folds: Vec<Fold> = kernels
        .iter()
        .map(|_| Fold::new(n_counties, n_villages))
        .collect();
    let sink = opts
        .decisions_out
        .as_deref()
        .map(|p| DecisionSink::new(p, opts.outputs.as_deref()))
        .transpose()?;
    // Shared by the merge (run on a worker, beside the next window) and the reset.
    let state = std::sync::Mutex::new((folds, sink));
    let info = {
        let mut merge = |outs: Vec<BatchOut>, m: &crate::input::scan::Merged<'_>| -> Result<()> {
            let mut st = state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let (folds, sink) = &mut *st;
            for (k, (f, mut o)) in folds.iter_mut().zip(outs).enumerate() {
                if k == 0
                    && let Some(s) = sink.as_mut()
                {
                    s.write(&std::mem::take(&mut o.stream))?;
                }
                f.add(o, m.village_map);
            }
            Ok(())
        };
        // A second pass re-reads everything (rows found bad only at the end are left out):
        // the folds and the decision file start again.
        let mut reset = || {
            let mut st = state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for f in &mut st.0 {
                *f = Fold::new(n_counties, n_villages);
            }
            if let Some(s) = st.1.as_mut() {
                s.reset();
            }
        };
        crate::input::scan::scan(&spec, &process, &mut merge, &mut reset)?
    };
    let (folds, sink) = state
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(s) = sink {
        s.finish(opts.outputs.as_deref())?;
    }
    let derived = info.derived.as_ref().map(|d| d.1.as_slice());
    let n_v = info.derived.as_ref().map_or(n_villages, |d| d.0.len());
    let results = folds
        .into_iter()
        .zip(&kernels)
        .map(|(f, k)| f.finish(&k.tests, derived, n_v))
        .collect();
    Ok((results, info))
}

fn household_decision(
    prepared: &[Prepared],
    batch: &HouseholdBatch,
    i: usize,
    test: Test,
    outcome: fupin_core::Outcome,
    counties: &CountyTable,
) -> Decision {
    let checks = prepared
        .iter()
        .filter(|p| p.test == test)
        .map(|p| {
            let mut c = p.kernel.explain(batch, i);
            if let Some(id) = p.reading {
                c.mark_reading(id);
            }
            c
        })
        .collect();
    Decision {
        level: Level::Household,
        test,
        id: batch.id(i),
        name: String::new(),
        outcome,
        checks,
        county: counties.codes().get(batch.county[i] as usize).cloned(),
        province: None,
        transition: None,
    }
}

#[cfg(test)]
mod tests {
    use fupin_core::decision::{Check, Role, Test, combine};
    use proptest::prelude::*;

    use super::combine_columns;

    fn check(role: Role, passed: bool) -> Check {
        crate::eval::test_check(role, passed)
    }

    proptest! {
        /// The column-wise combination gives, household by household, what `combine` gives
        /// for that household's checks.
        #[test]
        fn column_wise_combination_agrees_with_combine(
            roles in prop::collection::vec(any::<bool>(), 1..6),
            bits in prop::collection::vec(prop::collection::vec(any::<bool>(), 8), 6),
        ) {
            let role = |q: bool| if q { Role::Qualify } else { Role::Require };
            let cols = combine_columns(
                8,
                roles.iter().zip(&bits).map(|(q, b)| (role(*q), b.as_slice())),
            );
            for i in 0..8 {
                let checks: Vec<Check> = roles
                    .iter()
                    .zip(&bits)
                    .map(|(q, b)| check(role(*q), b[i]))
                    .collect();
                let yes = combine(Test::Exit, &checks) == Test::Exit.outcomes().0;
                prop_assert_eq!(cols[i] == 1, yes, "household {}", i);
            }
        }
    }
}
