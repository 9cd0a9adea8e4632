//! Household rules of the monitoring (防止返贫监测, from June 2020): who is a target, and the
//! three routes into monitoring (income, rigid expenditure, sudden hardship).
//!
//! The test is [`Test::Monitoring`]: the target rule is a veto (`Require`), the three risk
//! rules are sufficient conditions (`Qualify`), so a household is monitored when it is a
//! target and at least one risk holds. The engine then places it in one of the three
//! categories by its registry status and the hardship route
//! ([`fupin_core::decision::monitoring_category`]).

pub mod risk;
pub mod target;

#[cfg(test)]
mod tests;

use fupin_core::ParamValue;
use fupin_core::rule::{EvalContext, RuleError, RuleMeta};
use fupin_core::shared::shared;

use crate::{Basis, check};

/// The multiple of the national line that makes the monitoring line.
pub const LINE_MULTIPLE: &str = "monitoring.household.line_multiple";
/// A yearly monitoring line given by a profile (no value unless one is given).
pub const LINE: &str = "monitoring.household.line";
/// The national line the percentage applies to.
pub const NATIONAL_LINE: &str = "std2011.line";
/// Whether households still registered as poor are left out.
pub const EXCLUDE_NOT_EXITED: &str = "monitoring.household.target.exclude_not_exited";
/// Whether the rigid-expenditure route is in force.
pub const RIGID: &str = "monitoring.household.risk.rigid_expenditure";
/// Whether the sudden-hardship route is in force.
pub const HARDSHIP: &str = "monitoring.household.risk.sudden_hardship";

pub(crate) fn bool_param(
    ctx: &EvalContext<'_>,
    meta: &RuleMeta,
    id: &'static str,
) -> Result<Switch, RuleError> {
    let r = ctx.param(meta, id)?;
    let on = match r.value.value {
        ParamValue::Bool(b) => b,
        _ => {
            return Err(RuleError::Param {
                rule: meta.id.to_string(),
                source: fupin_core::ParamError::WrongUnit {
                    id: id.to_string(),
                    want: "bool".into(),
                    found: r.param.unit.as_str().into(),
                },
            });
        }
    };
    Ok(Switch {
        on,
        parameter: id,
        source: shared(&r.source_text()),
        effective: shared(&r.value.effective.to_string()),
        confirmed: r.value.confirmed,
    })
}

/// A yes/no parameter that turns a route on or off.
pub(crate) struct Switch {
    on: bool,
    parameter: &'static str,
    source: fupin_core::shared::Shared,
    effective: fupin_core::shared::Shared,
    confirmed: bool,
}

impl Switch {
    pub(crate) fn basis(&self, text: Option<String>) -> Basis<'static> {
        Basis {
            parameter: self.parameter,
            source: self.source.clone(),
            effective: Some(self.effective.clone()),
            confirmed: self.confirmed,
            unconfirmed_parameter: self.parameter,
            basis: if self.on {
                text
            } else {
                Some("not in force on the assessment date".to_string())
            },
        }
    }
}

// --- Target ------------------------------------------------------------------------------
