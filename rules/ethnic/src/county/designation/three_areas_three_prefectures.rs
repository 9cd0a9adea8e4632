//! `ethnic.county.designation.three_areas_three_prefectures`: Deep-poverty area: the county is
//! in the three areas and three prefectures (三区三州)

use fupin_core::decision::Check;
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::areas::{rows_check, three_areas_component};

fupin_core::rule! {
    /// # What it decides
    /// Whether a county lies in the "three areas and three prefectures" (三区三州), the
    /// national-level deep-poverty areas: Tibet; the Tibetan areas of Qinghai, Sichuan, Gansu
    /// and Yunnan; the four prefectures of southern Xinjiang (和田, 阿克苏, 喀什, 克孜勒苏);
    /// and 凉山 (Sichuan), 怒江 (Yunnan), 临夏 (Gansu).
    ///
    /// # Legal basis
    /// Liu Yongfu, 2018-03-07 (China.org.cn): 中央对'三区三州', 包括西藏、新疆南疆四地州、四省
    /// 藏区, 和四川凉山州、甘肃临夏州、云南怒江州作为国家层面的深度贫困地区给予重点支持. The
    /// Tibetan areas: 青海 海北、黄南、海南、果洛、玉树、海西; 四川 阿坝、甘孜、凉山州木里县; 云南
    /// 迪庆; 甘肃 甘南、武威市天祝县 (one source). Note: this set uses 南疆四地州 (with 阿克苏);
    /// the 14 contiguous areas of 2012 use 南疆三地州 (without it). The two are kept apart.
    ///
    /// # Era
    /// From the 2017 Taiyuan symposium to 2020.
    ///
    /// # Parameters
    /// `ethnic.deep_poverty.three_areas_three_prefectures`. Column `prefecture` (the county's
    /// prefecture-level unit, e.g. 阿克苏地区).
    ///
    /// # Bound
    /// Membership (== true).
    ///
    /// # Example
    /// 乌什县 (阿克苏地区) is in 三区三州 but not in the 14-area 南疆三地州.
    pub struct ThreeAreas;
    id: "ethnic.county.designation.three_areas_three_prefectures",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "Deep-poverty area: the county is in the three areas and three prefectures (三区三州)",
    parameters: ["ethnic.deep_poverty.three_areas_three_prefectures"],
    columns: ["counties.prefecture"],
    since: "0.1.0",
}

impl CountyRule for ThreeAreas {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        rows_check(
            &Self::META,
            ctx,
            data,
            "ethnic.deep_poverty.three_areas_three_prefectures",
            |row| {
                let pref = row
                    .extra
                    .get("prefecture")
                    .ok_or("column `prefecture` has no value")?;
                Ok(
                    match three_areas_component(&row.province, pref, &row.name) {
                        Some(c) => (true, format!("{c} ({pref})")),
                        None => (false, format!("not in 三区三州 ({pref})")),
                    },
                )
            },
        )
    }
}
