//! Provenance: what a result was computed from, so that it can be reproduced and checked.
//!
//! The fupin version, each profile file with the sha256 of its text, the parameter values the
//! selected rules read (with their sources, dates, confirmation and whether a profile
//! overrode them), every input table with its size and sha256, and the rows read, accepted
//! and rejected. It is an addition to the `fupin.assessment.v1` document (`provenance`).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::input::RowCounts;
use crate::setup::plan::Plan;

/// The provenance block.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Provenance {
    /// The fupin version that computed the result.
    pub fupin_version: &'static str,
    /// The profile files (the profile, then the profiles it extends).
    pub profiles: Vec<FileDigest>,
    /// The parameter values read by the selected rules, in force at the assessment date.
    pub parameters: Vec<ParameterUsed>,
    /// The input tables.
    pub inputs: Vec<InputFile>,
    /// Rows read, accepted and rejected, by table.
    pub rows: BTreeMap<String, RowCounts>,
}

/// A file and its digest.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileDigest {
    /// The path as given.
    pub path: String,
    /// Size in bytes (`None`: a stream, read once).
    pub bytes: Option<u64>,
    /// Lower-case hex sha256 of the contents (`None`: a stream, read once).
    pub sha256: Option<String>,
}

/// One input table.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InputFile {
    /// `counties`, `villages` or `households`.
    pub table: &'static str,
    /// The file.
    #[serde(flatten)]
    pub file: FileDigest,
}

/// One parameter value a rule read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ParameterUsed {
    /// Parameter id.
    pub id: String,
    /// The value, as written in parameter files.
    pub value: String,
    /// The date it took effect.
    pub effective: String,
    /// Its source.
    pub source: String,
    /// Whether the sources confirm it.
    pub confirmed: bool,
    /// `confirmed`, `reading` (fupin's reading of a text that allows others) or
    /// `unconfirmed` (addition).
    pub status: fupin_core::params::Status,
    /// The reading and its alternatives, when the status is `reading` (addition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Whether a profile set it (an override) rather than the rule set's parameter file.
    pub overridden: bool,
}

/// The digest of a file: `None` for standard input and for what is not a regular file.
pub fn digest(path: &Path) -> std::io::Result<FileDigest> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).ok();
    if path == Path::new("-") || !meta.as_ref().is_some_and(std::fs::Metadata::is_file) {
        return Ok(FileDigest {
            path: shown,
            bytes: None,
            sha256: None,
        });
    }
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok(FileDigest {
        path: shown,
        bytes: Some(n),
        sha256: Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect()),
    })
}

/// The parameter values the plan's rules read, at its date: every id a rule names, and
/// every id under a prefix it names (ids ending in `.`).
pub fn parameters_used(plan: &Plan) -> Vec<ParameterUsed> {
    let overridden: Vec<&str> = plan
        .profile
        .parameters
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    let wanted: Vec<&str> = plan
        .rules
        .iter()
        .flat_map(|r| r.meta().parameters.iter().copied())
        .collect();
    let mut out = Vec::new();
    for p in plan.params.iter() {
        let read = wanted
            .iter()
            .any(|w| *w == p.id || (w.ends_with('.') && p.id.starts_with(w)));
        if !read {
            continue;
        }
        let Ok(r) = plan.params.at(&p.id, plan.date) else {
            continue;
        };
        out.push(ParameterUsed {
            id: p.id.clone(),
            value: r.value.value.to_string(),
            effective: r.value.effective.to_string(),
            source: r.source_text(),
            confirmed: r.value.confirmed,
            status: r.value.status(),
            reading: r.value.reading.clone(),
            overridden: overridden.contains(&p.id.as_str()),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}
