//! The household table as a stream: read in chunks, decoded and checked column by column,
//! evaluated in parallel, merged in file order.
//!
//! A chunk is a Parquet row group or a block of CSV lines (split at a line end outside any
//! quoted field). Chunks are processed a window at a time on all cores (rayon); each chunk
//! yields batches of at most `batch_rows` households, which the caller's `process` turns
//! into a result. The results are handed to `merge` one by one **in file order**, so what the
//! caller folds (integer tallies) and what it writes (household decisions) does not depend on
//! the number of threads. Memory is bounded by the window, never by the file.
//!
//! Every household gets the same checks whatever the source, in column order: `household_id`
//! present (when ids are read), `county` a known 6-digit code, `size` 1 to
//! [`MAX_HOUSEHOLD_SIZE`], `year` 1978 to 2100, `net_income_per_capita` exact money from 0 to
//! [`MAX_INCOME_YUAN`], the guarantee flags booleans, `village` known and in the household's
//! county. Two checks need the whole file and run after it: duplicate (id, year) pairs
//! (64-bit hashes kept in bounded memory and sorted part by part, [`spill`]; candidates
//! verified on the real ids in a second read) and, for
//! villages derived from the households, a village under two counties. When either finds
//! rows and bad rows are skipped, the pass is run again without them, so nothing counted
//! includes a rejected row.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use arrow_array::{Array, RecordBatch};
use fupin_core::Money;
use fupin_core::units::{
    CountyTable, Guarantee, HouseholdBatch, NO_VILLAGE, Village, VillageTable,
};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection,
    RowSelector,
};
use rayon::prelude::*;

use crate::error::{EngineError, Result};
use crate::input::parquet::{Text, int_at};
use crate::input::rows::{
    BATCH_ROWS, BadRows, MAX_HOUSEHOLD_SIZE, MONITORING_COLUMNS, Rejected, RowCounts,
};

use crate::input::check::*;

mod checker;
mod chunks;
mod radix;
mod source;
mod spill;

use checker::{Checker, VillageIndex};
use chunks::Chunks;
pub(crate) use source::projected_columns;
use source::{Kind, Source};
/// Most households in one batch (batch-local counters are 32-bit).
pub(crate) const MAX_BATCH_ROWS: usize = 1 << 20;

/// Bytes per CSV chunk.
pub(crate) const CSV_CHUNK_BYTES: usize = 8 << 20;

/// What a scan reads, and how.
pub(crate) struct Spec<'a> {
    /// The household file (`.parquet`, or CSV).
    pub path: &'a Path,
    /// Counties (households must be in one).
    pub counties: &'a CountyTable,
    /// Villages, when a table was given.
    pub villages: Option<&'a VillageTable>,
    /// Columns the selected rules require, with why.
    pub needs: &'a [(String, String)],
    /// Decode `household_id` (for decisions and the duplicate check).
    pub read_ids: bool,
    /// Decode `village` (for village results).
    pub read_village: bool,
    /// Bad-row policy.
    pub policy: BadRows,
    /// Households per batch.
    pub batch_rows: usize,
    /// Called after each window with (done, total) in source units.
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
    /// Bytes per CSV chunk (tests use tiny chunks to cut records everywhere).
    pub chunk_bytes: usize,
    /// `process` returns large results (household decisions): keep fewer chunks in flight.
    pub large_results: bool,
    /// The table in memory (Arrow record batches) that `path` names, read instead of a file.
    pub memory: Option<&'a crate::input::arrow::ArrowTable>,
}

/// One batch handed to `process`: the checked households.
pub(crate) struct Piece<'b> {
    /// The households.
    pub batch: &'b HouseholdBatch,
}

/// What `merge` receives with each result.
pub(crate) struct Merged<'m> {
    /// Global index of each village index used in the batch (derived villages); empty when
    /// the indices are already those of the village table.
    pub village_map: &'m [u32],
}

/// What a scan found, besides what `merge` folded.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Rows read, accepted, rejected.
    pub counts: RowCounts,
    /// Rows rejected (under [`BadRows::Skip`]).
    pub rejected: Vec<Rejected>,
    /// Villages derived from the households (no village table), sorted by code, and for
    /// each global village index its index in that table.
    pub derived: Option<(VillageTable, Vec<u32>)>,
}

/// Rows a first pass found bad that only the whole file could show.
#[derive(Debug, Default, Clone)]
struct Fixups {
    /// Row → (column, message).
    exclude: HashMap<usize, (&'static str, String)>,
    /// Derived village → its county index (the county it first appears under).
    owner: HashMap<String, u32>,
}

/// Scan the households: `process` runs on every batch in parallel, `merge` receives the
/// results in file order. `reset` is called before a second pass (see the module docs), after
/// which `merge` sees everything again from the start.
pub(crate) fn scan<T: Send>(
    spec: &Spec<'_>,
    process: &(dyn Fn(&Piece<'_>) -> Result<T> + Sync),
    merge: &mut (dyn FnMut(T, &Merged<'_>) -> Result<()> + Send),
    reset: &mut dyn FnMut(),
) -> Result<Outcome> {
    let source = Source::open(spec)?;
    let fix = Fixups::default();

    let mut first = run(spec, &source, &fix, Mode::Eval(process), merge)?;
    let found = whole_file_checks(spec, &source, &mut first)?;
    if found.exclude.is_empty() && found.owner.is_empty() {
        return Ok(first.outcome);
    }
    if spec.policy == BadRows::Error {
        let (row, (col, msg)) = found
            .exclude
            .iter()
            .min_by_key(|(r, _)| **r)
            .map(|(r, e)| (*r, e.clone()))
            .unwrap_or_default();
        return Err(row_error(&source.shown, row, col, &msg));
    }
    reset();
    let second = run(spec, &source, &found, Mode::Eval(process), merge)?;
    Ok(second.outcome)
}

fn row_error(shown: &str, row: usize, col: &str, msg: &str) -> EngineError {
    EngineError::Input(format!("{shown}: row {row}, column `{col}`: {msg}"))
}

/// What a pass does with each accepted household.
enum Mode<'a, T> {
    /// Hand batches to `process`.
    Eval(&'a (dyn Fn(&Piece<'_>) -> Result<T> + Sync)),
    /// Collect the (id, year, row) of households whose id hash is in the set.
    Verify(&'a HashSet<u64>),
}

impl<T> Clone for Mode<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Mode<'_, T> {}

/// What one pass produced.
#[derive(Default)]
struct Pass {
    outcome: Outcome,
    /// Hashes of accepted (id, year) pairs, when ids were read.
    hashes: spill::Hashes,
    /// Owner county of each derived village, by code, with its global index.
    villages: HashMap<String, (u32, u32)>,
    /// Derived villages in order of first appearance: code, county.
    appearance: Vec<(String, u32)>,
    /// Derived village rows under another county than the village's first: code, county,
    /// row (the first such row of each batch).
    conflicts: Vec<(String, u32, usize)>,
    /// Verify mode: the households found.
    found: Vec<(String, i32, usize)>,
}

/// A unit of parallel work.
enum Chunk {
    /// Rows `skip..skip + take` of row group `g` (`take == 0`: all of it).
    Group {
        g: usize,
        skip: usize,
        take: usize,
    },
    Lines {
        bytes: Vec<u8>,
        first_line: usize,
    },
    /// A part of a batch made by a table's stream, and the file row of its first household.
    Batch {
        batch: RecordBatch,
        first_row: usize,
    },
}

/// What a chunk yields.
struct ChunkOut<T> {
    pieces: Vec<PieceOut<T>>,
    read: usize,
    rejected: Vec<Rejected>,
    /// The first bad row (for [`BadRows::Error`]).
    error: Option<EngineError>,
}

#[derive(Default)]
struct PieceOut<T> {
    value: Option<T>,
    accepted: usize,
    hashes: Vec<u64>,
    /// Derived villages of the batch (local index → code, county, first row).
    local: Vec<(String, u32, usize)>,
    found: Vec<(String, i32, usize)>,
}

/// The 64-bit hash of an (id, year) pair: XXH3 of the id's bytes seeded with the year. Only
/// a candidate for the duplicate check (equal pairs hash equally; candidates are verified on
/// the ids themselves), so its quality bears on speed, never on the result. Deterministic:
/// the same file spills the same blocks on every run.
fn id_hash(id: &str, year: i32) -> u64 {
    twox_hash::XxHash3_64::oneshot_with_seed(u64::from(year as u32), id.as_bytes())
}

fn run<T: Send>(
    spec: &Spec<'_>,
    source: &Source,
    fix: &Fixups,
    mode: Mode<'_, T>,
    merge: &mut (dyn FnMut(T, &Merged<'_>) -> Result<()> + Send),
) -> Result<Pass> {
    let mut chunks = Chunks::new(source, spec)?;
    let total = chunks.total();
    // Chunks per window. Each window ends at a barrier (its results are merged in order), so
    // wide windows waste less time waiting for the slowest chunk; results that carry
    // household decisions are large, so those windows stay narrow. CSV chunks hold their
    // bytes (8 MB each, and the next window is read meanwhile): four per thread.
    let threads = rayon::current_num_threads().max(1);
    let width = if spec.large_results {
        threads * 2
    } else {
        match &source.kind {
            // A stream's batches are made for the scan (a frame's slices converted on
            // export): the window, and the next one read meanwhile, are all of them alive.
            Kind::Arrow { table } if table.stream.is_some() => threads * 4,
            // Row groups whose ids or village codes are read give results of 20 bytes per
            // household (the id's hash, the village share) until the window is merged: 8 per
            // thread keep that and the compressed bytes read meanwhile near 50 MB.
            Kind::Parquet { .. } | Kind::Arrow { .. }
                if spec.read_ids || spec.villages.is_some() =>
            {
                threads * 8
            }
            Kind::Parquet { .. } | Kind::Arrow { .. } => threads * 16,
            // With ids or village codes read, two blocks per thread: a window's blocks, the
            // next window's read meanwhile and the previous window's results waiting to be
            // merged stay under 256 MB in a national assessment.
            Kind::Csv { .. } if spec.read_ids || spec.villages.is_some() => threads * 2,
            Kind::Csv { .. } => threads * 4,
        }
    };
    let mut pass = Pass::default();
    let mut group_rows: Vec<usize> = Vec::new();
    let mut first = 1;
    for n in source.group_lens() {
        group_rows.push(first);
        first += n;
    }
    let checker = Checker {
        spec,
        source,
        fix,
        group_rows: &group_rows,
        by_code: code_index(spec.counties),
        village_index: spec
            .villages
            .map(|t| VillageIndex::new(t, spec.counties))
            .unwrap_or_default(),
    };
    // Three things at once: this window decoded and evaluated on all cores, the next one
    // read, and the previous one's results merged in file order (the merge is serial; run
    // after the window it held the workers up: 10% of a national assessment's time).
    let mut window = chunks.window(width)?;
    let mut pending: Option<Vec<Result<ChunkOut<T>>>> = None;
    while !window.is_empty() {
        let work = std::mem::take(&mut window);
        let (outs, (next, merged)) = rayon::join(
            || -> Vec<Result<ChunkOut<T>>> {
                work.into_par_iter()
                    .map(|c| checker.chunk(c, mode))
                    .collect()
            },
            || {
                let next = chunks.window(width);
                let merged = pending
                    .take()
                    .map_or(Ok(()), |outs| merge_window(outs, &mut pass, &mut *merge));
                (next, merged)
            },
        );
        // The earlier window's errors come first, then the read's, then this window's.
        merged?;
        if let Some(f) = spec.progress {
            f(chunks.done, total);
        }
        pending = Some(outs);
        window = match next {
            Ok(w) => w,
            Err(e) => {
                if let Some(outs) = pending.take() {
                    merge_window(outs, &mut pass, merge)?;
                }
                return Err(e);
            }
        };
    }
    if let Some(outs) = pending.take() {
        merge_window(outs, &mut pass, merge)?;
        if let Some(f) = spec.progress {
            f(chunks.done, total);
        }
    }
    if pass.outcome.counts.read == 0 {
        let what = match source.kind {
            Kind::Parquet { .. } => "the file has no rows",
            Kind::Arrow { .. } => "the table has no rows",
            Kind::Csv { .. } => "the file has a header but no data rows",
        };
        return Err(EngineError::Input(format!("{}: {what}", source.shown)));
    }
    if !pass.appearance.is_empty() {
        let list: Vec<Village> = pass
            .appearance
            .iter()
            .map(|(code, county)| Village {
                code: code.clone(),
                county: spec.counties.codes()[*county as usize].clone(),
                ..Village::default()
            })
            .collect();
        let table = VillageTable::new(list);
        let remap = pass
            .appearance
            .iter()
            .map(|(code, _)| table.index_of(code).map_or(NO_VILLAGE, |i| i as u32))
            .collect();
        pass.outcome.derived = Some((table, remap));
    }
    Ok(pass)
}

/// A window's results merged into the pass in file order: counts, rejected rows, the first
/// error, derived villages, the caller's values, the id hashes.
fn merge_window<T>(
    outs: Vec<Result<ChunkOut<T>>>,
    pass: &mut Pass,
    merge: &mut (dyn FnMut(T, &Merged<'_>) -> Result<()> + Send),
) -> Result<()> {
    for out in outs {
        let out = out?;
        pass.outcome.counts.read += out.read;
        pass.outcome.counts.rejected += out.rejected.len();
        pass.outcome.rejected.extend(out.rejected);
        if let Some(e) = out.error {
            return Err(e);
        }
        for p in out.pieces {
            let map: Vec<u32> = p
                .local
                .iter()
                .map(|(code, county, row)| {
                    let next = pass.villages.len() as u32;
                    let (owner, g) = *pass.villages.entry(code.clone()).or_insert_with(|| {
                        pass.appearance.push((code.clone(), *county));
                        (*county, next)
                    });
                    if owner != *county {
                        pass.conflicts.push((code.clone(), *county, *row));
                    }
                    g
                })
                .collect();
            if let Some(v) = p.value {
                merge(v, &Merged { village_map: &map })?;
            }
            pass.outcome.counts.accepted += p.accepted;
            pass.hashes.extend(&p.hashes)?;
            pass.found.extend(p.found);
        }
    }
    Ok(())
}

/// Checks that need the whole file: duplicate households and derived villages under two
/// counties. Returns the rows to leave out (empty when there are none).
fn whole_file_checks(spec: &Spec<'_>, source: &Source, first: &mut Pass) -> Result<Fixups> {
    let mut fix = Fixups::default();
    if spec.read_ids && first.hashes.len() > 1 {
        let suspects = std::mem::take(&mut first.hashes).repeated()?;
        if !suspects.is_empty() {
            let none = Fixups::default();
            let verify = run::<()>(
                spec,
                source,
                &none,
                Mode::Verify(&suspects),
                &mut |(), _| Ok(()),
            )?;
            let mut seen: HashMap<(String, i32), usize> = HashMap::new();
            let mut found = verify.found;
            found.sort_by_key(|f| f.2);
            for (id, year, row) in found {
                match seen.get(&(id.clone(), year)) {
                    Some(first) => {
                        fix.exclude.insert(
                            row,
                            (
                                "household_id",
                                format!(
                                    "household {id} appears twice for year {year} (first at \
                                     row {first})"
                                ),
                            ),
                        );
                    }
                    None => {
                        seen.insert((id, year), row);
                    }
                }
            }
        }
    }
    let codes = spec.counties.codes();
    for (code, county, row) in &first.conflicts {
        let owner = first.villages.get(code).map_or(0, |o| o.0);
        fix.owner.insert(code.clone(), owner);
        let msg = format!(
            "village {code} appears under county {} and under county {}",
            codes[owner as usize], codes[*county as usize]
        );
        fix.exclude.entry(*row).or_insert(("village", msg));
    }
    Ok(fix)
}

/// Read and check a household table without evaluating anything: the rows read, accepted
/// and rejected, and the rows rejected (under [`BadRows::Skip`]). The same streaming reader
/// and checks as `assess` ([`crate::input::scan`]); `chunk_bytes` sets the size of the CSV blocks
/// read in parallel (the fuzz target uses tiny blocks to cut records everywhere).
pub fn check_households(
    path: &Path,
    counties: &CountyTable,
    villages: Option<&VillageTable>,
    policy: BadRows,
    chunk_bytes: usize,
) -> Result<(RowCounts, Vec<Rejected>)> {
    let spec = Spec {
        path,
        counties,
        villages,
        needs: &[],
        read_ids: true,
        read_village: true,
        policy,
        batch_rows: BATCH_ROWS,
        progress: None,
        chunk_bytes,
        large_results: false,
        memory: None,
    };
    let out = scan(&spec, &|_| Ok(()), &mut |(), _| Ok(()), &mut || {})?;
    Ok((out.counts, out.rejected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fupin_core::units::County;

    fn counties() -> CountyTable {
        CountyTable::new(
            ["130125", "520000"]
                .iter()
                .map(|c| County {
                    code: c.to_string(),
                    ..County::default()
                })
                .collect(),
        )
    }

    /// (accepted ids in order, rejected (row, reason)) of a scan.
    type Scanned = (Vec<String>, Vec<(usize, String)>);

    /// Scan a CSV text; `row` describes household `i` of a batch. Returns those descriptions
    /// in file order and the rejected rows (the temporary path shown as `h.csv`).
    fn scan_csv(
        text: &str,
        chunk: usize,
        batch_rows: usize,
        policy: BadRows,
        row: fn(&HouseholdBatch, usize) -> String,
    ) -> Result<Scanned> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("h.csv");
        std::fs::write(&path, text).expect("write");
        let c = counties();
        let spec = Spec {
            path: &path,
            counties: &c,
            villages: None,
            needs: &[],
            read_ids: true,
            read_village: true,
            policy,
            batch_rows,
            progress: None,
            chunk_bytes: chunk,
            large_results: false,
            memory: None,
        };
        let rows = std::sync::Mutex::new(Vec::new());
        let process = |p: &Piece<'_>| -> Result<Vec<String>> {
            Ok((0..p.batch.len()).map(|i| row(p.batch, i)).collect())
        };
        let shown = path.display().to_string();
        let out = scan(
            &spec,
            &process,
            &mut |v: Vec<String>, _| {
                rows.lock().expect("lock").extend(v);
                Ok(())
            },
            &mut || rows.lock().expect("lock").clear(),
        )
        .map_err(|e| EngineError::Input(e.to_string().replace(&shown, "h.csv")))?;
        let rejected = out
            .rejected
            .iter()
            .map(|r| (r.row, r.reason.replace(&shown, "h.csv")))
            .collect();
        Ok((rows.into_inner().expect("lock"), rejected))
    }

    /// The accepted ids, in batches of two.
    fn run_csv(text: &str, chunk: usize, policy: BadRows) -> Result<Scanned> {
        scan_csv(text, chunk, 2, policy, |b, i| b.ids[i].clone())
    }

    const HEADER: &str = "household_id,county,village,size,year,net_income_per_capita\n";

    #[test]
    fn csv_chunks_cut_only_between_records_whatever_the_chunk_size() {
        let text = format!(
            "{HEADER}\"H1\nsecond line, with a comma\",130125,V1,3,2019,100.5\n\
             H2,130125,V1,2,2019,3000\n\"H\"\"3\",520000,V2,1,2019,0\n\
             H4,130125,,4,2019,4000.01\n"
        );
        let want = vec![
            "H1\nsecond line, with a comma".to_string(),
            "H2".into(),
            "H\"3".into(),
            "H4".into(),
        ];
        for chunk in [1, 2, 3, 7, 16, 64, CSV_CHUNK_BYTES] {
            let (ids, rejected) = run_csv(&text, chunk, BadRows::Error).expect("scan");
            assert_eq!(ids, want, "chunk {chunk}");
            assert!(rejected.is_empty());
        }
    }

    /// Every household value of a scan, in batches of three, and the rejected rows.
    fn values_of(text: &str, policy: BadRows) -> Result<Scanned> {
        scan_csv(text, CSV_CHUNK_BYTES, 3, policy, |b, i| {
            format!(
                "{} c{} s{} y{} {} g{}",
                b.ids[i], b.county[i], b.size[i], b.year[i], b.income[i], b.guarantees[i]
            )
        })
    }

    #[test]
    fn plain_blocks_and_the_csv_reader_give_the_same_values_and_errors() {
        // Without quotes or carriage returns a block is cut by memchr and numbers are read
        // from bytes; with CRLF line ends the same rows go through the csv crate.
        let body = "household_id,county,village,size,year,net_income_per_capita,food_clothing\n\
                    H1,130125,V1,3,2019,100.5,1\n\
                    \n\
                    H2, 130125 ,V1, 2 ,2019, 3000 ,TRUE\n\
                    H3,520000,V2,1,2019,0.07,false\n\
                    H4,130125,V1,101,2019,1,1\n\
                    H5,130125,V1,2,2019,12.500,0\n\
                    H6,130125,V1,2,2019,1.234,0\n\
                    H7,999999,V1,2,2019,1,0\n\
                    H8,130125,V1,2,1977,1,0\n\
                    H9,130125,V1,2,2019,1,yes\n\
                    H10,130125,V1,2,2019,1\n\
                    H11,130125,V1,-2,2019,1,1\n\
                    H12,130125,V1,2,2019,10000000.01,1\n\
                    H13,130125,V1,2,2019,123.,1\n";
        let plain = values_of(body, BadRows::Skip).expect("plain");
        let crlf = values_of(&body.replace('\n', "\r\n"), BadRows::Skip).expect("crlf");
        assert_eq!(plain, crlf);
        let (rows, rejected) = plain;
        assert_eq!(
            rows,
            [
                "H1 c0 s3 y2019 100.50 g1",
                "H2 c0 s2 y2019 3000.00 g1",
                "H3 c1 s1 y2019 0.07 g0",
                "H5 c0 s2 y2019 12.50 g0",
                "H13 c0 s2 y2019 123.00 g1",
            ]
        );
        let lines: Vec<usize> = rejected.iter().map(|r| r.0).collect();
        assert_eq!(lines, [6, 8, 9, 10, 11, 12, 13, 14]);
        assert!(
            rejected[0]
                .1
                .contains("column `size`: 101 is not a household size")
        );
        assert!(rejected[2].1.contains("unknown county 999999"));
        assert!(rejected[5].1.contains("has 6 fields, but the header has 7"));
        assert!(rejected[6].1.contains("column `size`: -2 is negative"));
    }

    mod chunked {
        use super::*;
        use proptest::prelude::*;

        /// One generated household row: fields (some quoted, some with a stray quote in an
        /// unquoted note), and whether it is valid.
        fn row() -> impl Strategy<Value = String> {
            let id = prop_oneof![
                "[A-Z][0-9]{1,3}".prop_map(|s| s),
                "[A-Z][0-9]{1,2}".prop_map(|s| format!("\"{s}\"")),
                Just("\"H\"\"q\"".to_string()),
                Just(String::new()),
            ];
            let county = prop_oneof![
                Just("130125".to_string()),
                Just("\"520000\"".to_string()),
                Just("999999".to_string()),
            ];
            let size = prop_oneof![
                Just("3".to_string()),
                Just("0".to_string()),
                Just("x".to_string())
            ];
            let income = prop_oneof![
                Just("2300".to_string()),
                Just("\"2300.5\"".to_string()),
                Just("1.234".to_string()),
            ];
            let note = prop_oneof![
                Just("plain".to_string()),
                Just("a\"b".to_string()),
                Just("\"x, y\"".to_string()),
                Just("\"l1\nl2\"".to_string()),
                Just("\"l1\r\nl2\"\"\"".to_string()),
                Just("\"cr\rin\"".to_string()),
            ];
            let extra = prop_oneof![Just(String::new()), Just(",extra".to_string())];
            (id, county, size, income, note, extra)
                .prop_map(|(i, c, s, m, n, e)| format!("{i},{c},V1,{s},2019,{m},{n}{e}"))
        }

        fn file() -> impl Strategy<Value = String> {
            let end = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
            (
                any::<bool>(),
                any::<bool>(),
                proptest::collection::vec((row(), end, any::<bool>()), 0..24),
                prop_oneof![Just(""), Just("\n"), Just("\r\n")],
            )
                .prop_map(|(bom, blank_first, rows, last)| {
                    let mut t = String::new();
                    if bom {
                        t.push('\u{feff}');
                    }
                    if blank_first {
                        t.push_str("\r\n");
                    }
                    t.push_str(
                        "household_id,county,village,size,year,net_income_per_capita,note\n",
                    );
                    let n = rows.len();
                    for (k, (r, end, blank)) in rows.into_iter().enumerate() {
                        t.push_str(&r);
                        if k + 1 < n {
                            t.push_str(end);
                            if blank {
                                t.push_str(end);
                            }
                        }
                    }
                    t.push_str(last);
                    t
                })
        }

        fn all_values(text: &str, chunk: usize, batch: usize, policy: BadRows) -> String {
            let r = scan_csv(text, chunk, batch, policy, |b, i| {
                format!(
                    "{}|{}|{}|{}|{}",
                    b.ids[i], b.county[i], b.size[i], b.year[i], b.income[i]
                )
            });
            format!("{r:?}")
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]
            /// Decisions' inputs, rejected rows, errors and their row numbers do not depend on
            /// where blocks are cut, the batch size or the thread count.
            #[test]
            fn a_chunked_read_is_the_whole_file_read(text in file()) {
                for policy in [BadRows::Skip, BadRows::Error] {
                    let whole = all_values(&text, CSV_CHUNK_BYTES, 1 << 20, policy);
                    for chunk in [1, 2, 3, 5, 8, 13, 31, 64] {
                        prop_assert_eq!(
                            &all_values(&text, chunk, 3, policy),
                            &whole,
                            "chunk {}", chunk
                        );
                    }
                    let pool = rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .build()
                        .expect("pool");
                    prop_assert_eq!(&pool.install(|| all_values(&text, 7, 2, policy)), &whole);
                }
            }
        }

        #[test]
        fn a_stray_quote_then_a_quoted_line_break_reads_alike_in_any_block() {
            // The case that used to depend on where blocks fell: a `"` inside an unquoted
            // field, later a quoted field holding a line break.
            let text = "household_id,county,village,size,year,net_income_per_capita,note\n\
                        H1,130125,V1,3,2019,1,a\"b\n\
                        H2,130125,V1,3,2019,1,\"l1\nl2\"\n\
                        H3,130125,V1,0,2019,1,x\n";
            let whole = all_values(text, CSV_CHUNK_BYTES, 10, BadRows::Skip);
            assert!(whole.contains("H1|") && whole.contains("H2|"), "{whole}");
            assert!(whole.contains("(5, "), "H3 is on line 5: {whole}");
            for chunk in 1..=text.len() {
                assert_eq!(
                    all_values(text, chunk, 10, BadRows::Skip),
                    whole,
                    "chunk {chunk}"
                );
            }
        }

        #[test]
        fn bare_cr_files_and_blank_lines_before_the_header_number_rows_by_line() {
            let text = "\r\nhousehold_id,county,village,size,year,net_income_per_capita\r\
                        H1,130125,V1,3,2019,1\rH2,130125,V1,0,2019,1\r";
            for chunk in [1, 4, CSV_CHUNK_BYTES] {
                let r = all_values(text, chunk, 10, BadRows::Skip);
                assert!(r.contains("\"H1|0|3|2019|1.00\""), "{r}");
                assert!(r.contains("(4, "), "H2 is on line 4: {r}");
            }
        }
    }

    #[test]
    fn rows_are_named_by_line_across_chunks() {
        // Line 2 holds a record spanning two lines, so the bad record is on line 5.
        let text = format!(
            "{HEADER}\"H1\nx\",130125,V1,3,2019,1\nH2,130125,V1,2,2019,1\nH3,130125,V1,0,2019,1\n"
        );
        for chunk in [1, 5, CSV_CHUNK_BYTES] {
            let e = run_csv(&text, chunk, BadRows::Error).expect_err("bad size");
            assert!(
                e.to_string()
                    .contains("row 5, column `size`: 0 is not a household size"),
                "{e}"
            );
            let (ids, rejected) = run_csv(&text, chunk, BadRows::Skip).expect("skip");
            assert_eq!(ids, ["H1\nx", "H2"]);
            assert_eq!(rejected.len(), 1);
            assert_eq!(rejected[0].0, 5);
        }
    }

    #[test]
    fn duplicates_and_villages_under_two_counties_are_found_across_chunks() {
        let text = format!(
            "{HEADER}H1,130125,V1,1,2019,1\nH2,130125,V1,1,2019,1\nH3,520000,V1,1,2019,1\n\
             H1,130125,V1,1,2018,1\nH1,130125,V1,1,2019,1\n"
        );
        for chunk in [1, 9, CSV_CHUNK_BYTES] {
            let e = run_csv(&text, chunk, BadRows::Error).expect_err("bad");
            // The first of the two problems in file order: V1 under a second county.
            assert!(
                e.to_string()
                    .contains("row 4, column `village`: village V1 appears under county 130125 and under county 520000"),
                "{e}"
            );
            let (ids, rejected) = run_csv(&text, chunk, BadRows::Skip).expect("skip");
            // H1 of 2018 is a different household-year; the second H1 of 2019 is left out.
            assert_eq!(ids, ["H1", "H2", "H1"]);
            let rows: Vec<usize> = rejected.iter().map(|r| r.0).collect();
            assert_eq!(rows, [4, 6]);
            assert!(
                rejected[1]
                    .1
                    .contains("household H1 appears twice for year 2019 (first at row 2)")
            );
        }
    }
}
