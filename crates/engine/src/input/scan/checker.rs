//! A chunk decoded and checked: its columns read (Arrow or CSV), villages resolved, the
//! whole-file findings applied, the bad rows left out or stopping the run, the batch handed
//! on.

use super::*;

pub(super) struct Checker<'a> {
    pub(super) spec: &'a Spec<'a>,
    pub(super) source: &'a Source,
    pub(super) fix: &'a Fixups,
    pub(super) group_rows: &'a [usize],
    /// County index by 6-digit code read as a number (`u32::MAX`: not a county).
    pub(super) by_code: Vec<u32>,
    /// Village table: code → (index, county index).
    pub(super) village_index: VillageIndex,
}

/// The village table's codes → (index, county index). Nearly every household of a batch
/// names a different village (126,240 villages at national scale), so this look-up runs once
/// per row: codes of at most 17 digits (the 12-digit codes of the statistical division) are
/// kept as numbers, sorted, without separate key allocations; any other code by its text.
#[derive(Default)]
pub(super) struct VillageIndex {
    /// The numeric codes, sorted.
    sorted: Vec<(u64, (u32, u32))>,
    text: HashMap<String, (u32, u32)>,
}

impl VillageIndex {
    pub(super) fn new(table: &VillageTable, counties: &CountyTable) -> VillageIndex {
        let mut index = VillageIndex::default();
        for (i, v) in table.villages().iter().enumerate() {
            let county = counties.index_of(&v.county).map_or(u32::MAX, |c| c as u32);
            match numeric_code(&v.code) {
                Some(k) => index.sorted.push((k, (i as u32, county))),
                None => {
                    index.text.insert(v.code.clone(), (i as u32, county));
                }
            }
        }
        index.sorted.sort_unstable();
        index
    }

    /// The villages coded `codes` (a batch's distinct codes), in order. Nearly every code of
    /// a large batch is a different village, and hash look-ups at random over the whole table
    /// wait on memory for each one; so the batch's numeric codes are sorted and walked with
    /// the sorted table instead (each found by galloping from the last), which reads the
    /// table in order. Small batches look codes up one by one.
    pub(super) fn get_many<'c>(
        &self,
        codes: impl ExactSizeIterator<Item = Option<&'c str>>,
    ) -> Vec<Option<(u32, u32)>> {
        let mut out = vec![None; codes.len()];
        if codes.len() < 4096 {
            for (o, c) in out.iter_mut().zip(codes) {
                *o = c.and_then(|c| self.get(c));
            }
            return out;
        }
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(codes.len());
        for (i, c) in codes.enumerate() {
            let Some(c) = c else { continue };
            match numeric_code(c) {
                Some(k) => keyed.push((k, i as u32)),
                None => out[i] = self.text.get(c).copied(),
            }
        }
        super::radix::sort_by_key(&mut keyed, &mut Vec::new(), |k| k.0);
        let table = &self.sorted;
        let mut at = 0;
        for (k, i) in keyed {
            let rest = &table[at..];
            let mut bound = 1;
            while bound < rest.len() && rest[bound].0 < k {
                bound *= 2;
            }
            let lo = bound / 2;
            let hi = bound.min(rest.len());
            at += lo + rest[lo..hi].partition_point(|e| e.0 < k);
            if let Some(&(key, v)) = table.get(at)
                && key == k
            {
                out[i as usize] = Some(v);
            }
        }
        out
    }

    /// The village coded `code`: (index in the table, county index), one code at a time.
    pub(super) fn get(&self, code: &str) -> Option<(u32, u32)> {
        match numeric_code(code) {
            Some(k) => self
                .sorted
                .binary_search_by_key(&k, |e| e.0)
                .ok()
                .map(|at| self.sorted[at].1),
            None => self.text.get(code).copied(),
        }
    }
}

/// A code of 1 to 17 ASCII digits as one number that keeps its length (`"007"` and `"7"`
/// differ): the length in the top 5 bits, the value (below 10^17 < 2^57) under them.
fn numeric_code(code: &str) -> Option<u64> {
    let b = code.as_bytes();
    if b.is_empty() || b.len() > 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = b.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
    Some((b.len() as u64) << 59 | value)
}

impl Checker<'_> {
    pub(super) fn chunk<T: Send>(&self, chunk: Chunk, mode: Mode<'_, T>) -> Result<ChunkOut<T>> {
        let mut out = ChunkOut {
            pieces: Vec::new(),
            read: 0,
            rejected: Vec::new(),
            error: None,
        };
        match chunk {
            Chunk::Group { g, skip, take } if matches!(self.source.kind, Kind::Arrow { .. }) => {
                self.memory_chunk(g, skip, take, mode, &mut out)?;
            }
            Chunk::Group { g, skip, take } => {
                let Kind::Parquet { meta, mask, .. } = &self.source.kind else {
                    return Ok(out);
                };
                let shown = &self.source.shown;
                let file = crate::input::source::open(self.spec.path)?;
                let mut builder =
                    ParquetRecordBatchReaderBuilder::new_with_metadata(file, meta.clone())
                        .with_row_groups(vec![g])
                        .with_projection(mask.clone())
                        .with_batch_size(self.spec.batch_rows.max(1));
                if take > 0 {
                    builder = builder.with_row_selection(RowSelection::from(vec![
                        RowSelector::skip(skip),
                        RowSelector::select(take),
                    ]));
                }
                let reader = builder
                    .build()
                    .map_err(|e| EngineError::Input(format!("{shown}: cannot read: {e}")))?;
                let mut row = self.group_rows.get(g).copied().unwrap_or(1) + skip;
                for rb in reader {
                    let rb = rb
                        .map_err(|e| format!("cannot decode: {e}"))
                        .and_then(crate::input::parquet::normalize_batch)
                        .map_err(|e| EngineError::Input(format!("{shown}: {e}")))?;
                    let n = rb.num_rows();
                    out.read += n;
                    let cols = self.arrow_cols(&rb, row)?;
                    row += n;
                    self.finish(cols, mode, &mut out)?;
                    if out.error.is_some() {
                        break;
                    }
                }
            }
            Chunk::Lines { bytes, first_line } => {
                self.csv_chunk(&bytes, first_line, mode, &mut out)?
            }
            Chunk::Batch { batch, first_row } => {
                self.batch_parts(&batch, first_row, 0, batch.num_rows(), mode, &mut out)?;
            }
        }
        Ok(out)
    }

    /// A record batch in memory (rows `skip..skip + take`, all when `take` is 0), in parts of
    /// at most a batch, as a Parquet row group is read.
    pub(super) fn memory_chunk<T: Send>(
        &self,
        g: usize,
        skip: usize,
        take: usize,
        mode: Mode<'_, T>,
        out: &mut ChunkOut<T>,
    ) -> Result<()> {
        let Kind::Arrow { table } = &self.source.kind else {
            return Ok(());
        };
        let Some(whole) = table.batches.get(g) else {
            return Ok(());
        };
        let end = if take > 0 {
            (skip + take).min(whole.num_rows())
        } else {
            whole.num_rows()
        };
        let first_row = self.group_rows.get(g).copied().unwrap_or(1);
        self.batch_parts(whole, first_row, skip, end, mode, out)
    }

    /// Rows `at..end` of a batch in memory whose first row is file row `first_row`, in parts
    /// of at most a batch.
    fn batch_parts<T: Send>(
        &self,
        whole: &RecordBatch,
        first_row: usize,
        mut at: usize,
        end: usize,
        mode: Mode<'_, T>,
        out: &mut ChunkOut<T>,
    ) -> Result<()> {
        let step = self.spec.batch_rows.max(1);
        while at < end {
            let n = step.min(end - at);
            let rb = crate::input::parquet::normalize_batch(whole.slice(at, n))
                .map_err(|e| EngineError::Input(format!("{}: {e}", self.source.shown)))?;
            out.read += n;
            let cols = self.arrow_cols(&rb, first_row + at)?;
            self.finish(cols, mode, out)?;
            if out.error.is_some() {
                break;
            }
            at += n;
        }
        Ok(())
    }

    /// Decode a record batch column by column.
    pub(super) fn arrow_cols(&self, rb: &RecordBatch, first_row: usize) -> Result<Cols> {
        let n = rb.num_rows();
        let shown = &self.source.shown;
        let mut c = Cols {
            first_row,
            ..Cols::default()
        };
        let text = |name: &str| -> Result<Option<Text<'_>>> {
            match rb.column_by_name(name) {
                None => Ok(None),
                Some(a) => Text::of(a).map(Some).ok_or_else(|| {
                    EngineError::Input(format!(
                        "{shown}: column `{name}` is of type {}, not text",
                        a.data_type()
                    ))
                }),
            }
        };
        if self.spec.read_ids
            && let Some(t) = text("household_id")?
        {
            c.ids.reserve(n);
            for i in 0..n {
                match t.get(i).map(str::trim).filter(|s| !s.is_empty()) {
                    Some(s) => c.ids.push(s.to_string()),
                    None => {
                        c.ids.push(String::new());
                        c.bad.push((i, "household_id", "is empty".into()));
                    }
                }
            }
        }
        // County: a dictionary is looked up once per distinct value; whole-number codes
        // (pandas, polars, DuckDB) are looked up by their number.
        c.county.reserve(n);
        let int_county = rb
            .column_by_name("county")
            .filter(|a| a.data_type().is_integer());
        if let Some(a) = int_county {
            let by_number = |v: i64| {
                if (100_000..=999_999).contains(&v) {
                    match self.by_code.get(v as usize) {
                        Some(&ci) if ci != u32::MAX => Ok(ci),
                        _ => Err(format!("unknown county {v}")),
                    }
                } else {
                    county_index(&self.by_code, &v.to_string())
                }
            };
            // Without nulls, 64-bit codes are read straight from the values (no per-row
            // type dispatch).
            let plain = (a.null_count() == 0)
                .then(|| {
                    arrow_array::cast::AsArray::as_primitive_opt::<arrow_array::types::Int64Type>(a)
                })
                .flatten();
            for i in 0..n {
                let r = match plain {
                    Some(p) => by_number(p.value(i)),
                    None => match int_at(a, i) {
                        None => Err("is empty".to_string()),
                        Some(Ok(v)) => by_number(v),
                        Some(Err(m)) => Err(m),
                    },
                };
                match r {
                    Ok(ci) => c.county.push(ci),
                    Err(m) => {
                        c.county.push(u32::MAX);
                        c.bad.push((i, "county", m));
                    }
                }
            }
        }
        match if int_county.is_some() {
            None
        } else {
            text("county")?
        } {
            Some(Text::Dict(d, values)) => {
                let dv = d.values().len();
                let looked: Vec<std::result::Result<u32, String>> = (0..dv)
                    .map(|k| match values.get(k).map(str::trim) {
                        Some(s) => county_index(&self.by_code, s),
                        None => Err("is empty".into()),
                    })
                    .collect();
                let keys = d.keys();
                let all_known: Option<Vec<u32>> =
                    looked.iter().map(|r| r.as_ref().ok().copied()).collect();
                if let (Some(known), 0) = (&all_known, keys.null_count()) {
                    // Every value a known county, no nulls: a plain gather.
                    c.county.extend(
                        keys.values()
                            .iter()
                            .map(|k| known.get(*k as usize).copied().unwrap_or(u32::MAX)),
                    );
                    if c.county.contains(&u32::MAX) {
                        c.county.clear();
                    }
                }
                let gathered = !c.county.is_empty();
                for i in (0..n).filter(|_| !gathered) {
                    let r = if keys.is_null(i) {
                        Err("is empty".to_string())
                    } else {
                        usize::try_from(keys.value(i))
                            .ok()
                            .and_then(|k| looked.get(k))
                            .cloned()
                            .unwrap_or_else(|| Err("is empty".into()))
                    };
                    match r {
                        Ok(ci) => c.county.push(ci),
                        Err(m) => {
                            c.county.push(u32::MAX);
                            c.bad.push((i, "county", m));
                        }
                    }
                }
            }
            Some(t) => {
                for i in 0..n {
                    match t.get(i).map(str::trim).filter(|s| !s.is_empty()) {
                        None => {
                            c.county.push(u32::MAX);
                            c.bad.push((i, "county", "is empty".into()));
                        }
                        Some(s) => match county_index(&self.by_code, s) {
                            Ok(ci) => c.county.push(ci),
                            Err(m) => {
                                c.county.push(u32::MAX);
                                c.bad.push((i, "county", m));
                            }
                        },
                    }
                }
            }
            None => {}
        }
        let size = rb.column_by_name("size");
        ints(
            size,
            n,
            "size",
            (1, MAX_HOUSEHOLD_SIZE),
            check_size,
            &mut c.size,
            &mut c.bad,
        );
        let year = rb.column_by_name("year");
        ints(
            year,
            n,
            "year",
            (1978, 2100),
            check_year,
            &mut c.year,
            &mut c.bad,
        );
        match rb.column_by_name("net_income_per_capita") {
            Some(a) => money(a, n, "net_income_per_capita", &mut c.income, &mut c.bad),
            None => c.income.resize(n, Money::ZERO),
        }
        c.flags.resize(n, 0);
        for g in Guarantee::ALL {
            if let Some(a) = rb.column_by_name(g.column()) {
                flags(a, n, g.bit(), g.column(), &mut c.flags, &mut c.bad);
            }
        }
        if let Some(a) = rb.column_by_name(MONITORING_COLUMNS[0]) {
            statuses(a, n, shown, &mut c.status, &mut c.bad)?;
        }
        if let Some(a) = rb.column_by_name(MONITORING_COLUMNS[1]) {
            money(a, n, MONITORING_COLUMNS[1], &mut c.rigid, &mut c.bad);
        }
        if let Some(a) = rb.column_by_name(MONITORING_COLUMNS[2]) {
            c.hardship.resize(n, 0);
            flags(a, n, 1, MONITORING_COLUMNS[2], &mut c.hardship, &mut c.bad);
        }
        if self.source.has_village
            && let Some(t) = text("village")?
        {
            let name = |v: Option<&str>| {
                v.map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            match &t {
                // A dictionary: each distinct code once.
                Text::Dict(d, _) => {
                    c.village_dict = Some(std::sync::Arc::clone(d.values()));
                    let keys = d.keys();
                    c.village_ref = (0..n)
                        .map(|i| {
                            if keys.is_null(i) {
                                u32::MAX
                            } else {
                                u32::try_from(keys.value(i)).unwrap_or(u32::MAX)
                            }
                        })
                        .collect();
                }
                _ => {
                    for i in 0..n {
                        let r = c.intern(name(t.get(i)));
                        c.village_ref.push(r);
                    }
                }
            }
        }
        Ok(c)
    }

    /// Parse a block of CSV lines. A block without `"` or `\r` is cut at line ends and
    /// commas directly (memchr); any other block goes through the csv crate. Both hand the
    /// same fields to [`CsvColumns::push`].
    pub(super) fn csv_chunk<T: Send>(
        &self,
        bytes: &[u8],
        first_line: usize,
        mode: Mode<'_, T>,
        out: &mut ChunkOut<T>,
    ) -> Result<()> {
        let Kind::Csv { width, index, .. } = &self.source.kind else {
            return Ok(());
        };
        let col = |name: &str| index.get(name).copied();
        let layout = CsvColumns {
            by_code: &self.by_code,
            width: *width,
            id: col("household_id").filter(|_| self.spec.read_ids),
            county: col("county"),
            size: col("size"),
            year: col("year"),
            income: col("net_income_per_capita"),
            village: col("village").filter(|_| self.source.has_village),
            flags: Guarantee::ALL
                .iter()
                .filter_map(|g| col(g.column()).map(|c| (*g, c)))
                .collect(),
            status: col(MONITORING_COLUMNS[0]),
            rigid: col(MONITORING_COLUMNS[1]),
            hardship: col(MONITORING_COLUMNS[2]),
        };
        let mut cols = Cols::default();
        let batch = self.spec.batch_rows.max(1);
        if memchr::memchr2(b'"', b'\r', bytes).is_none() {
            let mut spans: Vec<(usize, usize)> = Vec::with_capacity(*width + 1);
            let mut start = 0;
            let mut line = first_line;
            while start < bytes.len() {
                let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |e| start + e);
                let rec = &bytes[start..end];
                if !rec.is_empty() {
                    spans.clear();
                    let mut f = 0;
                    for c in memchr::memchr_iter(b',', rec) {
                        spans.push((f, c));
                        f = c + 1;
                    }
                    spans.push((f, rec.len()));
                    out.read += 1;
                    let get = |i: usize| spans.get(i).map(|&(a, b)| &rec[a..b]);
                    layout.push(&mut cols, line, spans.len(), &get);
                    if cols.rows.len() == batch {
                        self.finish(std::mem::take(&mut cols), mode, out)?;
                        if out.error.is_some() {
                            return Ok(());
                        }
                    }
                }
                start = end + 1;
                line += 1;
            }
        } else {
            // Quotes or `\r`: the shared grammar, each record parsed in one pass.
            let mut records = crate::input::csv_records::Parsed::new(bytes, first_line);
            while let Some(line) = records.next_record() {
                out.read += 1;
                let (spans, scratch) = (&records.spans, &records.scratch);
                let get = |i: usize| spans.get(i).map(|s| s.get(bytes, scratch));
                layout.push(&mut cols, line, spans.len(), &get);
                if cols.rows.len() == batch {
                    self.finish(std::mem::take(&mut cols), mode, out)?;
                    if out.error.is_some() {
                        return Ok(());
                    }
                }
            }
        }
        if !cols.rows.is_empty() {
            self.finish(cols, mode, out)?;
        }
        Ok(())
    }

    /// Village checks, fix-ups, the bad rows left out, and the batch handed on.
    pub(super) fn finish<T: Send>(
        &self,
        mut c: Cols,
        mode: Mode<'_, T>,
        out: &mut ChunkOut<T>,
    ) -> Result<()> {
        let local = self.resolve_villages(&mut c);
        if !self.leave_out_bad_rows(&mut c, out) {
            return Ok(());
        }
        self.hand_on(c, local, mode, out)
    }

    /// Each household's village: its index in the village table (checked to be in the
    /// household's county), or, when villages are derived from the households, a batch-local
    /// village; problems are recorded as bad rows.
    pub(super) fn resolve_villages(&self, c: &mut Cols) -> Vec<(String, u32, usize)> {
        let n = c.county.len();
        let codes = self.spec.counties.codes();
        let mut local: Vec<(String, u32, usize)> = Vec::new();
        let mut local_index: HashMap<(u32, u32), u32> = HashMap::new();
        c.village = vec![NO_VILLAGE; n];
        if !c.village_ref.is_empty() {
            let mut bad_rows: HashSet<usize> = HashSet::new();
            bad_rows.extend(c.bad.iter().map(|b| b.0));
            // The batch's distinct codes, trimmed (an empty code is no village).
            let dict = c.village_dict.as_ref().and_then(Text::of);
            let names = &c.village_names;
            let count = dict.as_ref().map_or(names.len(), Text::len);
            let name = |r: usize| -> Option<&str> {
                match &dict {
                    Some(t) => t.get(r),
                    None => names.get(r).and_then(|v| v.as_deref()),
                }
                .map(str::trim)
                .filter(|s| !s.is_empty())
            };
            // Each distinct code looked up once: its table index and county, or its owner
            // county when villages are derived.
            let resolved: Vec<Option<(u32, u32)>> = match self.spec.villages {
                Some(_) => self.village_index.get_many((0..count).map(name)),
                None => (0..count)
                    .map(|r| {
                        let v = name(r)?;
                        self.fix.owner.get(v).map(|o| (u32::MAX, *o))
                    })
                    .collect(),
            };
            for i in 0..n {
                let r = c.village_ref[i];
                if r == u32::MAX || bad_rows.contains(&i) {
                    continue;
                }
                let v = name(r as usize).unwrap_or_default();
                let county = c.county[i];
                match (self.spec.villages, resolved[r as usize]) {
                    (Some(_), None) => c.bad.push((
                        i,
                        "village",
                        format!("unknown village {}", crate::text::quote(v)),
                    )),
                    (Some(_), Some((_, vc))) if vc != county => c.bad.push((
                        i,
                        "village",
                        format!(
                            "village {v} belongs to county {}, not {}",
                            codes[vc as usize], codes[county as usize]
                        ),
                    )),
                    (Some(_), Some((vi, _))) => c.village[i] = vi,
                    (None, Some((_, owner))) if owner != county => c.bad.push((
                        i,
                        "village",
                        format!(
                            "village {v} appears under county {} and under county {}",
                            codes[owner as usize], codes[county as usize]
                        ),
                    )),
                    (None, _) => {
                        let li = *local_index.entry((r, county)).or_insert_with(|| {
                            local.push((v.to_string(), county, c.row(i)));
                            (local.len() - 1) as u32
                        });
                        c.village[i] = li;
                    }
                }
            }
        }
        local
    }

    /// Rows found bad by the whole-file checks join the batch's bad rows; under `error` the
    /// first stops the run (false), under `skip` they are reported and left out (true).
    pub(super) fn leave_out_bad_rows<T: Send>(&self, c: &mut Cols, out: &mut ChunkOut<T>) -> bool {
        let n = c.county.len();
        if !self.fix.exclude.is_empty() {
            for i in 0..n {
                if let Some((col, msg)) = self.fix.exclude.get(&c.row(i)) {
                    c.bad.push((i, col, msg.clone()));
                }
            }
        }
        if !c.bad.is_empty() {
            c.bad.sort_by_key(|b| b.0);
            c.bad.dedup_by_key(|b| b.0);
            let shown = &self.source.shown;
            let describe = |i: usize, col: &str, msg: &str| {
                if col.is_empty() {
                    format!("{shown}: row {}: {msg}", c.row(i))
                } else {
                    format!("{shown}: row {}, column `{col}`: {msg}", c.row(i))
                }
            };
            if self.spec.policy == BadRows::Error {
                let (i, col, msg) = &c.bad[0];
                out.error = Some(EngineError::Input(describe(*i, col, msg)));
                return false;
            }
            let mut keep = vec![true; n];
            for (i, col, msg) in &c.bad {
                keep[*i] = false;
                out.rejected.push(Rejected {
                    file: shown.clone(),
                    row: c.row(*i),
                    reason: describe(*i, col, msg),
                });
            }
            compact(c, &keep);
        }
        true
    }

    /// The checked households handed on: hashed for the duplicate check, then evaluated
    /// (`process`) or looked up in the set of duplicate candidates (`Verify`).
    pub(super) fn hand_on<T: Send>(
        &self,
        mut c: Cols,
        local: Vec<(String, u32, usize)>,
        mode: Mode<'_, T>,
        out: &mut ChunkOut<T>,
    ) -> Result<()> {
        let n = c.county.len();
        let mut p = PieceOut {
            value: None,
            accepted: n,
            hashes: Vec::new(),
            local,
            found: Vec::new(),
        };
        if !c.ids.is_empty() {
            p.hashes = c
                .ids
                .iter()
                .zip(&c.year)
                .map(|(id, y)| id_hash(id, *y))
                .collect();
        }
        match mode {
            Mode::Verify(set) => {
                for (i, h) in p.hashes.iter().enumerate() {
                    if set.contains(h) {
                        p.found.push((c.ids[i].clone(), c.year[i], c.row(i)));
                    }
                }
                p.hashes = Vec::new();
            }
            Mode::Eval(process) => {
                let first_row = if n > 0 { c.row(0) } else { 0 };
                let batch = HouseholdBatch {
                    ids: std::mem::take(&mut c.ids),
                    county: c.county,
                    village: c.village,
                    size: c.size,
                    year: c.year,
                    income: c.income,
                    guarantees: c.flags,
                    guarantees_known: self.source.known,
                    status: c.status,
                    rigid_expenditure: c.rigid,
                    sudden_hardship: c.hardship.iter().map(|h| *h != 0).collect(),
                    first_row,
                };
                if !batch.is_empty() {
                    p.value = Some(process(&Piece { batch: &batch })?);
                }
            }
        }
        out.pieces.push(p);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fupin_core::units::County;

    #[test]
    fn numeric_codes_keep_their_length_and_text_codes_are_left_alone() {
        assert_eq!(numeric_code("7"), Some(1 << 59 | 7));
        assert_ne!(numeric_code("007"), numeric_code("7"));
        assert_eq!(
            numeric_code("99999999999999999"),
            Some(17 << 59 | 99_999_999_999_999_999)
        );
        for text in [
            "",
            "123456789012345678",
            "13012500000a",
            " 130125",
            "-1",
            "１２",
        ] {
            assert_eq!(numeric_code(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_village_index_finds_every_code_numeric_or_not_and_nothing_else() {
        let village = |code: &str, county: &str| Village {
            code: code.into(),
            county: county.into(),
            ..Village::default()
        };
        let table = VillageTable::new(vec![
            village("130125000001", "130125"),
            village("007", "130125"),
            village("V-12", "130126"),
            village("123456789012345678", "130126"),
        ]);
        let counties = CountyTable::new(vec![
            County {
                code: "130125".into(),
                ..County::default()
            },
            County {
                code: "130126".into(),
                ..County::default()
            },
        ]);
        let index = VillageIndex::new(&table, &counties);
        for (i, v) in table.villages().iter().enumerate() {
            let county = counties.index_of(&v.county).map(|c| c as u32);
            assert_eq!(
                index.get(&v.code).map(|(i, c)| (i, Some(c))),
                Some((i as u32, county)),
                "{}",
                v.code
            );
        }
        for absent in ["7", "0007", "130125000002", "v-12", "12345678901234567"] {
            assert_eq!(index.get(absent), None, "{absent}");
        }
    }

    /// A batch's codes looked up all at once (sorted and walked with the table) are found
    /// as one by one: present or absent, numeric or text, first or last in the table, none.
    #[test]
    fn a_batchs_codes_are_found_together_as_one_by_one() {
        let mut villages = Vec::new();
        for i in 0..20_000u64 {
            // Every third code skipped, so that absent codes fall between present ones.
            if i % 3 != 1 {
                villages.push(Village {
                    code: format!("{}", 130_125_000_000 + i * 7),
                    county: "130125".into(),
                    ..Village::default()
                });
            }
        }
        villages.push(Village {
            code: "V-1".into(),
            county: "130125".into(),
            ..Village::default()
        });
        let table = VillageTable::new(villages);
        let counties = CountyTable::new(vec![County {
            code: "130125".into(),
            ..County::default()
        }]);
        let index = VillageIndex::new(&table, &counties);
        let mut state = 12345u64;
        let mut codes: Vec<Option<String>> = (0..9_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let i = (state >> 33) % 20_100;
                Some(format!("{}", 130_125_000_000 + i * 7))
            })
            .collect();
        codes.extend([
            None,
            Some("V-1".into()),
            Some("V-2".into()),
            Some("130125000000".into()),
            Some("0130125000000".into()),
            Some("1".into()),
            Some("99999999999999999".into()),
            Some(format!("{}", 130_125_000_000u64 + 19_998 * 7)),
        ]);
        let together = index.get_many(codes.iter().map(|c| c.as_deref()));
        let one_by_one: Vec<_> = codes
            .iter()
            .map(|c| c.as_deref().and_then(|c| index.get(c)))
            .collect();
        assert_eq!(together, one_by_one);
        let found = together.iter().filter(|f| f.is_some()).count();
        assert!(found > 5_000 && found < 9_000, "{found}");
        assert!(together[9_001].is_some() && together[9_002].is_none());
        assert!(together[9_003].is_some() && together[9_007].is_some());
    }
}
