//! The run's output files: every input recorded so that no output replaces one, the main
//! output claimed, the rejected-rows report beside it, and the commit (whole or not at all).

use std::path::{Path, PathBuf};

use fupin::{AssessOptions, Dest, Error as EngineError, Outputs, Profile};

/// The run's outputs, with its inputs recorded (every profile file, table and plugin), so
/// that no output can replace one of them.
pub(crate) fn run_outputs(profiles: &[&Profile], opts: &AssessOptions) -> Outputs {
    let mut o = Outputs::new();
    for p in profiles {
        for f in &p.files {
            o.input(f);
        }
        let d = fupin::data_paths(p, opts);
        for t in [d.counties, d.villages, d.households].into_iter().flatten() {
            o.input(&t);
        }
        for pl in &p.plugins {
            o.input(&pl.path);
        }
    }
    o
}

/// Claim `--chart FILE` when given.
pub(crate) fn claim_chart(
    o: &mut Outputs,
    chart: Option<&Path>,
) -> Result<Option<Dest>, EngineError> {
    chart.map(|p| o.claim(p, "--chart")).transpose()
}

/// Claim the main output: `--output FILE`, else standard output.
pub(crate) fn claim_main(o: &mut Outputs, output: Option<&Path>) -> Result<Dest, EngineError> {
    match output {
        Some(p) => o.claim(p, "--output"),
        None => o.claim(Path::new("-"), "standard output"),
    }
}

/// The rejected-rows report beside a file output (`FILE.rejected.csv`). It may replace only
/// an earlier rejected-rows report: any other file of that name is the user's.
pub(crate) fn claim_rejected(o: &mut Outputs, main: &Dest) -> Result<Option<Dest>, EngineError> {
    let Dest::File { shown, .. } = main else {
        return Ok(None);
    };
    let mut name = shown.as_os_str().to_owned();
    name.push(".rejected.csv");
    let path = PathBuf::from(name);
    if let Ok(f) = std::fs::File::open(&path) {
        use std::io::Read;
        let mut head = Vec::new();
        let _ = f.take(64).read_to_end(&mut head);
        let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
        if first.trim_ascii_end() != fupin::REJECTED_HEADER.as_bytes() {
            return Err(EngineError::Config(format!(
                "{} exists and is not a rejected-rows report of fupin: rows rejected under \
                 --on-bad-row skip would replace it (move it, or choose another --output)",
                path.display()
            )));
        }
    }
    o.claim(&path, "the rejected-rows report").map(Some)
}

/// Commit the outputs and the main bytes.
pub(crate) fn finish(outs: &Outputs, main: &Dest, bytes: Vec<u8>) -> Result<(), EngineError> {
    outs.stage(main, bytes);
    outs.commit()
}

/// Stage a result document as the main output: a file is written (staged, unnamed) as the
/// document is rendered (a national JSON report is 120 MB, never held whole); standard
/// output and special files take the rendered bytes at commit.
pub(crate) fn stage_doc(
    outs: &Outputs,
    main: &Dest,
    doc: fupin::Doc<'_>,
    format: fupin::Format,
) -> Result<(), EngineError> {
    if let Dest::File { .. } = main {
        let mut staged = Outputs::stream(main)?;
        fupin::render_to(doc, format, &mut staged, &main.shown())?;
        outs.keep(staged);
    } else {
        outs.stage(main, fupin::render(doc, format)?);
    }
    Ok(())
}

/// Stage a result document as the main output and commit everything.
pub(crate) fn finish_doc(
    outs: &Outputs,
    main: &Dest,
    doc: fupin::Doc<'_>,
    format: fupin::Format,
) -> Result<(), EngineError> {
    stage_doc(outs, main, doc, format)?;
    outs.commit()
}
