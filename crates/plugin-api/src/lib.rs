//! The ABI of fupin's compiled plugins (provincial variants with new logic).
//!
//! A plugin is a `cdylib` that exports one symbol, [`ENTRY_SYMBOL`]: a function returning a
//! pointer to a static [`Header`]. The header declares, before anything else, the ABI
//! version, the engine version and the compiler version; the engine reads the rest (the
//! [`PluginV1`] table) only when all three match its own, and refuses the plugin otherwise
//! with an error naming both versions.
//!
//! Everything that crosses the boundary is plain `repr(C)` data: strings as [`Str`]
//! (pointer and length, UTF-8, borrowed for the call), numbers as [`Num`] (exact: fen, or a
//! decimal mantissa and scale), and fixed-size text buffers for what the plugin writes back.
//! A plugin carries its own copy of the standard library, so a panic cannot unwind into the
//! engine (Rust cannot catch a "foreign" panic). The boundary therefore catches panics on
//! the plugin's side: [`county_call`] and [`line_call`], which every exported function runs
//! its work through, catch a panic, write its message into every output's `error` and
//! return [`STATUS_PANIC`]; the engine turns that into failed checks that report the panic,
//! and the run goes on. The functions use the plain `"C"` ABI. The engine never unloads a
//! plugin library.
//!
//! Plugin authors write safe Rust with [`declare_plugin!`] and the helpers on [`CountyIn`],
//! [`EvalCtx`], [`CheckOut`] and [`LineOut`]; see `docs/plugins.md`.

// The plugin boundary is the one place fupin needs `unsafe`: raw pointers in `repr(C)` data.
#![allow(unsafe_code)]

use std::marker::PhantomData;

/// Version of this ABI. Bump on any change to the types below.
pub const ABI_VERSION: u32 = 1;

/// Version of fupin this API belongs to.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The compiler that built this crate (and so the plugin or the engine using it).
pub const COMPILER: &str = env!("FUPIN_RUSTC_VERSION");

/// The entry symbol, NUL-terminated for symbol look-up.
pub const ENTRY_SYMBOL: &[u8] = b"fupin_plugin_entry_v1\0";

/// The entry function's type.
pub type EntryFn = unsafe extern "C" fn() -> *const Header;

/// A borrowed UTF-8 string.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Str {
    /// Start.
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

// A `Str` in a plugin's statics points at `'static` string data.
unsafe impl Sync for Str {}
unsafe impl Send for Str {}

impl Str {
    /// A string with static lifetime.
    pub const fn new(s: &'static str) -> Str {
        Str {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    /// A string borrowed for a call; the caller keeps `s` alive while the `Str` is used.
    pub fn borrowed(s: &str) -> Str {
        Str {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    /// The string.
    ///
    /// # Safety
    /// `ptr` and `len` must describe valid UTF-8 that outlives `'a`.
    pub unsafe fn as_str<'a>(&self) -> &'a str {
        if self.len == 0 {
            return "";
        }
        // SAFETY: guaranteed by the caller.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr, self.len)) }
    }
}

/// Kinds of [`Num`].
pub mod num_kind {
    /// No value.
    pub const NONE: u8 = 0;
    /// Money in fen (`mantissa`).
    pub const FEN: u8 = 1;
    /// A decimal `mantissa × 10^-scale` (percentages).
    pub const DECIMAL: u8 = 2;
    /// A whole number (`mantissa`).
    pub const INT: u8 = 3;
    /// A boolean (`mantissa` 0 or 1).
    pub const BOOL: u8 = 4;
}

/// An exact number.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Num {
    /// One of [`num_kind`].
    pub kind: u8,
    /// The value (see the kind).
    pub mantissa: i64,
    /// Decimal places for [`num_kind::DECIMAL`].
    pub scale: u32,
}

impl Num {
    /// No value.
    pub const NONE: Num = Num {
        kind: num_kind::NONE,
        mantissa: 0,
        scale: 0,
    };

    /// Money in fen.
    pub const fn fen(f: i64) -> Num {
        Num {
            kind: num_kind::FEN,
            mantissa: f,
            scale: 0,
        }
    }

    /// A whole number.
    pub const fn int(n: i64) -> Num {
        Num {
            kind: num_kind::INT,
            mantissa: n,
            scale: 0,
        }
    }

    /// A boolean.
    pub const fn boolean(b: bool) -> Num {
        Num {
            kind: num_kind::BOOL,
            mantissa: b as i64,
            scale: 0,
        }
    }

    /// A decimal `mantissa × 10^-scale`.
    pub const fn decimal(mantissa: i64, scale: u32) -> Num {
        Num {
            kind: num_kind::DECIMAL,
            mantissa,
            scale,
        }
    }

    /// The value as fen, if money.
    pub fn as_fen(&self) -> Option<i64> {
        (self.kind == num_kind::FEN).then_some(self.mantissa)
    }

    /// The value as a whole number, if one.
    pub fn as_int(&self) -> Option<i64> {
        (self.kind == num_kind::INT).then_some(self.mantissa)
    }

    /// Parse a decimal (`90`, `89.99`, `-1.5`) exactly.
    pub fn parse_decimal(text: &str) -> Option<Num> {
        let t = text.trim();
        let (neg, body) = match t.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, t),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 18
        {
            return None;
        }
        let m: i64 = format!("{int}{frac}").parse().ok()?;
        Some(Num::decimal(if neg { -m } else { m }, frac.len() as u32))
    }

    /// Compare two numbers exactly: decimals and whole numbers with each other, fen with fen.
    pub fn compare(&self, other: &Num) -> Option<std::cmp::Ordering> {
        let scaled = |n: &Num| match n.kind {
            num_kind::DECIMAL => Some((i128::from(n.mantissa), n.scale)),
            num_kind::INT => Some((i128::from(n.mantissa), 0)),
            _ => None,
        };
        if self.kind == num_kind::FEN && other.kind == num_kind::FEN {
            return Some(self.mantissa.cmp(&other.mantissa));
        }
        let ((a, sa), (b, sb)) = (scaled(self)?, scaled(other)?);
        let s = sa.max(sb);
        let up = |m: i128, from: u32| m.checked_mul(10i128.checked_pow(s - from)?);
        Some(up(a, sa)?.cmp(&up(b, sb)?))
    }
}

/// Comparison operators.
pub mod op {
    /// `<`
    pub const LT: u8 = 0;
    /// `<=`
    pub const LE: u8 = 1;
    /// `>`
    pub const GT: u8 = 2;
    /// `>=`
    pub const GE: u8 = 3;
    /// `==`
    pub const EQ: u8 = 4;
}

/// The header: versions first, then the table.
#[repr(C)]
pub struct Header {
    /// [`ABI_VERSION`] the plugin was built against.
    pub abi_version: u32,
    /// [`ENGINE_VERSION`] the plugin was built against.
    pub engine_version: Str,
    /// [`COMPILER`] that built the plugin.
    pub compiler: Str,
    /// The table (read only when the versions match).
    pub plugin: *const PluginV1,
}

unsafe impl Sync for Header {}

/// The plugin's table.
#[repr(C)]
pub struct PluginV1 {
    /// Plugin name.
    pub name: Str,
    /// The rule set its rules belong to (e.g. `guizhou`).
    pub rule_set: Str,
    /// One line.
    pub summary: Str,
    /// The plugin's parameter file (TOML, the format of the rule crates' `params.toml`).
    pub params_toml: Str,
    /// Rules.
    pub rules: *const RuleV1,
    /// Number of rules.
    pub rule_count: usize,
}

unsafe impl Sync for PluginV1 {}

/// Levels.
pub mod level {
    /// County.
    pub const COUNTY: u8 = 0;
    /// Household.
    pub const HOUSEHOLD: u8 = 2;
}

/// Tests.
pub mod test {
    /// Classification (poor / not poor).
    pub const CLASSIFICATION: u8 = 0;
    /// Exit.
    pub const EXIT: u8 = 1;
    /// Designation.
    pub const DESIGNATION: u8 = 2;
}

/// Roles.
pub mod role {
    /// A veto.
    pub const REQUIRE: u8 = 0;
    /// A sufficient condition.
    pub const QUALIFY: u8 = 1;
}

/// Status: the call succeeded.
pub const STATUS_OK: i32 = 0;
/// Status: a pointer argument was null.
pub const STATUS_BAD_ARGUMENTS: i32 = 1;
/// Status: the plugin panicked (the message is in every output's `error`).
pub const STATUS_PANIC: i32 = 2;

/// A county check: one [`CheckOut`] per county in `counties` order. Returns a status.
pub type CountyCheckFn =
    unsafe extern "C" fn(*const EvalCtx, *const CountyIn, usize, *mut CheckOut) -> i32;

/// A household line: the line (in fen) for households of each county, one [`LineOut`] per
/// county; the engine compares each household's income with it (poor when below). Returns
/// 0 on success.
pub type HouseholdLineFn =
    unsafe extern "C" fn(*const EvalCtx, *const CountyIn, usize, *mut LineOut) -> i32;

/// A rule.
#[repr(C)]
pub struct RuleV1 {
    /// Stable id (`guizhou.county.exit.third_party`).
    pub id: Str,
    /// One line.
    pub summary: Str,
    /// Long documentation (What it decides / Legal basis / Era / Parameters / Bound).
    pub doc: Str,
    /// [`level`].
    pub level: u8,
    /// [`test`].
    pub test: u8,
    /// [`role`].
    pub role: u8,
    /// Parameter ids it reads, newline-separated (the engine passes their values).
    pub parameters: Str,
    /// Columns it needs, as `counties.column`, newline-separated.
    pub columns: Str,
    /// 1 when the rule applies only to data with all its columns.
    pub only_with_columns: u8,
    /// For county rules.
    pub county_check: Option<CountyCheckFn>,
    /// For household line rules.
    pub household_line: Option<HouseholdLineFn>,
}

unsafe impl Sync for RuleV1 {}

/// A parameter value passed to a call.
#[repr(C)]
pub struct ParamIn {
    /// Parameter id.
    pub id: Str,
    /// Value in force on the assessment date.
    pub value: Num,
}

/// What every call sees.
#[repr(C)]
pub struct EvalCtx {
    /// Assessment year.
    pub year: i32,
    /// The rule's parameters, in the order the rule declared them.
    pub params: *const ParamIn,
    /// Their number.
    pub param_count: usize,
}

impl EvalCtx {
    /// The parameters.
    pub fn params(&self) -> &[ParamIn] {
        if self.param_count == 0 {
            return &[];
        }
        // SAFETY: the engine passes `param_count` valid entries for the call.
        unsafe { std::slice::from_raw_parts(self.params, self.param_count) }
    }

    /// The index and value of a parameter by id.
    pub fn param(&self, id: &str) -> Option<(i32, Num)> {
        self.params()
            .iter()
            .enumerate()
            // SAFETY: the engine's strings live for the call.
            .find(|(_, p)| unsafe { p.id.as_str() } == id)
            .map(|(i, p)| (i as i32, p.value))
    }
}

/// Regions.
pub mod region {
    /// East.
    pub const EAST: u8 = 0;
    /// Central.
    pub const CENTRAL: u8 = 1;
    /// West.
    pub const WEST: u8 = 2;
    /// Not known.
    pub const UNKNOWN: u8 = 255;
}

/// A non-canonical county column.
#[repr(C)]
pub struct ExtraIn {
    /// Column name.
    pub column: Str,
    /// Cell text.
    pub value: Str,
}

/// A county's row for the assessment year.
#[repr(C)]
pub struct CountyIn<'a> {
    /// Code.
    pub code: Str,
    /// Name.
    pub name: Str,
    /// Province.
    pub province: Str,
    /// [`region`].
    pub region: u8,
    /// Income year of the row (0: none).
    pub income_year: i32,
    /// Net income per capita (fen).
    pub net_income_per_capita: Num,
    /// Rural population.
    pub rural_population: Num,
    /// Poor population.
    pub poor_population: Num,
    /// The rule's non-canonical columns.
    pub extra: *const ExtraIn,
    /// Their number.
    pub extra_count: usize,
    /// Ties the row to the call.
    pub _call: PhantomData<&'a ()>,
}

impl CountyIn<'_> {
    /// Code.
    pub fn code(&self) -> &str {
        // SAFETY: the engine's strings live for the call.
        unsafe { self.code.as_str() }
    }

    /// Province.
    pub fn province(&self) -> &str {
        // SAFETY: as above.
        unsafe { self.province.as_str() }
    }

    /// A non-canonical column's text, if present.
    pub fn extra(&self, column: &str) -> Option<&str> {
        if self.extra_count == 0 {
            return None;
        }
        // SAFETY: the engine passes `extra_count` valid entries for the call.
        let extras = unsafe { std::slice::from_raw_parts(self.extra, self.extra_count) };
        extras
            .iter()
            // SAFETY: as above.
            .find(|e| unsafe { e.column.as_str() } == column)
            .map(|e| unsafe { e.value.as_str() })
    }
}

/// Text a plugin writes back (truncated to 255 bytes at a character boundary).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Text {
    /// Bytes.
    pub bytes: [u8; 256],
    /// Length.
    pub len: u32,
}

impl Default for Text {
    fn default() -> Self {
        Text {
            bytes: [0; 256],
            len: 0,
        }
    }
}

impl Text {
    /// Set the text.
    pub fn set(&mut self, s: &str) {
        let mut n = s.len().min(255);
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        self.bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
        self.len = n as u32;
    }

    /// The text.
    pub fn get(&self) -> &str {
        let n = (self.len as usize).min(256);
        std::str::from_utf8(&self.bytes[..n]).unwrap_or("")
    }
}

/// A check a county rule writes.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct CheckOut {
    /// 1 when the condition holds.
    pub passed: u8,
    /// 0 when the rule does not apply to the county.
    pub applicable: u8,
    /// The measured value.
    pub measured: Num,
    /// The threshold.
    pub threshold: Num,
    /// [`op`].
    pub op: u8,
    /// Index into the call's parameters of the threshold's parameter (-1: none).
    pub param_index: i32,
    /// Where the measured value came from.
    pub basis: Text,
    /// Non-empty when the county could not be evaluated (the check reports it).
    pub error: Text,
}

/// A line a household line rule writes for one county.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct LineOut {
    /// The line, fen.
    pub line: Num,
    /// Index into the call's parameters of the parameter the line derives from (-1: none).
    pub param_index: i32,
    /// How the line was computed.
    pub basis: Text,
    /// Non-empty when the line could not be computed for the county.
    pub error: Text,
}

/// Declare a plugin: exports the entry symbol with the versions of this crate.
///
/// See `plugins/guizhou-exit/src/lib.rs` for a whole plugin: its checks declared with
/// [`county_check!`] or [`household_line!`], a `static PLUGIN: PluginV1` table, then
/// `declare_plugin!(PLUGIN);`. A plugin author writes no `unsafe`: the one exported symbol
/// is generated here (`abi = N` declares another ABI version, for the engine's own tests of
/// the refusal).
#[macro_export]
macro_rules! declare_plugin {
    ($table:expr) => {
        $crate::declare_plugin!($table, abi = $crate::ABI_VERSION);
    };
    ($table:expr, abi = $abi:expr) => {
        static FUPIN_PLUGIN_HEADER: $crate::Header = $crate::Header {
            abi_version: $abi,
            engine_version: $crate::Str::new($crate::ENGINE_VERSION),
            compiler: $crate::Str::new($crate::COMPILER),
            plugin: &$table,
        };

        /// The plugin's entry point.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub extern "C" fn fupin_plugin_entry_v1() -> *const $crate::Header {
            &FUPIN_PLUGIN_HEADER
        }
    };
}

/// Declare a county check for a [`RuleV1`]'s `county_check`: `county_check!(name => f)`
/// generates the `extern "C"` function `name`, which runs the safe
/// `f(&EvalCtx, &CountyIn, &mut CheckOut)` once per county inside [`county_call`] (slices
/// checked, a panic caught and reported).
#[macro_export]
macro_rules! county_check {
    ($name:ident => $f:expr) => {
        #[allow(unsafe_code)]
        unsafe extern "C" fn $name(
            ctx: *const $crate::EvalCtx,
            counties: *const $crate::CountyIn<'_>,
            n: usize,
            out: *mut $crate::CheckOut,
        ) -> i32 {
            // SAFETY: the engine calls this with the pointers of one call (the ABI).
            unsafe { $crate::county_call(ctx, counties, n, out, $f) }
        }
    };
}

/// Declare a household line for a [`RuleV1`]'s `household_line`: `household_line!(name =>
/// f)` generates the `extern "C"` function `name`, which runs the safe
/// `f(&EvalCtx, &[CountyIn], &mut [LineOut])` inside [`line_call`].
#[macro_export]
macro_rules! household_line {
    ($name:ident => $f:expr) => {
        #[allow(unsafe_code)]
        unsafe extern "C" fn $name(
            ctx: *const $crate::EvalCtx,
            counties: *const $crate::CountyIn<'_>,
            n: usize,
            out: *mut $crate::LineOut,
        ) -> i32 {
            // SAFETY: the engine calls this with the pointers of one call (the ABI).
            unsafe { $crate::line_call(ctx, counties, n, out, $f) }
        }
    };
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let m = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("plugin panicked: {m}")
}

/// Run a county check over `counties` as the engine does (each check started fresh, a panic
/// caught and reported): the status and one [`CheckOut`] per county. Safe: for a plugin's
/// own tests.
pub fn check_counties(
    ctx: &EvalCtx,
    counties: &[CountyIn<'_>],
    f: impl Fn(&EvalCtx, &CountyIn<'_>, &mut CheckOut),
) -> (i32, Vec<CheckOut>) {
    let mut out = vec![CheckOut::default(); counties.len()];
    // SAFETY: the pointers come from live slices of the stated lengths.
    let status =
        unsafe { county_call(ctx, counties.as_ptr(), counties.len(), out.as_mut_ptr(), f) };
    (status, out)
}

/// Run a household line rule over `counties` as the engine does: the status and one
/// [`LineOut`] per county. Safe: for a plugin's own tests.
pub fn lines_for_counties(
    ctx: &EvalCtx,
    counties: &[CountyIn<'_>],
    f: impl Fn(&EvalCtx, &[CountyIn<'_>], &mut [LineOut]),
) -> (i32, Vec<LineOut>) {
    let mut out = vec![LineOut::default(); counties.len()];
    // SAFETY: the pointers come from live slices of the stated lengths.
    let status = unsafe { line_call(ctx, counties.as_ptr(), counties.len(), out.as_mut_ptr(), f) };
    (status, out)
}

/// Run a county check over the counties with safe slices, catching a panic (for plugin
/// authors: an exported function does all its work inside this call).
///
/// # Safety
/// The pointers must be those the engine passed to the call.
pub unsafe fn county_call(
    ctx: *const EvalCtx,
    counties: *const CountyIn<'_>,
    n: usize,
    out: *mut CheckOut,
    f: impl Fn(&EvalCtx, &CountyIn<'_>, &mut CheckOut),
) -> i32 {
    if ctx.is_null() || (n > 0 && (counties.is_null() || out.is_null())) {
        return STATUS_BAD_ARGUMENTS;
    }
    // SAFETY: guaranteed by the caller (the engine).
    let (ctx, counties, out) = unsafe {
        (
            &*ctx,
            std::slice::from_raw_parts(counties, n),
            std::slice::from_raw_parts_mut(out, n),
        )
    };
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for (c, o) in counties.iter().zip(out.iter_mut()) {
            *o = CheckOut {
                applicable: 1,
                param_index: -1,
                ..CheckOut::default()
            };
            f(ctx, c, o);
        }
    }));
    match run {
        Ok(()) => STATUS_OK,
        Err(p) => {
            let m = panic_message(&*p);
            for o in out.iter_mut() {
                o.passed = 0;
                o.error.set(&m);
            }
            STATUS_PANIC
        }
    }
}

/// Run a household line rule over the counties with safe slices, catching a panic (for
/// plugin authors).
///
/// # Safety
/// The pointers must be those the engine passed to the call.
pub unsafe fn line_call(
    ctx: *const EvalCtx,
    counties: *const CountyIn<'_>,
    n: usize,
    out: *mut LineOut,
    f: impl Fn(&EvalCtx, &[CountyIn<'_>], &mut [LineOut]),
) -> i32 {
    if ctx.is_null() || (n > 0 && (counties.is_null() || out.is_null())) {
        return STATUS_BAD_ARGUMENTS;
    }
    // SAFETY: guaranteed by the caller (the engine).
    let (ctx, counties, out) = unsafe {
        (
            &*ctx,
            std::slice::from_raw_parts(counties, n),
            std::slice::from_raw_parts_mut(out, n),
        )
    };
    for o in out.iter_mut() {
        *o = LineOut {
            param_index: -1,
            ..LineOut::default()
        };
    }
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(ctx, counties, &mut *out))) {
        Ok(()) => STATUS_OK,
        Err(p) => {
            let m = panic_message(&*p);
            for o in out.iter_mut() {
                o.line = Num::NONE;
                o.error.set(&m);
            }
            STATUS_PANIC
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_truncates_at_a_character_boundary() {
        let mut t = Text::default();
        t.set(&"贵".repeat(100));
        assert_eq!(t.get().chars().count(), 85);
        t.set("ok");
        assert_eq!(t.get(), "ok");
    }

    #[test]
    fn a_panic_in_a_check_is_caught_and_reported() {
        let params: [ParamIn; 0] = [];
        let ctx = EvalCtx {
            year: 2020,
            params: params.as_ptr(),
            param_count: 0,
        };
        let counties = [CountyIn {
            code: Str::new("520425"),
            name: Str::new("x"),
            province: Str::new("贵州省"),
            region: region::WEST,
            income_year: 2020,
            net_income_per_capita: Num::NONE,
            rural_population: Num::NONE,
            poor_population: Num::NONE,
            extra: std::ptr::null(),
            extra_count: 0,
            _call: PhantomData,
        }];
        let mut out = [CheckOut::default()];
        // SAFETY: valid pointers for the call.
        let status = unsafe {
            county_call(&ctx, counties.as_ptr(), 1, out.as_mut_ptr(), |_, _, _| {
                panic!("boom")
            })
        };
        assert_eq!(status, STATUS_PANIC);
        assert_eq!(out[0].error.get(), "plugin panicked: boom");
        // SAFETY: as above.
        let status = unsafe {
            county_call(&ctx, counties.as_ptr(), 1, out.as_mut_ptr(), |_, c, o| {
                o.passed = u8::from(c.code() == "520425");
            })
        };
        assert_eq!(status, STATUS_OK);
        assert_eq!(out[0].passed, 1);
        assert_eq!(out[0].error.get(), "");
    }

    #[test]
    fn decimals_parse_and_compare_exactly() {
        use std::cmp::Ordering::*;
        let d = |s| Num::parse_decimal(s).expect("decimal");
        assert_eq!(d("89.99").compare(&Num::decimal(90, 0)), Some(Less));
        assert_eq!(d("90.00").compare(&Num::int(90)), Some(Equal));
        assert_eq!(d("-1.5").compare(&d("-1.50")), Some(Equal));
        assert!(Num::parse_decimal("abc").is_none());
        assert!(Num::parse_decimal("1e3").is_none());
        assert_eq!(Num::fen(1).compare(&Num::int(1)), None);
    }

    #[test]
    fn versions_are_recorded() {
        assert!(COMPILER.starts_with("rustc"), "{COMPILER}");
        assert_eq!(ENGINE_VERSION, env!("CARGO_PKG_VERSION"));
    }
}
