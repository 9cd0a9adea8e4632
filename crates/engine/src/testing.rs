//! Helpers for rule crates' snapshot tests: run one rule in isolation over a fixture folder
//! through the real engine and render its checks one per line.

use std::fmt::Write as _;
use std::path::Path;

use crate::setup::profile::HouseholdDetail;
use crate::{AssessOptions, Plan, Profile, assess};

/// What to run.
#[derive(Debug, Clone)]
pub struct RuleRun<'a> {
    /// The rule under test.
    pub rule: &'a str,
    /// Other rules to select alongside (their checks are not rendered).
    pub context: &'a [&'a str],
    /// Rule sets to layer.
    pub rule_sets: &'a [&'a str],
    /// Standard.
    pub standard: &'a str,
    /// Assessment year.
    pub year: i32,
    /// Extra profile TOML (e.g. `date = ...` or a `[parameters]` table), appended before
    /// `[data]`.
    pub extra: &'a str,
}

/// Run the rule over `dir` (which holds `counties.csv` and optionally `villages.csv` and
/// `households.csv`) and render each decision's check of that rule on one line.
pub fn run_rule(dir: &Path, run: &RuleRun<'_>) -> String {
    let mut select: Vec<String> = vec![format!("\"{}\"", run.rule)];
    select.extend(run.context.iter().map(|c| format!("\"{c}\"")));
    let sets: Vec<String> = run.rule_sets.iter().map(|s| format!("\"{s}\"")).collect();
    let mut text = format!(
        "name = \"{rule}\"\nstandard = \"{std}\"\nyear = {year}\nrule_sets = [{sets}]\n\
         select = [{select}]\n{extra}\n[data]\ncounties = \"counties.csv\"\n",
        rule = run.rule,
        std = run.standard,
        year = run.year,
        sets = sets.join(", "),
        select = select.join(", "),
        extra = run.extra,
    );
    for (table, file) in [
        ("villages", "villages.csv"),
        ("households", "households.csv"),
    ] {
        if dir.join(file).exists() {
            let _ = writeln!(text, "{table} = \"{file}\"");
        }
    }
    let profile = match Profile::parse(&dir.join("profile.toml"), &text) {
        Ok(p) => p,
        Err(e) => return format!("profile error: {e}\n"),
    };
    let plan = match Plan::build(profile, None) {
        Ok(p) => p,
        Err(e) => return format!("plan error: {e}\n"),
    };
    let a = match assess(
        &plan,
        &AssessOptions {
            household_detail: Some(HouseholdDetail::All),
            ..AssessOptions::default()
        },
    ) {
        Ok(a) => a,
        Err(e) => return format!("error: {e}\n"),
    };
    let mut out = String::new();
    for d in &a.decisions {
        for c in d.checks.iter().filter(|c| &*c.rule == run.rule) {
            let _ = writeln!(
                out,
                "{} {} {:<14} {:<14} {} {} {} passed={} {}{}",
                d.level.as_str(),
                d.test.as_str(),
                d.id,
                d.outcome.as_str(),
                c.measured,
                c.op,
                c.threshold,
                c.passed,
                c.parameter,
                c.basis
                    .as_deref()
                    .map(|b| format!(" [{b}]"))
                    .unwrap_or_default()
            );
        }
    }
    for s in &a.profile.skipped {
        let _ = writeln!(out, "skipped {}: {}", s.rule, s.reason);
    }
    out
}
