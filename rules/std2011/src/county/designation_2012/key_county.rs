//! `std2011.county.designation_2012.key_county`: 2012 adjustment: each province keeps its
//! key-county quota; the poorest counties fill it

use fupin_core::Money;
use fupin_core::decision::{Check, Measure, Op};
use fupin_core::shared::shared;
use fupin_core::kit::{county_row, income_year, rank_within_provinces, tie_at_cut};
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

fupin_core::rule! {
    /// # What it decides
    /// The 2012 adjustment of the national key counties: within each province's unchanged
    /// quota, richer key counties move out and poorer counties move in. (The slogan
    /// "高出低进、出一进一、自主调整、总量不变" is commonly quoted for it; its wording is not
    /// confirmed by the sources, its substance is.)
    ///
    /// # Legal basis
    /// The 2011–2020 Outline: 各省(区、市)要制定办法…根据实际情况进行调整 (Xinhua 2012-03-21).
    /// The LGOP's adjustment of 2012-03-19: 38 counties out, 38 in, 592 in total, each
    /// province's quota unchanged (Beijing News 2012-03-23; People's Daily 2012-03-20).
    ///
    /// # Era
    /// The 2012 round (key counties 2012–2020).
    ///
    /// # How fupin applies it
    /// A province's quota is the number of its counties whose row has `designated_before`
    /// true (key counties before the adjustment). The province's counties are ranked by net
    /// income per capita in `std2011.designation_2012.income_year` (2010, UNCONFIRMED: the
    /// sources give the principle, not the data year), poorest first, equal incomes by county
    /// code; the first `quota` are key counties. The check says when a tie at the cut was
    /// broken by code.
    ///
    /// # Reading
    /// The sources say only that each province kept its quota and that richer key counties
    /// went out and poorer ones came in (38 out, 38 in). Filling each province's quota with
    /// its poorest counties by income in one year is fupin's reading: provinces set their
    /// own procedures (各省要制定办法), which are not in the sources. The alternatives, not
    /// computed: a province swaps only as many counties as it chose to (38 in all), or ranks
    /// by other indicators. The actual 2012 list is in the bundled registry
    /// (`key_county_2012`, where known), against which a run can be compared.
    ///
    /// # Parameters
    /// `std2011.designation_2012.income_year`, `std2011.designation_2012.key_counties`.
    ///
    /// # Bound
    /// Key county when rank <= quota.
    ///
    /// # Example
    /// Shaanxi kept its 50: 彬县, 子长, 安塞, 吴起, 府谷 and 靖边 left; 澄城, 富平, 勉县, 佛坪,
    /// 留坝 and 石泉 joined.
    pub struct KeyCounty2012;
    id: "std2011.county.designation_2012.key_county",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "2012 adjustment: each province keeps its key-county quota; the poorest counties fill it",
    parameters: ["std2011.designation_2012.income_year",
        "std2011.designation_2012.key_counties",],
    columns: ["counties.net_income_per_capita",
        "counties.income_year",
        "counties.designated_before",],
    since: "0.1.0",
}

impl CountyRule for KeyCounty2012 {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &Self::META;
        let year = income_year(rule, ctx, "std2011.designation_2012.income_year")?;
        let year_confirmed = ctx
            .param(rule, "std2011.designation_2012.income_year")?
            .value
            .confirmed;
        let total = ctx.param(rule, "std2011.designation_2012.key_counties")?;
        let mut rows = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            let row = county_row(rule, ctx, data, code, year)?;
            let missing = |col: &str| fupin_core::kit::missing_value(rule, ctx, row, col);
            let income: Money = row
                .net_income_per_capita
                .ok_or_else(|| missing("net_income_per_capita"))?;
            let before = row
                .designated_before
                .ok_or_else(|| missing("designated_before"))?;
            rows.push((row, income, before));
        }
        let mut quota: std::collections::BTreeMap<&str, usize> = Default::default();
        for (row, _, before) in &rows {
            *quota.entry(row.province.as_str()).or_default() += usize::from(*before);
        }
        let items: Vec<(&str, &str, Money)> = rows
            .iter()
            .map(|(r, inc, _)| (r.province.as_str(), r.code.as_str(), *inc))
            .collect();
        let ranks = rank_within_provinces(&items);
        let mut out = Vec::with_capacity(rows.len());
        for (i, (row, income, before)) in rows.iter().enumerate() {
            let q = quota[row.province.as_str()];
            let rank = ranks[i];
            let inside = rank.rank <= q;
            let mut basis = format!(
                "{}: quota {q} (key counties before the adjustment); rank {} of {} by {year} net \
                 income per capita {income}; key county before: {}; {}",
                row.province,
                rank.rank,
                rank.of,
                if *before { "yes" } else { "no" },
                match (before, inside) {
                    (true, true) => "stays",
                    (true, false) => "moves out",
                    (false, true) => "moves in",
                    (false, false) => "stays out",
                }
            );
            if tie_at_cut(&items, &ranks, i, q) {
                basis.push_str("; income ties across the cut: county code decided the order");
            }
            let mut check = Check {
                rule: shared(rule.id),
                passed: inside,
                measured: Measure::Count(rank.rank as i64),
                threshold: Measure::Count(q as i64),
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
                check.mark_unconfirmed("std2011.designation_2012.income_year");
            }
            out.push(check);
        }
        Ok(out)
    }
}
