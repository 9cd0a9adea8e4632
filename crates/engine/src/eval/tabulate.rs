//! County tables over several profiles from one read of the household table: households,
//! persons, persons in households classified poor, persons in households that fail the
//! household exit test, the incidence, and the county exit outcome, per profile.
//!
//! This is the "how many people are poor under each line, county by county" question, and
//! benchmark W1 (`cargo xtask bench w1`). It only counts: household ids are not read, so
//! they are not checked for duplicates (`assess` does that); every other check on the rows
//! is the same as `assess`'s.

use std::collections::HashMap;

use fupin_core::decision::{Level, Test};
use serde::Serialize;

use crate::error::{EngineError, Result};
use crate::eval::assess::{AssessOptions, Assessment, assess_many};
use crate::setup::plan::Plan;
use crate::setup::profile::HouseholdDetail;

/// One county under one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Profile name.
    pub profile: String,
    /// County code.
    pub county: String,
    /// County name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Households of the assessment year.
    pub households: i64,
    /// Persons in them.
    pub persons: i64,
    /// Persons in households classified poor (empty without a classification rule).
    pub poor_persons: Option<i64>,
    /// Persons in households that fail the household exit test (empty without exit rules).
    pub remaining_persons: Option<i64>,
    /// `remaining_persons / persons` in percent, rounded half up to six decimals for
    /// display (the county decision compares the exact fraction).
    pub incidence_pct: Option<String>,
    /// County exit outcome (`exit` / `remain`) when a county exit rule is selected and the
    /// county is assessed.
    pub exit: Option<String>,
}

/// The tables.
#[derive(Debug, Clone, Serialize)]
pub struct Tabulation {
    /// Profiles, in the order given.
    pub profiles: Vec<String>,
    /// Rows, by profile then county code.
    pub rows: Vec<Row>,
}

/// `num / den` in percent, six decimals, half up; exact integer arithmetic.
pub fn pct6(num: i64, den: i64) -> Option<String> {
    if den <= 0 || num < 0 {
        return None;
    }
    let scaled = (i128::from(num) * 100_000_000 * 2 + i128::from(den)) / (2 * i128::from(den));
    Some(format!("{}.{:06}", scaled / 1_000_000, scaled % 1_000_000))
}

/// Tabulate each plan over the same data (households are read once).
pub fn tabulate(plans: &[Plan], opts: &AssessOptions) -> Result<Tabulation> {
    let mut o = opts.clone();
    o.household_detail = Some(HouseholdDetail::None);
    o.skip_id_check = true;
    let refs: Vec<&Plan> = plans.iter().collect();
    let runs = assess_many(&refs, &o)?;
    tabulation(plans, &runs)
}

/// The county tables of `plans` from their assessments (in the same order).
pub fn tabulation(plans: &[Plan], runs: &[Assessment]) -> Result<Tabulation> {
    let mut rows = Vec::new();
    // Profiles are labelled by name, made unique as `compare` does (`name#2`).
    let names = crate::eval::compare::keys(
        &runs
            .iter()
            .map(|a| a.profile.name.clone())
            .collect::<Vec<_>>(),
    );
    for ((plan, a), key) in plans.iter().zip(runs).zip(&names) {
        if a.county_tallies.is_empty() {
            return Err(EngineError::Config(format!(
                "{}: tabulate counts households: give a household table (--households or \
                 [data] households)",
                plan.profile.shown()
            )));
        }
        let has = |t: Test| {
            plan.rules.iter().any(|r| {
                r.meta().level == Level::Household
                    && r.meta().test == t
                    && a.profile.rules.iter().any(|id| id == r.meta().id)
            })
        };
        let classify = has(Test::Classification);
        let exit = has(Test::Exit);
        // County exit outcomes by code, looked up once per county.
        let exits: HashMap<&str, &str> = a
            .decisions
            .iter()
            .filter(|d| d.level == Level::County && d.test == Test::Exit)
            .map(|d| (d.id.as_str(), d.outcome.as_str()))
            .collect();
        for c in &a.county_tallies {
            let t = &c.tally;
            rows.push(Row {
                profile: key.clone(),
                county: c.code.clone(),
                name: c.name.clone(),
                province: c.province.clone(),
                households: t.households,
                persons: t.persons,
                poor_persons: classify.then_some(t.poor_persons),
                remaining_persons: exit.then_some(t.remaining_persons),
                incidence_pct: if exit {
                    pct6(t.remaining_persons, t.persons)
                } else {
                    None
                },
                exit: exits.get(c.code.as_str()).map(|o| o.to_string()),
            });
        }
    }
    Ok(Tabulation {
        profiles: names,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_at_six_decimals() {
        assert_eq!(pct6(1, 3).as_deref(), Some("33.333333"));
        assert_eq!(pct6(2, 3).as_deref(), Some("66.666667"));
        assert_eq!(pct6(1, 8).as_deref(), Some("12.500000"));
        assert_eq!(pct6(0, 5).as_deref(), Some("0.000000"));
        assert_eq!(pct6(5, 5).as_deref(), Some("100.000000"));
        assert_eq!(pct6(1, 0), None);
    }
}
