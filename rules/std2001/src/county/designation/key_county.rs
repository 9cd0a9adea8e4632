//! `std2001.county.designation.key_county`: 2001 key counties: provincial quotas by the 631
//! index, poorest counties first within provinces

use std::collections::BTreeMap;

use fupin_core::Ratio;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::kit::{county_row, income_year, rank_within_provinces, tie_at_cut};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};
use fupin_core::shared::shared;
use fupin_core::units::County;
use fupin_core::{Decimal, Money};

fupin_core::rule! {
    /// # What it decides
    /// The 2001 national key counties (国家扶贫开发工作重点县, 592). First each province's
    /// quota is set by the "631" index; then, within the province, the counties with the
    /// lowest net income per capita fill the quota.
    ///
    /// # Legal basis
    /// The "631 指数法" (three copies of one text; docs/sources.md#method-631): a province's
    /// index weighs 60% its share of the national poor population (absolute poor 80%,
    /// low-income population 20%), 30% its share of counties with low farmer net income per
    /// capita (below 1,300 yuan; 1,500 yuan in old revolutionary base and ethnic-minority
    /// border areas) and 10% its share of counties with GDP per capita below 2,700 yuan and
    /// fiscal revenue per capita below 120 yuan. "2001年…取消了沿海发达地区的所有国家级贫困县, 增加了中西部地区的贫困县数目,
    /// 但总数依然为592个" (Xinhua 2012-03-21): the 33 quotas that moved were those of the coastal
    /// developed provinces. The 2001 list gives the 592 to 21 provinces, Hebei (39) and Hainan
    /// (5) among them, which the LGOP counts with the centre (domain.md §11.1; the list ships as
    /// `rules/std2001/key_counties_2001.toml` with its sources).
    ///
    /// # Era
    /// The 2001 round (key counties 2001–2011).
    ///
    /// # How fupin applies it
    /// - Shares are taken over the counties of the table in the provinces of the 2001 list
    ///   (`rules/std2001/key_counties_2001.toml`; a county is placed by the first two digits
    ///   of its code, its province's GB/T 2260 code, else by the province's name); the
    ///   provinces not on it (the coastal
    ///   developed provinces whose quotas moved, and Tibet, supported as a whole) share
    ///   `std2001.designation.eastern_key_counties`, 0. This is the list's grouping, not the
    ///   statistical east/central/west division: Hebei and Hainan are eastern there and share
    ///   the 592 here.
    /// - A share whose national total is zero contributes nothing. Without a
    ///   `low_income_population` column the poor-population share uses `poor_population`
    ///   alone (the basis says so).
    /// - Quotas: `592 × index_p / Σ index`, apportioned by largest remainder (ties by
    ///   province name); a quota is capped at the province's number of counties and the
    ///   excess re-apportioned. Computed exactly (integer ratios).
    /// - Within a province, counties are ranked by net income per capita, poorest first; equal
    ///   incomes are ordered by county code. How provinces actually chose their counties is
    ///   not in the sources: this ranking is fupin's reading (see *Reading*), and the check
    ///   says when a tie at the cut was broken by code.
    /// - The 10% share counts the counties below both the GDP and the revenue cut-off
    ///   (`std2001.designation.low_gdp_revenue.joint` = true, the default; a reading).
    /// - The income year is `std2001.designation.income_year` (2000, UNCONFIRMED), and the
    ///   631 weights and cut-offs rest on aggregator copies only (unconfirmed), so every check
    ///   of this rule is marked unconfirmed.
    ///
    /// # Reading
    /// Two steps of this rule are fupin's reading of the text, not the text:
    /// - "人均GDP低于2700元和人均财政收入低于120元的县数" is read as one count of the counties
    ///   below both cut-offs (`std2001.designation.low_gdp_revenue.joint = true`, default).
    ///   The alternative reading, two separate counts (low-GDP counties and low-revenue
    ///   counties) sharing the 10% weight equally, is `joint = false` in a profile's
    ///   `[parameters]`.
    /// - How a province chose its counties within its quota is not in the sources; fupin
    ///   ranks them by net income per capita, poorest first. No alternative is computed:
    ///   the actual lists of 2001 are not in the project's data.
    ///
    /// # Parameters
    /// `std2001.designation.*`; the relaxed cut-off for old revolutionary base and
    /// ethnic-minority border areas lives in the `ethnic` rule set
    /// (`ethnic.designation_2001.max_income.old_base_ethnic_border`, 1,500 yuan).
    ///
    /// # Bound
    /// Designated when rank <= quota. The cut-offs are strict (低于): income < 1,300 (< 1,500),
    /// GDP per capita < 2,700 and fiscal revenue per capita < 120.
    ///
    /// # Example
    /// A province of the list with index 10% of the total gets 59 (or 60) of the 592; its 59
    /// poorest counties are key counties. A county of Zhejiang (not on the list) gets quota 0.
    pub struct KeyCounty2001;
    id: "std2001.county.designation.key_county",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "2001 key counties: provincial quotas by the 631 index, poorest counties first within provinces",
    parameters: ["std2001.designation.",
        "ethnic.designation_2001.max_income.old_base_ethnic_border",],
    columns: ["counties.net_income_per_capita",
        "counties.income_year",
        "counties.poor_population",
        "counties.gdp_per_capita",
        "counties.fiscal_revenue_per_capita",
        "counties.old_revolutionary_base",
        "counties.ethnic_autonomous",
        "counties.border",],
    since: "0.1.0",
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn pct(d: Decimal) -> Ratio<i128> {
    Ratio::new(d.mantissa(), 10i128.pow(d.scale()) * 100)
}

fn share(part: i128, total: i128) -> Ratio<i128> {
    if total == 0 {
        Ratio::from_integer(0)
    } else {
        Ratio::new(part, total)
    }
}

/// Per-province inputs of the index.
#[derive(Debug, Default, Clone)]
struct ProvinceTotals {
    counties: usize,
    poor: i128,
    low_income_pop: i128,
    low_income_counties: i128,
    low_gdp_revenue_counties: i128,
    low_gdp_counties: i128,
    low_revenue_counties: i128,
    /// Not on the 2001 list: its quota moved (the coastal developed provinces, and Tibet).
    moved: bool,
}

/// Apportion `total` seats by `weights` (largest remainder, ties by key), capping each at
/// `caps` and re-apportioning the excess.
fn apportion(
    total: i64,
    weights: &BTreeMap<String, Ratio<i128>>,
    caps: &BTreeMap<String, usize>,
) -> BTreeMap<String, i64> {
    let mut out: BTreeMap<String, i64> = weights.keys().map(|k| (k.clone(), 0)).collect();
    let mut open: Vec<String> = weights.keys().cloned().collect();
    let mut left = total;
    while left > 0 && !open.is_empty() {
        let sum: Ratio<i128> = open.iter().map(|k| weights[k]).sum();
        if sum == Ratio::from_integer(0) {
            break;
        }
        let exact: Vec<(String, Ratio<i128>)> = open
            .iter()
            .map(|k| {
                (
                    k.clone(),
                    Ratio::from_integer(i128::from(left)) * weights[k] / sum,
                )
            })
            .collect();
        let mut given = 0i64;
        let mut rem: Vec<(Ratio<i128>, String)> = Vec::new();
        for (k, x) in &exact {
            let f = x.floor().to_integer() as i64;
            *out.entry(k.clone()).or_default() += f;
            given += f;
            rem.push((x - x.floor(), k.clone()));
        }
        rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, k) in rem.iter().take((left - given) as usize) {
            *out.entry(k.clone()).or_default() += 1;
        }
        // Cap and re-apportion any excess among the provinces still below their cap.
        let mut excess = 0i64;
        open.retain(|k| {
            let cap = caps.get(k).copied().unwrap_or(0) as i64;
            let v = out.entry(k.clone()).or_default();
            if *v >= cap {
                excess += *v - cap;
                *v = cap;
                false
            } else {
                true
            }
        });
        left = excess;
    }
    out
}

impl CountyRule for KeyCounty2001 {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &Self::META;
        let year = income_year(rule, ctx, "std2001.designation.income_year")?;
        let year_confirmed = ctx
            .param(rule, "std2001.designation.income_year")?
            .value
            .confirmed;
        let p = |id: &str| ctx.param(rule, id);
        let total = p("std2001.designation.key_counties")?;
        let total_n = total.int().map_err(|source| RuleError::Param {
            rule: rule.id.into(),
            source,
        })?;
        let east_n = p("std2001.designation.eastern_key_counties")?
            .int()
            .map_err(|source| RuleError::Param {
                rule: rule.id.into(),
                source,
            })?;
        let get_pct = |id: &str| -> Result<Ratio<i128>, RuleError> {
            p(id)?
                .percent()
                .map(pct)
                .map_err(|source| RuleError::Param {
                    rule: rule.id.into(),
                    source,
                })
        };
        let get_money = |id: &str| -> Result<Money, RuleError> {
            p(id)?.money().map_err(|source| RuleError::Param {
                rule: rule.id.into(),
                source,
            })
        };
        let w_poor = get_pct("std2001.designation.weight.poor_population")?;
        let w_li = get_pct("std2001.designation.weight.low_income_counties")?;
        let w_gr = get_pct("std2001.designation.weight.low_gdp_revenue_counties")?;
        let a_abs = get_pct("std2001.designation.poor_weight.absolute")?;
        let a_low = get_pct("std2001.designation.poor_weight.low_income")?;
        let cut = get_money("std2001.designation.low_income.max_income")?;
        let cut_relaxed = get_money("ethnic.designation_2001.max_income.old_base_ethnic_border")?;
        let max_gdp = get_money("std2001.designation.max_gdp_per_capita")?;
        let max_rev = get_money("std2001.designation.max_fiscal_revenue_per_capita")?;
        let joint_param = p("std2001.designation.low_gdp_revenue.joint")?;
        let joint = joint_param.flag().map_err(|source| RuleError::Param {
            rule: rule.id.into(),
            source,
        })?;
        let joint_reading = joint_param.value.reading.is_some();
        // The quota's other inputs: any value the sources do not confirm marks every check.
        let unconfirmed: Vec<String> = [
            "std2001.designation.eastern_key_counties",
            "std2001.designation.weight.poor_population",
            "std2001.designation.weight.low_income_counties",
            "std2001.designation.weight.low_gdp_revenue_counties",
            "std2001.designation.poor_weight.absolute",
            "std2001.designation.poor_weight.low_income",
            "std2001.designation.low_income.max_income",
            "ethnic.designation_2001.max_income.old_base_ethnic_border",
            "std2001.designation.max_gdp_per_capita",
            "std2001.designation.max_fiscal_revenue_per_capita",
            "std2001.designation.low_gdp_revenue.joint",
        ]
        .into_iter()
        .map(p)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|r| !r.value.confirmed)
        .map(|r| r.param.id.clone())
        .collect();

        let missing = |c: &County, col: &str| fupin_core::kit::missing_value(rule, ctx, c, col);
        struct Unit<'a> {
            row: &'a County,
            income: Money,
            low_income: bool,
            relaxed: bool,
            low_gdp_rev: bool,
            low_gdp: bool,
            low_rev: bool,
        }
        let mut units = Vec::with_capacity(data.counties.len());
        let mut provinces: BTreeMap<String, ProvinceTotals> = BTreeMap::new();
        let with_low_income_pop = data
            .counties
            .rows()
            .iter()
            .any(|r| r.low_income_population.is_some());
        for code in data.counties.codes() {
            let row = county_row(rule, ctx, data, code, year)?;
            let income = row
                .net_income_per_capita
                .ok_or_else(|| missing(row, "net_income_per_capita"))?;
            let poor = row
                .poor_population
                .ok_or_else(|| missing(row, "poor_population"))?;
            let low_pop = if with_low_income_pop {
                row.low_income_population
                    .ok_or_else(|| missing(row, "low_income_population"))?
            } else {
                0
            };
            let gdp = row
                .gdp_per_capita
                .ok_or_else(|| missing(row, "gdp_per_capita"))?;
            let rev = row
                .fiscal_revenue_per_capita
                .ok_or_else(|| missing(row, "fiscal_revenue_per_capita"))?;
            let flag = |v: Option<bool>, col| v.ok_or_else(|| missing(row, col));
            let old_base = flag(row.old_revolutionary_base, "old_revolutionary_base")?;
            let ethnic = flag(row.ethnic_autonomous, "ethnic_autonomous")?;
            let border = flag(row.border, "border")?;
            let relaxed = old_base || (ethnic && border);
            let low_income = income < if relaxed { cut_relaxed } else { cut };
            let (low_gdp, low_rev) = (gdp < max_gdp, rev < max_rev);
            let low_gdp_rev = low_gdp && low_rev;
            let moved = crate::list_2001::list()
                .province_of_county(&row.code, &row.province)
                .is_none();
            let t = provinces.entry(row.province.clone()).or_default();
            t.counties += 1;
            t.poor += i128::from(poor);
            t.low_income_pop += i128::from(low_pop);
            t.low_income_counties += i128::from(low_income);
            t.low_gdp_revenue_counties += i128::from(low_gdp_rev);
            t.low_gdp_counties += i128::from(low_gdp);
            t.low_revenue_counties += i128::from(low_rev);
            t.moved = moved;
            units.push(Unit {
                row,
                income,
                low_income,
                relaxed,
                low_gdp_rev,
                low_gdp,
                low_rev,
            });
        }

        // The index of each province within its group (on the 2001 list / quota moved).
        let mut index: BTreeMap<String, Ratio<i128>> = BTreeMap::new();
        for moved in [false, true] {
            let group: Vec<(&String, &ProvinceTotals)> =
                provinces.iter().filter(|(_, t)| t.moved == moved).collect();
            let sum =
                |f: fn(&ProvinceTotals) -> i128| group.iter().map(|(_, t)| f(t)).sum::<i128>();
            let (poor, low, li, gr) = (
                sum(|t| t.poor),
                sum(|t| t.low_income_pop),
                sum(|t| t.low_income_counties),
                sum(|t| t.low_gdp_revenue_counties),
            );
            let (g, r) = (sum(|t| t.low_gdp_counties), sum(|t| t.low_revenue_counties));
            for (name, t) in group {
                let poor_share = if with_low_income_pop {
                    a_abs * share(t.poor, poor) + a_low * share(t.low_income_pop, low)
                } else {
                    share(t.poor, poor)
                };
                // Joint: one count of counties below both cut-offs. Separate: two counts,
                // the weight split equally between them.
                let gdp_revenue = if joint {
                    share(t.low_gdp_revenue_counties, gr)
                } else {
                    (share(t.low_gdp_counties, g) + share(t.low_revenue_counties, r))
                        / Ratio::from_integer(2)
                };
                let i = w_poor * poor_share
                    + w_li * share(t.low_income_counties, li)
                    + w_gr * gdp_revenue;
                index.insert(name.clone(), i);
            }
        }
        let caps: BTreeMap<String, usize> = provinces
            .iter()
            .map(|(k, t)| (k.clone(), t.counties))
            .collect();
        let mut quotas = BTreeMap::new();
        for moved in [false, true] {
            let w: BTreeMap<String, Ratio<i128>> = index
                .iter()
                .filter(|(k, _)| provinces[*k].moved == moved)
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            let seats = if moved { east_n } else { total_n - east_n };
            quotas.extend(apportion(seats, &w, &caps));
        }

        let items: Vec<(&str, &str, Money)> = units
            .iter()
            .map(|u| (u.row.province.as_str(), u.row.code.as_str(), u.income))
            .collect();
        let ranks = rank_within_provinces(&items);
        let mut out = Vec::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            let prov = &u.row.province;
            let quota = quotas.get(prov).copied().unwrap_or(0);
            let rank = ranks[i];
            let idx = index[prov];
            let pct_text = |r: Ratio<i128>| {
                let x = r * Ratio::from_integer(10_000);
                format!("{:.2}%", x.round().to_integer() as f64 / 100.0)
            };
            let mut basis = format!(
                "{prov}: quota {quota} of {total_n} (index {}{}); rank {} of {} by {year} net \
                 income per capita {}; low-income county: {} (cut-off {}); {}",
                pct_text(idx),
                if provinces[prov].moved {
                    ", not on the 2001 list: quota moved"
                } else {
                    ""
                },
                rank.rank,
                rank.of,
                u.income,
                if u.low_income { "yes" } else { "no" },
                if u.relaxed { cut_relaxed } else { cut },
                if joint {
                    format!("low GDP and revenue: {}", yes_no(u.low_gdp_rev))
                } else {
                    format!(
                        "low GDP: {}; low revenue: {} (counted separately)",
                        yes_no(u.low_gdp),
                        yes_no(u.low_rev)
                    )
                },
            );
            if !with_low_income_pop {
                basis.push_str(
                    "; no low_income_population column: poor share from poor_population alone",
                );
            }
            if tie_at_cut(&items, &ranks, i, quota as usize) {
                basis.push_str("; income ties across the cut: county code decided the order");
            }
            let measured = Measure::Count(rank.rank as i64);
            let threshold = Measure::Count(quota);
            let mut check = Check {
                rule: shared(rule.id),
                passed: (rank.rank as i64) <= quota,
                measured,
                threshold,
                op: Op::Le,
                parameter: shared(&total.param.id),
                source: shared(&total.source_text()),
                effective: Some(shared(&total.value.effective.to_string())),
                confirmed: true,
                unconfirmed: Vec::new(),
                readings: Vec::new(),
                basis: Some(basis),
                role: rule.role,
                applicable: true,
                error: None,
            };
            if !total.value.confirmed {
                check.mark_unconfirmed(&total.param.id);
            }
            if !year_confirmed {
                check.mark_unconfirmed("std2001.designation.income_year");
            }
            for id in &unconfirmed {
                check.mark_unconfirmed(id);
            }
            if joint_reading {
                check.mark_reading("std2001.designation.low_gdp_revenue.joint");
            }
            out.push(check);
        }
        Ok(out)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn w(pairs: &[(&str, i128)]) -> BTreeMap<String, Ratio<i128>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Ratio::from_integer(*v)))
            .collect()
    }

    fn caps(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn apportion_by_largest_remainder_with_name_ties() {
        // 10 seats over equal weights for three: 3.33 each; the remainder goes to the first
        // name.
        let q = apportion(
            10,
            &w(&[("A", 1), ("B", 1), ("C", 1)]),
            &caps(&[("A", 9), ("B", 9), ("C", 9)]),
        );
        assert_eq!(q.values().copied().collect::<Vec<_>>(), [4, 3, 3]);
        // Sums to the total with uneven weights.
        let q = apportion(
            592,
            &w(&[("A", 7), ("B", 5), ("C", 1)]),
            &caps(&[("A", 999), ("B", 999), ("C", 999)]),
        );
        assert_eq!(q.values().sum::<i64>(), 592);
        assert_eq!(q["A"], 319);
    }

    #[test]
    fn apportion_caps_and_redistributes() {
        let q = apportion(
            10,
            &w(&[("A", 8), ("B", 1), ("C", 1)]),
            &caps(&[("A", 2), ("B", 9), ("C", 9)]),
        );
        assert_eq!(q["A"], 2);
        assert_eq!(q["B"] + q["C"], 8);
        assert_eq!(q["B"], 4);
    }
}
