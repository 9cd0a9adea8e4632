//! A plan: a profile checked against the registry, with its rules selected and its
//! parameters loaded and overridden. `fupin profile check` builds a plan and stops.

use fupin_core::Date;
use fupin_core::params::{ParameterStore, Source, closest};
use fupin_core::rule::{
    RuleEntry, StandardInfo, all_rule_sets, all_rules, all_standards, registered_parameters,
};

use fupin_core::decision::Role;

use crate::error::{EngineError, Result};
use crate::setup::indicator::IndicatorRule;
use crate::setup::profile::Profile;
use crate::setup::select::{Selector, is_selected};

/// A checked profile, ready to run.
#[derive(Debug)]
pub struct Plan {
    /// The profile.
    pub profile: Profile,
    /// The assessment year (the profile's, or `--year`).
    pub year: i32,
    /// The date parameters are read at.
    pub date: Date,
    /// The standard.
    pub standard: StandardInfo,
    /// Parameters with the profile's overrides applied.
    pub params: ParameterStore,
    /// Selected rules, sorted by id.
    pub rules: Vec<RuleEntry>,
    /// Plugins loaded for the profile.
    pub plugins: Vec<crate::setup::plugin::LoadedPlugin>,
}

impl Plan {
    /// Check a profile and build its plan. `year` overrides the profile's year.
    pub fn build(profile: Profile, year: Option<i32>) -> Result<Plan> {
        let shown = profile.shown();
        let cfg = |m: String| EngineError::Config(m);
        let standards = all_standards();
        let standard = standards
            .iter()
            .find(|s| s.id == profile.standard)
            .copied()
            .ok_or_else(|| {
                cfg(format!(
                    "{shown}: key `standard`{}: unknown standard `{}`{} (known: {})",
                    profile.at("standard"),
                    profile.standard,
                    hint(&profile.standard, standards.iter().map(|s| s.id)),
                    standards
                        .iter()
                        .map(|s| s.id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        let sets = all_rule_sets();
        for set in &profile.rule_sets {
            if !sets.iter().any(|s| s.id == set) {
                return Err(cfg(format!(
                    "{shown}: key `rule_sets`{}: unknown rule set `{set}`{} (known: {})",
                    profile.at(&format!("\"{set}\"")),
                    hint(set, sets.iter().map(|s| s.id)),
                    sets.iter().map(|s| s.id).collect::<Vec<_>>().join(", ")
                )));
            }
        }
        let year = year.unwrap_or(profile.year);
        if !(1978..=2100).contains(&year) {
            return Err(cfg(format!(
                "--year {year} is not a year between 1978 and 2100"
            )));
        }
        let date = match (profile.date, year == profile.year) {
            (Some(d), true) => d,
            // `--year` moves the assessment date to the end of that year.
            _ => Date::new(year as i16, 12, 31).map_err(|e| cfg(e.to_string()))?,
        };

        let registered = all_rules();
        let mut available: Vec<RuleEntry> = registered
            .iter()
            .copied()
            .filter(|r| profile.rule_sets.iter().any(|s| s == r.meta().rule_set))
            .collect();
        // Indicators defined in the profile are rules of their own.
        for ind in &profile.indicators {
            if registered.iter().any(|r| r.meta().id == ind.id)
                || available.iter().any(|r| r.meta().id == ind.id)
            {
                return Err(cfg(format!(
                    "{shown}: indicator `{}` (line {}): a rule with that id exists",
                    ind.id, ind.line
                )));
            }
            let rule_set = ind.id.split('.').next().unwrap_or("profile");
            let parameter = format!("{}.threshold", ind.id);
            let doc = format!(
                "# What it decides\n{}\n\n# Legal basis\n{}\n\n# Bound\nPasses when `{}` {} \
                 the threshold (defined in profile {}).",
                ind.summary, ind.source, ind.column, ind.op, profile.name
            );
            let rule: &'static IndicatorRule = Box::leak(Box::new(IndicatorRule {
                meta: crate::setup::indicator::meta(
                    &ind.id,
                    rule_set,
                    &ind.summary,
                    &doc,
                    ind.test,
                    Role::Require,
                    &parameter,
                    &ind.column,
                    ind.only_with_column,
                ),
                column: ind.column.clone(),
                unit: ind.unit,
                op: ind.op,
                parameter,
            }));
            available.push(RuleEntry::County(rule));
        }
        // Plugins the profile names (and only those) add their rules.
        let crate::setup::plugin::Loaded {
            rules: plugin_rules,
            parameter_files: plugin_params,
            plugins,
        } = crate::setup::plugin::load_all(&profile.plugins, &shown)?;
        for r in plugin_rules {
            if available.iter().any(|a| a.meta().id == r.meta().id) {
                return Err(cfg(format!(
                    "{shown}: plugin rule `{}` has the id of a rule already defined",
                    r.meta().id
                )));
            }
            available.push(r);
        }
        available.sort_by_key(|r| r.meta().id);
        let compile = |key: &str, list: &[String]| -> Result<Vec<Selector>> {
            list.iter()
                .map(|text| {
                    let s = Selector::new(text).map_err(|m| {
                        cfg(format!(
                            "{shown}: key `{key}`{}: {m}",
                            profile.at(&format!("\"{text}\""))
                        ))
                    })?;
                    if !available.iter().any(|r| s.matches(r.meta().id)) {
                        return Err(cfg(format!(
                            "{shown}: key `{key}`{}: `{text}` matches no rule of the rule sets \
                             [{}]{}",
                            profile.at(&format!("\"{text}\"")),
                            profile.rule_sets.join(", "),
                            hint(text, available.iter().map(|r| r.meta().id))
                        )));
                    }
                    Ok(s)
                })
                .collect()
        };
        let select = compile("select", &profile.select)?;
        let ignore = compile("ignore", &profile.ignore)?;
        let rules: Vec<RuleEntry> = available
            .into_iter()
            .filter(|r| is_selected(r.meta().id, &select, &ignore))
            .collect();

        let mut params =
            registered_parameters().map_err(|e| cfg(format!("registered parameters: {e}")))?;
        crate::setup::plugin::load_parameters(&mut params, &plugin_params)?;
        for o in &profile.parameters {
            let source = Source {
                title: o
                    .source
                    .clone()
                    .unwrap_or_else(|| format!("override in profile {}", profile.name)),
                issuer: format!("profile {}", profile.name),
                date: o.effective.map(|d| d.to_string()).unwrap_or_default(),
                url: String::new(),
                grade: fupin_core::Grade::Unspecified,
                also: Vec::new(),
            };
            params
                .override_value(&o.id, o.effective, &o.value, source, o.confirmed, &shown)
                .map_err(|e| {
                    let at = if o.line > 0 {
                        format!("line {}", o.line)
                    } else {
                        "given by the caller".to_string()
                    };
                    cfg(format!(
                        "{shown}: key `parameters.\"{}\"` ({at}): {e}",
                        o.id
                    ))
                })?;
            // A poverty line of 0 makes no household poor: refused like a negative one.
            let is_line = all_standards().iter().any(|s| s.line_parameter == o.id);
            if is_line
                && let Ok(p) = params.get(&o.id)
                && p.values
                    .iter()
                    .any(|v| matches!(v.value, fupin_core::params::ParamValue::Money(m) if m <= fupin_core::Money::ZERO))
            {
                return Err(cfg(format!(
                    "{shown}: key `parameters.\"{}\"` (line {}): a poverty line must be above 0",
                    o.id, o.line
                )));
            }
        }
        for ind in &profile.indicators {
            let threshold = format!("{}.threshold", ind.id);
            let added = params.add_parameter(
                &threshold,
                ind.unit,
                &ind.summary,
                ind.effective,
                &ind.threshold,
                ind.source.clone(),
                &shown,
            );
            // An unconfirmed threshold marks every check of the indicator, as a value does.
            added
                .and_then(|()| {
                    if ind.confirmed {
                        Ok(())
                    } else {
                        params.mark_unconfirmed(&threshold)
                    }
                })
                .map_err(|e| cfg(format!("indicator `{}` (line {}): {e}", ind.id, ind.line)))?;
        }
        // Registry consistency: every parameter a selected rule names exists.
        for r in &rules {
            for p in r.meta().parameters {
                let known = if p.ends_with('.') {
                    params.iter().any(|q| q.id.starts_with(p))
                } else {
                    params.contains(p)
                };
                if !known {
                    return Err(cfg(format!(
                        "rule `{}` reads parameter `{p}`, which no rule set defines",
                        r.meta().id
                    )));
                }
            }
        }
        params
            .get(standard.line_parameter)
            .map_err(|e| cfg(format!("standard `{}`: {e}", standard.id)))?;
        Ok(Plan {
            profile,
            year,
            date,
            standard,
            params,
            rules,
            plugins,
        })
    }
}

fn hint<'a>(word: &str, pool: impl Iterator<Item = &'a str>) -> String {
    closest(word, pool)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::assess::{AssessOptions, assess};

    /// A profile indicator marked `confirmed = false` marks its threshold and every check of
    /// it unconfirmed, as an unconfirmed parameter value does; one without the key does not.
    #[test]
    fn an_unconfirmed_indicator_marks_its_checks() {
        fupin_std2011::link();
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("counties.csv"),
            "code,name,province,region,income_year,rural_population,poor_population,\
             roads_pct,water_pct\n610101,A,陕西省,west,2019,1000,10,98,80\n",
        )
        .expect("write");
        let indicator = |id: &str, column: &str, confirmed: &str| {
            format!(
                "[[indicators]]\nid = \"x.county.exit.{id}\"\nsummary = \"s\"\ncolumn = \
                 \"{column}\"\nunit = \"percent\"\nop = \">=\"\nthreshold = 90\neffective = \
                 \"2016-01-01\"\nsource = {{ title = \"t\", issuer = \"i\", date = \"2017\", \
                 grade = \"aggregator\" }}\n{confirmed}\n"
            )
        };
        let text = format!(
            "name = \"t\"\nstandard = \"std2011\"\nyear = 2019\nrule_sets = [\"std2011\"]\n\
             select = [\"x.*\"]\n[data]\ncounties = \"counties.csv\"\n{}{}",
            indicator("roads", "roads_pct", "confirmed = false"),
            indicator("water", "water_pct", ""),
        );
        let profile = Profile::parse(&dir.path().join("p.toml"), &text).expect("profile");
        assert_eq!(
            profile
                .indicators
                .iter()
                .map(|i| i.confirmed)
                .collect::<Vec<_>>(),
            [false, true]
        );
        let plan = Plan::build(profile, None).expect("plan");
        let first = |id: &str| plan.params.get(id).expect("threshold").values[0].confirmed;
        assert!(!first("x.county.exit.roads.threshold"));
        assert!(first("x.county.exit.water.threshold"));
        let a = assess(&plan, &AssessOptions::default()).expect("assess");
        let checks: Vec<_> = a.decisions.iter().flat_map(|d| d.checks.iter()).collect();
        let roads = checks
            .iter()
            .find(|c| &*c.rule == "x.county.exit.roads")
            .expect("roads check");
        assert!(roads.passed && !roads.confirmed);
        assert_eq!(roads.unconfirmed, ["x.county.exit.roads.threshold"]);
        let water = checks
            .iter()
            .find(|c| &*c.rule == "x.county.exit.water")
            .expect("water check");
        assert!(!water.passed && water.confirmed && water.unconfirmed.is_empty());
        assert_eq!(
            a.summary.unconfirmed_parameters,
            ["x.county.exit.roads.threshold"]
        );
    }
}
