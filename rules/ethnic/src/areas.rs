//! Special area sets, kept distinct as domain.md §7.2 requires: the "three areas and three
//! prefectures" (三区三州, 2017) use 南疆**四**地州 (Hotan, Aksu, Kashgar, Kizilsu), while the
//! 14 contiguous destitute areas (2012) use 南疆**三**地州 (Hotan, Kashgar, Kizilsu).

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::kit::county_row;
use fupin_core::rule::{CountyData, EvalContext, RuleError, RuleMeta, compare};

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

pub(crate) fn rows_check(
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
