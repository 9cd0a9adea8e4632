//! Snapshot tests of the 2001 "631" designation over a fixture whose quotas are worked by
//! hand (total 4): 贵州 index 0.6064 → 2, 山西 0.2245 → 1, 甘肃 0.1691 → 1 (largest
//! remainders), 河北 (east) 0. Within 山西 the two counties tie on income: code order decides.
//!
//! The other reading of the 10% share (`std2001.designation.low_gdp_revenue.joint = false`:
//! low-GDP and low-revenue counties counted separately, half the weight each): low GDP
//! 贵州 2 of 3, 山西 1 of 3; low revenue 贵州 2 of 3, 山西 1 of 3; so the indexes move to
//! 贵州 0.6230 (0.4364 + 0.12 + 0.0667) and 山西 0.2079 (0.0545 + 0.12 + 0.0333), 甘肃 stays
//! 0.1691; the quotas of 4 stay 2, 1, 1.

use std::path::Path;

use fupin_engine::testing::{RuleRun, run_rule};

#[test]
fn key_counties_by_the_631_method() {
    fupin_std2001::link();
    fupin_ethnic::link();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bounds");
    let rule = "std2001.county.designation.key_county";
    let out = run_rule(
        &dir,
        &RuleRun {
            rule,
            context: &[],
            rule_sets: &["std2001"],
            standard: "std2001",
            year: 2001,
            extra: "[parameters]\n\"std2001.designation.key_counties\" = 4\n",
        },
    );
    insta::assert_snapshot!(format!("{rule}@bounds"), out);
}

#[test]
fn key_counties_under_the_separate_reading_of_the_gdp_revenue_count() {
    fupin_std2001::link();
    fupin_ethnic::link();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bounds");
    let rule = "std2001.county.designation.key_county";
    let out = run_rule(
        &dir,
        &RuleRun {
            rule,
            context: &[],
            rule_sets: &["std2001"],
            standard: "std2001",
            year: 2001,
            extra: "[parameters]\n\"std2001.designation.key_counties\" = 4\n\
                    \"std2001.designation.low_gdp_revenue.joint\" = false\n",
        },
    );
    insta::assert_snapshot!(format!("{rule}@bounds-separate"), out);
}
