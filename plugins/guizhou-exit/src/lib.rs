//! fupin plugin: Guizhou's county exit procedure, as its 2020 announcement describes it
//! (China News Service, Guiyang, 2020-11-23; `shared/seeds/004`).
//!
//! After the national criteria (incidence, false exits, missed assessments, approval), a
//! Guizhou county exits through: county application, prefecture (city-state) preliminary
//! review, provincial review, and a special field evaluation by the three third-party
//! agencies chosen by public bidding for the nine counties together, which all recommended
//! that the nine exit (fupin reads it as: all three must recommend each county's exit; a
//! reading, see `guizhou.exit.third_party.agencies`); then public notice without objection
//! (the national rule `std2011.county.exit.notice_objections`).
//!
//! The procedure is recorded in county columns the national data does not have, so each
//! rule applies only when its columns are given: `county_application`, `prefecture_review`,
//! `provincial_review` (true/false), `evaluation_agencies` and `agencies_recommending`
//! (counts).

use fupin_plugin_api::{
    CheckOut, CountyIn, EvalCtx, Num, PluginV1, RuleV1, Str, county_check, declare_plugin, level,
    op, role, test,
};

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A procedural step read from a boolean column.
fn step(ctx: &EvalCtx, c: &CountyIn<'_>, o: &mut CheckOut, column: &str) {
    let (index, required) = match ctx.param("guizhou.exit.procedure.required") {
        Some((i, v)) => (i, v.mantissa != 0),
        None => {
            o.error
                .set("parameter guizhou.exit.procedure.required missing");
            return;
        }
    };
    o.op = op::EQ;
    o.param_index = index;
    o.threshold = Num::boolean(true);
    match c.extra(column).map(parse_bool) {
        Some(Some(done)) => {
            o.measured = Num::boolean(done);
            o.passed = u8::from(done || !required);
            o.basis.set(&format!("county column `{column}`"));
        }
        Some(None) => o.error.set(&format!(
            "county {}: column `{column}` is not true or false",
            c.code()
        )),
        None => o
            .error
            .set(&format!("county {}: column `{column}` is empty", c.code())),
    }
}

county_check!(application => |x, c, o| step(x, c, o, "county_application"));

county_check!(prefecture_review => |x, c, o| step(x, c, o, "prefecture_review"));

county_check!(provincial_review => |x, c, o| step(x, c, o, "provincial_review"));

/// The evaluation agencies recommend exit: at least `guizhou.exit.third_party.agencies` (3, a
/// reading: the three served the nine counties together) and, when unanimous, every agency
/// that evaluated the county.
fn third_party_check(ctx: &EvalCtx, c: &CountyIn<'_>, o: &mut CheckOut) {
    let Some((index, min)) = ctx.param("guizhou.exit.third_party.agencies") else {
        o.error
            .set("parameter guizhou.exit.third_party.agencies missing");
        return;
    };
    let count = |col: &str| c.extra(col).and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(agencies), Some(recommending)) =
        (count("evaluation_agencies"), count("agencies_recommending"))
    else {
        o.error.set(&format!(
            "county {}: `evaluation_agencies` and `agencies_recommending` must be whole numbers",
            c.code()
        ));
        return;
    };
    if recommending > agencies || recommending < 0 {
        o.error.set(&format!(
            "county {}: {recommending} agencies recommending, of {agencies}",
            c.code()
        ));
        return;
    }
    // Whether every agency must recommend (fupin's reading of "all three recommended"),
    // or only the minimum number.
    let unanimous = match ctx.param("guizhou.exit.third_party.unanimous") {
        Some((_, v)) => v.mantissa != 0,
        None => {
            o.error
                .set("parameter guizhou.exit.third_party.unanimous missing");
            return;
        }
    };
    o.param_index = index;
    o.op = op::GE;
    o.measured = Num::int(recommending);
    o.threshold = min;
    let needed = min.as_int().unwrap_or(3);
    o.passed = u8::from(recommending >= needed && (!unanimous || recommending == agencies));
    let rule = if unanimous {
        format!("all must, and at least {needed}")
    } else {
        format!("at least {needed} must")
    };
    o.basis.set(&format!(
        "{recommending} of {agencies} third-party agencies recommend exit; {rule}"
    ));
}

county_check!(third_party => third_party_check);

const DOC_STEP: &str = "# What it decides\nOne step of Guizhou's county exit procedure was completed.\n\n\
# Legal basis\nChina News Service, Guiyang, 2020-11-23: after the county-level application, \
city-state preliminary review and provincial-level review, three third-party agencies evaluated \
the counties; all recommended exit; public notice 2020-11-16 to 22 without objection.\n\n\
# Era\nGuizhou's exits of 2020.\n\n# Parameters\n`guizhou.exit.procedure.required` (bool).\n\n\
# Bound\nPasses when the step's column is true (== true).";

const DOC_THIRD: &str = "# What it decides\nThe third-party evaluation agencies recommend the \
county's exit: by default all three, for each county.\n\n# Legal basis\nChina News Service, \
Guiyang, 2020-11-23: the provincial office chose three third-party evaluation agencies by public \
bidding for the nine counties together; they carried out the special field evaluation of the \
nine, and all three recommended that the nine exit.\n\n# Era\nGuizhou's exits of 2020.\n\n\
# Parameters\n`guizhou.exit.third_party.agencies` (3, a reading), \
`guizhou.exit.third_party.unanimous` (true, a reading).\n\n\
# Reading\nThe source says the three agencies served the nine counties together and that all \
three recommended the nine counties' exit; it says neither that each county was evaluated by \
all three nor that exit required every recommendation. fupin reads the report as the rule for \
each county: the county's own `evaluation_agencies` and `agencies_recommending`, at least three \
agencies recommending (`guizhou.exit.third_party.agencies` = 3) and every agency that evaluated \
it recommending (`guizhou.exit.third_party.unanimous` = true). Alternatives, in a profile's \
`[parameters]`: the group of three covered the nine counties, so a county needs the \
recommendation of the agencies that evaluated it (`guizhou.exit.third_party.agencies = 1`, with \
`evaluation_agencies` the agencies that evaluated the county and `unanimous` true); or the \
minimum number of recommendations suffices (`unanimous = false`, with \
`guizhou.exit.third_party.agencies` the minimum, e.g. 2 for a majority of three).\n\n\
# Bound\nPasses when agencies recommending >= `guizhou.exit.third_party.agencies` (3) and, when \
unanimous, every agency that evaluated the county recommends (recommending == agencies).";

static RULES: [RuleV1; 4] = [
    RuleV1 {
        id: Str::new("guizhou.county.exit.application"),
        summary: Str::new("Guizhou county exit: the county applied (县级申请)"),
        doc: Str::new(DOC_STEP),
        level: level::COUNTY,
        test: test::EXIT,
        role: role::REQUIRE,
        parameters: Str::new("guizhou.exit.procedure.required"),
        columns: Str::new("counties.county_application"),
        only_with_columns: 1,
        county_check: Some(application),
        household_line: None,
    },
    RuleV1 {
        id: Str::new("guizhou.county.exit.prefecture_review"),
        summary: Str::new("Guizhou county exit: prefecture preliminary review passed (市州初审)"),
        doc: Str::new(DOC_STEP),
        level: level::COUNTY,
        test: test::EXIT,
        role: role::REQUIRE,
        parameters: Str::new("guizhou.exit.procedure.required"),
        columns: Str::new("counties.prefecture_review"),
        only_with_columns: 1,
        county_check: Some(prefecture_review),
        household_line: None,
    },
    RuleV1 {
        id: Str::new("guizhou.county.exit.provincial_review"),
        summary: Str::new("Guizhou county exit: provincial review passed (省级审核)"),
        doc: Str::new(DOC_STEP),
        level: level::COUNTY,
        test: test::EXIT,
        role: role::REQUIRE,
        parameters: Str::new("guizhou.exit.procedure.required"),
        columns: Str::new("counties.provincial_review"),
        only_with_columns: 1,
        county_check: Some(provincial_review),
        household_line: None,
    },
    RuleV1 {
        id: Str::new("guizhou.county.exit.third_party"),
        summary: Str::new(
            "Guizhou county exit: the third-party evaluation agencies recommend exit (all three, for each county: a reading)",
        ),
        doc: Str::new(DOC_THIRD),
        level: level::COUNTY,
        test: test::EXIT,
        role: role::REQUIRE,
        parameters: Str::new(
            "guizhou.exit.third_party.agencies\nguizhou.exit.third_party.unanimous",
        ),
        columns: Str::new("counties.evaluation_agencies\ncounties.agencies_recommending"),
        only_with_columns: 1,
        county_check: Some(third_party),
        household_line: None,
    },
];

static PLUGIN: PluginV1 = PluginV1 {
    name: Str::new("guizhou-exit"),
    rule_set: Str::new("guizhou"),
    summary: Str::new(
        "Guizhou's county exit procedure (2020): application, reviews, three third-party agencies",
    ),
    params_toml: Str::new(include_str!("../params.toml")),
    rules: RULES.as_ptr(),
    rule_count: RULES.len(),
};

declare_plugin!(PLUGIN);
