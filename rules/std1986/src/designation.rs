//! County designation in 1986 (with the 1988 pastoral batch) and the 1994 adjustment.

use fupin_core::decision::{Check, Level, Measure, Op, Role, Test};
use fupin_core::documented;
use fupin_core::kit::{Condition, CountyIncomeRule, county_row, income_year};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError, RuleMeta, RuleStatus};

documented! {
    /// # What it decides
    /// The 1986 designation of national poverty counties (国家重点扶持贫困县): a county
    /// whose rural net income per capita in 1985 was below 150 yuan qualifies.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县" (China.org.cn, 2021-01-11): 1986年国家第一次确定贫困县, 以1985年年
    /// 人均收入低于150元和少数民族地区年人均纯收入低于200元为标准, 确定了331个国家重点扶持贫困
    /// 县. The relaxations for ethnic autonomous counties (< 200 yuan) and old revolutionary
    /// base counties of major influence (200–300 yuan) are the `ethnic` rule set's
    /// `ethnic.county.designation.autonomous_1986` and `ethnic.county.designation.old_base_1986`.
    ///
    /// # Era
    /// The 1986 round (331 counties; a first batch of 273 is also reported).
    ///
    /// # Parameters
    /// `std1986.designation.income_year` (1985), `std1986.designation.max_income` (150 yuan).
    ///
    /// # Bound
    /// 低于 is strict: qualifies when income < 150. 149.99 qualifies, 150.00 does not.
    ///
    /// # Example
    /// A county with 1985 income 149.99 yuan is designated; at 150.00 it is not (unless a
    /// relaxation applies).
    pub struct Designation1986Income;
}

/// 1986: 1985 income below 150 yuan.
pub static DESIGNATION_1986_INCOME: CountyIncomeRule = CountyIncomeRule {
    meta: RuleMeta {
        id: "std1986.county.designation.income",
        rule_set: "std1986",
        summary: "1986 designation: county 1985 net income per capita < 150 yuan",
        doc: Designation1986Income::DOC,
        status: RuleStatus::Stable,
        level: Level::County,
        test: Test::Designation,
        role: Role::Qualify,
        parameters: &[
            "std1986.designation.income_year",
            "std1986.designation.max_income",
        ],
        columns: &["counties.net_income_per_capita", "counties.income_year"],
        only_with_columns: false,
        since: "0.1.0",
    },
    income_year: "std1986.designation.income_year",
    threshold: "std1986.designation.max_income",
    op: Op::Lt,
    condition: None,
};

documented! {
    /// # What it decides
    /// The 1988 batch of 27 pastoral counties (牧区县): a pastoral or semi-pastoral county in
    /// Hebei, Inner Mongolia, Sichuan, Gansu, Qinghai or Xinjiang qualifies.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困地区" (China.org.cn, 2021-01-11): 1988年, 国务院在河北、内蒙古、四川、
    /// 甘肃、青海和新疆的牧区中又确定了27个国家重点扶持县.
    ///
    /// # Era
    /// 1988 (after the 1986 round; 664 national and provincial poverty counties by end-1988).
    ///
    /// # Parameters
    /// `std1986.designation.pastoral_1988` (in force from 1988).
    ///
    /// # Bound
    /// No income threshold for the batch is confirmed (domain.md §8 item 6), so the rule
    /// does not invent one: it qualifies counties whose `pastoral` column is true in the six
    /// provinces. Mark as pastoral only the counties of the batch if you want to reproduce
    /// its 27. Needs an assessment date in or after 1988 (`national-1986.toml` sets
    /// `date = "1988-12-31"`).
    ///
    /// # Example
    /// A pastoral county in 青海省 qualifies; a pastoral county in 西藏自治区 does not.
    pub struct Designation1988Pastoral;
}

/// The provinces of the 1988 pastoral batch.
const PASTORAL_PROVINCES: [&str; 6] = ["河北", "内蒙古", "四川", "甘肃", "青海", "新疆"];

/// 1988: pastoral counties of six provinces.
pub static DESIGNATION_1988_PASTORAL: Pastoral1988 = Pastoral1988;

/// The 1988 pastoral batch rule.
#[derive(Debug, Clone, Copy)]
pub struct Pastoral1988;

static PASTORAL_META: RuleMeta = RuleMeta {
    id: "std1986.county.designation.pastoral_1988",
    rule_set: "std1986",
    summary: "1988 batch: pastoral counties in Hebei, Inner Mongolia, Sichuan, Gansu, Qinghai, Xinjiang",
    doc: Designation1988Pastoral::DOC,
    status: RuleStatus::Stable,
    level: Level::County,
    test: Test::Designation,
    role: Role::Qualify,
    parameters: &["std1986.designation.pastoral_1988"],
    columns: &["counties.pastoral"],
    only_with_columns: false,
    since: "0.1.0",
};

impl CountyRule for Pastoral1988 {
    fn meta(&self) -> &RuleMeta {
        &PASTORAL_META
    }

    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &PASTORAL_META;
        let t = ctx.param(rule, "std1986.designation.pastoral_1988")?;
        let year = income_year(rule, ctx, "std1986.designation.income_year")?;
        let mut out = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            let row = county_row(rule, ctx, data, code, year)?;
            let pastoral = row
                .pastoral
                .ok_or_else(|| fupin_core::kit::missing_value(rule, ctx, row, "pastoral"))?;
            let in_provinces = PASTORAL_PROVINCES
                .iter()
                .any(|p| row.province.starts_with(p));
            let mut check = fupin_core::rule::compare(
                rule,
                Op::Eq,
                Measure::Bool(pastoral && in_provinces),
                &t,
                None,
            );
            check.applicable = pastoral && in_provinces;
            check.basis = Some(match (pastoral, in_provinces) {
                (true, true) => format!("pastoral county in {}", row.province),
                (true, false) => format!("pastoral, but {} is not one of the six", row.province),
                _ => "not a pastoral county".to_string(),
            });
            out.push(check);
        }
        Ok(out)
    }
}

documented! {
    /// # What it decides
    /// The 1994 "8-7 Plan" adjustment (国家八七扶贫攻坚计划): every county whose 1992 rural
    /// net income per capita was below 400 yuan joins the national poverty counties.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县": 1994年颁布的《国家八七扶贫攻坚计划(1994—2000年)》第二次确定贫困县,
    /// 将1992年全县农民人均纯收入低于400元的县全部纳入国家级贫困县, 原来的贫困县高于700元的
    /// 一律退出. 这次调整确定了592个国家重点扶持贫困县. The Plan was issued on 1994-04-15.
    ///
    /// # Era
    /// The 1994 round (592 counties), in force 1994–2000.
    ///
    /// # Parameters
    /// `std1986.designation_1994.income_year` (1992), `std1986.designation_1994.max_income_in`
    /// (400 yuan).
    ///
    /// # Bound
    /// 低于 is strict: joins when income < 400. 399.99 joins, 400.00 does not (by this route).
    ///
    /// # Example
    /// A county not designated in 1986 with 1992 income 380 yuan joins in 1994.
    pub struct Designation1994Income;
}

/// 1994: 1992 income below 400 yuan.
pub static DESIGNATION_1994_INCOME: CountyIncomeRule = CountyIncomeRule {
    meta: RuleMeta {
        id: "std1986.county.designation_1994.income",
        rule_set: "std1986",
        summary: "1994 8-7 Plan: county 1992 net income per capita < 400 yuan joins",
        doc: Designation1994Income::DOC,
        status: RuleStatus::Stable,
        level: Level::County,
        test: Test::Designation,
        role: Role::Qualify,
        parameters: &[
            "std1986.designation_1994.income_year",
            "std1986.designation_1994.max_income_in",
        ],
        columns: &["counties.net_income_per_capita", "counties.income_year"],
        only_with_columns: false,
        since: "0.1.0",
    },
    income_year: "std1986.designation_1994.income_year",
    threshold: "std1986.designation_1994.max_income_in",
    op: Op::Lt,
    condition: None,
};

documented! {
    /// # What it decides
    /// The 1994 adjustment's second route: a county already designated stays designated
    /// unless its 1992 net income per capita was above 700 yuan.
    ///
    /// # Legal basis
    /// 中国关键词 "贫困县": 原来的贫困县高于700元的一律退出 (1994, 《国家八七扶贫攻坚计划》).
    ///
    /// # Era
    /// The 1994 round.
    ///
    /// # Parameters
    /// `std1986.designation_1994.income_year` (1992), `std1986.designation_1994.max_income_stay`
    /// (700 yuan). Column `designated_before` (designated before the 1994 round) on the 1992
    /// row.
    ///
    /// # Bound
    /// 高于 is strict, so a designated county stays when income <= 700: 700.00 stays, 700.01
    /// leaves. Applies only when `designated_before` is true.
    ///
    /// # Example
    /// A 1986 poverty county with 1992 income 700.00 stays; with 700.01 it leaves.
    pub struct Designation1994Kept;
}

/// 1994: previously designated counties at or below 700 yuan stay.
pub static DESIGNATION_1994_KEPT: CountyIncomeRule = CountyIncomeRule {
    meta: RuleMeta {
        id: "std1986.county.designation_1994.kept",
        rule_set: "std1986",
        summary: "1994 8-7 Plan: a designated county stays unless its 1992 income > 700 yuan",
        doc: Designation1994Kept::DOC,
        status: RuleStatus::Stable,
        level: Level::County,
        test: Test::Designation,
        role: Role::Qualify,
        parameters: &[
            "std1986.designation_1994.income_year",
            "std1986.designation_1994.max_income_stay",
        ],
        columns: &[
            "counties.net_income_per_capita",
            "counties.income_year",
            "counties.designated_before",
        ],
        only_with_columns: false,
        since: "0.1.0",
    },
    income_year: "std1986.designation_1994.income_year",
    threshold: "std1986.designation_1994.max_income_stay",
    op: Op::Le,
    condition: Some(Condition {
        column: "designated_before",
        get: |c| c.designated_before,
    }),
};
