//! Reading the canonical input tables (design.md §6) from CSV, validated.
//!
//! Every error names the file, the row (the line the record starts on; the header is line 1)
//! and the column. Nothing is dropped: a value that cannot be read is an error.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use fupin_core::units::{County, CountyTable, Region, Village, VillageTable};
use fupin_core::{Decimal, Money};

use crate::error::{EngineError, Result};
use crate::input::arrow::{ArrowTable, ArrowTables};
use crate::input::rows::{BadRows, MAX_INCOME_YUAN, Rejected, Rejects, RowCounts};
use crate::input::values::parse_bool;

/// The canonical county columns (design.md §6) and the additions fupin reads.
pub const COUNTY_COLUMNS: [&str; 22] = [
    "code",
    "name",
    "province",
    "region",
    "ethnic_autonomous",
    "old_revolutionary_base",
    "border",
    "pastoral",
    "contiguous_area",
    "income_year",
    "net_income_per_capita",
    "rural_population",
    "poor_population",
    "gdp_per_capita",
    "fiscal_revenue_per_capita",
    "designated_before",
    "false_exit_pct",
    "missed_pct",
    "approval_pct",
    "notice_days",
    "notice_objections",
    "low_income_population",
];

/// County columns kept as text whenever a table has them: the exit year (the transition
/// period) and deep-poverty membership (the monitoring scale), read by the monitoring rules.
pub const OPTIONAL_EXTRA_COLUMNS: [&str; 2] = ["exit_year", "deep_poverty"];

/// A small CSV table (counties, villages) read whole with the shared grammar
/// ([`crate::input::csv_records`]), so rows are numbered as the household scan numbers them.
struct CsvFile {
    shown: String,
    table: &'static str,
    data: Vec<u8>,
    data_start: usize,
    data_line: usize,
    width: usize,
    index: HashMap<String, usize>,
}

impl CsvFile {
    fn open(path: &Path, table: &'static str) -> Result<CsvFile> {
        let shown = crate::input::source::shown(path);
        if crate::input::source::format(path)? == crate::input::source::Format::Parquet {
            return Err(EngineError::Input(format!(
                "{shown}: is a Parquet file; the {table} table is read from CSV"
            )));
        }
        let file = crate::input::source::open(path)?;
        Self::from_reader(shown, table, Box::new(file))
    }

    /// A table in memory, written as CSV; its first record is row 1, as in Parquet.
    fn of_arrow(path: &Path, table: &'static str, t: &ArrowTable) -> Result<CsvFile> {
        let shown = path.display().to_string();
        let bytes = crate::input::arrow::to_csv(&shown, t)?;
        let mut f = Self::from_reader(shown, table, Box::new(std::io::Cursor::new(bytes)))?;
        f.data_line = 1;
        Ok(f)
    }

    fn from_reader(
        shown: String,
        table: &'static str,
        mut input: Box<dyn Read>,
    ) -> Result<CsvFile> {
        let mut data = Vec::new();
        input.read_to_end(&mut data).map_err(|e| {
            EngineError::Input(format!(
                "{shown}: cannot read: {}",
                crate::text::io_message(&e)
            ))
        })?;
        let empty = || EngineError::Input(format!("{shown}: the file is empty (no header row)"));
        let header = crate::input::csv_records::header(&data, true)
            .flatten()
            .ok_or_else(empty)?;
        if header.names.iter().all(|h| h.trim_ascii().is_empty()) {
            return Err(empty());
        }
        let header_line = header.data_line.saturating_sub(1).max(1);
        let mut index = HashMap::new();
        for (i, h) in header.names.iter().enumerate() {
            let name = std::str::from_utf8(h)
                .map_err(|_| {
                    EngineError::Input(format!(
                        "{shown}: row {header_line}: field {} is not valid UTF-8 (files must \
                         be UTF-8)",
                        i + 1
                    ))
                })?
                .trim()
                .to_string();
            if index.insert(name.clone(), i).is_some() {
                return Err(EngineError::Input(format!(
                    "{shown}: row {header_line}: column {} appears twice in the header",
                    crate::text::quote(&name)
                )));
            }
        }
        Ok(CsvFile {
            shown,
            table,
            width: header.names.len(),
            data_start: header.data_start,
            data_line: header.data_line,
            data,
            index,
        })
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    fn require(&self, name: &str, why: &str) -> Result<usize> {
        self.col(name).ok_or_else(|| {
            EngineError::Input(format!(
                "{}: missing required column `{name}` ({why})",
                self.shown
            ))
        })
    }

    /// One record's fields as text, or why it cannot be split.
    fn record(
        &self,
        block: &[u8],
        parsed: &crate::input::csv_records::Parsed<'_>,
    ) -> std::result::Result<csv::StringRecord, String> {
        let spans = &parsed.spans;
        if spans.len() != self.width {
            return Err(format!(
                "has {} fields, but the header has {}",
                spans.len(),
                self.width
            ));
        }
        let mut out = csv::StringRecord::with_capacity(64, spans.len());
        for (k, s) in spans.iter().enumerate() {
            let field = std::str::from_utf8(s.get(block, &parsed.scratch))
                .map_err(|_| format!("field {} is not valid UTF-8 (files must be UTF-8)", k + 1))?;
            out.push_field(field);
        }
        Ok(out)
    }

    /// Visit every record with its line number. A row the visitor rejects (or that cannot
    /// be split: field count, encoding) is an error, or under [`BadRows::Skip`] a rejected
    /// row.
    fn each(
        &mut self,
        rejects: &mut Rejects,
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<usize> {
        let mut counts = RowCounts::default();
        let body = &self.data[self.data_start..];
        let mut records = crate::input::csv_records::Parsed::new(body, self.data_line);
        while let Some(line) = records.next_record() {
            counts.read += 1;
            let outcome = match self.record(body, &records) {
                Ok(rec) => f(&Row {
                    shown: &self.shown,
                    line,
                    rec: &rec,
                }),
                Err(m) => Err(EngineError::Input(format!(
                    "{}: row {line}: {m}",
                    self.shown
                ))),
            };
            match outcome {
                Ok(()) => counts.accepted += 1,
                Err(e) if rejects.policy == BadRows::Error => return Err(e),
                Err(e) => {
                    counts.rejected += 1;
                    rejects.rows.push(Rejected {
                        file: self.shown.clone(),
                        row: line,
                        reason: e.to_string(),
                    });
                }
            }
        }
        if counts.read == 0 {
            return Err(EngineError::Input(format!(
                "{}: the file has a header but no data rows",
                self.shown
            )));
        }
        let c = rejects.counts.entry(self.table.to_string()).or_default();
        c.read += counts.read;
        c.accepted += counts.accepted;
        c.rejected += counts.rejected;
        Ok(counts.accepted)
    }
}

/// One record being read, for cell access with located errors.
struct Row<'a> {
    shown: &'a str,
    line: usize,
    rec: &'a csv::StringRecord,
}

impl Row<'_> {
    fn err(&self, column: &str, msg: impl std::fmt::Display) -> EngineError {
        EngineError::Input(format!(
            "{}: row {}, column `{column}`: {msg}",
            self.shown, self.line
        ))
    }

    /// The trimmed cell, `None` when the column is absent or the cell empty.
    fn get(&self, idx: Option<usize>) -> Option<&str> {
        idx.and_then(|i| self.rec.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn text(&self, idx: usize, column: &str) -> Result<String> {
        self.get(Some(idx))
            .map(str::to_string)
            .ok_or_else(|| self.err(column, "is empty"))
    }

    fn opt<T>(
        &self,
        idx: Option<usize>,
        column: &str,
        parse: impl Fn(&str) -> std::result::Result<T, String>,
    ) -> Result<Option<T>> {
        match self.get(idx) {
            None => Ok(None),
            Some(s) => parse(s).map(Some).map_err(|m| self.err(column, m)),
        }
    }
}

fn parse_money(s: &str) -> std::result::Result<Money, String> {
    let m: Money = s
        .parse()
        .map_err(|e: fupin_core::money::MoneyError| e.to_string())?;
    if m.is_negative() {
        return Err(format!("{s} is negative"));
    }
    if m > Money::from_yuan(MAX_INCOME_YUAN) {
        return Err(format!(
            "{s} yuan is beyond any plausible value (more than {MAX_INCOME_YUAN})"
        ));
    }
    Ok(m)
}

fn parse_count(s: &str) -> std::result::Result<i64, String> {
    let n: i64 = s
        .parse()
        .map_err(|_| format!("{} is not a whole number", crate::text::quote(s)))?;
    if n < 0 {
        return Err(format!("{n} is negative"));
    }
    Ok(n)
}

fn parse_pct(s: &str) -> std::result::Result<Decimal, String> {
    let d = Decimal::from_str(s)
        .map_err(|_| format!("{} is not a percentage", crate::text::quote(s)))?;
    if d.is_sign_negative() || d > Decimal::from(100) {
        return Err(format!("{s} is outside 0-100 (percentages are in percent)"));
    }
    Ok(d)
}

fn parse_year(s: &str) -> std::result::Result<i32, String> {
    s.parse::<i32>()
        .ok()
        .filter(|y| (1978..=2100).contains(y))
        .ok_or_else(|| {
            format!(
                "{} is not a year between 1978 and 2100",
                crate::text::quote(s)
            )
        })
}

fn parse_code(s: &str) -> std::result::Result<String, String> {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "{} is not a 6-digit GB/T 2260 county code",
            crate::text::quote(s)
        ))
    }
}

/// Columns a run requires, by table, with the rule that needs each.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    /// `(column, why)` for the county table.
    pub counties: Vec<(String, String)>,
    /// For the village table.
    pub villages: Vec<(String, String)>,
    /// For the household table.
    pub households: Vec<(String, String)>,
}

/// Read the county table.
pub fn read_counties(
    path: &Path,
    needs: &[(String, String)],
    rejects: &mut Rejects,
) -> Result<CountyTable> {
    counties_from(CsvFile::open(path, "counties")?, needs, rejects)
}

/// Read the county table `path` names: a table in memory when `arrow` holds it under that
/// name ([`ArrowTables::label`]), else the file.
pub fn read_counties_in(
    path: &Path,
    arrow: Option<&ArrowTables>,
    needs: &[(String, String)],
    rejects: &mut Rejects,
) -> Result<CountyTable> {
    match arrow.and_then(|a| a.get(path)) {
        Some(t) => counties_from(CsvFile::of_arrow(path, "counties", t)?, needs, rejects),
        None => read_counties(path, needs, rejects),
    }
}

/// Read the village table `path` names: in memory when `arrow` holds it, else the file.
pub fn read_villages_in(
    path: &Path,
    arrow: Option<&ArrowTables>,
    counties: &CountyTable,
    needs: &[(String, String)],
    rejects: &mut Rejects,
) -> Result<VillageTable> {
    match arrow.and_then(|a| a.get(path)) {
        Some(t) => villages_from(
            CsvFile::of_arrow(path, "villages", t)?,
            counties,
            needs,
            rejects,
        ),
        None => read_villages(path, counties, needs, rejects),
    }
}

/// Read a county table from any reader (`shown` names it in messages).
pub fn read_counties_from(
    shown: &str,
    input: Box<dyn Read>,
    needs: &[(String, String)],
    rejects: &mut Rejects,
) -> Result<CountyTable> {
    counties_from(
        CsvFile::from_reader(shown.to_string(), "counties", input)?,
        needs,
        rejects,
    )
}

fn counties_from(
    mut f: CsvFile,
    needs: &[(String, String)],
    rejects: &mut Rejects,
) -> Result<CountyTable> {
    let shown = f.shown.clone();
    let base = "every county row needs it".to_string();
    let c_code = f.require("code", &base)?;
    let c_name = f.require("name", &base)?;
    let c_prov = f.require("province", &base)?;
    for (col, why) in needs {
        f.require(col, why)?;
    }
    let c = |n: &str| f.col(n);
    let cols = [
        c("region"),
        c("ethnic_autonomous"),
        c("old_revolutionary_base"),
        c("border"),
        c("pastoral"),
        c("contiguous_area"),
        c("income_year"),
        c("net_income_per_capita"),
        c("rural_population"),
        c("poor_population"),
        c("gdp_per_capita"),
        c("fiscal_revenue_per_capita"),
        c("designated_before"),
        c("false_exit_pct"),
        c("missed_pct"),
        c("approval_pct"),
        c("notice_days"),
        c("notice_objections"),
        c("low_income_population"),
    ];
    // Columns rules asked for that are not canonical: kept as text for those rules.
    let mut extra_cols: Vec<(String, usize)> = needs
        .iter()
        .filter(|(c, _)| !COUNTY_COLUMNS.contains(&c.as_str()))
        .filter_map(|(c, _)| f.col(c).map(|i| (c.clone(), i)))
        .collect();
    // Optional columns the monitoring rules read when a table has them.
    for c in OPTIONAL_EXTRA_COLUMNS {
        if !extra_cols.iter().any(|(n, _)| n == c)
            && let Some(i) = f.col(c)
        {
            extra_cols.push((c.to_string(), i));
        }
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, Option<i32>), usize> = HashMap::new();
    f.each(rejects, |r| {
        let code = parse_code(&r.text(c_code, "code")?).map_err(|m| r.err("code", m))?;
        let extra = extra_cols
            .iter()
            .filter_map(|(c, i)| r.get(Some(*i)).map(|v| (c.clone(), v.to_string())))
            .collect();
        let county = County {
            name: r.text(c_name, "name")?,
            province: r.text(c_prov, "province")?,
            region: r.opt(cols[0], "region", Region::from_str)?,
            ethnic_autonomous: r.opt(cols[1], "ethnic_autonomous", parse_bool)?,
            old_revolutionary_base: r.opt(cols[2], "old_revolutionary_base", parse_bool)?,
            border: r.opt(cols[3], "border", parse_bool)?,
            pastoral: r.opt(cols[4], "pastoral", parse_bool)?,
            contiguous_area: r.opt(cols[5], "contiguous_area", parse_bool)?,
            income_year: r.opt(cols[6], "income_year", parse_year)?,
            net_income_per_capita: r.opt(cols[7], "net_income_per_capita", parse_money)?,
            rural_population: r.opt(cols[8], "rural_population", parse_count)?,
            poor_population: r.opt(cols[9], "poor_population", parse_count)?,
            gdp_per_capita: r.opt(cols[10], "gdp_per_capita", parse_money)?,
            fiscal_revenue_per_capita: r.opt(cols[11], "fiscal_revenue_per_capita", parse_money)?,
            designated_before: r.opt(cols[12], "designated_before", parse_bool)?,
            false_exit_pct: r.opt(cols[13], "false_exit_pct", parse_pct)?,
            missed_pct: r.opt(cols[14], "missed_pct", parse_pct)?,
            approval_pct: r.opt(cols[15], "approval_pct", parse_pct)?,
            notice_days: r.opt(cols[16], "notice_days", parse_count)?,
            notice_objections: r.opt(cols[17], "notice_objections", parse_count)?,
            low_income_population: r.opt(cols[18], "low_income_population", parse_count)?,
            extra,
            registry_exit_year: None,
            registry_exit_date: None,
            row: r.line,
            code,
        };
        if let (Some(p), Some(n)) = (county.poor_population, county.rural_population)
            && p > n
        {
            return Err(r.err(
                "poor_population",
                format!("{p} poor is more than the rural population {n}"),
            ));
        }
        if let Some(first) = seen.insert((county.code.clone(), county.income_year), r.line) {
            return Err(r.err(
                "code",
                format!(
                    "county {} appears twice for income year {} (first at row {first})",
                    county.code,
                    county
                        .income_year
                        .map_or("(none)".to_string(), |y| y.to_string())
                ),
            ));
        }
        rows.push(county);
        Ok(())
    })?;
    // A county with some rows dated and one undated is ambiguous.
    let mut dated: HashMap<&str, (bool, bool)> = HashMap::new();
    for r in &rows {
        let e = dated.entry(r.code.as_str()).or_default();
        if r.income_year.is_some() {
            e.0 = true;
        } else {
            e.1 = true;
        }
    }
    if let Some(r) = rows.iter().find(|r| {
        let (a, b) = dated[r.code.as_str()];
        a && b && r.income_year.is_none()
    }) {
        return Err(EngineError::Input(format!(
            "{shown}: row {}, column `income_year`: county {} has rows with and without an income year",
            r.row, r.code
        )));
    }
    // The exit year and date of each poverty county, from the bundled registry of the 832
    // (by the 2012 code or the current one), for the transition rules.
    let exits = crate::setup::registry::exits();
    for r in &mut rows {
        if let Some((year, date)) = exits.get(r.code.as_str()) {
            r.registry_exit_year = Some(*year);
            r.registry_exit_date = date.clone();
        }
    }
    Ok(CountyTable::new(rows))
}

/// Read the village table; every village's county must be in `counties`.
pub fn read_villages(
    path: &Path,
    counties: &CountyTable,
    needs: &[(String, String)],
    rejects: &mut Rejects,
) -> Result<VillageTable> {
    villages_from(CsvFile::open(path, "villages")?, counties, needs, rejects)
}

fn villages_from(
    mut f: CsvFile,
    counties: &CountyTable,
    needs: &[(String, String)],
    rejects: &mut Rejects,
) -> Result<VillageTable> {
    let base = "every village row needs it".to_string();
    let c_code = f.require("code", &base)?;
    let c_county = f.require("county", &base)?;
    for (col, why) in needs {
        f.require(col, why)?;
    }
    let c_name = f.col("name");
    let c_pop = f.col("population");
    let c_poor = f.col("poor_population");
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    f.each(rejects, |r| {
        let code = r.text(c_code, "code")?;
        let county = parse_code(&r.text(c_county, "county")?).map_err(|m| r.err("county", m))?;
        if counties.index_of(&county).is_none() {
            return Err(r.err("county", format!("unknown county {county}")));
        }
        if let Some(first) = seen.insert(code.clone(), r.line) {
            return Err(r.err(
                "code",
                format!("village {code} appears twice (first at row {first})"),
            ));
        }
        let population = r.opt(c_pop, "population", parse_count)?;
        let poor_population = r.opt(c_poor, "poor_population", parse_count)?;
        if let (Some(p), Some(n)) = (poor_population, population)
            && p > n
        {
            return Err(r.err(
                "poor_population",
                format!("{p} poor is more than the population {n}"),
            ));
        }
        out.push(Village {
            code,
            county,
            name: r.get(c_name).unwrap_or_default().to_string(),
            population,
            poor_population,
            row: r.line,
        });
        Ok(())
    })?;
    Ok(VillageTable::new(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, policy: BadRows) -> (Result<usize>, Vec<usize>) {
        let mut rejects = Rejects::new(policy);
        let r = read_counties_from(
            "c.csv",
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            &[],
            &mut rejects,
        )
        .map(|t| t.len());
        (r, rejects.rows.iter().map(|r| r.row).collect())
    }

    #[test]
    fn county_rows_are_numbered_by_line_with_any_line_end() {
        // The same table with LF, CRLF and bare CR line ends, a blank line before the header
        // and a quoted name: the bad code is on line 4 in each.
        for end in ["\n", "\r\n", "\r"] {
            let text = [
                "",
                "code,name,province",
                "130125,\"A, 县\",P",
                "13012x,B,P",
                "",
            ]
            .join(end);
            let (r, rows) = read(&text, BadRows::Skip);
            assert_eq!(r.expect("skip"), 1, "{end:?}");
            assert_eq!(rows, [4], "{end:?}");
            let (r, _) = read(&text, BadRows::Error);
            let e = r.expect_err("bad code").to_string();
            assert!(e.starts_with("c.csv: row 4, column `code`"), "{end:?}: {e}");
        }
    }
}
