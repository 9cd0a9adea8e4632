//! Project automation: `cargo xtask <task>`.
//!
//! - `gen-sample [--shared DIR] [--out DIR] [--check]`: derive the bundled sample data under
//!   `data/sample/` from the reference data in `../shared/data/`. County codes, names,
//!   provinces and regions are real (from the 832-county list); every number is synthetic,
//!   drawn from a fixed seed, so the same inputs give the same bytes. `--check` regenerates
//!   into memory and fails if the committed files differ.
//! - `gen-registry [--shared DIR] [--check]`: the registry of the 832 poverty counties with
//!   its corrections (see `registry.rs`).
//! - `docs [--check]`: `docs/rules.md` from the rule registry, and `docs/sources.md` from the
//!   parameter files (the plugins' too), the published series, and the topics of
//!   `docs/topics.toml` with the province profiles' values (`profiles/provinces/*.toml`).
//! - `schema [--check]`: `docs/profile.schema.json`, the JSON schema of a profile.
//! - `plugins`: build the plugins and place them in `target/plugins/`.
//! - `gen-data --households N [--seed S] [--out DIR] [--parquet]`: a deterministic synthetic registry of
//!   any size (CSV, and Parquet households with `--parquet`), for scale runs.
//! - `bench w1 …` and `bench scale …`: W1 against polars and DuckDB on files as each tool
//!   writes them (`bench.rs`); the national-scale runs of issue 17 (`scale.rs`); `bench all
//!   …` both, for every writer and input, in one command.
//! - `new-plugin NAME`: scaffold a provincial plugin crate, build it, run its snapshot tests.
//! - `python [--release] [--venv DIR] [-- PYTEST ARGS]`: build the Python package into a
//!   virtual environment and run its pytest suite (`python.rs`).
//! - `browser [--screenshot FILE] [-- PYTEST ARGS]`: `fupin report` in headless Chromium
//!   (Debian's), driven by Playwright from the Python virtual environment (`browser.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod a1;
mod bench;
mod browser;
mod gendata;
mod plugins;
mod python;
mod registry;
mod registry_dates;
mod registry_read;
mod scale;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("gen-sample") => gen_sample(&args[1..]),
        Some("gen-registry") => registry::gen_registry(&root(), &args[1..]),
        Some("docs") => docs_text().and_then(|text| {
            let check = args.iter().any(|a| a == "--check");
            generated("docs/rules.md", &text, check, "cargo xtask docs")?;
            generated(
                "docs/sources.md",
                &sources_text()?,
                check,
                "cargo xtask docs",
            )
        }),
        Some("plugins") => plugins::build_all(&root()),
        Some("gen-data") => gendata::gen_data(&root(), &args[1..]),
        Some("bench") => bench::bench(&root(), &args[1..]),
        Some("new-plugin") => plugins::new_plugin(&root(), &args[1..]),
        Some("python") => python::python(&root(), &args[1..]),
        Some("browser") => browser::browser(&root(), &args[1..]),
        Some("schema") => generated(
            "docs/profile.schema.json",
            &fupin::profile_json_schema(),
            args.iter().any(|a| a == "--check"),
            "cargo xtask schema",
        ),
        _ => Err(
            "usage: cargo xtask gen-sample [--shared DIR] [--out DIR] [--check]\n       \
                  cargo xtask gen-registry [--shared DIR] [--check]"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The rules documentation, from the registry of every linked rule crate.
fn docs_text() -> Result<String, String> {
    fupin::rules_markdown().map_err(|e| e.to_string())
}

/// `docs/sources.md`, with the plugins' parameter files (`plugins/*/params.toml`), then the
/// topics (`docs/topics.toml`) with the province profiles (`profiles/provinces/*.toml`).
fn sources_text() -> Result<String, String> {
    let mut plugin_params = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("plugins"))
        .map_err(|e| format!("plugins/: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    dirs.sort();
    for d in dirs {
        let f = d.join("params.toml");
        if let Ok(text) = std::fs::read_to_string(&f) {
            let name = d.file_name().map(|n| n.to_string_lossy().into_owned());
            plugin_params.push((
                format!("plugins/{}/params.toml", name.unwrap_or_default()),
                text,
            ));
        }
    }
    let mut text = fupin::sources_markdown(&plugin_params).map_err(|e| e.to_string())?;
    let topics = std::fs::read_to_string(root().join("docs/topics.toml"))
        .map_err(|e| format!("docs/topics.toml: {e}"))?;
    let mut profiles = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("profiles/provinces"))
        .map_err(|e| format!("profiles/provinces/: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        profiles.push((
            format!("profiles/provinces/{}", name.unwrap_or_default()),
            text,
        ));
    }
    text.push_str(&fupin::topics_markdown(&topics, &profiles).map_err(|e| e.to_string())?);
    Ok(text)
}

/// Write generated files into `dir`, or with `check` fail if a committed one differs.
/// Returns whether it only checked.
pub(crate) fn write_or_check(
    dir: &Path,
    files: &[(&str, String)],
    check: bool,
    cmd: &str,
) -> Result<bool, String> {
    if check {
        for (name, text) in files {
            let path = dir.join(name);
            let have =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if &have != text {
                return Err(format!(
                    "{} is not what `{cmd}` generates: run it and commit",
                    path.display()
                ));
            }
        }
        return Ok(true);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(false)
}

/// Write one generated file under the root, or check it.
fn generated(rel: &str, text: &str, check: bool, cmd: &str) -> Result<(), String> {
    let path = root().join(rel);
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(root);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(rel)
        .to_string();
    if write_or_check(&dir, &[(name.as_str(), text.to_string())], check, cmd)? {
        println!("{rel} is up to date");
    } else {
        println!("wrote {rel}");
    }
    Ok(())
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The provinces sampled: two eastern/central and several western, so both incidence bounds
/// (2% and 3%) are exercised.
const PROVINCES: [&str; 8] = [
    "河北省",
    "山西省",
    "河南省",
    "陕西省",
    "贵州省",
    "云南省",
    "甘肃省",
    "广西壮族自治区",
];

/// Seed of the sample data.
const SEED: u64 = 2011_2016;

struct ListedCounty {
    code: String,
    name: String,
    province: String,
    city: String,
    region: &'static str,
    exit_year: i32,
}

fn read_county_list(shared: &Path) -> Result<Vec<ListedCounty>, String> {
    let path = shared.join("data/raw/Clebeech-ds_project/poverty_county_list.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let code = rec.get(0).unwrap_or("").trim_end_matches(".0").to_string();
        let name = rec.get(1).unwrap_or("").to_string();
        let region = match rec.get(2).unwrap_or("") {
            "东部" => "east",
            "中部" => "central",
            "西部" => "west",
            other => {
                return Err(format!(
                    "{}: row {}: region `{other}`",
                    path.display(),
                    i + 2
                ));
            }
        };
        let exit_year = rec
            .get(5)
            .unwrap_or("")
            .trim_end_matches(".0")
            .parse()
            .map_err(|_| format!("{}: row {}: exit year", path.display(), i + 2))?;
        out.push(ListedCounty {
            code,
            name,
            province: rec.get(3).unwrap_or("").to_string(),
            city: rec.get(4).unwrap_or("").trim().to_string(),
            region,
            exit_year,
        });
    }
    Ok(out)
}

/// A county of the sample's universe.
struct SampleCounty {
    code: String,
    name: String,
    province: String,
    /// Prefecture-level unit.
    prefecture: String,
    region: &'static str,
    /// In the 832-county list, and its exit year there.
    exit_year: Option<i32>,
}

fn region_of(province: &str) -> &'static str {
    // The western-development provinces (domain.md A2), as the engine reads them.
    fupin::Region::of_province(province).map_or("east", |r| r.as_str())
}

fn read_codes(path: &Path, code_col: usize) -> Result<std::collections::BTreeSet<String>, String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = std::collections::BTreeSet::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(c) = rec.get(code_col).filter(|c| !c.is_empty()) {
            out.insert(c.to_string());
        }
    }
    Ok(out)
}

/// The universe: every county-level unit of the sampled provinces in the NBS 2023 codes
/// (urban districts only where they are in the 832 list), plus the 832 list's counties of
/// those provinces under the codes the list gives.
fn sample_universe(shared: &Path, list: &[ListedCounty]) -> Result<Vec<SampleCounty>, String> {
    let modood = shared.join("data/raw/modood-Administrative-divisions-of-China");
    let mut provinces = BTreeMap::new();
    let path = modood.join("provinces.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        provinces.insert(rec[0].to_string(), rec[1].to_string());
    }
    let mut cities = BTreeMap::new();
    let path = modood.join("cities.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        cities.insert(rec[0].to_string(), rec[1].to_string());
    }
    let listed: BTreeMap<&str, &ListedCounty> = list
        .iter()
        .filter(|c| PROVINCES.contains(&c.province.as_str()))
        .map(|c| (c.code.as_str(), c))
        .collect();
    let mut out: BTreeMap<String, SampleCounty> = BTreeMap::new();
    for c in listed.values() {
        out.insert(
            c.code.clone(),
            SampleCounty {
                code: c.code.clone(),
                name: c.name.clone(),
                province: c.province.clone(),
                prefecture: c.city.clone(),
                region: c.region,
                exit_year: Some(c.exit_year),
            },
        );
    }
    let path = modood.join("areas.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let (code, name, city, prov) = (&rec[0], &rec[1], &rec[2], &rec[3]);
        let Some(province) = provinces.get(prov) else {
            continue;
        };
        if !PROVINCES.contains(&province.as_str()) || out.contains_key(code) {
            continue;
        }
        // Urban districts are not rural counties; the list's districts were added above.
        if name.ends_with('区') {
            continue;
        }
        out.insert(
            code.to_string(),
            SampleCounty {
                code: code.to_string(),
                name: name.to_string(),
                province: province.clone(),
                prefecture: cities.get(city).cloned().unwrap_or_default(),
                region: region_of(province),
                exit_year: None,
            },
        );
    }
    Ok(out.into_values().collect())
}

fn money(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// One sample household of 2019, as generated.
struct SampleHousehold {
    /// Its CSV line without the monitoring columns.
    line: String,
    id: String,
    county: String,
    village: String,
    size: i64,
    /// Income per capita in 2019, fen.
    income: i64,
    /// Fails the 2019 household exit test.
    fails: bool,
}

/// The monitoring columns of the 2019 households (appended to `households`) and the 2021
/// table of the same households (returned). A separate random stream, so the 2019 values do
/// not move. Synthetic: households that fail the 2019 exit test are registered and not
/// exited; others were registered and exited (more often the poorer ones) or never poor. In
/// 2021 incomes grow, a few fall sharply, and the campaign's end leaves most registered
/// households exited. The 2021 monitoring line is on the page: one household at 6,000.00
/// and one at 5,999.99 (1.5 × the 2020 line, carried forward).
fn monitoring_columns(rows: &[SampleHousehold], households: &mut String) -> Result<String, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ 2021);
    let line_2019: i64 = 321_800;
    let mut out = String::from(
        "household_id,county,village,size,year,net_income_per_capita,registry_status,\
         rigid_expenditure_per_capita,sudden_hardship\n",
    );
    for (i, h) in rows.iter().enumerate() {
        let status_2019 = if h.fails {
            "not_exited"
        } else if rng.random_bool(if h.income < line_2019 * 2 { 0.6 } else { 0.2 }) {
            "exited"
        } else {
            "never_poor"
        };
        let rigid = |rng: &mut ChaCha8Rng, income: i64| -> i64 {
            if rng.random_bool(0.015) {
                (income as f64 * rng.random_range(0.3..1.6)).round() as i64
            } else if rng.random_bool(0.5) {
                (income as f64 * rng.random_range(0.0..0.2)).round() as i64
            } else {
                0
            }
        };
        let income_2019 = h.income;
        let line = &h.line;
        let hardship_2019 = rng.random_bool(0.015);
        let _ = writeln!(
            households,
            "{line},{status_2019},{},{}",
            money(rigid(&mut rng, income_2019)),
            hardship_2019
        );
        // 2021: growth, or a sharp fall for a few.
        // Most gain 5-30% plus 2,800-5,000 yuan (wages and transfers after the campaign); a
        // few lose a third to two thirds, and some of them fall below the monitoring line.
        let mut income = if rng.random_bool(0.012) {
            (h.income as f64 * rng.random_range(0.35..0.8)).round() as i64
        } else {
            (h.income as f64 * rng.random_range(1.05..1.3)).round() as i64
                + rng.random_range(280_000..500_000)
        };
        match i {
            3 => income = 600_000,
            4 => income = 599_999,
            _ => {}
        }
        let status = match status_2019 {
            "not_exited" if rng.random_bool(0.9) => "exited",
            s => s,
        };
        let _ = writeln!(
            out,
            "{},{},{},{},2021,{},{status},{},{}",
            h.id,
            h.county,
            h.village,
            h.size,
            money(income),
            money(rigid(&mut rng, income)),
            rng.random_bool(0.003)
        );
    }
    Ok(out)
}

fn gen_sample(args: &[String]) -> Result<(), String> {
    use rand_distr::{Distribution, Normal};
    let shared = flag(args, "--shared")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    let out_dir = flag(args, "--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("data/sample"));
    let check = args.iter().any(|a| a == "--check");
    let list = read_county_list(&shared)?;
    let universe = sample_universe(&shared, &list)?;
    let derived = shared.join("data/derived");
    let areas = read_codes(&derived.join("contiguous_areas_2012.csv"), 3)?;
    let keys_2012 = read_codes(&derived.join("key_counties_2012.csv"), 2)?;

    // Households for a few counties: per province, the first county (by code) of the list that
    // exited in 2019 and the first that exited in 2020, skipping rows the registry work still
    // has to correct.
    let clean = |c: &&ListedCounty| {
        c.code.len() == 6
            && c.code.bytes().all(|b| b.is_ascii_digit())
            && ["县", "市", "区", "旗"].iter().any(|s| c.name.ends_with(s))
    };
    let mut with_households: Vec<&ListedCounty> = Vec::new();
    for p in PROVINCES {
        let mut in_p: Vec<&ListedCounty> = list
            .iter()
            .filter(|c| c.province == p)
            .filter(clean)
            .collect();
        in_p.sort_by(|a, b| a.code.cmp(&b.code));
        for year in [2019, 2020] {
            if let Some(c) = in_p.iter().find(|c| c.exit_year == year) {
                with_households.push(c);
            }
        }
    }
    with_households.sort_by(|a, b| a.code.cmp(&b.code));

    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let std_normal = Normal::new(0.0, 1.0).map_err(|e| e.to_string())?;
    let mut counties = String::from(
        "code,name,province,region,ethnic_autonomous,old_revolutionary_base,border,pastoral,\
         contiguous_area,income_year,net_income_per_capita,rural_population,poor_population,\
         low_income_population,gdp_per_capita,fiscal_revenue_per_capita,designated_before,\
         false_exit_pct,missed_pct,approval_pct,notice_days,notice_objections,prefecture\n",
    );
    // Median rural net income per capita by year (yuan), synthetic, and the spread.
    const YEARS: [(i32, f64); 6] = [
        (1985, 300.0),
        (1992, 720.0),
        (2000, 2000.0),
        (2010, 4800.0),
        (2018, 11000.0),
        (2019, 12100.0),
    ];
    let mut summary: BTreeMap<&str, usize> = BTreeMap::new();
    let mut household_share: BTreeMap<String, f64> = BTreeMap::new();
    for c in &universe {
        // A county's latent poverty: counties of the 832 list are poorer on average.
        let z: f64 = std_normal.sample(&mut rng) + if c.exit_year.is_some() { -1.1 } else { 0.3 };
        let ethnic = c.name.contains("自治");
        let old_base = rng.random_bool(0.12);
        let border =
            matches!(c.province.as_str(), "云南省" | "广西壮族自治区") && rng.random_bool(0.15);
        let pastoral = c.province == "甘肃省" && rng.random_bool(0.12);
        let area = areas.contains(&c.code);
        let rural_population: i64 = rng.random_range(60_000..700_000);
        let exit_share: f64 = match c.exit_year {
            Some(2019) | Some(2020) if with_households.iter().any(|h| h.code == c.code) => {
                if c.exit_year == Some(2019) {
                    rng.random_range(0.004..0.022)
                } else {
                    rng.random_range(0.02..0.07)
                }
            }
            Some(y) if y <= 2018 => rng.random_range(0.0..0.012),
            Some(_) => rng.random_range(0.005..0.045),
            None => 0.0,
        };
        household_share.insert(c.code.clone(), exit_share);
        let mut incomes = BTreeMap::new();
        for (year, median) in YEARS {
            let noise: f64 = std_normal.sample(&mut rng);
            let income = median * (0.32 * z + 0.06 * noise).exp();
            incomes.insert(year, (income * 100.0).round() as i64);
        }
        for (year, _) in YEARS {
            let income = incomes[&year];
            let poor_share = match year {
                1985 | 1992 | 2000 | 2010 => {
                    (0.25 - 0.08 * z).clamp(0.01, 0.6)
                        * match year {
                            1985 => 1.0,
                            1992 => 0.7,
                            2000 => 0.35,
                            _ => 0.5,
                        }
                }
                2018 => exit_share * 2.2,
                _ => exit_share,
            };
            let poor = (rural_population as f64 * poor_share).round() as i64;
            let low_income = if year == 2000 {
                (rural_population as f64 * poor_share * 1.6).round() as i64
            } else {
                (rural_population as f64 * poor_share * 0.8).round() as i64
            };
            let gdp = (income as f64 * rng.random_range(1.3..2.4)).round() as i64;
            let revenue = (income as f64 * rng.random_range(0.04..0.12)).round() as i64;
            // Designated in the round before the one this row's year serves (synthetic
            // approximations, except 2010: the partial 2012 key-county table).
            let before = match year {
                1985 => false,
                1992 => incomes[&1985] < 20_000,
                2000 => incomes[&1992] < 45_000,
                2010 => keys_2012.contains(&c.code),
                _ => c.exit_year.is_some_and(|e| e >= year),
            };
            let evaluation = if (2018..=2019).contains(&year) && before {
                format!(
                    "{:.2},{:.2},{:.2},7,{},{}",
                    rng.random_range(0.0..2.15),
                    rng.random_range(0.0..2.1),
                    rng.random_range(89.4..99.5),
                    i32::from(rng.random_bool(0.05)),
                    c.prefecture
                )
            } else {
                format!(",,,,,{}", c.prefecture)
            };
            let _ = writeln!(
                counties,
                "{},{},{},{},{ethnic},{old_base},{border},{pastoral},{area},{year},{},{rural_population},{poor},{low_income},{},{},{before},{evaluation}",
                c.code,
                c.name,
                c.province,
                c.region,
                money(income),
                money(gdp),
                money(revenue),
            );
        }
        *summary.entry("counties").or_default() += 1;
    }

    let mut villages = String::from("code,county,name,population,poor_population\n");
    let mut households = String::from(
        "household_id,county,village,size,year,net_income_per_capita,food_clothing,\
         compulsory_education,basic_medical,safe_housing,safe_water,registry_status,\
         rigid_expenditure_per_capita,sudden_hardship\n",
    );
    // Each household of 2019, for the monitoring columns and the 2021 table written after
    // the loop (with their own random stream, so the 2019 values above do not move).
    let mut monitored_rows: Vec<SampleHousehold> = Vec::new();
    // The 2019 line of std2011 (3,218 yuan).
    let line_2019: i64 = 321_800;
    for (ci, c) in with_households.iter().enumerate() {
        let remaining_share = household_share.get(&c.code).copied().unwrap_or(0.02);
        for vi in 0..3 {
            let vcode = format!("{}{:03}{:03}", c.code, vi + 1, 200 + vi);
            let vname = format!("样本村{}-{}", ci + 1, vi + 1);
            let n_households: usize = rng.random_range(50..90);
            let mut persons = 0i64;
            let mut poor_persons = 0i64;
            for hi in 0..n_households {
                let size: i64 = rng.random_range(1..=6);
                let fails = rng.random_bool(remaining_share.min(1.0));
                let mut flags = [true; 5];
                let income: i64 = if fails {
                    if rng.random_bool(0.6) {
                        // Income not above the line; one household sits exactly on it.
                        if hi == 0 {
                            line_2019
                        } else {
                            rng.random_range(150_000..=line_2019)
                        }
                    } else {
                        flags[rng.random_range(0..5)] = false;
                        rng.random_range(line_2019 + 1..line_2019 * 3)
                    }
                } else {
                    rng.random_range(line_2019 + 1..line_2019 * 4)
                };
                persons += size;
                if fails {
                    poor_persons += size;
                }
                let b = |x: bool| if x { "1" } else { "0" };
                let line = format!(
                    "H{vcode}{:03},{},{vcode},{size},2019,{},{},{},{},{},{}",
                    hi + 1,
                    c.code,
                    money(income),
                    b(flags[0]),
                    b(flags[1]),
                    b(flags[2]),
                    b(flags[3]),
                    b(flags[4]),
                );
                monitored_rows.push(SampleHousehold {
                    line,
                    id: format!("H{vcode}{:03}", hi + 1),
                    county: c.code.clone(),
                    village: vcode.clone(),
                    size,
                    income,
                    fails,
                });
                *summary.entry("households").or_default() += 1;
            }
            let _ = writeln!(
                villages,
                "{vcode},{},{vname},{persons},{poor_persons}",
                c.code
            );
            *summary.entry("villages").or_default() += 1;
        }
    }

    let households_2021 = monitoring_columns(&monitored_rows, &mut households)?;
    let files = [
        ("counties.csv", counties),
        ("villages.csv", villages),
        ("households.csv", households),
        ("households-2021.csv", households_2021),
    ];
    if write_or_check(&out_dir, &files, check, "cargo xtask gen-sample")? {
        println!("data/sample is up to date");
        return Ok(());
    }
    println!(
        "wrote {}: {} counties, {} villages, {} households",
        out_dir.display(),
        summary.get("counties").unwrap_or(&0),
        summary.get("villages").unwrap_or(&0),
        summary.get("households").unwrap_or(&0)
    );
    Ok(())
}
