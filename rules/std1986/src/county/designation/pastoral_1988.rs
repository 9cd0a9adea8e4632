//! `std1986.county.designation.pastoral_1988`: 1988 batch: pastoral counties in Hebei, Inner
//! Mongolia, Sichuan, Gansu, Qinghai, Xinjiang

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::kit::{county_row, income_year};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

/// The provinces of the 1988 pastoral batch.
const PASTORAL_PROVINCES: [&str; 6] = ["河北", "内蒙古", "四川", "甘肃", "青海", "新疆"];

fupin_core::rule! {
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
    /// No income threshold for the batch is confirmed (docs/sources.md#pastoral-1988), so the
    /// rule does not invent one: it qualifies counties whose `pastoral` column is true in the
    /// six provinces. Mark as pastoral only the counties of the batch if you want to reproduce
    /// its 27. Needs an assessment date in or after 1988 (`national-1986.toml` sets
    /// `date = "1988-12-31"`).
    ///
    /// # Example
    /// A pastoral county in 青海省 qualifies; a pastoral county in 西藏自治区 does not.
    pub struct Designation1988Pastoral;
    id: "std1986.county.designation.pastoral_1988",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "1988 batch: pastoral counties in Hebei, Inner Mongolia, Sichuan, Gansu, Qinghai, Xinjiang",
    parameters: ["std1986.designation.pastoral_1988"],
    columns: ["counties.pastoral"],
    since: "0.1.0",
}

impl CountyRule for Designation1988Pastoral {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &Self::META;
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
