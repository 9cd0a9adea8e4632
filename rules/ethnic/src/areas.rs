//! Special area sets, kept distinct as domain.md §7.2 requires: the "three areas and three
//! prefectures" (三区三州, 2017) use 南疆**四**地州 (Hotan, Aksu, Kashgar, Kizilsu), while the
//! 14 contiguous destitute areas (2012) use 南疆**三**地州 (Hotan, Kashgar, Kizilsu).

use fupin_core::decision::{Check, Level, Measure, Op, Role, Test};
use fupin_core::documented;
use fupin_core::kit::county_row;
use fupin_core::rule::{
    CountyData, CountyRule, EvalContext, RuleError, RuleMeta, RuleStatus, compare,
};

/// The component of 三区三州 a county belongs to, from its province, prefecture and name
/// (Liu Yongfu 2018-03-07; the Tibetan areas of the four provinces per one source).
pub fn three_areas_component(
    province: &str,
    prefecture: &str,
    county: &str,
) -> Option<&'static str> {
    let p = |s: &str| province.starts_with(s);
    let f = |list: &[&str]| list.iter().any(|x| prefecture.starts_with(x));
    if p("西藏") {
        return Some("西藏");
    }
    if p("新疆") && f(&["和田", "阿克苏", "喀什", "克孜勒苏"]) {
        return Some("南疆四地州");
    }
    // The three prefectures (凉山 includes 木里, also counted among the Tibetan areas).
    if (p("四川") && f(&["凉山"])) || (p("云南") && f(&["怒江"])) || (p("甘肃") && f(&["临夏"]))
    {
        return Some("三州");
    }
    let tibetan = (p("青海") && f(&["海北", "黄南", "海南", "果洛", "玉树", "海西"]))
        || (p("四川") && f(&["阿坝", "甘孜"]))
        || (p("云南") && f(&["迪庆"]))
        || (p("甘肃") && (f(&["甘南"]) || county.starts_with("天祝")));
    tibetan.then_some("四省藏区")
}

/// Whether a Xinjiang prefecture is in the 14-area list's 南疆三地州 (2012).
pub fn south_xinjiang_three(prefecture: &str) -> bool {
    ["和田", "喀什", "克孜勒苏"]
        .iter()
        .any(|x| prefecture.starts_with(x))
}

documented! {
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
}

/// 三区三州 membership.
pub static THREE_AREAS: ThreeAreasRule = ThreeAreasRule;

/// The 三区三州 rule.
#[derive(Debug, Clone, Copy)]
pub struct ThreeAreasRule;

static THREE_META: RuleMeta = RuleMeta {
    id: "ethnic.county.designation.three_areas_three_prefectures",
    rule_set: "ethnic",
    summary: "Deep-poverty area: the county is in the three areas and three prefectures (三区三州)",
    doc: ThreeAreas::DOC,
    status: RuleStatus::Stable,
    level: Level::County,
    test: Test::Designation,
    role: Role::Qualify,
    parameters: &["ethnic.deep_poverty.three_areas_three_prefectures"],
    columns: &["counties.prefecture"],
    only_with_columns: false,
    since: "0.1.0",
};

fn rows_check(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    data: &CountyData<'_>,
    param: &str,
    f: impl Fn(&fupin_core::County) -> Result<(bool, String), String>,
) -> Result<Vec<Check>, RuleError> {
    let t = ctx.param(rule, param)?;
    let mut out = Vec::with_capacity(data.counties.len());
    for code in data.counties.codes() {
        // Membership is a trait of the county: its row for the year, else any row.
        let row = match data.counties.row(code, ctx.year) {
            Some(r) => r,
            None => data
                .counties
                .any_row(code)
                .map_or_else(|| county_row(rule, ctx, data, code, ctx.year), Ok)?,
        };
        let (member, basis) = f(row).map_err(|m| RuleError::Input {
            rule: rule.id.to_string(),
            message: format!(
                "{}: row {}: county {code}: {m}",
                ctx.counties_origin, row.row
            ),
        })?;
        let mut c = compare(rule, Op::Eq, Measure::Bool(member), &t, Some(basis));
        c.applicable = member;
        out.push(c);
    }
    Ok(out)
}

impl CountyRule for ThreeAreasRule {
    fn meta(&self) -> &RuleMeta {
        &THREE_META
    }

    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        rows_check(
            &THREE_META,
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

documented! {
    /// # What it decides
    /// Whether a county is one of the deeply impoverished counties (深度贫困县) that the
    /// provinces designated after the 2017 Taiyuan symposium (334 in all; end-2017 incidence
    /// 11% against 3.1% nationally).
    ///
    /// # Legal basis
    /// Liu Yongfu, 2018-03-07. The per-province list of the 334 is not confirmed
    /// (domain.md §8 item 13), so membership is data: the `deep_poverty` column.
    ///
    /// # Era
    /// 2017–2020.
    ///
    /// # Parameters
    /// `ethnic.deep_poverty.counties_designated`.
    ///
    /// # Bound
    /// Passes when `deep_poverty` is true (== true).
    ///
    /// # Example
    /// The eight Gansu counties of 2020 (东乡, 临夏县, …) were all deep-poverty counties.
    pub struct DeepPovertyCounty;
}

/// Deep-poverty county membership (a column).
pub static DEEP_POVERTY: DeepPovertyRule = DeepPovertyRule;

/// The deep-poverty county rule.
#[derive(Debug, Clone, Copy)]
pub struct DeepPovertyRule;

static DEEP_META: RuleMeta = RuleMeta {
    id: "ethnic.county.designation.deep_poverty_county",
    rule_set: "ethnic",
    summary: "Deep-poverty area: the county is a deeply impoverished county (深度贫困县, column)",
    doc: DeepPovertyCounty::DOC,
    status: RuleStatus::Stable,
    level: Level::County,
    test: Test::Designation,
    role: Role::Qualify,
    parameters: &["ethnic.deep_poverty.counties_designated"],
    columns: &["counties.deep_poverty"],
    only_with_columns: true,
    since: "0.1.0",
};

impl CountyRule for DeepPovertyRule {
    fn meta(&self) -> &RuleMeta {
        &DEEP_META
    }

    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        rows_check(
            &DEEP_META,
            ctx,
            data,
            "ethnic.deep_poverty.counties_designated",
            |row| {
                let v = row
                    .extra
                    .get("deep_poverty")
                    .ok_or("column `deep_poverty` has no value")?;
                match v.to_ascii_lowercase().as_str() {
                    "true" | "1" => Ok((true, "county column `deep_poverty`".into())),
                    "false" | "0" => Ok((false, "county column `deep_poverty`".into())),
                    other => Err(format!("`deep_poverty` is `{other}`, not true or false")),
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_south_xinjiang_sets_stay_distinct() {
        // 阿克苏: in 三区三州 (南疆四地州), not in the 14-area 南疆三地州.
        assert_eq!(
            three_areas_component("新疆维吾尔自治区", "阿克苏地区", "乌什县"),
            Some("南疆四地州")
        );
        assert!(!south_xinjiang_three("阿克苏地区"));
        assert!(south_xinjiang_three("和田地区"));
        assert_eq!(
            three_areas_component("新疆维吾尔自治区", "伊犁哈萨克自治州", "察布查尔县"),
            None
        );
    }

    #[test]
    fn components() {
        assert_eq!(
            three_areas_component("西藏自治区", "拉萨市", "林周县"),
            Some("西藏")
        );
        assert_eq!(
            three_areas_component("四川省", "凉山彝族自治州", "木里藏族自治县"),
            Some("三州")
        );
        assert_eq!(
            three_areas_component("四川省", "甘孜藏族自治州", "理塘县"),
            Some("四省藏区")
        );
        assert_eq!(
            three_areas_component("甘肃省", "武威市", "天祝藏族自治县"),
            Some("四省藏区")
        );
        assert_eq!(three_areas_component("甘肃省", "武威市", "古浪县"), None);
        assert_eq!(
            three_areas_component("云南省", "怒江傈僳族自治州", "福贡县"),
            Some("三州")
        );
        assert_eq!(three_areas_component("贵州省", "毕节市", "威宁县"), None);
    }
}
