//! A plugin for the engine's tests: one county rule that passes for every county, or with
//! feature `panic` panics, or with feature `wrong-abi` declares ABI version 999.

use fupin_plugin_api::{
    CheckOut, CountyIn, EvalCtx, Num, PluginV1, RuleV1, Str, county_check, level, op, role, test,
};

/// Passes for every county (panics with feature `panic`).
fn always_check(_: &EvalCtx, c: &CountyIn<'_>, o: &mut CheckOut) {
    if cfg!(feature = "panic") {
        panic!("deliberate panic in the testing plugin");
    }
    o.passed = 1;
    o.op = op::EQ;
    o.measured = Num::boolean(true);
    o.threshold = Num::boolean(true);
    o.basis
        .set(&format!("testing plugin saw county {}", c.code()));
}

county_check!(always => always_check);

static RULES: [RuleV1; 1] = [RuleV1 {
    id: Str::new("testing.county.exit.always"),
    summary: Str::new("Test rule: always passes"),
    doc: Str::new("# What it decides\nNothing: a test rule."),
    level: level::COUNTY,
    test: test::EXIT,
    role: role::REQUIRE,
    parameters: Str::new(""),
    columns: Str::new(""),
    only_with_columns: 0,
    county_check: Some(always),
    household_line: None,
}];

static PLUGIN: PluginV1 = PluginV1 {
    name: Str::new("testing"),
    rule_set: Str::new("testing"),
    summary: Str::new("test plugin"),
    params_toml: Str::new(""),
    rules: RULES.as_ptr(),
    rule_count: RULES.len(),
};

#[cfg(not(feature = "wrong-abi"))]
fupin_plugin_api::declare_plugin!(PLUGIN);

#[cfg(feature = "wrong-abi")]
fupin_plugin_api::declare_plugin!(PLUGIN, abi = 999);
