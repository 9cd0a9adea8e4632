//! The native half of `fupin.spark`: a run split over parts of the household table (Spark
//! partitions) and merged exactly, through the library's `fupin::split`. Executors call
//! `_partial` or `_partial_sweep` on their partition; the driver adds the partial rows up
//! by key in Spark and calls a `_finish_*` function on the sums.

use pyo3::prelude::*;
use pyo3_arrow::{PyRecordBatchReader, PyTable};

use super::{
    Assessment, ConfigError, FupinError, Profile, json_and_csv, plans, table_of, tables, to_py,
};

/// A profile rebuilt from its pickled form (`Profile.__reduce__`): the profile as resolved
/// on the driver (its `extends` chain merged, overrides included), checked again here.
#[pyfunction]
#[pyo3(signature = (json, year=None))]
pub(crate) fn _profile_from_json(
    py: Python<'_>,
    json: &str,
    year: Option<i32>,
) -> PyResult<Profile> {
    let profile: fupin::Profile = serde_json::from_str(json)
        .map_err(|e| ConfigError::new_err(format!("a pickled profile cannot be read: {e}")))?;
    let p = Profile { profile, year };
    p.plan(py, None)?;
    Ok(p)
}

/// The resolved profile as JSON (for pickling).
pub(crate) fn profile_json(p: &Profile) -> PyResult<String> {
    serde_json::to_string(&p.profile).map_err(|e| FupinError::new_err(e.to_string()))
}

fn points(values: Vec<String>) -> PyResult<Vec<fupin::Decimal>> {
    values
        .iter()
        .map(|v| {
            v.parse::<fupin::Decimal>()
                .map_err(|_| ConfigError::new_err(format!("values: `{v}` is not a number")))
        })
        .collect()
}

/// The points from `start` to `stop` by `step` (`stop` included when reached), as text.
#[pyfunction]
pub(crate) fn _sweep_points(
    py: Python<'_>,
    start: String,
    stop: String,
    step: String,
) -> PyResult<Vec<String>> {
    let p = points(vec![start, stop, step])?;
    let v = fupin::sweep_points(p[0], p[1], p[2]).map_err(|e| to_py(py, e))?;
    Ok(v.iter().map(|d| d.normalize().to_string()).collect())
}

/// The household columns a run of the profiles reads (of those of `households`).
#[pyfunction]
#[pyo3(signature = (profiles, *, households, counties, villages=None, year=None, check_ids=false))]
pub(crate) fn _household_columns(
    py: Python<'_>,
    profiles: &Bound<'_, PyAny>,
    households: &Bound<'_, PyAny>,
    counties: &Bound<'_, PyAny>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    check_ids: bool,
) -> PyResult<Vec<String>> {
    let plans = plans(py, profiles, year)?;
    let t = tables(py, Some(households), Some(counties), villages, "error")?;
    fupin::split::household_columns(&plans, &t.options(None), check_ids).map_err(|e| to_py(py, e))
}

/// Partial rows of one part of the households under each profile.
#[pyfunction]
#[pyo3(signature = (profiles, *, households, counties, villages=None, year=None, check_ids=false))]
pub(crate) fn _partial(
    py: Python<'_>,
    profiles: &Bound<'_, PyAny>,
    households: &Bound<'_, PyAny>,
    counties: &Bound<'_, PyAny>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    check_ids: bool,
) -> PyResult<PyTable> {
    let plans = plans(py, profiles, year)?;
    let t = tables(py, Some(households), Some(counties), villages, "error")?;
    partial_of(py, plans, t, check_ids)
}

/// The partial rows of `plans` over the tables, the GIL released.
fn partial_of(
    py: Python<'_>,
    plans: Vec<fupin::Plan>,
    t: fupin::Tables,
    check_ids: bool,
) -> PyResult<PyTable> {
    let batch = py
        .detach(move || {
            let mut o = t.options(None);
            o.skip_id_check = !check_ids;
            fupin::split::partial(&plans, &o)
        })
        .map_err(|e| to_py(py, e))?;
    table_of(batch)
}

/// Partial rows of one part of the households under every point of a sweep.
#[pyfunction]
#[pyo3(signature = (profile, param, values, *, households, counties, villages=None, year=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _partial_sweep(
    py: Python<'_>,
    profile: &Profile,
    param: &str,
    values: Vec<String>,
    households: &Bound<'_, PyAny>,
    counties: &Bound<'_, PyAny>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
) -> PyResult<PyTable> {
    let s = fupin::split::sweep_plans(
        &profile.profile,
        year.or(profile.year),
        param,
        &points(values)?,
    )
    .map_err(|e| to_py(py, e))?;
    let t = tables(py, Some(households), Some(counties), villages, "error")?;
    partial_of(py, s.plans, t, false)
}

/// The partial rows (any Arrow table with their columns), as record batches.
fn parts(py: Python<'_>, parts: &Bound<'_, PyAny>) -> PyResult<Vec<arrow_array::RecordBatch>> {
    let reader: PyRecordBatchReader = parts.extract()?;
    let reader = reader.into_reader()?;
    let mut out = Vec::new();
    for b in reader {
        out.push(b.map_err(|e| to_py(py, fupin::Error::Input(format!("partial rows: {e}"))))?);
    }
    Ok(out)
}

/// The county tables from the summed partial rows: (JSON, CSV) of `fupin tabulate`.
#[pyfunction]
#[pyo3(signature = (profiles, partial_rows, *, households, counties, villages=None, year=None))]
pub(crate) fn _finish_tabulate(
    py: Python<'_>,
    profiles: &Bound<'_, PyAny>,
    partial_rows: &Bound<'_, PyAny>,
    households: &Bound<'_, PyAny>,
    counties: &Bound<'_, PyAny>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
) -> PyResult<(String, String)> {
    let plans = plans(py, profiles, year)?;
    let t = tables(py, Some(households), Some(counties), villages, "error")?;
    let rows = parts(py, partial_rows)?;
    let r = py
        .detach(move || {
            let runs = fupin::split::finish(&plans, &t.options(None), &rows)?;
            fupin::split::tabulation(&plans, &runs)
        })
        .map_err(|e| to_py(py, e))?;
    json_and_csv(py, fupin::Doc::Tabulation(&r))
}

/// The assessment from the summed partial rows (county and village decisions; household
/// decisions are computed per partition by `_partition_decisions`).
#[pyfunction]
#[pyo3(signature = (profile, partial_rows, *, households, counties, villages=None, year=None))]
pub(crate) fn _finish_assess(
    py: Python<'_>,
    profile: &Profile,
    partial_rows: &Bound<'_, PyAny>,
    households: &Bound<'_, PyAny>,
    counties: &Bound<'_, PyAny>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
) -> PyResult<Assessment> {
    let plan = profile.plan(py, year)?;
    let t = tables(py, Some(households), Some(counties), villages, "error")?;
    let rows = parts(py, partial_rows)?;
    let mut runs = py
        .detach(move || fupin::split::finish(std::slice::from_ref(&plan), &t.options(None), &rows))
        .map_err(|e| to_py(py, e))?;
    let inner = runs
        .pop()
        .ok_or_else(|| FupinError::new_err("no assessment"))?;
    Ok(Assessment { inner })
}

/// The sweep document from the summed partial rows: (JSON, CSV) of `fupin sweep`.
#[pyfunction]
#[pyo3(signature = (profile, param, values, partial_rows, *, households, counties, villages=None, year=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _finish_sweep(
    py: Python<'_>,
    profile: &Profile,
    param: &str,
    values: Vec<String>,
    partial_rows: &Bound<'_, PyAny>,
    households: &Bound<'_, PyAny>,
    counties: &Bound<'_, PyAny>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
) -> PyResult<(String, String)> {
    let s = fupin::split::sweep_plans(
        &profile.profile,
        year.or(profile.year),
        param,
        &points(values)?,
    )
    .map_err(|e| to_py(py, e))?;
    let t = tables(py, Some(households), Some(counties), villages, "error")?;
    let rows = parts(py, partial_rows)?;
    let p = profile.profile.clone();
    let r = py
        .detach(move || {
            let runs = fupin::split::finish(&s.plans, &t.options(None), &rows)?;
            Ok::<_, fupin::Error>(fupin::split::sweep_of(&p, &s, runs))
        })
        .map_err(|e| to_py(py, e))?;
    json_and_csv(py, fupin::Doc::Sweep(&r))
}

/// The household decisions of one part of the households: (units, checks) tables. Each
/// household's decisions depend on its own row only, so a partition's are the whole table's
/// for its rows.
#[pyfunction]
#[pyo3(signature = (profile, *, households, counties, villages=None, year=None))]
pub(crate) fn _partition_decisions(
    py: Python<'_>,
    profile: &Profile,
    households: &Bound<'_, PyAny>,
    counties: &Bound<'_, PyAny>,
    villages: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
) -> PyResult<(PyTable, PyTable)> {
    let plan = profile.plan(py, year)?;
    let t = tables(py, Some(households), Some(counties), villages, "error")?;
    let a = py
        .detach(move || fupin::assess(&plan, &t.options(Some(fupin::HouseholdDetail::All))))
        .map_err(|e| to_py(py, e))?;
    let units = fupin::units_batch(&a, fupin::Level::Household).map_err(|e| to_py(py, e))?;
    let checks = fupin::decisions_batch(&a, fupin::Level::Household).map_err(|e| to_py(py, e))?;
    Ok((table_of(units)?, table_of(checks)?))
}

/// Register the functions.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_profile_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(_sweep_points, m)?)?;
    m.add_function(wrap_pyfunction!(_household_columns, m)?)?;
    m.add_function(wrap_pyfunction!(_partial, m)?)?;
    m.add_function(wrap_pyfunction!(_partial_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(_finish_tabulate, m)?)?;
    m.add_function(wrap_pyfunction!(_finish_assess, m)?)?;
    m.add_function(wrap_pyfunction!(_finish_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(_partition_decisions, m)?)?;
    m.add("PARTIAL_COLUMNS", fupin::split::PARTIAL_COLUMNS.to_vec())?;
    Ok(())
}
