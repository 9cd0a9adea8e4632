//! The inputs of `cargo xtask gen-registry`: the GB/T 2260 code history, the exit
//! announcements and the partial membership tables.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};

use crate::registry::{CURRENT_YEAR, DESIGNATION_YEAR};

pub(crate) struct CodeHistory {
    /// Year → code → name.
    pub(crate) tables: BTreeMap<i32, HashMap<String, String>>,
    /// Code → successor codes.
    pub(crate) successors: HashMap<String, Vec<String>>,
    /// Code → predecessor codes.
    pub(crate) predecessors: HashMap<String, Vec<String>>,
    /// Code → level (省级/地级/县级), any row.
    pub(crate) level: HashMap<String, String>,
    /// Code → the year it came into use (latest row).
    pub(crate) start: HashMap<String, String>,
}

pub(crate) fn read_history(dir: &Path) -> Result<CodeHistory, String> {
    let mut tables = BTreeMap::new();
    for y in DESIGNATION_YEAR..=CURRENT_YEAR {
        let path = dir.join(format!("data/{y}.txt"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut t = HashMap::new();
        for line in text.lines() {
            if let Some((c, n)) = line.trim().split_once(' ') {
                t.insert(c.to_string(), n.trim().to_string());
            }
        }
        tables.insert(y, t);
    }
    let path = dir.join("result.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut successors: HashMap<String, Vec<String>> = HashMap::new();
    let mut predecessors: HashMap<String, Vec<String>> = HashMap::new();
    let mut level = HashMap::new();
    let mut start = HashMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let code = rec[0].trim_start_matches('\u{feff}').to_string();
        level.insert(code.clone(), rec[4].to_string());
        start.insert(code.clone(), rec[6].to_string());
        for s in rec[8].split(';').filter(|s| !s.is_empty()) {
            let s = s.split('[').next().unwrap_or(s).to_string();
            successors.entry(code.clone()).or_default().push(s.clone());
            predecessors.entry(s).or_default().push(code.clone());
        }
    }
    Ok(CodeHistory {
        tables,
        successors,
        predecessors,
        level,
        start,
    })
}

/// Exit announcements: (year, short province, name as written).
pub(crate) fn read_exits(path: &Path) -> Result<Vec<(i32, String, String)>, String> {
    let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for sheet in wb.sheet_names().to_vec() {
        let year: i32 = sheet
            .trim()
            .parse()
            .map_err(|_| format!("{}: sheet `{sheet}` is not a year", path.display()))?;
        let range = wb
            .worksheet_range(&sheet)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        for row in range.rows() {
            let prov: String = row
                .first()
                .map(|c| c.to_string())
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if prov.is_empty() || prov == "省份" {
                continue;
            }
            let names = row.get(1).map(|c| c.to_string()).unwrap_or_default();
            for n in names.split(['、', '，', ',']) {
                let n = n.trim();
                if !n.is_empty() {
                    out.push((year, prov.clone(), n.to_string()));
                }
            }
        }
    }
    Ok(out)
}

pub(crate) fn read_membership(
    path: &Path,
    code_col: usize,
    value_col: Option<usize>,
) -> Result<HashMap<String, String>, String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let code = rec.get(code_col).unwrap_or("").to_string();
        if code.is_empty() {
            continue;
        }
        let v = value_col
            .and_then(|c| rec.get(c))
            .unwrap_or("true")
            .to_string();
        out.insert(code, v);
    }
    Ok(out)
}

/// The rows of the contiguous-area table (`area,province,name,code,…`) that have no code,
/// keyed by province and name: a unit that never had a county code is still a member.
pub(crate) fn read_uncoded(path: &Path) -> Result<HashMap<(String, String), String>, String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        if rec.get(3).unwrap_or("").is_empty() {
            out.insert(
                (
                    rec.get(1).unwrap_or("").to_string(),
                    rec.get(2).unwrap_or("").to_string(),
                ),
                rec.get(0).unwrap_or("").to_string(),
            );
        }
    }
    Ok(out)
}
