//! The source cut into chunks a window at a time: Parquet row groups (or parts of them),
//! record batches, or blocks of whole CSV records cut outside quotes.

use super::*;
use crate::input::arrow::prefixed;

/// The rows of one part of a record batch in memory when results are small (see `split`).
const ARROW_PART_ROWS: usize = 1 << 16;

/// The rows of one part of a large Parquet row group when results are small.
const PARQUET_PART_ROWS: usize = 1 << 18;

/// Reads chunks a window at a time.
pub(super) struct Chunks<'s> {
    pub(super) source: &'s Source,
    pub(super) chunk_bytes: usize,
    pub(super) next_group: usize,
    /// Rows of the current row group already handed out (sub-chunks).
    pub(super) next_row: usize,
    /// Rows per sub-chunk of a row group (0: whole row groups).
    pub(super) split: usize,
    pub(super) group_len: Vec<usize>,
    pub(super) file: Option<File>,
    pub(super) carry: Vec<u8>,
    pub(super) line: usize,
    pub(super) eof: bool,
    pub(super) done: u64,
    /// A table's stream, opened, with the batch being cut into parts and the rows of it
    /// already handed out.
    pub(super) stream: Option<Box<dyn Iterator<Item = Result<RecordBatch>> + Send + 's>>,
    pub(super) pending: Option<(RecordBatch, usize)>,
    /// Batches taken from the stream, and the file row of the next household.
    pub(super) streamed: usize,
    pub(super) next_first_row: usize,
}

impl<'s> Chunks<'s> {
    pub(super) fn new(source: &'s Source, spec: &Spec<'_>) -> Result<Chunks<'s>> {
        let mut c = Chunks {
            source,
            // Chunks whose results carry household decisions are cut smaller (64 KB of CSV,
            // some 950 households: about 3 MB of decisions serialised as CSV) so that the
            // window in flight stays small.
            chunk_bytes: if spec.large_results {
                spec.chunk_bytes.clamp(1, 1 << 16)
            } else {
                spec.chunk_bytes.max(1)
            },
            next_group: 0,
            next_row: 0,
            // Results with household decisions: row groups are read in parts of at most
            // 1,024 rows (or a batch, if smaller), so few decisions are in flight at once.
            // A batch in memory is sliced for free: one of any size (polars hands over a whole
            // frame as one) is cut into parts of 65,536 rows so that every core has work.
            split: if spec.large_results {
                spec.batch_rows.clamp(1, 1 << 10)
            } else if matches!(source.kind, Kind::Arrow { .. }) {
                ARROW_PART_ROWS
            } else if matches!(source.kind, Kind::Parquet { .. }) {
                // Large row groups (pyarrow and pandas write a million rows to a group) are
                // read in parts, so that every core has work; a part skips the rows before it
                // page by page.
                PARQUET_PART_ROWS
            } else {
                0
            },
            group_len: source.group_lens(),
            file: None,
            carry: Vec::new(),
            line: 2,
            eof: false,
            done: 0,
            stream: None,
            pending: None,
            streamed: 0,
            next_first_row: 1,
        };
        if let Kind::Arrow { table } = &source.kind
            && let Some((stream, _)) = &table.stream
        {
            c.stream = Some(stream.open().map_err(|e| prefixed(&source.shown, e))?);
        }
        if let Kind::Csv {
            data_start,
            data_line,
            ..
        } = &source.kind
        {
            c.line = *data_line;
            let mut f = crate::input::source::open(spec.path)?;
            f.seek(SeekFrom::Start(*data_start))
                .map_err(|e| EngineError::Input(format!("{}: {e}", source.shown)))?;
            c.file = Some(f);
            // Progress counts bytes of the file, the header included.
            c.done = *data_start;
        }
        Ok(c)
    }

    pub(super) fn total(&self) -> u64 {
        match &self.source.kind {
            Kind::Parquet { groups, .. } => *groups as u64,
            // A stream's progress is counted in rows.
            Kind::Arrow { table } if table.stream.is_some() => table.num_rows() as u64,
            Kind::Arrow { table } => table.batches.len() as u64,
            Kind::Csv { len, .. } => *len,
        }
    }

    pub(super) fn window(&mut self, n: usize) -> Result<Vec<Chunk>> {
        let mut out = Vec::new();
        if self.stream.is_some() {
            while out.len() < n {
                match self.next_part()? {
                    Some(c) => out.push(c),
                    None => break,
                }
            }
            return Ok(out);
        }
        let groups = match &self.source.kind {
            Kind::Parquet { groups, .. } => Some(*groups),
            Kind::Arrow { table } => Some(table.batches.len()),
            Kind::Csv { .. } => None,
        };
        match groups {
            Some(groups) => {
                while out.len() < n && self.next_group < groups {
                    let len = self.group_len.get(self.next_group).copied().unwrap_or(0);
                    if self.split == 0 || len <= self.split {
                        out.push(Chunk::Group {
                            g: self.next_group,
                            skip: 0,
                            take: 0,
                        });
                    } else {
                        let take = self.split.min(len - self.next_row);
                        out.push(Chunk::Group {
                            g: self.next_group,
                            skip: self.next_row,
                            take,
                        });
                        self.next_row += take;
                        if self.next_row < len {
                            continue;
                        }
                    }
                    self.next_row = 0;
                    self.next_group += 1;
                    self.done += 1;
                }
            }
            None => {
                while out.len() < n {
                    match self.next_lines()? {
                        Some(c) => out.push(c),
                        None => break,
                    }
                }
            }
        }
        Ok(out)
    }

    /// The next part of a streamed batch: a batch of any size (a slice of a frame) is cut
    /// into parts of `split` rows (slices, no copy) so that every core has work.
    fn next_part(&mut self) -> Result<Option<Chunk>> {
        let Kind::Arrow { table } = &self.source.kind else {
            return Ok(None);
        };
        loop {
            if let Some((batch, at)) = self.pending.take()
                && at < batch.num_rows()
            {
                let take = if self.split == 0 {
                    batch.num_rows() - at
                } else {
                    self.split.min(batch.num_rows() - at)
                };
                let part = batch.slice(at, take);
                self.pending = Some((batch, at + take));
                let first_row = self.next_first_row;
                self.next_first_row += take;
                self.done += take as u64;
                return Ok(Some(Chunk::Batch {
                    batch: part,
                    first_row,
                }));
            }
            let Some(stream) = self.stream.as_mut() else {
                return Ok(None);
            };
            match stream.next() {
                None => {
                    self.stream = None;
                    return Ok(None);
                }
                Some(b) => {
                    let b = b.map_err(|e| prefixed(&self.source.shown, e))?;
                    crate::input::arrow::check_schema(&table.schema, &b, self.streamed)
                        .map_err(|e| prefixed(&self.source.shown, e))?;
                    self.streamed += 1;
                    self.pending = Some((b, 0));
                }
            }
        }
    }

    /// The next block of whole CSV records: cut after the last complete record
    /// ([`crate::input::csv_records::last_boundary`]: the grammar every CSV reader shares).
    pub(super) fn next_lines(&mut self) -> Result<Option<Chunk>> {
        let shown = &self.source.shown;
        loop {
            let mut buf = std::mem::take(&mut self.carry);
            if !self.eof {
                let start = buf.len();
                buf.resize(start + self.chunk_bytes, 0);
                let mut filled = start;
                let f = self
                    .file
                    .as_mut()
                    .ok_or_else(|| EngineError::Input(format!("{shown}: the file is not open")))?;
                while filled < buf.len() {
                    let n = f
                        .read(&mut buf[filled..])
                        .map_err(|e| EngineError::Input(format!("{shown}: cannot read: {e}")))?;
                    if n == 0 {
                        self.eof = true;
                        break;
                    }
                    filled += n;
                }
                buf.truncate(filled);
                self.done += (filled - start) as u64;
            }
            if buf.is_empty() {
                return Ok(None);
            }
            let cut = crate::input::csv_records::last_boundary(&buf, self.eof);
            match cut {
                Some(cut) => {
                    self.carry = buf.split_off(cut);
                    let first_line = self.line;
                    self.line += crate::input::csv_records::count_lines(&buf);
                    return Ok(Some(Chunk::Lines {
                        bytes: buf,
                        first_line,
                    }));
                }
                // One record longer than a block: read more.
                None => self.carry = buf,
            }
        }
    }
}
