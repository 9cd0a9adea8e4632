//! `std2011.county.exit.incidence`: County exit: comprehensive poverty incidence <=
//! {std2011.exit.county.max_incidence_pct.central} (<=
//! {std2011.exit.county.max_incidence_pct.west} in the west)

use fupin_core::decision::Check;
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError, compare};
use fupin_core::units::County;

use crate::county::{ExitBound, missing, row_for};
use crate::incidence;

fupin_core::rule! {
    /// # What it decides
    /// The main county exit criterion: the county's comprehensive poverty incidence is at
    /// most {std2011.exit.county.max_incidence_pct.east} in the east,
    /// {std2011.exit.county.max_incidence_pct.central} in the centre and
    /// {std2011.exit.county.max_incidence_pct.west} in the western provinces.
    ///
    /// # Legal basis
    /// 厅字〔2016〕16号, 贫困县退出: 贫困县退出以贫困发生率为主要衡量标准. 原则上贫困县贫困发生率
    /// 降至2%以下(西部地区降至3%以下). The 2017 evaluation measures (国开办发〔2017〕56号):
    /// 综合贫困发生率高于3%的不得退出 (west); the central standard is 2% (People's Daily
    /// 2019-07-03).
    ///
    /// # Era
    /// Exits assessed from 2016 to 2020.
    ///
    /// # Parameters
    /// `std2011.exit.county.max_incidence_pct.{east,central,west}` (percent), chosen by the
    /// county's region (the profile's override, else the `region` column, else the province
    /// by the western-development list of docs/sources.md#western-provinces); `std2011.exit.county.bound_passes`
    /// (bool, a reading: whether incidence exactly at the bound passes).
    ///
    /// # Measured value
    /// With household data: persons in households that fail the household exit test divided
    /// by all persons in the county's households (docs/sources.md#measured-incidence). Without: `poor_population /
    /// rural_population` of the county's row for the assessment year. The ratio is compared
    /// exactly, never rounded.
    ///
    /// # Bound
    /// A reading (see *Reading*). With `std2011.exit.county.bound_passes` = true (the
    /// default) the county may exit when incidence <= threshold: exactly 2.00% passes in the
    /// east and centre, 2.01% fails there and passes in the west, where exactly 3.00%
    /// passes and 3.01% fails. With false, when incidence < threshold: exactly 2.00% (3.00%
    /// in the west) fails, 1.99% (2.99%) passes.
    ///
    /// # Reading
    /// The wordings conflict at the bound (docs/sources.md#county-exit-bounds). The 2016 Opinions, as Xinhua
    /// quotes them (2017-02-26, official press), say
    /// 贫困发生率需降至2%以下(西部地区降至3%以下); 以下 includes the number under Civil Code
    /// art. 1259 (以上、以下、以内、届满，包括本数), and the 2017 measures, in a Q&A copy
    /// (aggregator), bar only a rate above it (高于3%的，不得退出). 瞭望 2017-11 (official
    /// press) words it as 贫困发生率必须低于2%(西部地区低于3%); 低于 is strict, so a rate
    /// exactly at the bound fails. No official full text found settles it. fupin reads the
    /// bound as passing (`std2011.exit.county.bound_passes` = true, the default). The
    /// alternative, exactly 2% (3% in the west) fails, is
    /// `std2011.exit.county.bound_passes = false` in a profile's `[parameters]`; it applies
    /// to the four county exit bounds together.
    ///
    /// # Example
    /// A central county with 200 poor in 10,000 (2.00%) exits (remains under
    /// `bound_passes = false`); with 201 (2.01%) it remains; with 199 (1.99%) it exits under
    /// either reading.
    pub struct CountyIncidence;
    id: "std2011.county.exit.incidence",
    level: County,
    test: Exit,
    role: Require,
    summary: "County exit: comprehensive poverty incidence <= {std2011.exit.county.max_incidence_pct.central} (<= {std2011.exit.county.max_incidence_pct.west} in the west)",
    parameters: ["std2011.exit.county.max_incidence_pct.", "std2011.exit.county.bound_passes"],
    columns: [],
    since: "0.1.0",
}

impl CountyRule for CountyIncidence {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        let rule = &Self::META;
        let bound = ExitBound::of(rule, ctx)?;
        let mut out = Vec::with_capacity(data.counties.len());
        for (i, code) in data.counties.codes().iter().enumerate() {
            let tally = data.tallies.map(|t| &t[i]);
            let has_households = tally.is_some_and(|t| t.households > 0);
            let row = if has_households {
                data.counties.row(code, ctx.year)
            } else {
                Some(row_for(rule, ctx, data, code)?)
            };
            let any = data
                .counties
                .any_row(code)
                .ok_or_else(|| missing(rule, ctx, &County::default(), "code"))?;
            let region = ctx.region_of(rule, row.unwrap_or(any))?;
            let (measured, basis) = incidence::measure(
                tally,
                row.and_then(|r| r.poor_population),
                row.and_then(|r| r.rural_population),
                ("poor_population", "rural_population"),
            )
            .map_err(|m| RuleError::Input {
                rule: rule.id.to_string(),
                message: format!(
                    "{}: row {}: county {code}: {m}",
                    ctx.counties_origin,
                    row.unwrap_or(any).row
                ),
            })?;
            let param = format!("std2011.exit.county.max_incidence_pct.{region}");
            let t = ctx.param(rule, &param)?;
            out.push(compare(
                rule,
                bound.at_most(),
                measured,
                &t,
                Some(format!("{basis}; region {region}")),
            ));
        }
        bound.mark(&mut out);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::CountyIncidence;
    use crate::county::{EXIT_BOUND, checks_with_bound};
    use fupin_core::decision::Op;
    use fupin_core::units::{County, Region};

    /// Counties of 10,000 rural people: (region, poor persons).
    const CASES: [(Region, i64); 9] = [
        (Region::Central, 200), // 2.00%
        (Region::Central, 201), // 2.01%
        (Region::Central, 199), // 1.99%
        (Region::East, 200),
        (Region::East, 201),
        (Region::West, 300), // 3.00%
        (Region::West, 301), // 3.01%
        (Region::West, 299), // 2.99%
        (Region::West, 201), // 2.01% in the west
    ];

    fn run(bound_passes: Option<bool>) -> Vec<(bool, Op, Vec<String>)> {
        let rows = CASES
            .iter()
            .enumerate()
            .map(|(i, &(region, poor))| County {
                code: format!("52000{i}"),
                province: "p".into(),
                region: Some(region),
                income_year: Some(2019),
                rural_population: Some(10_000),
                poor_population: Some(poor),
                row: 2 + i,
                ..County::default()
            })
            .collect();
        checks_with_bound(&CountyIncidence, bound_passes, rows)
            .into_iter()
            .map(|c| (c.passed, c.op, c.readings))
            .collect()
    }

    #[test]
    fn by_default_incidence_exactly_at_the_bound_passes_and_says_it_is_a_reading() {
        let checks = run(None);
        let passed: Vec<bool> = checks.iter().map(|c| c.0).collect();
        assert_eq!(
            passed,
            [true, false, true, true, false, true, false, true, true]
        );
        for (_, op, readings) in checks {
            assert_eq!(op, Op::Le);
            assert_eq!(readings, [EXIT_BOUND]);
        }
    }

    #[test]
    fn under_the_strict_reading_incidence_exactly_at_the_bound_fails() {
        let checks = run(Some(false));
        let passed: Vec<bool> = checks.iter().map(|c| c.0).collect();
        assert_eq!(
            passed,
            [false, false, true, false, false, false, false, true, true]
        );
        assert!(checks.iter().all(|c| c.1 == Op::Lt));
        // Set by a profile, the value is the profile's choice, not the file's reading.
        assert!(checks.iter().all(|c| c.2.is_empty()));
        let inclusive = run(Some(true));
        let passed: Vec<bool> = inclusive.iter().map(|c| c.0).collect();
        assert_eq!(
            passed,
            [true, false, true, true, false, true, false, true, true]
        );
        assert!(inclusive.iter().all(|c| c.1 == Op::Le));
    }
}
