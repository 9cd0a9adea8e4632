//! `cargo xtask gen-registry [--shared DIR] [--check]`: the registry of the 832 poverty
//! counties, derived from `../shared/data/` and cross-checked.
//!
//! Sources:
//! - the 832-county list (`raw/Clebeech-ds_project/poverty_county_list.csv`): code, name,
//!   region, province, city, exit year; known to have defects;
//! - the exit announcements by year (`raw/istarwyh-csv2InfluxDB/2020摘帽.xlsx`): province and
//!   county names per exit year, independent of the list;
//! - the GB/T 2260 code history (`raw/yescallop-areacodes`): every county-level code
//!   1981–2024, yearly tables and successor codes;
//! - the NBS 2023 statistical codes (`raw/modood-Administrative-divisions-of-China`), which
//!   include statistical-only units;
//! - the partial 2012 key-county and contiguous-area tables (`derived/`);
//! - the exit dates (`data/registry/exit_dates.toml`, in this repository, hand-written from
//!   the research notes): each batch's latest date and the counties' own dates, sourced.
//!
//! Output: `data/registry/counties_832.csv` and `data/registry/CORRECTIONS.md`, which lists
//! every correction made to the list with its evidence, and the exit dates.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::registry_read::{read_exits, read_history, read_membership, read_uncoded};

/// Year of the code tables taken as "at designation": the 2012 key-county adjustment and the
/// contiguous-area list of June 2012.
pub(crate) const DESIGNATION_YEAR: i32 = 2012;
/// Latest code table.
pub(crate) const CURRENT_YEAR: i32 = 2024;

/// Official exits per year (domain.md §6.1, CONFIRMED (2+)).
pub const EXITS_BY_YEAR: [(i32, usize); 5] = [
    (2016, 28),
    (2017, 125),
    (2018, 283),
    (2019, 344),
    (2020, 52),
];

/// Corrections the code history cannot make, with their evidence.
const CITY_FIXES: [(&str, &str, &str, &str); 1] = [(
    "630104",
    "冷湖行委",
    "海西蒙古族藏族自治州",
    "冷湖行委 is a statistical unit of 海西州 (merged into 茫崖市 in 2018); the list's 西宁市 \
     follows its wrong code 630104 (西宁城西区); see derived/SOURCES.md §0",
)];

/// Names in the exit announcements that differ in form from the official names, with why.
/// Each is evidence-checked against the code history when used.
const ALIASES: [(&str, &str, &str, &str); 8] = [
    (
        "内蒙古",
        "鄂伦春自治区旗",
        "鄂伦春自治旗",
        "typo in the announcement (自治区旗 for 自治旗)",
    ),
    (
        "内蒙古",
        "科右前旗",
        "科尔沁右翼前旗",
        "standard abbreviation of 科尔沁右翼前旗",
    ),
    (
        "内蒙古",
        "科左中旗",
        "科尔沁左翼中旗",
        "standard abbreviation of 科尔沁左翼中旗",
    ),
    (
        "内蒙古",
        "察右前旗",
        "察哈尔右翼前旗",
        "standard abbreviation of 察哈尔右翼前旗",
    ),
    (
        "内蒙古",
        "察右中旗",
        "察哈尔右翼中旗",
        "standard abbreviation of 察哈尔右翼中旗",
    ),
    (
        "湖北",
        "郧阳区",
        "郧县",
        "郧县 became 郧阳区 in 2014 (code 420321 → 420304)",
    ),
    (
        "甘肃",
        "积石山保安族东乡族撒拉族县",
        "积石山保安族东乡族撒拉族自治县",
        "the announcement drops 自治",
    ),
    (
        "贵州",
        "镇宁布衣族苗族自治县",
        "镇宁布依族苗族自治县",
        "typo in the announcement (衣 for 依)",
    ),
];

fn short_province(p: &str) -> &str {
    for s in [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "省",
        "市",
    ] {
        if let Some(x) = p.strip_suffix(s) {
            return x;
        }
    }
    p
}

/// The name without its unit suffix (县, 市, 区, 旗, 特区, 行委).
fn name_root(name: &str) -> &str {
    for s in ["特区", "行委", "县", "市", "区", "旗"] {
        if let Some(x) = name.strip_suffix(s) {
            return x;
        }
    }
    name
}

/// Whether `listed` names the official `official` exactly, or as a truncation (湄潭 for
/// 湄潭县) or an abbreviated autonomous-county name (积石山自治县).
fn names_agree(listed: &str, official: &str) -> bool {
    listed == official
        || (official.starts_with(listed) && official.len() - listed.len() <= "县".len())
        || (listed.ends_with("自治县")
            && official.ends_with("自治县")
            && official.starts_with(listed.trim_end_matches("自治县")))
}

struct Correction {
    code: String,
    name: String,
    field: &'static str,
    from: String,
    to: String,
    evidence: String,
}

/// One county of the registry.
struct Entry {
    code: String,
    code_current: String,
    name: String,
    name_current: String,
    province: String,
    region: &'static str,
    city: String,
    exit_year: i32,
    key_county_2012: String,
    contiguous_area: String,
    list_code: String,
    list_name: String,
    /// The exit's approval or announcement: date, `county` or `batch`, event, source.
    exit_date: [String; 4],
}

fn region_of(province: &str) -> &'static str {
    // The western-development provinces (domain.md A2), as the engine reads them.
    fupin::Region::of_province(province).map_or("east", |r| r.as_str())
}

pub fn gen_registry(root: &Path, args: &[String]) -> Result<(), String> {
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let shared = flag("--shared")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let out_dir = root.join("data/registry");
    let check = args.iter().any(|a| a == "--check");
    let raw = shared.join("data/raw");
    let history = read_history(&raw.join("yescallop-areacodes"))?;
    let nbs = read_membership(
        &raw.join("modood-Administrative-divisions-of-China/areas.csv"),
        0,
        Some(1),
    )?;
    let exits = read_exits(&raw.join("istarwyh-csv2InfluxDB/2020摘帽.xlsx"))?;
    let keys = read_membership(
        &shared.join("data/derived/key_counties_2012.csv"),
        2,
        Some(3),
    )?;
    let areas = read_membership(
        &shared.join("data/derived/contiguous_areas_2012.csv"),
        3,
        Some(0),
    )?;
    let area_by_name = read_uncoded(&shared.join("data/derived/contiguous_areas_2012.csv"))?;

    // The announcements must reproduce the official totals before they are used as evidence.
    for (year, n) in EXITS_BY_YEAR {
        let got = exits.iter().filter(|(y, _, _)| *y == year).count();
        if got != n {
            return Err(format!(
                "the exit announcements list {got} counties for {year}, not the official {n}"
            ));
        }
    }

    let list_path = raw.join("Clebeech-ds_project/poverty_county_list.csv");
    let mut r =
        csv::Reader::from_path(&list_path).map_err(|e| format!("{}: {e}", list_path.display()))?;
    let mut corrections: Vec<Correction> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let t_des = &history.tables[&DESIGNATION_YEAR];
    let t_cur = &history.tables[&CURRENT_YEAR];
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("{}: {e}", list_path.display()))?;
        let row = i + 2;
        let list_code = rec[0].trim_end_matches(".0").to_string();
        let list_name = rec[1].trim().to_string();
        let province = rec[3].trim().to_string();
        let prov2 = &list_code[..2.min(list_code.len())];
        let mut correct = |field: &'static str, from: &str, to: &str, evidence: String| {
            corrections.push(Correction {
                code: list_code.clone(),
                name: list_name.clone(),
                field,
                from: from.to_string(),
                to: to.to_string(),
                evidence,
            });
        };

        // The code at designation (2012 table), case by case.
        let des_name = t_des.get(&list_code);
        let cur_name = t_cur.get(&list_code);
        let list_is_current = cur_name.is_some_and(|n| names_agree(&list_name, n));
        let mut code: Option<String> = None;
        // (a) The list's code and name are the 2012 ones; (b) the same code, renamed since
        // (the list gives the current name).
        if des_name.is_some_and(|n| names_agree(&list_name, n) || list_is_current) {
            code = Some(list_code.clone());
        }
        // (c) A newer code: walk back through predecessors to the 2012 code of that name;
        // (d) when the list gives the current code and name, to the 2012 code it replaced.
        if code.is_none() {
            let mut queue = std::collections::VecDeque::from([list_code.clone()]);
            let mut seen = BTreeSet::new();
            let mut renamed: Option<String> = None;
            while let Some(c) = queue.pop_front() {
                if !seen.insert(c.clone()) {
                    continue;
                }
                if let Some(n) = t_des.get(&c) {
                    if names_agree(&list_name, n) {
                        code = Some(c.clone());
                        break;
                    }
                    if list_is_current && renamed.is_none() {
                        renamed = Some(c.clone());
                    }
                }
                queue.extend(history.predecessors.get(&c).cloned().unwrap_or_default());
            }
            if code.is_none() {
                code = renamed;
            }
            if let Some(c) = &code {
                let now = cur_name.map_or("not in the 2024 table", String::as_str);
                correct(
                    "code at designation",
                    &list_code,
                    c,
                    format!(
                        "code history: {c} {} (2012) is a predecessor of {list_code} ({now})",
                        t_des.get(c).map_or("-", String::as_str)
                    ),
                );
            }
        }
        if code.is_none() {
            // The code belongs to another unit: find the name in the province's 2012 table.
            let county_level = |c: &String| {
                c.starts_with(prov2) && history.level.get(c).is_some_and(|l| l == "县级")
            };
            // Exact (or truncated) names first; the same root (万山特区 / 万山区) only when
            // no name agrees, since 临夏市 and 临夏县 share a root.
            let mut hits: Vec<(&String, &String)> = t_des
                .iter()
                .filter(|(c, n)| county_level(c) && names_agree(&list_name, n))
                .collect();
            if hits.is_empty() {
                hits = t_des
                    .iter()
                    .filter(|(c, n)| county_level(c) && name_root(n) == name_root(&list_name))
                    .collect();
            }
            hits.sort();
            if let [(c, n)] = hits.as_slice() {
                code = Some((*c).clone());
                if **c != list_code {
                    correct(
                        "code",
                        &list_code,
                        c,
                        format!(
                            "{list_code} is {} in the 2012 table; {c} is {n} there",
                            t_des.get(&list_code).map_or("not a code", String::as_str)
                        ),
                    );
                }
            }
        }
        let mut code_current_override: Option<String> = None;
        if code.is_none() {
            // Statistical-only units (行政委员会) have NBS codes but no MCA code; a unit that
            // later became a city has the city's MCA code only from its conversion.
            let hits: Vec<(&String, &String)> = nbs
                .iter()
                .filter(|(c, n)| c.starts_with(prov2) && n.starts_with(name_root(&list_name)))
                .collect();
            if let [(c, n)] = hits.as_slice() {
                if n.ends_with("行政委员会") {
                    code = Some((*c).clone());
                    correct(
                        "code",
                        &list_code,
                        c,
                        format!(
                            "{list_code} is {} in the MCA code history; {n} has only the NBS \
                             statistical code {c} (NBS 2023 codes)",
                            t_des
                                .get(&list_code)
                                .or(t_cur.get(&list_code))
                                .map_or("not a code", String::as_str)
                        ),
                    );
                } else {
                    let since = history
                        .start
                        .get(*c)
                        .map_or("later".to_string(), |y| format!("in {y}"));
                    code_current_override = Some((*c).clone());
                    correct(
                        "code at designation",
                        &list_code,
                        "",
                        format!(
                            "{list_name} had no MCA code in {DESIGNATION_YEAR}; it became {n} \
                             ({c}) {since} (code history), which is kept as the current code"
                        ),
                    );
                    code = Some(String::new());
                }
            }
        }
        let code = match code {
            Some(c) => c,
            None => {
                correct(
                    "code",
                    &list_code,
                    "",
                    format!(
                        "{list_code} is {} in the code history and {list_name} has no MCA or \
                         NBS code of its own; left empty",
                        t_des
                            .get(&list_code)
                            .or(t_cur.get(&list_code))
                            .map_or("not a code", String::as_str)
                    ),
                );
                String::new()
            }
        };
        let name = t_des
            .get(&code)
            .cloned()
            .or_else(|| nbs.get(&code).cloned())
            .unwrap_or_else(|| list_name.clone());
        // The current code: follow successors until a code of the 2024 table.
        let mut current = code_current_override
            .clone()
            .unwrap_or_else(|| code.clone());
        let mut guard = 0;
        while !current.is_empty() && !t_cur.contains_key(&current) && guard < 10 {
            // A split county: prefer the successor that keeps the name (宣化县 → 宣化区).
            let next = history.successors.get(&current).and_then(|s| {
                s.iter()
                    .find(|c| {
                        t_cur
                            .get(*c)
                            .is_some_and(|n| name_root(n) == name_root(&name))
                    })
                    .or(s.first())
            });
            match next {
                Some(s) => current = s.clone(),
                None => break,
            }
            guard += 1;
        }
        let name_current = t_cur
            .get(&current)
            .cloned()
            .or_else(|| nbs.get(&current).cloned())
            .unwrap_or_else(|| name.clone());

        if name != list_name {
            let why = if name.starts_with(&list_name) {
                "the list truncates the name".to_string()
            } else if list_name == name_current {
                format!(
                    "renamed since: {name} ({code}) in {DESIGNATION_YEAR}, {name_current} ({current}) now"
                )
            } else {
                format!("official name of {code} in {DESIGNATION_YEAR} (code history)")
            };
            correct("name", &list_name, &name, why);
        }
        let listed_region = match &rec[2] {
            "东部" => "east",
            "中部" => "central",
            "西部" => "west",
            other => {
                return Err(format!(
                    "{}: row {row}: region `{other}`",
                    list_path.display()
                ));
            }
        };
        let region = region_of(&province);
        if listed_region != region {
            correct(
                "region",
                listed_region,
                region,
                "the western-development grouping: its 12 provinces are west".into(),
            );
        }
        let exit_year: i32 = rec[5]
            .trim_end_matches(".0")
            .parse()
            .map_err(|_| format!("{}: row {row}: exit year", list_path.display()))?;
        // The derived tables use the list's codes after their own corrections.
        let lookup = |m: &HashMap<String, String>| {
            [&list_code, &code, &current]
                .iter()
                .find_map(|c| m.get(*c).cloned())
        };
        let key = lookup(&keys)
            .map(|g| format!("true ({g})"))
            .unwrap_or_default();
        // A unit that had no code (冷湖行委) is in the area table by province and name.
        let area = lookup(&areas)
            .or_else(|| {
                area_by_name
                    .get(&(province.clone(), list_name.clone()))
                    .cloned()
            })
            .unwrap_or_default();
        entries.push(Entry {
            code,
            code_current: current,
            name,
            name_current,
            province,
            region,
            city: match CITY_FIXES
                .iter()
                .find(|(c, n, _, _)| *c == list_code && *n == list_name)
            {
                Some((_, _, city, why)) => {
                    corrections.push(Correction {
                        code: list_code.clone(),
                        name: list_name.clone(),
                        field: "city",
                        from: rec[4].trim().to_string(),
                        to: city.to_string(),
                        evidence: why.to_string(),
                    });
                    city.to_string()
                }
                None => rec[4].trim().to_string(),
            },
            exit_year,
            key_county_2012: key,
            contiguous_area: area,
            list_code,
            list_name,
            exit_date: Default::default(),
        });
    }

    // Cross-check exit years against the announcements, by exact name within the province.
    let mut used = vec![false; exits.len()];
    let mut by_key: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, (_, p, n)) in exits.iter().enumerate() {
        let mut names = vec![n.clone()];
        // 云州区（大同县）: the old name in brackets.
        if let Some((a, b)) = n.split_once(['（', '(']) {
            names.push(a.to_string());
            names.push(b.trim_end_matches(['）', ')']).to_string());
        }
        for (ap, from, to, why) in ALIASES {
            if ap == p && from == n {
                names.push(to.to_string());
                notes.push(format!("announcement name {p} {n} read as {to}: {why}"));
            }
        }
        for name in names {
            by_key.entry((p.clone(), name)).or_default().push(i);
        }
    }
    // Pass 1: exact names (official, as listed, current, or the list code's current name).
    let mut unmatched: Vec<usize> = Vec::new();
    let mut matched: Vec<Option<usize>> = vec![None; entries.len()];
    for (k, e) in entries.iter().enumerate() {
        let p = short_province(&e.province).to_string();
        let list_current = t_cur.get(&e.list_code).cloned().unwrap_or_default();
        let candidates = [&e.name, &e.list_name, &e.name_current, &list_current];
        let hit = candidates.iter().find_map(|n| {
            by_key
                .get(&(p.clone(), (*n).clone()))
                .and_then(|v| v.iter().find(|&&i| !used[i]).copied())
        });
        match hit {
            Some(i) => {
                used[i] = true;
                matched[k] = Some(i);
            }
            None => unmatched.push(k),
        }
    }
    // Pass 2: abbreviated forms (莫力达瓦旗 for 莫力达瓦达斡尔族自治旗): the official name
    // starts with the announced name's root and ends with the same unit, uniquely among the
    // province's unmatched announcements.
    let mut failures = Vec::new();
    for k in unmatched {
        let e = &entries[k];
        let p = short_province(&e.province);
        let hits: Vec<usize> = (0..exits.len())
            .filter(|&i| !used[i] && exits[i].1 == p)
            .filter(|&i| {
                let n = &exits[i].2;
                let r = name_root(n);
                r.chars().count() >= 2
                    && [&e.name, &e.list_name].iter().any(|o| {
                        (o.starts_with(r) && o.chars().last() == n.chars().last())
                            || name_root(o) == r
                    })
            })
            .collect();
        if let [i] = hits.as_slice() {
            used[*i] = true;
            matched[k] = Some(*i);
            notes.push(format!(
                "announcement name {p} {} read as {}: abbreviated form or other unit suffix",
                exits[*i].2, e.name
            ));
        } else {
            failures.push(format!("{} {} ({})", e.province, e.name, e.list_code));
        }
    }
    if !failures.is_empty() {
        let left: Vec<String> = (0..exits.len())
            .filter(|&i| !used[i])
            .map(|i| format!("{} {} {}", exits[i].0, exits[i].1, exits[i].2))
            .collect();
        return Err(format!(
            "in no exit announcement: {}\nannouncements left: {}",
            failures.join("; "),
            left.join("; ")
        ));
    }
    for (e, m) in entries.iter_mut().zip(&matched) {
        let Some(i) = *m else { continue };
        let (y, _, n) = &exits[i];
        if *y != e.exit_year {
            corrections.push(Correction {
                code: e.list_code.clone(),
                name: e.list_name.clone(),
                field: "exit year",
                from: e.exit_year.to_string(),
                to: y.to_string(),
                evidence: format!(
                    "the {y} announcements list {n}; with it the announcements reproduce the \
                     official totals 28/125/283/344/52 (`fupin history`, county exits), the list's years do not"
                ),
            });
            e.exit_year = *y;
        }
    }
    if let Some(i) = used.iter().position(|u| !u) {
        return Err(format!(
            "announcement {:?} matched no county of the list",
            exits[i]
        ));
    }
    for (year, n) in EXITS_BY_YEAR {
        let got = entries.iter().filter(|e| e.exit_year == year).count();
        if got != n {
            return Err(format!("the registry has {got} exits in {year}, not {n}"));
        }
    }

    let units: Vec<crate::registry_dates::Unit> = entries
        .iter()
        .map(|e| crate::registry_dates::Unit {
            codes: [&e.code, &e.code_current, &e.list_code].map(String::as_str),
            names: [&e.name, &e.name_current, &e.list_name].map(String::as_str),
            exit_year: e.exit_year,
        })
        .collect();
    let (dates, dates_md) = crate::registry_dates::exit_dates(root, &units)?;
    for (e, d) in entries.iter_mut().zip(dates) {
        e.exit_date = d;
    }

    // Output.
    let mut csv_text = String::from(
        "code,code_current,name,name_current,province,region,city,exit_year,key_county_2012,contiguous_area,list_code,list_name,exit_date,exit_date_of,exit_date_event,exit_date_source\n",
    );
    entries.sort_by(|a, b| a.list_code.cmp(&b.list_code));
    for e in &entries {
        let _ = writeln!(
            csv_text,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            e.code,
            e.code_current,
            e.name,
            e.name_current,
            e.province,
            e.region,
            e.city,
            e.exit_year,
            e.key_county_2012,
            e.contiguous_area,
            e.list_code,
            e.list_name,
            e.exit_date.join(",")
        );
    }
    let mut md = String::from(
        "# Corrections to the 832-county list\n\n\
         Generated by `cargo xtask gen-registry` from `../shared/data/`; do not edit by hand.\n\n\
         The base list (`raw/Clebeech-ds_project/poverty_county_list.csv`) was checked against the\n\
         GB/T 2260 code history (`raw/yescallop-areacodes`, 2012 and 2024 tables and successor\n\
         codes), the NBS 2023 statistical codes (`raw/modood-Administrative-divisions-of-China`)\n\
         and the exit announcements by year (`raw/istarwyh-csv2InfluxDB/2020摘帽.xlsx`), whose\n\
         yearly totals equal the official 28/125/283/344/52. `code` is the code in the 2012\n\
         table (the year of the key-county adjustment and the contiguous-area list);\n\
         `code_current` follows the successor codes to the 2024 table.\n\n\
         | list code | list name | field | from | to | evidence |\n|---|---|---|---|---|---|\n",
    );
    for c in &corrections {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            c.code, c.name, c.field, c.from, c.to, c.evidence
        );
    }
    md.push_str("\n## Name forms in the announcements\n\n");
    for n in &notes {
        let _ = writeln!(md, "- {n}");
    }
    let keys_n = entries
        .iter()
        .filter(|e| !e.key_county_2012.is_empty())
        .count();
    let areas_n = entries
        .iter()
        .filter(|e| !e.contiguous_area.is_empty())
        .count();
    let _ = write!(
        md,
        "\n## Memberships\n\n`key_county_2012` and `contiguous_area` come from the partial tables in\n\
         `derived/` (see their SOURCES.md): {keys_n} of 592 key counties and {areas_n} of 680 area\n\
         counties are known. An empty cell means *unknown*, not *no*.\n"
    );
    // Regions: the exit bound's grouping, and the 2012 accounting that counts the east with
    // the centre.
    let keys_by = |f: &dyn Fn(&str) -> bool| {
        entries
            .iter()
            .filter(|e| !e.key_county_2012.is_empty() && f(e.region))
            .count()
    };
    let east_provinces: BTreeSet<&str> = entries
        .iter()
        .filter(|e| e.region == "east")
        .map(|e| e.province.as_str())
        .collect();
    let _ = write!(
        md,
        "\n## Regions\n\n`region` is east, central or west as in the western-development grouping (the 12\n\
         western provinces are west); the exit bound reads it (incidence at most 2% in the east\n\
         and centre, 3% in the west). The poverty office's accounting of the 592 key counties in\n\
         2012 (central 217 + west 375) has no eastern group: it counts the key counties of the\n\
         eastern provinces that have them ({}) with the centre. fupin keeps `region` as it is\n\
         (the two groupings agree on every bound) and reproduces the accounting as *not west*\n\
         and *west*: of the key counties known here, {} are not west and {} are west.\n",
        east_provinces.into_iter().collect::<Vec<_>>().join("、"),
        keys_by(&|r| r != "west"),
        keys_by(&|r| r == "west"),
    );
    md.push_str(&dates_md);
    let files = [("counties_832.csv", csv_text), ("CORRECTIONS.md", md)];
    if crate::write_or_check(&out_dir, &files, check, "cargo xtask gen-registry")? {
        println!("data/registry is up to date");
        return Ok(());
    }
    println!(
        "wrote {}: {} counties, {} corrections",
        out_dir.display(),
        entries.len(),
        corrections.len()
    );
    Ok(())
}
