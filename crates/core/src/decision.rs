//! Decisions and checks: the explanation of every outcome, as data.
//!
//! A [`Decision`] is the outcome for one unit under one test, with the [`Check`]s that
//! produced it. A check records which rule, whether it passed, the measured value, the
//! threshold, the comparison and the parameter (id, effective date, source) the threshold came
//! from. The serialised form is versioned: see [`SCHEMA`].

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use crate::money::Money;
use crate::shared::Shared;

/// Schema name of the assessment JSON document.
pub const SCHEMA: &str = "fupin.assessment.v1";

/// The level of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A county (or county-level unit).
    County,
    /// An administrative village.
    Village,
    /// A household.
    Household,
}

impl Level {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::County => "county",
            Level::Village => "village",
            Level::Household => "household",
        }
    }
}

/// What a decision decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Test {
    /// Is the household poor under the standard?
    Classification,
    /// Does the unit meet the exit criteria?
    Exit,
    /// Is the county designated a poverty county?
    Designation,
    /// Is the household monitored for the risk of (re)entering poverty (防止返贫监测,
    /// from 2020), and in which category?
    Monitoring,
    /// Is the unit's share of monitored persons within the guidance's scale?
    MonitoringScale,
    /// Is the county in its five-year transition period after exit (过渡期)?
    Transition,
}

impl Test {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Test::Classification => "classification",
            Test::Exit => "exit",
            Test::Designation => "designation",
            Test::Monitoring => "monitoring",
            Test::MonitoringScale => "monitoring_scale",
            Test::Transition => "transition",
        }
    }

    /// The outcome when the test's conditions hold, and when they do not.
    ///
    /// For [`Test::Monitoring`] the positive outcome is refined into one of the three
    /// categories by [`monitoring_category`]; [`Outcome::Marginal`] is what `combine` gives
    /// when the household's registry status is not known to it.
    pub fn outcomes(self) -> (Outcome, Outcome) {
        match self {
            Test::Classification => (Outcome::Poor, Outcome::NotPoor),
            Test::Exit => (Outcome::Exit, Outcome::Remain),
            Test::Designation => (Outcome::Designated, Outcome::NotDesignated),
            Test::Monitoring => (Outcome::Marginal, Outcome::NotMonitored),
            Test::MonitoringScale => (Outcome::WithinScale, Outcome::OverScale),
            Test::Transition => (Outcome::InTransition, Outcome::NotInTransition),
        }
    }
}

/// The outcome of a decision (design.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Household below the line.
    Poor,
    /// Household not below the line.
    NotPoor,
    /// Unit meets every exit criterion.
    Exit,
    /// Unit fails at least one exit criterion.
    Remain,
    /// County designated.
    Designated,
    /// County not designated.
    NotDesignated,
    /// 脱贫不稳定户: an exited household at risk of returning to poverty.
    UnstableExited,
    /// 边缘易致贫户: a household never registered as poor, at risk of becoming poor.
    Marginal,
    /// 突发严重困难户: a household never registered as poor, hit by a sudden severe hardship.
    SuddenHardship,
    /// Not a monitoring target.
    NotMonitored,
    /// Monitored persons within the scale of the guidance.
    WithinScale,
    /// Monitored persons above the scale of the guidance.
    OverScale,
    /// County within its transition period in the assessment year.
    InTransition,
    /// County not in a transition period in the assessment year.
    NotInTransition,
}

impl Outcome {
    /// The snake-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Poor => "poor",
            Outcome::NotPoor => "not_poor",
            Outcome::Exit => "exit",
            Outcome::Remain => "remain",
            Outcome::Designated => "designated",
            Outcome::NotDesignated => "not_designated",
            Outcome::UnstableExited => "unstable_exited",
            Outcome::Marginal => "marginal",
            Outcome::SuddenHardship => "sudden_hardship",
            Outcome::NotMonitored => "not_monitored",
            Outcome::WithinScale => "within_scale",
            Outcome::OverScale => "over_scale",
            Outcome::InTransition => "in_transition",
            Outcome::NotInTransition => "not_in_transition",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a rule's check contributes to its test's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A veto: the positive outcome needs this check to pass (every exit criterion).
    Require,
    /// One of several sufficient conditions: the positive outcome needs at least one
    /// qualifying check to pass (designation routes, the poverty line itself).
    Qualify,
}

impl Role {
    /// The name as written in every output (`require`, `qualify`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Require => "require",
            Role::Qualify => "qualify",
        }
    }
}

/// A comparison between a measured value and a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Strictly less (低于, 不满).
    #[serde(rename = "<")]
    Lt,
    /// Less or equal (以下).
    #[serde(rename = "<=")]
    Le,
    /// Strictly greater (高于, 超过).
    #[serde(rename = ">")]
    Gt,
    /// Greater or equal (以上).
    #[serde(rename = ">=")]
    Ge,
    /// Equal.
    #[serde(rename = "==")]
    Eq,
    /// Not equal (addition to the v1 contract: a registry status that must not be
    /// `not_exited`).
    #[serde(rename = "!=")]
    Ne,
}

impl Op {
    /// Whether `measured op threshold` holds, given `measured.cmp(threshold)`.
    pub fn holds(self, ord: Ordering) -> bool {
        match self {
            Op::Lt => ord == Ordering::Less,
            Op::Le => ord != Ordering::Greater,
            Op::Gt => ord == Ordering::Greater,
            Op::Ge => ord != Ordering::Less,
            Op::Eq => ord == Ordering::Equal,
            Op::Ne => ord != Ordering::Equal,
        }
    }

    /// The symbol used in output.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A measured value or a threshold, exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// Money in yuan.
    Money(Money),
    /// A percentage (2.5 means 2.5%).
    Percent(Decimal),
    /// A ratio `num / den` shown as a percentage; compared exactly, never rounded.
    Rate {
        /// Numerator (e.g. poor persons).
        num: i64,
        /// Denominator (e.g. all persons); never zero.
        den: i64,
    },
    /// A whole number (days, persons, objections).
    Count(i64),
    /// A yes/no fact.
    Bool(bool),
    /// A category read from the data (a household's registry status); compared for
    /// equality only (addition to the v1 contract: a JSON string).
    Text(String),
    /// No value (the rule could not measure; the check says why).
    Missing,
}

impl Measure {
    /// Exact comparison of two measures of the same kind. Percent and rate compare across.
    pub fn compare(&self, other: &Measure) -> Option<Ordering> {
        use Measure::*;
        match (self, other) {
            (Money(a), Money(b)) => Some(a.cmp(b)),
            (Percent(a), Percent(b)) => Some(a.cmp(b)),
            (Count(a), Count(b)) => Some(a.cmp(b)),
            (Bool(a), Bool(b)) => Some(a.cmp(b)),
            (Text(a), Text(b)) => Some(a.cmp(b)),
            (Rate { num, den }, Percent(p)) => Some(rate_cmp_pct(*num, *den, *p)),
            (Percent(p), Rate { num, den }) => Some(rate_cmp_pct(*num, *den, *p).reverse()),
            (Rate { num: a, den: b }, Rate { num: c, den: d }) => {
                Some((*a as i128 * *d as i128).cmp(&(*c as i128 * *b as i128)))
            }
            _ => None,
        }
    }

    /// The value as a percentage decimal (rates rounded to 6 places), for display.
    pub fn as_percent(&self) -> Option<Decimal> {
        match self {
            Measure::Percent(p) => Some(*p),
            Measure::Rate { num, den } if *den != 0 => {
                Some((Decimal::from(*num) * Decimal::from(100) / Decimal::from(*den)).round_dp(6))
            }
            _ => None,
        }
    }
}

/// Compare `num/den` (a ratio, `den > 0`) with `pct` percent exactly: `num*100` vs `pct*den`.
fn rate_cmp_pct(num: i64, den: i64, pct: Decimal) -> Ordering {
    // pct = m / 10^s exactly; compare num * 100 * 10^s with m * den in i128. Percentages in
    // this domain have a handful of decimals, so the products stay far inside i128.
    let pow = 10i128.checked_pow(pct.scale()).unwrap_or(i128::MAX);
    let lhs = i128::from(num).saturating_mul(100).saturating_mul(pow);
    let rhs = pct.mantissa().saturating_mul(i128::from(den));
    lhs.cmp(&rhs)
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Measure::Money(m) => write!(f, "{m}"),
            Measure::Percent(p) => write!(f, "{}%", p.normalize()),
            Measure::Rate { num, den } => match self.as_percent() {
                Some(p) => write!(f, "{}% ({num}/{den})", p.round_dp(4).normalize()),
                None => write!(f, "{num}/{den}"),
            },
            Measure::Count(n) => write!(f, "{n}"),
            Measure::Bool(b) => write!(f, "{b}"),
            Measure::Text(t) => f.write_str(t),
            Measure::Missing => f.write_str("-"),
        }
    }
}

impl Serialize for Measure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // JSON numbers for readers; the comparison already happened exactly. Money keeps
        // its two decimals, rates are given to six decimals of a percent.
        match self {
            Measure::Money(m) => serialize_decimal(Decimal::new(m.fen(), 2), s),
            Measure::Percent(p) => serialize_decimal(*p, s),
            Measure::Rate { .. } => match self.as_percent() {
                Some(p) => serialize_decimal(p, s),
                None => s.serialize_none(),
            },
            Measure::Count(n) => s.serialize_i64(*n),
            Measure::Bool(b) => s.serialize_bool(*b),
            Measure::Text(t) => s.serialize_str(t),
            Measure::Missing => s.serialize_none(),
        }
    }
}

fn serialize_decimal<S: Serializer>(d: Decimal, s: S) -> Result<S::Ok, S::Error> {
    let d = d.normalize();
    if let (0, Ok(i)) = (d.scale(), i64::try_from(d.mantissa())) {
        return s.serialize_i64(i);
    }
    // Shortest float that prints back as the decimal's text (at most 6 decimals here).
    let f: f64 = d.to_string().parse().unwrap_or(f64::NAN);
    s.serialize_f64(f)
}

/// One rule's verdict on one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Stable rule id (e.g. `std2011.county.exit.incidence`), shared between checks.
    pub rule: Shared,
    /// Whether the rule's condition holds.
    pub passed: bool,
    /// The measured value.
    pub measured: Measure,
    /// The threshold it was compared with.
    pub threshold: Measure,
    /// The comparison: `measured op threshold`.
    pub op: Op,
    /// The parameter the threshold came from, shared between checks.
    pub parameter: Shared,
    /// The official source of the threshold (title, issuer, date, address), shared between
    /// checks ([`shared`](crate::shared::shared)).
    pub source: Shared,
    /// Effective date of the parameter value used (addition to the v1 contract).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<Shared>,
    /// False when a value the check used is not confirmed by the sources (domain.md Part B).
    pub confirmed: bool,
    /// The unconfirmed parameters the check used (empty when `confirmed`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<String>,
    /// What the check rests on that is fupin's reading of a text rather than the text
    /// itself: the rule's id when its procedure is a reading (its documentation's *Reading*
    /// section), and the ids of parameters whose value is a reading (status `reading`);
    /// `fupin rules show` and docs/sources.md#readings name the alternatives (addition to the
    /// v1 contract; absent when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
    /// Where the measured value came from, e.g. `households` or `county columns`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The rule's role in its test.
    pub role: Role,
    /// False when the rule does not apply to the unit (a relaxation for ethnic autonomous
    /// counties, checked on a county that is not one); such a check never passes.
    #[serde(skip_serializing_if = "is_true")]
    pub applicable: bool,
    /// Set when the rule could not be evaluated for this unit (a plugin failure, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The outcome for one unit under one test, with its checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// County, village or household.
    pub level: Level,
    /// What was decided (addition to the v1 contract: a household has both a
    /// classification and an exit decision).
    pub test: Test,
    /// The unit's id (county code, village code, household id).
    pub id: String,
    /// The unit's name (empty for households).
    pub name: String,
    /// The outcome.
    pub outcome: Outcome,
    /// The checks, in rule order.
    pub checks: Vec<Check>,
    /// The county the unit belongs to (villages and households).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    /// The province (counties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// For a county that exits: the transition period (addition to the v1 contract).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transition: Option<Transition>,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The transition period after a county exits (domain.md A5, Part B §4.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The assessment year in which the county met the exit criteria.
    pub exit_year: i32,
    /// Length in years.
    pub years: i64,
    /// Last year of the transition period (`exit_year + years`).
    pub until_year: i32,
    /// The parameter the length came from.
    pub parameter: String,
    /// Its source.
    pub source: String,
}

impl Check {
    /// Mark the check as resting on a reading (a rule's procedure or a parameter's value).
    pub fn mark_reading(&mut self, what: &str) {
        if !self.readings.iter().any(|p| p == what) {
            self.readings.push(what.to_string());
        }
    }

    /// The check's status: `unconfirmed` when a value it used is not confirmed, else
    /// `reading` when it rests on a reading, else `confirmed`.
    pub fn status(&self) -> crate::params::Status {
        use crate::params::Status;
        if !self.confirmed {
            Status::Unconfirmed
        } else if !self.readings.is_empty() {
            Status::Reading
        } else {
            Status::Confirmed
        }
    }

    /// Mark the check as resting on an unconfirmed parameter.
    pub fn mark_unconfirmed(&mut self, parameter: &str) {
        self.confirmed = false;
        if !self.unconfirmed.iter().any(|p| p == parameter) {
            self.unconfirmed.push(parameter.to_string());
        }
    }
}

impl Decision {
    /// The check that decided the outcome: the first failing veto, else the first passing
    /// qualifying check, else the first failing qualifying check that applies to the unit.
    pub fn deciding_check(&self) -> Option<&Check> {
        let failed_require = self
            .checks
            .iter()
            .find(|c| c.role == Role::Require && !c.passed);
        if failed_require.is_some() {
            return failed_require;
        }
        self.checks
            .iter()
            .find(|c| c.role == Role::Qualify && c.passed)
            .or_else(|| {
                self.checks
                    .iter()
                    .find(|c| c.role == Role::Qualify && c.applicable)
            })
            .or_else(|| self.checks.iter().find(|c| c.role == Role::Qualify))
            .or_else(|| self.checks.first())
    }
}

/// Combine checks into an outcome: every `Require` check passes and, if there are
/// `Qualify` checks, at least one of them passes. A check with an error never passes.
pub fn combine(test: Test, checks: &[Check]) -> Outcome {
    let mut any_qualify = false;
    let mut qualified = false;
    let mut vetoed = false;
    for c in checks {
        let ok = c.passed && c.error.is_none();
        match c.role {
            Role::Require => vetoed |= !ok,
            Role::Qualify => {
                any_qualify = true;
                qualified |= ok;
            }
        }
    }
    let (yes, no) = test.outcomes();
    if !vetoed && (!any_qualify || qualified) && !checks.is_empty() {
        yes
    } else {
        no
    }
}

/// The monitoring category of a household the monitoring test selects (2021 onward:
/// 脱贫不稳定户, 边缘易致贫户, 突发严重困难户).
///
/// This is fupin's reading: the sources name the three categories but not how a household
/// that meets several tests is placed. An exited household is always 脱贫不稳定户 whatever
/// its risk; a household never registered as poor is 突发严重困难户 when its sudden-hardship
/// flag is set, else 边缘易致贫户. A household still registered as poor (not exited) is no
/// monitoring target: it is assisted as a poor household.
pub fn monitoring_category(
    status: crate::units::RegistryStatus,
    monitored: bool,
    sudden_hardship: bool,
) -> Outcome {
    use crate::units::RegistryStatus::*;
    match (monitored, status) {
        (false, _) | (true, NotExited) => Outcome::NotMonitored,
        (true, Exited) => Outcome::UnstableExited,
        (true, NeverPoor) if sudden_hardship => Outcome::SuddenHardship,
        (true, NeverPoor) => Outcome::Marginal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn monitoring_categories_follow_status_then_hardship() {
        use crate::units::RegistryStatus::*;
        assert_eq!(
            monitoring_category(Exited, true, true),
            Outcome::UnstableExited
        );
        assert_eq!(
            monitoring_category(Exited, true, false),
            Outcome::UnstableExited
        );
        assert_eq!(
            monitoring_category(NeverPoor, true, true),
            Outcome::SuddenHardship
        );
        assert_eq!(
            monitoring_category(NeverPoor, true, false),
            Outcome::Marginal
        );
        assert_eq!(
            monitoring_category(NotExited, true, true),
            Outcome::NotMonitored
        );
        assert_eq!(
            monitoring_category(Exited, false, true),
            Outcome::NotMonitored
        );
    }

    #[test]
    fn text_measures_compare_for_equality_and_ne_holds_on_difference() {
        let a = Measure::Text("exited".into());
        let b = Measure::Text("not_exited".into());
        assert!(Op::Ne.holds(a.compare(&b).expect("comparable")));
        assert!(!Op::Ne.holds(b.compare(&b).expect("comparable")));
        assert_eq!(
            serde_json::to_value(&a).expect("json"),
            serde_json::json!("exited")
        );
    }

    fn pct(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn ops_follow_their_bounds() {
        use Ordering::*;
        let table = [
            (Op::Lt, [true, false, false]),
            (Op::Le, [true, true, false]),
            (Op::Gt, [false, false, true]),
            (Op::Ge, [false, true, true]),
            (Op::Eq, [false, true, false]),
        ];
        for (op, expect) in table {
            assert_eq!([op.holds(Less), op.holds(Equal), op.holds(Greater)], expect);
        }
    }

    #[test]
    fn rate_compares_exactly_with_percent() {
        // 2 of 100 is exactly 2%.
        let r = Measure::Rate { num: 2, den: 100 };
        assert_eq!(
            r.compare(&Measure::Percent(pct("2"))),
            Some(Ordering::Equal)
        );
        // 1 of 3 = 33.333...% is above 33.3333 and below 33.3334.
        let third = Measure::Rate { num: 1, den: 3 };
        assert_eq!(
            third.compare(&Measure::Percent(pct("33.3333"))),
            Some(Ordering::Greater)
        );
        assert_eq!(
            third.compare(&Measure::Percent(pct("33.3334"))),
            Some(Ordering::Less)
        );
        // 3 of 150 = 2%; 301 of 15000 = 2.00667% (just above).
        assert_eq!(
            Measure::Rate { num: 3, den: 150 }.compare(&Measure::Percent(pct("2.0"))),
            Some(Ordering::Equal)
        );
        assert_eq!(
            Measure::Rate {
                num: 301,
                den: 15000
            }
            .compare(&Measure::Percent(pct("2"))),
            Some(Ordering::Greater)
        );
    }

    fn check(role: Role, passed: bool) -> Check {
        Check {
            rule: "r".into(),
            passed,
            measured: Measure::Missing,
            threshold: Measure::Missing,
            op: Op::Eq,
            parameter: "".into(),
            source: "".into(),
            effective: None,
            confirmed: true,
            unconfirmed: Vec::new(),
            readings: Vec::new(),
            basis: None,
            role,
            applicable: true,
            error: None,
        }
    }

    #[test]
    fn combine_requires_all_vetoes_and_one_qualifier() {
        use Role::*;
        let t = Test::Designation;
        assert_eq!(combine(t, &[]), Outcome::NotDesignated);
        assert_eq!(combine(t, &[check(Require, true)]), Outcome::Designated);
        assert_eq!(
            combine(t, &[check(Require, true), check(Require, false)]),
            Outcome::NotDesignated
        );
        assert_eq!(
            combine(t, &[check(Qualify, false), check(Qualify, true)]),
            Outcome::Designated
        );
        assert_eq!(
            combine(t, &[check(Qualify, false), check(Qualify, false)]),
            Outcome::NotDesignated
        );
        assert_eq!(
            combine(t, &[check(Qualify, true), check(Require, false)]),
            Outcome::NotDesignated
        );
        let mut errored = check(Require, true);
        errored.error = Some("plugin panicked".into());
        assert_eq!(combine(Test::Exit, &[errored]), Outcome::Remain);
    }

    #[test]
    fn measure_json_is_numeric() {
        let v = serde_json::to_value(Measure::Money(Money::from_fen(230_050))).expect("json");
        assert_eq!(v, serde_json::json!(2300.5));
        let v = serde_json::to_value(Measure::Rate { num: 1, den: 50 }).expect("json");
        assert_eq!(v, serde_json::json!(2));
        let v = serde_json::to_value(Measure::Percent(pct("2.50"))).expect("json");
        assert_eq!(v, serde_json::json!(2.5));
    }
}
