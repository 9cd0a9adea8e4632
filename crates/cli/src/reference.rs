//! The published reference data: the poverty lines (`fupin lines`) and the national series
//! (`fupin history`), with their charts.

use std::path::PathBuf;

use clap::Args;
use fupin::{Error as EngineError, Format, Outputs};

use crate::outputs::{claim_chart, claim_main, finish_doc};
use crate::{format_arg, prices_year};

#[derive(Args)]
pub(crate) struct LinesArgs {
    /// Standards to show (default: all registered), by id or name (2008年标准, std2008, ...).
    #[arg(long)]
    standard: Vec<String>,
    /// First year.
    #[arg(long)]
    from: Option<i32>,
    /// Last year.
    #[arg(long)]
    to: Option<i32>,
    /// `current` (published current-price lines) or a price year.
    #[arg(long, default_value = "current")]
    prices: String,
    /// Output format.
    #[arg(long, value_parser = format_arg(), default_value = "table")]
    format: Format,
    /// Also draw the lines over the years as an SVG chart to this file.
    #[arg(long)]
    chart: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct HistoryArgs {
    /// Standards to show (default: all three), by id or name: std1986 or 1978, 1978
    /// standard, std1978, 1978年标准; std2001 or 2008, 2008 standard, std2008, 2008年标准;
    /// std2011 or 2010, 2010 standard, std2010, 2010年标准, 现行标准.
    #[arg(long)]
    standard: Vec<String>,
    /// A province's series instead of the national ones (贵州, 贵州省 or Guizhou), where the
    /// sources give them.
    #[arg(long)]
    province: Option<String>,
    /// The poverty counties designated in each round (1986, 1994, 2001, 2012) instead of
    /// the national series.
    #[arg(long)]
    designations: bool,
    /// Output format.
    #[arg(long, value_parser = format_arg(), default_value = "table")]
    format: Format,
    /// Also draw the incidence over the years as an SVG chart to this file.
    #[arg(long)]
    chart: Option<PathBuf>,
    /// Compare the shipped lines and registry with the series instead; exit status 1 when
    /// one disagrees.
    #[arg(long)]
    check: bool,
    /// A series file instead of the bundled one.
    #[arg(long)]
    series: Option<PathBuf>,
}

pub(crate) fn cmd_history(h: HistoryArgs) -> Result<(), EngineError> {
    let series = fupin::history_query(
        h.series.as_deref(),
        &fupin::HistoryQuery {
            standards: h.standard.clone(),
            province: h.province.clone(),
            designations: h.designations,
        },
    )?;
    let mut outs = Outputs::new();
    if let Some(p) = &h.series {
        outs.input(p);
    }
    let chart_dest = claim_chart(&mut outs, h.chart.as_deref())?;
    let main = claim_main(&mut outs, None)?;
    if let Some(d) = &chart_dest {
        outs.stage(d, fupin_report::chart::history_svg(&series)?.into_bytes());
    }
    if h.check {
        let agreements = fupin::history_check(&series)?;
        finish_doc(
            &outs,
            &main,
            fupin::Doc::HistoryCheck(&agreements),
            h.format,
        )?;
        let bad = agreements.iter().filter(|a| !a.agrees).count();
        if bad > 0 {
            return Err(EngineError::Input(format!(
                "{bad} shipped values disagree with the published series"
            )));
        }
        return Ok(());
    }
    finish_doc(&outs, &main, fupin::Doc::History(&series), h.format)
}

pub(crate) fn cmd_lines(l: LinesArgs) -> Result<(), EngineError> {
    let prices = prices_year(&l.prices)?;
    let rows = fupin::lines(&fupin::LinesQuery {
        standards: l.standard.clone(),
        from: l.from,
        to: l.to,
        prices,
    })?;
    let mut outs = Outputs::new();
    let chart_dest = claim_chart(&mut outs, l.chart.as_deref())?;
    let main = claim_main(&mut outs, None)?;
    if let Some(d) = &chart_dest {
        outs.stage(
            d,
            fupin_report::chart::lines_svg(&rows, prices)?.into_bytes(),
        );
    }
    finish_doc(&outs, &main, fupin::Doc::Lines(&rows), l.format)
}
