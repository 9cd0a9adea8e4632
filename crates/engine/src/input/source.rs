//! Opening input tables.
//!
//! Readers open a table by path as often as they need (the header, then the data, then a
//! second pass). A table that can be read only once, standard input (`-`), a FIFO, a process
//! substitution (`<(…)`, a pipe under `/dev/fd`), a character device or a socket, is
//! therefore copied once, when it is first opened, into an unnamed temporary file in the
//! temporary directory (`TMPDIR`), and every later open reads that copy. Reading it never
//! hangs on a second open and never sees half a stream; it needs as much free space in
//! `TMPDIR` as the table's size. A stream is read once per process: a later open of the
//! same path (another plan of a `compare`, each point of a `sweep`) reads the same copy.
//!
//! [`format()`] tells Parquet from CSV by the file's first bytes and its name, and refuses a
//! file whose bytes contradict its name, a UTF-16 file and a GBK/GB18030 file with messages
//! that say what the file is and how to convert it.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{EngineError, Result};

/// Tables copied from streams, by the path the user gave.
static SPOOLED: Mutex<Vec<(PathBuf, File)>> = Mutex::new(Vec::new());

/// Whether a path names something that can be read only once.
fn read_once(path: &Path) -> bool {
    if path == Path::new("-") {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if let Ok(m) = std::fs::metadata(path) {
            let t = m.file_type();
            return t.is_fifo() || t.is_char_device() || t.is_socket();
        }
    }
    false
}

/// A new handle on a copied table, with its own offset.
fn reopen(f: &File) -> io::Result<File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let proc = format!("/proc/self/fd/{}", f.as_raw_fd());
        if let Ok(g) = File::open(proc) {
            return Ok(g);
        }
    }
    f.try_clone()
}

/// Copy a stream into an unnamed temporary file.
fn spool(path: &Path) -> io::Result<File> {
    let mut tmp = tempfile::tempfile()?;
    if path == Path::new("-") {
        io::copy(&mut io::stdin().lock(), &mut tmp)?;
    } else {
        io::copy(&mut File::open(path)?, &mut tmp)?;
    }
    Ok(tmp)
}

/// Open an input table for reading from its start.
pub fn open(path: &Path) -> Result<File> {
    let fail = |e: io::Error| {
        EngineError::Input(format!(
            "{}: cannot open: {}",
            shown(path),
            crate::text::io_message(&e)
        ))
    };
    if !read_once(path) {
        if let Ok(s) = SPOOLED.lock()
            && let Some((_, f)) = s.iter().find(|(p, _)| p == path)
        {
            return reopen(f).map_err(fail);
        }
        return File::open(path).map_err(fail);
    }
    let mut s = SPOOLED
        .lock()
        .map_err(|_| EngineError::Input(format!("{}: cannot open", shown(path))))?;
    if let Some((_, f)) = s.iter().find(|(p, _)| p == path) {
        return reopen(f).map_err(fail);
    }
    let f = spool(path).map_err(|e| {
        EngineError::Input(format!(
            "{}: can be read only once (a pipe or standard input), and copying it to the \
             temporary directory failed: {} (set TMPDIR to a directory with room, or give \
             a regular file)",
            shown(path),
            crate::text::io_message(&e)
        ))
    })?;
    let g = reopen(&f).map_err(fail)?;
    s.push((path.to_path_buf(), f));
    Ok(g)
}

/// The path as shown in messages (`-` is standard input).
pub fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".into()
    } else {
        path.display().to_string()
    }
}

/// What a table file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV text.
    Csv,
    /// Apache Parquet.
    Parquet,
}

const PARQUET_MAGIC: &[u8] = b"PAR1";

/// The format of a table, from its first bytes and its name.
pub fn format(path: &Path) -> Result<Format> {
    let mut f = open(path)?;
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut f)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| {
            EngineError::Input(format!(
                "{}: cannot read: {}",
                shown(path),
                crate::text::io_message(&e)
            ))
        })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let magic = head.starts_with(PARQUET_MAGIC);
    let shown = shown(path);
    match (magic, ext.as_deref()) {
        (true, None | Some("parquet")) => Ok(Format::Parquet),
        (true, Some(e)) => Err(EngineError::Input(format!(
            "{shown}: is a Parquet file (it starts with `PAR1`) but is named `.{e}`: name it \
             `.parquet` to read it as Parquet"
        ))),
        (false, Some("parquet")) => Err(EngineError::Input(format!(
            "{shown}: is named `.parquet` but is not a Parquet file (it does not start with \
             `PAR1`){}",
            if head.is_empty() {
                " (the file is empty)".to_string()
            } else if text_like(&head) {
                "; it looks like text: name it `.csv` to read it as CSV".to_string()
            } else {
                String::new()
            }
        ))),
        (false, _) => {
            check_encoding(&shown, &head)?;
            Ok(Format::Csv)
        }
    }
}

fn text_like(b: &[u8]) -> bool {
    b.iter()
        .take(512)
        .all(|&c| c >= 0x20 || c == b'\n' || c == b'\r' || c == b'\t')
}

/// Refuse CSV bytes that are UTF-16 or GBK/GB18030 (fupin reads UTF-8), naming the encoding.
pub fn check_encoding(shown: &str, head: &[u8]) -> Result<()> {
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || {
        // ASCII text in UTF-16 has a NUL in every other byte.
        let n = head.len().min(512) / 2 * 2;
        n >= 4 && {
            let evens = head[..n].iter().step_by(2).filter(|&&b| b == 0).count();
            let odds = head[1..n].iter().step_by(2).filter(|&&b| b == 0).count();
            evens.max(odds) * 2 >= n / 2 && evens.min(odds) == 0
        }
    };
    if utf16 {
        return Err(EngineError::Input(format!(
            "{shown}: is UTF-16 text; fupin reads UTF-8: convert it (e.g. `iconv -f UTF-16 -t \
             UTF-8`, or save as \"CSV UTF-8\" in a spreadsheet)"
        )));
    }
    let valid_to = match std::str::from_utf8(head) {
        Ok(_) => return Ok(()),
        Err(e) if e.error_len().is_none() => return Ok(()), // cut inside a character
        Err(e) => e.valid_up_to(),
    };
    if looks_gbk(&head[valid_to..]) {
        let row = 1 + crate::input::csv_records::count_lines(&head[..valid_to]);
        return Err(EngineError::Input(format!(
            "{shown}: row {row}: text is not valid UTF-8: the file looks like GBK/GB18030 \
             (Chinese Windows) text; fupin reads UTF-8: convert it (e.g. `iconv -f GB18030 \
             -t UTF-8`, or save as \"CSV UTF-8\" in a spreadsheet)"
        )));
    }
    Ok(())
}

/// Whether bytes read as GBK/GB18030 double-byte characters (lead 0x81-0xFE, trail
/// 0x40-0xFE but 0x7F) with ASCII between, for at least a few characters.
fn looks_gbk(b: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&c) {
            return false;
        }
        match b.get(i + 1) {
            None => break,
            Some(&t) if (0x40..=0xFE).contains(&t) && t != 0x7F => {
                pairs += 1;
                i += 2;
            }
            // GB18030 four-byte sequences: lead, 0x30-0x39, lead, 0x30-0x39.
            Some(&t) if (0x30..=0x39).contains(&t) && i + 3 < b.len() => i += 4,
            Some(_) => return false,
        }
    }
    pairs >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_gbk_are_named() {
        let utf16: Vec<u8> = "county,size\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = check_encoding("f.csv", &utf16).expect_err("utf-16");
        assert!(e.to_string().contains("UTF-16"), "{e}");
        let mut bom = b"\xFF\xFE".to_vec();
        bom.extend(&utf16);
        assert!(check_encoding("f.csv", &bom).is_err());
        // "县,村" in GBK: 县 = CF D8, 村 = B4 E5.
        let gbk = b"code,name\n130125,\xCF\xD8\xB4\xE5\n";
        let e = check_encoding("f.csv", gbk).expect_err("gbk");
        assert!(e.to_string().contains("GBK"), "{e}");
        assert!(check_encoding("f.csv", "code,name\n130125,县村\n".as_bytes()).is_ok());
        // A UTF-8 character cut by the 64 KB window is not an error.
        assert!(check_encoding("f.csv", &"县".as_bytes()[..2]).is_ok());
    }

    #[test]
    fn magic_bytes_and_names_must_agree() {
        let d = tempfile::tempdir().expect("tempdir");
        let pq = d.path().join("h.csv");
        std::fs::write(&pq, b"PAR1\0\0\0\0PAR1").expect("write");
        let e = format(&pq).expect_err("parquet named csv");
        assert!(e.to_string().contains("is a Parquet file"), "{e}");
        let csv = d.path().join("h.parquet");
        std::fs::write(&csv, b"household_id,county\n").expect("write");
        let e = format(&csv).expect_err("csv named parquet");
        assert!(e.to_string().contains("not a Parquet file"), "{e}");
        assert!(e.to_string().contains("looks like text"), "{e}");
        let plain = d.path().join("h");
        std::fs::write(&plain, b"PAR1").expect("write");
        assert_eq!(format(&plain).expect("by magic"), Format::Parquet);
    }

    #[test]
    fn a_fifo_is_copied_once_and_read_again_from_the_copy() {
        let d = tempfile::tempdir().expect("tempdir");
        let fifo = d.path().join("h.csv");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, b"a,b\n1,2\n").expect("write fifo"))
        };
        let mut first = String::new();
        open(&fifo)
            .expect("open")
            .read_to_string(&mut first)
            .expect("read");
        writer.join().expect("writer");
        let mut second = String::new();
        open(&fifo)
            .expect("open again")
            .read_to_string(&mut second)
            .expect("read");
        assert_eq!(first, "a,b\n1,2\n");
        assert_eq!(second, first);
    }
}
