//! Loading compiled plugins (design.md §3).
//!
//! Only the libraries a profile names are loaded, each optionally pinned by sha256. The
//! entry symbol's header must declare this engine's ABI, engine and compiler versions, or
//! the plugin is refused with an error naming both. A panic inside a plugin is caught at the
//! boundary, on the plugin's side (`fupin_plugin_api::county_call`; a plugin's own std
//! cannot unwind into the engine's): the checks of that call report the failure and the run
//! goes on. Libraries are never unloaded (their code and statics must outlive every rule
//! that points into them).

// Calling into a loaded library is unsafe by nature; this module is the engine's only
// `unsafe`, and it checks every pointer the plugin returns before reading through it.
#![allow(unsafe_code)]

use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use fupin_core::decision::{Check, Level, Measure, Op, Role, Test};
use fupin_core::money::Money;
use fupin_core::params::ParamValue;
use fupin_core::rule::{
    CountyData, CountyRule, Described, EvalContext, HouseholdKernel, HouseholdRule, RuleEntry,
    RuleError, RuleMeta, RuleStatus,
};
use fupin_core::shared::{Shared, shared};
use fupin_core::units::{County, HouseholdBatch, Region};
use fupin_core::{Decimal, ParameterStore};
use fupin_plugin_api as api;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{EngineError, Result};
use crate::setup::indicator::leak;
use crate::setup::profile::PluginRef;

/// A loaded plugin, for `fupin plugins list`.
#[derive(Debug, Clone, Serialize)]
pub struct LoadedPlugin {
    /// Plugin name.
    pub name: String,
    /// Its rule set.
    pub rule_set: String,
    /// One line.
    pub summary: String,
    /// Where it was loaded from.
    pub path: String,
    /// The file's sha256.
    pub sha256: String,
    /// Whether the profile pinned it.
    pub pinned: bool,
    /// ABI version.
    pub abi_version: u32,
    /// Engine version it was built for.
    pub engine_version: String,
    /// Compiler that built it.
    pub compiler: String,
    /// Its rules.
    pub rules: Vec<String>,
}

/// What the plugins of a profile add.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Their rules, to add to the registry's.
    pub rules: Vec<RuleEntry>,
    /// Their parameter files: (origin, TOML text).
    pub parameter_files: Vec<(String, String)>,
    /// What was loaded, for listing.
    pub plugins: Vec<LoadedPlugin>,
}

/// Load the plugins a profile names.
pub fn load_all(refs: &[PluginRef], profile_shown: &str) -> Result<Loaded> {
    let mut out = Loaded::default();
    for r in refs {
        let (mut rs, p, info) = load(r, profile_shown)?;
        out.rules.append(&mut rs);
        out.parameter_files.push(p);
        out.plugins.push(info);
    }
    Ok(out)
}

fn refuse(r: &PluginRef, shown: &str, why: String) -> EngineError {
    EngineError::Config(format!(
        "{shown}: plugin {} (line {}): {why}",
        r.path.display(),
        r.line
    ))
}

fn sha256_hex(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Load one plugin.
fn load(r: &PluginRef, shown: &str) -> Result<(Vec<RuleEntry>, (String, String), LoadedPlugin)> {
    let hash = sha256_hex(&r.path).map_err(|e| refuse(r, shown, format!("cannot read: {e}")))?;
    if let Some(want) = r.sha256.as_ref().filter(|w| **w != hash) {
        return Err(refuse(
            r,
            shown,
            format!("sha256 is {hash}, but the profile pins {want}"),
        ));
    }
    // SAFETY: loading a library runs its initialisers; fupin loads only files a profile
    // names explicitly (optionally pinned), as design.md §3 requires.
    let lib = unsafe { libloading::Library::new(&r.path) }
        .map_err(|e| refuse(r, shown, format!("not a loadable library: {e}")))?;
    // Never unloaded: rules keep pointers into the library.
    let lib: &'static libloading::Library = Box::leak(Box::new(lib));
    // SAFETY: the symbol's type is fixed by the ABI; a library without it is refused.
    let entry: libloading::Symbol<'static, api::EntryFn> = unsafe { lib.get(api::ENTRY_SYMBOL) }
        .map_err(|_| {
            refuse(
                r,
                shown,
                "not a fupin plugin: it exports no `fupin_plugin_entry_v1`".into(),
            )
        })?;
    // SAFETY: calling the entry returns a pointer to the plugin's static header.
    let header = catch_unwind(AssertUnwindSafe(|| unsafe { entry() }))
        .map_err(|_| refuse(r, shown, "the entry function panicked".into()))?;
    if header.is_null() {
        return Err(refuse(r, shown, "the entry function returned null".into()));
    }
    // SAFETY: non-null pointer to the plugin's static header (versions first).
    let header: &'static api::Header = unsafe { &*header };
    if header.abi_version != api::ABI_VERSION {
        return Err(refuse(
            r,
            shown,
            format!(
                "plugin ABI version {} does not match this engine's ABI version {}",
                header.abi_version,
                api::ABI_VERSION
            ),
        ));
    }
    // SAFETY: the ABI version matches, so the header's strings are `Str`s.
    let (engine_version, compiler) =
        unsafe { (header.engine_version.as_str(), header.compiler.as_str()) };
    if engine_version != api::ENGINE_VERSION {
        return Err(refuse(
            r,
            shown,
            format!(
                "plugin built for fupin {engine_version}, this engine is fupin {}",
                api::ENGINE_VERSION
            ),
        ));
    }
    if compiler != api::COMPILER {
        return Err(refuse(
            r,
            shown,
            format!(
                "plugin built by `{compiler}`, this engine by `{}`",
                api::COMPILER
            ),
        ));
    }
    if header.plugin.is_null() {
        return Err(refuse(r, shown, "the plugin table is null".into()));
    }
    // SAFETY: versions match; the table is the plugin's static.
    let table: &'static api::PluginV1 = unsafe { &*header.plugin };
    // SAFETY: static strings of the plugin (it is never unloaded).
    let (name, rule_set, summary, params_toml) = unsafe {
        (
            table.name.as_str(),
            table.rule_set.as_str(),
            table.summary.as_str(),
            table.params_toml.as_str(),
        )
    };
    if table.rule_count > 0 && table.rules.is_null() {
        return Err(refuse(r, shown, "the rule table is null".into()));
    }
    let decls: &'static [api::RuleV1] = if table.rule_count == 0 {
        &[]
    } else {
        // SAFETY: `rule_count` entries of the plugin's static rule table.
        unsafe { std::slice::from_raw_parts(table.rules, table.rule_count) }
    };
    let mut rules = Vec::new();
    let mut ids = Vec::new();
    for d in decls {
        let entry = adapt(d, name, rule_set).map_err(|m| refuse(r, shown, m))?;
        ids.push(entry.meta().id.to_string());
        rules.push(entry);
    }
    let info = LoadedPlugin {
        name: name.to_string(),
        rule_set: rule_set.to_string(),
        summary: summary.to_string(),
        path: r.path.display().to_string(),
        sha256: hash,
        pinned: r.sha256.is_some(),
        abi_version: header.abi_version,
        engine_version: engine_version.to_string(),
        compiler: compiler.to_string(),
        rules: ids,
    };
    Ok((
        rules,
        (format!("plugin:{name}"), params_toml.to_string()),
        info,
    ))
}

fn split_lines(s: &'static str) -> &'static [&'static str] {
    let v: Vec<&'static str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    Box::leak(v.into_boxed_slice())
}

/// Wrap a plugin rule as a registry entry.
fn adapt(
    d: &'static api::RuleV1,
    plugin: &str,
    rule_set: &str,
) -> std::result::Result<RuleEntry, String> {
    // SAFETY: static strings of the plugin.
    let (id, summary, doc, parameters, columns) = unsafe {
        (
            d.id.as_str(),
            d.summary.as_str(),
            d.doc.as_str(),
            d.parameters.as_str(),
            d.columns.as_str(),
        )
    };
    if !id.starts_with(&format!("{rule_set}.")) {
        return Err(format!("rule `{id}` is not in its rule set `{rule_set}`"));
    }
    let test = match d.test {
        api::test::CLASSIFICATION => Test::Classification,
        api::test::EXIT => Test::Exit,
        api::test::DESIGNATION => Test::Designation,
        t => return Err(format!("rule `{id}`: unknown test {t}")),
    };
    let role = match d.role {
        api::role::REQUIRE => Role::Require,
        api::role::QUALIFY => Role::Qualify,
        x => return Err(format!("rule `{id}`: unknown role {x}")),
    };
    let level = match d.level {
        api::level::COUNTY => Level::County,
        api::level::HOUSEHOLD => Level::Household,
        l => return Err(format!("rule `{id}`: unsupported level {l}")),
    };
    let meta = RuleMeta {
        id,
        rule_set: leak(rule_set),
        summary,
        doc: leak(&format!("{doc}\n\n(From the compiled plugin `{plugin}`.)")),
        status: RuleStatus::Stable,
        level,
        test,
        role,
        parameters: split_lines(parameters),
        columns: split_lines(columns),
        only_with_columns: d.only_with_columns != 0,
        since: "plugin",
    };
    match (level, d.county_check, d.household_line) {
        (Level::County, Some(f), _) => {
            Ok(RuleEntry::County(Box::leak(Box::new(PluginCountyRule {
                meta,
                f,
            }))))
        }
        (Level::Household, _, Some(f)) => {
            Ok(RuleEntry::Household(Box::leak(Box::new(PluginLineRule {
                meta,
                f,
            }))))
        }
        _ => Err(format!("rule `{id}` has no function for its level")),
    }
}

/// Parameter values for a call, in the rule's declared order, and the strings they borrow.
struct CallParams {
    ids: Vec<String>,
    values: Vec<api::Num>,
}

impl CallParams {
    /// The values as the ABI passes them (borrowing this struct's strings).
    fn inputs(&self) -> Vec<api::ParamIn> {
        self.ids
            .iter()
            .zip(&self.values)
            .map(|(id, v)| api::ParamIn {
                id: api::Str::borrowed(id),
                value: *v,
            })
            .collect()
    }
}

fn num_of(v: &ParamValue) -> api::Num {
    match v {
        ParamValue::Money(m) => api::Num::fen(m.fen()),
        ParamValue::Percent(p) | ParamValue::Times(p) => {
            api::Num::decimal(i64::try_from(p.mantissa()).unwrap_or(i64::MAX), p.scale())
        }
        ParamValue::Int(n) => api::Num::int(*n),
        ParamValue::Bool(b) => api::Num::boolean(*b),
    }
}

fn call_params(
    meta: &RuleMeta,
    ctx: &EvalContext<'_>,
) -> std::result::Result<CallParams, RuleError> {
    let mut ids = Vec::new();
    let mut values = Vec::new();
    for p in meta.parameters {
        let r = ctx.param(meta, p)?;
        ids.push(p.to_string());
        values.push(num_of(&r.value.value));
    }
    Ok(CallParams { ids, values })
}

fn measure_of(n: &api::Num) -> Measure {
    match n.kind {
        api::num_kind::FEN => Measure::Money(Money::from_fen(n.mantissa)),
        api::num_kind::DECIMAL => Measure::Percent(Decimal::new(n.mantissa, n.scale.min(28))),
        api::num_kind::INT => Measure::Count(n.mantissa),
        api::num_kind::BOOL => Measure::Bool(n.mantissa != 0),
        _ => Measure::Missing,
    }
}

fn op_of(o: u8) -> Op {
    match o {
        api::op::LT => Op::Lt,
        api::op::LE => Op::Le,
        api::op::GT => Op::Gt,
        api::op::GE => Op::Ge,
        _ => Op::Eq,
    }
}

fn region_code(r: Option<Region>) -> u8 {
    match r {
        Some(Region::East) => api::region::EAST,
        Some(Region::Central) => api::region::CENTRAL,
        Some(Region::West) => api::region::WEST,
        None => api::region::UNKNOWN,
    }
}

/// The rows passed to a call, with the extras they borrow.
struct Rows<'a> {
    extras: Vec<Vec<api::ExtraIn>>,
    rows: Vec<&'a County>,
}

impl<'a> Rows<'a> {
    fn new(rows: Vec<&'a County>, columns: &[&str]) -> Rows<'a> {
        let extras = rows
            .iter()
            .map(|c| {
                columns
                    .iter()
                    .filter_map(|col| {
                        let name = col.strip_prefix("counties.").unwrap_or(col);
                        c.extra.get_key_value(name).map(|(k, v)| api::ExtraIn {
                            column: api::Str::borrowed(k),
                            value: api::Str::borrowed(v),
                        })
                    })
                    .collect()
            })
            .collect();
        Rows { extras, rows }
    }

    fn inputs(&self) -> Vec<api::CountyIn<'_>> {
        self.rows
            .iter()
            .zip(&self.extras)
            .map(|(c, ex)| api::CountyIn {
                code: api::Str::borrowed(&c.code),
                name: api::Str::borrowed(&c.name),
                province: api::Str::borrowed(&c.province),
                region: region_code(c.region.or_else(|| Region::of_province(&c.province))),
                income_year: c.income_year.unwrap_or(0),
                net_income_per_capita: c
                    .net_income_per_capita
                    .map_or(api::Num::NONE, |m| api::Num::fen(m.fen())),
                rural_population: c.rural_population.map_or(api::Num::NONE, api::Num::int),
                poor_population: c.poor_population.map_or(api::Num::NONE, api::Num::int),
                extra: ex.as_ptr(),
                extra_count: ex.len(),
                _call: PhantomData,
            })
            .collect()
    }
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// A county rule implemented by a plugin.
struct PluginCountyRule {
    meta: RuleMeta,
    f: api::CountyCheckFn,
}

impl PluginCountyRule {
    fn failed(&self, n: usize, why: &str) -> Vec<Check> {
        (0..n)
            .map(|_| Check {
                rule: shared(self.meta.id),
                passed: false,
                measured: Measure::Missing,
                threshold: Measure::Missing,
                op: Op::Eq,
                parameter: shared(""),
                source: shared(&format!("plugin rule {}", self.meta.id)),
                effective: None,
                confirmed: true,
                unconfirmed: Vec::new(),
                readings: Vec::new(),
                basis: None,
                role: self.meta.role,
                applicable: true,
                error: Some(why.to_string()),
            })
            .collect()
    }
}

impl Described for PluginCountyRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

impl CountyRule for PluginCountyRule {
    fn evaluate(
        &self,
        ctx: &EvalContext<'_>,
        data: &CountyData<'_>,
    ) -> std::result::Result<Vec<Check>, RuleError> {
        let rule = &self.meta;
        let mut rows = Vec::with_capacity(data.counties.len());
        for code in data.counties.codes() {
            rows.push(fupin_core::kit::county_row(
                rule, ctx, data, code, ctx.year,
            )?);
        }
        let n = rows.len();
        let cp = call_params(rule, ctx)?;
        let pins = cp.inputs();
        let call_ctx = api::EvalCtx {
            year: ctx.year,
            params: pins.as_ptr(),
            param_count: pins.len(),
        };
        let rows = Rows::new(rows, rule.columns);
        let inputs = rows.inputs();
        let mut out = vec![api::CheckOut::default(); n];
        // SAFETY: every pointer is valid for the call: `call_ctx`, `inputs` (n entries) and
        // `out` (n entries), with the strings they borrow kept alive above.
        let status = catch_unwind(AssertUnwindSafe(|| unsafe {
            (self.f)(&call_ctx, inputs.as_ptr(), n, out.as_mut_ptr())
        }));
        let status = match status {
            Ok(s) => s,
            Err(p) => {
                let why = format!("plugin panicked: {}", panic_text(&*p));
                tracing::error!(rule = rule.id, "{why}");
                return Ok(self.failed(n, &why));
            }
        };
        if status != api::STATUS_OK {
            let reported = out.first().map(|o| o.error.get().to_string());
            let why = reported
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| format!("plugin returned status {status}"));
            tracing::error!(rule = rule.id, "{why}");
            return Ok(self.failed(n, &why));
        }
        let mut checks = Vec::with_capacity(n);
        let rule_reading = rule.reading().is_some();
        for o in &out {
            let (parameter, source, effective, confirmed, reading) =
                match usize::try_from(o.param_index)
                    .ok()
                    .and_then(|i| cp.ids.get(i))
                {
                    Some(id) => {
                        let r = ctx.param(rule, id)?;
                        (
                            shared(id),
                            shared(&r.source_text()),
                            Some(shared(&r.value.effective.to_string())),
                            r.value.confirmed,
                            r.value.reading.is_some(),
                        )
                    }
                    None => (
                        shared(""),
                        shared(&format!("plugin rule {}", rule.id)),
                        None,
                        true,
                        false,
                    ),
                };
            let error = o.error.get();
            let mut check = Check {
                rule: shared(rule.id),
                passed: o.passed != 0,
                measured: measure_of(&o.measured),
                threshold: measure_of(&o.threshold),
                op: op_of(o.op),
                parameter: parameter.clone(),
                source,
                effective,
                confirmed: true,
                unconfirmed: Vec::new(),
                readings: Vec::new(),
                basis: Some(o.basis.get().to_string()).filter(|b| !b.is_empty()),
                role: rule.role,
                applicable: o.applicable != 0,
                error: (!error.is_empty()).then(|| error.to_string()),
            };
            if !confirmed {
                check.mark_unconfirmed(&parameter);
            }
            if reading {
                check.mark_reading(&parameter);
            }
            if rule_reading {
                check.mark_reading(rule.id);
            }
            checks.push(check);
        }
        Ok(checks)
    }
}

/// A household line computed by a plugin per county; the engine compares incomes exactly.
struct PluginLineRule {
    meta: RuleMeta,
    f: api::HouseholdLineFn,
}

struct LineKernel {
    meta: RuleMeta,
    /// Line per county index (fen), with its explanation.
    lines: Vec<Option<(i64, String)>>,
    errors: Vec<Option<String>>,
    parameter: Shared,
    source: Shared,
    effective: Option<Shared>,
    /// False when the parameter value the line rests on is not confirmed by the sources.
    confirmed: bool,
}

impl Described for PluginLineRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

impl HouseholdRule for PluginLineRule {
    fn prepare(
        &self,
        ctx: &EvalContext<'_>,
        _years: &[i32],
    ) -> std::result::Result<Box<dyn HouseholdKernel>, RuleError> {
        let rule = &self.meta;
        let counties = ctx.counties.ok_or_else(|| RuleError::Input {
            rule: rule.id.to_string(),
            message: "this rule needs the county table".into(),
        })?;
        let rows: Vec<&County> = counties
            .codes()
            .iter()
            .map(|c| {
                counties
                    .row(c, ctx.year)
                    .or_else(|| counties.any_row(c))
                    .ok_or_else(|| RuleError::Input {
                        rule: rule.id.to_string(),
                        message: format!("county {c} has no row"),
                    })
            })
            .collect::<std::result::Result<_, _>>()?;
        let n = rows.len();
        let cp = call_params(rule, ctx)?;
        let pins = cp.inputs();
        let call_ctx = api::EvalCtx {
            year: ctx.year,
            params: pins.as_ptr(),
            param_count: pins.len(),
        };
        let rows = Rows::new(rows, rule.columns);
        let inputs = rows.inputs();
        let mut out = vec![api::LineOut::default(); n];
        // SAFETY: as for county rules: all pointers valid for the call.
        let status = catch_unwind(AssertUnwindSafe(|| unsafe {
            (self.f)(&call_ctx, inputs.as_ptr(), n, out.as_mut_ptr())
        }));
        let failure = match status {
            Ok(api::STATUS_OK) => None,
            Ok(s) => Some(
                out.first()
                    .map(|o| o.error.get().to_string())
                    .filter(|e| !e.is_empty())
                    .unwrap_or_else(|| format!("plugin returned status {s}")),
            ),
            Err(p) => Some(format!("plugin panicked: {}", panic_text(&*p))),
        };
        let mut lines = Vec::with_capacity(n);
        let mut errors = Vec::with_capacity(n);
        let mut param = None;
        for o in &out {
            if let Some(f) = &failure {
                lines.push(None);
                errors.push(Some(f.clone()));
                continue;
            }
            let e = o.error.get();
            match (o.line.as_fen(), e.is_empty()) {
                (Some(l), true) => {
                    lines.push(Some((l, o.basis.get().to_string())));
                    errors.push(None);
                }
                _ => {
                    lines.push(None);
                    errors.push(Some(if e.is_empty() {
                        "the plugin gave no line in fen".into()
                    } else {
                        e.to_string()
                    }));
                }
            }
            if param.is_none() {
                param = usize::try_from(o.param_index)
                    .ok()
                    .and_then(|i| cp.ids.get(i));
            }
        }
        let (parameter, source, effective, confirmed) = match param {
            Some(id) => {
                let r = ctx.param(rule, id)?;
                (
                    shared(id),
                    shared(&r.source_text()),
                    Some(shared(&r.value.effective.to_string())),
                    r.value.confirmed,
                )
            }
            None => (
                shared(""),
                shared(&format!("plugin rule {}", rule.id)),
                None,
                true,
            ),
        };
        Ok(Box::new(LineKernel {
            meta: *rule,
            lines,
            errors,
            parameter,
            source,
            effective,
            confirmed,
        }))
    }
}

impl HouseholdKernel for LineKernel {
    fn eval(&self, batch: &HouseholdBatch, out: &mut [bool]) {
        for ((o, inc), c) in out.iter_mut().zip(&batch.income).zip(&batch.county) {
            *o = match self.lines.get(*c as usize) {
                Some(Some((line, _))) => inc.fen() < *line,
                _ => false,
            };
        }
    }

    fn explain(&self, batch: &HouseholdBatch, i: usize) -> Check {
        let c = batch.county[i] as usize;
        let line = self.lines.get(c).cloned().flatten();
        let income = batch.income[i];
        let mut check = Check {
            rule: shared(self.meta.id),
            passed: line.as_ref().is_some_and(|(l, _)| income.fen() < *l),
            measured: Measure::Money(income),
            threshold: line.as_ref().map_or(Measure::Missing, |(l, _)| {
                Measure::Money(Money::from_fen(*l))
            }),
            op: Op::Lt,
            parameter: self.parameter.clone(),
            source: self.source.clone(),
            effective: self.effective.clone(),
            confirmed: true,
            unconfirmed: Vec::new(),
            readings: Vec::new(),
            basis: line.map(|(_, b)| b).filter(|b| !b.is_empty()),
            role: self.meta.role,
            applicable: true,
            error: self.errors.get(c).cloned().flatten(),
        };
        if !self.confirmed {
            check.mark_unconfirmed(&self.parameter);
        }
        check
    }
}

/// Load the plugins' parameter files into a store.
pub fn load_parameters(store: &mut ParameterStore, files: &[(String, String)]) -> Result<()> {
    for (origin, text) in files {
        if text.trim().is_empty() {
            continue;
        }
        store
            .load_toml(origin, text)
            .map_err(|e| EngineError::Config(format!("{e}")))?;
    }
    Ok(())
}
