//! Trust with the user's own files: no output replaces an input or another output, special
//! files and links are written as a careful Unix tool writes them, nothing is left behind by
//! a failed or interrupted run, streams are read once, a closed pipe ends quietly, the
//! user's tables are never mixed with the sample's, and values in messages are cut and
//! escaped. Each test is named in `docs/errors.md`.

mod common;
use common::{COUNTIES, HOUSEHOLDS, VILLAGES, fupin, root};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;

const BASE: &str = "name = \"case\"\nstandard = \"std2011\"\nyear = 2019\nrule_sets = [\"std2011\"]\n\
ignore = [\"std2011.county.designation_2012.*\"]\n";
const PROFILE: &str = "extends = \"base.toml\"\nname = \"case\"\n\
[data]\ncounties = \"counties.csv\"\nvillages = \"villages.csv\"\nhouseholds = \"households.csv\"\n";

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(ok.success());
}

/// A directory with the three tables and a profile that extends a base profile.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = common::case_dir(&[("base.toml", BASE), ("p.toml", PROFILE)]);
        Case { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `--counties` and `--villages` of the case, for a run that names its tables.
    fn tables(&self) -> [std::ffi::OsString; 4] {
        [
            "--counties".into(),
            self.path("counties.csv").into(),
            "--villages".into(),
            self.path("villages.csv").into(),
        ]
    }

    fn assess(&self) -> Command {
        let mut c = fupin();
        c.args(["assess", "--format", "json", "--profile"])
            .arg(self.path("p.toml"));
        c
    }

    /// The directory's files and their bytes.
    fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(self.dir.path())
            .expect("dir")
            .map(|e| {
                let e = e.expect("entry");
                let bytes = if e.path().is_file() {
                    fs::read(e.path()).unwrap_or_default()
                } else {
                    Vec::new()
                };
                (e.file_name().to_string_lossy().into_owned(), bytes)
            })
            .collect();
        v.sort();
        v
    }
}

#[test]
fn an_output_naming_an_input_is_refused() {
    let c = Case::new();
    fs::write(c.path("input.csv.rejected.csv"), "mine\n").expect("write");
    std::os::unix::fs::symlink(c.path("households.csv"), c.path("link.csv")).expect("link");
    let before = c.snapshot();
    // Every input of the run: the tables, the profile, the profile it extends, a link to
    // an input.
    for (flag, target, names) in [
        ("--output", "households.csv", "households.csv"),
        ("--output", "counties.csv", "counties.csv"),
        ("--output", "villages.csv", "villages.csv"),
        ("--output", "p.toml", "p.toml"),
        ("--output", "base.toml", "base.toml"),
        ("--output", "link.csv", "households.csv"),
        (
            "--household-decisions-out",
            "households.csv",
            "households.csv",
        ),
    ] {
        c.assess()
            .arg(flag)
            .arg(c.path(target))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to replace an input"))
            .stderr(predicate::str::contains(names));
    }
    // The decision file on the report's path.
    c.assess()
        .arg("--output")
        .arg(c.path("out.json"))
        .arg("--household-decisions-out")
        .arg(c.path("out.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("are the same file"));
    // An input named like the rejected-rows report of `--output`.
    let mut c2 = c.assess();
    c2.args(["--on-bad-row", "skip"])
        .args(c.tables())
        .arg("--households")
        .arg(c.path("input.csv.rejected.csv"))
        .arg("--output")
        .arg(c.path("input.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("input.csv.rejected.csv"));
    assert_eq!(c.snapshot(), before, "an input changed");
}

#[test]
fn a_rejected_rows_report_never_replaces_a_users_file() {
    let c = Case::new();
    fs::write(
        c.path("households.csv"),
        format!("{HOUSEHOLDS}h3,100101,100101001001,0,2019,1,1,1,1,1,1\n"),
    )
    .expect("write");
    fs::write(c.path("out.json.rejected.csv"), "my notes\n").expect("write");
    c.assess()
        .args(["--on-bad-row", "skip", "--output"])
        .arg(c.path("out.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a rejected-rows report"));
    assert_eq!(
        fs::read_to_string(c.path("out.json.rejected.csv")).expect("read"),
        "my notes\n"
    );
    // An earlier report of fupin's is replaced.
    fs::write(c.path("out.json.rejected.csv"), "file,row,reason\nold\n").expect("write");
    c.assess()
        .args(["--on-bad-row", "skip", "--output"])
        .arg(c.path("out.json"))
        .assert()
        .success();
    let report = fs::read_to_string(c.path("out.json.rejected.csv")).expect("read");
    assert!(report.contains(",4,"), "{report}");
}

#[test]
fn links_and_special_files_are_written_not_replaced() {
    let c = Case::new();
    // A link is written through and stays a link.
    fs::write(c.path("target.json"), "old").expect("write");
    std::os::unix::fs::symlink("target.json", c.path("link.json")).expect("link");
    c.assess()
        .arg("--output")
        .arg(c.path("link.json"))
        .assert()
        .success();
    let meta = fs::symlink_metadata(c.path("link.json")).expect("meta");
    assert!(meta.file_type().is_symlink());
    assert!(
        fs::read_to_string(c.path("target.json"))
            .expect("read")
            .contains("fupin.assessment.v1")
    );
    // Devices: /dev/null takes it, /dev/stdout writes to standard output.
    c.assess()
        .args(["--output", "/dev/null"])
        .assert()
        .success();
    c.assess()
        .args(["--output", "/dev/stdout"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fupin.assessment.v1"));
    assert!(Path::new("/dev/null").exists());
    // A FIFO is written into, not replaced by a file.
    let fifo = c.path("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).expect("read fifo"))
    };
    c.assess().arg("--output").arg(&fifo).assert().success();
    assert!(
        reader
            .join()
            .expect("reader")
            .contains("fupin.assessment.v1")
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::metadata(&fifo).expect("meta").file_type().is_fifo());
}

#[test]
fn a_full_disk_is_reported_and_leaves_nothing() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let c = Case::new();
    let before = c.snapshot();
    c.assess()
        .args(["--output", "/dev/full"])
        .arg("--household-decisions-out")
        .arg(c.path("d.jsonl"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/full: cannot write: no space left on device",
        ));
    // Outputs are committed together: the decision file is not renamed into place when the
    // report cannot be written, and no temporary file is left.
    assert_eq!(c.snapshot(), before);
    // Decisions streamed to standard output.
    c.assess()
        .args(["--output", "/dev/null", "--household-decisions-out", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\":\"h1\""));
}

#[test]
fn a_failed_run_leaves_no_side_outputs() {
    let c = Case::new();
    // A bad row (skipped) and a county without the approval rate the exit needs: the run
    // reads every household, streams decisions, then fails in the county rules.
    fs::write(
        c.path("households.csv"),
        format!("{HOUSEHOLDS}h3,100101,100101001001,0,2019,1,1,1,1,1,1\n"),
    )
    .expect("write");
    fs::write(
        c.path("counties.csv"),
        COUNTIES.replace(",1,1,95\n300101", ",1,1,\n300101"),
    )
    .expect("write");
    let before = c.snapshot();
    c.assess()
        .args(["--on-bad-row", "skip", "--output"])
        .arg(c.path("out.json"))
        .arg("--household-decisions-out")
        .arg(c.path("d.jsonl"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("approval_pct"));
    assert_eq!(c.snapshot(), before, "a failed run left files");
    // A sweep that fails leaves no chart.
    fupin()
        .args(["sweep", "--profile"])
        .arg(c.path("p.toml"))
        .args([
            "--param",
            "std2011.exit.county.max_incidence_pct.west",
            "--from",
            "1",
            "--to",
            "2",
            "--step",
            "1",
            "--chart",
        ])
        .arg(c.path("s.svg"))
        .assert()
        .code(1);
    assert_eq!(c.snapshot(), before, "a failed sweep left files");
}

/// A household table big enough that the decision file is being written for a while.
fn big_households(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(fs::File::create(path).expect("create"));
    f.write_all(HOUSEHOLDS.lines().next().expect("header").as_bytes())
        .expect("write");
    f.write_all(b"\n").expect("write");
    for i in 0..rows {
        writeln!(f, "h{i},100101,100101001001,3,2019,5000,1,1,1,1,1").expect("write");
    }
}

/// Wait until `pid` holds an unnamed (deleted) file of `dir` open: the decision file.
fn wait_for_unnamed_file(pid: u32, dir: &Path) -> bool {
    let fds = PathBuf::from(format!("/proc/{pid}/fd"));
    for _ in 0..3000 {
        if let Ok(entries) = fs::read_dir(&fds) {
            for e in entries.flatten() {
                if let Ok(t) = fs::read_link(e.path()) {
                    let t = t.to_string_lossy().into_owned();
                    if t.starts_with(&dir.to_string_lossy().into_owned())
                        && t.ends_with("(deleted)")
                    {
                        return true;
                    }
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    false
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    let c = Case::new();
    big_households(&c.path("households.csv"), 300_000);
    let out = tempfile::tempdir().expect("out dir");
    for signal in ["TERM", "INT", "KILL"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
            .args(["assess", "--format", "json", "--profile"])
            .arg(c.path("p.toml"))
            .arg("--output")
            .arg(out.path().join("a.json"))
            .arg("--household-decisions-out")
            .arg(out.path().join("d.jsonl"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let writing = wait_for_unnamed_file(child.id(), out.path());
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .expect("kill");
        assert!(status.success());
        let exit = child.wait().expect("wait");
        assert!(writing, "the run never wrote its decision file");
        assert!(!exit.success(), "{signal}: {exit:?}");
        let left: Vec<_> = fs::read_dir(out.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert!(left.is_empty(), "{signal} left {left:?}");
    }
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    let c = Case::new();
    big_households(&c.path("households.csv"), 20_000);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args([
            "assess",
            "--format",
            "json",
            "--household-decisions",
            "all",
            "--profile",
        ])
        .arg(c.path("p.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut head = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut head)
        .expect("read");
    // The pipe is closed here (as `| head` does).
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{:?}", out.status);
    // Nothing but the run's warnings (unconfirmed values, readings): no error of the pipe.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().all(|l| l.starts_with("warning: ")),
        "{stderr}"
    );
}

#[test]
fn a_fifo_or_standard_input_is_read_once() {
    let c = Case::new();
    let expected = c.assess().assert().success().get_output().stdout.clone();
    let fifo = c.path("h.fifo");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, HOUSEHOLDS).expect("write fifo"))
    };
    let from_fifo = c
        .assess()
        .args(c.tables())
        .arg("--households")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    writer.join().expect("writer");
    let strip = |b: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(b).expect("json");
        v["profile"]["inputs"] = serde_json::Value::Null;
        v["provenance"]["inputs"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&from_fifo), strip(&expected));
    // A stream read once has no size or digest in the provenance; a file has both.
    let prov = |b: &[u8]| {
        let v: serde_json::Value = serde_json::from_slice(b).expect("json");
        v["provenance"]["inputs"]
            .as_array()
            .expect("inputs")
            .iter()
            .find(|i| i["table"] == "households")
            .expect("households")
            .clone()
    };
    assert!(prov(&from_fifo)["sha256"].is_null());
    assert_eq!(prov(&expected)["sha256"].as_str().map(str::len), Some(64));
    let from_stdin = c
        .assess()
        .args(c.tables())
        .args(["--households", "-"])
        .write_stdin(HOUSEHOLDS)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(strip(&from_stdin), strip(&expected));
    // A process substitution (a pipe under /dev/fd), as a shell user writes it.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(
            "exec \"$0\" assess --format json --profile \"$1\" --counties \"$2\" \
             --villages \"$3\" --households <(cat \"$4\")",
        )
        .arg(env!("CARGO_BIN_EXE_fupin"))
        .arg(c.path("p.toml"))
        .arg(c.path("counties.csv"))
        .arg(c.path("villages.csv"))
        .arg(c.path("households.csv"))
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(strip(&out.stdout), strip(&expected));
}

#[test]
fn command_line_tables_replace_the_profiles_as_a_set() {
    let c = Case::new();
    // The shipped profile names the sample; a user's household table alone is not mixed
    // with the sample's counties and villages.
    fupin()
        .args([
            "assess",
            "--profile",
            "profiles/national-2011.toml",
            "--households",
        ])
        .arg(c.path("households.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give the county table too"));
    // Tables given: only those are read; `--villages ''` drops the profile's villages.
    let out = c
        .assess()
        .arg("--counties")
        .arg(c.path("counties.csv"))
        .arg("--households")
        .arg(c.path("households.csv"))
        .args(["--villages", ""])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let inputs = v["profile"]["inputs"].to_string();
    assert!(!inputs.contains("villages.csv"), "{inputs}");
    let decisions = v["decisions"].as_array().expect("decisions");
    assert!(decisions.iter().any(|d| d["id"] == "h1"));
    // `--villages ''` alone drops the profile's villages (and so its other tables).
    c.assess()
        .args(["--villages", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no input data"));
}

#[test]
fn bad_profile_values_are_refused_with_their_key() {
    let c = Case::new();
    let check = |extra: &str, want: &str| {
        fs::write(c.path("bad.toml"), format!("{PROFILE}{extra}")).expect("write");
        fupin()
            .args(["profile", "check"])
            .arg(c.path("bad.toml"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(want));
    };
    check(
        "[parameters]\n\"std2011.line\" = -2300\n",
        "-2300 yuan is negative",
    );
    check(
        "[parameters]\n\"std2011.line\" = 0\n",
        "a poverty line must be above 0",
    );
    check(
        "[parameters]\n\"std2011.exit.county.max_incidence_pct.west\" = 1e-40\n",
        "cannot be kept exactly",
    );
    check(
        "[parameters]\n\"std2011.exit.county.max_incidence_pct.west\" = 101\n",
        "outside 0-100",
    );
    check("[regions]\n\"west\" = \"east\"\n", "six-digit county code");
    check(
        "[[indicators]]\nid = \"x.approval\"\nsummary = \"s\"\ncolumn = \"approval_pct\"\nunit = \"percent\"\nop = \">=\"\nthreshold = 90\neffective = \"2016-01-01\"\nsource = { title = \"t\", issuer = \"i\", date = \"2016\", url = \"\" }\n",
        "canonical county column",
    );
    // A sweep through a negative line.
    fupin()
        .args(["sweep", "--profile"])
        .arg(c.path("p.toml"))
        .args([
            "--param",
            "std2011.line",
            "--from=-5000",
            "--to",
            "1000",
            "--step",
            "3000",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is negative"));
    // Empty and inverted year ranges.
    fupin()
        .args(["lines", "--from", "2100", "--to", "1978"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is after --to"));
    fupin()
        .args(["lines", "--from", "2090", "--to", "2095"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no published line"));
}

#[test]
fn a_registry_file_is_validated_like_any_table() {
    let dir = tempfile::tempdir().expect("dir");
    let bundled = fs::read_to_string(root().join("data/registry/counties_832.csv")).expect("read");
    let second = bundled.lines().nth(1).expect("row").to_string();
    let path = dir.path().join("r.csv");
    fs::write(&path, format!("{bundled}{second}\n")).expect("write");
    fupin()
        .args(["registry", "summary", "--registry"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("row 834, column `code`"))
        .stderr(predicate::str::contains("is listed twice (first at row 2)"));
    fs::write(&path, bundled.lines().next().expect("header")).expect("write");
    fupin()
        .args(["registry", "summary", "--registry"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no data rows"));
}

#[test]
fn values_in_messages_are_cut_and_escaped() {
    let c = Case::new();
    let huge = "9".repeat(50 << 20);
    fs::write(
        c.path("households.csv"),
        HOUSEHOLDS.replace(
            "h2,300101,300101001001,4,",
            &format!("h2,300101,300101001001,{huge},"),
        ),
    )
    .expect("write");
    let out = c.assess().assert().code(1).get_output().stderr.clone();
    assert!(out.len() < 1_000, "a message of {} bytes", out.len());
    let msg = String::from_utf8_lossy(&out);
    assert!(msg.contains("52428800 characters"), "{msg}");
    assert!(msg.contains("row 3, column `size`"), "{msg}");
    // Control bytes are escaped.
    fs::write(
        c.path("households.csv"),
        HOUSEHOLDS.replace(
            "h2,300101,300101001001,4,",
            "h2,300101,300101001001,4\u{1b}[31m\u{7},",
        ),
    )
    .expect("write");
    let out = c.assess().assert().code(1).get_output().stderr.clone();
    assert!(!out.contains(&0x1b) && !out.contains(&0x07), "{out:?}");
    assert!(String::from_utf8_lossy(&out).contains("\\u{1b}"));
}

#[test]
fn utf16_and_gbk_files_are_named_as_such() {
    let c = Case::new();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(HOUSEHOLDS.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(c.path("households.csv"), utf16).expect("write");
    c.assess()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("households.csv: is UTF-16 text"));
    let c = Case::new();
    // 甲村 and 乙村 in GBK.
    let gbk = VILLAGES
        .replace("甲村", "\u{1}\u{2}")
        .replace("乙村", "\u{3}\u{4}")
        .into_bytes()
        .into_iter()
        .flat_map(|b| match b {
            1 => vec![0xBC, 0xD7],
            2 | 4 => vec![0xB4, 0xE5],
            3 => vec![0xD2, 0xD2],
            b => vec![b],
        })
        .collect::<Vec<u8>>();
    fs::write(c.path("villages.csv"), gbk).expect("write");
    c.assess()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("looks like GBK/GB18030"));
}

#[test]
fn profiles_with_one_name_are_labelled_apart_and_changes_are_only_changes() {
    let c = Case::new();
    fs::write(
        c.path("q.toml"),
        format!("{PROFILE}[parameters]\n\"std2011.line\" = 6000\n"),
    )
    .expect("write");
    let out = fupin()
        .args([
            "compare",
            "--format",
            "json",
            "--household-decisions",
            "all",
        ])
        .arg("--profile")
        .arg(c.path("p.toml"))
        .arg("--profile")
        .arg(c.path("q.toml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["keys"], serde_json::json!(["case", "case#2"]));
    let changes = v["changes"].as_array().expect("changes");
    assert!(!changes.is_empty());
    for ch in changes {
        assert_eq!(ch["changed"], true, "{ch}");
        assert_ne!(
            ch["outcomes"]["case"]["outcome"],
            ch["outcomes"]["case#2"]["outcome"]
        );
    }
    // Every unit stays in the per-profile blocks.
    for p in v["profiles"].as_array().expect("profiles") {
        assert!(p["decisions"].as_array().expect("decisions").len() > changes.len());
    }
}

#[test]
fn a_stream_that_cannot_be_copied_is_refused_with_what_to_do() {
    let c = Case::new();
    c.assess()
        .args(c.tables())
        .args(["--households", "-"])
        .env("TMPDIR", c.path("no-such-directory"))
        .write_stdin(HOUSEHOLDS)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "standard input: can be read only once (a pipe or standard input), and copying it \
             to the temporary directory failed",
        ))
        .stderr(predicate::str::contains("set TMPDIR"));
}
