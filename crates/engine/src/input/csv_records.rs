//! One CSV grammar for every CSV reader of fupin: where records start and end, what their
//! fields are, and which line a record is on.
//!
//! The grammar is the csv crate's (RFC 4180 as `csv_core` reads it with its defaults):
//! fields are separated by `,`; a record ends at `\n`, `\r\n` or a lone `\r` outside a
//! quoted field; empty lines are skipped; a `"` opens a quoted field only at the start of a
//! field (anywhere else it is an ordinary character); inside a quoted field `""` is one `"`
//! and line ends are text; after the closing quote the field goes on unquoted up to the next
//! `,` or line end; a quoted field left open at the end of the file ends there. A UTF-8 byte
//! order mark at the very start of the file is skipped.
//!
//! **Rows are lines**: a record is named by the line it starts on, counting every line end
//! (`\n`, `\r\n` or a lone `\r`, inside quoted fields too) from line 1, as an editor numbers
//! lines. The household scan cuts the file into blocks only between records and never
//! between the `\r` and `\n` of a line end, so the records, their fields and their line
//! numbers are the same whatever the block size (tested against whole-file reads and against
//! the csv crate by property tests and the `csv_chunks` fuzz target). [`record_end`] finds
//! where a record ends (or that it has not ended yet, for the header), [`parse_record`] and
//! [`Parsed`] split records into fields in one pass, [`last_boundary`] cuts blocks.

/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The end of the record that starts at `start`: `(content_end, next_start)`, the end of its
/// content (before the line end) and where the next record may start (after the line end).
/// `final_block`: nothing follows `buf` (a record ends at the end of `buf`). `None`: the
/// record is not complete in `buf`.
pub(crate) fn record_end(buf: &[u8], start: usize, final_block: bool) -> Option<(usize, usize)> {
    let len = buf.len();
    let mut i = start;
    let mut field_start = true;
    loop {
        if field_start && i < len && buf[i] == b'"' {
            // A quoted field: up to a `"` not followed by another.
            i += 1;
            loop {
                match memchr::memchr(b'"', &buf[i..]) {
                    None => return final_block.then_some((len, len)),
                    Some(q) => {
                        i += q + 1;
                        if i < len && buf[i] == b'"' {
                            i += 1;
                        } else if i == len && !final_block {
                            // `"` last in the block: it may be the first of `""`.
                            return None;
                        } else {
                            break;
                        }
                    }
                }
            }
        }
        // Unquoted text (a `"` here is an ordinary character): up to `,` or a line end.
        match memchr::memchr3(b',', b'\n', b'\r', &buf[i..]) {
            None => return final_block.then_some((len, len)),
            Some(k) => {
                let j = i + k;
                match buf[j] {
                    b',' => {
                        i = j + 1;
                        field_start = true;
                    }
                    b'\n' => return Some((j, j + 1)),
                    _ => {
                        if j + 1 < len {
                            let next = if buf[j + 1] == b'\n' { j + 2 } else { j + 1 };
                            return Some((j, next));
                        }
                        // `\r` last in the block: it may be the first of `\r\n`.
                        return final_block.then_some((j, len));
                    }
                }
            }
        }
    }
}

/// Line ends in `b`: `\n`, `\r\n` and a lone `\r` count one each. A `\r` last in `b` counts
/// as a lone one (callers never cut between `\r` and `\n`).
pub(crate) fn count_lines(b: &[u8]) -> usize {
    let n = memchr::memchr_iter(b'\n', b).count();
    if memchr::memchr(b'\r', b).is_none() {
        return n;
    }
    n + memchr::memchr_iter(b'\r', b)
        .filter(|&i| b.get(i + 1) != Some(&b'\n'))
        .count()
}

/// Past empty lines (line ends at a record start).
fn skip_empty(buf: &[u8], mut i: usize) -> usize {
    while i < buf.len() && (buf[i] == b'\n' || buf[i] == b'\r') {
        i += 1;
    }
    i
}

/// Where a block of a file may be cut: the end of the last complete record in `buf` (which
/// starts at a record start), never between `\r` and `\n`. `eof`: nothing follows `buf`.
/// `None`: no record is complete yet.
pub(crate) fn last_boundary(buf: &[u8], eof: bool) -> Option<usize> {
    if eof {
        return (!buf.is_empty()).then_some(buf.len());
    }
    if memchr::memchr(b'"', buf).is_none() {
        // No quote: the last line end, unless it is a `\r` last in the block.
        let k = memchr::memrchr2(b'\n', b'\r', buf)?;
        if buf[k] == b'\r' && k + 1 == buf.len() {
            return memchr::memrchr2(b'\n', b'\r', &buf[..k]).map(|j| j + 1);
        }
        return Some(k + 1);
    }
    // With quotes: walk the `"` only (a SIMD scan), tracking whether each opens, escapes or
    // closes a quoted field (a `"` opens one only at the start of a field; elsewhere outside
    // quotes it is text). Line ends outside quotes are in the segments between a closing
    // quote (or the block start) and the next opening quote; the cut is after the last line
    // end of the last such segment that has one.
    let mut inside = false;
    let mut seg_start = 0;
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut skip_next = false;
    for q in memchr::memchr_iter(b'"', buf) {
        if skip_next {
            skip_next = false;
            continue;
        }
        if inside {
            match buf.get(q + 1) {
                Some(b'"') => skip_next = true,
                // `"` last in the block: it may be the first of `""`; the segment before
                // this quoted field is the last one that can be cut in.
                None => break,
                Some(_) => {
                    inside = false;
                    seg_start = q + 1;
                }
            }
        } else if q == 0 || matches!(buf[q - 1], b',' | b'\n' | b'\r') {
            segments.push((seg_start, q));
            inside = true;
        }
    }
    if !inside {
        segments.push((seg_start, buf.len()));
    }
    for &(a, b) in segments.iter().rev() {
        let seg = &buf[a..b];
        if let Some(k) = memchr::memrchr2(b'\n', b'\r', seg) {
            let k = a + k;
            if buf[k] == b'\r' && k + 1 == buf.len() {
                // `\r` last in the block: it may be the first of `\r\n`.
                if let Some(j) = memchr::memrchr2(b'\n', b'\r', &buf[a..k]) {
                    return Some(a + j + 1);
                }
                continue;
            }
            return Some(k + 1);
        }
    }
    None
}

/// A field of a parsed record: bytes of the block, or of the scratch buffer (an unquoted
/// copy of a quoted field).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Span {
    /// `block[a..b]`.
    Block(usize, usize),
    /// `scratch[a..b]`.
    Scratch(usize, usize),
}

impl Span {
    /// The field's bytes.
    pub(crate) fn get<'a>(self, block: &'a [u8], scratch: &'a [u8]) -> &'a [u8] {
        match self {
            Span::Block(a, b) => &block[a..b],
            Span::Scratch(a, b) => &scratch[a..b],
        }
    }
}

/// Parse the record that starts at `start` of a block that ends at a record end (or the
/// end of the file), in one pass: its fields into `spans` (quoted fields unquoted into
/// `scratch`), and where it ends: `(content_end, next_start)`, as [`record_end`] with
/// `final_block`.
pub(crate) fn parse_record(
    buf: &[u8],
    start: usize,
    scratch: &mut Vec<u8>,
    spans: &mut Vec<Span>,
) -> (usize, usize) {
    // Fields are short: plain byte loops beat a vectorised search's set-up cost here.
    spans.clear();
    scratch.clear();
    let len = buf.len();
    let mut i = start;
    loop {
        let field_start = i;
        let mut quoted = None;
        if i < len && buf[i] == b'"' {
            // A quoted field, unquoted into the scratch buffer.
            let from = scratch.len();
            i += 1;
            loop {
                let mut j = i;
                while j < len && buf[j] != b'"' {
                    j += 1;
                }
                scratch.extend_from_slice(&buf[i..j]);
                if j >= len {
                    i = len;
                    break;
                }
                i = j + 1;
                if i < len && buf[i] == b'"' {
                    scratch.push(b'"');
                    i += 1;
                } else {
                    break;
                }
            }
            quoted = Some(from);
        }
        // Unquoted text up to `,` or a line end (after a closing quote it is appended).
        let mut end = i;
        while end < len && !matches!(buf[end], b',' | b'\n' | b'\r') {
            end += 1;
        }
        match quoted {
            Some(from) => {
                scratch.extend_from_slice(&buf[i..end]);
                spans.push(Span::Scratch(from, scratch.len()));
            }
            None => spans.push(Span::Block(field_start, end)),
        }
        match buf.get(end) {
            Some(b',') => i = end + 1,
            Some(b'\n') => return (end, end + 1),
            Some(_) => {
                let next = if buf.get(end + 1) == Some(&b'\n') {
                    end + 2
                } else {
                    end + 1
                };
                return (end, next);
            }
            None => return (len, len),
        }
    }
}

/// The records of a block (starting at a record start, ending at a record end or the end of
/// the file), parsed in one pass: fields and the line each record starts on.
pub(crate) struct Parsed<'a> {
    buf: &'a [u8],
    pos: usize,
    line: usize,
    counted: usize,
    /// Unquoted copies of the current record's quoted fields.
    pub scratch: Vec<u8>,
    /// The current record's fields.
    pub spans: Vec<Span>,
}

impl<'a> Parsed<'a> {
    /// Records of `buf`, whose first byte is on line `first_line`.
    pub(crate) fn new(buf: &'a [u8], first_line: usize) -> Parsed<'a> {
        Parsed {
            buf,
            pos: 0,
            line: first_line,
            counted: 0,
            scratch: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// The next record: its line; its fields are in `spans`.
    pub(crate) fn next_record(&mut self) -> Option<usize> {
        let start = skip_empty(self.buf, self.pos);
        if start >= self.buf.len() {
            return None;
        }
        self.line += count_lines(&self.buf[self.counted..start]);
        self.counted = start;
        let (_, next) = parse_record(self.buf, start, &mut self.scratch, &mut self.spans);
        self.pos = next;
        Some(self.line)
    }
}

/// The header of a CSV file from its first bytes: its fields, the byte offset and the
/// line of the first data record. `None`: the header is not complete in `buf` (read more)
/// unless `eof`.
pub(crate) struct Header {
    /// Field names (not trimmed).
    pub names: Vec<Vec<u8>>,
    /// Byte offset just after the header's line end.
    pub data_start: usize,
    /// The line `data_start` is on.
    pub data_line: usize,
}

/// Read the header record from the start of a file. `Ok(None)`: the file has no record.
pub(crate) fn header(buf: &[u8], eof: bool) -> Option<Option<Header>> {
    let from = if buf.starts_with(BOM) { BOM.len() } else { 0 };
    let start = skip_empty(buf, from);
    if start >= buf.len() {
        return if eof { Some(None) } else { None };
    }
    let (_, next) = record_end(buf, start, eof)?;
    let mut scratch = Vec::new();
    let mut spans = Vec::new();
    parse_record(&buf[..next], start, &mut scratch, &mut spans);
    Some(Some(Header {
        names: spans
            .iter()
            .map(|s| s.get(buf, &scratch).to_vec())
            .collect(),
        data_start: next,
        data_line: 1 + count_lines(&buf[..next]),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Records of a whole file as the csv crate reads them (fields), BOM left aside.
    fn csv_crate(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        r.byte_records()
            .map(|rec| rec.expect("csv").iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    /// Records of a file cut into blocks of `block` bytes as the scan cuts it: fields and
    /// line numbers.
    fn ours(text: &[u8], block: usize) -> Vec<(Vec<Vec<u8>>, usize)> {
        let mut out = Vec::new();
        let mut line = 1;
        let mut carry: Vec<u8> = Vec::new();
        let mut rest = text;
        loop {
            let take = block.min(rest.len());
            carry.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            let eof = rest.is_empty();
            let Some(cut) = last_boundary(&carry, eof) else {
                if eof {
                    break;
                }
                continue;
            };
            let tail = carry.split_off(cut);
            let mut p = Parsed::new(&carry, line);
            while let Some(l) = p.next_record() {
                let f: Vec<Vec<u8>> = p
                    .spans
                    .iter()
                    .map(|s| s.get(&carry, &p.scratch).to_vec())
                    .collect();
                out.push((f, l));
            }
            line += count_lines(&carry);
            carry = tail;
            if eof && carry.is_empty() {
                break;
            }
        }
        out
    }

    fn tricky() -> impl Strategy<Value = Vec<u8>> {
        let token = prop_oneof![
            Just(&b"a"[..]),
            Just(&b"12"[..]),
            Just(&b","[..]),
            Just(&b"\""[..]),
            Just(&b"\"\""[..]),
            Just(&b"\"x,y\""[..]),
            Just(&b"\"l1\nl2\""[..]),
            Just(&b"\n"[..]),
            Just(&b"\r\n"[..]),
            Just(&b"\r"[..]),
            Just(&b" "[..]),
            Just("村".as_bytes()),
        ];
        proptest::collection::vec(token, 0..60).prop_map(|ts| ts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn records_are_the_csv_crates_and_the_same_for_any_block_size(text in tricky()) {
            let whole = ours(&text, text.len().max(1));
            let fields: Vec<_> = whole.iter().map(|(f, _)| f.clone()).collect();
            prop_assert_eq!(&fields, &csv_crate(&text));
            for block in [1, 2, 3, 5, 7, 16, 64] {
                prop_assert_eq!(&ours(&text, block), &whole, "block {}", block);
            }
        }
    }

    #[test]
    fn lines_count_every_kind_of_line_end() {
        let text = b"a\r\nb\rc\n\n\"d\ne\"\rf";
        let got: Vec<usize> = ours(text, text.len()).into_iter().map(|r| r.1).collect();
        // a on 1, b on 2, c on 3, (4 empty), "d\ne" on 5-6, f on 7.
        assert_eq!(got, [1, 2, 3, 5, 7]);
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_text() {
        let text = b"ab\"c,d\n\"x\ny\",z\n";
        let got = ours(text, 4);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, vec![b"ab\"c".to_vec(), b"d".to_vec()]);
        assert_eq!(got[1].0, vec![b"x\ny".to_vec(), b"z".to_vec()]);
        assert_eq!(got[1].1, 2);
    }

    #[test]
    fn the_header_skips_a_bom_and_empty_lines() {
        let h = header(b"\xEF\xBB\xBF\r\n\na,\"b\"\r\n1,2\n", true)
            .expect("complete")
            .expect("a header");
        assert_eq!(h.names, vec![b"a".to_vec(), b"b".to_vec()]);
        assert_eq!(h.data_line, 4);
        assert_eq!(h.data_start, 13);
        assert!(
            header(b"a,b\r", false).is_none(),
            "`\\r` last may be `\\r\\n`"
        );
        assert!(matches!(header(b"\n\n", true), Some(None)));
    }
}
