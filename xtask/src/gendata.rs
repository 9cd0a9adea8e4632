//! `cargo xtask gen-data --households N [--seed S] [--out DIR]`: a deterministic synthetic
//! registry of poor households at any size, with the canonical columns: the poverty counties
//! of `data/registry/` (real codes, names, provinces, regions; 831 of the 832, because
//! 冷湖行委 has no GB/T 2260 county code), villages in proportion (about 234 households each:
//! 126,000 villages at 30 million households), and N households spread over them, written as
//! CSV and, with `--parquet`, as Parquet too. Same seed, same bytes.
//!
//! Incomes are log-normal around twice the 2019 line (3,218 yuan), so a few percent fall
//! below it; each guarantee holds for about 98% of households; household sizes 1–6. Counties
//! carry a rural population and the exit-evaluation columns so every 2011 rule can run.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};

/// Households per village on average at full size (30 million / 128,000).
const HOUSEHOLDS_PER_VILLAGE: u64 = 234;

struct County {
    code: String,
    name: String,
    province: String,
    region: String,
}

fn registry(root: &Path) -> Result<Vec<County>, String> {
    let path = root.join("data/registry/counties_832.csv");
    let mut r = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        // Units that had no code in 2012 use their current code.
        let code = if rec[0].is_empty() { &rec[1] } else { &rec[0] };
        if code.is_empty() {
            continue;
        }
        out.push(County {
            code: code.to_string(),
            name: rec[2].to_string(),
            province: rec[4].to_string(),
            region: rec[5].to_string(),
        });
    }
    Ok(out)
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

pub fn gen_data(root: &Path, args: &[String]) -> Result<(), String> {
    let households: u64 = flag(args, "--households")
        .ok_or("usage: cargo xtask gen-data --households N [--seed S] [--out DIR] [--parquet]")?
        .replace('_', "")
        .parse()
        .map_err(|_| "--households: a whole number".to_string())?;
    let seed: u64 = flag(args, "--seed")
        .unwrap_or_else(|| "1".into())
        .parse()
        .map_err(|_| "--seed: a whole number".to_string())?;
    let out = flag(args, "--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/gen-data"));
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let counties = registry(root)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    // Counties and villages.
    let mut ctext = String::from(
        "code,name,province,region,income_year,rural_population,poor_population,\
         false_exit_pct,missed_pct,approval_pct,designated_before,contiguous_area,\
         net_income_per_capita\n",
    );
    let mut vtext = String::from("code,county,name,population,poor_population\n");
    let mut villages: Vec<(usize, String)> = Vec::new();
    for (ci, c) in counties.iter().enumerate() {
        // About 154 villages per county at 30 million households, fewer for smaller runs.
        let mean = (households / HOUSEHOLDS_PER_VILLAGE / counties.len().max(1) as u64).max(1);
        let n_villages = rng.random_range(mean.div_ceil(2)..=mean + mean / 2) as usize;
        let _ = writeln!(
            ctext,
            "{},{},{},{},2019,{},0,{:.2},{:.2},{:.2},true,false,{}.{:02}",
            c.code,
            c.name,
            c.province,
            c.region,
            rng.random_range(100_000..900_000),
            rng.random_range(0.0..2.1),
            rng.random_range(0.0..2.1),
            rng.random_range(89.0..99.9),
            rng.random_range(8_000..14_000),
            rng.random_range(0..100),
        );
        for v in 0..n_villages {
            let code = format!("{}{:06}", c.code, v + 1);
            let _ = writeln!(vtext, "{code},{},村{},,", c.code, v + 1);
            villages.push((ci, code));
        }
    }
    let write = |name: &str, text: &str| {
        let p = out.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    write("counties.csv", &ctext)?;
    write("villages.csv", &vtext)?;

    // Households, streamed: each to a random village.
    let income = LogNormal::new((2.0f64 * 3218.0).ln(), 0.55).map_err(|e| e.to_string())?;
    let path = out.join("households.csv");
    let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let err = |e: std::io::Error| format!("{}: {e}", path.display());
    w.write_all(
        b"household_id,county,village,size,year,net_income_per_capita,food_clothing,\
          compulsory_education,basic_medical,safe_housing,safe_water\n",
    )
    .map_err(err)?;
    let mut line = String::with_capacity(128);
    for h in 0..households {
        let (ci, village) = &villages[rng.random_range(0..villages.len())];
        let size: u8 = rng.random_range(1..=6);
        let fen = (income.sample(&mut rng) * 100.0).round().clamp(0.0, 1e9) as u64;
        let g = |rng: &mut ChaCha8Rng| if rng.random_bool(0.98) { '1' } else { '0' };
        line.clear();
        let _ = writeln!(
            line,
            "H{h:09},{},{village},{size},2019,{}.{:02},{},{},{},{},{}",
            counties[*ci].code,
            fen / 100,
            fen % 100,
            g(&mut rng),
            g(&mut rng),
            g(&mut rng),
            g(&mut rng),
            g(&mut rng),
        );
        w.write_all(line.as_bytes()).map_err(err)?;
    }
    w.flush().map_err(err)?;
    drop(w);
    if args.iter().any(|a| a == "--parquet") {
        let pq = out.join("households.parquet");
        csv_to_parquet(&path, &pq)?;
        println!("wrote {}", pq.display());
    }
    println!(
        "wrote {}: {} counties, {} villages, {households} households (seed {seed})",
        out.display(),
        counties.len(),
        villages.len()
    );
    Ok(())
}

/// Rewrites a canonical households CSV as Parquet with typed columns (text ids, dictionary
/// codes,
/// `u8` size, `i16` year, income as `decimal(12,2)`, boolean guarantees), 65,536-row row
/// groups, Snappy-compressed: the input the Parquet reader is measured on. Streams the CSV.
fn csv_to_parquet(csv_path: &Path, pq_path: &Path) -> Result<(), String> {
    use arrow_array::types::Int32Type;
    use arrow_array::{ArrayRef, BooleanArray, Decimal128Array, Int16Array, RecordBatch};
    use arrow_array::{DictionaryArray, StringArray, UInt8Array};
    use arrow_schema::{DataType, Field, Schema};
    use std::sync::Arc;

    const ROWS: usize = 65_536;
    let e = |x: &dyn std::fmt::Display| format!("{}: {x}", pq_path.display());
    let names = [
        "household_id",
        "county",
        "village",
        "size",
        "year",
        "net_income_per_capita",
        "food_clothing",
        "compulsory_education",
        "basic_medical",
        "safe_housing",
        "safe_water",
    ];
    let dict = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    let types = [
        DataType::Utf8,
        dict.clone(),
        dict,
        DataType::UInt8,
        DataType::Int16,
        DataType::Decimal128(12, 2),
        DataType::Boolean,
        DataType::Boolean,
        DataType::Boolean,
        DataType::Boolean,
        DataType::Boolean,
    ];
    let schema = Arc::new(Schema::new(
        names
            .iter()
            .zip(types)
            .map(|(n, t)| Field::new(*n, t, false))
            .collect::<Vec<_>>(),
    ));
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROWS))
        .build();
    let file = std::fs::File::create(pq_path).map_err(|x| e(&x))?;
    let mut writer = parquet::arrow::ArrowWriter::try_new(file, schema.clone(), Some(props))
        .map_err(|x| e(&x))?;
    let mut reader = csv::Reader::from_path(csv_path).map_err(|x| e(&x))?;
    let mut text: [Vec<String>; 3] = Default::default();
    let (mut size, mut year, mut fen) = (Vec::new(), Vec::new(), Vec::new());
    let mut flags: [Vec<bool>; 5] = Default::default();
    let mut rec = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut rec).map_err(|x| e(&x))?;
        if more {
            for (c, t) in text.iter_mut().enumerate() {
                t.push(rec[c].to_string());
            }
            size.push(rec[3].parse::<u8>().map_err(|x| e(&x))?);
            year.push(rec[4].parse::<i16>().map_err(|x| e(&x))?);
            let (yuan, f) = rec[5].split_once('.').unwrap_or((&rec[5], "00"));
            fen.push(
                yuan.parse::<i128>().map_err(|x| e(&x))? * 100
                    + f.parse::<i128>().map_err(|x| e(&x))?,
            );
            for (c, fl) in flags.iter_mut().enumerate() {
                fl.push(&rec[6 + c] == "1");
            }
        }
        if (!more && !size.is_empty()) || size.len() == ROWS {
            // Ids as text; county and village codes dictionary-encoded (as a registry
            // export would store them, and as Arrow reads them back).
            let ids = std::mem::take(&mut text[0]);
            let mut cols: Vec<ArrayRef> = vec![Arc::new(StringArray::from(ids))];
            for t in &mut text[1..] {
                let d: DictionaryArray<Int32Type> = t.iter().map(String::as_str).collect();
                t.clear();
                cols.push(Arc::new(d));
            }
            cols.push(Arc::new(UInt8Array::from(std::mem::take(&mut size))));
            cols.push(Arc::new(Int16Array::from(std::mem::take(&mut year))));
            cols.push(Arc::new(
                Decimal128Array::from(std::mem::take(&mut fen))
                    .with_precision_and_scale(12, 2)
                    .map_err(|x| e(&x))?,
            ));
            for fl in &mut flags {
                cols.push(Arc::new(BooleanArray::from(std::mem::take(fl))));
            }
            let batch = RecordBatch::try_new(schema.clone(), cols).map_err(|x| e(&x))?;
            writer.write(&batch).map_err(|x| e(&x))?;
        }
        if !more {
            break;
        }
    }
    writer.close().map_err(|x| e(&x))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn generate(dir: &Path, seed: &str) {
        let args: Vec<String> = ["--households", "3000", "--seed", seed, "--parquet", "--out"]
            .iter()
            .map(|s| s.to_string())
            .chain([dir.display().to_string()])
            .collect();
        gen_data(&root(), &args).expect("generates");
    }

    #[test]
    fn same_seed_same_bytes_and_fupin_reads_them_whole() {
        let (a, b, c) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        generate(a.path(), "5");
        generate(b.path(), "5");
        generate(c.path(), "6");
        for f in [
            "counties.csv",
            "villages.csv",
            "households.csv",
            "households.parquet",
        ] {
            let x = std::fs::read(a.path().join(f)).expect("read");
            assert_eq!(x, std::fs::read(b.path().join(f)).expect("read"), "{f}");
        }
        assert_ne!(
            std::fs::read(a.path().join("households.csv")).expect("read"),
            std::fs::read(c.path().join("households.csv")).expect("read")
        );
        // Both files pass fupin's checks, every row accepted.
        let mut rejects = fupin::Rejects::new(fupin::BadRows::Error);
        let counties = fupin::read_counties(&a.path().join("counties.csv"), &[], &mut rejects)
            .expect("counties");
        assert_eq!(counties.len(), 831);
        for f in ["households.csv", "households.parquet"] {
            let (n, _) = fupin::check_households(
                &a.path().join(f),
                &counties,
                None,
                fupin::BadRows::Error,
                1 << 20,
            )
            .expect("checks");
            assert_eq!((n.read, n.accepted), (3000, 3000), "{f}");
        }
    }
}
