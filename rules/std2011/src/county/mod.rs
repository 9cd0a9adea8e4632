//! County rules of the 2011 standard: the 2016 exit mechanism with the 2017 special-evaluation
//! indicators (`exit`: each indicator a veto, domain.md §4.2) and the 2012 adjustment of the
//! key counties and the contiguous areas (`designation_2012`). The helpers they share are
//! here.

pub mod designation_2012;
pub mod exit;

#[cfg(test)]
mod tests;

use fupin_core::decision::{Check, Measure, Op};
use fupin_core::rule::{CountyData, EvalContext, RuleError, RuleMeta, compare};
use fupin_core::units::County;

/// The county row for the assessment year, or an input error naming the file and years.
pub(crate) fn row_for<'a>(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    data: &CountyData<'a>,
    code: &str,
) -> Result<&'a County, RuleError> {
    fupin_core::kit::county_row(rule, ctx, data, code, ctx.year)
}

pub(crate) use fupin_core::kit::missing_value as missing;

/// A county veto read from one column of the county's row.
pub(crate) fn column_veto(
    rule: &RuleMeta,
    ctx: &EvalContext<'_>,
    data: &CountyData<'_>,
    param: &str,
    op: Op,
    column: &str,
    get: fn(&County) -> Option<Measure>,
) -> Result<Vec<Check>, RuleError> {
    let t = ctx.param(rule, param)?;
    let mut out = Vec::with_capacity(data.counties.len());
    for code in data.counties.codes() {
        let row = row_for(rule, ctx, data, code)?;
        let v = get(row).ok_or_else(|| missing(rule, ctx, row, column))?;
        out.push(compare(
            rule,
            op,
            v,
            &t,
            Some(format!("county column `{column}`")),
        ));
    }
    Ok(out)
}
