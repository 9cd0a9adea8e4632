//! fupin for Python: the `fupin._fupin` extension module, built by maturin from
//! `crates/python/pyproject.toml`. It calls the `fupin` library only; the Python package
//! (`python/fupin/`) wraps these functions in the documented API (`docs/python.md`).
//!
//! Tables come in through the Arrow PyCapsule interface (`__arrow_c_stream__`, read by
//! `pyo3-arrow`): the record batches are imported without copying their buffers, and the
//! engine runs with the GIL released. Results go out as Arrow tables (`pyo3-arrow`'s `Table`,
//! which exports `__arrow_c_stream__`) and as the CLI's JSON and CSV documents, so a result
//! in Python is the CLI's on the same data.

use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3_arrow::{PyRecordBatchReader, PyTable};

mod slices;
mod split;

create_exception!(
    _fupin,
    FupinError,
    PyException,
    "An error of fupin: bad input data or bad configuration."
);
create_exception!(
    _fupin,
    InputError,
    FupinError,
    "Bad input data; `source`, `row` and `column` name where (None when not known)."
);
create_exception!(
    _fupin,
    ConfigError,
    FupinError,
    "Bad usage or configuration; `key` is the profile key when one is named."
);

/// Where an input message points: its source (a file or `households (Arrow)`), row and
/// column, read from the engine's messages (`SOURCE: row N, column `C`: …`,
/// `SOURCE: column `C` …`, `SOURCE: missing required column `C``).
fn input_location(msg: &str) -> (Option<String>, Option<u64>, Option<String>) {
    let mut source = None;
    let mut row = None;
    let mut rest = msg;
    if let Some(i) = msg.find(": row ") {
        source = Some(msg[..i].to_string());
        rest = &msg[i + 6..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        row = digits.parse().ok();
    } else if let Some(i) = msg.find(": ") {
        source = Some(msg[..i].to_string());
        rest = &msg[i + 2..];
    }
    let column = rest.find("column `").and_then(|i| {
        let after = &rest[i + 8..];
        after.find('`').map(|j| after[..j].to_string())
    });
    (source, row, column)
}

/// The profile key a configuration message names (`key `a.b`` in the engine's messages).
fn config_key(msg: &str) -> Option<String> {
    let i = msg.find("key `")?;
    let after = &msg[i + 5..];
    after.find('`').map(|j| after[..j].to_string())
}

/// The engine's error as a Python exception with its attributes.
fn to_py(py: Python<'_>, e: fupin::Error) -> PyErr {
    let msg = e.to_string();
    let (err, attrs): (PyErr, Vec<(&str, Py<PyAny>)>) = match e {
        fupin::Error::Input(_) => {
            let (source, row, column) = input_location(&msg);
            (
                InputError::new_err(msg.clone()),
                vec![
                    (
                        "source",
                        source
                            .into_pyobject(py)
                            .map_or_else(|_| py.None(), |o| o.into_any().unbind()),
                    ),
                    (
                        "row",
                        row.into_pyobject(py)
                            .map_or_else(|_| py.None(), |o| o.into_any().unbind()),
                    ),
                    (
                        "column",
                        column
                            .into_pyobject(py)
                            .map_or_else(|_| py.None(), |o| o.into_any().unbind()),
                    ),
                ],
            )
        }
        fupin::Error::Config(_) => (
            ConfigError::new_err(msg.clone()),
            vec![(
                "key",
                config_key(&msg)
                    .into_pyobject(py)
                    .map_or_else(|_| py.None(), |o| o.into_any().unbind()),
            )],
        ),
    };
    let value = err.value(py);
    for (name, v) in attrs {
        if let Err(e) = value.setattr(name, v) {
            return e;
        }
    }
    err
}

/// A profile: its text read and checked, with the caller's overrides.
#[pyclass(frozen, module = "fupin._fupin")]
struct Profile {
    profile: fupin::Profile,
    year: Option<i32>,
}

impl Profile {
    fn plan(&self, py: Python<'_>, year: Option<i32>) -> PyResult<fupin::Plan> {
        fupin::plan(self.profile.clone(), year.or(self.year)).map_err(|e| to_py(py, e))
    }
}

/// A Python value as the TOML value an override holds: an int, a float (its shortest
/// decimal, as in a profile), a `str` or `decimal.Decimal` (its text, exactly), a bool.
fn toml_value(v: &Bound<'_, PyAny>, id: &str) -> PyResult<toml::Value> {
    use toml::Value;
    if let Ok(b) = v.cast::<pyo3::types::PyBool>() {
        return Ok(Value::Boolean(b.is_true()));
    }
    if v.cast::<pyo3::types::PyInt>().is_ok() {
        let i = v.extract::<i64>().map_err(|_| {
            ConfigError::new_err(format!("overrides[{id:?}]: {v} does not fit in 64 bits"))
        })?;
        return Ok(Value::Integer(i));
    }
    if let Ok(f) = v.cast::<pyo3::types::PyFloat>() {
        return Ok(Value::Float(f.value()));
    }
    if let Ok(s) = v.extract::<String>() {
        return Ok(Value::String(s));
    }
    let ty = v.get_type().name()?.to_string();
    if ty == "Decimal" {
        return Ok(Value::String(v.str()?.to_string()));
    }
    Err(ConfigError::new_err(format!(
        "overrides[{id:?}]: a {ty} is not a parameter value (give an int, a str, a decimal.Decimal, a float or a bool)"
    )))
}

#[pymethods]
impl Profile {
    /// The profile's name.
    #[getter]
    fn name(&self) -> String {
        self.profile.name.clone()
    }

    /// The assessment year (the caller's, else the profile's).
    #[getter]
    fn year(&self) -> i32 {
        self.year.unwrap_or(self.profile.year)
    }

    /// The standard's id.
    #[getter]
    fn standard(&self) -> String {
        self.profile.standard.clone()
    }

    /// The profile's file, or `<shipped>/NAME.toml`.
    #[getter]
    fn path(&self) -> PathBuf {
        self.profile.path.clone()
    }

    /// The selected rules as the JSON of `fupin rules list --profile … --format json`.
    fn _rules_json(&self, py: Python<'_>) -> PyResult<String> {
        let plan = self.plan(py, None)?;
        let rules = fupin::rules(Some(&plan));
        render(
            py,
            fupin::Doc::Rules(&rules, &plan.params),
            fupin::Format::Json,
        )
    }

    /// The plan's parameters, each with every dated value, as JSON.
    fn _parameters_json(&self, py: Python<'_>) -> PyResult<String> {
        let plan = self.plan(py, None)?;
        let date = plan.date;
        let mut out = Vec::new();
        for p in plan.params.iter() {
            let in_force = plan.params.at(&p.id, date).ok().map(|r| r.value.effective);
            let values: Vec<serde_json::Value> = p
                .values
                .iter()
                .map(|v| {
                    let r = plan.params.resolved(p, v);
                    serde_json::json!({
                        "effective": v.effective.to_string(),
                        "value": value_text(&v.value),
                        "source": r.source_text(),
                        "confirmed": v.confirmed,
                        "status": v.status().as_str(),
                        "reading": v.reading,
                        "price_year": v.price_year,
                        "concept": v.concept,
                        "note": v.note,
                        "in_force": in_force == Some(v.effective),
                    })
                })
                .collect();
            out.push(serde_json::json!({
                "id": p.id,
                "unit": p.unit.as_str(),
                "summary": p.summary,
                "origin": p.origin,
                "values": values,
            }));
        }
        serde_json::to_string(&out).map_err(|e| FupinError::new_err(e.to_string()))
    }

    /// Pickled as the profile resolved here (its `extends` chain merged, overrides
    /// included), so that Spark executors need no profile file.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        let f = py.import("fupin._fupin")?.getattr("_profile_from_json")?;
        Ok((f, (split::profile_json(self)?, self.year)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Profile({:?}, year={}, standard={:?})",
            self.profile.name,
            self.year(),
            self.profile.standard
        )
    }
}

/// How a profile is pickled: the function that rebuilds it and its arguments.
type Reduced<'py> = (Bound<'py, PyAny>, (String, Option<i32>));

/// A parameter value as exact text (`2300.00`, `3`, `true`); money and percentages keep
/// every decimal.
fn value_text(v: &fupin::core::params::ParamValue) -> String {
    use fupin::core::params::ParamValue;
    match v {
        ParamValue::Money(m) => m.to_string(),
        ParamValue::Percent(p) | ParamValue::Times(p) => p.normalize().to_string(),
        ParamValue::Int(n) => n.to_string(),
        ParamValue::Bool(b) => b.to_string(),
    }
}

/// Open a profile (a path or a shipped name) with overrides and check it.
#[pyfunction]
#[pyo3(signature = (name_or_path, *, year=None, overrides=None))]
fn load_profile(
    py: Python<'_>,
    name_or_path: PathBuf,
    year: Option<i32>,
    overrides: Option<&Bound<'_, PyDict>>,
) -> PyResult<Profile> {
    let mut profile = fupin::open_profile(&name_or_path).map_err(|e| to_py(py, e))?;
    if let Some(o) = overrides {
        for (k, v) in o.iter() {
            let id: String = k.extract().map_err(|_| {
                ConfigError::new_err("overrides: every key is a parameter id (a str)")
            })?;
            let value = toml_value(&v, &id)?;
            profile.parameters.push(fupin::Override {
                id,
                effective: None,
                value,
                source: Some("override given in Python (fupin.load_profile)".into()),
                confirmed: true,
                line: 0,
            });
        }
    }
    let p = Profile { profile, year };
    // Checked now, so that a bad override is raised here and not at the first run.
    p.plan(py, None)?;
    Ok(p)
}

/// One table argument: a path, or any object with `__arrow_c_stream__`.
enum TableArg {
    Path(PathBuf),
    Memory(fupin::ArrowTable),
}

fn table_arg(py: Python<'_>, name: &str, v: &Bound<'_, PyAny>) -> PyResult<TableArg> {
    if let Ok(p) = v.extract::<PathBuf>() {
        return Ok(TableArg::Path(p));
    }
    if v.hasattr("__fupin_slices__")? {
        return Ok(TableArg::Memory(slices::table(v)?));
    }
    if !v.hasattr("__arrow_c_stream__")? {
        let ty = v.get_type().name()?.to_string();
        return Err(ConfigError::new_err(format!(
            "{name}: a {ty} is neither a path nor a table with __arrow_c_stream__ \
             (a pandas or polars DataFrame, a pyarrow Table or RecordBatchReader, a DuckDB result)"
        )));
    }
    let reader: PyRecordBatchReader = v.extract()?;
    let reader = reader.into_reader()?;
    let table = fupin::ArrowTable::from_reader(reader)
        .map_err(|e| to_py(py, fupin::Error::Input(format!("{name} (Arrow): {e}"))))?;
    Ok(TableArg::Memory(table))
}

/// The tables of a run from the arguments (`None` for all three: the profile's own).
fn tables(
    py: Python<'_>,
    households: Option<&Bound<'_, PyAny>>,
    counties: Option<&Bound<'_, PyAny>>,
    villages: Option<&Bound<'_, PyAny>>,
    on_bad_row: &str,
) -> PyResult<fupin::Tables> {
    let mut t = fupin::Tables::of_profile();
    t.on_bad_row = match on_bad_row {
        "error" => fupin::BadRows::Error,
        "skip" => fupin::BadRows::Skip,
        other => {
            return Err(ConfigError::new_err(format!(
                "on_bad_row: `{other}` is not error or skip"
            )));
        }
    };
    let given = households.is_some() || counties.is_some() || villages.is_some();
    for (name, arg) in [
        ("households", households),
        ("counties", counties),
        ("villages", villages),
    ] {
        let Some(v) = arg else {
            if given {
                // A table not given is not read (as on the command line): an empty path.
                match name {
                    "households" => t.households = Some(PathBuf::new()),
                    "villages" => t.villages = Some(PathBuf::new()),
                    _ => {}
                }
            }
            continue;
        };
        match table_arg(py, name, v)? {
            TableArg::Path(p) => match name {
                "households" => t.households = Some(p),
                "counties" => t.counties = Some(p),
                _ => t.villages = Some(p),
            },
            TableArg::Memory(m) => {
                let label = fupin::ArrowTables::label(name);
                match name {
                    "households" => {
                        t.in_memory.households = Some(m);
                        t.households = Some(label);
                    }
                    "counties" => {
                        t.in_memory.counties = Some(m);
                        t.counties = Some(label);
                    }
                    _ => {
                        t.in_memory.villages = Some(m);
                        t.villages = Some(label);
                    }
                }
            }
        }
    }
    Ok(t)
}

/// A result as the CLI's JSON document and CSV report.
fn json_and_csv(py: Python<'_>, doc: fupin::Doc<'_>) -> PyResult<(String, String)> {
    Ok((
        render(py, doc, fupin::Format::Json)?,
        render(py, doc, fupin::Format::Csv)?,
    ))
}

fn render(py: Python<'_>, doc: fupin::Doc<'_>, format: fupin::Format) -> PyResult<String> {
    let bytes = fupin::render(doc, format).map_err(|e| to_py(py, e))?;
    String::from_utf8(bytes).map_err(|e| FupinError::new_err(e.to_string()))
}

/// An assessment.
#[pyclass(frozen, module = "fupin._fupin")]
struct Assessment {
    inner: fupin::Assessment,
}

fn level_of(level: &str) -> PyResult<fupin::Level> {
    match level {
        "county" | "counties" => Ok(fupin::Level::County),
        "village" | "villages" => Ok(fupin::Level::Village),
        "household" | "households" => Ok(fupin::Level::Household),
        other => Err(ConfigError::new_err(format!(
            "level: `{other}` is not county, village or household"
        ))),
    }
}

fn table_of(batch: arrow_array::RecordBatch) -> PyResult<PyTable> {
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

#[pymethods]
impl Assessment {
    /// One row per decision of a level (`UNIT_COLUMNS`).
    fn _units(&self, py: Python<'_>, level: &str) -> PyResult<PyTable> {
        let batch = fupin::units_batch(&self.inner, level_of(level)?).map_err(|e| to_py(py, e))?;
        table_of(batch)
    }

    /// One row per check of a level, or of every level in the CLI's order (counties,
    /// villages, households): the CLI's CSV report as a table.
    #[pyo3(signature = (level=None))]
    fn _checks(&self, py: Python<'_>, level: Option<&str>) -> PyResult<PyTable> {
        let levels = match level {
            Some(l) => vec![level_of(l)?],
            None => vec![
                fupin::Level::County,
                fupin::Level::Village,
                fupin::Level::Household,
            ],
        };
        let mut batches = Vec::new();
        for l in levels {
            batches.push(fupin::decisions_batch(&self.inner, l).map_err(|e| to_py(py, e))?);
        }
        let schema = batches[0].schema();
        PyTable::try_new(batches, schema)
    }

    /// The checks of one unit's decisions, as the CLI's check rows.
    fn _explain<'py>(
        &self,
        py: Python<'py>,
        level: &str,
        unit_id: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let level = level_of(level)?;
        let out = PyList::empty(py);
        for d in fupin::decisions_at(&self.inner, level).filter(|d| d.id == unit_id) {
            for c in &d.checks {
                let row = PyDict::new(py);
                for (k, v) in fupin::CHECK_COLUMNS.iter().zip(fupin::check_row(d, c)) {
                    row.set_item(*k, v)?;
                }
                out.append(row)?;
            }
        }
        Ok(out)
    }

    /// The summary block of the JSON document (without rendering the decisions).
    fn _summary_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner.summary).map_err(|e| FupinError::new_err(e.to_string()))
    }

    /// The provenance block of the JSON document.
    fn _provenance_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner.provenance)
            .map_err(|e| FupinError::new_err(e.to_string()))
    }

    /// The profile block of the JSON document.
    fn _profile_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner.profile).map_err(|e| FupinError::new_err(e.to_string()))
    }

    /// The CLI's JSON document (`fupin.assessment.v1`, with `provenance`).
    fn _json(&self, py: Python<'_>) -> PyResult<String> {
        render(py, fupin::Doc::Assessment(&self.inner), fupin::Format::Json)
    }

    /// The CLI's CSV report.
    fn _csv(&self, py: Python<'_>) -> PyResult<String> {
        render(py, fupin::Doc::Assessment(&self.inner), fupin::Format::Csv)
    }

    /// The rows left out under `on_bad_row="skip"`, as the rejected-rows CSV.
    fn _rejected_csv(&self, py: Python<'_>) -> PyResult<String> {
        render(
            py,
            fupin::Doc::Rejected(&self.inner.rejected),
            fupin::Format::Csv,
        )
    }
}

/// Assess a profile's units.
#[pyfunction]
#[pyo3(signature = (profile, *, households=None, counties=None, villages=None, year=None, on_bad_row="error", household_detail=true))]
#[allow(clippy::too_many_arguments)]
fn assess(
    py: Python<'_>,
    profile: &Profile,
    households: Option<&Bound<'_, PyAny>>,
    counties: Option<&Bound<'_, PyAny>>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    on_bad_row: &str,
    household_detail: bool,
) -> PyResult<Assessment> {
    let t = tables(py, households, counties, villages, on_bad_row)?;
    let plan = profile.plan(py, year)?;
    let detail = household_detail.then_some(fupin::HouseholdDetail::All);
    let result = py.detach(move || {
        let opts = t.options(detail);
        fupin::assess(&plan, &opts)
    });
    result
        .map(|inner| Assessment { inner })
        .map_err(|e| to_py(py, e))
}

fn plans(
    py: Python<'_>,
    profiles: &Bound<'_, PyAny>,
    year: Option<i32>,
) -> PyResult<Vec<fupin::Plan>> {
    let mut out = Vec::new();
    for p in profiles.try_iter()? {
        let p = p?;
        let p = p.cast::<Profile>().map_err(|_| {
            ConfigError::new_err("profiles: give Profile objects (fupin.load_profile)")
        })?;
        out.push(p.get().plan(py, year)?);
    }
    if out.is_empty() {
        return Err(ConfigError::new_err("profiles: give at least one profile"));
    }
    Ok(out)
}

/// County tables under several profiles, from one read of the households: (JSON, CSV).
#[pyfunction]
#[pyo3(signature = (profiles, *, households=None, counties=None, villages=None, year=None, on_bad_row="error"))]
fn tabulate(
    py: Python<'_>,
    profiles: &Bound<'_, PyAny>,
    households: Option<&Bound<'_, PyAny>>,
    counties: Option<&Bound<'_, PyAny>>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    on_bad_row: &str,
) -> PyResult<(String, String)> {
    let plans = plans(py, profiles, year)?;
    let t = tables(py, households, counties, villages, on_bad_row)?;
    let r = py
        .detach(move || fupin::tabulate(&plans, &t.options(None)))
        .map_err(|e| to_py(py, e))?;
    json_and_csv(py, fupin::Doc::Tabulation(&r))
}

/// Compare profiles on the same data: (JSON, CSV).
#[pyfunction]
#[pyo3(signature = (profiles, *, households=None, counties=None, villages=None, year=None, only_changed=false, on_bad_row="error"))]
#[allow(clippy::too_many_arguments)]
fn compare(
    py: Python<'_>,
    profiles: &Bound<'_, PyAny>,
    households: Option<&Bound<'_, PyAny>>,
    counties: Option<&Bound<'_, PyAny>>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    only_changed: bool,
    on_bad_row: &str,
) -> PyResult<(String, String)> {
    let plans = plans(py, profiles, year)?;
    let t = tables(py, households, counties, villages, on_bad_row)?;
    let r = py
        .detach(move || fupin::compare(&plans, &t.options(None), only_changed))
        .map_err(|e| to_py(py, e))?;
    json_and_csv(py, fupin::Doc::Comparison(&r))
}

/// Poverty measures (FGT 0, 1, 2) under each standard's line: (JSON, CSV).
#[pyfunction]
#[pyo3(signature = (profile, *, households=None, counties=None, villages=None, year=None, standards=None, by="county", prices=None, on_bad_row="error"))]
#[allow(clippy::too_many_arguments)]
fn measures(
    py: Python<'_>,
    profile: &Profile,
    households: Option<&Bound<'_, PyAny>>,
    counties: Option<&Bound<'_, PyAny>>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    standards: Option<Vec<String>>,
    by: &str,
    prices: Option<&Bound<'_, PyAny>>,
    on_bad_row: &str,
) -> PyResult<(String, String)> {
    let plan = profile.plan(py, year)?;
    let t = tables(py, households, counties, villages, on_bad_row)?;
    let by = match by {
        "county" => fupin::GroupBy::County,
        "village" => fupin::GroupBy::Village,
        "province" => fupin::GroupBy::Province,
        other => {
            return Err(ConfigError::new_err(format!(
                "by: `{other}` is not village, county or province"
            )));
        }
    };
    let prices = price_year(prices)?;
    let standards = standards.unwrap_or_default();
    let r = py
        .detach(move || fupin::measures(&plan, &t.options(None), &standards, by, prices))
        .map_err(|e| to_py(py, e))?;
    json_and_csv(py, fupin::Doc::Measures(&r))
}

/// `prices`: `None` or `"current"` for current prices, else a price year.
fn price_year(prices: Option<&Bound<'_, PyAny>>) -> PyResult<Option<i32>> {
    let Some(p) = prices else { return Ok(None) };
    if let Ok(s) = p.extract::<String>() {
        if s == "current" {
            return Ok(None);
        }
        return s
            .parse()
            .map(Some)
            .map_err(|_| ConfigError::new_err(format!("prices: `{s}` is not current or a year")));
    }
    p.extract::<i32>()
        .map(Some)
        .map_err(|_| ConfigError::new_err("prices: give None, \"current\" or a year"))
}

/// The published poverty lines: (JSON, CSV).
#[pyfunction]
#[pyo3(signature = (standard=None, prices=None, from_year=None, to_year=None))]
fn lines(
    py: Python<'_>,
    standard: Option<&Bound<'_, PyAny>>,
    prices: Option<&Bound<'_, PyAny>>,
    from_year: Option<i32>,
    to_year: Option<i32>,
) -> PyResult<(String, String)> {
    let standards = match standard {
        None => Vec::new(),
        Some(s) => match s.extract::<String>() {
            Ok(one) => vec![one],
            Err(_) => s.extract::<Vec<String>>().map_err(|_| {
                ConfigError::new_err("standard: give a standard id or a list of them")
            })?,
        },
    };
    let q = fupin::LinesQuery {
        standards,
        from: from_year,
        to: to_year,
        prices: price_year(prices)?,
    };
    let rows = fupin::lines(&q).map_err(|e| to_py(py, e))?;
    json_and_csv(py, fupin::Doc::Lines(&rows))
}

/// The published national series: (JSON, CSV).
#[pyfunction]
#[pyo3(signature = (standard=None))]
fn history(py: Python<'_>, standard: Option<Vec<String>>) -> PyResult<(String, String)> {
    let h = fupin::history(None, &standard.unwrap_or_default()).map_err(|e| to_py(py, e))?;
    json_and_csv(py, fupin::Doc::History(&h))
}

/// The shipped lines and registry against the published series, as JSON.
#[pyfunction]
fn history_check(py: Python<'_>) -> PyResult<String> {
    let h = fupin::history(None, &[]).map_err(|e| to_py(py, e))?;
    let a = fupin::history_check(&h).map_err(|e| to_py(py, e))?;
    render(py, fupin::Doc::HistoryCheck(&a), fupin::Format::Json)
}

/// One offline HTML page of a run (`fupin report`), as text.
#[pyfunction]
#[pyo3(signature = (profiles, *, households=None, counties=None, villages=None, year=None, on_bad_row="error"))]
fn report(
    py: Python<'_>,
    profiles: &Bound<'_, PyAny>,
    households: Option<&Bound<'_, PyAny>>,
    counties: Option<&Bound<'_, PyAny>>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    on_bad_row: &str,
) -> PyResult<String> {
    let plans = plans(py, profiles, year)?;
    let t = tables(py, households, counties, villages, on_bad_row)?;
    py.detach(move || {
        let r = fupin_report::build(&plans, &t.options(None))?;
        fupin_report::html(&r)
    })
    .map_err(|e| to_py(py, e))
}

/// Every registered rule, as the JSON of `fupin rules list --format json`.
#[pyfunction]
fn rules(py: Python<'_>) -> PyResult<String> {
    let all = fupin::rules(None);
    let params = fupin::registered_parameters().map_err(|e| to_py(py, e))?;
    render(py, fupin::Doc::Rules(&all, &params), fupin::Format::Json)
}

/// One rule's documentation, with its parameters' values.
#[pyfunction]
fn rule_doc(py: Python<'_>, rule_id: &str) -> PyResult<String> {
    fupin::rule_doc(rule_id).map_err(|e| to_py(py, e))
}

/// The extension module.
#[pymodule]
fn _fupin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    fupin::link_all();
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("FupinError", py.get_type::<FupinError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add(
        "SHIPPED_PROFILES",
        fupin::SHIPPED_PROFILES
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>(),
    )?;
    m.add("UNIT_COLUMNS", fupin::UNIT_COLUMNS.to_vec())?;
    m.add("CHECK_COLUMNS", fupin::CHECK_COLUMNS.to_vec())?;
    m.add_class::<Profile>()?;
    m.add_class::<Assessment>()?;
    m.add_class::<PyTable>()?;
    m.add_function(wrap_pyfunction!(load_profile, m)?)?;
    m.add_function(wrap_pyfunction!(assess, m)?)?;
    m.add_function(wrap_pyfunction!(tabulate, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(measures, m)?)?;
    m.add_function(wrap_pyfunction!(lines, m)?)?;
    m.add_function(wrap_pyfunction!(history, m)?)?;
    m.add_function(wrap_pyfunction!(history_check, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(rule_doc, m)?)?;
    split::register(m)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_messages_give_source_row_and_column() {
        let (s, r, c) = input_location(
            "households (Arrow): row 15, column `net_income_per_capita`: 0.1 is not money",
        );
        assert_eq!(s.as_deref(), Some("households (Arrow)"));
        assert_eq!(r, Some(15));
        assert_eq!(c.as_deref(), Some("net_income_per_capita"));
        let (s, r, c) = input_location("data/h.parquet: column `size` appears twice in the schema");
        assert_eq!(s.as_deref(), Some("data/h.parquet"));
        assert_eq!(r, None);
        assert_eq!(c.as_deref(), Some("size"));
        assert_eq!(input_location("no location"), (None, None, None));
    }

    #[test]
    fn config_messages_give_the_key() {
        assert_eq!(
            config_key("p.toml: key `parameters.\"std2011.line\"` (line 3): bad").as_deref(),
            Some("parameters.\"std2011.line\"")
        );
        assert_eq!(config_key("unknown rule"), None);
    }
}
