//! Building blocks shared by rule crates.
//!
//! - [`county_row`]: a county's row for an income year, or an error naming the file.
//! - [`missing_value`]: the error for a county row without a value a rule needs.
//! - [`CountyIncomeRule`]: "the county's net income per capita in income year Y compares
//!   with a threshold", optionally only for counties with a trait (ethnic autonomous, old
//!   revolutionary base, designated before). Most designation rules of 1986 and 1994 have
//!   this shape; each is a `static` instance registered by its rule crate.

use crate::decision::{Check, Measure, Op};
use crate::params::ParamValue;
use crate::rule::{CountyData, EvalContext, RuleError, RuleMeta, compare};
use crate::units::County;

/// The row of `code` for income `year`, or an input error naming the file and the years the
/// county has.
pub fn county_row<'a>(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    data: &CountyData<'a>,
    code: &str,
    year: i32,
) -> Result<&'a County, RuleError> {
    data.counties.row(code, year).ok_or_else(|| {
        let years: Vec<String> = data
            .counties
            .years(code)
            .iter()
            .map(i32::to_string)
            .collect();
        RuleError::Input {
            rule: rule.id.to_string(),
            message: format!(
                "{}: county {code} has no row for income year {year} (its rows are for {})",
                ctx.counties_origin,
                if years.is_empty() {
                    "no dated year".to_string()
                } else {
                    years.join(", ")
                }
            ),
        }
    })
}

/// The input error for a county row without a value in `column`, naming the file, row and
/// column.
pub fn missing_value(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    row: &County,
    column: &str,
) -> RuleError {
    RuleError::Input {
        rule: rule.id.to_string(),
        message: format!(
            "{}: row {}, column `{column}`: county {} has no value",
            ctx.counties_origin, row.row, row.code
        ),
    }
}

/// The income year a rule reads, from a `year`-unit parameter.
pub fn income_year(rule: &RuleMeta, ctx: &EvalContext<'_>, param: &str) -> Result<i32, RuleError> {
    let r = ctx.param(rule, param)?;
    match r.value.value {
        ParamValue::Int(y) => i32::try_from(y).map_err(|_| RuleError::Input {
            rule: rule.id.to_string(),
            message: format!("parameter `{param}`: {y} is not a year"),
        }),
        _ => Err(RuleError::Param {
            rule: rule.id.to_string(),
            source: crate::params::ParamError::WrongUnit {
                id: param.to_string(),
                want: "year".into(),
                found: r.param.unit.as_str().into(),
            },
        }),
    }
}

/// A trait a county must have for an income rule to apply, read from a boolean column.
#[derive(Debug, Clone, Copy)]
pub struct Condition {
    /// The column (for messages and the check's basis).
    pub column: &'static str,
    /// Reads the column from a row.
    pub get: fn(&County) -> Option<bool>,
}

/// "Net income per capita of income year Y `op` threshold", for all counties or for those
/// with a trait: the logic several designation rules share (each rule's file says which
/// parameters and comparison it uses).
#[derive(Debug, Clone, Copy)]
pub struct CountyIncomeRule {
    /// Parameter (unit `year`) naming the income year the rule reads.
    pub income_year: &'static str,
    /// Parameter (unit `yuan`) holding the threshold.
    pub threshold: &'static str,
    /// The comparison.
    pub op: Op,
    /// When set, the rule passes only for counties whose column is true.
    pub condition: Option<Condition>,
}

impl CountyIncomeRule {
    /// One check per county, on behalf of `rule`.
    pub fn evaluate(
        &self,
        rule: &RuleMeta,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let year = income_year(rule, ctx, self.income_year)?;
        let t = ctx.param(rule, self.threshold)?;
        let mut out = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            let row = county_row(rule, ctx, data, code, year)?;
            let income = row
                .net_income_per_capita
                .ok_or_else(|| missing_value(rule, ctx, row, "net_income_per_capita"))?;
            let mut check = compare(
                rule,
                self.op,
                Measure::Money(income),
                &t,
                Some(format!("{year} net income per capita")),
            );
            if let Some(c) = self.condition {
                let has = (c.get)(row).ok_or_else(|| missing_value(rule, ctx, row, c.column))?;
                if !has {
                    check.passed = false;
                    check.applicable = false;
                    check.basis = Some(format!("does not apply: `{}` is false", c.column));
                } else {
                    check.basis = Some(format!(
                        "{year} net income per capita; `{}` is true",
                        c.column
                    ));
                }
            }
            out.push(check);
        }
        Ok(out)
    }
}

/// A county's place in its province when the province's counties are ranked by income,
/// poorest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvinceRank {
    /// 1-based rank within the province (ties broken by county code, ascending).
    pub rank: usize,
    /// Counties ranked in the province.
    pub of: usize,
}

/// Rank counties within their provinces by income ascending; equal incomes are ordered by
/// code, so the ranking is total and reproducible. `items` are (province, code, income);
/// the result is in the same order.
pub fn rank_within_provinces(items: &[(&str, &str, crate::Money)]) -> Vec<ProvinceRank> {
    use std::collections::BTreeMap;
    let mut by_province: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (p, _, _)) in items.iter().enumerate() {
        by_province.entry(p).or_default().push(i);
    }
    let mut out = vec![ProvinceRank { rank: 0, of: 0 }; items.len()];
    for idx in by_province.values_mut() {
        idx.sort_by(|&a, &b| items[a].2.cmp(&items[b].2).then(items[a].1.cmp(items[b].1)));
        for (r, &i) in idx.iter().enumerate() {
            out[i] = ProvinceRank {
                rank: r + 1,
                of: idx.len(),
            };
        }
    }
    out
}

/// Whether the county at `rank` ties on income with a county on the other side of a cut
/// after `quota` places (so code order decided its side).
pub fn tie_at_cut(
    items: &[(&str, &str, crate::Money)],
    ranks: &[ProvinceRank],
    i: usize,
    quota: usize,
) -> bool {
    let (p, _, income) = items[i];
    let r = ranks[i].rank;
    let inside = r <= quota;
    items
        .iter()
        .zip(ranks)
        .any(|((q, _, inc), rk)| *q == p && *inc == income && (rk.rank <= quota) != inside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;

    #[test]
    fn ranks_are_by_income_then_code_within_provinces() {
        let y = Money::from_yuan;
        let items = [
            ("A", "100003", y(500)),
            ("A", "100001", y(400)),
            ("B", "200001", y(100)),
            ("A", "100002", y(400)),
        ];
        let r = rank_within_provinces(&items);
        let ranks: Vec<usize> = r.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, [3, 1, 1, 2]);
        assert_eq!(r[0].of, 3);
        // With a quota of 1 in A, 100001 and 100002 tie across the cut.
        assert!(tie_at_cut(&items, &r, 1, 1));
        assert!(tie_at_cut(&items, &r, 3, 1));
        assert!(!tie_at_cut(&items, &r, 0, 1));
        // With a quota of 2 the tie is inside.
        assert!(!tie_at_cut(&items, &r, 1, 2));
    }
}
