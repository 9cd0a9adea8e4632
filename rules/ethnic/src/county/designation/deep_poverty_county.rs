//! `ethnic.county.designation.deep_poverty_county`: Deep-poverty area: the county is a deeply
//! impoverished county (深度贫困县, column)

use fupin_core::decision::Check;
use fupin_core::rule::{CountyData, CountyRule, EvalContext, RuleError};

use crate::areas::rows_check;

fupin_core::rule! {
    /// # What it decides
    /// Whether a county is one of the deeply impoverished counties (深度贫困县) that the
    /// provinces designated after the 2017 Taiyuan symposium (334 in all; end-2017 incidence
    /// 11% against 3.1% nationally).
    ///
    /// # Legal basis
    /// Liu Yongfu, 2018-03-07. The per-province list of the 334 is not confirmed
    /// (docs/sources.md#deep-poverty-counties), so membership is data: the `deep_poverty`
    /// column.
    ///
    /// # Era
    /// 2017–2020.
    ///
    /// # Parameters
    /// `ethnic.deep_poverty.counties_designated`.
    ///
    /// # Bound
    /// Passes when `deep_poverty` is true (== true).
    ///
    /// # Example
    /// The eight Gansu counties of 2020 (东乡, 临夏县, …) were all deep-poverty counties.
    pub struct DeepPovertyCounty;
    id: "ethnic.county.designation.deep_poverty_county",
    level: County,
    test: Designation,
    role: Qualify,
    summary: "Deep-poverty area: the county is a deeply impoverished county (深度贫困县, column)",
    parameters: ["ethnic.deep_poverty.counties_designated"],
    columns: ["counties.deep_poverty"],
    only_with_columns: true,
    since: "0.1.0",
}

impl CountyRule for DeepPovertyCounty {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> Result<Vec<Check>, RuleError> {
        rows_check(
            &Self::META,
            ctx,
            data,
            "ethnic.deep_poverty.counties_designated",
            |row| {
                let v = row
                    .extra
                    .get("deep_poverty")
                    .ok_or("column `deep_poverty` has no value")?;
                match v.to_ascii_lowercase().as_str() {
                    "true" | "1" => Ok((true, "county column `deep_poverty`".into())),
                    "false" | "0" => Ok((false, "county column `deep_poverty`".into())),
                    other => Err(format!("`deep_poverty` is `{other}`, not true or false")),
                }
            },
        )
    }
}
