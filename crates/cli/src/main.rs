//! The `fupin` command line (design.md §5).
//!
//! Only this crate knows about terminals and process exit codes: 0 success, 1 bad input data,
//! 2 usage or configuration error. Errors go to stderr and name the file and row/column or
//! TOML key.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

mod allocator;
mod outputs;
mod reference;
use outputs::{
    claim_chart, claim_main, claim_rejected, finish, finish_doc, run_outputs, stage_doc,
};
use reference::{HistoryArgs, LinesArgs, cmd_history, cmd_lines};

use clap::{Args, Parser, Subcommand, ValueEnum};

use fupin::write_stdout;
use fupin::{AssessOptions, Error as EngineError, Format, HouseholdDetail, Profile};

#[derive(Parser)]
#[command(
    name = "fupin",
    version,
    about = "China's national rural poverty standards (1986, 2001, 2011) as explainable rules"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess counties, villages and households under a profile.
    Assess(AssessArgs),
    /// Compare profiles on the same data: counts, and the units whose outcome differs.
    Compare(CompareArgs),
    /// County table under one or more profiles from one read of the households: persons,
    /// persons poor, persons failing the exit test, incidence, county exit.
    Tabulate(TabulateArgs),
    /// Sweep one parameter over a range and show the response.
    Sweep(SweepArgs),
    /// Poverty measures (FGT 0, 1, 2) over household data under each standard.
    Measures(MeasuresArgs),
    /// One offline HTML page of a run: provenance, lines, outcomes, exits, poverty
    /// measures, profiles compared, the registry, a sortable county table.
    Report(ReportArgs),
    /// List or document the registered rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Show the published poverty lines of the standards.
    Lines(LinesArgs),
    /// The published national rural poor population and incidence by year under each
    /// standard, each value with its source, grade and status; `--check` compares the
    /// shipped lines and registry with it.
    History(HistoryArgs),
    /// Validate profiles.
    Profile {
        #[command(subcommand)]
        command: ProfileCommand,
    },
    /// Plugins: what is loaded and from where.
    Plugins {
        #[command(subcommand)]
        command: PluginsCommand,
    },
    /// The registry of the 832 poverty counties.
    Registry {
        #[command(subcommand)]
        command: RegistryCommand,
    },
}

#[derive(Subcommand)]
enum PluginsCommand {
    /// List the rule sets compiled in and the plugins a profile loads.
    List {
        /// Load this profile's plugins.
        #[arg(long)]
        profile: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_parser = format_arg(), default_value = "table")]
        format: Format,
    },
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// Count the 832 counties by province, exit year, contiguous area or designation.
    Summary {
        /// What to count by.
        #[arg(long, value_enum, default_value = "province")]
        by: ByArg,
        /// Output format.
        #[arg(long, value_parser = format_arg(), default_value = "table")]
        format: Format,
        /// A registry file instead of the bundled one.
        #[arg(long)]
        registry: Option<PathBuf>,
    },
    /// The counties in their five-year transition period (过渡期) in a year, with its start
    /// and end: from each county's exit date (the year it was approved or announced, the
    /// registry's exit year + 1 for most) through five years later, or 2021–2025 for all.
    Transition {
        /// The year.
        #[arg(long)]
        year: i32,
        /// Where the period starts: `exit-date` (from each county's exit date, 0 <= YEAR −
        /// year of the exit date <= 5) or `national` (2021–2025 for every county that
        /// exited); default: the parameter `monitoring.transition.from_exit_date` (exit-date
        /// unless a profile sets it).
        #[arg(long, value_enum)]
        from: Option<FromArg>,
        /// Output format.
        #[arg(long, value_parser = format_arg(), default_value = "table")]
        format: Format,
        /// A registry file instead of the bundled one.
        #[arg(long)]
        registry: Option<PathBuf>,
        /// A profile whose parameters to use (an override of `std2011.transition.years`).
        #[arg(long)]
        profile: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FromArg {
    ExitDate,
    National,
}

#[derive(Clone, Copy, ValueEnum)]
enum ByArg {
    Province,
    ExitYear,
    Area,
    Designation,
}

#[derive(Args)]
struct AssessArgs {
    /// The profile (TOML).
    #[arg(long)]
    profile: PathBuf,
    /// Assessment year (overrides the profile's).
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    data: DataArgs,
    /// Output format (default: the profile's, else table).
    #[arg(long, value_parser = format_arg())]
    format: Option<Format>,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Household decisions to report: all (with checks) or none (counts only).
    #[arg(long, value_enum)]
    household_decisions: Option<DetailArg>,
    /// Also stream every household decision, with its checks, to this file: CSV (one row
    /// per check) when it ends in `.csv`, JSON Lines otherwise. Memory stays bounded
    /// whatever the number of households; the file is written whole or not at all.
    #[arg(long, value_name = "FILE")]
    household_decisions_out: Option<PathBuf>,
    /// Warnings shown: `summary` (the default) says the warnings about the data and, in one
    /// line, how many readings and unconfirmed values the decisions rest on; `all` lists
    /// each; `none` says nothing. The JSON report always lists them all.
    #[arg(long, value_enum, default_value_t = WarningsArg::Summary)]
    warnings: WarningsArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum WarningsArg {
    All,
    Summary,
    None,
}

impl From<WarningsArg> for fupin::WarningsShown {
    fn from(w: WarningsArg) -> Self {
        match w {
            WarningsArg::All => fupin::WarningsShown::All,
            WarningsArg::Summary => fupin::WarningsShown::Summary,
            WarningsArg::None => fupin::WarningsShown::None,
        }
    }
}

/// Data flags. Tables given here replace the profile's `[data]` as a set: when any is
/// given, a table not given is not read. An empty path (`--villages ''`) means no such
/// table; `-` is standard input.
#[derive(Args, Clone)]
struct DataArgs {
    /// County table (CSV). Any data flag replaces all of the profile's tables.
    #[arg(long, value_parser = any_path)]
    counties: Option<PathBuf>,
    /// Village table (CSV); `''` for none. Any data flag replaces all of the profile's
    /// tables.
    #[arg(long, value_parser = any_path)]
    villages: Option<PathBuf>,
    /// Household table (CSV or Parquet; `-` for standard input). Any data flag replaces all
    /// of the profile's tables.
    #[arg(long, value_parser = any_path)]
    households: Option<PathBuf>,
    /// A row that cannot be read: `error` stops the run (default); `skip` leaves it out and
    /// lists it in a rejected-rows report (beside --output as FILE.rejected.csv, else on
    /// stderr).
    #[arg(long, value_enum, default_value = "error")]
    on_bad_row: BadRowArg,
}

/// A path, empty allowed (clap's own path parser refuses an empty one).
fn any_path(s: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(s))
}

#[derive(Clone, Copy, ValueEnum)]
enum BadRowArg {
    Error,
    Skip,
}

impl DataArgs {
    fn options(&self, detail: Option<HouseholdDetail>) -> AssessOptions {
        fupin::Tables {
            counties: self.counties.clone(),
            villages: self.villages.clone(),
            households: self.households.clone(),
            on_bad_row: match self.on_bad_row {
                BadRowArg::Error => fupin::BadRows::Error,
                BadRowArg::Skip => fupin::BadRows::Skip,
            },
            in_memory: fupin::ArrowTables::default(),
        }
        .options(detail)
    }
}

#[derive(Args)]
struct CompareArgs {
    /// Profiles to compare (two or more), on the same data.
    #[arg(long = "profile", required = true, num_args = 1)]
    profiles: Vec<PathBuf>,
    /// Assessment year for every profile.
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    data: DataArgs,
    /// List only the units whose outcome differs.
    #[arg(long)]
    only_changed: bool,
    /// Compare household decisions too (large).
    #[arg(long, value_enum, default_value = "none")]
    household_decisions: DetailArg,
    /// Output format.
    #[arg(long, value_parser = format_arg(), default_value = "table")]
    format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct TabulateArgs {
    /// Profiles (one or more), on the same data; households are read once for all.
    #[arg(long = "profile", required = true, num_args = 1)]
    profiles: Vec<PathBuf>,
    /// Assessment year for every profile.
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    data: DataArgs,
    /// Output format.
    #[arg(long, value_parser = format_arg(), default_value = "csv")]
    format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct MeasuresArgs {
    /// The profile (its year, parameters and data paths).
    #[arg(long)]
    profile: PathBuf,
    /// Standards whose lines to measure with (default: all), by id or name (2008年标准,
    /// std2008, ...).
    #[arg(long)]
    standard: Vec<String>,
    /// Group by.
    #[arg(long, value_enum, default_value = "county")]
    by: GroupArg,
    /// `current` (the households' income year) or a price year for the lines reported.
    #[arg(long, default_value = "current")]
    prices: String,
    /// Income year (overrides the profile's).
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    data: DataArgs,
    /// Output format.
    #[arg(long, value_parser = format_arg(), default_value = "table")]
    format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct ReportArgs {
    /// Profiles (one, or several to compare on the same data).
    #[arg(long = "profile", required = true, num_args = 1)]
    profiles: Vec<PathBuf>,
    /// Assessment year for every profile.
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    data: DataArgs,
    /// The HTML file to write (whole or not at all).
    #[arg(long)]
    output: PathBuf,
    /// Warnings shown on the terminal (as `assess --warnings`); the page lists them all.
    #[arg(long, value_enum, default_value_t = WarningsArg::Summary)]
    warnings: WarningsArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum GroupArg {
    Village,
    County,
    Province,
}

#[derive(Args)]
struct SweepArgs {
    /// The profile.
    #[arg(long)]
    profile: PathBuf,
    /// The parameter id, or a glob over ids (e.g. `std2011.exit.county.max_incidence_pct.*`).
    #[arg(long)]
    param: String,
    /// First value.
    #[arg(long)]
    from: String,
    /// Last value (included when reached exactly).
    #[arg(long)]
    to: String,
    /// Step.
    #[arg(long)]
    step: String,
    /// Assessment year.
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    data: DataArgs,
    /// Also draw the response as an SVG chart to this file.
    #[arg(long)]
    chart: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = format_arg(), default_value = "table")]
    format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List rules (all registered, or those a profile selects).
    List {
        /// Only the rules this profile selects.
        #[arg(long)]
        profile: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_parser = format_arg(), default_value = "table")]
        format: Format,
    },
    /// Document one rule: what it decides, legal basis, parameters and bound.
    Show {
        /// Rule id.
        rule_id: String,
    },
}

#[derive(Subcommand)]
enum ProfileCommand {
    /// Check a profile against the registry without running it.
    Check {
        /// The profile (TOML).
        profile: PathBuf,
    },
}

/// `--format`: the library's formats, by name (adding a format adds it here).
fn format_arg() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::as_str))
        .try_map(|s| s.parse::<Format>())
}

#[derive(Clone, Copy, ValueEnum)]
enum DetailArg {
    All,
    None,
}

impl DetailArg {
    fn into_detail(self) -> HouseholdDetail {
        match self {
            DetailArg::All => HouseholdDetail::All,
            DetailArg::None => HouseholdDetail::None,
        }
    }
}

fn cmd_compare(c: CompareArgs) -> Result<(), EngineError> {
    if c.profiles.len() < 2 {
        return Err(EngineError::Config(
            "compare needs at least two --profile".into(),
        ));
    }
    let mut plans = Vec::with_capacity(c.profiles.len());
    for p in &c.profiles {
        plans.push(fupin::plan(fupin::open_profile(p)?, c.year)?);
    }
    let opts = c.data.options(Some(c.household_decisions.into_detail()));
    let profiles: Vec<&Profile> = plans.iter().map(|p| &p.profile).collect();
    let mut outs = run_outputs(&profiles, &opts);
    let main = claim_main(&mut outs, c.output.as_deref())?;
    let cmp = fupin::compare(&plans, &opts, c.only_changed)?;
    finish_doc(&outs, &main, fupin::Doc::Comparison(&cmp), c.format)
}

fn cmd_tabulate(t: TabulateArgs) -> Result<(), EngineError> {
    let mut plans = Vec::with_capacity(t.profiles.len());
    for p in &t.profiles {
        plans.push(fupin::plan(fupin::open_profile(p)?, t.year)?);
    }
    let mut opts = t.data.options(None);
    let profiles: Vec<&Profile> = plans.iter().map(|p| &p.profile).collect();
    let mut outs = run_outputs(&profiles, &opts);
    let main = claim_main(&mut outs, t.output.as_deref())?;
    let bar = progress(&mut opts);
    let tab = fupin::tabulate(&plans, &opts)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    finish_doc(&outs, &main, fupin::Doc::Tabulation(&tab), t.format)
}

/// A progress bar on stderr for the household read, when stderr is a terminal.
fn progress(opts: &mut AssessOptions) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} households {percent:>3}% [{bar:30}] {elapsed_precise} (eta {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    let b = bar.clone();
    opts.progress = Some(fupin::Progress(std::sync::Arc::new(move |done, total| {
        b.set_length(total);
        b.set_position(done);
    })));
    Some(bar)
}

fn cmd_measures(m: MeasuresArgs) -> Result<(), EngineError> {
    use fupin::GroupBy;
    let plan = fupin::plan(fupin::open_profile(&m.profile)?, m.year)?;
    let prices = prices_year(&m.prices)?;
    let by = match m.by {
        GroupArg::Village => GroupBy::Village,
        GroupArg::County => GroupBy::County,
        GroupArg::Province => GroupBy::Province,
    };
    let opts = m.data.options(None);
    let mut outs = run_outputs(&[&plan.profile], &opts);
    let main = claim_main(&mut outs, m.output.as_deref())?;
    let out = fupin::measures(&plan, &opts, &m.standard, by, prices)?;
    finish_doc(&outs, &main, fupin::Doc::Measures(&out), m.format)
}

fn cmd_report(r: ReportArgs) -> Result<(), EngineError> {
    let mut plans = Vec::with_capacity(r.profiles.len());
    for p in &r.profiles {
        plans.push(fupin::plan(fupin::open_profile(p)?, r.year)?);
    }
    let opts = r.data.options(None);
    let profiles: Vec<&Profile> = plans.iter().map(|p| &p.profile).collect();
    let mut outs = run_outputs(&profiles, &opts);
    let main = claim_main(&mut outs, Some(&r.output))?;
    let rejected_dest = match r.data.on_bad_row {
        BadRowArg::Skip => claim_rejected(&mut outs, &main)?,
        BadRowArg::Error => None,
    };
    let report = fupin_report::build(&plans, &opts)?;
    for run in &report.runs {
        let shown = match r.warnings {
            WarningsArg::All => &run.warnings,
            WarningsArg::Summary => &run.warnings_summary,
            WarningsArg::None => &Vec::new(),
        };
        for w in shown {
            eprintln!("warning: {}: {}", run.name, fupin::sanitize(w));
        }
    }
    if let (Some(d), false) = (&rejected_dest, report.rejected.is_empty()) {
        outs.stage(
            d,
            fupin::render(fupin::Doc::Rejected(&report.rejected), Format::Csv)?,
        );
        eprintln!("{} rows rejected: see {}", report.rejected.len(), d.shown());
    }
    finish(&outs, &main, fupin_report::html(&report)?.into_bytes())
}

/// `--prices`: `current` (no conversion) or the price year to express money in.
fn prices_year(s: &str) -> Result<Option<i32>, EngineError> {
    match s {
        "current" => Ok(None),
        y => y.parse().map(Some).map_err(|_| {
            EngineError::Config(format!("--prices: `{y}` is neither `current` nor a year"))
        }),
    }
}

fn parse_decimal(flag: &str, s: &str) -> Result<fupin::Decimal, EngineError> {
    s.parse()
        .map_err(|_| EngineError::Config(format!("{flag}: `{s}` is not a number")))
}

fn cmd_sweep(w: SweepArgs) -> Result<(), EngineError> {
    let profile = fupin::open_profile(&w.profile)?;
    let points = fupin::sweep_points(
        parse_decimal("--from", &w.from)?,
        parse_decimal("--to", &w.to)?,
        parse_decimal("--step", &w.step)?,
    )?;
    let opts = w.data.options(Some(HouseholdDetail::None));
    let mut outs = run_outputs(&[&profile], &opts);
    let main = claim_main(&mut outs, w.output.as_deref())?;
    let chart_dest = claim_chart(&mut outs, w.chart.as_deref())?;
    let s = fupin::sweep(&profile, w.year, &w.param, &points, &opts)?;
    if let Some(d) = &chart_dest {
        outs.stage(d, fupin_report::chart::sweep_svg(&s)?.into_bytes());
    }
    finish_doc(&outs, &main, fupin::Doc::Sweep(&s), w.format)
}

fn main() -> ExitCode {
    allocator::purge_freed_memory_sooner();
    // Referencing each linked rule crate keeps its `inventory` registrations.
    fupin::link_all();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FUPIN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    on_signals_remove_temporaries();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            use std::io::Write;
            let msg = fupin::sanitize(&e.to_string());
            let _ = writeln!(std::io::stderr(), "error: {msg}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP: delete this run's named temporary files, then die of the
/// signal as if it had not been caught (the shell sees the usual status). Unnamed
/// temporary files (`O_TMPFILE`) go with the process whatever ends it, SIGKILL included.
fn on_signals_remove_temporaries() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            fupin::remove_temporaries();
            let _ = signal_hook::low_level::emulate_default_handler(sig);
            std::process::exit(128 + sig);
        }
    });
}

fn run(cli: Cli) -> Result<(), EngineError> {
    match cli.command {
        Command::Assess(a) => cmd_assess(a),
        Command::Compare(c) => cmd_compare(c),
        Command::Tabulate(t) => cmd_tabulate(t),
        Command::Sweep(w) => cmd_sweep(w),
        Command::Measures(m) => cmd_measures(m),
        Command::Report(r) => cmd_report(r),
        Command::Rules {
            command: RulesCommand::List { profile, format },
        } => cmd_rules_list(profile, format),
        Command::Rules {
            command: RulesCommand::Show { rule_id },
        } => cmd_rules_show(&rule_id),
        Command::Lines(l) => cmd_lines(l),
        Command::History(h) => cmd_history(h),
        Command::Plugins {
            command: PluginsCommand::List { profile, format },
        } => cmd_plugins_list(profile, format),
        Command::Registry {
            command:
                RegistryCommand::Summary {
                    by,
                    format,
                    registry,
                },
        } => cmd_registry_summary(by, format, registry),
        Command::Registry {
            command:
                RegistryCommand::Transition {
                    year,
                    from,
                    format,
                    registry,
                    profile,
                },
        } => cmd_registry_transition(year, from, format, registry, profile),
        Command::Profile {
            command: ProfileCommand::Check { profile },
        } => {
            let plan = fupin::plan(fupin::open_profile(&profile)?, None)?;
            write_stdout(
                format!(
                    "{}: ok: standard {}, year {}, {} rules selected from [{}], {} parameter \
                     overrides\n",
                    profile.display(),
                    plan.standard.id,
                    plan.year,
                    plan.rules.len(),
                    plan.profile.rule_sets.join(", "),
                    plan.profile.parameters.len()
                )
                .as_bytes(),
            )
        }
    }
}

fn cmd_assess(a: AssessArgs) -> Result<(), EngineError> {
    let profile = fupin::open_profile(&a.profile)?;
    let format = a.format.or(profile.output.format).unwrap_or(Format::Table);
    let plan = fupin::plan(profile, a.year)?;
    let mut opts = a
        .data
        .options(a.household_decisions.map(DetailArg::into_detail));
    opts.decisions_out = a.household_decisions_out.clone();
    let mut outs = run_outputs(&[&plan.profile], &opts);
    let main = claim_main(&mut outs, a.output.as_deref())?;
    if let Some(p) = &a.household_decisions_out {
        outs.claim(p, "--household-decisions-out")?;
    }
    let rejected_dest = match a.data.on_bad_row {
        BadRowArg::Skip => claim_rejected(&mut outs, &main)?,
        BadRowArg::Error => None,
    };
    let outs = Arc::new(outs);
    opts.outputs = Some(outs.clone());
    let bar = progress(&mut opts);
    let mut assessment = fupin::assess(&plan, &opts)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let shown = assessment.summary.shown_warnings(a.warnings.into());
    if format == Format::Table {
        // The table is for people: it says the warnings as chosen. JSON and CSV keep them all.
        assessment.summary.warnings = shown;
        assessment.summary.standing.clear();
    } else {
        for w in &shown {
            eprintln!("warning: {}", fupin::sanitize(w));
        }
    }
    stage_doc(&outs, &main, fupin::Doc::Assessment(&assessment), format)?;
    if !assessment.rejected.is_empty() {
        let report = fupin::render(fupin::Doc::Rejected(&assessment.rejected), Format::Csv)?;
        match &rejected_dest {
            Some(d) => {
                outs.stage(d, report);
                eprintln!(
                    "{} rows rejected: see {}",
                    assessment.rejected.len(),
                    d.shown()
                );
            }
            None => {
                eprintln!("{} rows rejected:", assessment.rejected.len());
                eprint!("{}", fupin::sanitize(&String::from_utf8_lossy(&report)));
            }
        }
    }
    outs.commit()
}

fn cmd_plugins_list(profile: Option<PathBuf>, format: Format) -> Result<(), EngineError> {
    let loaded = match profile {
        Some(p) => fupin::plan(fupin::open_profile(&p)?, None)?.plugins,
        None => Vec::new(),
    };
    write_stdout(&fupin::render(fupin::Doc::Plugins(&loaded), format)?)
}

fn cmd_registry_summary(
    by: ByArg,
    format: Format,
    registry: Option<PathBuf>,
) -> Result<(), EngineError> {
    use fupin::By;
    let counties = fupin::registry(registry.as_deref())?;
    let by = match by {
        ByArg::Province => By::Province,
        ByArg::ExitYear => By::ExitYear,
        ByArg::Area => By::Area,
        ByArg::Designation => By::Designation,
    };
    let s = fupin::registry_summary(&counties, by);
    write_stdout(&fupin::render(fupin::Doc::RegistrySummary(&s), format)?)
}

fn cmd_registry_transition(
    year: i32,
    from: Option<FromArg>,
    format: Format,
    registry: Option<PathBuf>,
    profile: Option<PathBuf>,
) -> Result<(), EngineError> {
    let counties = fupin::registry(registry.as_deref())?;
    let plan = match profile {
        Some(p) => Some(fupin::plan(fupin::open_profile(&p)?, None)?),
        None => None,
    };
    let from_exit_date = from.map(|f| matches!(f, FromArg::ExitDate));
    let v = fupin::transition_read(&counties, year, plan.as_ref(), from_exit_date)?;
    write_stdout(&fupin::render(fupin::Doc::Transition(&v, year), format)?)
}

fn cmd_rules_list(profile: Option<PathBuf>, format: Format) -> Result<(), EngineError> {
    let plan = match profile {
        Some(p) => Some(fupin::plan(fupin::open_profile(&p)?, None)?),
        None => None,
    };
    let rules = fupin::rules(plan.as_ref());
    let params = match &plan {
        Some(p) => p.params.clone(),
        None => fupin::registered_parameters()?,
    };
    write_stdout(&fupin::render(fupin::Doc::Rules(&rules, &params), format)?)
}

fn cmd_rules_show(id: &str) -> Result<(), EngineError> {
    write_stdout(fupin::rule_doc(id)?.as_bytes())
}
