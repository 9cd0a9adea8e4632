//! fupin plugin: Guangdong's relative poverty line (2013–2015), a line that needs code
//! rather than data: 33% of the provincial rural per-capita income, computed from the county
//! table (the rural-population-weighted mean of the province's counties' net income per
//! capita in the assessment year). The engine compares each household's income with its
//! province's line exactly (poor when income < line).
//!
//! Applied to another province's data it computes that province's own 33% line, which is
//! how a researcher asks "what if Guangdong's method applied here".

use std::collections::BTreeMap;

use fupin_plugin_api::{
    CountyIn, EvalCtx, LineOut, Num, PluginV1, RuleV1, Str, declare_plugin, household_line, level,
    num_kind, role, test,
};

/// `share` (a decimal percent) of the population-weighted mean income, rounded half up to
/// the fen.
fn line_of(sum_income_pop: i128, pop: i128, share: Num) -> Option<i64> {
    if pop == 0 || share.kind != num_kind::DECIMAL {
        return None;
    }
    let den = pop * 100 * 10i128.pow(share.scale);
    let num = sum_income_pop * i128::from(share.mantissa);
    i64::try_from((2 * num + den) / (2 * den)).ok()
}

/// A decimal as text (`33`, `33.5`).
fn decimal_text(d: Num) -> String {
    let p = 10i64.pow(d.scale);
    let (int, frac) = (d.mantissa / p, (d.mantissa % p).abs());
    if d.scale == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac:0w$}", w = d.scale as usize)
            .trim_end_matches('0')
            .to_string()
    }
}

fn lines(ctx: &EvalCtx, counties: &[CountyIn<'_>], out: &mut [LineOut]) {
    let Some((index, share)) = ctx.param("guangdong.line.share_of_rural_income_pct") else {
        for o in out.iter_mut() {
            o.error
                .set("parameter guangdong.line.share_of_rural_income_pct missing");
        }
        return;
    };
    // Province totals over counties with both values.
    let mut totals: BTreeMap<&str, (i128, i128, usize)> = BTreeMap::new();
    for c in counties {
        if let (Some(inc), Some(pop)) = (
            c.net_income_per_capita.as_fen(),
            c.rural_population.as_int(),
        ) {
            let t = totals.entry(c.province()).or_default();
            t.0 += i128::from(inc) * i128::from(pop);
            t.1 += i128::from(pop);
            t.2 += 1;
        }
    }
    for (c, o) in counties.iter().zip(out.iter_mut()) {
        o.param_index = index;
        match totals.get(c.province()) {
            Some(&(sum, pop, n)) => match line_of(sum, pop, share) {
                Some(line) => {
                    o.line = Num::fen(line);
                    let mean = (sum / pop.max(1)) as i64;
                    o.basis.set(&format!(
                        "{}% of {} rural net income per capita {}.{:02} ({n} counties, weighted by rural population, {})",
                        decimal_text(share),
                        c.province(),
                        mean / 100,
                        mean % 100,
                        ctx.year
                    ));
                }
                None => o.error.set("cannot compute the line"),
            },
            None => o.error.set(&format!(
                "no county of {} has both net_income_per_capita and rural_population",
                c.province()
            )),
        }
    }
}

household_line!(relative_line => lines);

static RULES: [RuleV1; 1] = [RuleV1 {
    id: Str::new("guangdong.household.poor.relative_line"),
    summary: Str::new(
        "Household is poor: income below 33% of the provincial rural per-capita income (Guangdong 2013-2015)",
    ),
    doc: Str::new(
        "# What it decides\nWhether a household is poor under Guangdong's relative line: its \
net income per capita is below 33% of the provincial rural per-capita income.\n\n# Legal \
basis\nCCPIT Guangdong (2012, via a blog; one source, graded aggregator, so the share is \
unconfirmed: docs/sources.md#guangdong-line): from 2013 to 2015 the \
line was reset to 33% of the provincial rural per-capita income, estimated at 3,300 yuan for \
2013.\n\n# Era\nIncome years 2013-2015.\n\n# Parameters\n\
`guangdong.line.share_of_rural_income_pct` (33).\n\n# Bound\n低于 is strict: poor when \
income < line, the line rounded half up to the fen. The provincial mean is weighted by rural \
population over the county table's counties of the province.",
    ),
    level: level::HOUSEHOLD,
    test: test::CLASSIFICATION,
    role: role::QUALIFY,
    parameters: Str::new("guangdong.line.share_of_rural_income_pct"),
    columns: Str::new("households.net_income_per_capita"),
    only_with_columns: 0,
    county_check: None,
    household_line: Some(relative_line),
}];

static PLUGIN: PluginV1 = PluginV1 {
    name: Str::new("guangdong-line"),
    rule_set: Str::new("guangdong"),
    summary: Str::new(
        "Guangdong's relative line: 33% of the provincial rural per-capita income (2013-2015)",
    ),
    params_toml: Str::new(include_str!("../params.toml")),
    rules: RULES.as_ptr(),
    rule_count: RULES.len(),
};

declare_plugin!(PLUGIN);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_is_a_share_of_the_weighted_mean_rounded_to_the_fen() {
        // Mean 10,000.00 yuan (fen 1,000,000) at 33% → 3,300.00.
        assert_eq!(
            line_of(1_000_000 * 5, 5, Num::decimal(33, 0)),
            Some(330_000)
        );
        // 33% of 100.01 yuan = 33.0033 → 33.00; of 100.03 = 33.0099 → 33.01.
        assert_eq!(line_of(10_001, 1, Num::decimal(33, 0)), Some(3_300));
        assert_eq!(line_of(10_003, 1, Num::decimal(33, 0)), Some(3_301));
        assert_eq!(line_of(1, 0, Num::decimal(33, 0)), None);
    }
}
