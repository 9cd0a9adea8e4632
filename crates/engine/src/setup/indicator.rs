//! Profile indicators: county checks defined as data in a profile (`[[indicators]]`), so a
//! provincial overlay can add indicators such as "at least 97% of villages on paved roads"
//! without code.
//!
//! An indicator reads one county column (a non-canonical column is fine) on the row of the
//! assessment year, compares it with a threshold under an operator, and records the
//! threshold as a parameter `<id>.threshold` with the profile's source. Indicator rules live
//! as long as the process (their metadata is leaked once per profile load).

use fupin_core::decision::{Level, Measure, Op, Role, Test};
use fupin_core::kit::county_row;
use fupin_core::params::{ParamValue, Unit};
use fupin_core::rule::{
    CountyData, CountyRule, Described, EvalContext, RuleError, RuleMeta, RuleStatus, compare,
};

/// A county indicator.
#[derive(Debug, Clone)]
pub struct IndicatorRule {
    /// Metadata (strings leaked to `'static`).
    pub meta: RuleMeta,
    /// The column read.
    pub column: String,
    /// The column's unit.
    pub unit: Unit,
    /// The comparison.
    pub op: Op,
    /// The threshold parameter.
    pub parameter: String,
}

impl Described for IndicatorRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

impl CountyRule for IndicatorRule {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<fupin_core::Check>, RuleError> {
        let rule = &self.meta;
        let t = ctx.param(rule, &self.parameter)?;
        let mut out = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            let row = county_row(rule, ctx, data, code, ctx.year)?;
            let missing = |m: String| RuleError::Input {
                rule: rule.id.to_string(),
                message: format!(
                    "{}: row {}, column `{}`: county {code} {m}",
                    ctx.counties_origin, row.row, self.column
                ),
            };
            let raw = row
                .extra
                .get(&self.column)
                .ok_or_else(|| missing("has no value".into()))?;
            let value = ParamValue::parse(self.unit, raw).map_err(missing)?;
            out.push(compare(
                rule,
                self.op,
                value.to_measure(),
                &t,
                Some(format!("county column `{}`", self.column)),
            ));
        }
        Ok(out)
    }
}

/// Leak a string for rule metadata (bounded by the profiles a process loads).
pub fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Build the metadata of an indicator.
#[allow(clippy::too_many_arguments)]
pub fn meta(
    id: &str,
    rule_set: &str,
    summary: &str,
    doc: &str,
    test: Test,
    role: Role,
    parameter: &str,
    column: &str,
    only_with_column: bool,
) -> RuleMeta {
    let params: &'static [&'static str] = Box::leak(vec![leak(parameter)].into_boxed_slice());
    let columns: &'static [&'static str] =
        Box::leak(vec![leak(&format!("counties.{column}"))].into_boxed_slice());
    RuleMeta {
        id: leak(id),
        rule_set: leak(rule_set),
        summary: leak(summary),
        doc: leak(doc),
        status: RuleStatus::Stable,
        level: Level::County,
        test,
        role,
        parameters: params,
        columns,
        only_with_columns: only_with_column,
        since: "profile",
    }
}

/// Parse an operator.
pub fn parse_op(s: &str) -> Option<Op> {
    match s {
        "<" => Some(Op::Lt),
        "<=" => Some(Op::Le),
        ">" => Some(Op::Gt),
        ">=" => Some(Op::Ge),
        "==" => Some(Op::Eq),
        "!=" => Some(Op::Ne),
        _ => None,
    }
}

/// Whether a measure is of the unit's kind (for messages).
pub fn measure_kind(m: &Measure) -> &'static str {
    match m {
        Measure::Money(_) => "yuan",
        Measure::Percent(_) | Measure::Rate { .. } => "percent",
        Measure::Count(_) => "count",
        Measure::Bool(_) => "bool",
        Measure::Text(_) => "text",
        Measure::Missing => "missing",
    }
}
