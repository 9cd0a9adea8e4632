//! Ethnic-area, old-revolutionary-base, border and pastoral variants of the national rules,
//! registered as their own rule set so profiles layer them where the historical rule
//! included them.
//!
//! - 1986: the relaxed thresholds for ethnic autonomous counties (< 200 yuan) and for old
//!   revolutionary base counties of major influence (< 300 yuan, the top of the 200–300 band).
//! - 2001: the relaxed low-income cut-off for old revolutionary base and ethnic-minority
//!   border areas (1,500 yuan instead of 1,300), read by the "631" method in `std2001`.
//! - 2017: the deep-poverty areas: 三区三州 and the deeply impoverished counties ([`areas`]),
//!   with the 2017 set's 南疆四地州 kept apart from the 2012 14-area list's 南疆三地州.
//!
//! Architecture invariant: no I/O; parameters compiled in.

pub mod areas;

use fupin_core::decision::{Level, Op, Role, Test};
use fupin_core::documented;
use fupin_core::inventory;
use fupin_core::kit::{Condition, CountyIncomeRule};
use fupin_core::rule::{RuleEntry, RuleMeta, RuleSetInfo, RuleStatus};

/// The parameter file, compiled in.
pub const PARAMS: &str = include_str!("../params.toml");

inventory::submit! {
    RuleSetInfo {
        id: "ethnic",
        summary: "Ethnic-area, old-base and border variants: 1986 relaxations, the 2001 relaxed cut-off, 2017 deep-poverty areas",
        parameter_files: &[("rules/ethnic/params.toml", PARAMS)],
    }
}

documented! {
    /// # What it decides
    /// The 1986 designation's relaxation for ethnic autonomous counties: an ethnic
    /// autonomous county whose 1985 net income per capita was below 200 yuan qualifies.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县" (China.org.cn, 2021-01-11): 以1985年年人均收入低于150元和少数民族
    /// 地区年人均纯收入低于200元为标准. A journal abstract (jxxfw.com) places the autonomous
    /// counties' relaxation "between 150 and 200 yuan"; 200 is its bound.
    ///
    /// # Era
    /// The 1986 round.
    ///
    /// # Parameters
    /// `std1986.designation.income_year` (1985), `ethnic.designation_1986.max_income.autonomous`
    /// (200 yuan). Column `ethnic_autonomous`.
    ///
    /// # Bound
    /// 低于 is strict: qualifies when income < 200 and the county is ethnic autonomous.
    /// 199.99 qualifies, 200.00 does not.
    ///
    /// # Example
    /// An autonomous county at 180 yuan qualifies (a non-autonomous one at 180 does not).
    pub struct Autonomous1986;
}

/// 1986: ethnic autonomous counties below 200 yuan.
pub static AUTONOMOUS_1986: CountyIncomeRule = CountyIncomeRule {
    meta: RuleMeta {
        id: "ethnic.county.designation.autonomous_1986",
        rule_set: "ethnic",
        summary: "1986 designation, ethnic autonomous counties: 1985 net income per capita < 200 yuan",
        doc: Autonomous1986::DOC,
        status: RuleStatus::Stable,
        level: Level::County,
        test: Test::Designation,
        role: Role::Qualify,
        parameters: &[
            "std1986.designation.income_year",
            "ethnic.designation_1986.max_income.autonomous",
        ],
        columns: &[
            "counties.net_income_per_capita",
            "counties.income_year",
            "counties.ethnic_autonomous",
        ],
        only_with_columns: false,
        since: "0.1.0",
    },
    income_year: "std1986.designation.income_year",
    threshold: "ethnic.designation_1986.max_income.autonomous",
    op: Op::Lt,
    condition: Some(Condition {
        column: "ethnic_autonomous",
        get: |c| c.ethnic_autonomous,
    }),
};

documented! {
    /// # What it decides
    /// The 1986 designation's relaxation for old revolutionary base counties "with major
    /// domestic and international influence" (在国内外有重大影响的革命老区): such a county
    /// whose 1985 net income per capita was below 300 yuan qualifies.
    ///
    /// # Legal basis
    /// A journal abstract (jxxfw.com, one secondary source): 对在国内外有重大影响的革命老区,
    /// 国家则放宽标准在200元—300元之间. The source gives a band, not one number; fupin uses its
    /// upper end, 300 yuan, as the bound (a profile may override it).
    ///
    /// # Era
    /// The 1986 round.
    ///
    /// # Parameters
    /// `std1986.designation.income_year` (1985), `ethnic.designation_1986.max_income.old_base`
    /// (300 yuan). Column `old_revolutionary_base`: mark only the base counties of major
    /// influence, the ones the relaxation covered.
    ///
    /// # Bound
    /// Strict: qualifies when income < 300 and the county is such a base county. 299.99
    /// qualifies, 300.00 does not.
    ///
    /// # Example
    /// A base county of major influence at 260 yuan qualifies.
    pub struct OldBase1986;
}

/// 1986: old revolutionary base counties below 300 yuan.
pub static OLD_BASE_1986: CountyIncomeRule = CountyIncomeRule {
    meta: RuleMeta {
        id: "ethnic.county.designation.old_base_1986",
        rule_set: "ethnic",
        summary: "1986 designation, old revolutionary base counties of major influence: 1985 income < 300 yuan",
        doc: OldBase1986::DOC,
        status: RuleStatus::Stable,
        level: Level::County,
        test: Test::Designation,
        role: Role::Qualify,
        parameters: &[
            "std1986.designation.income_year",
            "ethnic.designation_1986.max_income.old_base",
        ],
        columns: &[
            "counties.net_income_per_capita",
            "counties.income_year",
            "counties.old_revolutionary_base",
        ],
        only_with_columns: false,
        since: "0.1.0",
    },
    income_year: "std1986.designation.income_year",
    threshold: "ethnic.designation_1986.max_income.old_base",
    op: Op::Lt,
    condition: Some(Condition {
        column: "old_revolutionary_base",
        get: |c| c.old_revolutionary_base,
    }),
};

inventory::submit! { RuleEntry::County(&AUTONOMOUS_1986) }
inventory::submit! { RuleEntry::County(&OLD_BASE_1986) }
inventory::submit! { RuleEntry::County(&areas::THREE_AREAS) }
inventory::submit! { RuleEntry::County(&areas::DEEP_POVERTY) }

/// Referenced by binaries and tests so the linker keeps this crate's registrations.
pub fn link() {}
