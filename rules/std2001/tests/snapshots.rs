//! Snapshot tests of the 2001 "631" designation over a fixture whose quotas are worked by
//! hand (total 4). The provinces of the 2001 list share the 4 (河北 is on the list, with 39
//! key counties in 2001: domain.md §11.1); 浙江, not on the list, shares the moved quotas (0).
//! Poor population 河北 1000, 贵州 800, 甘肃 200, 山西 100 (of 2,100); low-income counties
//! 河北 1, 贵州 2, 甘肃 1, 山西 2 (of 6); low GDP and revenue 河北 1, 贵州 1, 山西 1 (of 3). Index
//! = 60% × poor share + 30% × low-income share + 10% × GDP-revenue share: 河北 36.90%,
//! 贵州 36.19%, 山西 16.19%, 甘肃 10.71%. Seats 1.476, 1.448, 0.648, 0.429: floors 1, 1, 0, 0,
//! the two left to the largest remainders (山西, 河北); 河北 has one county, so its second seat
//! is re-apportioned among the others and goes to 贵州 (0.574 against 0.257 and 0.170):
//! 河北 1, 贵州 2, 山西 1, 甘肃 0. Within 山西 the two counties tie on income: code order decides.
//!
//! The other reading of the 10% share (`std2001.designation.low_gdp_revenue.joint = false`:
//! low-GDP and low-revenue counties counted separately, half the weight each): low GDP 河北 1,
//! 贵州 2, 山西 1 of 4; low revenue 河北 1, 贵州 2, 山西 1 of 4; so the indexes move to 河北
//! 36.07%, 贵州 37.86%, 山西 15.36%, 甘肃 10.71%; seats 1.443, 1.514, 0.614, 0.429: floors 1, 1,
//! 0, 0, the remainders to 山西 and 贵州: the quotas stay 1, 2, 1, 0.

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
