//! The 64-bit hashes of every accepted (id, year) pair, kept in bounded memory, and the
//! hashes that occur more than once among them (the candidates the duplicate check verifies
//! on the real ids).
//!
//! Hashes are spread over [`PARTS`] parts by their top bits. A part's hashes wait in a buffer
//! of [`BUFFER`] values; while the table is small every buffer simply grows. Once the hashes
//! held pass [`IN_MEMORY`] every buffer is written as a block to one anonymous temporary file
//! (no name: the system removes it when it is closed, whatever happens) and cut back to one
//! block's capacity; from then on each buffer is written when it is full. At the end each part
//! is read back alone (about 1/256 of the hashes: 9 MB at 300 million households), sorted and
//! searched for repeats. Memory is the buffers (at most 32 MB of capacity before the first
//! spill, 16 MB after it) and one part, whatever the household count; the result is the same
//! as sorting all the hashes. (Spilling only while the hashes held were over the limit kept
//! them at the limit and let the buffers' capacity drift up: 124 MB at 30 million households.)

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use crate::error::{EngineError, Result};

/// Parts, by the top 8 bits of a hash.
const PARTS: usize = 256;

/// Hashes per part buffered before a block is written (64 KB).
const BUFFER: usize = 8192;

/// Hashes held in memory before blocks start going to the temporary file (16 MB): a table of
/// up to 2 million households never touches the disk.
const IN_MEMORY: usize = 1 << 21;

/// The hashes, spread over parts.
pub(super) struct Hashes {
    parts: Vec<Vec<u64>>,
    held: usize,
    total: usize,
    /// The temporary file and, per part, its blocks: (offset, hashes).
    file: Option<File>,
    blocks: Vec<Vec<(u64, usize)>>,
    written: u64,
    /// Hashes held before spilling (a test sets it small).
    limit: usize,
}

impl Default for Hashes {
    fn default() -> Self {
        Hashes::with_limit(IN_MEMORY)
    }
}

impl Hashes {
    fn with_limit(limit: usize) -> Hashes {
        Hashes {
            parts: vec![Vec::new(); PARTS],
            held: 0,
            total: 0,
            file: None,
            blocks: vec![Vec::new(); PARTS],
            written: 0,
            limit,
        }
    }

    /// How many hashes were added.
    pub(super) fn len(&self) -> usize {
        self.total
    }

    pub(super) fn extend(&mut self, hashes: &[u64]) -> Result<()> {
        for &h in hashes {
            let p = (h >> 56) as usize;
            self.parts[p].push(h);
            self.held += 1;
            self.total += 1;
            if self.file.is_some() {
                if self.parts[p].len() >= BUFFER {
                    self.spill(p)?;
                }
            } else if self.held > self.limit {
                // From now on the hashes go to disk: every part's buffer is written and
                // cut back to one block, so what is held is at most PARTS blocks.
                for q in 0..PARTS {
                    self.spill(q)?;
                    self.parts[q].shrink_to(BUFFER);
                }
            }
        }
        Ok(())
    }

    /// Hashes of the parts' buffers allocated (a test checks the bound).
    #[cfg(test)]
    fn capacity(&self) -> usize {
        self.parts.iter().map(Vec::capacity).sum()
    }

    /// Write part `p`'s buffer as a block of the temporary file.
    fn spill(&mut self, p: usize) -> Result<()> {
        let fail = |e: std::io::Error| {
            EngineError::Config(format!(
                "cannot write the duplicate check's temporary file in {}: {e}",
                std::env::temp_dir().display()
            ))
        };
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile().map_err(fail)?);
        }
        let Some(f) = self.file.as_mut() else {
            return Ok(());
        };
        let buf = &mut self.parts[p];
        if buf.is_empty() {
            return Ok(());
        }
        let bytes: Vec<u8> = buf.iter().flat_map(|h| h.to_le_bytes()).collect();
        f.write_all(&bytes).map_err(fail)?;
        self.blocks[p].push((self.written, buf.len()));
        self.written += bytes.len() as u64;
        self.held -= buf.len();
        buf.clear();
        Ok(())
    }

    /// The hashes that occur more than once, part by part.
    pub(super) fn repeated(mut self) -> Result<std::collections::HashSet<u64>> {
        let mut out = std::collections::HashSet::new();
        if let Some(f) = self.file.as_mut() {
            f.flush()
                .map_err(|e| EngineError::Config(format!("temporary file: {e}")))?;
        }
        let mut scratch = Vec::new();
        for p in 0..PARTS {
            let mut part = std::mem::take(&mut self.parts[p]);
            if let Some(f) = self.file.as_mut() {
                for &(offset, n) in &self.blocks[p] {
                    let mut bytes = vec![0u8; n * 8];
                    f.seek(SeekFrom::Start(offset))
                        .and_then(|_| f.read_exact(&mut bytes))
                        .map_err(|e| {
                            EngineError::Config(format!(
                                "cannot read back the duplicate check's temporary file: {e}"
                            ))
                        })?;
                    part.extend(
                        bytes
                            .chunks_exact(8)
                            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default())),
                    );
                }
            }
            super::radix::sort_by_key(&mut part, &mut scratch, |h| *h);
            out.extend(part.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spilled or not, the repeated hashes are those a plain sort finds.
    #[test]
    fn repeats_are_found_whether_or_not_the_hashes_went_to_disk() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut all: Vec<u64> = (0..200_000).map(|_| next()).collect();
        // Repeats: some twice, one three times, in every part and at the ends.
        for i in [0usize, 17, 99_999, 150_000, 199_999] {
            let h = all[i];
            all.push(h);
        }
        all.push(all[17]);
        all.push(u64::MAX);
        all.push(u64::MAX);
        all.push(0);
        all.push(0);
        let mut sorted = all.clone();
        sorted.sort_unstable();
        let expected: std::collections::HashSet<u64> = sorted
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        assert_eq!(expected.len(), 7);
        for limit in [IN_MEMORY, 100, 1] {
            let mut h = Hashes::with_limit(limit);
            for chunk in all.chunks(777) {
                h.extend(chunk).expect("extend");
            }
            assert_eq!(h.len(), all.len());
            assert_eq!(h.file.is_some(), limit < all.len(), "limit {limit}");
            if h.file.is_some() {
                assert!(
                    h.capacity() <= PARTS * BUFFER,
                    "limit {limit}: {}",
                    h.capacity()
                );
            }
            assert_eq!(h.repeated().expect("repeated"), expected, "limit {limit}");
        }
    }
}
