//! What the CLI test files share: the binary, the repository root, and a small case's tables
//! (two counties, two villages, two households).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `fupin` binary, run from the repository root.
pub fn fupin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fupin"));
    c.current_dir(root());
    c
}

pub const COUNTIES: &str = "code,name,province,region,income_year,rural_population,poor_population,false_exit_pct,missed_pct,approval_pct\n\
100101,A县,河北省,east,2019,1000,10,1,1,95\n\
300101,B县,贵州省,west,2019,1000,20,1,1,95\n";
pub const VILLAGES: &str = "code,county,name,population,poor_population\n\
100101001001,100101,甲村,100,1\n\
300101001001,300101,乙村,100,2\n";
pub const HOUSEHOLDS: &str = "household_id,county,village,size,year,net_income_per_capita,food_clothing,compulsory_education,basic_medical,safe_housing,safe_water\n\
h1,100101,100101001001,3,2019,5000,1,1,1,1,1\n\
h2,300101,300101001001,4,2019,2000.50,1,1,1,1,1\n";

/// A temporary directory holding the case's three tables and the given profile files.
pub fn case_dir(profiles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let tables = [
        ("counties.csv", COUNTIES),
        ("villages.csv", VILLAGES),
        ("households.csv", HOUSEHOLDS),
    ];
    for (name, text) in tables.iter().chain(profiles) {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}
