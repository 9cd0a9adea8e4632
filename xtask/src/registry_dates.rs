//! The exit dates of the registry of the 832 (`data/registry/exit_dates.toml`, hand-written
//! from the research notes): each batch's latest date and the counties' own dates, each with
//! its source, read by `cargo xtask gen-registry` and written into `counties_832.csv` and
//! `CORRECTIONS.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// A county of the registry as the dates are matched to it: its codes (2012, current, as
/// listed), its names (the same) and its exit year.
#[derive(Clone, Copy)]
pub(crate) struct Unit<'a> {
    pub(crate) codes: [&'a str; 3],
    pub(crate) names: [&'a str; 3],
    pub(crate) exit_year: i32,
}

/// The hand-written exit dates (`data/registry/exit_dates.toml`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExitDatesFile {
    pub(crate) sources: BTreeMap<String, DateSource>,
    pub(crate) batch: Vec<BatchDate>,
    pub(crate) county: Vec<CountyDate>,
}

/// A source of exit dates.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DateSource {
    pub(crate) cite: String,
    pub(crate) title: String,
    pub(crate) issuer: String,
    pub(crate) date: String,
    pub(crate) url: String,
    pub(crate) grade: String,
}

/// The latest date of an exit batch.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BatchDate {
    pub(crate) exit_year: i32,
    pub(crate) date: String,
    pub(crate) event: String,
    pub(crate) sources: Vec<String>,
}

/// A county's own exit date.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountyDate {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) exit_year: i32,
    pub(crate) date: String,
    pub(crate) event: String,
    pub(crate) sources: Vec<String>,
}

/// A date of the file as (year, month, day), a month-only date at the month's end (the
/// dates are latest dates: "by").
pub(crate) fn date_key(s: &str) -> Option<(i32, u32, u32)> {
    let field = |p: Option<&str>, n: usize| {
        p.filter(|p| p.len() == n && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let mut parts = s.split('-');
    let y = i32::try_from(field(parts.next(), 4)?).ok()?;
    let m = field(parts.next(), 2)?;
    let d = match parts.next() {
        Some(p) => field(Some(p), 2)?,
        None => 31,
    };
    let fits = parts.next().is_none() && (1..=12).contains(&m) && (1..=31).contains(&d);
    fits.then_some((y, m, d))
}

/// Read and check the exit dates: known grades, dates in form, every text free of what a
/// CSV cell would need quoted, every source cited known and used, one batch per exit year.
pub(crate) fn read_exit_dates(path: &Path) -> Result<ExitDatesFile, String> {
    let at = |m: String| format!("{}: {m}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| at(e.to_string()))?;
    let f: ExitDatesFile = toml::from_str(&text).map_err(|e| at(e.to_string()))?;
    let grades = ["official-text", "official-press", "press", "aggregator"];
    for (k, s) in &f.sources {
        if !grades.contains(&s.grade.as_str()) {
            return Err(at(format!("source `{k}`: grade `{}`", s.grade)));
        }
        if s.title.is_empty() || s.issuer.is_empty() || s.date.is_empty() {
            return Err(at(format!(
                "source `{k}` needs a title, an issuer and a date"
            )));
        }
    }
    let mut used = std::collections::BTreeSet::new();
    let entries = f
        .batch
        .iter()
        .map(|b| {
            (
                format!("batch {}", b.exit_year),
                b.exit_year,
                &b.date,
                &b.event,
                &b.sources,
            )
        })
        .chain(f.county.iter().map(|c| {
            (
                format!("county {} {}", c.code, c.name),
                c.exit_year,
                &c.date,
                &c.event,
                &c.sources,
            )
        }));
    for (what, exit_year, date, event, sources) in entries {
        let Some((y, _, _)) = date_key(date) else {
            return Err(at(format!(
                "{what}: date `{date}` is not YYYY-MM-DD or YYYY-MM"
            )));
        };
        if y < exit_year {
            return Err(at(format!(
                "{what}: {date} is before its exit year {exit_year}"
            )));
        }
        if sources.is_empty() {
            return Err(at(format!("{what}: no source")));
        }
        for s in sources {
            if !f.sources.contains_key(s) {
                return Err(at(format!("{what}: unknown source `{s}`")));
            }
            used.insert(s.clone());
        }
        let texts = [event.as_str()]
            .into_iter()
            .chain(sources.iter().map(|s| f.sources[s].cite.as_str()));
        for t in texts {
            if t.is_empty() || t.contains([',', '"', '\n', '\r']) {
                return Err(at(format!(
                    "{what}: `{t}` is empty or has a comma, a quote or a line break"
                )));
            }
        }
    }
    if let Some(k) = f.sources.keys().find(|k| !used.contains(*k)) {
        return Err(at(format!("source `{k}` is cited by no date")));
    }
    let mut years: Vec<i32> = f.batch.iter().map(|b| b.exit_year).collect();
    years.sort_unstable();
    let want: Vec<i32> = crate::registry::EXITS_BY_YEAR
        .iter()
        .map(|(y, _)| *y)
        .collect();
    if years != want {
        return Err(at(format!(
            "batches for exit years {years:?}, not one for each of {want:?}"
        )));
    }
    Ok(f)
}

/// The sources of the exit dates cited in a registry cell: `cite (grade); …`.
pub(crate) fn cite(f: &ExitDatesFile, keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("{} ({})", f.sources[k].cite, f.sources[k].grade))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Give every county its exit date from `data/registry/exit_dates.toml`: its own where the
/// file has one, else its batch's; and the section of CORRECTIONS.md that says so.
pub(crate) fn exit_dates(
    root: &Path,
    units: &[Unit<'_>],
) -> Result<(Vec<[String; 4]>, String), String> {
    let path = root.join("data/registry/exit_dates.toml");
    let f = read_exit_dates(&path)?;
    let at = |m: String| format!("{}: {m}", path.display());
    let mut dates = Vec::with_capacity(units.len());
    for u in units {
        let b = f
            .batch
            .iter()
            .find(|b| b.exit_year == u.exit_year)
            .ok_or_else(|| at(format!("no batch for exit year {}", u.exit_year)))?;
        dates.push([
            b.date.clone(),
            "batch".into(),
            b.event.clone(),
            cite(&f, &b.sources),
        ]);
    }
    let mut own = String::new();
    for c in &f.county {
        let hits: Vec<usize> = (0..units.len())
            .filter(|&i| {
                units[i].codes.contains(&c.code.as_str())
                    && units[i].names.contains(&c.name.as_str())
            })
            .collect();
        let [i] = hits.as_slice() else {
            return Err(at(format!(
                "county {} {} is {} counties of the registry, not one",
                c.code,
                c.name,
                hits.len()
            )));
        };
        if units[*i].exit_year != c.exit_year {
            return Err(at(format!(
                "county {} {}: exit year {}, the registry's is {}",
                c.code, c.name, c.exit_year, units[*i].exit_year
            )));
        }
        // A batch's date is its latest: no county of it exited after it.
        if date_key(&c.date) > date_key(&dates[*i][0]) {
            return Err(at(format!(
                "county {} {}: {} is after its batch's latest date {}",
                c.code, c.name, c.date, dates[*i][0]
            )));
        }
        dates[*i] = [
            c.date.clone(),
            "county".into(),
            c.event.clone(),
            cite(&f, &c.sources),
        ];
        let _ = writeln!(
            own,
            "| {} {} | {} | {} | {} | {} |",
            c.code,
            c.name,
            c.exit_year,
            c.date,
            c.event,
            cite(&f, &c.sources)
        );
    }
    let mut md = String::from(
        "\n## Exit dates\n\n`exit_year` is the year whose data a county was assessed on; the exit was approved\n\
         (by the province) or announced later, mostly the next year. `exit_date` is that date, from\n\
         `data/registry/exit_dates.toml` (hand-written from the research notes, each date with its\n\
         source): the county's own where a source gives it (`exit_date_of` = `county`), else its\n\
         batch's latest date, by which every county of the batch had exited (`batch`). A date is\n\
         `YYYY-MM-DD`, or `YYYY-MM` where the source gives only the month. The transition period\n\
         (`monitoring.county.transition.period`, `fupin registry transition`) counts from the\n\
         year of `exit_date`.\n\n\
         | exit year | counties | batch's latest date | event | source |\n|---|---|---|---|---|\n",
    );
    for b in &f.batch {
        let n = units.iter().filter(|u| u.exit_year == b.exit_year).count();
        let _ = writeln!(
            md,
            "| {} | {n} | by {} | {} | {} |",
            b.exit_year,
            b.date,
            b.event,
            cite(&f, &b.sources)
        );
    }
    let _ = write!(
        md,
        "\nCounties with their own date:\n\n| county | exit year | date | event | source |\n\
         |---|---|---|---|---|\n{own}\nSources:\n\n"
    );
    for (k, s) in &f.sources {
        let url = if s.url.is_empty() {
            String::new()
        } else {
            format!(", <{}>", s.url)
        };
        let _ = writeln!(
            md,
            "- `{k}`: {} ({}, {}; {}){url}",
            s.title, s.issuer, s.date, s.grade
        );
    }
    Ok((dates, md))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_or_months_and_a_month_is_read_as_its_end() {
        assert_eq!(date_key("2017-02-25"), Some((2017, 2, 25)));
        assert_eq!(date_key("2019-05"), Some((2019, 5, 31)));
        assert!(date_key("2019-05") > date_key("2019-05-16"));
        for bad in [
            "2019",
            "2019-13",
            "2019-5-01",
            "2019-05-32",
            "2019-05-01-01",
            "x",
        ] {
            assert_eq!(date_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_shipped_file_reads_and_a_bad_one_is_named() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let path = root.join("data/registry/exit_dates.toml");
        let f = read_exit_dates(&path).expect("the shipped exit dates");
        assert_eq!(f.batch.len(), 5);
        // 井冈山, 兰考 and 滑县; the 52 of the 2020 batch; Tibet's last 19.
        assert_eq!(f.county.len(), 3 + 52 + 19);
        let text = std::fs::read_to_string(&path).expect("read");
        let dir = tempfile::tempdir().expect("dir");
        let bad = dir.path().join("exit_dates.toml");
        let cases = [
            (
                text.replace("date = \"2017-02-25\"", "date = \"2015-02-25\""),
                "2015-02-25 is before its exit year 2016",
            ),
            (
                text.replace("date = \"2017-02-25\"", "date = \"25.2.2017\""),
                "is not YYYY-MM-DD or YYYY-MM",
            ),
            (
                text.replace(
                    "event = \"approved by Henan\"",
                    "event = \"approved, by Henan\"",
                ),
                "has a comma",
            ),
            (
                text.replace("sources = [\"cctv-2020-11-23\"]", "sources = [\"cctv\"]"),
                "unknown source `cctv`",
            ),
            (
                text.replace("exit_year = 2020\n", "exit_year = 2019\n"),
                "not one for each of",
            ),
        ];
        for (t, want) in cases {
            std::fs::write(&bad, t).expect("write");
            let e = read_exit_dates(&bad).err().unwrap_or_default();
            assert!(e.contains(want), "{want}: {e}");
        }
    }

    #[test]
    fn a_county_date_must_match_one_county_of_its_exit_year() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let unit = |code, name, exit_year| Unit {
            codes: [code, code, code],
            names: [name, name, name],
            exit_year,
        };
        // Every county the file dates (井冈山, 兰考 and 滑县 first), and one more.
        let f = read_exit_dates(&root.join("data/registry/exit_dates.toml")).expect("file");
        let mut units: Vec<Unit> = f
            .county
            .iter()
            .map(|c| unit(c.code.as_str(), c.name.as_str(), c.exit_year))
            .collect();
        assert_eq!(units[0].names[0], "井冈山市");
        units.push(unit("520101", "其他县", 2018));
        let (dates, md) = exit_dates(&root, &units).expect("dates");
        assert_eq!(dates[0][..2], ["2017-02-25".to_string(), "county".into()]);
        let last = dates.len() - 1;
        assert_eq!(dates[last][..2], ["2019-05".to_string(), "batch".into()]);
        assert!(md.contains("| 2016 | 3 | by 2017-11-01 |"), "{md}");
        let e = exit_dates(&root, &units[1..]).err().unwrap_or_default();
        assert!(e.contains("county 360881 井冈山市 is 0 counties"), "{e}");
        let mut moved = units.clone();
        moved[0] = unit("360881", "井冈山市", 2017);
        let e = exit_dates(&root, &moved).err().unwrap_or_default();
        assert!(e.contains("exit year 2016, the registry's is 2017"), "{e}");
    }
}
