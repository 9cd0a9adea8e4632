//! Output files, as a careful Unix tool writes them.
//!
//! A run first **claims** every output it will write ([`Outputs::claim`]), before any input
//! is read. A claim is refused (a configuration error naming both paths) when the output
//! resolves, links followed, to an input of the run (the profile and every profile it
//! extends, the tables, the plugins; compared by device and inode, so hard links and links
//! are caught) or to another output of the same run. `-` is standard output.
//!
//! What a run writes is **staged** and **committed together** by [`Outputs::commit`], only
//! when the run succeeded:
//! - a regular file (or a path that does not exist yet) is written to an unnamed temporary
//!   file in its directory (`O_TMPFILE` on Linux, so not even `SIGKILL` leaves a visible
//!   file), synced, then given a name and renamed over the target; a symbolic link is
//!   written through to its target and stays a link; an existing file keeps its permissions;
//! - an existing special file (a device such as `/dev/null` or `/dev/full`, a FIFO, a
//!   `/proc/self/fd` link) is never replaced: it is opened and written directly at commit;
//! - standard output is written last; a closed standard output (`| head`) ends quietly.
//!
//! Where the OS has no unnamed temporary files the temporary file has a name
//! (`.fupin-*.tmp`) and is registered so that [`remove_temporaries`] (called by the CLI on
//! SIGINT, SIGTERM and SIGHUP) deletes it; the same holds for the instant between naming an
//! unnamed file and renaming it. Every write, flush, sync and rename error is reported; a
//! full disk is an error of exit status 1 ("no space left on device") and leaves nothing.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{EngineError, Result};

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// Standard output (`-`).
    Stdout,
    /// A regular file, replaced whole: `target` is the path after links are followed.
    File {
        /// The path as the user gave it.
        shown: PathBuf,
        /// The file written (links followed).
        target: PathBuf,
    },
    /// An existing special file (device, FIFO, `/proc` link), written directly.
    Special {
        /// The path as the user gave it.
        shown: PathBuf,
    },
}

impl Dest {
    /// The path as the user gave it (`-` for standard output).
    pub fn shown(&self) -> String {
        match self {
            Dest::Stdout => "-".into(),
            Dest::File { shown, .. } | Dest::Special { shown } => shown.display().to_string(),
        }
    }
}

/// What identifies a file: device and inode when it exists, else its absolute path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ident {
    Stdio,
    Inode(u64, u64),
    Path(PathBuf),
}

#[cfg(unix)]
fn inode(m: &Metadata) -> Ident {
    use std::os::unix::fs::MetadataExt;
    Ident::Inode(m.dev(), m.ino())
}

#[cfg(not(unix))]
fn inode(_m: &Metadata) -> Ident {
    Ident::Stdio
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// A path after its links: the final path, whether a hop went through `/proc` or `/dev`,
/// and its metadata when it exists.
struct Resolved {
    path: PathBuf,
    magic: bool,
    meta: Option<Metadata>,
}

fn resolve(path: &Path) -> Result<Resolved> {
    let fail =
        |e: io::Error| EngineError::Config(format!("{}: cannot write output: {e}", path.display()));
    let mut p = absolute(path);
    let mut magic = false;
    for _ in 0..40 {
        magic |= p.starts_with("/proc") || p.starts_with("/dev");
        match std::fs::symlink_metadata(&p) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Resolved {
                    path: p,
                    magic,
                    meta: None,
                });
            }
            Err(e) => return Err(fail(e)),
            Ok(m) if m.file_type().is_symlink() => {
                let t = std::fs::read_link(&p).map_err(fail)?;
                p = match p.parent() {
                    Some(dir) if t.is_relative() => dir.join(t),
                    _ => t,
                };
            }
            Ok(m) => {
                return Ok(Resolved {
                    path: p,
                    magic,
                    meta: Some(m),
                });
            }
        }
    }
    Err(EngineError::Config(format!(
        "{}: cannot write output: too many levels of symbolic links",
        path.display()
    )))
}

/// The identity of an existing file, or of the path a new file would take.
fn ident_of(path: &Path) -> Ident {
    if path == Path::new("-") {
        return Ident::Stdio;
    }
    match std::fs::metadata(path) {
        Ok(m) => inode(&m),
        Err(_) => {
            let abs = absolute(path);
            let canon = match (abs.parent(), abs.file_name()) {
                (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                    .map(|d| d.join(name))
                    .unwrap_or(abs),
                _ => abs,
            };
            Ident::Path(canon)
        }
    }
}

/// A temporary file on its way to a destination.
pub struct Staged {
    dest: Dest,
    file: File,
    /// The directory the file will be named in (a regular-file destination).
    dir: PathBuf,
    /// Its name, when the OS gave no unnamed file.
    named: Option<PathBuf>,
    /// Permissions to give it (those of the file it replaces).
    mode: Option<std::fs::Permissions>,
}

impl std::fmt::Debug for Staged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Staged({})", self.dest.shown())
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Staged {
    /// The file being written (to truncate it for a second pass).
    pub fn file_mut(&mut self) -> &mut File {
        &mut self.file
    }

    /// The destination.
    pub fn dest(&self) -> &Dest {
        &self.dest
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(p) = self.named.take() {
            let _ = std::fs::remove_file(&p);
            forget_temporary(&p);
        }
    }
}

/// Named temporary files to delete on a signal.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn remember_temporary(p: &Path) {
    if let Ok(mut t) = TEMPORARIES.lock() {
        t.push(p.to_path_buf());
    }
}

fn forget_temporary(p: &Path) {
    if let Ok(mut t) = TEMPORARIES.lock() {
        t.retain(|x| x != p);
    }
}

/// Delete every named temporary file of this process (the CLI calls this on SIGINT,
/// SIGTERM and SIGHUP before dying of the signal). Unnamed files need nothing: the kernel
/// frees them with the process.
pub fn remove_temporaries() {
    // `try_lock`: a signal may arrive while a thread holds the lock; the files are then
    // left rather than the handler blocked.
    if let Ok(t) = TEMPORARIES.try_lock() {
        for p in t.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Whether an I/O error is a full disk (or quota).
fn no_space(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// An error while writing `what`: a full disk is bad input to the run (exit 1, as the data
/// cannot be written), anything else too: the output was claimed and could not be written.
pub(crate) fn write_error(what: &str, e: &io::Error) -> EngineError {
    if no_space(e) {
        EngineError::Input(format!("{what}: cannot write: no space left on device"))
    } else {
        EngineError::Input(format!("{what}: cannot write: {e}"))
    }
}

/// An unnamed file in `dir` where the OS allows it (`O_TMPFILE`), else a named one.
fn temp_in(dir: &Path) -> io::Result<(File, Option<PathBuf>)> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, Mode, OFlags, openat};
        if Path::new("/proc/self/fd").is_dir() {
            match openat(
                CWD,
                dir,
                OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o644),
            ) {
                Ok(fd) => return Ok((File::from(fd), None)),
                // Filesystems without O_TMPFILE answer EOPNOTSUPP, EISDIR or EINVAL.
                Err(e)
                    if e == rustix::io::Errno::OPNOTSUPP
                        || e == rustix::io::Errno::ISDIR
                        || e == rustix::io::Errno::INVAL => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    let t = tempfile::Builder::new()
        .prefix(".fupin-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let (file, path) = t.keep().map_err(|e| e.error)?;
    remember_temporary(&path);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok((file, Some(path)))
}

/// Give an unnamed file a (random) name in `dir`.
#[cfg(target_os = "linux")]
fn name_in(file: &File, dir: &Path) -> io::Result<PathBuf> {
    use rustix::fs::{AtFlags, CWD, linkat};
    use std::os::fd::AsRawFd;
    let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
    for _ in 0..16 {
        let name = dir.join(format!(".fupin-{:016x}.tmp", random()));
        remember_temporary(&name);
        match linkat(CWD, proc.as_str(), CWD, &name, AtFlags::SYMLINK_FOLLOW) {
            Ok(()) => return Ok(name),
            Err(e) if e == rustix::io::Errno::EXIST => forget_temporary(&name),
            Err(e) => {
                forget_temporary(&name);
                return Err(e.into());
            }
        }
    }
    Err(io::Error::other("cannot name the temporary file"))
}

#[cfg(not(target_os = "linux"))]
fn name_in(_file: &File, _dir: &Path) -> io::Result<PathBuf> {
    Err(io::Error::other("unnamed temporary files need Linux"))
}

fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    h.finish()
}

/// Something waiting to be committed.
enum Pending {
    Bytes(Dest, Vec<u8>),
    File(Staged),
}

/// The inputs and outputs of one run.
#[derive(Default)]
pub struct Outputs {
    inputs: Vec<(String, Ident)>,
    claimed: Vec<(String, Ident, Dest)>,
    pending: Mutex<Vec<Pending>>,
}

impl std::fmt::Debug for Outputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outputs")
            .field("inputs", &self.inputs.len())
            .field("claimed", &self.claimed.len())
            .finish()
    }
}

impl Outputs {
    /// No inputs, no outputs yet.
    pub fn new() -> Outputs {
        Outputs::default()
    }

    /// Record an input of the run (`-` is standard input). A path that does not exist is
    /// recorded by name (reading it will fail with its own message).
    pub fn input(&mut self, path: &Path) {
        self.inputs
            .push((path.display().to_string(), ident_of(path)));
    }

    /// Claim an output: `what` names it in messages (`--output`). Refused when it is an
    /// input of the run, another output of the run, or a directory.
    pub fn claim(&mut self, path: &Path, what: &str) -> Result<Dest> {
        let shown = path.display().to_string();
        if path.as_os_str().is_empty() {
            return Err(EngineError::Config(format!("{what}: the path is empty")));
        }
        let (dest, ident) = if path == Path::new("-") {
            (Dest::Stdout, Ident::Stdio)
        } else {
            let r = resolve(path)?;
            match &r.meta {
                Some(m) if m.is_dir() => {
                    return Err(EngineError::Config(format!(
                        "{what} {shown}: is a directory"
                    )));
                }
                Some(m) if r.magic || !m.is_file() => {
                    (Dest::Special { shown: path.into() }, inode(m))
                }
                Some(m) => (
                    Dest::File {
                        shown: path.into(),
                        target: r.path.clone(),
                    },
                    inode(m),
                ),
                None if r.magic => (
                    Dest::Special { shown: path.into() },
                    Ident::Path(r.path.clone()),
                ),
                None => (
                    Dest::File {
                        shown: path.into(),
                        target: r.path.clone(),
                    },
                    ident_of(&r.path),
                ),
            }
        };
        // Two outputs on one file or stream would overwrite or interleave each other; only
        // the null device may take several.
        for (input, id) in &self.inputs {
            if *id == ident && ident != Ident::Stdio {
                return Err(EngineError::Config(format!(
                    "{what} {shown} is the input {input}: refusing to replace an input of \
                     the run (name another output file)"
                )));
            }
        }
        let null = ident == ident_of(Path::new("/dev/null"));
        for (other_what, id, other) in &self.claimed {
            if *id == ident && !null {
                return Err(EngineError::Config(format!(
                    "{what} {shown} and {other_what} {} are the same file: give each output \
                     its own path",
                    other.shown()
                )));
            }
        }
        self.claimed.push((what.to_string(), ident, dest.clone()));
        Ok(dest)
    }

    /// The destination claimed for a path, if it was.
    pub fn claimed(&self, path: &Path) -> Option<Dest> {
        self.claimed
            .iter()
            .find(|(_, _, d)| match d {
                Dest::Stdout => path == Path::new("-"),
                Dest::File { shown, .. } | Dest::Special { shown } => shown == path,
            })
            .map(|(_, _, d)| d.clone())
    }

    /// Stage a whole output held in memory.
    pub fn stage(&self, dest: &Dest, bytes: Vec<u8>) {
        if let Ok(mut p) = self.pending.lock() {
            p.push(Pending::Bytes(dest.clone(), bytes));
        }
    }

    /// A file to stream a large output into; hand it back with [`Outputs::keep`] when it is
    /// complete. For a special destination the file is a temporary one, copied at commit.
    pub fn stream(dest: &Dest) -> Result<Staged> {
        let (dir, mode) = match dest {
            Dest::File { target, .. } => (
                parent_dir(target),
                std::fs::metadata(target).ok().map(|m| m.permissions()),
            ),
            Dest::Stdout | Dest::Special { .. } => (std::env::temp_dir(), None),
        };
        // A directory that does not exist yet is created only at commit: until then the
        // file waits (unnamed) in the nearest directory that exists.
        let existing = dir
            .ancestors()
            .find(|d| !d.as_os_str().is_empty() && d.is_dir())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let (file, named) = temp_in(&existing)
            .map_err(|e| EngineError::Config(format!("{}: cannot write: {e}", dest.shown())))?;
        Ok(Staged {
            dest: dest.clone(),
            file,
            dir,
            named,
            mode,
        })
    }

    /// A streamed output, complete, to commit with the others.
    pub fn keep(&self, s: Staged) {
        if let Ok(mut p) = self.pending.lock() {
            p.push(Pending::File(s));
        }
    }

    /// Write everything staged: regular files are written and synced first (unnamed), then
    /// special files are written, then the regular files are renamed into place, and
    /// standard output comes last. A failure before the renames leaves no regular file
    /// changed.
    pub fn commit(&self) -> Result<()> {
        let pending = match self.pending.lock() {
            Ok(mut p) => std::mem::take(&mut *p),
            Err(_) => return Err(EngineError::Config("outputs: lock poisoned".into())),
        };
        let mut files = Vec::new();
        let mut special = Vec::new();
        let mut stdout = Vec::new();
        for p in pending {
            let dest = match &p {
                Pending::Bytes(d, _) => d.clone(),
                Pending::File(s) => s.dest.clone(),
            };
            match (dest, p) {
                (Dest::File { .. }, Pending::File(s)) => files.push(s),
                (d @ Dest::File { .. }, Pending::Bytes(_, b)) => {
                    let mut s = Outputs::stream(&d)?;
                    s.write_all(&b).map_err(|e| write_error(&d.shown(), &e))?;
                    files.push(s);
                }
                (Dest::Stdout, p) => stdout.push(p),
                (Dest::Special { .. }, p) => special.push(p),
            }
        }
        for s in &mut files {
            sync(s)?;
        }
        for p in special {
            write_direct(p)?;
        }
        for s in files {
            rename_into_place(s)?;
        }
        for p in stdout {
            write_direct(p)?;
        }
        Ok(())
    }
}

fn parent_dir(target: &Path) -> PathBuf {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync(s: &mut Staged) -> Result<()> {
    let shown = s.dest.shown();
    s.file
        .flush()
        .and_then(|()| match &s.mode {
            Some(m) => s.file.set_permissions(m.clone()),
            None => Ok(()),
        })
        .and_then(|()| s.file.sync_all())
        .map_err(|e| write_error(&shown, &e))
}

fn rename_into_place(mut s: Staged) -> Result<()> {
    let Dest::File { target, shown } = s.dest.clone() else {
        return Ok(());
    };
    let shown = shown.display().to_string();
    if !s.dir.exists() {
        std::fs::create_dir_all(&s.dir).map_err(|e| {
            EngineError::Config(format!(
                "{}: cannot create the directory: {e}",
                s.dir.display()
            ))
        })?;
    }
    let named = match s.named.take() {
        Some(n) => n,
        None => name_in(&s.file, &s.dir).map_err(|e| write_error(&shown, &e))?,
    };
    let r = std::fs::rename(&named, &target);
    if r.is_err() {
        let _ = std::fs::remove_file(&named);
    }
    forget_temporary(&named);
    r.map_err(|e| write_error(&shown, &e))?;
    // The rename itself is durable once the directory is synced.
    if let Ok(d) = File::open(&s.dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Write a staged output to a special file or standard output (a closed standard output
/// is not an error).
fn write_direct(p: Pending) -> Result<()> {
    let (dest, bytes, staged) = match p {
        Pending::Bytes(d, b) => (d, Some(b), None),
        Pending::File(s) => (s.dest.clone(), None, Some(s)),
    };
    let what = match &dest {
        Dest::Stdout => "standard output".to_string(),
        d => d.shown(),
    };
    let copy = |out: &mut dyn Write| -> io::Result<()> {
        match (&bytes, staged) {
            (Some(b), _) => out.write_all(b)?,
            (None, Some(mut s)) => {
                use std::io::Seek;
                s.file.flush()?;
                s.file.seek(io::SeekFrom::Start(0))?;
                io::copy(&mut s.file, out)?;
            }
            (None, None) => {}
        }
        out.flush()
    };
    let r = match &dest {
        Dest::Special { shown } => OpenOptions::new()
            .write(true)
            .open(shown)
            .and_then(|mut f| copy(&mut f)),
        _ => copy(&mut io::stdout().lock()),
    };
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && dest == Dest::Stdout => Ok(()),
        Err(e) => Err(write_error(&what, &e)),
    }
}

/// Write to standard output; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(write_error("standard output", &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("tempdir")
    }

    fn listing(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_through_links_and_hard_links() {
        let d = dir();
        let input = d.path().join("households.csv");
        std::fs::write(&input, "x\n").expect("write");
        let link = d.path().join("link.csv");
        std::os::unix::fs::symlink(&input, &link).expect("symlink");
        let hard = d.path().join("hard.csv");
        std::fs::hard_link(&input, &hard).expect("hard link");
        for out in [&input, &link, &hard] {
            let mut o = Outputs::new();
            o.input(&input);
            let e = o.claim(out, "--output").expect_err("refused");
            assert!(e.to_string().contains("households.csv"), "{e}");
            assert_eq!(e.exit_code(), 2);
        }
        assert_eq!(std::fs::read(&input).expect("read"), b"x\n");
    }

    #[test]
    fn two_outputs_on_one_file_are_refused_but_dev_null_may_take_both() {
        let d = dir();
        let out = d.path().join("new.json");
        let mut o = Outputs::new();
        o.claim(&out, "--output").expect("first");
        let e = o
            .claim(
                &d.path().join(".").join("new.json"),
                "--household-decisions-out",
            )
            .expect_err("same file");
        assert!(e.to_string().contains("same file"), "{e}");
        let mut o = Outputs::new();
        o.claim(Path::new("/dev/null"), "--output").expect("null");
        o.claim(Path::new("/dev/null"), "--chart")
            .expect("null again");
        let mut o = Outputs::new();
        o.claim(Path::new("-"), "--output").expect("stdout");
        assert!(o.claim(Path::new("-"), "--chart").is_err());
    }

    #[test]
    fn nothing_is_written_before_commit_and_commit_replaces_whole() {
        let d = dir();
        let out = d.path().join("out.txt");
        std::fs::write(&out, "old").expect("write");
        let mut o = Outputs::new();
        let dest = o.claim(&out, "--output").expect("claim");
        o.stage(&dest, b"new".to_vec());
        let mut s = Outputs::stream(&o.claim(&d.path().join("big.txt"), "--x").expect("c"))
            .expect("stream");
        s.write_all(b"streamed").expect("write");
        // Staged but not committed: the directory shows no new or temporary file.
        assert_eq!(listing(d.path()), ["out.txt"]);
        assert_eq!(std::fs::read(&out).expect("read"), b"old");
        o.keep(s);
        o.commit().expect("commit");
        assert_eq!(listing(d.path()), ["big.txt", "out.txt"]);
        assert_eq!(std::fs::read(&out).expect("read"), b"new");
    }

    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let d = dir();
        let target = d.path().join("target.txt");
        std::fs::write(&target, "old").expect("write");
        let link = d.path().join("link.txt");
        std::os::unix::fs::symlink("target.txt", &link).expect("symlink");
        let mut o = Outputs::new();
        let dest = o.claim(&link, "--output").expect("claim");
        o.stage(&dest, b"new".to_vec());
        o.commit().expect("commit");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir();
        let out = d.path().join("out.txt");
        std::fs::write(&out, "old").expect("write");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let mut o = Outputs::new();
        let dest = o.claim(&out, "--output").expect("claim");
        o.stage(&dest, b"new".to_vec());
        o.commit().expect("commit");
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn special_files_are_written_not_replaced_and_a_full_device_is_reported() {
        let mut o = Outputs::new();
        let dest = o.claim(Path::new("/dev/null"), "--output").expect("claim");
        assert!(matches!(dest, Dest::Special { .. }));
        o.stage(&dest, b"discarded".to_vec());
        o.commit().expect("commit to /dev/null");
        assert!(
            std::fs::metadata("/dev/null")
                .expect("meta")
                .file_type()
                .is_file()
                .eq(&false)
        );
        if Path::new("/dev/full").exists() {
            let mut o = Outputs::new();
            let dest = o.claim(Path::new("/dev/full"), "--output").expect("claim");
            o.stage(&dest, b"x".to_vec());
            let e = o.commit().expect_err("full");
            assert!(e.to_string().contains("no space left"), "{e}");
            assert_eq!(e.exit_code(), 1);
        }
    }

    #[test]
    fn a_missing_directory_is_created_only_at_commit() {
        let d = dir();
        let out = d.path().join("new/sub/out.txt");
        let mut o = Outputs::new();
        let dest = o.claim(&out, "--output").expect("claim");
        let mut s = Outputs::stream(&dest).expect("stream");
        s.write_all(b"x").expect("write");
        assert!(listing(d.path()).is_empty(), "nothing before commit");
        drop(s);
        assert!(listing(d.path()).is_empty(), "nothing after a failed run");
        let mut s = Outputs::stream(&dest).expect("stream");
        s.write_all(b"x").expect("write");
        o.keep(s);
        o.commit().expect("commit");
        assert_eq!(std::fs::read(&out).expect("read"), b"x");
    }

    #[test]
    fn a_directory_is_not_an_output() {
        let d = dir();
        let mut o = Outputs::new();
        assert!(o.claim(d.path(), "--output").is_err());
        assert!(o.claim(Path::new(""), "--output").is_err());
    }
}
